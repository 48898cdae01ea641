/*
 * tokenize_fuzz.c
 *		libFuzzer target for the tokeniser (src/tokenize.c).
 *
 * Tokenises the input with each combination of flags and checks every
 * token: non-empty, at most CUVR_TOKEN_MAX_BYTES bytes, valid UTF-8 of
 * letters only (no digits, no uppercase, no ё), ordinals counting from zero,
 * and the count returned equal to the tokens seen.  Without
 * CUVR_TOKENIZE_KEEP_STOPWORDS no token is a stop word.  The tokens of a
 * stricter flag set must be a subsequence of those of a looser one, and the
 * tokens are a fixed point: tokenising them again, joined by blanks, with
 * the same flags gives the same tokens.  Any violation aborts.  Builds with clang -fsanitize=fuzzer, or with any compiler
 * together with corpus_driver.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_core.h"

extern int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct FuzzState
{
	int			flags;
	int			count;
	char	   *bytes;			/* the tokens, each followed by a blank */
	size_t		nbytes;
	size_t		capacity;
	int		   *starts;			/* [count + 1]: where each token starts */
	int			starts_cap;
} FuzzState;

/* Report a broken invariant and abort. */
static void
tokenize_fuzz_fail(const char *what, const char *token, int len)
{
	fprintf(stderr, "tokenize_fuzz: %s (token of %d bytes: '%.*s')\n", what,
			len, len > 0 && len < 200 ? len : 0, token);
	abort();
}

/* Append a token to the state's list (growing it), followed by a blank. */
static void
keep_token(FuzzState *st, const char *token, int len)
{
	if (st->nbytes + (size_t) len + 1 > st->capacity)
	{
		size_t		cap = st->capacity > 0 ? st->capacity : 256;

		while (st->nbytes + (size_t) len + 1 > cap)
			cap *= 2;
		st->bytes = realloc(st->bytes, cap);
		if (st->bytes == NULL)
			abort();
		st->capacity = cap;
	}
	if (st->count + 2 > st->starts_cap)
	{
		st->starts_cap = st->starts_cap > 0 ? st->starts_cap * 2 : 64;
		st->starts = realloc(st->starts, sizeof(int) * (size_t) st->starts_cap);
		if (st->starts == NULL)
			abort();
	}
	st->starts[st->count] = (int) st->nbytes;
	memcpy(st->bytes + st->nbytes, token, (size_t) len);
	st->nbytes += (size_t) len;
	st->bytes[st->nbytes++] = ' ';
	st->starts[st->count + 1] = (int) st->nbytes;
}

/* Token i of a state: its bytes and length (without the blank). */
static const char *
token_at(const FuzzState *st, int i, int *len)
{
	*len = st->starts[i + 1] - st->starts[i] - 1;
	return st->bytes + st->starts[i];
}

/* Are the tokens of sub a subsequence of the tokens of all? */
static bool
is_subsequence(const FuzzState *sub, const FuzzState *all)
{
	int			i = 0,
				j;

	for (j = 0; j < all->count && i < sub->count; j++)
	{
		int			la,
					ls;
		const char *ta = token_at(all, j, &la);
		const char *ts = token_at(sub, i, &ls);

		if (la == ls && memcmp(ta, ts, (size_t) la) == 0)
			i++;
	}
	return i == sub->count;
}

/* Do two states hold the same tokens? */
static bool
same_tokens(const FuzzState *a, const FuzzState *b)
{
	return a->count == b->count && a->nbytes == b->nbytes &&
		(a->nbytes == 0 || memcmp(a->bytes, b->bytes, a->nbytes) == 0);
}

/* Check one token. */
static void
check_token(const char *token, int len, int ordinal, void *arg)
{
	FuzzState  *st = (FuzzState *) arg;
	const unsigned char *s = (const unsigned char *) token;
	int			i = 0,
				chars = 0;

	if (ordinal != st->count)
		tokenize_fuzz_fail("ordinal out of sequence", token, len);
	if (token == NULL || len <= 0)
		tokenize_fuzz_fail("empty token", token, 0);
	if (len > CUVR_TOKEN_MAX_BYTES)
		tokenize_fuzz_fail("token too long", token, len);
	while (i < len)
	{
		unsigned char c = s[i];

		if (c < 0x80)
		{
			if (c < 'a' || c > 'z')
				tokenize_fuzz_fail("ASCII byte that is no lowercase letter", token, len);
			i++;
		}
		else
		{
			uint32_t	cp;

			/* letters are U+0400..U+045F: two bytes, D0 or D1 */
			if (i + 1 >= len || (c != 0xD0 && c != 0xD1) ||
				(s[i + 1] & 0xC0) != 0x80)
				tokenize_fuzz_fail("invalid or non-Cyrillic UTF-8", token, len);
			cp = ((uint32_t) (c & 0x1F) << 6) | (s[i + 1] & 0x3F);
			if (cp < 0x430 || cp > 0x45F)
				tokenize_fuzz_fail("uppercase Cyrillic letter", token, len);
			if (cp == 0x451)
				tokenize_fuzz_fail("ё not read as е", token, len);
			i += 2;
		}
		chars++;
	}
	if (chars < CUVR_TOKEN_MIN_CHARS || chars > CUVR_TOKEN_MAX_CHARS)
		tokenize_fuzz_fail("token length out of range", token, len);
	if (!(st->flags & CUVR_TOKENIZE_KEEP_STOPWORDS) &&
		cuvr_tokenize_is_stopword(token, (size_t) len))
		tokenize_fuzz_fail("stop word emitted", token, len);
	if (!(st->flags & CUVR_TOKENIZE_KEEP_ADDRESS) &&
		cuvr_tokenize_is_address_word(token, (size_t) len))
		tokenize_fuzz_fail("address word emitted", token, len);
	keep_token(st, token, len);
	st->count++;
}

/* One fuzz input: tokenise it with every flag combination. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzState	st[4];
	int			flags;

	memset(st, 0, sizeof(st));
	for (flags = 0; flags < 4; flags++)
	{
		FuzzState	again;
		int			n;

		st[flags].flags = flags;
		n = cuvr_tokenize((const char *) data, size, flags, check_token, &st[flags]);
		if (n != st[flags].count)
			tokenize_fuzz_fail("returned count differs from tokens seen", "", 0);
		if (cuvr_tokenize((const char *) data, size, flags, NULL, NULL) != n)
			tokenize_fuzz_fail("count differs without a callback", "", 0);

		/* the tokens, joined by blanks, tokenise to themselves */
		memset(&again, 0, sizeof(again));
		again.flags = flags;
		n = cuvr_tokenize(st[flags].bytes, st[flags].nbytes, flags, check_token, &again);
		if (n != again.count || !same_tokens(&st[flags], &again))
			tokenize_fuzz_fail("tokens do not tokenise to themselves", "", 0);
		free(again.bytes);
		free(again.starts);
	}

	/* keeping more words only adds tokens */
	if (!is_subsequence(&st[0], &st[1]) || !is_subsequence(&st[0], &st[2]) ||
		!is_subsequence(&st[1], &st[3]) || !is_subsequence(&st[2], &st[3]))
		tokenize_fuzz_fail("keeping more words dropped or reordered a token", "", 0);

	for (flags = 0; flags < 4; flags++)
	{
		free(st[flags].bytes);
		free(st[flags].starts);
	}
	return 0;
}
