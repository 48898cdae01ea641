/*
 * appeal_guard.c
 *		BEFORE INSERT OR UPDATE row trigger on cuvr.appeal.
 *
 * It enforces the lifecycle (an illegal status change fails with an error
 * naming both states), keeps an appeal's identity immutable, and stamps the
 * row version, time and acting role of every change.
 */
#include "compat.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "cuvr.h"

/* Attribute numbers of the columns the guard reads or stamps. */
typedef struct AppealGuardColumns
{
	Oid			relid;
	int			status;
	int			id;
	int			region_code;
	int			version;
	int			updated_at;
	int			updated_by;
} AppealGuardColumns;

/* Look up one column by name or fail: the trigger is attached to a wrong table. */
static int
cuvr_guard_attnum(Relation rel, const char *column)
{
	int			attnum = SPI_fnumber(RelationGetDescr(rel), column);

	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("table \"%s\" has no column \"%s\"",
						RelationGetRelationName(rel), column),
				 errhint("Attach cuvr.appeal_guard() to cuvr.appeal only.")));
	return attnum;
}

/*
 * Column numbers, cached in fn_extra.  The FmgrInfo lives as long as the
 * query's trigger state, during which the table's shape cannot change.
 */
static AppealGuardColumns *
cuvr_guard_columns(FunctionCallInfo fcinfo, Relation rel)
{
	AppealGuardColumns *cols = (AppealGuardColumns *) fcinfo->flinfo->fn_extra;

	if (cols == NULL || cols->relid != RelationGetRelid(rel))
	{
		cols = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(AppealGuardColumns));
		cols->relid = RelationGetRelid(rel);
		cols->status = cuvr_guard_attnum(rel, "status");
		cols->id = cuvr_guard_attnum(rel, "id");
		cols->region_code = cuvr_guard_attnum(rel, "region_code");
		cols->version = cuvr_guard_attnum(rel, "version");
		cols->updated_at = cuvr_guard_attnum(rel, "updated_at");
		cols->updated_by = cuvr_guard_attnum(rel, "updated_by");
		fcinfo->flinfo->fn_extra = cols;
	}
	return cols;
}

/* Read the status column of a tuple as an enum value. */
static CuvrStatus
cuvr_guard_status(HeapTuple tuple, TupleDesc desc, int attnum, bool *isnull)
{
	Datum		value = heap_getattr(tuple, attnum, desc, isnull);
	text	   *status;

	if (*isnull)
		return CUVR_STATUS_INVALID;
	status = DatumGetTextPP(value);
	return cuvr_status_from_name(VARDATA_ANY(status), VARSIZE_ANY_EXHDR(status));
}

/* Are two non-null values of a by-value column equal? */
static bool
cuvr_guard_same(HeapTuple a, HeapTuple b, TupleDesc desc, int attnum)
{
	bool		anull,
				bnull;
	Datum		av = heap_getattr(a, attnum, desc, &anull);
	Datum		bv = heap_getattr(b, attnum, desc, &bnull);

	if (anull || bnull)
		return anull == bnull;
	return datumIsEqual(av, bv, TupleDescAttr(desc, attnum - 1)->attbyval,
						TupleDescAttr(desc, attnum - 1)->attlen);
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_appeal_guard);

/*
 * cuvr.appeal_guard(): BEFORE INSERT OR UPDATE FOR EACH ROW on cuvr.appeal.
 */
Datum
cuvr_appeal_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	AppealGuardColumns *cols;
	HeapTuple	newtuple;
	CuvrStatus	newstatus;
	bool		isnull;
	int32		version = 1;
	int			replcols[3];
	Datum		replvals[3];
	bool		replnulls[3] = {false, false, false};
	NameData	actor;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.appeal_guard() must be called as a trigger")));
	if (!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.appeal_guard() must be fired BEFORE, FOR EACH ROW")));
	if (!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) &&
		!TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.appeal_guard() must be fired by INSERT or UPDATE")));

	rel = trigdata->tg_relation;
	desc = RelationGetDescr(rel);
	cols = cuvr_guard_columns(fcinfo, rel);

	newtuple = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ?
		trigdata->tg_newtuple : trigdata->tg_trigtuple;
	newstatus = cuvr_guard_status(newtuple, desc, cols->status, &isnull);
	if (!isnull && newstatus == CUVR_STATUS_INVALID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown appeal status"),
				 errdetail("Statuses are registered, triage, assigned, in_progress, answered, escalated, closed and rejected.")));

	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
	{
		const char *action = GetConfigOption("cuvr.action", true, false);

		/*
		 * cuvr.register_appeal() labels its insert.  An unlabelled insert is
		 * a row restored by pg_restore (or written directly by an admin): it
		 * is taken as it is, with its status, version and stamps.
		 */
		if (action == NULL || action[0] == '\0')
			return PointerGetDatum(newtuple);
		if (!isnull && !cuvr_status_is_initial(newstatus))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("an appeal cannot start in status \"%s\"",
							cuvr_status_name(newstatus)),
					 errdetail("A new appeal is registered, triage or assigned."),
					 errhint("Register appeals with cuvr.register_appeal().")));
	}
	else
	{
		HeapTuple	oldtuple = trigdata->tg_trigtuple;
		bool		oldnull;
		CuvrStatus	oldstatus = cuvr_guard_status(oldtuple, desc, cols->status, &oldnull);
		Datum		oldversion;

		if (!cuvr_guard_same(oldtuple, newtuple, desc, cols->id) ||
			!cuvr_guard_same(oldtuple, newtuple, desc, cols->region_code))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("the id and region of an appeal cannot change"),
					 errdetail("The id embeds the region and is referenced by the appeal's history.")));

		if (!isnull && !oldnull && !cuvr_status_transition_allowed(oldstatus, newstatus))
		{
			char		next[256];
			Datum		id = heap_getattr(oldtuple, cols->id, desc, &oldnull);

			cuvr_status_successors(oldstatus, next, sizeof(next));
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("appeal %lld cannot go from status \"%s\" to \"%s\"",
							(long long) DatumGetInt64(id),
							cuvr_status_name(oldstatus),
							cuvr_status_name(newstatus)),
					 errdetail("From \"%s\" an appeal can go to: %s.",
							   cuvr_status_name(oldstatus), next)));
		}

		oldversion = heap_getattr(oldtuple, cols->version, desc, &oldnull);
		if (!oldnull)
			version = DatumGetInt32(oldversion) + 1;
	}

	/* Stamp version, time and the acting role (see cuvr.acting_role()). */
	namestrcpy(&actor, GetUserNameFromId(GetOuterUserId(), false));
	replcols[0] = cols->version;
	replvals[0] = Int32GetDatum(version);
	replcols[1] = cols->updated_at;
	replvals[1] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	replcols[2] = cols->updated_by;
	replvals[2] = NameGetDatum(&actor);

	newtuple = heap_modify_tuple_by_cols(newtuple, desc, 3, replcols, replvals, replnulls);
	return PointerGetDatum(newtuple);
}
