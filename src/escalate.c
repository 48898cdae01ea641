/*
 * escalate.c
 *		AFTER INSERT row trigger on cuvr.rating: journals the rating and,
 *		when it is negative, sends the appeal up to the higher body for
 *		re-processing (повторное рассмотрение) in the same transaction.
 *
 * cuvr.rate() has locked the appeal row, so concurrent ratings, answers,
 * redirects and maintenance runs serialise on it and an appeal escalates
 * once per negative rating.  The choice of the body is pure C
 * (cuvr_escalation_target in status.c).
 */
#include "compat.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/rel.h"

#include "cuvr.h"

/* Deepest body tree walked for a parent chain. */
#define MAX_ANCESTORS 32

/* The statements of the trigger, each planned once per backend. */
enum
{
	ESC_TOUCH,
	ESC_ANSWER,
	ESC_ANCESTORS,
	ESC_UP,
	ESC_NSTATEMENTS
};
static SPIPlanPtr esc_plans[ESC_NSTATEMENTS];

/*
 * Run statement "which" through SPI, prepared and kept on first use (the
 * plan cache re-plans it when a table it reads changes), and fail clearly
 * if it does.
 */
static void
cuvr_esc_exec(int which, const char *sql, int nargs, Oid *types, Datum *values, const char *nulls, int expect)
{
	int			rc;

	if (esc_plans[which] == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(sql, nargs, types);

		if (plan == NULL)
			elog(ERROR, "cuvr: escalation statement could not be prepared (%s): %s",
				 SPI_result_code_string(SPI_result), sql);
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "cuvr: escalation statement could not be kept: %s", sql);
		esc_plans[which] = plan;
	}
	rc = SPI_execute_plan(esc_plans[which], values, nulls, false, 0);
	if (rc != expect)
		elog(ERROR, "cuvr: escalation statement failed (%s): %s", SPI_result_code_string(rc), sql);
}

/* An integer setting. */
static int
cuvr_esc_setting(const char *name, int fallback)
{
	char	   *value = cuvr_setting_get(name);

	return value ? pg_strtoint32(value) : fallback;
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_rating_escalate);

/*
 * cuvr.rating_escalate(): AFTER INSERT FOR EACH ROW on cuvr.rating.
 */
