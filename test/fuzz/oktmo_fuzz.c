/*
 * oktmo_fuzz.c
 *		libFuzzer target for OKTMO code parsing (src/codes_parse.c).
 *
 * Parses the input as an OKTMO code.  A failed parse must leave the result
 * alone and describe itself; a parsed code must be well-formed, survive
 * packing, format and parse back to the same code and spelling, and agree
 * with its parent and last descendant on level, order and containment.  An
 * input with a '|' also parses the two sides: when both parse, the
 * comparison must be antisymmetric, equal exactly when the 11-digit forms
 * (what the hash function hashes) are equal whatever the spelling, and
 * containment must be exactly the range from the container to its last
 * descendant (what the btree index conditions rely on).  Any violation
 * aborts.  Builds with clang -fsanitize=fuzzer, or with any
 * compiler together with corpus_driver.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"

extern int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and abort. */
static void
oktmo_fuzz_fail(const char *what, const CuvrOktmo *code)
{
	fprintf(stderr, "oktmo_fuzz: %s (digits %lld, long form %d)\n", what,
			(long long) code->digits, (int) code->long_form);
	abort();
}

/*
 * Two codes separated by '|': when both parse, check the comparison against
 * equality of the 11-digit forms, and containment against the index range.
 */
static void
check_pair(const uint8_t *data, size_t size)
{
	const uint8_t *bar = memchr(data, '|', size);
	CuvrOktmo	a;
	CuvrOktmo	b;
	CuvrOktmo	last;
	CuvrOktmo	along;
	CuvrOktmo	blong;
	char		abuf[CUVR_OKTMO_TEXT_MAX + 1];
	char		bbuf[CUVR_OKTMO_TEXT_MAX + 1];
	int			c;
	bool		in_range;

	if (bar == NULL)
		return;
	if (cuvr_oktmo_parse((const char *) data, (size_t) (bar - data), &a, NULL) != CUVR_CODE_OK ||
		cuvr_oktmo_parse((const char *) bar + 1, size - (size_t) (bar - data) - 1, &b, NULL) != CUVR_CODE_OK)
		return;
	c = cuvr_oktmo_cmp(&a, &b);
	if (c < -1 || c > 1 || cuvr_oktmo_cmp(&b, &a) != -c)
		oktmo_fuzz_fail("comparison is not antisymmetric", &a);
	/* equal codes hash their 11 digits: compare the 11-digit texts */
	along = a;
	along.long_form = true;
	blong = b;
	blong.long_form = true;
	cuvr_oktmo_format(&along, abuf, sizeof(abuf));
	cuvr_oktmo_format(&blong, bbuf, sizeof(bbuf));
	if ((c == 0) != (strcmp(abuf, bbuf) == 0) || (c == 0) != (a.digits == b.digits))
		oktmo_fuzz_fail("equal codes with different digits, or the reverse", &a);
	cuvr_oktmo_last_descendant(&a, &last);
	in_range = cuvr_oktmo_cmp(&a, &b) <= 0 && cuvr_oktmo_cmp(&b, &last) <= 0;
	if (cuvr_oktmo_contains(&a, &b) != in_range)
		oktmo_fuzz_fail("containment differs from the index range", &b);
	if (cuvr_oktmo_contains(&a, &b) && cuvr_oktmo_contains(&b, &a) && c != 0)
		oktmo_fuzz_fail("codes contain each other but differ", &a);
}

