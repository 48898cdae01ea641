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

#endif							/* CUVR_H */
