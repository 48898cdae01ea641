/*
 * policy.c
 *		cuvr.policy_term() and cuvr.step_deadline(): the term of a step of
 *		an appeal by the deadline policies, and its deadline, in C.
 *
 * Registration computes two step deadlines per appeal and every answer one,
 * so the policies are cached per backend and read again after
 * cuvr.deadline_policy changes (relcache callback, fed by its
 * cuvr.cache_changed() trigger).  The most specific matching policy wins:
 * the most of kind, channel and expedited named, then the lower id.  As
 * PL/pgSQL the pair cost about 45 us per registration.
 */
#include "compat.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "cuvr.h"

typedef struct DeadlinePolicy
{
	int32		id;
	char	   *event;
	char	   *kind;			/* NULL: any */
	char	   *channel;		/* NULL: any */
	int			expedited;		/* -1: either, else 0 or 1 */
	int			specificity;	/* how many of kind, channel, expedited it names */
	Datum		term;			/* cuvr.term, by value */
} DeadlinePolicy;

static CuvrCacheState policy_state = CUVR_CACHE_STATE_INIT;
static int	npolicies = 0;
static DeadlinePolicy *policies = NULL;
static MemoryContext policy_context = NULL;
static const char *const watched_names[] = {"deadline_policy"};

#define N_WATCHED (sizeof(watched_names) / sizeof(watched_names[0]))
static Oid	watched_relids[N_WATCHED];
static bool callback_registered = false;

#define POLICY_EVENTS_HINT "The events are registration, redirect, document_request, answer, extension, first_response and reprocess."

/* Relcache callback: mark the policies stale when cuvr.deadline_policy changes. */
static void
cuvr_policy_relcache_callback(Datum arg, Oid relid)
{
	if (cuvr_relid_watched(relid, watched_relids, N_WATCHED))
		cuvr_cache_invalidated(&policy_state);
}

/* Load the policies (SPI, once per change). */
static void
cuvr_policy_load(void)
{
	uint64		i;
	bool		isnull;
	MemoryContext old;
	uint64		generation;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(cuvr_policy_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (policy_context == NULL)
		policy_context = AllocSetContextCreate(CacheMemoryContext, "cuvr deadline policies", ALLOCSET_SMALL_SIZES);
	MemoryContextReset(policy_context);
	policies = NULL;
	npolicies = 0;
	cuvr_watch_relids(watched_names, N_WATCHED, watched_relids);

	SPI_connect();
	generation = cuvr_cache_load_begin(&policy_state);
	if (SPI_execute("SELECT id, event, kind, channel, expedited, term FROM cuvr.deadline_policy ORDER BY id",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cuvr: could not read cuvr.deadline_policy");
	old = MemoryContextSwitchTo(policy_context);
	policies = palloc0(sizeof(DeadlinePolicy) * (SPI_processed + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		DeadlinePolicy *p = &policies[i];
		Datum		v;

		p->id = DatumGetInt32(SPI_getbinval(t, d, 1, &isnull));
		p->event = TextDatumGetCString(SPI_getbinval(t, d, 2, &isnull));
		v = SPI_getbinval(t, d, 3, &isnull);
		p->kind = isnull ? NULL : TextDatumGetCString(v);
		v = SPI_getbinval(t, d, 4, &isnull);
		p->channel = isnull ? NULL : TextDatumGetCString(v);
		v = SPI_getbinval(t, d, 5, &isnull);
		p->expedited = isnull ? -1 : DatumGetBool(v) ? 1 : 0;
		p->term = SPI_getbinval(t, d, 6, &isnull);
		p->specificity = (p->kind != NULL) + (p->channel != NULL) + (p->expedited >= 0);
	}
	npolicies = (int) SPI_processed;
	MemoryContextSwitchTo(old);
	cuvr_cache_load_end(&policy_state, generation);
	SPI_finish();
}

/* Refuse a NULL or unknown step, as a mistake rather than a step without a policy. */
static void
cuvr_policy_check_event(const char *event)
{
	static const char *const events[] = {"registration", "redirect", "document_request", "answer",
	"extension", "first_response", "reprocess", NULL};
	const char *const *e;

	if (event == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("deadline policy event must not be null"),
				 errhint(POLICY_EVENTS_HINT)));
	for (e = events; *e != NULL; e++)
		if (strcmp(event, *e) == 0)
			return;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown deadline policy event \"%s\"", event),
			 errhint(POLICY_EVENTS_HINT)));
}

