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

#endif							/* CUVR_H */
