/*
 * calendar_math.c
 *		Production-calendar arithmetic: compiled calendars and terms.
 *
 * Pure C with no PostgreSQL dependency, so that it can be unit-tested and
 * fuzzed without a server.  Days are numbered like PostgreSQL's date type
 * (0 = 2000-01-01).  A compiled calendar holds the kind of every day of
 * 2000-2099 and prefix counts of term-working days and working minutes, so
 * every term is found by a binary search, whatever its length.
 */
#include <string.h>

#include "cuvr.h"

static const char *const day_kind_names[CUVR_DAY_KIND_COUNT] = {
	"working",
	"weekend",
	"holiday",
	"day_off",
	"decree",
	"shortened",
	"working_weekend",
};

/* Labour Code art. 112: fixed non-working holidays (month, day). */
static const int labour_code_holidays[][2] = {
	{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}, {1, 8},
	{2, 23}, {3, 8}, {5, 1}, {5, 9}, {6, 12}, {11, 4},
};

#define N_LABOUR_CODE_HOLIDAYS (sizeof(labour_code_holidays) / sizeof(labour_code_holidays[0]))

/* Floor division for possibly negative numerators. */
static inline int32_t
floor_div(int32_t a, int32_t b)
{
	return (a >= 0) ? a / b : -((-a + b - 1) / b);
}

/*
 * Days since 2000-01-01 of a proleptic Gregorian date (days-from-civil).
 */
int32_t
cuvr_date_from_ymd(int year, int month, int day)
{
	int32_t		y = year - (month <= 2);
	int32_t		era = floor_div(y, 400);
	int32_t		yoe = y - era * 400;
	int32_t		mp = (month + 9) % 12;
	int32_t		doy = (153 * mp + 2) / 5 + day - 1;
	int32_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	/* 730425 = days from 0000-03-01 to 2000-01-01 */
	return era * 146097 + doe - 730425;
}

/*
 * The year, month and day of a day number (civil-from-days).
 */
void
cuvr_date_to_ymd(int32_t date, int *year, int *month, int *day)
{
	int32_t		z = date + 730425;
	int32_t		era = floor_div(z, 146097);
	int32_t		doe = z - era * 146097;
	int32_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t		mp = (5 * doy + 2) / 153;
	int32_t		m = mp < 10 ? mp + 3 : mp - 9;

	*day = doy - (153 * mp + 2) / 5 + 1;
	*month = m;
	*year = yoe + era * 400 + (m <= 2);
}

/* ISO weekday: 1 = Monday .. 7 = Sunday.  2000-01-01 was a Saturday. */
int
cuvr_date_weekday(int32_t date)
{
	int32_t		r = (date + 5) % 7;

	if (r < 0)
		r += 7;
	return r + 1;
}

/* Name of a day kind as stored in cuvr.calendar_day.kind. */
const char *
cuvr_day_kind_name(CuvrDayKind kind)
{
	if (kind < 0 || kind >= CUVR_DAY_KIND_COUNT)
		return "?";
	return day_kind_names[kind];
}

/* Day kind by name, or CUVR_DAY_KIND_COUNT when unknown. */
CuvrDayKind
cuvr_day_kind_from_name(const char *name)
{
	int			i;

	for (i = 0; i < CUVR_DAY_KIND_COUNT; i++)
		if (strcmp(day_kind_names[i], name) == 0)
			return (CuvrDayKind) i;
	return CUVR_DAY_KIND_COUNT;
}

/* Is a day of this kind a working day by the production calendar? */
bool
cuvr_day_kind_is_working(CuvrDayKind kind)
{
	return kind == CUVR_DAY_WORKING || kind == CUVR_DAY_SHORTENED ||
		kind == CUVR_DAY_WORKING_WEEKEND;
}

/* Is a day in the compiled range? */
bool
cuvr_cal_in_range(int32_t date)
{
	return date >= 0 && date < CUVR_CAL_DAYS;
}

/* Weekday or weekend, nothing else, for every day of a year. */
static void
cal_plain_year(CuvrCalendar *cal, int year)
{
	int32_t		first = cuvr_date_from_ymd(year, 1, 1);
	int32_t		last = cuvr_date_from_ymd(year + 1, 1, 1);
	int32_t		d;

	for (d = first; d < last; d++)
		if (cuvr_cal_in_range(d))
			cal->kind[d] = cuvr_date_weekday(d) >= 6 ? CUVR_DAY_WEEKEND : CUVR_DAY_WORKING;
}

/*
 * The Labour Code's own calendar for a year with no production calendar
 * loaded: art. 112 holidays; a holiday other than the New Year ones that
 * falls on a weekend moves the day off to the next working day (art. 112
 * part 2); the working day before a holiday is shortened (art. 95).
 */
