/*
 * journal.c
 *		cuvr.appeal_journal(): AFTER INSERT OR UPDATE row trigger on
 *		cuvr.appeal that writes the event, the outbox rows and, with the
 *		setting notify, a NOTIFY, in the same transaction.
 *
 * Every registration and every step of an appeal passes through it, so it
 * is C with one kept statement: the event and all of its outbox rows are
 * written by one INSERT ... WITH (INSERT ... RETURNING), where the former
 * PL/pgSQL trigger ran two to four statements and spent about 130 us an
 * event.  Who hears of what is decided here, in C.
 */
#include "compat.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/rel.h"

#include "cuvr.h"

/* Most outbox rows one event makes: source, two bodies, deadline, parent, applicant. */
#define MAX_RECIPIENTS 6

/* The statements of the trigger, each planned once per backend. */
enum
{
	JOURNAL_WRITE,
	JOURNAL_PARENT,
	JOURNAL_NOTIFY,
	JOURNAL_NSTATEMENTS
};
static SPIPlanPtr journal_plans[JOURNAL_NSTATEMENTS];

/*
 * The event, then one outbox row per recipient with the same payload, in
 * the order of the arrays (outbox ids follow it).
 */
static const char journal_write_sql[] =
"WITH e AS ("
"  INSERT INTO cuvr.appeal_event"
"         (region_code, appeal_id, actor, action, from_status, to_status, from_body, to_body, note, ref)"
"  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
"  RETURNING id, pg_catalog.jsonb_build_object("
"      'appeal', appeal_id, 'number', $11, 'region', region_code, 'event', id, 'action', action,"
"      'status', to_status, 'from_status', from_status, 'body', to_body, 'from_body', from_body,"
"      'due_at', $12) AS payload)"
" INSERT INTO cuvr.outbox (region_code, appeal_id, event_id, recipient_kind, recipient, payload)"
" SELECT $1, $2, e.id, r.kind, r.recipient, e.payload"
"   FROM e, ROWS FROM (pg_catalog.unnest($13), pg_catalog.unnest($14)) WITH ORDINALITY AS r(kind, recipient, n)"
"  ORDER BY r.n"
" RETURNING event_id";

static const char journal_parent_sql[] =
"SELECT b.parent_id FROM cuvr.body AS b WHERE b.id = $1 AND b.parent_id IS NOT NULL";

static const char journal_notify_sql[] =
"SELECT pg_catalog.pg_notify('cuvr_events', pg_catalog.jsonb_build_object("
"    'appeal', $1, 'region', $2, 'event', $3, 'action', $4, 'status', $5)::text)";

/*
 * Run statement "which" through SPI, prepared and kept on first use (the
 * plan cache re-plans it when a table it reads changes), and fail clearly
 * if it does.
 */
static void
cuvr_journal_exec(int which, const char *sql, int nargs, Oid *types, Datum *values,
				  const char *nulls, int expect)
{
	int			rc;

	if (journal_plans[which] == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(sql, nargs, types);

		if (plan == NULL)
			elog(ERROR, "cuvr: journal statement could not be prepared (%s): %s",
				 SPI_result_code_string(SPI_result), sql);
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "cuvr: journal statement could not be kept: %s", sql);
		journal_plans[which] = plan;
	}
	rc = SPI_execute_plan(journal_plans[which], values, nulls, false, 0);
	if (rc != expect)
		elog(ERROR, "cuvr: journal statement failed (%s): %s", SPI_result_code_string(rc), sql);
}

/* A column of the appeal row; *isnull tells whether it is NULL. */
static Datum
cuvr_journal_column(HeapTuple tuple, TupleDesc desc, const char *name, bool *isnull)
{
	int			attnum = SPI_fnumber(desc, name);

	if (attnum <= 0)
		elog(ERROR, "cuvr: column \"%s\" of cuvr.appeal not found", name);
	return heap_getattr(tuple, attnum, desc, isnull);
}

