/*
 * tokenize_test.c
 *		Unit test of the tokeniser (src/tokenize.c), no server.  Prints TAP.
 *
 * Every input is copied into a heap buffer of exactly its length, without a
 * terminating NUL, so that AddressSanitizer catches any read past the end.
 * The tokens are joined with single spaces and compared with the expected
 * string.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_core.h"

static int	tests = 0;
static int	failures = 0;

/* Tokens joined by spaces, and whether the ordinals ran 0, 1, 2, ... */
typedef struct Joined
{
	char		buf[4096];
	size_t		len;
	int			count;
	int			ordinals_ok;
} Joined;

/* Record one TAP result. */
static void
check(int ok, const char *what)
{
	tests++;
	if (!ok)
		failures++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tests, what);
}

/* Callback: append a token to the Joined buffer. */
static void
join_token(const char *token, int len, int ordinal, void *arg)
{
	Joined	   *j = (Joined *) arg;

	if (ordinal != j->count)
		j->ordinals_ok = 0;
	j->count++;
	if (j->len + (size_t) len + 2 >= sizeof(j->buf))
		return;
	if (j->len > 0)
		j->buf[j->len++] = ' ';
	memcpy(j->buf + j->len, token, (size_t) len);
	j->len += (size_t) len;
	j->buf[j->len] = '\0';
}

