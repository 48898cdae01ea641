/*
 * term_parse.c
 *		Parsing and formatting of terms (сроки): '30 cd', '10 рабочих дней'.
 *
 * Pure C with no PostgreSQL dependency: the type's input function in term.c
 * calls it, and test/unit and test/fuzz exercise it without a server.
 *
 * A term is optional blanks, an optional sign, decimal digits, optional
 * blanks, a unit and optional blanks.  The unit is normalised (lowercase for
 * ASCII and Cyrillic, ё read as е, runs of blanks made one space, blanks after
 * a period dropped, one trailing period dropped) into a small buffer and
 * looked up in a static table.  Nothing reads past the given length, and
 * nothing depends on the locale.
 */
#include <string.h>
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>

#include "cuvr.h"

/* Longest normalised unit we look at; longer ones are unknown. */
#define TERM_UNIT_BUFSIZE 64

/* Counts beyond this are too large for any unit; stops accumulating. */
#define TERM_COUNT_CAP 100000000

typedef struct TermUnitName
{
	const char *name;			/* normalised: lowercase, е not ё, no
								 * trailing period, no blank after a period */
	CuvrTermUnit unit;
} TermUnitName;

/* Every accepted spelling of a unit, in normalised form. */
static const TermUnitName unit_names[] = {
	/* calendar days */
	{"cd", CUVR_TERM_CALENDAR_DAYS},
	{"c.d", CUVR_TERM_CALENDAR_DAYS},
	{"calendar day", CUVR_TERM_CALENDAR_DAYS},
	{"calendar days", CUVR_TERM_CALENDAR_DAYS},
	{"day", CUVR_TERM_CALENDAR_DAYS},
	{"days", CUVR_TERM_CALENDAR_DAYS},
	{"d", CUVR_TERM_CALENDAR_DAYS},
	{"календарный день", CUVR_TERM_CALENDAR_DAYS},
	{"календарных дня", CUVR_TERM_CALENDAR_DAYS},
	{"календарных дней", CUVR_TERM_CALENDAR_DAYS},
	{"календарного дня", CUVR_TERM_CALENDAR_DAYS},
	{"календарные дни", CUVR_TERM_CALENDAR_DAYS},
	{"к.д", CUVR_TERM_CALENDAR_DAYS},
	{"кд", CUVR_TERM_CALENDAR_DAYS},
	{"к/д", CUVR_TERM_CALENDAR_DAYS},
	{"кал.дн", CUVR_TERM_CALENDAR_DAYS},
	{"день", CUVR_TERM_CALENDAR_DAYS},
	{"дня", CUVR_TERM_CALENDAR_DAYS},
	{"дней", CUVR_TERM_CALENDAR_DAYS},
	{"дн", CUVR_TERM_CALENDAR_DAYS},
	{"сутки", CUVR_TERM_CALENDAR_DAYS},
	{"суток", CUVR_TERM_CALENDAR_DAYS},
	/* working days */
	{"wd", CUVR_TERM_WORKING_DAYS},
	{"w.d", CUVR_TERM_WORKING_DAYS},
	{"working day", CUVR_TERM_WORKING_DAYS},
	{"working days", CUVR_TERM_WORKING_DAYS},
	{"business day", CUVR_TERM_WORKING_DAYS},
	{"business days", CUVR_TERM_WORKING_DAYS},
	{"рабочий день", CUVR_TERM_WORKING_DAYS},
	{"рабочих дня", CUVR_TERM_WORKING_DAYS},
	{"рабочих дней", CUVR_TERM_WORKING_DAYS},
	{"рабочего дня", CUVR_TERM_WORKING_DAYS},
	{"рабочие дни", CUVR_TERM_WORKING_DAYS},
	{"р.д", CUVR_TERM_WORKING_DAYS},
	{"рд", CUVR_TERM_WORKING_DAYS},
	{"р/д", CUVR_TERM_WORKING_DAYS},
	{"раб.дн", CUVR_TERM_WORKING_DAYS},
	{"раб.дня", CUVR_TERM_WORKING_DAYS},
	{"раб.дней", CUVR_TERM_WORKING_DAYS},
	/* working hours */
	{"wh", CUVR_TERM_WORKING_HOURS},
	{"w.h", CUVR_TERM_WORKING_HOURS},
	{"working hour", CUVR_TERM_WORKING_HOURS},
	{"working hours", CUVR_TERM_WORKING_HOURS},
	{"business hour", CUVR_TERM_WORKING_HOURS},
	{"business hours", CUVR_TERM_WORKING_HOURS},
	{"рабочий час", CUVR_TERM_WORKING_HOURS},
	{"рабочих часа", CUVR_TERM_WORKING_HOURS},
	{"рабочих часов", CUVR_TERM_WORKING_HOURS},
	{"рабочего часа", CUVR_TERM_WORKING_HOURS},
	{"рабочие часы", CUVR_TERM_WORKING_HOURS},
	{"р.ч", CUVR_TERM_WORKING_HOURS},
	{"рч", CUVR_TERM_WORKING_HOURS},
	{"р/ч", CUVR_TERM_WORKING_HOURS},
	{"раб.ч", CUVR_TERM_WORKING_HOURS},
	{"раб.часа", CUVR_TERM_WORKING_HOURS},
	{"раб.часов", CUVR_TERM_WORKING_HOURS},
	/* hours around the clock */
	{"h", CUVR_TERM_HOURS},
	{"hr", CUVR_TERM_HOURS},
	{"hrs", CUVR_TERM_HOURS},
	{"hour", CUVR_TERM_HOURS},
	{"hours", CUVR_TERM_HOURS},
	{"час", CUVR_TERM_HOURS},
	{"часа", CUVR_TERM_HOURS},
	{"часов", CUVR_TERM_HOURS},
	{"часы", CUVR_TERM_HOURS},
	{"ч", CUVR_TERM_HOURS},
};

