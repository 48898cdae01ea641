/*
 * kpi.c
 *		The KPI delta trigger on new appeals, in C.
 *
 * Every registration inserts one appeal, so this trigger is on the hot
 * intake path: it reads the statement's transition table and appends each
 * appeal's KPI terms to cuvr.kpi_delta with heap inserts, no SPI and no
 * plan.  The terms are those of cuvr.kpi_recomputed (src/sql/49_kpi.sql):
 * received on the local registration day, and overdue_open on the local due
 * day for rows inserted already overdue and open (a restore).
 *
 * The trigger on changed appeals is C in front of PL/pgSQL: most changes
 * (an answer, a rating, a grouping) move no KPI term, and C finds that in
 * the transition tables without running the PL/pgSQL function's query.
 * The other delta triggers are PL/pgSQL.
 */
#include "compat.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "nodes/makefuncs.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/datum.h"
#include "commands/trigger.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/tuplestore.h"

#include "cuvr.h"

/* Columns of cuvr.kpi_delta, in table order. */
enum
{
	DELTA_REGION,
	DELTA_DAY,
	DELTA_BODY,
	DELTA_CATEGORY,
	DELTA_CHANNEL,
	DELTA_RESPONSE_DAYS,
	DELTA_RECEIVED,
	DELTA_ANSWERED,
	DELTA_ON_TIME,
	DELTA_OVERDUE,
	DELTA_RATINGS,
	DELTA_RATING_SUM,
	DELTA_NEGATIVE,
	DELTA_ESCALATIONS,
	DELTA_NATTS
};

/* Attribute number of a column of the triggering table, or an error. */
static AttrNumber
cuvr_kpi_attnum(TupleDesc desc, const char *name)
{
	int			i;

	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return att->attnum;
	}
	elog(ERROR, "cuvr: column \"%s\" of cuvr.appeal not found", name);
	return InvalidAttrNumber;	/* keep the compiler quiet */
}

/* Append one delta row: a count of 1 in measure "measure" on "day". */
static void
cuvr_kpi_append(Relation delta, int32 region, DateADT day, Datum body, bool body_null,
				Datum category, bool category_null, Datum channel, int measure)
{
	Datum		values[DELTA_NATTS];
	bool		nulls[DELTA_NATTS];
	HeapTuple	tuple;
	int			i;

	for (i = 0; i < DELTA_NATTS; i++)
	{
		values[i] = Int32GetDatum(0);
		nulls[i] = false;
	}
	values[DELTA_REGION] = Int32GetDatum(region);
	values[DELTA_DAY] = DateADTGetDatum(day);
	values[DELTA_BODY] = body;
	nulls[DELTA_BODY] = body_null;
	values[DELTA_CATEGORY] = category;
	nulls[DELTA_CATEGORY] = category_null;
	values[DELTA_CHANNEL] = channel;
	nulls[DELTA_RESPONSE_DAYS] = true;
	values[measure] = Int32GetDatum(1);

	tuple = heap_form_tuple(RelationGetDescr(delta), values, nulls);
	simple_heap_insert(delta, tuple);
	heap_freetuple(tuple);
}

/* ----------------------------------------------------------------
 *		Trigger functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_kpi_appeal_inserted);
PG_FUNCTION_INFO_V1(cuvr_kpi_appeal_updated);

/*
 * cuvr.kpi_appeal_inserted(): AFTER INSERT ... REFERENCING NEW TABLE FOR EACH
 * STATEMENT on cuvr.appeal.
 */