/*
 * The most specific policy matching a step; NULL when none does.  A NULL
 * kind, channel or expedited flag of the appeal matches only policies that
 * leave it open, as in SQL.
 */
static const DeadlinePolicy *
cuvr_policy_find(const char *event, const char *kind, const char *channel, int expedited)
{
	const DeadlinePolicy *best = NULL;
	int			i;

	cuvr_policy_check_event(event);
	if (policy_state.stale)
		cuvr_policy_load();
	for (i = 0; i < npolicies; i++)
	{
		const DeadlinePolicy *p = &policies[i];

		if (strcmp(p->event, event) != 0)
			continue;
		if (p->kind != NULL && (kind == NULL || strcmp(p->kind, kind) != 0))
			continue;
		if (p->channel != NULL && (channel == NULL || strcmp(p->channel, channel) != 0))
			continue;
		if (p->expedited >= 0 && (expedited < 0 || p->expedited != expedited))
			continue;
		/* Policies are in id order: a later one wins only by being more specific. */
		if (best == NULL || p->specificity > best->specificity)
			best = p;
	}
	return best;
}

/* A text argument as a C string, or NULL. */
static char *
cuvr_policy_arg_text(FunctionCallInfo fcinfo, int n)
{
	return PG_ARGISNULL(n) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/*
 * The deadline of a step by the policies; false when no policy matches.
 * expedited is -1 for unknown.  Registration calls it directly.
 */
bool
cuvr_step_due(const char *event, int32 region, const char *kind, const char *channel,
			  int expedited, TimestampTz start, TimestampTz *due_at, bool *estimated)
{
	const DeadlinePolicy *p = cuvr_policy_find(event, kind, channel, expedited);

	if (p == NULL)
		return false;
	cuvr_deadline_of(region, start, p->term, due_at, estimated);
	return true;
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_policy_term);
PG_FUNCTION_INFO_V1(cuvr_step_deadline);

/* cuvr.policy_term(event, kind, channel, expedited) -> term, or NULL */
Datum
cuvr_policy_term(PG_FUNCTION_ARGS)
{
	const DeadlinePolicy *p;

	p = cuvr_policy_find(cuvr_policy_arg_text(fcinfo, 0), cuvr_policy_arg_text(fcinfo, 1),
						 cuvr_policy_arg_text(fcinfo, 2),
						 PG_ARGISNULL(3) ? -1 : PG_GETARG_BOOL(3) ? 1 : 0);
	if (p == NULL)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(p->term);
}

/*
 * cuvr.step_deadline(event, region, kind, channel, expedited, start)
 *		-> (due_at, estimated): NULLs when no policy matches, or when the
 *		region or the start is NULL.
 */
Datum
cuvr_step_deadline(PG_FUNCTION_ARGS)
{
	const DeadlinePolicy *p;
	TupleDesc	desc;
	Datum		values[2] = {0, 0};
	bool		nulls[2] = {true, true};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "cuvr: step_deadline() must return a record");
	p = cuvr_policy_find(cuvr_policy_arg_text(fcinfo, 0), cuvr_policy_arg_text(fcinfo, 2),
						 cuvr_policy_arg_text(fcinfo, 3),
						 PG_ARGISNULL(4) ? -1 : PG_GETARG_BOOL(4) ? 1 : 0);
	if (p != NULL && !PG_ARGISNULL(1) && !PG_ARGISNULL(5))
	{
		TimestampTz due_at;
		bool		estimated;

		cuvr_deadline_of(PG_GETARG_INT16(1), PG_GETARG_TIMESTAMPTZ(5), p->term, &due_at, &estimated);
		values[0] = TimestampTzGetDatum(due_at);
		values[1] = BoolGetDatum(estimated);
		nulls[0] = nulls[1] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}