#define UNIT_NAME_COUNT ((int) (sizeof(unit_names) / sizeof(unit_names[0])))

static const char *const unit_codes[CUVR_TERM_UNIT_COUNT] = {
	[CUVR_TERM_CALENDAR_DAYS] = "cd",
	[CUVR_TERM_WORKING_DAYS] = "wd",
	[CUVR_TERM_WORKING_HOURS] = "wh",
	[CUVR_TERM_HOURS] = "h",
};

/* Is c an ASCII blank we skip: space, tab, CR or LF? */
static bool
term_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Is c an ASCII decimal digit? */
static bool
term_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Could c continue a word?  ASCII letters and digits do, and so does any
 * non-ASCII byte (a Cyrillic letter, or something we cannot read).
 */
static bool
term_is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		term_is_digit(c) || c >= 0x80;
}

/*
 * Normalise the unit text src[0..len) into buf (size TERM_UNIT_BUFSIZE,
 * NUL-terminated).  The text has no leading or trailing blanks.  Returns the
 * length written; sets *truncated if the normalised text did not fit, in
 * which case buf holds its first TERM_UNIT_BUFSIZE - 1 bytes.
 */
static size_t
term_normalise_unit(const unsigned char *src, size_t len, char *buf,
					bool *truncated)
{
	size_t		i = 0;
	size_t		n = 0;

	*truncated = false;
	while (i < len)
	{
		unsigned char c = src[i];
		unsigned char out[2];
		size_t		outlen = 1;

		if (term_is_blank(c))
		{
			/* a run of blanks becomes one space, or nothing after a period */
			while (i < len && term_is_blank(src[i]))
				i++;
			if (n > 0 && buf[n - 1] == '.')
				continue;
			out[0] = ' ';
		}
		else if (c >= 'A' && c <= 'Z')
		{
			out[0] = (unsigned char) (c - 'A' + 'a');
			i++;
		}
		else if (c == 0xD0 && i + 1 < len && src[i + 1] >= 0x90 && src[i + 1] <= 0x9F)
		{
			/* А..П -> а..п */
			out[0] = 0xD0;
			out[1] = (unsigned char) (src[i + 1] + 0x20);
			outlen = 2;
			i += 2;
		}
		else if (c == 0xD0 && i + 1 < len && src[i + 1] >= 0xA0 && src[i + 1] <= 0xAF)
		{
			/* Р..Я -> р..я */
			out[0] = 0xD1;
			out[1] = (unsigned char) (src[i + 1] - 0x20);
			outlen = 2;
			i += 2;
		}
		else if ((c == 0xD0 && i + 1 < len && src[i + 1] == 0x81) ||
				 (c == 0xD1 && i + 1 < len && src[i + 1] == 0x91))
		{
			/* Ё and ё -> е */
			out[0] = 0xD0;
			out[1] = 0xB5;
			outlen = 2;
			i += 2;
		}
		else
		{
			/* anything else, valid UTF-8 or not, is copied byte by byte */
			out[0] = c;
			i++;
		}

		if (n + outlen > TERM_UNIT_BUFSIZE - 1)
		{
			*truncated = true;
			break;
		}
		memcpy(buf + n, out, outlen);
		n += outlen;
	}
	buf[n] = '\0';
	return n;
}

