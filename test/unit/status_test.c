/*
 * status_test.c
 *		Unit test of the appeal lifecycle matrix (src/status.c), no server.
 *		Prints TAP.
 */
#include <stdio.h>
#include <string.h>

#include "cuvr.h"

static int	tests = 0;
static int	failures = 0;

/* Record one TAP result. */
static void
check(int ok, const char *what)
{
	tests++;
	if (!ok)
		failures++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tests, what);
}

int
main(void)
{
	char		buf[256];
	int			from,
				to,
				reachable = 0;

	check(cuvr_status_from_name("triage", 6) == CUVR_STATUS_TRIAGE, "parse triage");
	check(cuvr_status_from_name("triag", 5) == CUVR_STATUS_INVALID, "prefix is not a status");
	check(cuvr_status_from_name("triagex", 7) == CUVR_STATUS_INVALID, "longer word is not a status");
	check(cuvr_status_from_name("", 0) == CUVR_STATUS_INVALID, "empty is not a status");
	for (from = 0; from < CUVR_STATUS_COUNT; from++)
		check(cuvr_status_from_name(cuvr_status_name(from), strlen(cuvr_status_name(from))) == from,
			  "name round trip");
	check(strcmp(cuvr_status_name(CUVR_STATUS_INVALID), "?") == 0, "invalid has no name");
	check(cuvr_status_is_initial(CUVR_STATUS_TRIAGE), "triage is initial");
	check(!cuvr_status_is_initial(CUVR_STATUS_ANSWERED), "answered is not initial");
	check(cuvr_status_transition_allowed(CUVR_STATUS_TRIAGE, CUVR_STATUS_ASSIGNED), "triage -> assigned");
	check(cuvr_status_transition_allowed(CUVR_STATUS_ANSWERED, CUVR_STATUS_ESCALATED), "answered -> escalated");
	check(!cuvr_status_transition_allowed(CUVR_STATUS_ANSWERED, CUVR_STATUS_ASSIGNED), "answered -/-> assigned");
	check(!cuvr_status_transition_allowed(CUVR_STATUS_TRIAGE, CUVR_STATUS_ANSWERED), "triage -/-> answered");
	check(cuvr_status_transition_allowed(CUVR_STATUS_CLOSED, CUVR_STATUS_CLOSED), "same status is no transition");
	check(!cuvr_status_transition_allowed(CUVR_STATUS_INVALID, CUVR_STATUS_CLOSED), "invalid from");
	check(!cuvr_status_transition_allowed(CUVR_STATUS_CLOSED, (CuvrStatus) 99), "invalid to");
	/* closed is final but for escalation; rejected is final; nothing returns to registered */
	check(cuvr_status_transition_allowed(CUVR_STATUS_CLOSED, CUVR_STATUS_ESCALATED), "a closed appeal can be escalated");
	for (to = 0; to < CUVR_STATUS_COUNT; to++)
	{
		if (to != CUVR_STATUS_CLOSED && to != CUVR_STATUS_ESCALATED)
			check(!cuvr_status_transition_allowed(CUVR_STATUS_CLOSED, to), "closed is final");
		if (to != CUVR_STATUS_REJECTED)
			check(!cuvr_status_transition_allowed(CUVR_STATUS_REJECTED, to), "rejected is final");
	}
	for (from = 0; from < CUVR_STATUS_COUNT; from++)
		if (from != CUVR_STATUS_REGISTERED)
			reachable += cuvr_status_transition_allowed(from, CUVR_STATUS_REGISTERED);
	check(reachable == 0, "no way back to registered");
	/* every open status can be closed */
	for (from = 0; from < CUVR_STATUS_COUNT; from++)
		if (from != CUVR_STATUS_REJECTED)
			check(cuvr_status_transition_allowed(from, CUVR_STATUS_CLOSED), "can be closed");
	cuvr_status_successors(CUVR_STATUS_ANSWERED, buf, sizeof(buf));
	check(strcmp(buf, "escalated, closed") == 0, "successors of answered");
	cuvr_status_successors(CUVR_STATUS_REJECTED, buf, sizeof(buf));
	check(strcmp(buf, "none") == 0, "successors of rejected");
	{
		int32_t		up[3] = {20, 30, 40};
		bool		manual;

		check(cuvr_escalation_target(up, 3, 0, 2, 0, 99, &manual) == 20 && !manual, "escalation goes to the parent");
		check(cuvr_escalation_target(up, 3, 0, 2, 20, 99, &manual) == 30 && !manual, "the accused parent is skipped");
		check(cuvr_escalation_target(up, 3, 2, 2, 0, 99, &manual) == 99 && manual, "past the depth limit: the coordinator, manual");
		check(cuvr_escalation_target(up, 0, 0, 2, 0, 99, &manual) == 99 && manual, "past the top: the coordinator, manual");
		check(cuvr_escalation_target(up, 0, 0, 2, 99, 99, &manual) == 0 && manual, "an accused coordinator: nobody");
		check(cuvr_escalation_target(up, 1, 1, 2, 0, 99, &manual) == 20 && !manual, "the second level is within the limit");
	}
	cuvr_status_successors(CUVR_STATUS_ASSIGNED, buf, 8);
	check(strlen(buf) < 8, "successors truncate safely");

	printf("1..%d\n", tests);
	return failures == 0 ? 0 : 1;
}