/* One fuzz input: parse it and check the invariants of a parsed code. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CuvrOktmo	code = {-2, true};
	CuvrOktmo	again = {-2, true};
	CuvrOktmo	back = {-2, true};
	CuvrOktmo	unpacked;
	CuvrOktmo	parent;
	CuvrOktmo	last;
	CuvrCodeErrorInfo info;
	CuvrCodeError err;
	char		buf[CUVR_OKTMO_TEXT_MAX + 1];
	char		detail[256];
	int			n;
	int			level;

	check_pair(data, size);
	err = cuvr_oktmo_parse((const char *) data, size, &code, &info);
	if (err < CUVR_CODE_OK || err > CUVR_CODE_ERROR_LAST)
		oktmo_fuzz_fail("error code out of range", &code);

	/* the parser is deterministic, with or without an info block */
	if (cuvr_oktmo_parse((const char *) data, size, &again, NULL) != err)
		oktmo_fuzz_fail("second parse gives another result", &code);

	if (err != CUVR_CODE_OK)
	{
		if (code.digits != -2 || !code.long_form)
			oktmo_fuzz_fail("a failed parse changed the result", &code);
		if (info.error != err)
			oktmo_fuzz_fail("info does not match the error", &code);
		if (err != CUVR_CODE_EMPTY && err != CUVR_CODE_BAD_CHAR &&
			err != CUVR_CODE_DIGIT_COUNT && err != CUVR_CODE_NO_SUBJECT)
			oktmo_fuzz_fail("a ТОК error from the OKTMO parser", &code);
		if (err == CUVR_CODE_DIGIT_COUNT && (info.count == 8 || info.count == 11))
			oktmo_fuzz_fail("digit count error for a right count", &code);
		if (err == CUVR_CODE_BAD_CHAR &&
			(info.position < 1 || info.position > size || info.chlen < 0 || info.chlen > 4))
			oktmo_fuzz_fail("bad character outside the input", &code);
		n = cuvr_code_error_detail(CUVR_CODE_KIND_OKTMO, &info, detail, sizeof(detail));
		if (n <= 0 || (size_t) n >= sizeof(detail) || detail[n - 1] != '.')
			oktmo_fuzz_fail("error detail is not one sentence", &code);
		return 0;
	}

	if (again.digits != code.digits || again.long_form != code.long_form)
		oktmo_fuzz_fail("second parse gives another code", &code);
	if (!cuvr_oktmo_is_valid(&code))
		oktmo_fuzz_fail("parsed code is not valid", &code);
	unpacked = cuvr_oktmo_unpack(cuvr_oktmo_pack(&code));
	if (unpacked.digits != code.digits || unpacked.long_form != code.long_form)
		oktmo_fuzz_fail("pack and unpack changed the code", &code);

	n = cuvr_oktmo_format(&code, buf, sizeof(buf));
	if (n != (code.long_form ? 11 : 8) || strlen(buf) != (size_t) n)
		oktmo_fuzz_fail("format has the wrong length", &code);
	if (cuvr_oktmo_parse(buf, (size_t) n, &back, NULL) != CUVR_CODE_OK)
		oktmo_fuzz_fail("formatted code does not parse", &code);
	if (back.digits != code.digits || back.long_form != code.long_form)
		oktmo_fuzz_fail("round trip changed the code", &code);

	level = cuvr_oktmo_level(&code);
	if (level < 1 || level > CUVR_OKTMO_MAX_LEVEL || (level == 4 && !code.long_form))
		oktmo_fuzz_fail("level out of range", &code);
	if (cuvr_oktmo_prefix(&code) < 1 || cuvr_oktmo_prefix(&code) > 99)
		oktmo_fuzz_fail("prefix out of range", &code);
	if (!cuvr_oktmo_contains(&code, &code))
		oktmo_fuzz_fail("a code does not contain itself", &code);
	if (cuvr_oktmo_parent(&code, &parent))
	{
		if (level == 1 || cuvr_oktmo_level(&parent) >= level || !cuvr_oktmo_is_valid(&parent))
			oktmo_fuzz_fail("parent has the wrong level", &code);
		if (!cuvr_oktmo_contains(&parent, &code) || cuvr_oktmo_contains(&code, &parent))
			oktmo_fuzz_fail("parent does not contain the code", &code);
		if (cuvr_oktmo_cmp(&parent, &code) >= 0 || cuvr_oktmo_prefix(&parent) != cuvr_oktmo_prefix(&code))
			oktmo_fuzz_fail("parent does not sort first", &code);
	}
	else if (level != 1)
		oktmo_fuzz_fail("no parent above level 1", &code);

	cuvr_oktmo_last_descendant(&code, &last);
	if (!cuvr_oktmo_is_valid(&last) || !cuvr_oktmo_contains(&code, &last) ||
		cuvr_oktmo_cmp(&code, &last) > 0 ||
		(cuvr_oktmo_cmp(&code, &last) == 0) != (level == CUVR_OKTMO_MAX_LEVEL))
		oktmo_fuzz_fail("last descendant is wrong", &code);
	return 0;
}
