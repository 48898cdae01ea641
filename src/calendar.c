/*
 * calendar.c
 *		Deadlines on regional production calendars: the per-backend cache of
 *		compiled calendars and the SQL functions due_date, add_term,
 *		deadline, is_working_day and working_days_between.
 *
 * A region's calendar is compiled once (calendar_math.c) from the federal
 * layer, the region's fixed holidays and its dated overrides, and kept in a
 * hash table.  Each call is then a binary search over prefix counts and
 * uses no SPI.  Changes to the calendar tables, regions or settings fire
 * cuvr.cache_changed(), which invalidates the table's relcache entry in
 * every backend; the relcache callback below then drops the whole cache.
 */
#include "compat.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "cuvr.h"

/* One compiled calendar: a region with its time zone and schedule. */
typedef struct RegionCalendar
{
	int32		region;			/* hash key */
	pg_tz	   *tz;
	char		tzname[64];
	CuvrCalendar *cal;
	bool		warned[CUVR_CAL_YEARS]; /* fallback warning given for year */
} RegionCalendar;

static HTAB *calendar_cache = NULL;
static CuvrCacheState calendar_state = CUVR_CACHE_STATE_INIT;
static MemoryContext calendar_context = NULL;
static bool callback_registered = false;

/* The tables whose changes invalidate calendars, looked up at compile time. */
static const char *const watched_names[] = {
	"region", "setting", "calendar_year", "calendar_day", "regional_holiday"
};

#define N_WATCHED (sizeof(watched_names) / sizeof(watched_names[0]))
static Oid	watched_relids[N_WATCHED];

/* Drop every compiled calendar; the next call recompiles. */
static void
cuvr_calendar_reset(void)
{
	if (calendar_context != NULL)
		MemoryContextReset(calendar_context);
	calendar_cache = NULL;
}

/*
 * Relcache callback: mark the cache stale when a calendar input changes (or on a
 * full reset, InvalidOid).  No catalog access here: the watched relids were
 * looked up when the cache was filled.
 */
static void
cuvr_calendar_relcache_callback(Datum arg, Oid relid)
{
	if (cuvr_relid_watched(relid, watched_relids, N_WATCHED))
		cuvr_cache_invalidated(&calendar_state);
}

/* Minutes after midnight of a time value. */
static int
time_minutes(Datum value)
{
	return (int) (DatumGetTimeADT(value) / USECS_PER_MINUTE);
}

