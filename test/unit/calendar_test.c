/*
 * calendar_test.c
 *		Unit test of production-calendar arithmetic (src/calendar_math.c),
 *		no server.  Prints TAP.
 *
 * Expected day numbers were computed independently (Python's datetime);
 * the whole 2000-2099 range is also checked against a naive day counter,
 * and the term arithmetic against naive day-by-day (and minute-by-minute)
 * walks over the compiled calendar.  A CuvrCalendar is ~330 KB, so it
 * lives on the heap.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuvr.h"

static int	tests = 0;
static int	failures = 0;

/* Record one TAP result; the description is a printf format. */
static void
check(int ok, const char *fmt,...)
{
	va_list		ap;

	tests++;
	if (!ok)
		failures++;
	printf("%s %d - ", ok ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Day number of a date, for brevity. */
static int32_t
D(int y, int m, int d)
{
	return cuvr_date_from_ymd(y, m, d);
}

/* Minutes after midnight. */
#define HM(h, m) ((h) * 60 + (m))

/* The schedule of the brief: 09:00-18:00, break 13:00-14:00, -60 on eves. */
static const CuvrSchedule office = {HM(9, 0), HM(18, 0), HM(13, 0), HM(14, 0), 60};

static CuvrCalendar *
new_calendar(const CuvrSchedule *s, bool decree_moves)
{
	CuvrCalendar *cal = malloc(sizeof(CuvrCalendar));

	if (cal == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	cuvr_cal_init(cal, s, decree_moves);
	cuvr_cal_finish(cal);
	return cal;
}

/* Fixed-seed xorshift32, so that the run is the same on every libc. */
static uint32_t rng_state = 20240427u;

static uint32_t
rng(void)
{
	uint32_t	x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rng_state = x;
}

static int
rng_between(int lo, int hi)
{
	return lo + (int) (rng() % (uint32_t) (hi - lo + 1));
}

/* Naive: the n-th term-working day after d, walking day by day. */
static int32_t
naive_add_working_days(const CuvrCalendar *cal, int32_t d, int n)
{
	int32_t		x = d;

	if (d < 0 || d >= CUVR_CAL_DAYS || n < 1)
		return CUVR_CAL_OUT_OF_RANGE;
	while (n > 0)
	{
		x++;
		if (x >= CUVR_CAL_DAYS)
			return CUVR_CAL_OUT_OF_RANGE;
		if (cuvr_cal_term_working(cal, x))
			n--;
	}
	return x;
}

/* Naive: d + n, then forward to a term-working day. */
static int32_t
naive_add_calendar_days(const CuvrCalendar *cal, int32_t d, int n)
{
	int32_t		x;

	if (d < 0 || d >= CUVR_CAL_DAYS || n < 0)
		return CUVR_CAL_OUT_OF_RANGE;
	for (x = d + n; x < CUVR_CAL_DAYS; x++)
		if (cuvr_cal_term_working(cal, x))
			return x;
	return CUVR_CAL_OUT_OF_RANGE;
}

/* Naive: term-working days in (a, b], negative when b < a. */
static int32_t
naive_between(const CuvrCalendar *cal, int32_t a, int32_t b)
{
	int32_t		lo = a < b ? a : b,
				hi = a < b ? b : a,
				x,
				n = 0;

	for (x = lo + 1; x <= hi; x++)
		n += cuvr_cal_term_working(cal, x) ? 1 : 0;
	return a <= b ? n : -n;
}

/* Is minute m (the minute [m, m+1)) of day d working time? */
static bool
naive_working_minute(const CuvrCalendar *cal, int32_t d, int m)
{
	const CuvrSchedule *s = &cal->schedule;
	int			total = cuvr_cal_day_minutes(cal, d);
	int			morning = s->break_start - s->start;

	if (total == 0)
		return false;
	if (m >= s->start && m < s->break_start && m - s->start < total)
		return true;
	return m >= s->break_end && m < s->break_end + (total - morning);
}

/* Naive: walk minute by minute. */
static bool
naive_add_minutes(const CuvrCalendar *cal, int32_t d, int minute, int64_t n,
				  int32_t *ed, int *em)
{
	int			m = minute;

	if (d < 0 || d >= CUVR_CAL_DAYS || n < 1)
		return false;
	for (;;)
	{
		for (; m < 1440; m++)
			if (naive_working_minute(cal, d, m) && --n == 0)
			{
				*ed = d;
				*em = m + 1;
				return true;
			}
		d++;
		m = 0;
		if (d >= CUVR_CAL_DAYS)
			return false;
	}
}

static const char *
fmt_day(int32_t d, char *buf)
{
	int			y,
				m,
				dd;

	if (d == CUVR_CAL_OUT_OF_RANGE)
		return strcpy(buf, "out of range");
	cuvr_date_to_ymd(d, &y, &m, &dd);
	sprintf(buf, "%04d-%02d-%02d", y, m, dd);
	return buf;
}

/* Check one add_working_minutes call against an expected day and minute. */
static void
check_minutes(const CuvrCalendar *cal, int32_t d, int minute, int64_t n,
			  int32_t want_d, int want_m, const char *what)
{
	int32_t		ed = -1;
	int			em = -1;
	bool		ok = cuvr_cal_add_working_minutes(cal, d, minute, n, &ed, &em);
	char		b1[32];

	check(ok && ed == want_d && em == want_m, "%s: got %s %02d:%02d", what,
		  ok ? fmt_day(ed, b1) : "false", em / 60, em % 60);
}

static void
test_dates(void)
{
	int			y,
				m,
				d,
				dim,
				bad_from = 0,
				bad_to = 0,
				bad_wd = 0,
				leap_days = 0;
	int32_t		n = 0;
	int			wd = 6;			/* 2000-01-01 was a Saturday */
	static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	check(D(2000, 1, 1) == 0, "2000-01-01 is day 0");
	check(D(2000, 3, 1) == 60, "2000-03-01 is day 60 (2000 is a leap year)");
	check(D(2024, 4, 27) == 8883, "2024-04-27 is day 8883");
	check(D(2024, 2, 29) == 8825, "2024-02-29 is day 8825");
	check(D(2099, 12, 31) == 36524 && D(2099, 12, 31) == CUVR_CAL_DAYS - 1,
		  "2099-12-31 is the last compiled day, 36524");
	check(D(1999, 12, 31) == -1, "1999-12-31 is day -1");
	check(D(1900, 3, 1) == -36465, "1900-03-01 is day -36465");
	check(D(1600, 2, 29) == -146038, "1600-02-29 is day -146038");
	check(D(2100, 3, 1) - D(2100, 2, 28) == 1, "2100 is not a leap year (outside the range)");
	check(D(2000, 3, 1) - D(2000, 2, 28) == 2, "2000 is a leap year");
	check(D(2096, 3, 1) - D(2096, 2, 28) == 2, "2096 is a leap year");
	check(D(2100, 1, 1) == CUVR_CAL_DAYS, "2100-01-01 is just past the range");
	cuvr_date_to_ymd(-1, &y, &m, &d);
	check(y == 1999 && m == 12 && d == 31, "day -1 is 1999-12-31");
	cuvr_date_to_ymd(-146038, &y, &m, &d);
	check(y == 1600 && m == 2 && d == 29, "day -146038 is 1600-02-29");
	cuvr_date_to_ymd(8883, &y, &m, &d);
	check(y == 2024 && m == 4 && d == 27, "day 8883 is 2024-04-27");

	/* Every day 2000-01-01 .. 2099-12-31 against a naive counter. */
	for (y = 2000; y <= 2099; y++)
		for (m = 1; m <= 12; m++)
		{
			bool		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

			dim = month_days[m - 1] + (m == 2 && leap);
			for (d = 1; d <= dim; d++, n++, wd = wd % 7 + 1)
			{
				int			yy,
							mm,
							dd;

				if (m == 2 && d == 29)
					leap_days++;
				if (cuvr_date_from_ymd(y, m, d) != n)
					bad_from++;
				cuvr_date_to_ymd(n, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					bad_to++;
				if (cuvr_date_weekday(n) != wd)
					bad_wd++;
			}
		}
	check(n == CUVR_CAL_DAYS, "2000..2099 has %d days", (int) n);
	check(leap_days == 25, "25 leap days in 2000..2099");
	check(bad_from == 0, "cuvr_date_from_ymd of every day 2000..2099 (%d wrong)", bad_from);
	check(bad_to == 0, "cuvr_date_to_ymd of every day 2000..2099 (%d wrong)", bad_to);
	check(bad_wd == 0, "weekday of every day 2000..2099 (%d wrong)", bad_wd);

	check(cuvr_date_weekday(0) == 6, "2000-01-01 was a Saturday");
	check(cuvr_date_weekday(D(2024, 4, 27)) == 6, "2024-04-27 was a Saturday");
	check(cuvr_date_weekday(D(2030, 4, 15)) == 1, "2030-04-15 is a Monday");
	check(cuvr_date_weekday(-1) == 5, "1999-12-31 was a Friday (negative day)");
	check(cuvr_date_weekday(-146038) == 2, "1600-02-29 was a Tuesday");
	check(cuvr_date_weekday(D(2099, 12, 31)) == 4, "2099-12-31 is a Thursday");
}

static void
test_kinds(void)
{
	int			k;

	for (k = 0; k < CUVR_DAY_KIND_COUNT; k++)
		check((int) cuvr_day_kind_from_name(cuvr_day_kind_name((CuvrDayKind) k)) == k,
			  "day kind name round trip: %s", cuvr_day_kind_name((CuvrDayKind) k));
	check(strcmp(cuvr_day_kind_name(CUVR_DAY_WORKING_WEEKEND), "working_weekend") == 0,
		  "working_weekend name");
	check(strcmp(cuvr_day_kind_name(CUVR_DAY_DAY_OFF), "day_off") == 0, "day_off name");
	check(cuvr_day_kind_from_name("Holiday") == CUVR_DAY_KIND_COUNT, "names are case-sensitive");
	check(cuvr_day_kind_from_name("") == CUVR_DAY_KIND_COUNT, "empty is no kind");
	check(cuvr_day_kind_from_name("work") == CUVR_DAY_KIND_COUNT, "prefix is no kind");
	check(strcmp(cuvr_day_kind_name(CUVR_DAY_KIND_COUNT), "?") == 0, "kind out of range has no name");
	check(strcmp(cuvr_day_kind_name((CuvrDayKind) -1), "?") == 0, "negative kind has no name");
	check(cuvr_day_kind_is_working(CUVR_DAY_WORKING) && cuvr_day_kind_is_working(CUVR_DAY_SHORTENED) &&
		  cuvr_day_kind_is_working(CUVR_DAY_WORKING_WEEKEND),
		  "working, shortened and working_weekend are working");
	check(!cuvr_day_kind_is_working(CUVR_DAY_WEEKEND) && !cuvr_day_kind_is_working(CUVR_DAY_HOLIDAY) &&
		  !cuvr_day_kind_is_working(CUVR_DAY_DAY_OFF) && !cuvr_day_kind_is_working(CUVR_DAY_DECREE),
		  "weekend, holiday, day_off and decree are not working");
}

/* The Labour Code fallback calendar, nothing loaded. */
static void
test_labour_code(const CuvrCalendar *cal)
{
	int			d,
				y,
				bad = 0;

	for (d = 1; d <= 8; d++)
		check(cal->kind[D(2030, 1, d)] == CUVR_DAY_HOLIDAY, "2030-01-%02d is a holiday", d);
	check(cal->kind[D(2030, 1, 9)] == CUVR_DAY_WORKING,
		  "2030-01-09 is plain working: New Year holidays on a weekend do not move");
	check(cal->kind[D(2029, 12, 31)] == CUVR_DAY_SHORTENED, "2029-12-31 (eve of New Year) is shortened");
	/* 2030-02-23 is a Saturday */
	check(cuvr_date_weekday(D(2030, 2, 23)) == 6, "2030-02-23 is a Saturday");
	check(cal->kind[D(2030, 2, 23)] == CUVR_DAY_HOLIDAY, "2030-02-23 is a holiday");
	check(cal->kind[D(2030, 2, 24)] == CUVR_DAY_WEEKEND, "2030-02-24 (Sunday) stays a weekend");
	check(cal->kind[D(2030, 2, 25)] == CUVR_DAY_DAY_OFF, "2030-02-25 (Monday) is the moved day off");
	check(cal->kind[D(2030, 2, 26)] == CUVR_DAY_WORKING, "2030-02-26 is working");
	check(cal->kind[D(2030, 2, 22)] == CUVR_DAY_SHORTENED, "2030-02-22 (Friday, eve of 23 Feb) is shortened");
	/* 2025-02-23 is a Sunday: the Monday is the day off, the Friday is not an eve */
	check(cal->kind[D(2025, 2, 24)] == CUVR_DAY_DAY_OFF, "2025-02-23 (Sunday) moves to Monday 24 Feb");
	check(cal->kind[D(2025, 2, 21)] == CUVR_DAY_WORKING, "2025-02-21 (Friday before a Sunday holiday) is plain");
	check(cal->kind[D(2030, 3, 8)] == CUVR_DAY_HOLIDAY && cal->kind[D(2030, 3, 7)] == CUVR_DAY_SHORTENED,
		  "2030-03-08 (Friday) holiday, 7 March shortened");
	check(cal->kind[D(2030, 3, 11)] == CUVR_DAY_WORKING, "a weekday holiday moves nothing");
	check(cal->kind[D(2030, 4, 30)] == CUVR_DAY_SHORTENED && cal->kind[D(2030, 5, 8)] == CUVR_DAY_SHORTENED,
		  "eves of 1 and 9 May are shortened");
	check(cal->kind[D(2030, 11, 4)] == CUVR_DAY_HOLIDAY, "4 November is a holiday");
	check(cal->kind[D(2030, 6, 12)] == CUVR_DAY_HOLIDAY, "12 June is a holiday");
	check(cal->kind[D(2030, 4, 20)] == CUVR_DAY_WEEKEND && cal->kind[D(2030, 4, 15)] == CUVR_DAY_WORKING,
		  "plain Saturday and Monday");
	for (y = 0; y < CUVR_CAL_YEARS; y++)
		bad += cal->year_loaded[y] ? 1 : 0;
	check(bad == 0, "no year is loaded after init");
	/* 14 holidays a year, always */
	bad = 0;
	for (y = 2000; y <= 2099; y++)
	{
		int32_t		x,
					h = 0;

		for (x = D(y, 1, 1); x < D(y + 1, 1, 1); x++)
			h += cal->kind[x] == CUVR_DAY_HOLIDAY;
		bad += h != 14;
	}
	check(bad == 0, "every fallback year has the 14 holidays of art. 112 (%d years differ)", bad);
	check(cuvr_cal_day_minutes(cal, D(2030, 4, 15)) == 480, "a normal day has 480 minutes");
	check(cuvr_cal_day_minutes(cal, D(2030, 2, 22)) == 420, "a shortened day has 420 minutes");
	check(cuvr_cal_day_minutes(cal, D(2030, 2, 23)) == 0, "a holiday has 0 minutes");
	check(cuvr_cal_day_minutes(cal, D(2030, 2, 25)) == 0, "a moved day off has 0 minutes");
	check(cuvr_cal_day_minutes(cal, D(2030, 4, 20)) == 0, "a Saturday has 0 minutes");
	check(cal->work_prefix[0] == 0 && cal->minute_prefix[0] == 0, "prefixes start at 0");
	check(cal->work_prefix[D(2030, 4, 22)] - cal->work_prefix[D(2030, 4, 15)] == 5,
		  "a plain week has 5 working days");
	check(cal->minute_prefix[D(2030, 4, 22)] - cal->minute_prefix[D(2030, 4, 15)] == 5 * 480,
		  "a plain week has 2400 working minutes");
}

static void
test_terms(const CuvrCalendar *cal)
{
	char		b[32];
	int32_t		mon = D(2030, 4, 15),
				fri = D(2030, 4, 19),
				sat = D(2030, 4, 20);

	/* cuvr_cal_next_working */
	check(cuvr_cal_next_working(cal, mon) == mon, "next working of a Monday is itself");
	check(cuvr_cal_next_working(cal, sat) == D(2030, 4, 22), "next working of a Saturday is Monday");
	check(cuvr_cal_next_working(cal, D(2030, 2, 23)) == D(2030, 2, 26),
		  "next working of 23 Feb 2030 skips the moved day off: %s",
		  fmt_day(cuvr_cal_next_working(cal, D(2030, 2, 23)), b));
	check(cuvr_cal_next_working(cal, D(2030, 1, 1)) == D(2030, 1, 9), "next working of 1 Jan 2030 is 9 Jan");
	check(cuvr_cal_next_working(cal, D(2030, 2, 22)) == D(2030, 2, 22), "a shortened day is working");

	/* cuvr_cal_add_calendar_days: ГК 191/193 */
	check(cuvr_cal_add_calendar_days(cal, mon, 3) == D(2030, 4, 18), "Monday + 3 cd = Thursday");
	check(cuvr_cal_add_calendar_days(cal, mon, 5) == D(2030, 4, 22), "Monday + 5 cd = Saturday -> Monday");
	check(cuvr_cal_add_calendar_days(cal, mon, 0) == mon, "+0 cd is the day itself");
	check(cuvr_cal_add_calendar_days(cal, sat, 0) == D(2030, 4, 22), "Saturday + 0 cd moves to Monday");
	check(cuvr_cal_add_calendar_days(cal, D(2029, 12, 22), 10) == D(2030, 1, 9),
		  "2029-12-22 + 10 cd = 1 Jan -> 9 Jan");
	check(cuvr_cal_add_calendar_days(cal, D(2030, 1, 23), 30) == D(2030, 2, 22),
		  "2030-01-23 + 30 cd = 22 Feb (shortened, still working): got %s",
		  fmt_day(cuvr_cal_add_calendar_days(cal, D(2030, 1, 23), 30), b));
	check(cuvr_cal_add_calendar_days(cal, D(2030, 1, 24), 30) == D(2030, 2, 26),
		  "2030-01-24 + 30 cd = 23 Feb -> 26 Feb");
	check(cuvr_cal_add_calendar_days(cal, mon, -1) == CUVR_CAL_OUT_OF_RANGE, "negative cd is out of range");
	check(cuvr_cal_add_calendar_days(cal, mon, CUVR_CAL_DAYS + 1) == CUVR_CAL_OUT_OF_RANGE, "huge cd is out of range");
	check(cuvr_cal_add_calendar_days(cal, D(2099, 12, 20), 30) == CUVR_CAL_OUT_OF_RANGE,
		  "cd past 2099 is out of range");
	check(cuvr_cal_add_calendar_days(cal, -1, 5) == CUVR_CAL_OUT_OF_RANGE, "cd from a negative day is out of range");

	/* cuvr_cal_add_working_days */
	check(cuvr_cal_add_working_days(cal, mon, 1) == D(2030, 4, 16), "Monday + 1 wd = Tuesday");
	check(cuvr_cal_add_working_days(cal, fri, 1) == D(2030, 4, 22), "Friday + 1 wd = Monday");
	check(cuvr_cal_add_working_days(cal, sat, 1) == D(2030, 4, 22), "Saturday + 1 wd = Monday");
	check(cuvr_cal_add_working_days(cal, mon, 5) == D(2030, 4, 22), "Monday + 5 wd = next Monday");
	check(cuvr_cal_add_working_days(cal, D(2030, 2, 21), 2) == D(2030, 2, 26),
		  "Thursday 21 Feb 2030 + 2 wd = 26 Feb (22 shortened counts, 23-25 off)");
	check(cuvr_cal_add_working_days(cal, D(2029, 12, 29), 2) == D(2030, 1, 9),
		  "2029-12-29 + 2 wd = 9 Jan 2030: got %s",
		  fmt_day(cuvr_cal_add_working_days(cal, D(2029, 12, 29), 2), b));
	check(cuvr_cal_add_working_days(cal, mon, 0) == CUVR_CAL_OUT_OF_RANGE, "0 wd is rejected");
	check(cuvr_cal_add_working_days(cal, mon, -3) == CUVR_CAL_OUT_OF_RANGE, "negative wd is rejected");
	check(cuvr_cal_add_working_days(cal, D(2099, 12, 31), 1) == CUVR_CAL_OUT_OF_RANGE,
		  "wd from the last day is out of range");
	check(cuvr_cal_add_working_days(cal, D(2099, 12, 1), 30) == CUVR_CAL_OUT_OF_RANGE,
		  "wd past 2099 is out of range");
	check(cuvr_cal_add_working_days(cal, -1, 1) == CUVR_CAL_OUT_OF_RANGE, "wd from a negative day is out of range");
	check(cuvr_cal_add_working_days(cal, CUVR_CAL_DAYS, 1) == CUVR_CAL_OUT_OF_RANGE,
		  "wd from 2100-01-01 is out of range");

	/* cuvr_cal_working_days_between */
	check(cuvr_cal_working_days_between(cal, mon, mon) == 0, "between a day and itself is 0");
	check(cuvr_cal_working_days_between(cal, mon, D(2030, 4, 22)) == 5, "Monday to next Monday is 5");
	check(cuvr_cal_working_days_between(cal, D(2030, 4, 22), mon) == -5, "backwards is -5");
	check(cuvr_cal_working_days_between(cal, fri, D(2030, 4, 21)) == 0, "Friday to Sunday is 0");
	check(cuvr_cal_working_days_between(cal, sat, D(2030, 4, 22)) == 1, "Saturday to Monday is 1");
	check(cuvr_cal_working_days_between(cal, -1, mon) == CUVR_CAL_OUT_OF_RANGE, "between from day -1");
	check(cuvr_cal_working_days_between(cal, mon, CUVR_CAL_DAYS) == CUVR_CAL_OUT_OF_RANGE,
		  "between to 2100-01-01");
	check(cuvr_cal_working_days_between(cal, 0, CUVR_CAL_DAYS - 1) ==
		  cal->work_prefix[CUVR_CAL_DAYS] - cal->work_prefix[1], "between the ends of the range");

	/* out of range */
	check(cuvr_cal_in_range(0) && cuvr_cal_in_range(CUVR_CAL_DAYS - 1), "ends of the range are in range");
	check(!cuvr_cal_in_range(-1) && !cuvr_cal_in_range(CUVR_CAL_DAYS), "-1 and 2100-01-01 are not");
	check(cuvr_cal_next_working(cal, -5) == CUVR_CAL_OUT_OF_RANGE, "next working of a negative day");
	check(cuvr_cal_next_working(cal, CUVR_CAL_DAYS + 3) == CUVR_CAL_OUT_OF_RANGE, "next working after 2099");
	check(cuvr_cal_next_working(cal, D(2099, 12, 31)) == D(2099, 12, 31) ||
		  cuvr_cal_next_working(cal, D(2099, 12, 31)) == CUVR_CAL_OUT_OF_RANGE,
		  "next working of 2099-12-31 (Thursday): itself or out of range");
	/* 2100 lies outside the range, so its New Year makes no eve */
	check(cal->kind[D(2099, 12, 31)] == CUVR_DAY_WORKING &&
		  cuvr_cal_next_working(cal, D(2099, 12, 31)) == D(2099, 12, 31),
		  "2099-12-31 is a plain working Thursday (no 2100 eve) and its own next working day");
	check(cuvr_cal_add_calendar_days(cal, CUVR_CAL_DAYS, 0) == CUVR_CAL_OUT_OF_RANGE, "cd from 2100-01-01");
}

static void
test_minutes(const CuvrCalendar *cal)
{
	int32_t		mon = D(2030, 4, 15),
				tue = D(2030, 4, 16),
				fri = D(2030, 4, 19),
				sat = D(2030, 4, 20),
				next_mon = D(2030, 4, 22),
				ed = 0;
	int			em = 0;

	check_minutes(cal, mon, HM(10, 0), 480, tue, HM(10, 0), "8 h from Monday 10:00 -> Tuesday 10:00");
	check_minutes(cal, mon, HM(12, 30), 60, mon, HM(14, 30), "1 h from 12:30 crosses the break -> 14:30");
	check_minutes(cal, mon, HM(12, 30), 30, mon, HM(13, 0), "30 min from 12:30 -> 13:00");
	check_minutes(cal, mon, HM(20, 0), 60, tue, HM(10, 0), "1 h from 20:00 -> next day 10:00");
	check_minutes(cal, mon, HM(9, 0), 240, mon, HM(13, 0), "4 h from 09:00 fill the morning -> 13:00");
	check_minutes(cal, mon, HM(10, 0), 180, mon, HM(13, 0), "3 h from 10:00 -> 13:00 exactly");
	check_minutes(cal, mon, HM(10, 0), 181, mon, HM(14, 1), "3 h 1 min from 10:00 -> 14:01");
	check_minutes(cal, mon, HM(13, 30), 60, mon, HM(15, 0), "1 h from 13:30 (in the break) -> 15:00");
	check_minutes(cal, mon, HM(7, 0), 60, mon, HM(10, 0), "1 h from 07:00 -> 10:00");
	check_minutes(cal, mon, HM(9, 0), 480, mon, HM(18, 0), "8 h from 09:00 -> 18:00 the same day");
	check_minutes(cal, mon, HM(18, 0), 1, tue, HM(9, 1), "1 min from 18:00 -> next day 09:01");
	check_minutes(cal, fri, HM(17, 0), 120, next_mon, HM(10, 0), "2 h from Friday 17:00 -> Monday 10:00");
	check_minutes(cal, sat, HM(11, 0), 60, next_mon, HM(10, 0), "1 h from Saturday -> Monday 10:00");
	check_minutes(cal, mon, HM(10, 0), 5 * 480, next_mon, HM(10, 0), "40 h from Monday 10:00 -> next Monday 10:00");
	/* 2030-02-22 is a shortened Friday (ends 17:00), 23-25 Feb are off */
	check_minutes(cal, D(2030, 2, 21), HM(17, 0), 480, D(2030, 2, 22), HM(17, 0),
				  "8 h from Thursday 17:00 end on the shortened Friday at 17:00");
	check_minutes(cal, D(2030, 2, 21), HM(17, 0), 481, D(2030, 2, 26), HM(9, 1),
				  "8 h 1 min from Thursday 17:00 -> Tuesday 26 Feb 09:01");
	check_minutes(cal, D(2030, 2, 22), HM(16, 0), 60, D(2030, 2, 22), HM(17, 0),
				  "1 h from 16:00 on a shortened day -> 17:00");
	check_minutes(cal, D(2030, 2, 22), HM(17, 30), 60, D(2030, 2, 26), HM(10, 0),
				  "1 h from 17:30 on a shortened day -> next working day 10:00");
	check(!cuvr_cal_add_working_minutes(cal, mon, HM(10, 0), 0, &ed, &em), "0 minutes is rejected");
	check(!cuvr_cal_add_working_minutes(cal, mon, HM(10, 0), -5, &ed, &em), "negative minutes are rejected");
	check(!cuvr_cal_add_working_minutes(cal, -1, HM(10, 0), 60, &ed, &em), "minutes from a negative day");
	check(!cuvr_cal_add_working_minutes(cal, CUVR_CAL_DAYS, HM(10, 0), 60, &ed, &em), "minutes from 2100-01-01");
	check(!cuvr_cal_add_working_minutes(cal, D(2099, 12, 30), HM(10, 0), 3 * 480, &ed, &em),
		  "minutes past 2099 are out of range");
	check(cuvr_cal_add_working_minutes(cal, D(2099, 12, 31), HM(9, 0), 420, &ed, &em) &&
		  ed == D(2099, 12, 31) && em == HM(17, 0), "the last day of the range is usable");
}

static void
test_loaded_and_decree(void)
{
	CuvrCalendar *cal = new_calendar(&office, true);
	CuvrCalendar *keep = new_calendar(&office, false);
	int32_t		x,
				bad = 0;
	int32_t		may4 = D(2026, 5, 4),
				may5 = D(2026, 5, 5);
	char		b[32];

	/* fallback_between with nothing loaded */
	check(cuvr_cal_fallback_between(cal, D(2030, 3, 1), D(2030, 3, 2)), "fallback when nothing is loaded");

	cuvr_cal_clear_year(cal, 2030);
	check(cal->year_loaded[2030 - CUVR_CAL_FIRST_YEAR], "clear_year marks 2030 loaded");
	check(!cal->year_loaded[2029 - CUVR_CAL_FIRST_YEAR] && !cal->year_loaded[2031 - CUVR_CAL_FIRST_YEAR],
		  "its neighbours are not loaded");
	for (x = D(2030, 1, 1); x < D(2031, 1, 1); x++)
		bad += cal->kind[x] != (cuvr_date_weekday(x) >= 6 ? CUVR_DAY_WEEKEND : CUVR_DAY_WORKING);
	check(bad == 0, "a cleared year is plain weekdays and weekends (%d days differ)", (int) bad);
	check(cal->kind[D(2029, 12, 31)] == CUVR_DAY_SHORTENED, "clearing 2030 leaves 2029 alone");
	cuvr_cal_clear_year(cal, 2100);
	cuvr_cal_clear_year(cal, 1999);
	check(!cal->year_loaded[CUVR_CAL_YEARS - 1] && !cal->year_loaded[0], "years outside the range are ignored");

	check(!cuvr_cal_fallback_between(cal, D(2030, 3, 1), D(2030, 12, 31)), "no fallback inside 2030");
	check(!cuvr_cal_fallback_between(cal, D(2030, 12, 31), D(2030, 3, 1)), "no fallback, arguments reversed");
	check(cuvr_cal_fallback_between(cal, D(2030, 12, 20), D(2031, 1, 10)), "fallback across into 2031");
	check(cuvr_cal_fallback_between(cal, D(2029, 12, 20), D(2030, 1, 10)), "fallback from 2029");
	check(cuvr_cal_fallback_between(cal, -1, D(2030, 1, 10)), "fallback from 1999 (negative day)");
	check(cuvr_cal_fallback_between(cal, D(2030, 5, 1), CUVR_CAL_DAYS), "fallback into 2100");

	/* set + finish */
	cuvr_cal_set(cal, D(2030, 1, 1), CUVR_DAY_HOLIDAY);
	cuvr_cal_set(cal, D(2030, 4, 20), CUVR_DAY_WORKING_WEEKEND);
	cuvr_cal_set(cal, D(2030, 4, 19), CUVR_DAY_SHORTENED);
	cuvr_cal_set(cal, -1, CUVR_DAY_HOLIDAY);
	cuvr_cal_set(cal, CUVR_CAL_DAYS, CUVR_DAY_HOLIDAY);
	cuvr_cal_set(cal, D(2030, 4, 17), CUVR_DAY_KIND_COUNT);
	cuvr_cal_set(cal, D(2030, 4, 18), (CuvrDayKind) 200);
	cuvr_cal_finish(cal);
	check(cal->kind[D(2030, 1, 1)] == CUVR_DAY_HOLIDAY, "set a holiday");
	check(cal->kind[D(2030, 4, 17)] == CUVR_DAY_WORKING && cal->kind[D(2030, 4, 18)] == CUVR_DAY_WORKING,
		  "invalid kinds are ignored");
	check(cuvr_cal_term_working(cal, D(2030, 4, 20)), "a working Saturday counts");
	check(cuvr_cal_day_minutes(cal, D(2030, 4, 20)) == 480, "a working Saturday has 480 minutes");
	check(cuvr_cal_add_working_days(cal, D(2030, 4, 19), 1) == D(2030, 4, 20),
		  "Friday + 1 wd = the working Saturday after finish");
	check(cuvr_cal_working_days_between(cal, D(2030, 4, 15), D(2030, 4, 22)) == 6,
		  "a week with a working Saturday has 6 days");
	check(cal->minute_prefix[D(2030, 4, 22)] - cal->minute_prefix[D(2030, 4, 15)] == 6 * 480 - 60,
		  "its minutes: 6 days less 60 for the shortened Friday");
	check(cuvr_cal_next_working(cal, D(2030, 1, 1)) == D(2030, 1, 2),
		  "loaded 2030 without the holidays: 2 Jan is working");

	/* decree days: by policy */
	cuvr_cal_set(cal, may4, CUVR_DAY_DECREE);
	cuvr_cal_set(keep, may4, CUVR_DAY_DECREE);
	cuvr_cal_finish(cal);
	cuvr_cal_finish(keep);
	check(!cuvr_cal_term_working(cal, may4) && cuvr_cal_term_working(keep, may4),
		  "a decree day is non-working only when decree days move deadlines");
	check(cuvr_cal_day_minutes(cal, may4) == 0 && cuvr_cal_day_minutes(keep, may4) == 480,
		  "decree day minutes: 0 when it moves, 480 when it does not");
	check(cuvr_cal_add_working_days(keep, D(2026, 5, 1), 1) == may4,
		  "decree_moves=false: 1 May 2026 (Fri) + 1 wd = the decree Monday 4 May");
	check(cuvr_cal_add_working_days(cal, D(2026, 5, 1), 1) == may5,
		  "decree_moves=true: 1 May 2026 + 1 wd = Tuesday 5 May (%s)",
		  fmt_day(cuvr_cal_add_working_days(cal, D(2026, 5, 1), 1), b));
	check(cuvr_cal_add_calendar_days(keep, D(2026, 4, 24), 10) == may4 &&
		  cuvr_cal_add_calendar_days(cal, D(2026, 4, 24), 10) == may5,
		  "cd ending on a decree day: kept / moved by policy");
	check(cuvr_cal_working_days_between(keep, D(2026, 5, 1), may5) ==
		  cuvr_cal_working_days_between(cal, D(2026, 5, 1), may5) + 1, "between counts the decree day by policy");
	/* 30 April 2026 is the shortened eve of 1 May (Friday): it ends at 17:00 */
	check_minutes(keep, D(2026, 4, 30), HM(16, 0), 120, may4, HM(10, 0),
				  "decree_moves=false: 2 h from Thursday 30 Apr 16:00 -> decree Monday 10:00");
	check_minutes(cal, D(2026, 4, 30), HM(16, 0), 120, may5, HM(10, 0),
				  "decree_moves=true: 2 h from Thursday 30 Apr 16:00 -> Tuesday 10:00");

	/* a schedule without a break */
	{
		CuvrSchedule nb = {HM(8, 0), HM(16, 0), HM(12, 0), HM(12, 0), 60};
		CuvrCalendar *c = new_calendar(&nb, true);

		check(cuvr_cal_day_minutes(c, D(2030, 4, 15)) == 480, "no break: 480 minutes");
		check_minutes(c, D(2030, 4, 15), HM(11, 30), 60, D(2030, 4, 15), HM(12, 30),
					  "no break: 1 h from 11:30 -> 12:30");
		check_minutes(c, D(2030, 4, 15), HM(12, 0), 240, D(2030, 4, 15), HM(16, 0),
					  "no break: 4 h from 12:00 -> 16:00");
		free(c);
	}
	free(cal);
	free(keep);
}

/* Scatter random kinds over a calendar so the brute force meets them all. */
static void
scramble(CuvrCalendar *cal)
{
	int			i;

	cuvr_cal_clear_year(cal, 2024);
	cuvr_cal_clear_year(cal, 2060);
	for (i = 0; i < 3000; i++)
		cuvr_cal_set(cal, rng_between(0, CUVR_CAL_DAYS - 1), (CuvrDayKind) rng_between(0, CUVR_DAY_KIND_COUNT - 1));
	cuvr_cal_finish(cal);
}

static void
test_brute_force(void)
{
	int			pass;

	for (pass = 0; pass < 2; pass++)
	{
		CuvrCalendar *cal = new_calendar(&office, pass == 0);
		int			i,
					bad_wd = 0,
					bad_cd = 0,
					bad_between = 0,
					bad_min = 0,
					bad_next = 0;
		const char *policy = pass == 0 ? "decree_moves" : "decree kept";

		scramble(cal);
		for (i = 0; i < 2000; i++)
		{
			/* mostly short terms, sometimes long ones, some near the end */
			int32_t		d = (i % 10 == 9) ? rng_between(CUVR_CAL_DAYS - 400, CUVR_CAL_DAYS - 1)
				: rng_between(0, CUVR_CAL_DAYS - 1);
			int			n = (i % 4 == 3) ? rng_between(1, 3660) : rng_between(1, 60);
			int			cn = rng_between(0, (i % 4 == 3) ? 3660 : 60);
			int32_t		a = cuvr_cal_add_working_days(cal, d, n),
						e = naive_add_working_days(cal, d, n);
			char		b1[32],
						b2[32],
						b3[32];

			if (a != e)
			{
				if (bad_wd++ < 5)
					printf("# %s: add_working_days(%s, %d) = %s, naive %s\n", policy,
						   fmt_day(d, b1), n, fmt_day(a, b2), fmt_day(e, b3));
			}
			a = cuvr_cal_add_calendar_days(cal, d, cn);
			e = naive_add_calendar_days(cal, d, cn);
			if (a != e)
			{
				if (bad_cd++ < 5)
					printf("# %s: add_calendar_days(day %d, %d) = %d, naive %d\n", policy,
						   (int) d, cn, (int) a, (int) e);
			}
			if (cuvr_cal_next_working(cal, d) != naive_add_calendar_days(cal, d, 0))
				bad_next++;
			{
				int32_t		d2 = d + rng_between(-200, 200);

				if (d2 < 0)
					d2 = 0;
				if (d2 >= CUVR_CAL_DAYS)
					d2 = CUVR_CAL_DAYS - 1;
				if (cuvr_cal_working_days_between(cal, d, d2) != naive_between(cal, d, d2))
					bad_between++;
			}
			{
				int			minute = rng_between(0, 1439);
				int64_t		m = rng_between(1, 3 * 480 + 100);
				int32_t		ed1 = -1,
							ed2 = -1;
				int			em1 = -1,
							em2 = -1;
				bool		ok1 = cuvr_cal_add_working_minutes(cal, d, minute, m, &ed1, &em1);
				bool		ok2 = naive_add_minutes(cal, d, minute, m, &ed2, &em2);

				if (ok1 != ok2 || (ok1 && (ed1 != ed2 || em1 != em2)))
				{
					if (bad_min++ < 5)
						printf("# %s: add_working_minutes(day %d, %d, %lld) = %d/%d %d, naive %d/%d %d\n",
							   policy, (int) d, minute, (long long) m, ok1, (int) ed1, em1,
							   ok2, (int) ed2, em2);
				}
			}
		}
		check(bad_wd == 0, "%s: add_working_days = naive walk on 2000 random pairs (%d differ)", policy, bad_wd);
		check(bad_cd == 0, "%s: add_calendar_days = naive walk on 2000 random pairs (%d differ)", policy, bad_cd);
		check(bad_next == 0, "%s: next_working = naive walk (%d differ)", policy, bad_next);
		check(bad_between == 0, "%s: working_days_between = naive count (%d differ)", policy, bad_between);
		check(bad_min == 0, "%s: add_working_minutes = naive minute walk (%d differ)", policy, bad_min);
		free(cal);
	}
}

int
main(void)
{
	CuvrCalendar *cal = new_calendar(&office, true);

	test_dates();
	test_kinds();
	test_labour_code(cal);
	test_terms(cal);
	test_minutes(cal);
	free(cal);
	test_loaded_and_decree();
	test_brute_force();

	printf("1..%d\n", tests);
	return failures == 0 ? 0 : 1;
}
