/*
 * codes_test.c
 *		Unit test of ТОК and OKTMO code parsing, formatting and hierarchy
 *		(src/codes_parse.c), no server.  Prints TAP.
 *
 * Every input is copied into a heap buffer of exactly its length, without a
 * terminating NUL, so that AddressSanitizer catches any read past the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"

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

/* An exact-size heap copy of s[0..len), without a NUL. */
static char *
exact_copy(const char *s, size_t len)
{
	char	   *copy = malloc(len > 0 ? len : 1);

	if (copy == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	if (len > 0)
		memcpy(copy, s, len);
	return copy;
}

/* Quote s for a TAP line: control bytes become \xNN so a name stays on one line. */
static const char *
quote(const char *s, char *buf, size_t buflen)
{
	size_t		n = 0;

	for (; *s != '\0' && n + 5 < buflen; s++)
	{
		unsigned char c = (unsigned char) *s;

		if (c < 0x20 || c == 0x7f)
			n += snprintf(buf + n, buflen - n, "\\x%02x", c);
		else
			buf[n++] = (char) c;
	}
	buf[n] = '\0';
	return buf;
}

/* Parse a ТОК code from an exact-size copy of s[0..len). */
static CuvrCodeError
tok_parse_exact(const char *s, size_t len, CuvrTok *tok, CuvrCodeErrorInfo *info)
{
	char	   *copy = exact_copy(s, len);
	CuvrCodeError err = cuvr_tok_parse(copy, len, tok, info);

	free(copy);
	return err;
}

/* Parse an OKTMO code from an exact-size copy of s[0..len). */
static CuvrCodeError
oktmo_parse_exact(const char *s, size_t len, CuvrOktmo *code, CuvrCodeErrorInfo *info)
{
	char	   *copy = exact_copy(s, len);
	CuvrCodeError err = cuvr_oktmo_parse(copy, len, code, info);

	free(copy);
	return err;
}

/* A ТОК code that must parse; aborts the test run if it does not. */
static CuvrTok
tok(const char *s)
{
	CuvrTok		t;

	if (cuvr_tok_parse(s, strlen(s), &t, NULL) != CUVR_CODE_OK)
	{
		fprintf(stderr, "bad test ТОК code '%s'\n", s);
		exit(2);
	}
	return t;
}

/* An OKTMO code that must parse; aborts the test run if it does not. */
static CuvrOktmo
oktmo(const char *s)
{
	CuvrOktmo	o;

	if (cuvr_oktmo_parse(s, strlen(s), &o, NULL) != CUVR_CODE_OK)
	{
		fprintf(stderr, "bad test OKTMO code '%s'\n", s);
		exit(2);
	}
	return o;
}

/* Expect s to parse as a ТОК code printed as canonical, of the given level. */
static void
tok_ok(const char *s, const char *canonical, int level)
{
	CuvrTok		t;
	char		buf[64];
	char		what[160];
	char		quoted[100];
	CuvrCodeError err = tok_parse_exact(s, strlen(s), &t, NULL);

	snprintf(what, sizeof(what), "ТОК '%s' is %s at level %d",
			 quote(s, quoted, sizeof(quoted)), canonical, level);
	if (err == CUVR_CODE_OK)
		cuvr_tok_format(&t, buf, sizeof(buf));
	check(err == CUVR_CODE_OK && cuvr_tok_is_valid(&t) && t.level == level &&
		  strcmp(buf, canonical) == 0, what);
}

/* Expect s to fail as a ТОК code with the given error detail. */
static void
tok_bad(const char *s, size_t len, CuvrCodeError expected, const char *detail)
{
	CuvrTok		t = {{7, 7, 7, 7, 7}, 7};
	CuvrCodeErrorInfo info;
	char		buf[256];
	char		what[320];
	CuvrCodeError err = tok_parse_exact(s, len, &t, &info);

	cuvr_code_error_detail(CUVR_CODE_KIND_TOK, &info, buf, sizeof(buf));
	snprintf(what, sizeof(what), "ТОК error: %s", detail);
	check(err == expected && info.error == expected && t.level == 7 &&
		  strcmp(buf, detail) == 0, what);
	if (strcmp(buf, detail) != 0)
		printf("# got error %d: %s\n", err, buf);
}

/* Expect s to parse as an OKTMO code printed as canonical, of the given level. */
static void
oktmo_ok(const char *s, const char *canonical, int level)
{
	CuvrOktmo	o;
	char		buf[64];
	char		what[160];
	char		quoted[100];
	CuvrCodeError err = oktmo_parse_exact(s, strlen(s), &o, NULL);

	snprintf(what, sizeof(what), "OKTMO '%s' is %s at level %d",
			 quote(s, quoted, sizeof(quoted)), canonical, level);
	if (err == CUVR_CODE_OK)
		cuvr_oktmo_format(&o, buf, sizeof(buf));
	check(err == CUVR_CODE_OK && cuvr_oktmo_is_valid(&o) && cuvr_oktmo_level(&o) == level &&
		  strcmp(buf, canonical) == 0, what);
}

/* Expect s to fail as an OKTMO code with the given error detail. */
static void
oktmo_bad(const char *s, size_t len, CuvrCodeError expected, const char *detail)
{
	CuvrOktmo	o = {-7, true};
	CuvrCodeErrorInfo info;
	char		buf[256];
	char		what[320];
	CuvrCodeError err = oktmo_parse_exact(s, len, &o, &info);

	cuvr_code_error_detail(CUVR_CODE_KIND_OKTMO, &info, buf, sizeof(buf));
	snprintf(what, sizeof(what), "OKTMO error: %s", detail);
	check(err == expected && info.error == expected && o.digits == -7 &&
		  strcmp(buf, detail) == 0, what);
	if (strcmp(buf, detail) != 0)
		printf("# got error %d: %s\n", err, buf);
}

/* Expect the sign of cuvr_tok_cmp(a, b). */
static void
tok_order(const char *a, const char *b, int sign)
{
	CuvrTok		x = tok(a);
	CuvrTok		y = tok(b);
	int			c = cuvr_tok_cmp(&x, &y);
	int			r = cuvr_tok_cmp(&y, &x);
	char		what[160];

	snprintf(what, sizeof(what), "ТОК '%s' %s '%s'", a, sign < 0 ? "<" : sign > 0 ? ">" : "=", b);
	check((c > 0) - (c < 0) == sign && (r > 0) - (r < 0) == -sign, what);
}

/* Expect cuvr_tok_contains(a, b). */
static void
tok_contains(const char *a, const char *b, bool expected)
{
	CuvrTok		x = tok(a);
	CuvrTok		y = tok(b);
	char		what[160];

	snprintf(what, sizeof(what), "ТОК '%s' %s '%s'", a, expected ? "@>" : "not @>", b);
	check(cuvr_tok_contains(&x, &y) == expected, what);
}

/* Expect the sign of cuvr_oktmo_cmp(a, b). */
static void
oktmo_order(const char *a, const char *b, int sign)
{
	CuvrOktmo	x = oktmo(a);
	CuvrOktmo	y = oktmo(b);
	int			c = cuvr_oktmo_cmp(&x, &y);
	char		what[160];

	snprintf(what, sizeof(what), "OKTMO '%s' %s '%s'", a, sign < 0 ? "<" : sign > 0 ? ">" : "=", b);
	check((c > 0) - (c < 0) == sign, what);
}

/* Expect cuvr_oktmo_contains(a, b). */
static void
oktmo_contains(const char *a, const char *b, bool expected)
{
	CuvrOktmo	x = oktmo(a);
	CuvrOktmo	y = oktmo(b);
	char		what[160];

	snprintf(what, sizeof(what), "OKTMO '%s' %s '%s'", a, expected ? "@>" : "not @>", b);
	check(cuvr_oktmo_contains(&x, &y) == expected, what);
}

/* Expect the parent of a ТОК code (NULL: none). */
static void
tok_parent_is(const char *s, const char *parent)
{
	CuvrTok		t = tok(s);
	CuvrTok		p;
	char		buf[64] = "";
	char		what[160];
	bool		has = cuvr_tok_parent(&t, &p);

	if (has)
		cuvr_tok_format(&p, buf, sizeof(buf));
	snprintf(what, sizeof(what), "parent of ТОК '%s' is %s", s, parent ? parent : "none");
	check(parent == NULL ? !has : (has && cuvr_tok_is_valid(&p) && strcmp(buf, parent) == 0), what);
}

/* Expect the parent of an OKTMO code (NULL: none). */
static void
oktmo_parent_is(const char *s, const char *parent)
{
	CuvrOktmo	o = oktmo(s);
	CuvrOktmo	p;
	char		buf[64] = "";
	char		what[160];
	bool		has = cuvr_oktmo_parent(&o, &p);

	if (has)
		cuvr_oktmo_format(&p, buf, sizeof(buf));
	snprintf(what, sizeof(what), "parent of OKTMO '%s' is %s", s, parent ? parent : "none");
	check(parent == NULL ? !has : (has && cuvr_oktmo_is_valid(&p) && strcmp(buf, parent) == 0), what);
}

int
main(void)
{
	/* ТОК: valid codes */
	tok_ok("0005", "0005", 1);
	tok_ok("0005.0005", "0005.0005", 2);
	tok_ok("0005.0005.0056", "0005.0005.0056", 3);
	tok_ok("0005.0005.0056.1160", "0005.0005.0056.1160", 4);
	tok_ok("0005.0005.0056.1160.0001", "0005.0005.0056.1160.0001", 5);
	tok_ok(" \t0001.0002\r\n", "0001.0002", 2);
	tok_ok("0000", "0000", 1);
	tok_ok("9999.9999.9999.9999.9999", "9999.9999.9999.9999.9999", 5);

	/* ТОК: errors */
	tok_bad("", 0, CUVR_CODE_EMPTY, "The code is empty; a ТОК code has 1 to 5 blocks of 4 digits.");
	tok_bad(" \t ", 3, CUVR_CODE_EMPTY, "The code is empty; a ТОК code has 1 to 5 blocks of 4 digits.");
	tok_bad("0005.0005.056", 13, CUVR_CODE_BLOCK_LENGTH, "Block 3 has 3 digits; each block has 4.");
	tok_bad("5", 1, CUVR_CODE_BLOCK_LENGTH, "Block 1 has 1 digit; each block has 4.");
	tok_bad("00005", 5, CUVR_CODE_BLOCK_LENGTH, "Block 1 has 5 digits; each block has 4.");
	tok_bad("0005.00050", 10, CUVR_CODE_BLOCK_LENGTH, "Block 2 has 5 digits; each block has 4.");
	tok_bad(".0005", 5, CUVR_CODE_EMPTY_BLOCK, "Block 1 is empty; each block has 4 digits.");
	tok_bad("0005..0005", 10, CUVR_CODE_EMPTY_BLOCK, "Block 2 is empty; each block has 4 digits.");
	tok_bad(".", 1, CUVR_CODE_EMPTY_BLOCK, "Block 1 is empty; each block has 4 digits.");
	tok_bad("0005.", 5, CUVR_CODE_TRAILING_DOT, "The code ends with a dot after block 1.");
	tok_bad("0005.0005.", 10, CUVR_CODE_TRAILING_DOT, "The code ends with a dot after block 2.");
	tok_bad("0005.0005.0056.1160.0001.0002", 29, CUVR_CODE_TOO_MANY_BLOCKS,
			"A ТОК code has at most 5 blocks, not 6.");
	tok_bad("0005.0005.0056.1160.0001.", 25, CUVR_CODE_TOO_MANY_BLOCKS,
			"A ТОК code has at most 5 blocks, not 6.");
	tok_bad("0005 .0005", 10, CUVR_CODE_BAD_CHAR,
			"Unexpected space at position 5; a ТОК code has only digits and dots.");
	tok_bad("0005,0005", 9, CUVR_CODE_BAD_CHAR,
			"Unexpected character \",\" at position 5; a ТОК code has only digits and dots.");
	tok_bad("-005", 4, CUVR_CODE_BAD_CHAR,
			"Unexpected character \"-\" at position 1; a ТОК code has only digits and dots.");
	tok_bad("0005.О005", strlen("0005.О005"), CUVR_CODE_BAD_CHAR,
			"Unexpected character \"О\" at position 6; a ТОК code has only digits and dots.");
	tok_bad("ё0005.О005", strlen("ё0005.О005"), CUVR_CODE_BAD_CHAR,
			"Unexpected character \"ё\" at position 1; a ТОК code has only digits and dots.");
	tok_bad("0005\xD0", 5, CUVR_CODE_BAD_CHAR,
			"Unexpected byte 0xD0 at position 5; a ТОК code has only digits and dots.");
	tok_bad("0005\xFF", 5, CUVR_CODE_BAD_CHAR,
			"Unexpected byte 0xFF at position 5; a ТОК code has only digits and dots.");
	tok_bad("00\x01" "5", 4, CUVR_CODE_BAD_CHAR,
			"Unexpected control character 0x01 at position 3; a ТОК code has only digits and dots.");
	tok_bad("0005\0", 5, CUVR_CODE_BAD_CHAR,
			"Unexpected control character 0x00 at position 5; a ТОК code has only digits and dots.");
	/* the length is respected: "0005.0005" cut to 6 bytes */
	tok_bad("0005.0005", 6, CUVR_CODE_BLOCK_LENGTH, "Block 2 has 1 digit; each block has 4.");
	/* a long block counts all its digits */
	tok_bad("000000000000000000000000000000", 30, CUVR_CODE_BLOCK_LENGTH,
			"Block 1 has 30 digits; each block has 4.");

	/* ТОК: order */
	tok_order("0005", "0005.0000", -1);
	tok_order("0005.0000", "0005.0001", -1);
	tok_order("0005.9999.9999.9999.9999", "0006", -1);
	tok_order("0005.0005", " 0005.0005", 0);
	tok_order("0010", "0009.9999", 1);
	tok_order("0005.0001", "0005.0000.9999", 1);

	/* ТОК: containment and parents */
	tok_contains("0005.0005.0056", "0005.0005.0056", true);
	tok_contains("0005.0005", "0005.0005.0056", true);
	tok_contains("0005", "0005.0005.0056.1160.0001", true);
	tok_contains("0005.0005.0056", "0005.0005", false);
	tok_contains("0005.0005.0057", "0005.0005.0056", false);
	tok_contains("0006", "0005.0005.0056", false);
	tok_parent_is("0005", NULL);
	tok_parent_is("0005.0005", "0005");
	tok_parent_is("0005.0005.0056.1160.0001", "0005.0005.0056.1160");
	{
		CuvrTok		t = tok("0005.0005");
		CuvrTok		last;
		char		buf[64];

		cuvr_tok_last_descendant(&t, &last);
		cuvr_tok_format(&last, buf, sizeof(buf));
		check(strcmp(buf, "0005.0005.9999.9999.9999") == 0 && cuvr_tok_contains(&t, &last),
			  "last descendant of ТОК 0005.0005");
	}
	{
		CuvrTok		bad = {{5, -1, 3, -1, -1}, 1};
		CuvrTok		bad2 = {{10000, -1, -1, -1, -1}, 1};
		CuvrTok		bad3 = {{5, -1, -1, -1, -1}, 6};

		check(!cuvr_tok_is_valid(&bad) && !cuvr_tok_is_valid(&bad2) && !cuvr_tok_is_valid(&bad3),
			  "malformed ТОК codes are not valid");
	}
	{
		char		small[8];
		CuvrTok		t = tok("0005.0005.0056");
		int			n = cuvr_tok_format(&t, small, sizeof(small));

		check(n == 14 && strcmp(small, "0005.00") == 0, "ТОК format truncates like snprintf");
	}

	/* OKTMO: valid codes */
	oktmo_ok("70701000", "70701000", 2);
	oktmo_ok("70 701 000", "70701000", 2);
	oktmo_ok("70 701 000 001", "70701000001", 4);
	oktmo_ok("70701000001", "70701000001", 4);
	oktmo_ok("70000000", "70000000", 1);
	oktmo_ok("70612101", "70612101", 3);
	oktmo_ok("\t45 000 000\n", "45000000", 1);
	oktmo_ok("70701000000", "70701000000", 2);
	oktmo_ok("01000000", "01000000", 1);
	oktmo_ok("99999999999", "99999999999", 4);
	oktmo_ok("7 0 7 0 1 0 0 0", "70701000", 2);

	/* OKTMO: errors */
	oktmo_bad("", 0, CUVR_CODE_EMPTY, "The code is empty; an OKTMO code has 8 or 11 digits.");
	oktmo_bad("707010001", 9, CUVR_CODE_DIGIT_COUNT, "An OKTMO code has 8 or 11 digits, not 9.");
	oktmo_bad("7070100", 7, CUVR_CODE_DIGIT_COUNT, "An OKTMO code has 8 or 11 digits, not 7.");
	oktmo_bad("7070100000", 10, CUVR_CODE_DIGIT_COUNT, "An OKTMO code has 8 or 11 digits, not 10.");
	oktmo_bad("707010000011", 12, CUVR_CODE_DIGIT_COUNT, "An OKTMO code has 8 or 11 digits, not 12.");
	oktmo_bad("12345678901234567890123", 23, CUVR_CODE_DIGIT_COUNT,
			  "An OKTMO code has 8 or 11 digits, not 23.");
	oktmo_bad("70-701-000", 10, CUVR_CODE_BAD_CHAR,
			  "Unexpected character \"-\" at position 3; an OKTMO code has only digits and spaces.");
	oktmo_bad("00701000", 8, CUVR_CODE_NO_SUBJECT,
			  "The first two digits, the subject of the federation, cannot be 00.");
	oktmo_bad("00000000000", 11, CUVR_CODE_NO_SUBJECT,
			  "The first two digits, the subject of the federation, cannot be 00.");
	oktmo_bad("70701000", 7, CUVR_CODE_DIGIT_COUNT, "An OKTMO code has 8 or 11 digits, not 7.");
	oktmo_bad("70701000\xD1", 9, CUVR_CODE_BAD_CHAR,
			  "Unexpected byte 0xD1 at position 9; an OKTMO code has only digits and spaces.");

	/* OKTMO: order, containment, parents, prefix */
	oktmo_order("70701000", "70701000000", 0);
	oktmo_order("70701000", "70701000001", -1);
	oktmo_order("70000000", "69999999999", 1);
	oktmo_order("70612101", "70701000", -1);
	oktmo_contains("70701000", "70701000", true);
	oktmo_contains("70701000", "70701000001", true);
	oktmo_contains("70000000", "70701000001", true);
	oktmo_contains("70701000001", "70701000", false);
	oktmo_contains("70701000002", "70701000001", false);
	oktmo_contains("70612000", "70612101", true);
	oktmo_contains("70701000", "70612101", false);
	oktmo_contains("71000000", "70701000", false);
	oktmo_contains("70701000", "70701000000", true);
	oktmo_contains("70701000000", "70701000", true);
	oktmo_parent_is("70000000", NULL);
	oktmo_parent_is("70701000", "70000000");
	oktmo_parent_is("70701000001", "70701000");
	oktmo_parent_is("70612101106", "70612101");
	oktmo_parent_is("70000101", "70000000");
	{
		CuvrOktmo	o = oktmo("70701000");

		check(cuvr_oktmo_prefix(&o) == 70, "OKTMO prefix of 70701000 is 70");
	}
	{
		CuvrOktmo	o = oktmo("70 602 000");
		CuvrOktmo	last;
		char		buf[32];

		cuvr_oktmo_last_descendant(&o, &last);
		cuvr_oktmo_format(&last, buf, sizeof(buf));
		check(strcmp(buf, "70602999999") == 0 && cuvr_oktmo_contains(&o, &last),
			  "last descendant of OKTMO 70602000");
	}
	{
		CuvrOktmo	o = oktmo("70 701 000 001");
		CuvrOktmo	back = cuvr_oktmo_unpack(cuvr_oktmo_pack(&o));
		CuvrOktmo	s = oktmo("70701000");
		CuvrOktmo	sback = cuvr_oktmo_unpack(cuvr_oktmo_pack(&s));

		check(back.digits == o.digits && back.long_form && sback.digits == s.digits &&
			  !sback.long_form, "OKTMO pack and unpack");
	}
	{
		CuvrOktmo	bad = {INT64_C(70701000001), false};
		CuvrOktmo	bad2 = {INT64_C(999999999), true};

		check(!cuvr_oktmo_is_valid(&bad) && !cuvr_oktmo_is_valid(&bad2),
			  "malformed OKTMO codes are not valid");
	}

	printf("1..%d\n", tests);
	if (failures > 0)
		printf("# %d of %d tests failed\n", failures, tests);
	return failures > 0 ? 1 : 0;
}