/* Compile the calendar of a region (SPI, once per region and change). */
static void
cuvr_calendar_build(RegionCalendar *entry, int32 region)
{
	Oid			argtypes[1] = {INT2OID};
	Datum		args[1] = {Int16GetDatum((int16) region)};
	CuvrSchedule schedule;
	bool		decree_moves = true;
	bool		isnull;
	uint64		i;
	CuvrCalendar *cal;
	uint64		generation;

	SPI_connect();
	generation = cuvr_cache_load_begin(&calendar_state);

	cuvr_spi_select("SELECT value FROM cuvr.setting WHERE name = 'decree_days_move_deadlines'", 0, NULL, NULL, "calendar");
	if (SPI_processed > 0)
	{
		char	   *value = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		decree_moves = value == NULL || (strcmp(value, "false") != 0 && strcmp(value, "off") != 0 &&
										 strcmp(value, "f") != 0 && strcmp(value, "0") != 0);
	}

	cuvr_spi_select("SELECT tz, work_start, work_end, break_start, break_end, shortened_minutes "
				    "FROM cuvr.region WHERE code = $1", 1, argtypes, args, "calendar");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown region %d", region),
				 errhint("The regions are listed in cuvr.region.")));
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *tzname = SPI_getvalue(tup, desc, 1);

		entry->tz = pg_tzset(tzname);
		if (entry->tz == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("region %d has an unknown time zone \"%s\"", region, tzname),
					 errhint("Set cuvr.region.tz to an IANA time zone such as Europe/Moscow.")));
		strlcpy(entry->tzname, tzname, sizeof(entry->tzname));
		schedule.start = time_minutes(SPI_getbinval(tup, desc, 2, &isnull));
		schedule.end = time_minutes(SPI_getbinval(tup, desc, 3, &isnull));
		schedule.break_start = time_minutes(SPI_getbinval(tup, desc, 4, &isnull));
		schedule.break_end = time_minutes(SPI_getbinval(tup, desc, 5, &isnull));
		schedule.shortened_by = DatumGetInt32(SPI_getbinval(tup, desc, 6, &isnull));
	}

	cal = MemoryContextAllocHuge(calendar_context, sizeof(CuvrCalendar));
	cuvr_cal_init(cal, &schedule, decree_moves);

	/* Federal years with a production calendar start from a plain week. */
	cuvr_spi_select("SELECT year FROM cuvr.calendar_year WHERE region_code = 0", 0, NULL, NULL, "calendar");
	for (i = 0; i < SPI_processed; i++)
		cuvr_cal_clear_year(cal, DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i],
															 SPI_tuptable->tupdesc, 1, &isnull)));

	/* Federal days, then the region's fixed holidays, then its overrides. */
	cuvr_spi_select("SELECT day - date '2000-01-01', kind FROM cuvr.calendar_day "
				    "WHERE region_code = 0", 0, NULL, NULL, "calendar");
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];

		cuvr_cal_set(cal, DatumGetInt32(SPI_getbinval(tup, SPI_tuptable->tupdesc, 1, &isnull)),
					 cuvr_day_kind_from_name(SPI_getvalue(tup, SPI_tuptable->tupdesc, 2)));
	}

	cuvr_spi_select("SELECT month, day, since_year, until_year FROM cuvr.regional_holiday "
				    "WHERE region_code = $1", 1, argtypes, args, "calendar");
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		int			month = DatumGetInt16(SPI_getbinval(tup, desc, 1, &isnull));
		int			day = DatumGetInt16(SPI_getbinval(tup, desc, 2, &isnull));
		int			since = DatumGetInt32(SPI_getbinval(tup, desc, 3, &isnull));
		int			until = DatumGetInt32(SPI_getbinval(tup, desc, 4, &isnull));
		int			year;

		for (year = Max(since, CUVR_CAL_FIRST_YEAR); year <= Min(until, CUVR_CAL_LAST_YEAR); year++)
		{
			int32		date = cuvr_date_from_ymd(year, month, day);
			int			y,
						m,
						d;

			/* 29 February exists only in leap years. */
			cuvr_date_to_ymd(date, &y, &m, &d);
			if (m == month && d == day && cuvr_day_kind_is_working(cal->kind[date]))
				cuvr_cal_set(cal, date, CUVR_DAY_HOLIDAY);
		}
	}

	cuvr_spi_select("SELECT day - date '2000-01-01', kind FROM cuvr.calendar_day "
				    "WHERE region_code = $1", 1, argtypes, args, "calendar");
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];

		cuvr_cal_set(cal, DatumGetInt32(SPI_getbinval(tup, SPI_tuptable->tupdesc, 1, &isnull)),
					 cuvr_day_kind_from_name(SPI_getvalue(tup, SPI_tuptable->tupdesc, 2)));
	}

	cuvr_cache_load_end(&calendar_state, generation);
	SPI_finish();

	cuvr_cal_finish(cal);
	entry->cal = cal;
	memset(entry->warned, 0, sizeof(entry->warned));
}

