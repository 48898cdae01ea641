/*
 * tokenize_fuzz.c
 *		libFuzzer target for the tokeniser (src/tokenize.c).
 *
 * Tokenises the input with each combination of flags and checks every
 * token: non-empty, at most CUVR_TOKEN_MAX_BYTES bytes, valid UTF-8 of
 * letters only (no digits, no uppercase, no ё), ordinals counting from zero,
 * and the count returned equal to the tokens seen.  Without
 * CUVR_TOKENIZE_KEEP_STOPWORDS no token is a stop word.  Any violation
 * aborts.  Builds with clang -fsanitize=fuzzer, or with any compiler
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
} FuzzState;

/* Report a broken invariant and abort. */
static void
tokenize_fuzz_fail(const char *what, const char *token, int len)
{
	fprintf(stderr, "tokenize_fuzz: %s (token of %d bytes: '%.*s')\n", what,
			len, len > 0 && len < 200 ? len : 0, token);
	abort();
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
	st->count++;
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
}

/* One fuzz input: tokenise it with every flag combination. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			flags;
	int			first = -1;

	for (flags = 0; flags < 4; flags++)
	{
		FuzzState	st = {flags, 0};
		int			n = cuvr_tokenize((const char *) data, size, flags, check_token, &st);

		if (n != st.count)
			tokenize_fuzz_fail("returned count differs from tokens seen", "", 0);
		if (cuvr_tokenize((const char *) data, size, flags, NULL, NULL) != n)
			tokenize_fuzz_fail("count differs without a callback", "", 0);
		if (flags == 0)
			first = n;
		else if (n < first)
			tokenize_fuzz_fail("keeping more words gave fewer tokens", "", 0);
	}
	return 0;
}