static void
cal_labour_code_year(CuvrCalendar *cal, int year)
{
	size_t		i;

	cal_plain_year(cal, year);
	for (i = 0; i < N_LABOUR_CODE_HOLIDAYS; i++)
		cal->kind[cuvr_date_from_ymd(year, labour_code_holidays[i][0],
									 labour_code_holidays[i][1])] = CUVR_DAY_HOLIDAY;
	for (i = 0; i < N_LABOUR_CODE_HOLIDAYS; i++)
	{
		int32_t		h = cuvr_date_from_ymd(year, labour_code_holidays[i][0],
										   labour_code_holidays[i][1]);
		int32_t		d;

		if (labour_code_holidays[i][0] == 1 || cuvr_date_weekday(h) < 6)
			continue;
		for (d = h + 1; cuvr_cal_in_range(d) && cal->kind[d] != CUVR_DAY_WORKING; d++)
			;
		if (cuvr_cal_in_range(d))
			cal->kind[d] = CUVR_DAY_DAY_OFF;
	}
	for (i = 0; i < N_LABOUR_CODE_HOLIDAYS; i++)
	{
		int32_t		eve = cuvr_date_from_ymd(year, labour_code_holidays[i][0],
											 labour_code_holidays[i][1]) - 1;

		if (cuvr_cal_in_range(eve) && cal->kind[eve] == CUVR_DAY_WORKING)
			cal->kind[eve] = CUVR_DAY_SHORTENED;
	}
}

/*
 * Start a calendar: every year by the Labour Code, none loaded yet.
 */
void
cuvr_cal_init(CuvrCalendar *cal, const CuvrSchedule *schedule, bool decree_moves)
{
	int			year;

	cal->schedule = *schedule;
	cal->decree_moves = decree_moves;
	for (year = CUVR_CAL_FIRST_YEAR; year <= CUVR_CAL_LAST_YEAR; year++)
	{
		cal_labour_code_year(cal, year);
		cal->year_loaded[year - CUVR_CAL_FIRST_YEAR] = false;
	}
}

/*
 * A production calendar for the year is loaded: start the year from plain
 * weekdays and weekends; the calendar's own days are set after.
 */
void
cuvr_cal_clear_year(CuvrCalendar *cal, int year)
{
	if (year < CUVR_CAL_FIRST_YEAR || year > CUVR_CAL_LAST_YEAR)
		return;
	cal_plain_year(cal, year);
	cal->year_loaded[year - CUVR_CAL_FIRST_YEAR] = true;
}

/* Set the kind of one day; days outside the range are ignored. */
void
cuvr_cal_set(CuvrCalendar *cal, int32_t date, CuvrDayKind kind)
{
	if (cuvr_cal_in_range(date) && kind >= 0 && kind < CUVR_DAY_KIND_COUNT)
		cal->kind[date] = kind;
}

/* Does a day count as working for terms (decree days per policy)? */
bool
cuvr_cal_term_working(const CuvrCalendar *cal, int32_t date)
{
	CuvrDayKind kind = cal->kind[date];

	/*
	 * When decree days do not move deadlines they count as the working days
	 * they replaced; a decree day on a weekend stays a day off.
	 */
	return cuvr_day_kind_is_working(kind) ||
		(kind == CUVR_DAY_DECREE && !cal->decree_moves && cuvr_date_weekday(date) < 6);
}

/* Working minutes of a day under the region's schedule. */
int
cuvr_cal_day_minutes(const CuvrCalendar *cal, int32_t date)
{
	const CuvrSchedule *s = &cal->schedule;
	int			minutes;

	if (!cuvr_cal_term_working(cal, date))
		return 0;
	minutes = (s->end - s->start) - (s->break_end - s->break_start);
	if (cal->kind[date] == CUVR_DAY_SHORTENED)
		minutes -= s->shortened_by;
	return minutes > 0 ? minutes : 0;
}

/* Compute the prefix counts once all days are set. */
void
cuvr_cal_finish(CuvrCalendar *cal)
{
	int32_t		d;

	cal->work_prefix[0] = 0;
	cal->minute_prefix[0] = 0;
	for (d = 0; d < CUVR_CAL_DAYS; d++)
	{
		cal->work_prefix[d + 1] = cal->work_prefix[d] + (cuvr_cal_term_working(cal, d) ? 1 : 0);
		cal->minute_prefix[d + 1] = cal->minute_prefix[d] + cuvr_cal_day_minutes(cal, d);
	}
}

/* Does any day from "from" to "to" lie in a year without a loaded calendar? */
bool
cuvr_cal_fallback_between(const CuvrCalendar *cal, int32_t from, int32_t to)
{
	int			y1,
				y2,
				m,
				d,
				y;

	if (from > to)
	{
		int32_t		t = from;

		from = to;
		to = t;
	}
	cuvr_date_to_ymd(from, &y1, &m, &d);
	cuvr_date_to_ymd(to, &y2, &m, &d);
	for (y = y1; y <= y2; y++)
	{
		if (y < CUVR_CAL_FIRST_YEAR || y > CUVR_CAL_LAST_YEAR)
			return true;
		if (!cal->year_loaded[y - CUVR_CAL_FIRST_YEAR])
			return true;
	}
	return false;
}

