/*
 * status.c
 *		The appeal lifecycle as a transition matrix.
 *
 * Pure C with no PostgreSQL dependency: the trigger in appeal_guard.c asks
 * it, and test/unit can exercise it without a server.
 */
#include <string.h>
#include <stdio.h>

#include "cuvr.h"

static const char *const status_names[CUVR_STATUS_COUNT] = {
	"registered",
	"triage",
	"assigned",
	"in_progress",
	"answered",
	"escalated",
	"closed",
	"rejected",
};

#define S(x) (1u << CUVR_STATUS_##x)

/*
 * allowed[from] is the set of statuses an appeal may move to from "from".
 * A change that keeps the status (a redirect between bodies, a rating) is
 * not a transition and is always allowed.
 */
static const unsigned int allowed[CUVR_STATUS_COUNT] = {
	/* registered: routed, sent to triage, or refused at once */
	[CUVR_STATUS_REGISTERED] = S(TRIAGE) | S(ASSIGNED) | S(REJECTED) | S(CLOSED),
	/* triage: a person classifies and routes it */
	[CUVR_STATUS_TRIAGE] = S(ASSIGNED) | S(REJECTED) | S(CLOSED),
	/* assigned: the body takes it, answers, or it goes back to triage */
	[CUVR_STATUS_ASSIGNED] = S(IN_PROGRESS) | S(ANSWERED) | S(TRIAGE) | S(REJECTED) | S(CLOSED),
	/* in progress: answered, or redirected to another body */
	[CUVR_STATUS_IN_PROGRESS] = S(ANSWERED) | S(ASSIGNED) | S(TRIAGE) | S(CLOSED),
	/* answered: closed, or escalated after a negative rating */
	[CUVR_STATUS_ANSWERED] = S(CLOSED) | S(ESCALATED),
	/* escalated: the higher body re-processes it */
	[CUVR_STATUS_ESCALATED] = S(IN_PROGRESS) | S(ANSWERED) | S(ASSIGNED) | S(CLOSED),
	/* closed is final, but a negative rating of its answer escalates it */
	[CUVR_STATUS_CLOSED] = S(ESCALATED),
	[CUVR_STATUS_REJECTED] = 0,
};

#undef S

/* Map a status name of the given length to its enum value. */
CuvrStatus
cuvr_status_from_name(const char *name, int len)
{
	int			i;

	for (i = 0; i < CUVR_STATUS_COUNT; i++)
	{
		if ((int) strlen(status_names[i]) == len &&
			memcmp(status_names[i], name, len) == 0)
			return (CuvrStatus) i;
	}
	return CUVR_STATUS_INVALID;
}

/* Name of a status, or "?" for an invalid value. */
const char *
cuvr_status_name(CuvrStatus status)
{
	if (status < 0 || status >= CUVR_STATUS_COUNT)
		return "?";
	return status_names[status];
}

/*
 * The body a negatively rated appeal goes up to (повторное рассмотрение).
 *
 * ancestors[] are the answering body's parent, grandparent, ... (nearest
 * first).  The appeal goes to the parent; a complaint never goes to the
 * body it is about, so that body is skipped.  Past the top of the tree, or
 * when the new escalation level exceeds the depth limit, it goes to the
 * region's coordinating body under manual control.  Returns 0 when no body
 * is left (the coordinator is the accused body, or there is none).
 */
int32_t
cuvr_escalation_target(const int32_t *ancestors, int nancestors, int level, int depth_limit,
					   int32_t accused, int32_t coordinator, bool *manual)
{
	int			i;

	*manual = false;
	if (level + 1 <= depth_limit)
	{
		for (i = 0; i < nancestors; i++)
		{
			if (ancestors[i] != 0 && ancestors[i] != accused)
				return ancestors[i];
		}
	}
	*manual = true;
	if (coordinator != 0 && coordinator != accused)
		return coordinator;
	return 0;
}

/* Statuses a new appeal may start in. */
bool
cuvr_status_is_initial(CuvrStatus status)
{
	return status == CUVR_STATUS_REGISTERED ||
		status == CUVR_STATUS_TRIAGE ||
		status == CUVR_STATUS_ASSIGNED;
}

/* May an appeal move from one status to another? */
bool
cuvr_status_transition_allowed(CuvrStatus from, CuvrStatus to)
{
	if (from < 0 || from >= CUVR_STATUS_COUNT || to < 0 || to >= CUVR_STATUS_COUNT)
		return false;
	if (from == to)
		return true;
	return (allowed[from] & (1u << to)) != 0;
}

/*
 * Write the statuses reachable from "from" into buf as "a, b, c" (or "none")
 * for error details.  Returns the length written.
 */
int
cuvr_status_successors(CuvrStatus from, char *buf, int buflen)
{
	int			used = 0;
	int			i;

	if (buflen <= 0)
		return 0;
	buf[0] = '\0';
	if (from < 0 || from >= CUVR_STATUS_COUNT || allowed[from] == 0)
		return snprintf(buf, buflen, "none");
	for (i = 0; i < CUVR_STATUS_COUNT && used < buflen; i++)
	{
		if (allowed[from] & (1u << i))
			used += snprintf(buf + used, buflen - used, "%s%s",
							 used > 0 ? ", " : "", status_names[i]);
	}
	return used;
}
