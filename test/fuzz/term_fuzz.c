/*
 * term_fuzz.c
 *		libFuzzer target for term parsing (src/term_parse.c).
 *
 * Parses the input as a term; when it parses, checks that the count is in
 * range, the unit is valid, and that formatting and parsing again gives the
 * same term.  Any violation aborts.  Builds with clang -fsanitize=fuzzer, or
 * with any compiler together with corpus_driver.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuvr.h"

extern int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and abort. */
static void
term_fuzz_fail(const char *what, const CuvrTerm *term)
{
	fprintf(stderr, "term_fuzz: %s (value %d, unit %d)\n", what,
			(int) term->value, (int) term->unit);
	abort();
}

/* One fuzz input: parse it and check the invariants of a parsed term. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CuvrTerm	term = {-1, -1};
	CuvrTerm	again = {-1, -1};
	CuvrTerm	back = {-1, -1};
	CuvrTermError err;
	char		buf[32];
	int			n;

	err = cuvr_term_parse((const char *) data, size, &term);
	if (err < CUVR_TERM_OK || err > CUVR_TERM_TRAILING)
		term_fuzz_fail("error code out of range", &term);
	if (cuvr_term_error_message(err) == NULL)
		term_fuzz_fail("no message for an error", &term);

	/* the parser is deterministic */
	if (cuvr_term_parse((const char *) data, size, &again) != err)
		term_fuzz_fail("second parse gives another result", &term);

	if (err != CUVR_TERM_OK)
	{
		if (term.value != -1 || term.unit != -1)
			term_fuzz_fail("a failed parse changed the result", &term);
		return 0;
	}

	if (again.value != term.value || again.unit != term.unit)
		term_fuzz_fail("second parse gives another term", &term);
	if (term.unit < 0 || term.unit >= CUVR_TERM_UNIT_COUNT)
		term_fuzz_fail("unit out of range", &term);
	if (term.value < 1 || term.value > cuvr_term_unit_max((CuvrTermUnit) term.unit))
		term_fuzz_fail("count out of range", &term);

	n = cuvr_term_format(&term, buf, sizeof(buf));
	if (n <= 0 || (size_t) n >= sizeof(buf) || strlen(buf) != (size_t) n)
		term_fuzz_fail("format did not fit", &term);
	if (cuvr_term_parse(buf, (size_t) n, &back) != CUVR_TERM_OK)
		term_fuzz_fail("formatted term does not parse", &term);
	if (back.value != term.value || back.unit != term.unit)
		term_fuzz_fail("round trip changed the term", &term);
	return 0;
}
