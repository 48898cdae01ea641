/*
 * route.c
 *		cuvr.route(): the body the most specific routing rule names, in C.
 *
 * Registration routes every classified appeal, so the active rules and the
 * category -> theme map are cached per backend and read again after
 * cuvr.routing_rule or cuvr.category changes (relcache callback, fed by
 * cuvr.cache_changed() triggers).  The ranking is the one of
 * cuvr.matching_rules(), which explains it: subject (category > theme >
 * any), then territory depth, then a named channel, then priority, then
 * the lower rule id.
 */
#include "compat.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "nodes/supportnodes.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "cuvr.h"
#include "codes.h"

typedef struct RouteRule
{
	int32		id;
	int16		region;
	int32		category_id;	/* 0: none */
	int32		theme_id;		/* 0: none */
	bool		has_territory;
	CuvrOktmo	territory;
	int			territory_level;
	char	   *channel;		/* NULL: any */
	int32		body_id;
	int32		priority;
} RouteRule;

typedef struct CategoryTheme
{
	int32		category_id;	/* hash key */
	int32		theme_id;
} CategoryTheme;

static CuvrCacheState route_state = CUVR_CACHE_STATE_INIT;
static int	nrules = 0;
static RouteRule *rules = NULL;
static HTAB *category_theme = NULL;
static MemoryContext route_context = NULL;
static const char *const watched_names[] = {"routing_rule", "category"};

#define N_WATCHED (sizeof(watched_names) / sizeof(watched_names[0]))
static Oid	watched_relids[N_WATCHED];
static bool callback_registered = false;

/* Relcache callback: mark the rules stale when they or the categories change. */
static void
cuvr_route_relcache_callback(Datum arg, Oid relid)
{
	if (cuvr_relid_watched(relid, watched_relids, N_WATCHED))
		cuvr_cache_invalidated(&route_state);
}

