/*
 * cuvr.c
 *		Module entry points and small helpers shared by the SQL layer.
 */
#include "compat.h"

#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "cuvr.h"

PG_MODULE_MAGIC;

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_acting_role);
PG_FUNCTION_INFO_V1(cuvr_cache_changed);
PG_FUNCTION_INFO_V1(cuvr_label_change);
PG_FUNCTION_INFO_V1(cuvr_appeal_region);

/*
 * cuvr.appeal_region(appeal): the region code embedded in an appeal id (the
 * id divided by 10^15, truncated toward zero as SQL's bigint division is).
 * In C because every lifecycle call looks its appeal up through it, and as
 * a SQL function with a pinned search_path it was planned again at every
 * call of its caller (about 18 us).
 */
Datum
cuvr_appeal_region(PG_FUNCTION_ARGS)
{
	int64		appeal = PG_GETARG_INT64(0);

	PG_RETURN_INT16((int16) (appeal / INT64CONST(1000000000000000)));
}

/*
 * cuvr.acting_role(): the role on whose behalf the current statement runs.
 *
 * Unlike current_user it is not changed by SECURITY DEFINER functions, and
 * unlike session_user it follows SET ROLE, so the journal names the real
 * caller even when cuvr.register_appeal() runs as the extension owner.
 */
Datum
cuvr_acting_role(PG_FUNCTION_ARGS)
{
	char	   *rolename = GetUserNameFromId(GetOuterUserId(), false);
	Name		result = (Name) palloc0(NAMEDATALEN);

	namestrcpy(result, rolename);
	PG_RETURN_NAME(result);
}

/* Set one transaction-local label, as set_config(name, value, true) does. */
static void
cuvr_set_label(const char *name, const char *value)
{
	(void) set_config_option(name, value,
							 superuser() ? PGC_SUSET : PGC_USERSET,
							 PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0, false);
}

/*
 * cuvr.label_change(action, note, ref): names the next appeal change for
 * the journal trigger (cuvr.action, cuvr.note, cuvr.ref, local to the
 * transaction); NULLs clear them.  In C because every lifecycle call makes
 * two of these, and as a SQL function each cost about 20 us.
 */
Datum
cuvr_label_change(PG_FUNCTION_ARGS)
{
	cuvr_label(PG_ARGISNULL(0) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(0)),
			   PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1)),
			   PG_ARGISNULL(2) ? NULL : DatumGetCString(DirectFunctionCall1(int8out, PG_GETARG_DATUM(2))));
	PG_RETURN_VOID();
}

/*
 * Label the next appeal change (cuvr.action, cuvr.note, cuvr.ref, local to
 * the transaction); NULLs clear.  cuvr.label_change() and the escalation
 * trigger call it.
 */
void
cuvr_label(const char *action, const char *note, const char *ref)
{
	cuvr_set_label("cuvr.action", action ? action : "");
	cuvr_set_label("cuvr.note", note ? note : "");
	cuvr_set_label("cuvr.ref", ref ? ref : "");
}

/*
 * cuvr.cache_changed(): AFTER ... FOR EACH STATEMENT on the tables that feed
 * per-backend caches (calendars, the classifier).  Invalidating the table's
 * relcache entry reaches every backend at commit, and this one at the end
 * of the command; the caches' relcache callbacks then drop their contents.
 */
Datum
cuvr_cache_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.cache_changed() must be called as a trigger")));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.cache_changed() must be fired AFTER, FOR EACH STATEMENT")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 *		Helpers for the per-backend caches
 * ----------------------------------------------------------------
 */

/*
 * Look up the relids of the cuvr tables a cache is built from.  Called when
 * the cache is filled: a dropped and re-created extension has new relids.
 */
void
cuvr_watch_relids(const char *const *names, int n, Oid *relids)
{
	Oid			nsp = get_namespace_oid("cuvr", false);
	int			i;

	for (i = 0; i < n; i++)
		relids[i] = get_relname_relid(names[i], nsp);
}

/*
 * Whether a relcache invalidation of relid (InvalidOid: all relations)
 * concerns a cache built from relids.  No catalog access: relcache
 * callbacks may run outside a transaction.
 */
bool
cuvr_relid_watched(Oid relid, const Oid *relids, int n)
{
	int			i;

	if (!OidIsValid(relid))
		return true;
	for (i = 0; i < n; i++)
		if (relids[i] == relid)
			return true;
	return false;
}

/* A relcache callback saw a change of a table the cache is built from. */
void
cuvr_cache_invalidated(CuvrCacheState *cache)
{
	cache->stale = true;
	cache->generation++;
}

/*
 * Start loading a cache (after SPI_connect): it stays stale until the load
 * ends, so an error leaves it to be loaded again; the load reads the latest
 * committed rows.  Returns the generation to hand to cuvr_cache_load_end().
 */
uint64
cuvr_cache_load_begin(CuvrCacheState *cache)
{
	cache->stale = true;
	PushActiveSnapshot(GetLatestSnapshot());
	return cache->generation;
}

/* Finish loading (before SPI_finish): fresh unless it was invalidated meanwhile. */
void
cuvr_cache_load_end(CuvrCacheState *cache, uint64 generation)
{
	PopActiveSnapshot();
	cache->stale = (cache->generation != generation);
}

/* Run a read-only query through SPI and fail clearly if it does not succeed. */
void
cuvr_spi_select(const char *sql, int nargs, Oid *types, Datum *values, const char *what)
{
	int			rc = SPI_execute_with_args(sql, nargs, types, values, NULL, true, 0);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "cuvr: %s query failed: %s", what, SPI_result_code_string(rc));
}
