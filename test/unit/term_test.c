/*
 * term_test.c
 *		Unit test of term parsing and formatting (src/term_parse.c), no
 *		server.  Prints TAP.
 *
 * Every input is copied into a heap buffer of exactly its length, without a
 * terminating NUL, so that AddressSanitizer catches any read past the end.
 */
#include <stdio.h>
#include <stdlib.h>
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

/* Parse the first len bytes of s from an exact-size heap copy. */
static CuvrTermError
parse_exact(const char *s, size_t len, CuvrTerm *term)
{
	char	   *copy = malloc(len > 0 ? len : 1);
	CuvrTermError err;

	if (copy == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	if (len > 0)
		memcpy(copy, s, len);
	err = cuvr_term_parse(copy, len, term);
	free(copy);
	return err;
}

/*
 * Quote s (of length len) into buf for a TAP line: control bytes become C
 * escapes so that a test name stays on one line.
 */
static const char *
quote(const char *s, size_t len, char *buf, size_t buflen)
{
	size_t		i,
				n = 0;

	for (i = 0; i < len && n + 5 < buflen; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < 0x20 || c == 0x7f)
			n += snprintf(buf + n, buflen - n, "\\x%02x", c);
		else
			buf[n++] = (char) c;
	}
	buf[n] = '\0';
	return buf;
}

/* Expect s (of length len) to parse as the given term. */
static void
ok_len(const char *s, size_t len, int value, CuvrTermUnit unit)
{
	CuvrTerm	term = {-1, -1};
	CuvrTermError err = parse_exact(s, len, &term);
	char		what[256];
	char		quoted[200];

	snprintf(what, sizeof(what), "'%s' is %d %s",
			 quote(s, len, quoted, sizeof(quoted)), value,
			 cuvr_term_unit_code(unit));
	check(err == CUVR_TERM_OK && term.value == value && term.unit == (int32_t) unit,
		  what);
	if (err != CUVR_TERM_OK || term.value != value || term.unit != (int32_t) unit)
		printf("# got error %d (%s), value %d, unit %d\n", err,
			   cuvr_term_error_message(err), term.value, term.unit);
}

/* Expect the NUL-terminated s to parse as the given term. */
static void
ok(const char *s, int value, CuvrTermUnit unit)
{
	ok_len(s, strlen(s), value, unit);
}

/* Expect s (of length len) to fail with the given error. */
static void
bad_len(const char *s, size_t len, CuvrTermError expected, const char *label)
{
	CuvrTerm	term = {-1, -1};
	CuvrTermError err = parse_exact(s, len, &term);
	char		what[256];

	snprintf(what, sizeof(what), "%s: %s", label, cuvr_term_error_message(expected));
	check(err == expected && term.value == -1 && term.unit == -1, what);
	if (err != expected)
		printf("# got error %d (%s)\n", err, cuvr_term_error_message(err));
}

/* Expect the NUL-terminated s to fail with the given error. */
static void
bad(const char *s, CuvrTermError expected)
{
	char		label[200];
	char		quoted[190];

	snprintf(label, sizeof(label), "'%s'", quote(s, strlen(s), quoted, sizeof(quoted)));
	bad_len(s, strlen(s), expected, label);
}

/* Format a term and parse the text back. */
static void
round_trip(int value, CuvrTermUnit unit)
{
	CuvrTerm	term = {value, unit};
	CuvrTerm	back = {-1, -1};
	char		buf[32];
	char		what[64];
	int			n = cuvr_term_format(&term, buf, sizeof(buf));

	snprintf(what, sizeof(what), "round trip of %d %s", value, cuvr_term_unit_code(unit));
	check(n == (int) strlen(buf) &&
		  parse_exact(buf, strlen(buf), &back) == CUVR_TERM_OK &&
		  back.value == value && back.unit == (int32_t) unit, what);
}

