/*
 * cuvr.h
 *		Declarations shared by the cuvr C sources.
 *
 * Pure logic (status transitions, later term and code parsing) is declared
 * apart from backend code so that it compiles into fuzz drivers and unit
 * tests without a running server.
 */
#ifndef CUVR_H
#define CUVR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Appeal statuses, in lifecycle order. */
typedef enum CuvrStatus
{
	CUVR_STATUS_REGISTERED = 0,
	CUVR_STATUS_TRIAGE,
	CUVR_STATUS_ASSIGNED,
	CUVR_STATUS_IN_PROGRESS,
	CUVR_STATUS_ANSWERED,
	CUVR_STATUS_ESCALATED,
	CUVR_STATUS_CLOSED,
	CUVR_STATUS_REJECTED,
	CUVR_STATUS_COUNT,
	CUVR_STATUS_INVALID = -1
} CuvrStatus;

/* status.c: pure, no backend needed */
extern CuvrStatus cuvr_status_from_name(const char *name, int len);
extern const char *cuvr_status_name(CuvrStatus status);
extern bool cuvr_status_is_initial(CuvrStatus status);
extern bool cuvr_status_transition_allowed(CuvrStatus from, CuvrStatus to);
extern int	cuvr_status_successors(CuvrStatus from, char *buf, int buflen);
extern int32_t cuvr_escalation_target(const int32_t *ancestors, int nancestors, int level,
									  int depth_limit, int32_t accused, int32_t coordinator,
									  bool *manual);

/* setting.c: a setting's value (palloc'd), or NULL when unknown */
extern char *cuvr_setting_get(const char *name);

#ifdef POSTGRES_H
/* cuvr.c: labels of the next appeal change, for the journal */
extern void cuvr_label(const char *action, const char *note, const char *ref);

/* cuvr.c: backend helpers shared by the per-backend caches */
extern void cuvr_watch_relids(const char *const *names, int n, Oid *relids);
extern bool cuvr_relid_watched(Oid relid, const Oid *relids, int n);

/*
 * The state of a per-backend cache fed by SPI.  A relcache invalidation
 * only marks it stale and counts; the next use frees and reloads it, so
 * nothing is freed under a load or a caller.  A load reads the latest
 * committed rows, and an invalidation that arrives while it runs (say, when
 * it waits for a lock) leaves the cache stale: what it read serves that one
 * call and is read again at the next.
 */
typedef struct CuvrCacheState
{
	bool		stale;			/* reload at the next use */
	uint64		generation;		/* invalidations seen */
} CuvrCacheState;

#define CUVR_CACHE_STATE_INIT {true, 0}

extern void cuvr_cache_invalidated(CuvrCacheState *cache);
extern uint64 cuvr_cache_load_begin(CuvrCacheState *cache);
extern void cuvr_cache_load_end(CuvrCacheState *cache, uint64 generation);
extern void cuvr_spi_select(const char *sql, int nargs, Oid *types, Datum *values,
							const char *what);

/* calendar.c: the local date of an instant in a region */
#include "utils/date.h"
extern DateADT cuvr_region_local_date(int32 region, TimestampTz ts);
#endif

/*
 * Terms (сроки): a count and a unit.  term_parse.c is pure, no backend.
 */
typedef enum CuvrTermUnit
{
	CUVR_TERM_CALENDAR_DAYS = 0,	/* 'cd': календарные дни */
	CUVR_TERM_WORKING_DAYS = 1, /* 'wd': рабочие дни */
	CUVR_TERM_WORKING_HOURS = 2,	/* 'wh': рабочие часы */
	CUVR_TERM_HOURS = 3			/* 'h': часы, around the clock */
} CuvrTermUnit;

#define CUVR_TERM_UNIT_COUNT 4

/* Largest accepted counts: ten years of each unit. */
#define CUVR_TERM_MAX_DAYS 3660
#define CUVR_TERM_MAX_HOURS 87840

typedef struct CuvrTerm
{
	int32_t		value;			/* 1 .. the unit's maximum */
	int32_t		unit;			/* a CuvrTermUnit */
} CuvrTerm;

typedef enum CuvrTermError
{
	CUVR_TERM_OK = 0,
	CUVR_TERM_EMPTY,			/* nothing but blanks */
	CUVR_TERM_NO_NUMBER,		/* does not start with a count */
	CUVR_TERM_NEGATIVE,			/* a minus sign */
	CUVR_TERM_ZERO,				/* a count of zero */
	CUVR_TERM_TOO_LARGE,		/* more than the unit's maximum */
	CUVR_TERM_NO_UNIT,			/* a count without a unit */
	CUVR_TERM_UNKNOWN_UNIT,		/* a unit we do not know */
	CUVR_TERM_TRAILING			/* junk after the unit */
} CuvrTermError;

/* term_parse.c: pure, no backend needed */
extern CuvrTermError cuvr_term_parse(const char *input, size_t len, CuvrTerm *result);
extern const char *cuvr_term_error_message(CuvrTermError error);
extern const char *cuvr_term_unit_code(CuvrTermUnit unit);
extern int	cuvr_term_unit_max(CuvrTermUnit unit);
extern int	cuvr_term_format(const CuvrTerm *term, char *buf, size_t buflen);
/* The 8-byte Datum form: int8 order and hashing are the term's. */
extern int64_t cuvr_term_pack(const CuvrTerm *term);
extern CuvrTerm cuvr_term_unpack(int64_t packed);

