/*
 * tokenize.c
 *		Tokeniser for appeal texts: HTML and entities, case, ё, numbers,
 *		e-mail addresses, URLs, stop words and address words.
 *
 * Pure C with no PostgreSQL dependency: the classifier in the backend calls
 * it and stems each word, and test/unit and test/fuzz exercise it without a
 * server.
 *
 * The text is decoded one character at a time (decode_next), which turns a
 * tag into a blank and an entity into its character.  Blanks cut the text
 * into chunks.  Each chunk is read twice: once to see whether it is an
 * e-mail address or a URL (then it is skipped), and once to cut it into
 * words.  Nothing reads past the given length, nothing allocates, nothing
 * depends on the locale, and the work is linear in the length.
 */
#include <string.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>

#include "classify_core.h"

/* Longest tag we skip as a blank; longer ones are read as text. */
#define TOK_TAG_MAX 1024

/* Longest entity name or number we decode. */
#define TOK_ENTITY_MAX 32

/* Character classes. */
typedef enum TokClass
{
	TOK_BLANK,					/* ends a chunk */
	TOK_PUNCT,					/* ends a word */
	TOK_LETTER,
	TOK_DIGIT,
	TOK_MARK,					/* combining mark: joins the word */
	TOK_IGNORE					/* soft hyphen, joiners: nothing */
} TokClass;

/* The word being built: lowercase code points. */
typedef struct TokWord
{
	uint32_t	cp[CUVR_TOKEN_MAX_CHARS];
	int			n;				/* letters and digits seen, may exceed max */
	bool		has_digit;
	bool		has_cyrillic;
	bool		has_latin;
} TokWord;

/* Stop words, lowercase with е for ё, in strcmp (UTF-8 byte) order. */
static const char *const stopwords[] = {
	"бы", "был", "была", "были", "было", "вам", "вас", "во", "все", "вы",
	"да", "для", "до", "его", "ее", "ей", "ему", "если", "есть", "еще",
	"же", "за", "из", "или", "им", "их", "как", "ко", "ли", "мне", "мы",
	"на", "нам", "нас", "не", "но", "ну", "об", "он", "она", "они", "оно",
	"от", "по", "при", "со", "так", "также", "то", "только", "уже", "чем",
	"что", "чтобы", "эта", "эти", "это", "этот"
};

/* Address words, lowercase with е for ё, in strcmp (UTF-8 byte) order. */
static const char *const address_words[] = {
	"корп", "корпус", "лит", "литер", "литера", "наб", "набережная",
	"пер", "переулок", "петербург", "петербурга", "петербурге",
	"пл", "пр", "просп", "проспект", "проспекта", "проспекте",
	"санкт", "спб", "стр", "ул", "улица", "улице", "улицы", "шоссе"
};

/* Index of word (len bytes) in the sorted table, or -1. */
static int
tok_lookup(const char *const *table, int n, const char *word, size_t len)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		const char *t = table[mid];
		size_t		tlen = strlen(t);
		int			c = memcmp(t, word, tlen < len ? tlen : len);

		if (c == 0)
			c = tlen < len ? -1 : (tlen > len ? 1 : 0);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Is the word one of the stop words? */
bool
cuvr_tokenize_is_stopword(const char *word, size_t len)
{
	return tok_lookup(stopwords, (int) (sizeof(stopwords) / sizeof(stopwords[0])),
					  word, len) >= 0;
}

/* Is the word one of the address words? */
bool
cuvr_tokenize_is_address_word(const char *word, size_t len)
{
	return tok_lookup(address_words,
					  (int) (sizeof(address_words) / sizeof(address_words[0])),
					  word, len) >= 0;
}

/*
 * Decode one UTF-8 sequence at s[pos] (pos < len) into *cp; returns the
 * length consumed.  Invalid sequences (overlong, surrogates, beyond
 * U+10FFFF, truncated) consume one byte and give U+FFFD.
 */