/* The compiled calendar of a region, compiling it on first use. */
static RegionCalendar *
cuvr_calendar_get(int32 region)
{
	RegionCalendar *entry;
	bool		found;

	if (region < 1 || region > 99)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown region %d", region),
				 errhint("The regions are listed in cuvr.region.")));
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(cuvr_calendar_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (calendar_context == NULL)
		calendar_context = AllocSetContextCreate(CacheMemoryContext, "cuvr calendars",
												 ALLOCSET_DEFAULT_SIZES);
	if (calendar_cache == NULL || calendar_state.stale)
	{
		HASHCTL		ctl;

		cuvr_calendar_reset();
		calendar_state.stale = false;
		cuvr_watch_relids(watched_names, N_WATCHED, watched_relids);

		ctl.keysize = sizeof(int32);
		ctl.entrysize = sizeof(RegionCalendar);
		ctl.hcxt = calendar_context;
		calendar_cache = hash_create("cuvr calendars", 16, &ctl,
									 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	entry = hash_search(calendar_cache, &region, HASH_ENTER, &found);
	if (!found || entry->cal == NULL)
	{
		entry->cal = NULL;
		PG_TRY();
		{
			cuvr_calendar_build(entry, region);
		}
		PG_CATCH();
		{
			hash_search(calendar_cache, &region, HASH_REMOVE, NULL);
			PG_RE_THROW();
		}
		PG_END_TRY();
	}
	return entry;
}

/* Local day number and second of the day of an instant in a region. */
static void
cuvr_local_day(RegionCalendar *rc, TimestampTz ts, int32 *date, int *second)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	if (TIMESTAMP_NOT_FINITE(ts) ||
		timestamp2tm(ts, &tz, &tm, &fsec, NULL, rc->tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range for a deadline")));
	*date = cuvr_date_from_ymd(tm.tm_year, tm.tm_mon, tm.tm_mday);
	*second = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

/*
 * The local date of an instant in a region, as timezone(region.tz, ts)::date
 * (for the KPI delta trigger, which must not run a query per row).
 */
DateADT
cuvr_region_local_date(int32 region, TimestampTz ts)
{
	RegionCalendar *rc = cuvr_calendar_get(region);
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	if (TIMESTAMP_NOT_FINITE(ts) ||
		timestamp2tm(ts, &tz, &tm, &fsec, NULL, rc->tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range for a KPI day")));
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}

/* The instant of a local day and second of the day in a region. */
static TimestampTz
cuvr_local_instant(RegionCalendar *rc, int32 date, int second)
{
	struct pg_tm tm;
	int			tz;
	Timestamp	result;

	memset(&tm, 0, sizeof(tm));
	cuvr_date_to_ymd(date, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_hour = second / 3600;
	tm.tm_min = (second / 60) % 60;
	tm.tm_sec = second % 60;
	tz = DetermineTimeZoneOffset(&tm, rc->tz);
	if (tm2timestamp(&tm, 0, &tz, &result) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("deadline out of range")));
	return result;
}

/* Error for a term whose end lies outside 2000-2099. */
static void
cuvr_out_of_calendar(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("deadline falls outside the calendar range"),
			 errdetail("Deadlines are computed for days from 2000-01-01 to 2099-12-31.")));
}

/*
 * The deadline of a term started by an event at "start" in a region: the
 * last allowed day, the deadline instant, and whether a year without a
 * loaded production calendar was used.
 */
static void
cuvr_compute_deadline(int32 region, TimestampTz start, CuvrTerm term,
					  int32 *due_day, TimestampTz *due_at, bool *estimated,
					  RegionCalendar **rcp)
{
	RegionCalendar *rc = cuvr_calendar_get(region);
	int32		day;
	int			second;

	*rcp = rc;
	cuvr_local_day(rc, start, &day, &second);
	if (!cuvr_cal_in_range(day))
		cuvr_out_of_calendar();

	switch (term.unit)
	{
		case CUVR_TERM_CALENDAR_DAYS:
		case CUVR_TERM_WORKING_DAYS:
			*due_day = term.unit == CUVR_TERM_CALENDAR_DAYS ?
				cuvr_cal_add_calendar_days(rc->cal, day, term.value) :
				cuvr_cal_add_working_days(rc->cal, day, term.value);
			if (*due_day == CUVR_CAL_OUT_OF_RANGE || *due_day + 1 >= CUVR_CAL_DAYS)
				cuvr_out_of_calendar();
			/* The term ends at 24:00 local of its last day. */
			*due_at = cuvr_local_instant(rc, *due_day + 1, 0);
			*estimated = cuvr_cal_fallback_between(rc->cal, day, *due_day);
			break;
		case CUVR_TERM_WORKING_HOURS:
			{
				int32		end_day;
				int			end_minute;
				int			carry = second % 60;

				if (!cuvr_cal_add_working_minutes(rc->cal, day, second / 60,
												  (int64) term.value * 60, &end_day, &end_minute))
					cuvr_out_of_calendar();
				/* Seconds of the start carry over when it lies in working time. */
				if (!cuvr_cal_in_working_time(rc->cal, day, second / 60))
					carry = 0;
				*due_at = cuvr_local_instant(rc, end_day, end_minute * 60 + carry);
				*due_day = end_day;
				*estimated = cuvr_cal_fallback_between(rc->cal, day, end_day);
				break;
			}
		case CUVR_TERM_HOURS:
			{
				int			s;

				*due_at = start + (TimestampTz) term.value * USECS_PER_HOUR;
				cuvr_local_day(rc, *due_at, due_day, &s);
				/* Like every other deadline, it must fall within 2000-2099. */
				if (!cuvr_cal_in_range(*due_day))
					cuvr_out_of_calendar();
				*estimated = false;
				break;
			}
		default:
			elog(ERROR, "cuvr: invalid term unit %d", term.unit);
	}
}

/* Warn once per backend, region and year that the Labour Code was used. */
static void
cuvr_warn_estimated(RegionCalendar *rc, int32 region, TimestampTz start, int32 due_day)
{
	int32		day;
	int			second,
				y1,
				y2,
				m,
				d,
				y;

	cuvr_local_day(rc, start, &day, &second);
	cuvr_date_to_ymd(day, &y1, &m, &d);
	cuvr_date_to_ymd(due_day, &y2, &m, &d);
	for (y = y1; y <= y2; y++)
	{
		if (y < CUVR_CAL_FIRST_YEAR || y > CUVR_CAL_LAST_YEAR ||
			rc->cal->year_loaded[y - CUVR_CAL_FIRST_YEAR] ||
			rc->warned[y - CUVR_CAL_FIRST_YEAR])
			continue;
		rc->warned[y - CUVR_CAL_FIRST_YEAR] = true;
		ereport(WARNING,
				(errmsg("no production calendar is loaded for %d; region %d uses the Labour Code", y, region),
				 errdetail("Deadlines in %d count the holidays of ТК ст. 112 and weekends only, without the government's transfers of days off.", y),
				 errhint("Load the year with cuvr.load_xmlcalendar().")));
	}
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_deadline);
PG_FUNCTION_INFO_V1(cuvr_due_date_int2);
PG_FUNCTION_INFO_V1(cuvr_due_date_int4);
PG_FUNCTION_INFO_V1(cuvr_add_term_int2);
PG_FUNCTION_INFO_V1(cuvr_add_term_int4);
PG_FUNCTION_INFO_V1(cuvr_is_working_day_int2);
PG_FUNCTION_INFO_V1(cuvr_is_working_day_int4);
PG_FUNCTION_INFO_V1(cuvr_working_days_between_int2);
PG_FUNCTION_INFO_V1(cuvr_working_days_between_int4);

/*
 * The deadline instant of a term in a region and whether it was estimated
 * without a loaded calendar, for cuvr.step_deadline() (no warning: the flag
 * is stored on the appeal).
 */
void
cuvr_deadline_of(int32 region, TimestampTz start, Datum term, TimestampTz *due_at, bool *estimated)
{
	int32		due_day;
	RegionCalendar *rc;

	cuvr_compute_deadline(region, start, cuvr_term_from_datum(term), &due_day, due_at, estimated, &rc);
}

/*
 * cuvr.deadline(start, term, region) -> (due_at, due_date, estimated),
 * without a warning: registration stores the flag on the appeal.
 */
Datum
cuvr_deadline(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int32		due_day;
	TimestampTz due_at;
	bool		estimated;
	RegionCalendar *rc;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "cuvr: deadline() must return a record");
	cuvr_compute_deadline(PG_GETARG_INT32(2), PG_GETARG_TIMESTAMPTZ(0),
						  cuvr_term_from_datum(PG_GETARG_DATUM(1)),
						  &due_day, &due_at, &estimated, &rc);
	values[0] = TimestampTzGetDatum(due_at);
	values[1] = DateADTGetDatum(due_day);
	values[2] = BoolGetDatum(estimated);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/* due_date and add_term share this; "want_day" picks the result. */
static Datum
cuvr_term_end(FunctionCallInfo fcinfo, int32 region, bool want_day)
{
	TimestampTz start = PG_GETARG_TIMESTAMPTZ(0);
	int32		due_day;
	TimestampTz due_at;
	bool		estimated;
	RegionCalendar *rc;

	cuvr_compute_deadline(region, start, cuvr_term_from_datum(PG_GETARG_DATUM(1)),
						  &due_day, &due_at, &estimated, &rc);
	if (estimated)
		cuvr_warn_estimated(rc, region, start, due_day);
	if (want_day)
		return DateADTGetDatum(due_day);
	return TimestampTzGetDatum(due_at);
}

/* cuvr.due_date(start, term, region smallint) */
Datum
cuvr_due_date_int2(PG_FUNCTION_ARGS)
{
	return cuvr_term_end(fcinfo, PG_GETARG_INT16(2), true);
}

/* cuvr.due_date(start, term, region integer) */
Datum
cuvr_due_date_int4(PG_FUNCTION_ARGS)
{
	return cuvr_term_end(fcinfo, PG_GETARG_INT32(2), true);
}

/* cuvr.add_term(start, term, region smallint) */
Datum
cuvr_add_term_int2(PG_FUNCTION_ARGS)
{
	return cuvr_term_end(fcinfo, PG_GETARG_INT16(2), false);
}

/* cuvr.add_term(start, term, region integer) */
Datum
cuvr_add_term_int4(PG_FUNCTION_ARGS)
{
	return cuvr_term_end(fcinfo, PG_GETARG_INT32(2), false);
}

/* Is a day a working day of the production calendar? */
static Datum
cuvr_is_working_day(DateADT day, int32 region)
{
	RegionCalendar *rc = cuvr_calendar_get(region);

	if (DATE_NOT_FINITE(day) || !cuvr_cal_in_range(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("day %s is outside the calendar range",
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day)))),
				 errdetail("Production calendars cover the days from 2000-01-01 to 2099-12-31.")));
	return BoolGetDatum(cuvr_day_kind_is_working(rc->cal->kind[day]));
}

/* cuvr.is_working_day(day, region smallint) */
Datum
cuvr_is_working_day_int2(PG_FUNCTION_ARGS)
{
	return cuvr_is_working_day(PG_GETARG_DATEADT(0), PG_GETARG_INT16(1));
}

/* cuvr.is_working_day(day, region integer) */
Datum
cuvr_is_working_day_int4(PG_FUNCTION_ARGS)
{
	return cuvr_is_working_day(PG_GETARG_DATEADT(0), PG_GETARG_INT32(1));
}

/*
 * Working days after a's local date up to and including b's local date.
 * Both days must lie in the calendar range; infinite or far-off instants
 * are refused with the same error, which names the count, not a deadline.
 */
static Datum
cuvr_working_days_between(TimestampTz a, TimestampTz b, int32 region)
{
	RegionCalendar *rc = cuvr_calendar_get(region);
	int32		da = 0,
				db = 0;
	int			s;

	if (!TIMESTAMP_NOT_FINITE(a) && !TIMESTAMP_NOT_FINITE(b))
	{
		cuvr_local_day(rc, a, &da, &s);
		cuvr_local_day(rc, b, &db, &s);
	}
	if (TIMESTAMP_NOT_FINITE(a) || TIMESTAMP_NOT_FINITE(b) ||
		!cuvr_cal_in_range(da) || !cuvr_cal_in_range(db))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("cannot count working days outside the calendar range"),
				 errdetail("Working days are counted between 2000-01-01 and 2099-12-31.")));
	return Int32GetDatum(cuvr_cal_working_days_between(rc->cal, da, db));
}

/* cuvr.working_days_between(a, b, region smallint) */
Datum
cuvr_working_days_between_int2(PG_FUNCTION_ARGS)
{
	return cuvr_working_days_between(PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_TIMESTAMPTZ(1),
									 PG_GETARG_INT16(2));
}

/* cuvr.working_days_between(a, b, region integer) */
Datum
cuvr_working_days_between_int4(PG_FUNCTION_ARGS)
{
	return cuvr_working_days_between(PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_TIMESTAMPTZ(1),
									 PG_GETARG_INT32(2));
}