/*
 * Production calendars (производственные календари).  calendar_math.c is
 * pure: days are numbered as PostgreSQL's date (0 = 2000-01-01), and a
 * compiled calendar covers 2000-01-01 .. 2099-12-31.
 */
#define CUVR_CAL_FIRST_YEAR 2000
#define CUVR_CAL_LAST_YEAR 2099
#define CUVR_CAL_YEARS (CUVR_CAL_LAST_YEAR - CUVR_CAL_FIRST_YEAR + 1)
#define CUVR_CAL_DAYS 36525		/* days from 2000-01-01 to 2099-12-31 */

typedef enum CuvrDayKind
{
	CUVR_DAY_WORKING = 0,		/* рабочий день */
	CUVR_DAY_WEEKEND,			/* выходной: Saturday or Sunday */
	CUVR_DAY_HOLIDAY,			/* нерабочий праздничный день (ТК ст. 112) */
	CUVR_DAY_DAY_OFF,			/* перенесённый выходной день */
	CUVR_DAY_DECREE,			/* нерабочий день по указу Президента */
	CUVR_DAY_SHORTENED,			/* сокращённый предпраздничный рабочий день */
	CUVR_DAY_WORKING_WEEKEND,	/* перенесённый рабочий день в субботу */
	CUVR_DAY_KIND_COUNT
} CuvrDayKind;

/* The working day of a region: minutes after midnight. */
typedef struct CuvrSchedule
{
	int			start;			/* 09:00 = 540 */
	int			end;			/* 18:00 = 1080 */
	int			break_start;	/* 13:00 = 780; equal to break_end for none */
	int			break_end;		/* 14:00 = 840 */
	int			shortened_by;	/* a shortened day ends this much earlier: 60 */
} CuvrSchedule;

typedef struct CuvrCalendar
{
	unsigned char kind[CUVR_CAL_DAYS];	/* CuvrDayKind per day */
	bool		year_loaded[CUVR_CAL_YEARS];	/* false: Labour Code fallback */
	bool		decree_moves;	/* decree days are non-working for terms */
	CuvrSchedule schedule;
	int32_t		work_prefix[CUVR_CAL_DAYS + 1]; /* term-working days before day i */
	int32_t		minute_prefix[CUVR_CAL_DAYS + 1];	/* working minutes before day i */
} CuvrCalendar;

/* calendar_math.c: pure, no backend needed */
extern int32_t cuvr_date_from_ymd(int year, int month, int day);
extern void cuvr_date_to_ymd(int32_t date, int *year, int *month, int *day);
extern int	cuvr_date_weekday(int32_t date);
extern const char *cuvr_day_kind_name(CuvrDayKind kind);
extern CuvrDayKind cuvr_day_kind_from_name(const char *name);
extern bool cuvr_day_kind_is_working(CuvrDayKind kind);
extern void cuvr_cal_init(CuvrCalendar *cal, const CuvrSchedule *schedule, bool decree_moves);
extern void cuvr_cal_clear_year(CuvrCalendar *cal, int year);
extern void cuvr_cal_set(CuvrCalendar *cal, int32_t date, CuvrDayKind kind);
extern void cuvr_cal_finish(CuvrCalendar *cal);
extern bool cuvr_cal_in_range(int32_t date);
extern bool cuvr_cal_term_working(const CuvrCalendar *cal, int32_t date);
extern int	cuvr_cal_day_minutes(const CuvrCalendar *cal, int32_t date);
extern bool cuvr_cal_in_working_time(const CuvrCalendar *cal, int32_t date, int minute);
extern bool cuvr_cal_fallback_between(const CuvrCalendar *cal, int32_t from, int32_t to);
extern int32_t cuvr_cal_next_working(const CuvrCalendar *cal, int32_t date);
extern int32_t cuvr_cal_add_working_days(const CuvrCalendar *cal, int32_t date, int n);
extern int32_t cuvr_cal_add_calendar_days(const CuvrCalendar *cal, int32_t date, int n);
extern int32_t cuvr_cal_working_days_between(const CuvrCalendar *cal, int32_t a, int32_t b);
extern bool cuvr_cal_add_working_minutes(const CuvrCalendar *cal, int32_t date, int minute,
										 int64_t minutes, int32_t *end_date, int *end_minute);

#define CUVR_CAL_OUT_OF_RANGE INT32_MIN

#ifdef PG_VERSION_NUM
/* Backend-only helpers (need postgres.h) */
extern CuvrTerm cuvr_term_from_datum(Datum datum);
extern void cuvr_deadline_of(int32 region, TimestampTz start, Datum term,
							 TimestampTz *due_at, bool *estimated);
extern bool cuvr_step_due(const char *event, int32 region, const char *kind, const char *channel,
						  int expedited, TimestampTz start, TimestampTz *due_at, bool *estimated);
extern bool cuvr_guess(text *input, int32 *category_id, double *confidence, const char **method);
extern bool cuvr_signature_of(text *input, int64 *signature);
#endif

#endif							/* CUVR_H */