Datum
cuvr_kpi_appeal_inserted(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	TupleTableSlot *slot;
	Relation	delta;
	Oid			delta_relid;
	MemoryContext row_context;
	MemoryContext old_context;
	AttrNumber	att_region,
				att_registered,
				att_body,
				att_category,
				att_channel,
				att_status,
				att_due,
				att_answered,
				att_overdue;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.kpi_appeal_inserted() must be called as a trigger")));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		trigdata->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.kpi_appeal_inserted() must be fired AFTER INSERT, FOR EACH STATEMENT, with a NEW TABLE")));

	desc = RelationGetDescr(trigdata->tg_relation);
	att_region = cuvr_kpi_attnum(desc, "region_code");
	att_registered = cuvr_kpi_attnum(desc, "registered_at");
	att_body = cuvr_kpi_attnum(desc, "body_id");
	att_category = cuvr_kpi_attnum(desc, "category_id");
	att_channel = cuvr_kpi_attnum(desc, "channel");
	att_status = cuvr_kpi_attnum(desc, "status");
	att_due = cuvr_kpi_attnum(desc, "due_at");
	att_answered = cuvr_kpi_attnum(desc, "answered_at");
	att_overdue = cuvr_kpi_attnum(desc, "overdue_at");

	delta_relid = get_relname_relid("kpi_delta", RelationGetNamespace(trigdata->tg_relation));
	if (!OidIsValid(delta_relid))
		elog(ERROR, "cuvr: table kpi_delta not found");
	delta = table_open(delta_relid, RowExclusiveLock);
	/* Heap inserts maintain no index: the delta must have none. */
	if (RelationGetIndexList(delta) != NIL || RelationGetDescr(delta)->natts != DELTA_NATTS)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("table cuvr.kpi_delta has been altered"),
				 errdetail("The KPI delta trigger appends rows directly and needs the table as installed, with no index."),
				 errhint("Drop the added index or column, or re-create the extension.")));

	row_context = AllocSetContextCreate(CurrentMemoryContext, "cuvr kpi rows", ALLOCSET_SMALL_SIZES);
	slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	tuplestore_rescan(trigdata->tg_newtable);
	while (tuplestore_gettupleslot(trigdata->tg_newtable, true, false, slot))
	{
		bool		isnull,
					body_null,
					category_null,
					due_null,
					answered_null,
					overdue_null;
		int32		region;
		Datum		body,
					category,
					channel,
					due;
		char	   *status;

		old_context = MemoryContextSwitchTo(row_context);
		region = DatumGetInt16(slot_getattr(slot, att_region, &isnull));
		body = slot_getattr(slot, att_body, &body_null);
		category = slot_getattr(slot, att_category, &category_null);
		channel = slot_getattr(slot, att_channel, &isnull);

		cuvr_kpi_append(delta, region,
						cuvr_region_local_date(region, DatumGetTimestampTz(slot_getattr(slot, att_registered, &isnull))),
						body, body_null, category, category_null, channel, DELTA_RECEIVED);

		/*
		 * Inserted already overdue and open: a restored row.  A registration
		 * is never overdue, so the status is read only for such rows.
		 */
		(void) slot_getattr(slot, att_overdue, &overdue_null);
		if (!overdue_null)
		{
			(void) slot_getattr(slot, att_answered, &answered_null);
			due = slot_getattr(slot, att_due, &due_null);
			status = TextDatumGetCString(slot_getattr(slot, att_status, &isnull));
			if (answered_null && !due_null &&
				strcmp(status, "closed") != 0 && strcmp(status, "rejected") != 0)
				cuvr_kpi_append(delta, region, cuvr_region_local_date(region, DatumGetTimestampTz(due)),
								body, body_null, category, category_null, channel, DELTA_OVERDUE);
		}

		MemoryContextSwitchTo(old_context);
		MemoryContextReset(row_context);
	}
	ExecDropSingleTupleTableSlot(slot);
	MemoryContextDelete(row_context);
	table_close(delta, NoLock);
	return PointerGetDatum(NULL);
}

/* Overdue and open: the state whose change moves an overdue_open term. */
static bool
cuvr_kpi_overdue_open(TupleTableSlot *slot, AttrNumber att_overdue, AttrNumber att_answered,
					  AttrNumber att_status)
{
	bool		isnull;
	Datum		status;
	text	   *t;
	int			len;

	(void) slot_getattr(slot, att_overdue, &isnull);
	if (isnull)
		return false;
	(void) slot_getattr(slot, att_answered, &isnull);
	if (!isnull)
		return false;
	status = slot_getattr(slot, att_status, &isnull);
	if (isnull)
		return true;
	t = DatumGetTextPP(status);
	len = VARSIZE_ANY_EXHDR(t);
	return !((len == 6 && memcmp(VARDATA_ANY(t), "closed", 6) == 0) ||
			 (len == 8 && memcmp(VARDATA_ANY(t), "rejected", 8) == 0));
}