/*
 * Look a normalised unit up in the table.  Returns the table index, or -1 if
 * it is not a unit.  One trailing period is optional.
 */
static int
term_find_unit(const char *name, size_t len)
{
	int			i;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0)
		return -1;
	for (i = 0; i < UNIT_NAME_COUNT; i++)
	{
		if (strlen(unit_names[i].name) == len &&
			memcmp(unit_names[i].name, name, len) == 0)
			return i;
	}
	return -1;
}

/*
 * Does the normalised text start with a known unit followed by something
 * that does not continue the unit's last word (a blank, a period, a comma,
 * ...)?  Then the text is a unit with junk after it rather than an unknown
 * unit.
 */
static bool
term_unit_then_junk(const char *name, size_t len)
{
	int			i;

	for (i = 0; i < UNIT_NAME_COUNT; i++)
	{
		size_t		ulen = strlen(unit_names[i].name);

		if (ulen < len &&
			memcmp(unit_names[i].name, name, ulen) == 0 &&
			!term_is_word_byte((unsigned char) name[ulen]))
			return true;
	}
	return false;
}

/*
 * Parse a term from input[0..len), which need not be NUL-terminated.  On
 * success fills *result and returns CUVR_TERM_OK; otherwise returns the
 * error and leaves *result alone.  Syntax errors (no number, no or unknown
 * unit, trailing junk) take precedence over a bad count (negative, zero, too
 * large).
 */