/* Load the active rules and the category themes (SPI, once per change). */
static void
cuvr_route_load(void)
{
	HASHCTL		ctl;
	uint64		i;
	bool		isnull;
	MemoryContext old;
	uint64		generation;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(cuvr_route_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (route_context == NULL)
		route_context = AllocSetContextCreate(CacheMemoryContext, "cuvr routing", ALLOCSET_SMALL_SIZES);
	MemoryContextReset(route_context);
	rules = NULL;
	nrules = 0;
	cuvr_watch_relids(watched_names, N_WATCHED, watched_relids);

	ctl.keysize = sizeof(int32);
	ctl.entrysize = sizeof(CategoryTheme);
	ctl.hcxt = route_context;
	category_theme = hash_create("cuvr category themes", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	SPI_connect();
	generation = cuvr_cache_load_begin(&route_state);
	if (SPI_execute("SELECT id, theme_id FROM cuvr.category", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cuvr: could not read cuvr.category");
	for (i = 0; i < SPI_processed; i++)
	{
		int32		id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		CategoryTheme *entry = hash_search(category_theme, &id, HASH_ENTER, NULL);

		entry->theme_id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull));
	}
	if (SPI_execute("SELECT id, region_code, category_id, theme_id, territory, channel, body_id, priority "
					"FROM cuvr.routing_rule WHERE active ORDER BY id", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cuvr: could not read cuvr.routing_rule");
	old = MemoryContextSwitchTo(route_context);
	rules = palloc0(sizeof(RouteRule) * (SPI_processed + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		RouteRule  *r = &rules[i];
		Datum		v;

		r->id = DatumGetInt32(SPI_getbinval(t, d, 1, &isnull));
		r->region = DatumGetInt16(SPI_getbinval(t, d, 2, &isnull));
		v = SPI_getbinval(t, d, 3, &isnull);
		r->category_id = isnull ? 0 : DatumGetInt32(v);
		v = SPI_getbinval(t, d, 4, &isnull);
		r->theme_id = isnull ? 0 : DatumGetInt32(v);
		v = SPI_getbinval(t, d, 5, &isnull);
		r->has_territory = !isnull;
		if (!isnull)
		{
			r->territory = cuvr_oktmo_unpack(DatumGetInt64(v));
			r->territory_level = cuvr_oktmo_level(&r->territory);
		}
		v = SPI_getbinval(t, d, 6, &isnull);
		r->channel = isnull ? NULL : TextDatumGetCString(v);
		r->body_id = DatumGetInt32(SPI_getbinval(t, d, 7, &isnull));
		r->priority = DatumGetInt32(SPI_getbinval(t, d, 8, &isnull));
	}
	nrules = (int) SPI_processed;
	MemoryContextSwitchTo(old);
	cuvr_cache_load_end(&route_state, generation);
	SPI_finish();
}

/* Does rule a rank above rule b (both matching)? */
static bool
cuvr_rule_beats(const RouteRule *a, const RouteRule *b)
{
	int			sa = a->category_id ? 2 : a->theme_id ? 1 : 0;
	int			sb = b->category_id ? 2 : b->theme_id ? 1 : 0;
	int			ta = a->has_territory ? a->territory_level : 0;
	int			tb = b->has_territory ? b->territory_level : 0;
	int			ca = a->channel ? 1 : 0;
	int			cb = b->channel ? 1 : 0;

	if (sa != sb)
		return sa > sb;
	if (ta != tb)
		return ta > tb;
	if (ca != cb)
		return ca > cb;
	if (a->priority != b->priority)
		return a->priority > b->priority;
	return a->id < b->id;
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_route);

/*
 * The body the most specific matching rule names, 0 when none matches; a
 * complaint about that body goes to its parent (or the coordinating ЦУР).
 * territory and channel may be NULL.  Shared by cuvr.route() and
 * registration.
 */
int32
cuvr_route_body(int16 region, int32 category_id, const CuvrOktmo *territory, const char *channel, int32 accused)
{
	int32		theme_id = 0;
	const RouteRule *best = NULL;
	int			i;

	if (route_state.stale)
		cuvr_route_load();
	if (category_id != 0)
	{
		CategoryTheme *entry = hash_search(category_theme, &category_id, HASH_FIND, NULL);

		theme_id = entry ? entry->theme_id : 0;
	}
	for (i = 0; i < nrules; i++)
	{
		const RouteRule *r = &rules[i];

		if (r->region != region)
			continue;
		if (r->category_id != 0 && r->category_id != category_id)
			continue;
		if (r->theme_id != 0 && r->theme_id != theme_id)
			continue;
		if (r->has_territory && (territory == NULL || !cuvr_oktmo_contains(&r->territory, territory)))
			continue;
		if (r->channel != NULL && (channel == NULL || strcmp(r->channel, channel) != 0))
			continue;
		if (best == NULL || cuvr_rule_beats(r, best))
			best = r;
	}
	if (best == NULL)
		return 0;
	if (best->body_id != accused)
		return best->body_id;

	/* Never to the body complained about (59-ФЗ ст. 8 ч. 6). */
	{
		Oid			types[2] = {INT4OID, INT4OID};
		Datum		args[2] = {Int32GetDatum(accused), Int32GetDatum((int32) region)};
		bool		isnull;
		Datum		result;

		SPI_connect();
		if (SPI_execute_with_args("SELECT coalesce((SELECT b.parent_id FROM cuvr.body AS b WHERE b.id = $1), "
								  "NULLIF(cuvr.coordinator_body($2), $1))",
								  2, types, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "cuvr: could not find the parent of body %d", accused);
		result = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		SPI_finish();
		return isnull ? 0 : DatumGetInt32(result);
	}
}

/*
 * cuvr.route(region, category_id, territory, channel, accused_body) -> body:
 * the most specific matching rule's body; a complaint about that body goes
 * to its parent (or the coordinating ЦУР); NULL when no rule matches.
 */
Datum
cuvr_route(PG_FUNCTION_ARGS)
{
	CuvrOktmo	territory;
	int32		body;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(2))
		territory = cuvr_oktmo_unpack(PG_GETARG_INT64(2));
	body = cuvr_route_body(PG_GETARG_INT16(0), PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1),
						   PG_ARGISNULL(2) ? NULL : &territory,
						   PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3)),
						   PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4));
	if (body == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(body);
}
