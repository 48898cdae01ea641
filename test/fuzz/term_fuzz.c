/*
 * term_fuzz.c
 *		libFuzzer target for term parsing (src/term_parse.c).
 *
 * Parses the input as a term; when it parses, checks that the count is in
 * range, the unit is valid, that the output is the canonical "<count> <unit
 * code>", that parsing the output gives the same term (out(in(x)) is a
 * fixed point), and that packing into the Datum form round-trips.  An input
 * with a '|' also parses the two sides as terms: when both parse, the int8
 * order of their packed forms (what the btree and hash opclasses use) must
 * be unit order, then count order, and equal exactly when the canonical
 * texts are equal.  Any violation aborts.  Builds with clang
 * -fsanitize=fuzzer, or with any compiler together with corpus_driver.c.
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

/* Compare two ints as a btree comparison does: -1, 0 or 1. */
static int
int_cmp(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

/*
 * Two terms separated by '|': when both parse, the packed int8 order must be
 * (unit, count) order, and equality must be equality of the canonical texts.
 */
static void
check_pair(const uint8_t *data, size_t size)
{
	const uint8_t *bar = memchr(data, '|', size);
	CuvrTerm	a = {-1, -1};
	CuvrTerm	b = {-1, -1};
	char		abuf[32];
	char		bbuf[32];
	int			expected;

	if (bar == NULL)
		return;
	if (cuvr_term_parse((const char *) data, (size_t) (bar - data), &a) != CUVR_TERM_OK ||
		cuvr_term_parse((const char *) bar + 1, size - (size_t) (bar - data) - 1, &b) != CUVR_TERM_OK)
		return;
	expected = a.unit != b.unit ? int_cmp(a.unit, b.unit) : int_cmp(a.value, b.value);
	if (int_cmp(cuvr_term_pack(&a), cuvr_term_pack(&b)) != expected ||
		int_cmp(cuvr_term_pack(&b), cuvr_term_pack(&a)) != -expected)
		term_fuzz_fail("packed order is not unit, then count", &a);
	cuvr_term_format(&a, abuf, sizeof(abuf));
	cuvr_term_format(&b, bbuf, sizeof(bbuf));
	if ((strcmp(abuf, bbuf) == 0) != (expected == 0))
		term_fuzz_fail("equal terms with different texts, or the reverse", &a);
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
	char		canonical[32];
	int			n;

	check_pair(data, size);
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
	snprintf(canonical, sizeof(canonical), "%d %s", (int) term.value,
			 cuvr_term_unit_code((CuvrTermUnit) term.unit));
	if (strcmp(buf, canonical) != 0)
		term_fuzz_fail("output is not canonical", &term);
	back = cuvr_term_unpack(cuvr_term_pack(&term));
	if (back.value != term.value || back.unit != term.unit ||
		cuvr_term_pack(&term) < 0)
		term_fuzz_fail("pack and unpack changed the term", &term);
	return 0;
}