/* Column name of row as argument i of the journal statement; false when NULL. */
static bool
cuvr_journal_arg(HeapTuple row, TupleDesc desc, const char *name, Datum *values, char *nulls, int i)
{
	bool		isnull;

	values[i] = cuvr_journal_column(row, desc, name, &isnull);
	nulls[i] = isnull ? 'n' : ' ';
	return !isnull;
}

/* A label of the change (cuvr.action, cuvr.note, cuvr.ref); NULL when unset or empty. */
static const char *
cuvr_journal_label(const char *name)
{
	const char *value = GetConfigOption(name, true, false);

	return (value == NULL || value[0] == '\0') ? NULL : value;
}

/* An id as the text of an outbox recipient. */
static Datum
cuvr_journal_id_text(int64 id)
{
	char		buf[24];

	snprintf(buf, sizeof(buf), INT64_FORMAT, id);
	return CStringGetTextDatum(buf);
}

/* Whether action is one of the NULL-terminated list. */
static bool
cuvr_journal_action_in(const char *action, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(action, *list) == 0)
			return true;
	return false;
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_appeal_journal);

/*
 * cuvr.appeal_journal(): AFTER INSERT OR UPDATE FOR EACH ROW on cuvr.appeal.
 */
Datum
cuvr_appeal_journal(PG_FUNCTION_ARGS)
{
	static const char *const applicant_actions[] =
	{"register", "answer", "extend", "redirect", "escalate", "close", "reject", NULL};
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	row;
	const char *action;
	const char *note;
	const char *ref;
	bool		is_update;
	bool		isnull;
	Datum		values[14];
	char		nulls[14];
	Oid			types[14] = {INT2OID, INT8OID, NAMEOID, TEXTOID, TEXTOID, TEXTOID, INT4OID, INT4OID,
	TEXTOID, INT8OID, TEXTOID, TIMESTAMPTZOID, TEXTARRAYOID, TEXTARRAYOID};
	Datum		kinds[MAX_RECIPIENTS];
	Datum		recipients[MAX_RECIPIENTS];
	int			n = 0;
	bool		has_body,
				has_old_body = false;
	int32		body = 0,
				old_body = 0;
	int64		event_id;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.appeal_journal() must be called as a trigger")));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) || TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.appeal_journal() must be fired AFTER INSERT OR UPDATE, FOR EACH ROW")));

	is_update = TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event);
	action = cuvr_journal_label("cuvr.action");
	if (action == NULL)
	{
		/*
		 * An unlabelled INSERT is a row restored by pg_restore (or written by
		 * an admin): its history is restored with it.  An unlabelled UPDATE
		 * is direct DML, journalled as such.
		 */
		if (!is_update)
			return PointerGetDatum(NULL);
		action = "update";
	}
	note = cuvr_journal_label("cuvr.note");
	ref = cuvr_journal_label("cuvr.ref");

	desc = RelationGetDescr(trigdata->tg_relation);
	row = is_update ? trigdata->tg_newtuple : trigdata->tg_trigtuple;
	memset(nulls, ' ', sizeof(nulls));

	values[0] = cuvr_journal_column(row, desc, "region_code", &isnull);
	values[1] = cuvr_journal_column(row, desc, "id", &isnull);
	values[2] = cuvr_journal_column(row, desc, "updated_by", &isnull);
	values[3] = CStringGetTextDatum(action);
	nulls[4] = 'n';
	values[4] = (Datum) 0;
	nulls[6] = 'n';
	values[6] = (Datum) 0;
	if (is_update)
	{
		(void) cuvr_journal_arg(trigdata->tg_trigtuple, desc, "status", values, nulls, 4);
		has_old_body = cuvr_journal_arg(trigdata->tg_trigtuple, desc, "body_id", values, nulls, 6);
		if (has_old_body)
			old_body = DatumGetInt32(values[6]);
	}
	(void) cuvr_journal_arg(row, desc, "status", values, nulls, 5);
	has_body = cuvr_journal_arg(row, desc, "body_id", values, nulls, 7);
	if (has_body)
		body = DatumGetInt32(values[7]);
	if (note != NULL)
		values[8] = CStringGetTextDatum(note);
	else
		nulls[8] = 'n';
	if (ref != NULL)
		values[9] = DirectFunctionCall1(int8in, CStringGetDatum(ref));
	else
		nulls[9] = 'n';
	(void) cuvr_journal_arg(row, desc, "reg_number", values, nulls, 10);
	(void) cuvr_journal_arg(row, desc, "due_at", values, nulls, 11);

	SPI_connect();

	/* The source system hears of every step of its appeal. */
	kinds[n] = CStringGetTextDatum("source");
	recipients[n++] = cuvr_journal_column(row, desc, "source", &isnull);
	/* A body hears when an appeal arrives at it or leaves it. */
	if (has_body && (!has_old_body || body != old_body))
	{
		kinds[n] = CStringGetTextDatum("body");
		recipients[n++] = cuvr_journal_id_text(body);
	}
	if (has_old_body && (!has_body || body != old_body))
	{
		kinds[n] = CStringGetTextDatum("body");
		recipients[n++] = cuvr_journal_id_text(old_body);
	}

	/*
	 * The responsible body hears that its appeal is near or past its
	 * deadline, and on request its parent body of an overdue one.
	 */
	if (has_body && (strcmp(action, "near_due") == 0 || strcmp(action, "overdue") == 0))
	{
		kinds[n] = CStringGetTextDatum("body");
		recipients[n++] = cuvr_journal_id_text(body);
		if (strcmp(action, "overdue") == 0)
		{
			char	   *setting = cuvr_setting_get("notify_parent_on_overdue");
			bool		wanted = false;

			if (setting != NULL && parse_bool(setting, &wanted) && wanted)
			{
				Oid			pt[1] = {INT4OID};
				Datum		pv[1] = {Int32GetDatum(body)};

				cuvr_journal_exec(JOURNAL_PARENT, journal_parent_sql, 1, pt, pv, NULL, SPI_OK_SELECT);
				if (SPI_processed == 1)
				{
					Datum		parent = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

					kinds[n] = CStringGetTextDatum("body");
					recipients[n++] = cuvr_journal_id_text(DatumGetInt32(parent));
				}
			}
		}
	}
	/* The applicant hears of registration, the answer and the outcome. */
	{
		Datum		applicant = cuvr_journal_column(row, desc, "applicant_id", &isnull);

		if (!isnull && cuvr_journal_action_in(action, applicant_actions))
		{
			kinds[n] = CStringGetTextDatum("applicant");
			recipients[n++] = cuvr_journal_id_text(DatumGetInt64(applicant));
		}
	}
	Assert(n <= MAX_RECIPIENTS);
	values[12] = PointerGetDatum(construct_array(kinds, n, TEXTOID, -1, false, TYPALIGN_INT));
	values[13] = PointerGetDatum(construct_array(recipients, n, TEXTOID, -1, false, TYPALIGN_INT));

	cuvr_journal_exec(JOURNAL_WRITE, journal_write_sql, 14, types, values, nulls, SPI_OK_INSERT_RETURNING);
	if (SPI_processed < 1)
		elog(ERROR, "cuvr: journal wrote no outbox row for appeal %lld",
			 (long long) DatumGetInt64(values[1]));
	event_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));

	/* Listeners hear of it when the setting notify is on. */
	{
		char	   *setting = cuvr_setting_get("notify");
		bool		wanted = false;

		if (setting == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("unknown setting \"notify\""),
					 errhint("The settings are listed in cuvr.setting.")));
		if (parse_bool(setting, &wanted) && wanted)
		{
			Oid			nt[5] = {INT8OID, INT2OID, INT8OID, TEXTOID, TEXTOID};
			Datum		nv[5] = {values[1], values[0], Int64GetDatum(event_id), values[3], values[5]};
			char		nn[5] = {' ', ' ', ' ', ' ', nulls[5]};

			cuvr_journal_exec(JOURNAL_NOTIFY, journal_notify_sql, 5, nt, nv, nn, SPI_OK_SELECT);
		}
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}