static size_t
tok_utf8(const unsigned char *s, size_t len, size_t pos, uint32_t *cp)
{
	unsigned char c = s[pos];
	size_t		need;
	uint32_t	v,
				min;
	size_t		i;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		need = 1;
		v = c & 0x1F;
		min = 0x80;
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		need = 2;
		v = c & 0x0F;
		min = 0x800;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		need = 3;
		v = c & 0x07;
		min = 0x10000;
	}
	else
	{
		*cp = 0xFFFD;
		return 1;
	}
	if (len - pos <= need)
	{
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i <= need; i++)
	{
		unsigned char cc = s[pos + i];

		if ((cc & 0xC0) != 0x80)
		{
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (cc & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
	{
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return need + 1;
}

/* Is c an ASCII letter? */
static inline bool
tok_ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * At s[pos] == '<': if a tag follows (a letter, '/', '!' or '?', then a '>'
 * within TOK_TAG_MAX bytes and before any other '<'), return its length,
 * else 0.
 */
static size_t
tok_tag(const unsigned char *s, size_t len, size_t pos)
{
	size_t		i;

	if (pos + 1 >= len)
		return 0;
	if (!tok_ascii_alpha(s[pos + 1]) && s[pos + 1] != '/' &&
		s[pos + 1] != '!' && s[pos + 1] != '?')
		return 0;
	for (i = pos + 1; i < len && i - pos < TOK_TAG_MAX; i++)
	{
		if (s[i] == '>')
			return i - pos + 1;
		if (s[i] == '<')
			return 0;
	}
	return 0;
}

/*
 * At s[pos] == '&': if an entity follows (&name; &#NNN; &#xHH;), set *cp to
 * what it stands for and return its length, else 0.  A named entity we do
 * not know, or a number that is no character, is a blank.
 */
static size_t
tok_entity(const unsigned char *s, size_t len, size_t pos, uint32_t *cp)
{
	size_t		i = pos + 1;
	size_t		start;

	if (i >= len)
		return 0;
	if (s[i] == '#')
	{
		bool		hex = false;
		uint32_t	v = 0;
		int			digits = 0;

		i++;
		if (i < len && (s[i] == 'x' || s[i] == 'X'))
		{
			hex = true;
			i++;
		}
		for (; i < len && digits < 8; i++, digits++)
		{
			unsigned char c = s[i];
			int			d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (uint32_t) d;
		}
		if (digits == 0 || digits >= 8 || i >= len || s[i] != ';')
			return 0;
		if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = ' ';
		*cp = v;
		return i - pos + 1;
	}

	start = i;
	if (!tok_ascii_alpha(s[i]))
		return 0;
	while (i < len && i - start < TOK_ENTITY_MAX &&
		   (tok_ascii_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9')))
		i++;
	if (i >= len || s[i] != ';')
		return 0;

#define TOK_ENTITY_IS(name) \
	(i - start == sizeof(name) - 1 && memcmp(s + start, name, sizeof(name) - 1) == 0)
	if (TOK_ENTITY_IS("amp"))
		*cp = '&';
	else if (TOK_ENTITY_IS("lt"))
		*cp = '<';
	else if (TOK_ENTITY_IS("gt"))
		*cp = '>';
	else if (TOK_ENTITY_IS("quot"))
		*cp = '"';
	else if (TOK_ENTITY_IS("apos"))
		*cp = '\'';
	else if (TOK_ENTITY_IS("laquo") || TOK_ENTITY_IS("raquo"))
		*cp = '"';
	else if (TOK_ENTITY_IS("mdash") || TOK_ENTITY_IS("ndash") ||
			 TOK_ENTITY_IS("hellip"))
		*cp = '-';
	else
		*cp = ' ';				/* &nbsp; and anything else */
#undef TOK_ENTITY_IS
	return i - start + 2;
}

/*
 * Decode the character at s[pos] (pos < len), reading tags and entities;
 * returns the length consumed (at least 1).
 */
static size_t
decode_next(const unsigned char *s, size_t len, size_t pos, uint32_t *cp)
{
	size_t		n;

	if (s[pos] == '<' && (n = tok_tag(s, len, pos)) > 0)
	{
		*cp = ' ';
		return n;
	}
	if (s[pos] == '&' && (n = tok_entity(s, len, pos, cp)) > 0)
		return n;
	return tok_utf8(s, len, pos, cp);
}

/* Class of a code point; letters come back lowercased in *lower. */
static TokClass
tok_class(uint32_t cp, uint32_t *lower)
{
	*lower = cp;
	if (cp < 0x80)
	{
		if (cp >= 'a' && cp <= 'z')
			return TOK_LETTER;
		if (cp >= 'A' && cp <= 'Z')
		{
			*lower = cp + 0x20;
			return TOK_LETTER;
		}
		if (cp >= '0' && cp <= '9')
			return TOK_DIGIT;
		if (cp <= 0x20 || cp == 0x7F)
			return TOK_BLANK;
		return TOK_PUNCT;
	}
	if (cp >= 0x400 && cp <= 0x45F)
	{
		if (cp >= 0x410 && cp <= 0x42F)
			*lower = cp + 0x20;
		else if (cp < 0x410)
			*lower = cp + 0x50;
		if (*lower == 0x451)	/* ё */
			*lower = 0x435;
		return TOK_LETTER;
	}
	if (cp >= 0x300 && cp <= 0x36F)
		return TOK_MARK;
	if (cp == 0xAD || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
		cp == 0xFEFF)
		return TOK_IGNORE;
	if (cp == 0xA0 || cp == 0x85 || cp == 0x1680 ||
		(cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
		cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFFFD ||
		(cp >= 0x80 && cp < 0xA0))
		return TOK_BLANK;
	return TOK_PUNCT;
}

/* Cyrillic look-alike of a lowercase Latin letter, or 0. */
static uint32_t
tok_lookalike(uint32_t c)
{
	switch (c)
	{
		case 'a':
			return 0x430;		/* а */
		case 'b':
			return 0x432;		/* в */
		case 'c':
			return 0x441;		/* с */
		case 'e':
			return 0x435;		/* е */
		case 'h':
			return 0x43D;		/* н */
		case 'k':
			return 0x43A;		/* к */
		case 'm':
			return 0x43C;		/* м */
		case 'o':
			return 0x43E;		/* о */
		case 'p':
			return 0x440;		/* р */
		case 't':
			return 0x442;		/* т */
		case 'x':
			return 0x445;		/* х */
		case 'y':
			return 0x443;		/* у */
		default:
			return 0;
	}
}

/* Lowercase Latin letters of the TLDs that mark a URL without a scheme. */
static const char *const url_tlds[] = {
	"com", "gov", "info", "net", "org", "ru", "su"
};

/* Is the letter run (n code points) a TLD we treat as a URL? */
static bool
tok_is_tld(const uint32_t *run, int n)
{
	int			t;

	/* .рф */
	if (n == 2 && run[0] == 0x440 && run[1] == 0x444)
		return true;
	for (t = 0; t < (int) (sizeof(url_tlds) / sizeof(url_tlds[0])); t++)
	{
		const char *tld = url_tlds[t];
		int			k;

		if ((int) strlen(tld) != n)
			continue;
		for (k = 0; k < n; k++)
			if (run[k] != (uint32_t) (unsigned char) tld[k])
				break;
		if (k == n)
			return true;
	}
	return false;
}

/*
 * Find the end of the chunk that starts at pos (a non-blank); sets *skip
 * when it is an e-mail address or a URL: it has '@' or "://", starts with
 * "www.", or has a letter or digit, a dot and a known TLD ending a letter
 * run.
 */
static size_t
tok_chunk_end(const unsigned char *s, size_t len, size_t pos, bool *skip)
{
	uint32_t	prev1 = 0,
				prev2 = 0;		/* the two code points before this one */
	uint32_t	run[4];
	int			nrun = 0;
	bool		run_after_dot = false;
	bool		alnum_before_dot = false;
	int			count = 0;
	bool		www = true;

	*skip = false;
	while (pos < len)
	{
		uint32_t	cp,
					lower;
		size_t		n = decode_next(s, len, pos, &cp);
		TokClass	cls = tok_class(cp, &lower);

		if (cls == TOK_BLANK)
			break;
		pos += n;
		if (cls == TOK_IGNORE || cls == TOK_MARK)
			continue;

		if (cls == TOK_LETTER)
		{
			if (nrun < 4)
				run[nrun] = lower;
			nrun++;
		}
		else
		{
			if (run_after_dot && nrun <= 4 && tok_is_tld(run, nrun))
				*skip = true;
			run_after_dot = (cp == '.' && alnum_before_dot);
			nrun = 0;
		}
		alnum_before_dot = (cls == TOK_LETTER || cls == TOK_DIGIT);

		if (cp == '@')
			*skip = true;
		if (cp == '/' && prev1 == '/' && prev2 == ':')
			*skip = true;
		if (count < 4)
		{
			static const char wwwdot[] = "www.";

			if (lower != (uint32_t) (unsigned char) wwwdot[count])
				www = false;
			else if (count == 3 && www)
				*skip = true;
		}
		count++;
		prev2 = prev1;
		prev1 = cp;
	}
	if (run_after_dot && nrun <= 4 && tok_is_tld(run, nrun))
		*skip = true;
	return pos;
}

/* Encode a code point (below U+0800 here) as UTF-8; returns its length. */
static int
tok_put(uint32_t cp, char *out)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	out[0] = (char) (0xC0 | (cp >> 6));
	out[1] = (char) (0x80 | (cp & 0x3F));
	return 2;
}

/* Emit the word if it survives the filters; returns 1 if emitted. */
static int
tok_flush(TokWord *w, int flags, int ordinal, CuvrTokenCallback callback,
		  void *arg)
{
	char		buf[CUVR_TOKEN_MAX_BYTES];
	int			len = 0;
	int			i;
	int			emitted = 0;

	if (w->n >= CUVR_TOKEN_MIN_CHARS && w->n <= CUVR_TOKEN_MAX_CHARS &&
		!w->has_digit)
	{
		bool		mixed = w->has_cyrillic && w->has_latin;

		for (i = 0; i < w->n; i++)
		{
			uint32_t	c = w->cp[i];

			if (mixed && c < 0x80 && tok_lookalike(c) != 0)
				c = tok_lookalike(c);
			len += tok_put(c, buf + len);
		}
		if (((flags & CUVR_TOKENIZE_KEEP_STOPWORDS) ||
			 !cuvr_tokenize_is_stopword(buf, (size_t) len)) &&
			((flags & CUVR_TOKENIZE_KEEP_ADDRESS) ||
			 !cuvr_tokenize_is_address_word(buf, (size_t) len)))
		{
			if (callback != NULL)
				callback(buf, len, ordinal, arg);
			emitted = 1;
		}
	}
	w->n = 0;
	w->has_digit = false;
	w->has_cyrillic = false;
	w->has_latin = false;
	return emitted;
}

/* Tokenise len bytes of text, calling callback for each kept word. */
int
cuvr_tokenize(const char *text, size_t len, int flags,
			  CuvrTokenCallback callback, void *arg)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t		pos = 0;
	int			count = 0;
	TokWord		w;

	if (text == NULL)
		return 0;
	w.n = 0;
	w.has_digit = false;
	w.has_cyrillic = false;
	w.has_latin = false;

	while (pos < len)
	{
		uint32_t	cp,
					lower;
		size_t		n = decode_next(s, len, pos, &cp);
		size_t		end;
		bool		skip;

		if (tok_class(cp, &lower) == TOK_BLANK)
		{
			pos += n;
			continue;
		}

		end = tok_chunk_end(s, len, pos, &skip);
		if (skip)
		{
			pos = end;
			continue;
		}

		while (pos < end)
		{
			TokClass	cls;

			n = decode_next(s, len, pos, &cp);
			pos += n;
			cls = tok_class(cp, &lower);
			switch (cls)
			{
				case TOK_LETTER:
				case TOK_DIGIT:
					if (cls == TOK_DIGIT)
						w.has_digit = true;
					else if (lower < 0x80)
						w.has_latin = true;
					else
						w.has_cyrillic = true;
					if (w.n < CUVR_TOKEN_MAX_CHARS)
						w.cp[w.n] = lower;
					if (w.n <= CUVR_TOKEN_MAX_CHARS)
						w.n++;
					break;
				case TOK_MARK:
					/* и + combining breve is й; other marks vanish */
					if (cp == 0x306 && w.n > 0 && w.n <= CUVR_TOKEN_MAX_CHARS &&
						w.cp[w.n - 1] == 0x438)
						w.cp[w.n - 1] = 0x439;
					break;
				case TOK_IGNORE:
					break;
				case TOK_PUNCT:
				case TOK_BLANK:
					count += tok_flush(&w, flags, count, callback, arg);
					break;
			}
		}
		count += tok_flush(&w, flags, count, callback, arg);
	}
	return count;
}