/* Whether column att differs between two rows (binary; NULLs equal). */
static bool
cuvr_kpi_differs(TupleTableSlot *a, TupleTableSlot *b, AttrNumber att, TupleDesc desc)
{
	bool		a_null,
				b_null;
	Datum		a_value = slot_getattr(a, att, &a_null);
	Datum		b_value = slot_getattr(b, att, &b_null);
	Form_pg_attribute form = TupleDescAttr(desc, att - 1);

	if (a_null || b_null)
		return a_null != b_null;
	return !datumIsEqual(a_value, b_value, form->attbyval, form->attlen);
}

/*
 * cuvr.kpi_appeal_updated(): AFTER UPDATE ... REFERENCING OLD TABLE NEW
 * TABLE FOR EACH STATEMENT on cuvr.appeal.  Reads the old and new rows in
 * step; when some row changed its body, category or channel, its
 * overdue-and-open state, or the deadline of an overdue appeal (the terms
 * cuvr.kpi_appeal_moved() moves), it hands the whole statement to that
 * PL/pgSQL function, and otherwise returns at once.  Any doubt (rows out of
 * step, a value stored differently) counts as a change.
 */
Datum
cuvr_kpi_appeal_updated(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	TupleTableSlot *old_slot,
			   *new_slot;
	AttrNumber	att_id,
				att_body,
				att_category,
				att_channel,
				att_status,
				att_due,
				att_answered,
				att_overdue;
	bool		moved = false;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.kpi_appeal_updated() must be called as a trigger")));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ||
		trigdata->tg_oldtable == NULL || trigdata->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.kpi_appeal_updated() must be fired AFTER UPDATE, FOR EACH STATEMENT, with an OLD TABLE and a NEW TABLE")));

	desc = RelationGetDescr(trigdata->tg_relation);
	att_id = cuvr_kpi_attnum(desc, "id");
	att_body = cuvr_kpi_attnum(desc, "body_id");
	att_category = cuvr_kpi_attnum(desc, "category_id");
	att_channel = cuvr_kpi_attnum(desc, "channel");
	att_status = cuvr_kpi_attnum(desc, "status");
	att_due = cuvr_kpi_attnum(desc, "due_at");
	att_answered = cuvr_kpi_attnum(desc, "answered_at");
	att_overdue = cuvr_kpi_attnum(desc, "overdue_at");

	old_slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	new_slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	tuplestore_rescan(trigdata->tg_oldtable);
	tuplestore_rescan(trigdata->tg_newtable);
	while (!moved)
	{
		bool		more_old = tuplestore_gettupleslot(trigdata->tg_oldtable, true, false, old_slot);
		bool		more_new = tuplestore_gettupleslot(trigdata->tg_newtable, true, false, new_slot);
		bool		old_overdue;

		if (!more_old || !more_new)
		{
			moved = more_old != more_new;
			break;
		}
		old_overdue = cuvr_kpi_overdue_open(old_slot, att_overdue, att_answered, att_status);
		if (cuvr_kpi_differs(old_slot, new_slot, att_id, desc) ||
			cuvr_kpi_differs(old_slot, new_slot, att_body, desc) ||
			cuvr_kpi_differs(old_slot, new_slot, att_category, desc) ||
			cuvr_kpi_differs(old_slot, new_slot, att_channel, desc) ||
			old_overdue != cuvr_kpi_overdue_open(new_slot, att_overdue, att_answered, att_status))
			moved = true;
		else
		{
			bool		isnull;

			(void) slot_getattr(old_slot, att_overdue, &isnull);
			if (!isnull && cuvr_kpi_differs(old_slot, new_slot, att_due, desc))
				moved = true;
		}
	}
	ExecDropSingleTupleTableSlot(old_slot);
	ExecDropSingleTupleTableSlot(new_slot);

	if (moved)
	{
		/* The PL/pgSQL function of the same schema, called as this trigger. */
		List	   *name = list_make2(makeString(get_namespace_name(RelationGetNamespace(trigdata->tg_relation))),
									  makeString("kpi_appeal_moved"));
		Oid			moved_fn = LookupFuncName(name, 0, NULL, false);
		FmgrInfo	flinfo;
		LOCAL_FCINFO(call, 0);

		fmgr_info(moved_fn, &flinfo);
		InitFunctionCallInfoData(*call, &flinfo, 0, InvalidOid, (Node *) trigdata, NULL);
		(void) FunctionCallInvoke(call);
	}
	return PointerGetDatum(NULL);
}
