/*
 * codes_parse.c
 *		Parsing, formatting and hierarchy of classifier codes: ТОК codes
 *		('0005.0005.0056.1160') and OKTMO territory codes ('70 701 000').
 *
 * Pure C with no PostgreSQL dependency: the input functions in tok_code.c and
 * oktmo.c call it, and test/unit and test/fuzz exercise it without a server.
 * Nothing reads past the given length, nothing needs a terminating NUL, and
 * nothing depends on the locale.
 *
 * A ТОК code is 1 to 5 blocks of exactly 4 digits separated by single dots.
 * An OKTMO code is 8 or 11 digits; blanks between digits are ignored.  Both
 * may have blanks (space, tab, CR, LF) around them.
 */
#include <stdio.h>
#include <string.h>

#include "codes.h"

/* Is c an ASCII blank we trim: space, tab, CR or LF? */
static bool
code_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Is c an ASCII decimal digit? */
static bool
code_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Trim blanks from both ends of s[*pos..*end). */
static void
code_trim(const unsigned char *s, size_t *pos, size_t *end)
{
	while (*pos < *end && code_is_blank(s[*pos]))
		(*pos)++;
	while (*end > *pos && code_is_blank(s[*end - 1]))
		(*end)--;
}

/*
 * Record a bad character at s[i] (s has len bytes) in info: its 1-based
 * character position, counting UTF-8 sequences as one, and its bytes if they
 * form one well-formed UTF-8 character.
 */
static void
code_bad_char(const unsigned char *s, size_t len, size_t i, CuvrCodeErrorInfo *info)
{
	unsigned char c = s[i];
	size_t		position = 1;
	size_t		k;
	int			need;

	for (k = 0; k < i; k++)
		if ((s[k] & 0xC0) != 0x80)
			position++;
	info->position = position;
	info->ch[0] = c;
	info->chlen = 0;

	if (c < 0x80)
		need = 0;
	else if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3;
	else
		return;					/* not the start of a UTF-8 character */

	if (need > 0 && (size_t) need >= len - i)
		return;					/* cut off by the end of the input */
	for (k = 1; k <= (size_t) need; k++)
	{
		if ((s[i + k] & 0xC0) != 0x80)
			return;
		info->ch[k] = s[i + k];
	}
	info->chlen = need + 1;
}

/* Fill info (if any) for an error without a position. */
static CuvrCodeError
code_fail(CuvrCodeErrorInfo *info, CuvrCodeError error, int block, size_t count)
{
	if (info != NULL)
	{
		memset(info, 0, sizeof(*info));
		info->error = error;
		info->block = block;
		info->count = count;
	}
	return error;
}

/* Fill info (if any) for a bad character at s[i]. */
static CuvrCodeError
code_fail_char(CuvrCodeErrorInfo *info, const unsigned char *s, size_t len, size_t i)
{
	if (info != NULL)
	{
		memset(info, 0, sizeof(*info));
		info->error = CUVR_CODE_BAD_CHAR;
		code_bad_char(s, len, i, info);
	}
	return CUVR_CODE_BAD_CHAR;
}

/*
 * Write the detail of a parse error, a full sentence, into buf.  Same
 * contract as snprintf: returns the length the full text needs.
 */