Datum
cuvr_rating_escalate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	rating;
	bool		isnull;
	int16		region;
	int64		appeal,
				answer,
				rating_id;
	int16		score;
	Oid			types[3] = {INT2OID, INT8OID, INT8OID};
	Datum		args[3];
	int32		answering_body,
				accused = 0,
				coordinator = 0,
				target;
	int			level;
	int32		ancestors[MAX_ANCESTORS];
	int			nancestors = 0;
	bool		manual;
	uint64		i;
	char		note[128];
	char		ref[32];

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.rating_escalate() must be called as a trigger")));
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) || !TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cuvr.rating_escalate() must be fired AFTER INSERT, FOR EACH ROW")));

	/*
	 * cuvr.rate() labels its insert; an unlabelled one is a row restored by
	 * pg_restore (or written by an admin) and is taken as it is.
	 */
	{
		const char *action = GetConfigOption("cuvr.action", true, false);

		if (action == NULL || strcmp(action, "rate") != 0)
			return PointerGetDatum(NULL);
	}

	rating = trigdata->tg_trigtuple;
	desc = RelationGetDescr(trigdata->tg_relation);
	region = DatumGetInt16(heap_getattr(rating, SPI_fnumber(desc, "region_code"), desc, &isnull));
	rating_id = DatumGetInt64(heap_getattr(rating, SPI_fnumber(desc, "id"), desc, &isnull));
	appeal = DatumGetInt64(heap_getattr(rating, SPI_fnumber(desc, "appeal_id"), desc, &isnull));
	answer = DatumGetInt64(heap_getattr(rating, SPI_fnumber(desc, "answer_id"), desc, &isnull));
	score = DatumGetInt16(heap_getattr(rating, SPI_fnumber(desc, "score"), desc, &isnull));

	SPI_connect();
	args[0] = Int16GetDatum(region);
	args[1] = Int64GetDatum(appeal);

	/* The rating itself is a step of the appeal's history. */
	snprintf(note, sizeof(note), "%d", score);
	snprintf(ref, sizeof(ref), INT64_FORMAT, rating_id);
	cuvr_label("rate", note, ref);
	cuvr_esc_exec(ESC_TOUCH, "UPDATE cuvr.appeal SET status = status WHERE region_code = $1 AND id = $2",
				  2, types, args, NULL, SPI_OK_UPDATE);

	if (score > cuvr_esc_setting("negative_rating_max", 2))
	{
		cuvr_label(NULL, NULL, NULL);
		SPI_finish();
		return PointerGetDatum(NULL);
	}

	/* Who answered, how high the appeal already went, whom it accuses. */
	args[2] = Int64GetDatum(answer);
	cuvr_esc_exec(ESC_ANSWER, "SELECT n.body_id, a.escalation_level, a.accused_body_id, cuvr.coordinator_body(a.region_code) "
				  "FROM cuvr.answer AS n JOIN cuvr.appeal AS a ON a.region_code = n.region_code AND a.id = n.appeal_id "
				  "WHERE n.region_code = $1 AND n.appeal_id = $2 AND n.id = $3",
				  3, types, args, NULL, SPI_OK_SELECT);
	if (SPI_processed != 1)
		elog(ERROR, "cuvr: rated answer %lld of appeal %lld not found", (long long) answer, (long long) appeal);
	answering_body = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull)
		answering_body = 0;
	level = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	accused = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
	if (isnull)
		accused = 0;
	coordinator = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 4, &isnull));
	if (isnull)
		coordinator = 0;

	/* The answering body's parents, nearest first. */
	if (answering_body != 0)
	{
		Oid			bt[1] = {INT4OID};
		Datum		ba[1] = {Int32GetDatum(answering_body)};

		cuvr_esc_exec(ESC_ANCESTORS, "WITH RECURSIVE up(id, depth) AS ("
					  "  SELECT b.parent_id, 1 FROM cuvr.body AS b WHERE b.id = $1 AND b.parent_id IS NOT NULL"
					  "  UNION ALL"
					  "  SELECT b.parent_id, up.depth + 1 FROM up JOIN cuvr.body AS b ON b.id = up.id"
					  "   WHERE b.parent_id IS NOT NULL AND up.depth < " CppAsString2(MAX_ANCESTORS) ")"
					  " SELECT up.id FROM up JOIN cuvr.body AS b ON b.id = up.id WHERE b.active ORDER BY up.depth",
					  1, bt, ba, NULL, SPI_OK_SELECT);
		for (i = 0; i < SPI_processed && nancestors < MAX_ANCESTORS; i++)
			ancestors[nancestors++] = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i],
																  SPI_tuptable->tupdesc, 1, &isnull));
	}

	target = cuvr_escalation_target(ancestors, nancestors, level,
									cuvr_esc_setting("escalation_depth_limit", 2),
									accused, coordinator, &manual);
	/*
	 * Nobody above: the rating must not be lost, so the appeal stays with
	 * the answering body, escalated and under manual control, and the DBA
	 * is told what is missing.
	 */
	if (target == 0)
	{
		target = answering_body;
		manual = true;
		ereport(WARNING,
				(errmsg("appeal %lld has no higher body to escalate to", (long long) appeal),
				 errdetail("The answering body has no higher body, and the region's coordinating body is missing or is the body the complaint is about; the appeal stays with the answering body under manual control."),
				 errhint("Mark a coordinating ЦУР body for region %d (cuvr.body.coordinator).", region)));
	}

	/* Up it goes, with a new re-processing term. */
	snprintf(note, sizeof(note), "rating %d%s", score, manual ? "; manual control at the ЦУР" : "");
	cuvr_label("escalate", note, ref);
	{
		Oid			ut[4] = {INT2OID, INT8OID, INT4OID, BOOLOID};
		Datum		ua[4] = {Int16GetDatum(region), Int64GetDatum(appeal), Int32GetDatum(target),
		BoolGetDatum(manual)};

		cuvr_esc_exec(ESC_UP, "UPDATE cuvr.appeal AS x SET status = 'escalated', body_id = $3, "
					  "  escalation_level = x.escalation_level + 1, manual_control = x.manual_control OR $4, "
					  "  due_at = coalesce(d.due_at, x.due_at), due_estimated = coalesce(d.estimated, x.due_estimated), "
					  "  term_started_at = now(), near_due_at = NULL, overdue_at = NULL "
					  "FROM (SELECT s.due_at, s.estimated FROM cuvr.appeal AS y, "
					  "      LATERAL cuvr.step_deadline('reprocess', y.region_code, y.kind, y.channel, y.expedited, now()) AS s "
					  "      WHERE y.region_code = $1 AND y.id = $2) AS d "
					  "WHERE x.region_code = $1 AND x.id = $2",
					  4, ut, ua, NULL, SPI_OK_UPDATE);
	}
	cuvr_label(NULL, NULL, NULL);
	SPI_finish();
	return PointerGetDatum(NULL);
}