CuvrTermError
cuvr_term_parse(const char *input, size_t len, CuvrTerm *result)
{
	const unsigned char *s = (const unsigned char *) input;
	size_t		pos = 0;
	size_t		end = len;
	bool		negative = false;
	int64_t		value = 0;
	size_t		digits = 0;
	char		name[TERM_UNIT_BUFSIZE];
	size_t		namelen;
	bool		truncated;
	int			found;
	CuvrTermUnit unit;

	/* leading and trailing blanks */
	while (pos < end && term_is_blank(s[pos]))
		pos++;
	while (end > pos && term_is_blank(s[end - 1]))
		end--;
	if (pos == end)
		return CUVR_TERM_EMPTY;

	/* sign */
	if (s[pos] == '-' || s[pos] == '+')
	{
		negative = (s[pos] == '-');
		pos++;
	}

	/* count, capped so that no digit string overflows */
	while (pos < end && term_is_digit(s[pos]))
	{
		if (value < TERM_COUNT_CAP)
			value = value * 10 + (s[pos] - '0');
		digits++;
		pos++;
	}
	if (digits == 0)
		return CUVR_TERM_NO_NUMBER;

	/* unit */
	while (pos < end && term_is_blank(s[pos]))
		pos++;
	if (pos == end)
		return CUVR_TERM_NO_UNIT;
	namelen = term_normalise_unit(s + pos, end - pos, name, &truncated);
	found = truncated ? -1 : term_find_unit(name, namelen);
	if (found < 0)
		return term_unit_then_junk(name, namelen) ?
			CUVR_TERM_TRAILING : CUVR_TERM_UNKNOWN_UNIT;
	unit = unit_names[found].unit;

	/* count */
	if (negative)
		return CUVR_TERM_NEGATIVE;
	if (value == 0)
		return CUVR_TERM_ZERO;
	if (value > cuvr_term_unit_max(unit))
		return CUVR_TERM_TOO_LARGE;

	result->value = (int32_t) value;
	result->unit = (int32_t) unit;
	return CUVR_TERM_OK;
}

/* A short lowercase phrase describing a parse error, for error details. */
const char *
cuvr_term_error_message(CuvrTermError error)
{
	switch (error)
	{
		case CUVR_TERM_OK:
			return "no error";
		case CUVR_TERM_EMPTY:
			return "a term cannot be empty";
		case CUVR_TERM_NO_NUMBER:
			return "a term must start with a count";
		case CUVR_TERM_NEGATIVE:
			return "a term needs a positive count, not a negative one";
		case CUVR_TERM_ZERO:
			return "a term needs a positive count, not zero";
		case CUVR_TERM_TOO_LARGE:
			return "the count is larger than the unit allows";
		case CUVR_TERM_NO_UNIT:
			return "a term needs a unit after the count";
		case CUVR_TERM_UNKNOWN_UNIT:
			return "unknown unit of a term";
		case CUVR_TERM_TRAILING:
			return "unexpected text after the unit of a term";
	}
	return "unknown term error";
}

/* Canonical short code of a unit: "cd", "wd", "wh", "h"; "?" if invalid. */
const char *
cuvr_term_unit_code(CuvrTermUnit unit)
{
	if ((int) unit < 0 || (int) unit >= CUVR_TERM_UNIT_COUNT)
		return "?";
	return unit_codes[unit];
}

/* Largest count a unit accepts, or 0 for an invalid unit. */
int
cuvr_term_unit_max(CuvrTermUnit unit)
{
	switch (unit)
	{
		case CUVR_TERM_CALENDAR_DAYS:
		case CUVR_TERM_WORKING_DAYS:
			return CUVR_TERM_MAX_DAYS;
		case CUVR_TERM_WORKING_HOURS:
		case CUVR_TERM_HOURS:
			return CUVR_TERM_MAX_HOURS;
	}
	return 0;
}

/*
 * Write the canonical form of a term, "30 cd", into buf.  Same contract as
 * snprintf: returns the length the full text needs.
 */
int
cuvr_term_format(const CuvrTerm *term, char *buf, size_t buflen)
{
	return snprintf(buf, buflen, "%d %s", (int) term->value,
					cuvr_term_unit_code((CuvrTermUnit) term->unit));
}

/*
 * Pack a term into its 8-byte Datum form: the count in the low 32 bits and
 * the unit above it, so that int8 order is unit order, then count order,
 * and int8 equality and hashing are those of the term.
 */
int64_t
cuvr_term_pack(const CuvrTerm *term)
{
	return ((int64_t) term->unit << 32) | (uint32_t) term->value;
}

/* Unpack a term packed by cuvr_term_pack(). */
CuvrTerm
cuvr_term_unpack(int64_t packed)
{
	CuvrTerm	term;

	term.unit = (int32_t) (packed >> 32);
	term.value = (int32_t) (packed & 0xFFFFFFFF);
	return term;
}