int
cuvr_code_error_detail(CuvrCodeKind kind, const CuvrCodeErrorInfo *info,
					   char *buf, size_t buflen)
{
	bool		tok = (kind == CUVR_CODE_KIND_TOK);
	const char *allowed = tok ? "a ТОК code has only digits and dots" :
		"an OKTMO code has only digits and spaces";

	switch (info->error)
	{
		case CUVR_CODE_OK:
			return snprintf(buf, buflen, "There is no error.");
		case CUVR_CODE_EMPTY:
			return snprintf(buf, buflen, tok ?
							"The code is empty; a ТОК code has 1 to 5 blocks of 4 digits." :
							"The code is empty; an OKTMO code has 8 or 11 digits.");
		case CUVR_CODE_BAD_CHAR:
			if (info->chlen == 1 && info->ch[0] == ' ')
				return snprintf(buf, buflen, "Unexpected space at position %zu; %s.",
								info->position, allowed);
			if (info->chlen == 1 && (info->ch[0] < 0x20 || info->ch[0] == 0x7F))
				return snprintf(buf, buflen,
								"Unexpected control character 0x%02X at position %zu; %s.",
								info->ch[0], info->position, allowed);
			if (info->chlen == 0)
				return snprintf(buf, buflen, "Unexpected byte 0x%02X at position %zu; %s.",
								info->ch[0], info->position, allowed);
			return snprintf(buf, buflen, "Unexpected character \"%.*s\" at position %zu; %s.",
							info->chlen, (const char *) info->ch, info->position, allowed);
		case CUVR_CODE_EMPTY_BLOCK:
			return snprintf(buf, buflen, "Block %d is empty; each block has 4 digits.",
							info->block);
		case CUVR_CODE_TRAILING_DOT:
			return snprintf(buf, buflen, "The code ends with a dot after block %d.",
							info->block);
		case CUVR_CODE_BLOCK_LENGTH:
			return snprintf(buf, buflen, "Block %d has %zu digit%s; each block has 4.",
							info->block, info->count, info->count == 1 ? "" : "s");
		case CUVR_CODE_TOO_MANY_BLOCKS:
			return snprintf(buf, buflen, "A ТОК code has at most 5 blocks, not %zu.",
							info->count);
		case CUVR_CODE_DIGIT_COUNT:
			return snprintf(buf, buflen, "An OKTMO code has 8 or 11 digits, not %zu.",
							info->count);
		case CUVR_CODE_NO_SUBJECT:
			return snprintf(buf, buflen,
							"The first two digits, the subject of the federation, cannot be 00.");
	}
	return snprintf(buf, buflen, "Unknown error.");
}

/* ----------------------------------------------------------------
 *		ТОК codes
 * ----------------------------------------------------------------
 */

/*
 * Parse a ТОК code from input[0..len), which need not be NUL-terminated.  On
 * success fills *result and returns CUVR_CODE_OK; otherwise returns the
 * first error from the left, describes it in *info (if not NULL) and leaves
 * *result alone.
 */
CuvrCodeError
cuvr_tok_parse(const char *input, size_t len, CuvrTok *result,
			   CuvrCodeErrorInfo *info)
{
	const unsigned char *s = (const unsigned char *) input;
	size_t		pos = 0;
	size_t		end = len;
	size_t		i;
	size_t		digits = 0;
	int			value = 0;
	int			block = 1;
	CuvrTok		tok;

	code_trim(s, &pos, &end);
	if (pos == end)
		return code_fail(info, CUVR_CODE_EMPTY, 0, 0);

	for (i = 0; i < CUVR_TOK_MAX_LEVEL; i++)
		tok.blocks[i] = -1;

	for (i = pos; i < end; i++)
	{
		unsigned char c = s[i];

		if (code_is_digit(c))
		{
			if (digits < CUVR_TOK_BLOCK_DIGITS)
				value = value * 10 + (c - '0');
			digits++;
		}
		else if (c == '.')
		{
			if (digits == 0)
				return code_fail(info, CUVR_CODE_EMPTY_BLOCK, block, 0);
			if (digits != CUVR_TOK_BLOCK_DIGITS)
				return code_fail(info, CUVR_CODE_BLOCK_LENGTH, block, digits);
			if (block == CUVR_TOK_MAX_LEVEL)
			{
				size_t		blocks = 1;
				size_t		k;

				for (k = pos; k < end; k++)
					if (s[k] == '.')
						blocks++;
				return code_fail(info, CUVR_CODE_TOO_MANY_BLOCKS, block, blocks);
			}
			tok.blocks[block - 1] = (int16_t) value;
			block++;
			digits = 0;
			value = 0;
		}
		else
			return code_fail_char(info, s, len, i);
	}
	if (digits == 0)
		return code_fail(info, CUVR_CODE_TRAILING_DOT, block - 1, 0);
	if (digits != CUVR_TOK_BLOCK_DIGITS)
		return code_fail(info, CUVR_CODE_BLOCK_LENGTH, block, digits);
	tok.blocks[block - 1] = (int16_t) value;
	tok.level = (int16_t) block;

	*result = tok;
	return CUVR_CODE_OK;
}

/* Is tok well-formed: a level of 1..5, blocks 0..9999 up to it, -1 after? */
bool
cuvr_tok_is_valid(const CuvrTok *tok)
{
	int			i;

	if (tok->level < 1 || tok->level > CUVR_TOK_MAX_LEVEL)
		return false;
	for (i = 0; i < CUVR_TOK_MAX_LEVEL; i++)
	{
		if (i < tok->level)
		{
			if (tok->blocks[i] < 0 || tok->blocks[i] > CUVR_TOK_BLOCK_MAX)
				return false;
		}
		else if (tok->blocks[i] != -1)
			return false;
	}
	return true;
}