/*
 * Smallest day j in [lo, CUVR_CAL_DAYS) with prefix[j + 1] >= target, or
 * CUVR_CAL_OUT_OF_RANGE.  The prefix is non-decreasing.
 */
static int32_t
prefix_search(const int32_t *prefix, int32_t lo, int64_t target)
{
	int32_t		hi = CUVR_CAL_DAYS - 1;

	if (lo < 0 || lo >= CUVR_CAL_DAYS || prefix[CUVR_CAL_DAYS] < target)
		return CUVR_CAL_OUT_OF_RANGE;
	while (lo < hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (prefix[mid + 1] >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	return prefix[lo + 1] >= target ? lo : CUVR_CAL_OUT_OF_RANGE;
}

/* The first term-working day on or after a day (ГК ст. 193). */
int32_t
cuvr_cal_next_working(const CuvrCalendar *cal, int32_t date)
{
	if (!cuvr_cal_in_range(date))
		return CUVR_CAL_OUT_OF_RANGE;
	return prefix_search(cal->work_prefix, date, (int64_t) cal->work_prefix[date] + 1);
}

/*
 * Last day of a calendar-day term of n days that starts the day after
 * "date" (ГК ст. 191): date + n, moved to the next working day if it is not
 * one (ГК ст. 193).
 */
int32_t
cuvr_cal_add_calendar_days(const CuvrCalendar *cal, int32_t date, int n)
{
	if (!cuvr_cal_in_range(date) || n < 0 || n > CUVR_CAL_DAYS)
		return CUVR_CAL_OUT_OF_RANGE;
	return cuvr_cal_next_working(cal, date + n);
}

/* The n-th term-working day after "date". */
int32_t
cuvr_cal_add_working_days(const CuvrCalendar *cal, int32_t date, int n)
{
	if (!cuvr_cal_in_range(date) || n < 1)
		return CUVR_CAL_OUT_OF_RANGE;
	return prefix_search(cal->work_prefix, date + 1, (int64_t) cal->work_prefix[date + 1] + n);
}

/* Term-working days after a's day up to and including b's day. */
int32_t
cuvr_cal_working_days_between(const CuvrCalendar *cal, int32_t a, int32_t b)
{
	if (!cuvr_cal_in_range(a) || !cuvr_cal_in_range(b))
		return CUVR_CAL_OUT_OF_RANGE;
	return cal->work_prefix[b + 1] - cal->work_prefix[a + 1];
}

/* Working minutes of a day that lie before a minute of that day. */
static int
minutes_used(const CuvrCalendar *cal, int32_t date, int minute)
{
	const CuvrSchedule *s = &cal->schedule;
	int			total = cuvr_cal_day_minutes(cal, date);
	int			morning = s->break_start - s->start;
	int			used;

	if (total == 0 || minute <= s->start)
		return 0;
	if (minute <= s->break_start)
		used = minute - s->start;
	else if (minute <= s->break_end)
		used = morning;
	else
		used = morning + (minute - s->break_end);
	return used < total ? used : total;
}

/* Does a minute of a day lie inside one of its working periods? */
bool
cuvr_cal_in_working_time(const CuvrCalendar *cal, int32_t date, int minute)
{
	const CuvrSchedule *s = &cal->schedule;
	int			end = s->end;

	if (cuvr_cal_day_minutes(cal, date) == 0)
		return false;
	if (cal->kind[date] == CUVR_DAY_SHORTENED)
		end -= s->shortened_by;
	return (minute >= s->start && minute < s->break_start) ||
		(minute >= s->break_end && minute < end);
}

/* The minute of the day at which the k-th working minute of a day ends. */
static int
minute_at(const CuvrCalendar *cal, int k)
{
	const CuvrSchedule *s = &cal->schedule;
	int			morning = s->break_start - s->start;

	if (k <= morning)
		return s->start + k;
	return s->break_end + (k - morning);
}

/*
 * Add working minutes to an instant given as a day and a minute of that day.
 * Returns false when the result falls outside the compiled range.
 */
bool
cuvr_cal_add_working_minutes(const CuvrCalendar *cal, int32_t date, int minute,
							 int64_t minutes, int32_t *end_date, int *end_minute)
{
	int			used,
				rem;
	int64_t		need;
	int32_t		e;

	if (!cuvr_cal_in_range(date) || minutes < 1)
		return false;
	used = minutes_used(cal, date, minute);
	rem = cuvr_cal_day_minutes(cal, date) - used;
	if (minutes <= rem)
	{
		*end_date = date;
		*end_minute = minute_at(cal, used + (int) minutes);
		return true;
	}
	need = minutes - rem;
	e = prefix_search(cal->minute_prefix, date + 1, (int64_t) cal->minute_prefix[date + 1] + need);
	if (e == CUVR_CAL_OUT_OF_RANGE)
		return false;
	*end_date = e;
	*end_minute = minute_at(cal, (int) (need - (cal->minute_prefix[e] - cal->minute_prefix[date + 1])));
	return true;
}