int
main(void)
{
	static const char *const cd[] = {
		"cd", "c.d.", "c.d", "calendar day", "calendar days", "day", "days", "d",
		"календарный день", "календарных дня", "календарных дней",
		"календарного дня", "календарные дни", "к.д.", "к. д.", "к.д", "кд",
		"к/д", "кал. дн.", "кал.дн.", "день", "дня", "дней", "дн.", "дн",
		"сутки", "суток",
	};
	static const char *const wd[] = {
		"wd", "w.d.", "working day", "working days", "business day",
		"business days", "рабочий день", "рабочих дня", "рабочих дней",
		"рабочего дня", "рабочие дни", "р.д.", "р. д.", "р.д", "рд", "р/д",
		"раб. дн.", "раб.дн.", "раб. дней",
	};
	static const char *const wh[] = {
		"wh", "w.h.", "working hour", "working hours", "business hour",
		"business hours", "рабочий час", "рабочих часа", "рабочих часов",
		"рабочего часа", "рабочие часы", "р.ч.", "р. ч.", "р.ч", "рч", "р/ч",
		"раб. ч.", "раб. часов",
	};
	static const char *const h[] = {
		"h", "hr", "hrs", "hour", "hours", "час", "часа", "часов", "часы",
		"ч", "ч.",
	};
	static const struct
	{
		const char *const *names;
		size_t		count;
		CuvrTermUnit unit;
	}			spellings[] = {
		{cd, sizeof(cd) / sizeof(cd[0]), CUVR_TERM_CALENDAR_DAYS},
		{wd, sizeof(wd) / sizeof(wd[0]), CUVR_TERM_WORKING_DAYS},
		{wh, sizeof(wh) / sizeof(wh[0]), CUVR_TERM_WORKING_HOURS},
		{h, sizeof(h) / sizeof(h[0]), CUVR_TERM_HOURS},
	};
	static const int values[] = {1, 2, 7, 10, 30, 99, 1000, 3660};
	char		buf[256];
	char		big[200];
	size_t		i,
				j;
	int			u,
				n;

	/* the examples of the SPEC */
	ok("30 cd", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("10 wd", 10, CUVR_TERM_WORKING_DAYS);
	ok("8 wh", 8, CUVR_TERM_WORKING_HOURS);
	ok("24 h", 24, CUVR_TERM_HOURS);
	ok("30 календарных дней", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 к.д.", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("10 рабочих дней", 10, CUVR_TERM_WORKING_DAYS);
	ok("10 р.д.", 10, CUVR_TERM_WORKING_DAYS);
	ok("8 рабочих часов", 8, CUVR_TERM_WORKING_HOURS);
	ok("8 р.ч.", 8, CUVR_TERM_WORKING_HOURS);
	ok("24 часа", 24, CUVR_TERM_HOURS);
	ok("30 calendar days", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("10 working days", 10, CUVR_TERM_WORKING_DAYS);
	ok("8 working hours", 8, CUVR_TERM_WORKING_HOURS);

	/* every spelling, with a space and without */
	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++)
		for (j = 0; j < spellings[i].count; j++)
		{
			snprintf(buf, sizeof(buf), "5 %s", spellings[i].names[j]);
			ok(buf, 5, spellings[i].unit);
			snprintf(buf, sizeof(buf), "12%s", spellings[i].names[j]);
			ok(buf, 12, spellings[i].unit);
		}

	/* case: ASCII and Cyrillic, ё as е */
	ok("30 CD", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 Calendar Days", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("10 WORKING DAYS", 10, CUVR_TERM_WORKING_DAYS);
	ok("8 W.H.", 8, CUVR_TERM_WORKING_HOURS);
	ok("24 HRS", 24, CUVR_TERM_HOURS);
	ok("30 КАЛЕНДАРНЫХ ДНЕЙ", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 Календарных Дней", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 К.Д.", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("10 Р.Д.", 10, CUVR_TERM_WORKING_DAYS);
	ok("10 РАБОЧИХ ДНЕЙ", 10, CUVR_TERM_WORKING_DAYS);
	ok("8 Р.Ч.", 8, CUVR_TERM_WORKING_HOURS);
	ok("8 РАБОЧИХ ЧАСОВ", 8, CUVR_TERM_WORKING_HOURS);
	ok("24 ЧАСА", 24, CUVR_TERM_HOURS);
	ok("3 СУТОК", 3, CUVR_TERM_CALENDAR_DAYS);
	bad("5 Я", CUVR_TERM_UNKNOWN_UNIT);
	ok("5 днёй", 5, CUVR_TERM_CALENDAR_DAYS);
	ok("5 ДНЁЙ", 5, CUVR_TERM_CALENDAR_DAYS);
	ok("5 дНеЙ", 5, CUVR_TERM_CALENDAR_DAYS);

	/* Russian case endings */
	ok("1 день", 1, CUVR_TERM_CALENDAR_DAYS);
	ok("2 дня", 2, CUVR_TERM_CALENDAR_DAYS);
	ok("5 дней", 5, CUVR_TERM_CALENDAR_DAYS);
	ok("1 календарный день", 1, CUVR_TERM_CALENDAR_DAYS);
	ok("2 календарных дня", 2, CUVR_TERM_CALENDAR_DAYS);
	ok("21 календарного дня", 21, CUVR_TERM_CALENDAR_DAYS);
	ok("1 рабочий день", 1, CUVR_TERM_WORKING_DAYS);
	ok("3 рабочих дня", 3, CUVR_TERM_WORKING_DAYS);
	ok("1 час", 1, CUVR_TERM_HOURS);
	ok("2 часа", 2, CUVR_TERM_HOURS);
	ok("5 часов", 5, CUVR_TERM_HOURS);
	ok("1 рабочий час", 1, CUVR_TERM_WORKING_HOURS);
	ok("2 рабочих часа", 2, CUVR_TERM_WORKING_HOURS);
	ok("1 сутки", 1, CUVR_TERM_CALENDAR_DAYS);

	/* blanks and periods */
	ok("  30 cd  ", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("\t30\tcd\t", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("\r\n30 cd\r\n", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30    календарных   \t  дней", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 calendar\n days", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 к.  д.", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 кал.\tдн", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 cd.", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("30 дней.", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("+30 cd", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("0030 cd", 30, CUVR_TERM_CALENDAR_DAYS);
	ok("000000000000000000000000000007 h", 7, CUVR_TERM_HOURS);

	/* maxima */
	ok("3660 cd", 3660, CUVR_TERM_CALENDAR_DAYS);
	bad("3661 cd", CUVR_TERM_TOO_LARGE);
	ok("3660 wd", 3660, CUVR_TERM_WORKING_DAYS);
	bad("3661 wd", CUVR_TERM_TOO_LARGE);
	ok("87840 h", 87840, CUVR_TERM_HOURS);
	bad("87841 h", CUVR_TERM_TOO_LARGE);
	ok("87840 wh", 87840, CUVR_TERM_WORKING_HOURS);
	bad("87841 wh", CUVR_TERM_TOO_LARGE);
	bad("87840 cd", CUVR_TERM_TOO_LARGE);
	bad("2147483647 h", CUVR_TERM_TOO_LARGE);
	bad("2147483648 h", CUVR_TERM_TOO_LARGE);
	bad("4294967297 cd", CUVR_TERM_TOO_LARGE);
	bad("18446744073709551617 cd", CUVR_TERM_TOO_LARGE);
	memset(big, '9', sizeof(big));
	memcpy(big + sizeof(big) - 3, " cd", 3);
	bad_len(big, sizeof(big), CUVR_TERM_TOO_LARGE, "197 nines");
	memcpy(big + sizeof(big) - 3, " zz", 3);
	bad_len(big, sizeof(big), CUVR_TERM_UNKNOWN_UNIT, "197 nines, unknown unit");

	/* every error */
	bad("", CUVR_TERM_EMPTY);
	bad("   ", CUVR_TERM_EMPTY);
	bad(" \t\r\n", CUVR_TERM_EMPTY);
	bad_len(NULL, 0, CUVR_TERM_EMPTY, "zero length");
	bad("cd", CUVR_TERM_NO_NUMBER);
	bad("дней 30", CUVR_TERM_NO_NUMBER);
	bad("-", CUVR_TERM_NO_NUMBER);
	bad("+", CUVR_TERM_NO_NUMBER);
	bad("- 5 cd", CUVR_TERM_NO_NUMBER);
	bad("+-5 cd", CUVR_TERM_NO_NUMBER);
	bad("--5 cd", CUVR_TERM_NO_NUMBER);
	bad(".5 cd", CUVR_TERM_NO_NUMBER);
	bad("тридцать дней", CUVR_TERM_NO_NUMBER);
	bad("-5 cd", CUVR_TERM_NEGATIVE);
	bad("-30 календарных дней", CUVR_TERM_NEGATIVE);
	bad("-0 cd", CUVR_TERM_NEGATIVE);
	bad("0 cd", CUVR_TERM_ZERO);
	bad("000 wh", CUVR_TERM_ZERO);
	bad("+0 h", CUVR_TERM_ZERO);
	bad("30", CUVR_TERM_NO_UNIT);
	bad("  30  ", CUVR_TERM_NO_UNIT);
	bad("-30", CUVR_TERM_NO_UNIT);
	bad("30 weeks", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 cdx", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 c", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 календарных", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 недель", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 .", CUVR_TERM_UNKNOWN_UNIT);
	bad("1.5 cd", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 -cd", CUVR_TERM_UNKNOWN_UNIT);
	bad("99999999999 weeks", CUVR_TERM_UNKNOWN_UNIT);
	bad("0 weeks", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 cd x", CUVR_TERM_TRAILING);
	bad("30 cd 5 wd", CUVR_TERM_TRAILING);
	bad("30 cd,", CUVR_TERM_TRAILING);
	bad("30 cd..", CUVR_TERM_TRAILING);
	bad("30 календарных дней срок", CUVR_TERM_TRAILING);
	bad("30 дней!", CUVR_TERM_TRAILING);
	bad("8 ч. до 18:00", CUVR_TERM_TRAILING);
	bad("-30 cd x", CUVR_TERM_TRAILING);

	/* a very long unit does not overflow the normalisation buffer */
	memset(big, 'a', sizeof(big));
	memcpy(big, "30 ", 3);
	bad_len(big, sizeof(big), CUVR_TERM_UNKNOWN_UNIT, "long unit");
	memcpy(big, "30 cd ", 6);
	bad_len(big, sizeof(big), CUVR_TERM_TRAILING, "long junk after the unit");
	for (i = 3; i + 1 < sizeof(big); i += 2)
	{
		big[i] = (char) 0xD0;
		big[i + 1] = (char) 0xAF;	/* Я, grows to 0xD1 0x8F */
	}
	memcpy(big, "30 ", 3);
	bad_len(big, sizeof(big), CUVR_TERM_UNKNOWN_UNIT, "long Cyrillic unit");

	/* buffers not terminated by NUL: only len bytes count */
	ok_len("30 cdXYZ", 5, 30, CUVR_TERM_CALENDAR_DAYS);
	ok_len("30 cd 5 wd", 5, 30, CUVR_TERM_CALENDAR_DAYS);
	ok_len("10 рабочих днейXYZ", strlen("10 рабочих дней"), 10, CUVR_TERM_WORKING_DAYS);
	ok_len("366 cd0", 6, 366, CUVR_TERM_CALENDAR_DAYS);
	bad_len("30 cd", 2, CUVR_TERM_NO_UNIT, "prefix '30'");
	bad_len("30 cd", 4, CUVR_TERM_UNKNOWN_UNIT, "prefix '30 c'");
	bad_len("30 дней", 4, CUVR_TERM_UNKNOWN_UNIT, "prefix cuts a Cyrillic letter");

	/* embedded NUL bytes */
	bad_len("30 cd\0", 6, CUVR_TERM_TRAILING, "NUL after the unit");
	bad_len("30\0 cd", 6, CUVR_TERM_UNKNOWN_UNIT, "NUL before the unit");
	bad_len("30 c\0d", 6, CUVR_TERM_UNKNOWN_UNIT, "NUL inside the unit");
	bad_len("\0" "30 cd", 6, CUVR_TERM_NO_NUMBER, "NUL before the count");
	bad_len("\0", 1, CUVR_TERM_NO_NUMBER, "a single NUL");

	/* invalid UTF-8 */
	bad("30 \xD0", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 \xD0\x90", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 \xff\xfe", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 \xD0\xBA\xD0", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 \xD1", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 \xC0\xAF", CUVR_TERM_UNKNOWN_UNIT);
	bad("30 cd \xff", CUVR_TERM_TRAILING);
	bad("\xD0\x90 30 cd", CUVR_TERM_NO_NUMBER);
	bad("30 d\xD0", CUVR_TERM_UNKNOWN_UNIT);

	/* format and round trip */
	for (u = 0; u < CUVR_TERM_UNIT_COUNT; u++)
	{
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
			round_trip(values[i], (CuvrTermUnit) u);
		round_trip(cuvr_term_unit_max((CuvrTermUnit) u), (CuvrTermUnit) u);
	}
	round_trip(87840, CUVR_TERM_HOURS);
	round_trip(12345, CUVR_TERM_WORKING_HOURS);
	{
		CuvrTerm	t = {30, CUVR_TERM_CALENDAR_DAYS};

		n = cuvr_term_format(&t, buf, sizeof(buf));
		check(n == 5 && strcmp(buf, "30 cd") == 0, "format 30 cd");
		t.value = 8;
		t.unit = CUVR_TERM_WORKING_HOURS;
		cuvr_term_format(&t, buf, sizeof(buf));
		check(strcmp(buf, "8 wh") == 0, "format 8 wh");
		t.value = 87840;
		t.unit = CUVR_TERM_HOURS;
		n = cuvr_term_format(&t, buf, 4);
		check(n == 7 && strcmp(buf, "878") == 0, "format truncates like snprintf");
		n = cuvr_term_format(&t, NULL, 0);
		check(n == 7, "format measures with a zero-size buffer");
		t.unit = 9;
		cuvr_term_format(&t, buf, sizeof(buf));
		check(strcmp(buf, "87840 ?") == 0, "format of an invalid unit");
	}

	/* codes, maxima, messages */
	check(strcmp(cuvr_term_unit_code(CUVR_TERM_CALENDAR_DAYS), "cd") == 0, "code cd");
	check(strcmp(cuvr_term_unit_code(CUVR_TERM_WORKING_DAYS), "wd") == 0, "code wd");
	check(strcmp(cuvr_term_unit_code(CUVR_TERM_WORKING_HOURS), "wh") == 0, "code wh");
	check(strcmp(cuvr_term_unit_code(CUVR_TERM_HOURS), "h") == 0, "code h");
	check(strcmp(cuvr_term_unit_code((CuvrTermUnit) 4), "?") == 0, "code of 4");
	check(strcmp(cuvr_term_unit_code((CuvrTermUnit) -1), "?") == 0, "code of -1");
	check(cuvr_term_unit_max(CUVR_TERM_CALENDAR_DAYS) == 3660, "max cd");
	check(cuvr_term_unit_max(CUVR_TERM_WORKING_DAYS) == 3660, "max wd");
	check(cuvr_term_unit_max(CUVR_TERM_WORKING_HOURS) == 87840, "max wh");
	check(cuvr_term_unit_max(CUVR_TERM_HOURS) == 87840, "max h");
	check(cuvr_term_unit_max((CuvrTermUnit) 4) == 0, "max of 4");
	check(cuvr_term_unit_max((CuvrTermUnit) -1) == 0, "max of -1");
	for (u = CUVR_TERM_EMPTY; u <= CUVR_TERM_TRAILING; u++)
	{
		const char *m = cuvr_term_error_message((CuvrTermError) u);
		int			v;

		snprintf(buf, sizeof(buf), "message of error %d is a distinct lowercase phrase", u);
		n = m != NULL && m[0] >= 'a' && m[0] <= 'z' && m[strlen(m) - 1] != '.';
		for (v = CUVR_TERM_OK; v < u; v++)
			if (strcmp(m, cuvr_term_error_message((CuvrTermError) v)) == 0)
				n = 0;
		check(n, buf);
	}
	check(cuvr_term_error_message((CuvrTermError) 99) != NULL, "message of an unknown error");

	/* the packed Datum form: int8 order is unit, then count */
	{
		CuvrTerm	a = {30, CUVR_TERM_CALENDAR_DAYS};
		CuvrTerm	b = {1, CUVR_TERM_WORKING_DAYS};
		CuvrTerm	c = {CUVR_TERM_MAX_HOURS, CUVR_TERM_HOURS};
		CuvrTerm	back = cuvr_term_unpack(cuvr_term_pack(&c));

		check(cuvr_term_pack(&a) == ((int64_t) 0 << 32 | 30), "pack 30 cd");
		check(back.value == c.value && back.unit == c.unit, "unpack gives the packed term");
		check(cuvr_term_pack(&a) < cuvr_term_pack(&b) && cuvr_term_pack(&b) < cuvr_term_pack(&c),
			  "packed terms sort by unit, then count");
	}

	printf("1..%d\n", tests);
	return failures == 0 ? 0 : 1;
}