/*
 * Write the canonical form of a ТОК code, '0005.0005.0056', into buf.  Same
 * contract as snprintf: returns the length the full text needs.
 */
int
cuvr_tok_format(const CuvrTok *tok, char *buf, size_t buflen)
{
	char		text[CUVR_TOK_TEXT_MAX + 8];
	size_t		n = 0;
	int			i;

	for (i = 0; i < tok->level && i < CUVR_TOK_MAX_LEVEL; i++)
	{
		int			v = tok->blocks[i];

		if (v < 0 || v > CUVR_TOK_BLOCK_MAX)
			v = 0;				/* never for a valid code */
		if (i > 0)
			text[n++] = '.';
		text[n++] = (char) ('0' + v / 1000);
		text[n++] = (char) ('0' + v / 100 % 10);
		text[n++] = (char) ('0' + v / 10 % 10);
		text[n++] = (char) ('0' + v % 10);
	}
	text[n] = '\0';
	return snprintf(buf, buflen, "%s", text);
}

/*
 * Compare two ТОК codes block by block; a missing block sorts before any
 * block, so a code sorts right before its descendants.
 */
int
cuvr_tok_cmp(const CuvrTok *a, const CuvrTok *b)
{
	int			i;

	for (i = 0; i < CUVR_TOK_MAX_LEVEL; i++)
	{
		if (a->blocks[i] != b->blocks[i])
			return a->blocks[i] < b->blocks[i] ? -1 : 1;
	}
	return 0;
}

/* Is ancestor the code itself or one of its ancestors? */
bool
cuvr_tok_contains(const CuvrTok *ancestor, const CuvrTok *tok)
{
	int			i;

	if (ancestor->level > tok->level)
		return false;
	for (i = 0; i < ancestor->level && i < CUVR_TOK_MAX_LEVEL; i++)
	{
		if (ancestor->blocks[i] != tok->blocks[i])
			return false;
	}
	return true;
}

/* The code one level up; false for a level-1 code, which has none. */
bool
cuvr_tok_parent(const CuvrTok *tok, CuvrTok *parent)
{
	if (tok->level <= 1 || tok->level > CUVR_TOK_MAX_LEVEL)
		return false;
	*parent = *tok;
	parent->blocks[tok->level - 1] = -1;
	parent->level = (int16_t) (tok->level - 1);
	return true;
}

/*
 * The greatest descendant of a code (the code padded with 9999 blocks):
 * the code and its descendants are exactly the codes from tok to last.
 */
void
cuvr_tok_last_descendant(const CuvrTok *tok, CuvrTok *last)
{
	int			i;

	*last = *tok;
	for (i = tok->level; i < CUVR_TOK_MAX_LEVEL; i++)
		last->blocks[i] = CUVR_TOK_BLOCK_MAX;
	last->level = CUVR_TOK_MAX_LEVEL;
}

/* ----------------------------------------------------------------
 *		OKTMO codes
 * ----------------------------------------------------------------
 */

/* Smallest valid 11-digit form: subject 01. */
#define OKTMO_DIGITS_MIN INT64_C(1000000000)

/* Digits significant at each level: subject, district, settlement, locality. */
static const int oktmo_level_digits[CUVR_OKTMO_MAX_LEVEL + 1] = {0, 2, 5, 8, 11};

