/*
 * simhash.c
 *		SimHash signatures of stemmed texts, for near-duplicate (mass)
 *		appeals.
 *
 * Pure C, no backend.  Each distinct stem and stem pair votes with its
 * 64-bit FNV-1a hash; the signature keeps the sign of the vote on every
 * bit.  Texts that share most of their features differ in few bits, so the
 * Hamming distance measures similarity, and four 16-bit bands index it:
 * two signatures within 3 bits agree on at least one band.
 */
#include <string.h>

#include "classify_core.h"

/* 64-bit FNV-1a of a byte string, continuing from h. */
static uint64_t
fnv64(uint64_t h, const char *str, int len)
{
	int			i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) str[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Final avalanche, so that nearby hashes spread over all bits. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Add one feature's vote to the bit counters. */
static void
vote(int32_t *counts, uint64_t h)
{
	int			b;

	for (b = 0; b < 64; b++)
		counts[b] += (h >> b) & 1 ? 1 : -1;
}

/*
 * The SimHash of a list of tokens: unigrams and adjacent pairs.  Returns 0
 * for an empty list (no signature).
 */
uint64_t
cuvr_simhash(const CuvrClsToken *tokens, int ntokens)
{
	int32_t		counts[64];
	uint64_t	result = 0;
	int			i,
				b;

	if (ntokens <= 0)
		return 0;
	memset(counts, 0, sizeof(counts));
	for (i = 0; i < ntokens; i++)
	{
		uint64_t	h = fnv64(14695981039346656037ULL, tokens[i].str, tokens[i].len);

		vote(counts, mix64(h));
		if (i + 1 < ntokens)
		{
			h = fnv64(h ^ 0x20, tokens[i + 1].str, tokens[i + 1].len);
			vote(counts, mix64(h));
		}
	}
	for (b = 0; b < 64; b++)
		if (counts[b] > 0)
			result |= 1ULL << b;
	return result == 0 ? 1 : result;
}

/* Number of differing bits. */
int
cuvr_hamming64(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

/*
 * The day bucket of a time in microseconds since the PostgreSQL epoch
 * (floor division, so times before 2000 fall in negative days).  Signature
 * keys carry it, so that a search for near-duplicates within a window reads
 * only the appeals of the window's days, however long the history.
 */
int64_t
cuvr_simhash_day(int64_t usecs)
{
	const int64_t usecs_per_day = INT64_C(86400000000);
	int64_t		day = usecs / usecs_per_day;

	if (usecs % usecs_per_day < 0)
		day--;
	return day;
}

/* The four 16-bit bands of a signature, tagged by position (0..3). */
void
cuvr_simhash_bands(uint64_t signature, int32_t bands[4])
{
	int			i;

	for (i = 0; i < 4; i++)
		bands[i] = (int32_t) ((i << 16) | ((signature >> (16 * i)) & 0xFFFF));
}