/* Tokenise the first len bytes of s from an exact-size heap copy. */
static int
tokenize_exact(const char *s, size_t len, int flags, Joined *j)
{
	char	   *copy = malloc(len > 0 ? len : 1);
	int			n;

	if (copy == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	if (len > 0)
		memcpy(copy, s, len);
	j->buf[0] = '\0';
	j->len = 0;
	j->count = 0;
	j->ordinals_ok = 1;
	n = cuvr_tokenize(copy, len, flags, join_token, j);
	free(copy);
	return n;
}

/* Expect the first len bytes of s to give the tokens in expected. */
static void
tok_len(const char *label, const char *s, size_t len, int flags,
		const char *expected)
{
	Joined		j;
	int			n = tokenize_exact(s, len, flags, &j);

	check(strcmp(j.buf, expected) == 0 && n == j.count && j.ordinals_ok, label);
	if (strcmp(j.buf, expected) != 0 || n != j.count || !j.ordinals_ok)
		printf("# got '%s' (%d tokens, returned %d), expected '%s'\n",
			   j.buf, j.count, n, expected);
}

/* Expect the NUL-terminated s to give the tokens in expected. */
static void
tok(const char *label, const char *s, const char *expected)
{
	tok_len(label, s, strlen(s), CUVR_TOKENIZE_DEFAULT, expected);
}

int
main(void)
{
	char		word[200];
	char		text[256];
	int			i;
	static const char *const stop[] = {
		"бы", "был", "была", "были", "было", "вам", "вас", "во", "все", "вы",
		"да", "для", "до", "его", "ее", "ей", "ему", "если", "есть", "еще",
		"же", "за", "из", "или", "им", "их", "как", "ко", "ли", "мне", "мы",
		"на", "нам", "нас", "не", "но", "ну", "об", "он", "она", "они", "оно",
		"от", "по", "при", "со", "так", "также", "то", "только", "уже", "чем",
		"что", "чтобы", "эта", "эти", "это", "этот"
	};
	static const char *const address[] = {
		"корп", "корпус", "лит", "литер", "литера", "наб", "набережная",
		"пер", "переулок", "петербург", "петербурга", "петербурге", "пл",
		"пр", "просп", "проспект", "проспекта", "проспекте", "санкт", "спб",
		"стр", "ул", "улица", "улице", "улицы", "шоссе"
	};
	int			all;

	/* case and ё */
	tok("lowercase Cyrillic", "ПРИВЕТ Мир", "привет мир");
	tok("ё and Ё read as е", "ЁЛКА ёжик", "елка ежик");
	tok("ASCII lowercased, hyphen splits", "Wi-Fi ROUTER", "wi fi router");
	tok("hyphenated Russian word splits", "кое-где", "кое где");
	tok("Ukrainian letters of the Cyrillic block", "Її", "її");
	tok("Latin look-alikes in a Cyrillic word", "пpoблема", "проблема");
	tok("a Latin word stays Latin", "pop corn", "pop corn");
	tok("masked text stays", "XXXX xxx", "xxxx xxx");
	tok("combining acute dropped", "за\xcc\x81мок", "замок");
	tok("и with combining breve is й", "и\xcc\x86од", "йод");
	tok("soft hyphen joins", "тро\xc2\xadтуар", "тротуар");

	/* blanks and punctuation */
	tok("tabs and newlines", "снег\tлед\r\nвода", "снег лед вода");
	tok("no-break space U+00A0", "снег\xc2\xa0лед", "снег лед");
	tok("em dash and guillemets", "снег\xe2\x80\x94лед \xc2\xabвода\xc2\xbb", "снег лед вода");
	tok("punctuation", "Яма! Лужа? (снег), лед;", "яма лужа снег лед");

	/* HTML */
	tok("tags are blanks", "<p>Яма</p><br/>дорога", "яма дорога");
	tok("a tag splits a word", "<b>про</b>блема", "про блема");
	tok("tag with attributes", "<a href=\"http://x.ru\">ссылка</a>", "ссылка");
	tok("comment", "<!-- скрыто -->видно", "видно");
	tok("a lone < is punctuation", "яма < лужа > снег", "яма лужа снег");
	tok("unclosed tag is text", "<div яма", "div яма");
	tok("&nbsp; is a blank", "&nbsp;снег&nbsp;лед", "снег лед");
	tok("&amp; &lt; &gt; &quot; &apos;", "&amp;&lt;&gt;&quot;&apos;", "");
	tok("decimal entities", "&#1103;&#1084;&#1072;", "яма");
	tok("hex entities", "&#x44F;&#X43C;&#x430;", "яма");
	tok("entity letters join a word", "тро&#1090;уар", "тротуар");
	tok("decoded < opens no tag", "&lt;script&gt;лед", "script лед");
	tok("unknown named entity is a blank", "&copy;свет", "свет");
	tok("bad numeric entities are blanks", "&#0;&#xD800;&#99999999;трубы", "трубы");
	tok("unterminated entity is text", "&amp снег", "amp снег");
	tok("entity at the end", "снег &#", "снег");

	/* numbers, phones, dates */
	tok("numbers dropped", "15 23,5 лифт 1", "лифт");
	tok("дом and кв are kept: they point to МКД", "дом 15 кв 23", "дом кв");
	tok("tokens with digits dropped", "5этаж 2-й подъезд covid19", "подъезд");
	tok("phone number", "+7 (812) 123-45-67 звонить", "звонить");
	tok("date", "12.01.2021г. протечка", "протечка");

	/* e-mail addresses and URLs */
	tok("e-mail address", "пишите ivan.petrov@mail.ru срочно", "пишите срочно");
	tok("URL with scheme", "https://gu.spb.ru/x?y=1 фото", "фото");
	tok("www. URL", "WWW.example.org фото", "фото");
	tok("bare domain with path", "vk.com/club123 фото", "фото");
	tok("Cyrillic domain", "сайт.рф фото", "фото");
	tok("a dot between words is no URL", "сломан.Дверь", "сломан дверь");

	/* stop words, address words, length */
	tok("stop words dropped", "И в на не что это Всё ещё", "");
	tok_len("stop words kept with the flag", "не работает", strlen("не работает"),
			CUVR_TOKENIZE_KEEP_STOPWORDS, "не работает");
	tok("address words dropped", "Санкт-Петербург, Невский проспект, ул.Ленина, корп.2",
		"невский ленина");
	tok_len("address words kept with the flag", "Санкт-Петербург, ул.Ленина",
			strlen("Санкт-Петербург, ул.Ленина"), CUVR_TOKENIZE_KEEP_ADDRESS,
			"санкт петербург ул ленина");
	tok("one-letter words dropped", "я а б вв", "вв");

	memset(word, 'a', 40);
	snprintf(text, sizeof(text), "%.40s ok", word);
	tok("a word of 40 letters is kept", text, text);
	snprintf(text, sizeof(text), "%.40sa ok", word);
	tok("a word of 41 letters is dropped", text, "ok");
	text[0] = '\0';
	for (i = 0; i < 41; i++)
		strcat(text, "я");
	strcat(text, " ok");
	tok("41 Cyrillic letters are dropped", text, "ok");

	/* invalid UTF-8 and buffer bounds */
	tok("invalid bytes split", "яма\xff\xfeлужа", "яма лужа");
	tok("truncated sequence at the end", "яма\xd1", "яма");
	tok("overlong encoding", "\xc0\xaf\xe0\x80\xafяма", "яма");
	tok("encoded surrogate", "\xed\xa0\x80снег", "снег");
	tok("stray continuation bytes", "\x80\xbfснег\x80", "снег");
	tok_len("not NUL-terminated: stops at len", "снег лед", strlen("снег"),
			CUVR_TOKENIZE_DEFAULT, "снег");
	tok_len("len cuts a character in two", "снег", 3, CUVR_TOKENIZE_DEFAULT, "");
	tok_len("len cuts a tag", "лед<b>", 8, CUVR_TOKENIZE_DEFAULT, "лед");
	tok_len("len cuts an entity", "лед&#1103;", 8, CUVR_TOKENIZE_DEFAULT, "лед");
	tok_len("embedded NUL is a blank", "снег\0лед", 15, CUVR_TOKENIZE_DEFAULT,
			"снег лед");
	tok_len("empty input", "", 0, CUVR_TOKENIZE_DEFAULT, "");
	check(cuvr_tokenize(NULL, 10, 0, join_token, NULL) == 0, "NULL text gives no tokens");
	check(cuvr_tokenize("яма лужа", strlen("яма лужа"), 0, NULL, NULL) == 2,
		  "NULL callback still counts");

	/* the word tables are sorted, so every entry is found */
	all = 1;
	for (i = 0; i < (int) (sizeof(stop) / sizeof(stop[0])); i++)
		if (!cuvr_tokenize_is_stopword(stop[i], strlen(stop[i])))
		{
			printf("# stop word '%s' not found\n", stop[i]);
			all = 0;
		}
	check(all, "every stop word is found");
	all = 1;
	for (i = 0; i < (int) (sizeof(address) / sizeof(address[0])); i++)
		if (!cuvr_tokenize_is_address_word(address[i], strlen(address[i])))
		{
			printf("# address word '%s' not found\n", address[i]);
			all = 0;
		}
	check(all, "every address word is found");
	check(!cuvr_tokenize_is_stopword("яма", strlen("яма")) &&
		  !cuvr_tokenize_is_stopword("", 0) &&
		  !cuvr_tokenize_is_stopword("что", 4) &&
		  !cuvr_tokenize_is_address_word("улиц", strlen("улиц")),
		  "other words are neither");

	printf("1..%d\n", tests);
	return failures == 0 ? 0 : 1;
}