/* 10 to the power n, for n in 0..11. */
static int64_t
oktmo_pow10(int n)
{
	int64_t		p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

/*
 * Parse an OKTMO code from input[0..len), which need not be NUL-terminated.
 * Blanks between the digits are ignored.  On success fills *result and
 * returns CUVR_CODE_OK; otherwise returns the error, describes it in *info
 * (if not NULL) and leaves *result alone.
 */
CuvrCodeError
cuvr_oktmo_parse(const char *input, size_t len, CuvrOktmo *result,
				 CuvrCodeErrorInfo *info)
{
	const unsigned char *s = (const unsigned char *) input;
	size_t		pos = 0;
	size_t		end = len;
	size_t		i;
	size_t		digits = 0;
	int64_t		value = 0;

	code_trim(s, &pos, &end);
	if (pos == end)
		return code_fail(info, CUVR_CODE_EMPTY, 0, 0);

	for (i = pos; i < end; i++)
	{
		unsigned char c = s[i];

		if (code_is_digit(c))
		{
			if (digits < CUVR_OKTMO_TEXT_MAX)
				value = value * 10 + (c - '0');
			digits++;
		}
		else if (c != ' ' && c != '\t')
			return code_fail_char(info, s, len, i);
	}
	if (digits != 8 && digits != 11)
		return code_fail(info, CUVR_CODE_DIGIT_COUNT, 0, digits);
	if (digits == 8)
		value *= 1000;
	if (value < OKTMO_DIGITS_MIN)
		return code_fail(info, CUVR_CODE_NO_SUBJECT, 0, digits);

	result->digits = value;
	result->long_form = (digits == 11);
	return CUVR_CODE_OK;
}

/* Is code well-formed: subject 01..99, and an 8-digit form ends in 000? */
bool
cuvr_oktmo_is_valid(const CuvrOktmo *code)
{
	if (code->digits < OKTMO_DIGITS_MIN || code->digits > CUVR_OKTMO_DIGITS_MAX)
		return false;
	return code->long_form || code->digits % 1000 == 0;
}

/*
 * Write the canonical form of an OKTMO code, its 8 or 11 digits without
 * blanks, into buf.  Same contract as snprintf.
 */
int
cuvr_oktmo_format(const CuvrOktmo *code, char *buf, size_t buflen)
{
	if (code->long_form)
		return snprintf(buf, buflen, "%011lld", (long long) code->digits);
	return snprintf(buf, buflen, "%08lld", (long long) (code->digits / 1000));
}

/*
 * Compare two OKTMO codes by their 11-digit forms: '70701000' and
 * '70701000000' are equal.
 */
int
cuvr_oktmo_cmp(const CuvrOktmo *a, const CuvrOktmo *b)
{
	if (a->digits == b->digits)
		return 0;
	return a->digits < b->digits ? -1 : 1;
}

/*
 * The level of a code, from its last group that is not zero: 1 subject
 * ('70000000'), 2 municipal district or okrug ('70701000'), 3 settlement
 * ('70612101'), 4 locality ('70701000001').
 */
int
cuvr_oktmo_level(const CuvrOktmo *code)
{
	if (code->digits % 1000 != 0)
		return 4;
	if (code->digits / 1000 % 1000 != 0)
		return 3;
	if (code->digits / 1000000 % 1000 != 0)
		return 2;
	return 1;
}

/* The first two digits: the subject of the federation (70 for Tula). */
int
cuvr_oktmo_prefix(const CuvrOktmo *code)
{
	return (int) (code->digits / INT64_C(1000000000));
}

/*
 * Is ancestor the code itself or one of its ancestors?  True when the code
 * agrees with ancestor in every digit up to ancestor's level.
 */
bool
cuvr_oktmo_contains(const CuvrOktmo *ancestor, const CuvrOktmo *code)
{
	int64_t		unit = oktmo_pow10(11 - oktmo_level_digits[cuvr_oktmo_level(ancestor)]);

	return ancestor->digits / unit == code->digits / unit;
}

/*
 * The code one level up, its last group that is not zero set to zero, in
 * the 8-digit form; false for a subject, which has none.
 */
bool
cuvr_oktmo_parent(const CuvrOktmo *code, CuvrOktmo *parent)
{
	int			level = cuvr_oktmo_level(code);
	int64_t		unit;

	if (level <= 1)
		return false;
	unit = oktmo_pow10(11 - oktmo_level_digits[level - 1]);
	parent->digits = code->digits / unit * unit;
	parent->long_form = false;
	return true;
}

/*
 * The greatest descendant of a code (the digits after its level all 9), in
 * the 11-digit form: the code and its descendants are exactly the codes from
 * code to last.
 */
void
cuvr_oktmo_last_descendant(const CuvrOktmo *code, CuvrOktmo *last)
{
	int64_t		unit = oktmo_pow10(11 - oktmo_level_digits[cuvr_oktmo_level(code)]);

	last->digits = code->digits / unit * unit + (unit - 1);
	last->long_form = (unit > 1) || code->long_form;
}

/* Pack a code into 8 bytes: the 11-digit form times two, plus long_form. */
int64_t
cuvr_oktmo_pack(const CuvrOktmo *code)
{
	return code->digits * 2 + (code->long_form ? 1 : 0);
}

/* Unpack a code packed by cuvr_oktmo_pack. */
CuvrOktmo
cuvr_oktmo_unpack(int64_t packed)
{
	CuvrOktmo	code;

	code.digits = packed / 2;
	code.long_form = (packed % 2) != 0;
	return code;
}
