/*
 * tok_code_fuzz.c
 *		libFuzzer target for ТОК code parsing (src/codes_parse.c).
 *
 * Parses the input as a ТОК code.  A failed parse must leave the result
 * alone and describe itself; a parsed code must be well-formed, format and
 * parse back to the same code, sort right after its parent and right before
 * its last descendant, and be contained by its parent.  An input with a '|'
 * also parses the two sides: when both parse, the comparison must be
 * antisymmetric, equal exactly when the texts and the hashed blocks are
 * equal, and containment must be exactly the range from the container to
 * its last descendant (what the btree index conditions rely on).  Any
 * violation aborts.  Builds with clang -fsanitize=fuzzer, or with any compiler
 * together with corpus_driver.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"

extern int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and abort. */
static void
tok_fuzz_fail(const char *what, const CuvrTok *tok)
{
	fprintf(stderr, "tok_code_fuzz: %s (level %d, blocks %d %d %d %d %d)\n", what,
			(int) tok->level, (int) tok->blocks[0], (int) tok->blocks[1],
			(int) tok->blocks[2], (int) tok->blocks[3], (int) tok->blocks[4]);
	abort();
}

/*
 * Two codes separated by '|': when both parse, check the comparison against
 * equality of text and blocks, and containment against the index range.
 */
static void
check_pair(const uint8_t *data, size_t size)
{
	const uint8_t *bar = memchr(data, '|', size);
	CuvrTok		a;
	CuvrTok		b;
	CuvrTok		last;
	char		abuf[CUVR_TOK_TEXT_MAX + 1];
	char		bbuf[CUVR_TOK_TEXT_MAX + 1];
	int			c;
	bool		in_range;

	if (bar == NULL)
		return;
	if (cuvr_tok_parse((const char *) data, (size_t) (bar - data), &a, NULL) != CUVR_CODE_OK ||
		cuvr_tok_parse((const char *) bar + 1, size - (size_t) (bar - data) - 1, &b, NULL) != CUVR_CODE_OK)
		return;
	c = cuvr_tok_cmp(&a, &b);
	if (c < -1 || c > 1 || cuvr_tok_cmp(&b, &a) != -c)
		tok_fuzz_fail("comparison is not antisymmetric", &a);
	cuvr_tok_format(&a, abuf, sizeof(abuf));
	cuvr_tok_format(&b, bbuf, sizeof(bbuf));
	if ((c == 0) != (strcmp(abuf, bbuf) == 0))
		tok_fuzz_fail("equal codes with different texts, or the reverse", &a);
	/* the hash function hashes the blocks: equal codes need equal blocks */
	if ((c == 0) != (memcmp(a.blocks, b.blocks, sizeof(a.blocks)) == 0))
		tok_fuzz_fail("equal codes with different blocks, or the reverse", &a);
	cuvr_tok_last_descendant(&a, &last);
	in_range = cuvr_tok_cmp(&a, &b) <= 0 && cuvr_tok_cmp(&b, &last) <= 0;
	if (cuvr_tok_contains(&a, &b) != in_range)
		tok_fuzz_fail("containment differs from the index range", &b);
	if (cuvr_tok_contains(&a, &b) && cuvr_tok_contains(&b, &a) && c != 0)
		tok_fuzz_fail("codes contain each other but differ", &a);
}

/* One fuzz input: parse it and check the invariants of a parsed code. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CuvrTok		untouched = {{-2, -2, -2, -2, -2}, -2};
	CuvrTok		tok = untouched;
	CuvrTok		again = untouched;
	CuvrTok		back = untouched;
	CuvrTok		parent;
	CuvrTok		last;
	CuvrCodeErrorInfo info;
	CuvrCodeError err;
	char		buf[CUVR_TOK_TEXT_MAX + 1];
	char		detail[256];
	int			n;

	check_pair(data, size);
	err = cuvr_tok_parse((const char *) data, size, &tok, &info);
	if (err < CUVR_CODE_OK || err > CUVR_CODE_ERROR_LAST)
		tok_fuzz_fail("error code out of range", &tok);

	/* the parser is deterministic, with or without an info block */
	if (cuvr_tok_parse((const char *) data, size, &again, NULL) != err)
		tok_fuzz_fail("second parse gives another result", &tok);

	if (err != CUVR_CODE_OK)
	{
		if (memcmp(&tok, &untouched, sizeof(tok)) != 0)
			tok_fuzz_fail("a failed parse changed the result", &tok);
		if (info.error != err)
			tok_fuzz_fail("info does not match the error", &tok);
		if (err == CUVR_CODE_DIGIT_COUNT || err == CUVR_CODE_NO_SUBJECT)
			tok_fuzz_fail("an OKTMO error from the ТОК parser", &tok);
		if (err == CUVR_CODE_BAD_CHAR &&
			(info.position < 1 || info.position > size || info.chlen < 0 || info.chlen > 4))
			tok_fuzz_fail("bad character outside the input", &tok);
		n = cuvr_code_error_detail(CUVR_CODE_KIND_TOK, &info, detail, sizeof(detail));
		if (n <= 0 || (size_t) n >= sizeof(detail) || detail[n - 1] != '.')
			tok_fuzz_fail("error detail is not one sentence", &tok);
		return 0;
	}

	if (memcmp(&again, &tok, sizeof(tok)) != 0)
		tok_fuzz_fail("second parse gives another code", &tok);
	if (!cuvr_tok_is_valid(&tok))
		tok_fuzz_fail("parsed code is not valid", &tok);

	n = cuvr_tok_format(&tok, buf, sizeof(buf));
	if (n != tok.level * 5 - 1 || strlen(buf) != (size_t) n)
		tok_fuzz_fail("format has the wrong length", &tok);
	if (cuvr_tok_parse(buf, (size_t) n, &back, NULL) != CUVR_CODE_OK)
		tok_fuzz_fail("formatted code does not parse", &tok);
	if (memcmp(&back, &tok, sizeof(tok)) != 0 || cuvr_tok_cmp(&back, &tok) != 0)
		tok_fuzz_fail("round trip changed the code", &tok);

	if (!cuvr_tok_contains(&tok, &tok))
		tok_fuzz_fail("a code does not contain itself", &tok);
	if (cuvr_tok_parent(&tok, &parent))
	{
		if (tok.level == 1 || parent.level != tok.level - 1 || !cuvr_tok_is_valid(&parent))
			tok_fuzz_fail("parent has the wrong level", &tok);
		if (!cuvr_tok_contains(&parent, &tok) || cuvr_tok_contains(&tok, &parent))
			tok_fuzz_fail("parent does not contain the code", &tok);
		if (cuvr_tok_cmp(&parent, &tok) >= 0 || cuvr_tok_cmp(&tok, &parent) <= 0)
			tok_fuzz_fail("parent does not sort first", &tok);
	}
	else if (tok.level != 1)
		tok_fuzz_fail("no parent above level 1", &tok);

	cuvr_tok_last_descendant(&tok, &last);
	if (!cuvr_tok_is_valid(&last) || !cuvr_tok_contains(&tok, &last) ||
		cuvr_tok_cmp(&tok, &last) > 0 ||
		(cuvr_tok_cmp(&tok, &last) == 0) != (tok.level == CUVR_TOK_MAX_LEVEL))
		tok_fuzz_fail("last descendant is wrong", &tok);
	return 0;
}
