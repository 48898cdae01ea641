/*
 * classify_fuzz.c
 *		libFuzzer target for the classifier's text path (src/tokenize.c,
 *		src/classify_core.c, src/simhash.c).
 *
 * The input is an appeal text.  It goes the way the backend sends it
 * (classify.c): cuvr_tokenize with the default flags, then features,
 * scores, ranking, prediction and explanation against small in-memory
 * models trained once from fixed texts.  The Snowball stemmer needs a
 * server, so the words themselves stand for the stems.  The models: three
 * classes over 2^12 buckets (few collisions), three classes over 2^4
 * buckets (every feature collides) and a single class.  Every input also
 * trains a fresh model of its own lines (line i labelled i mod 3, min_df
 * 1), including empty and repeated documents, and is scored against it.
 *
 * Checks: features distinct, sorted, in range, from used buckets, pointing
 * at their tokens, finite and of unit length; the feature buffer is a heap
 * block of exactly cuvr_cls_feature_capacity(), so AddressSanitizer catches
 * any write past it; scores finite; the ranking a sorted permutation with
 * confidences in [0, 1] summing to 1; prediction agreeing with the ranking;
 * explanations positive, sorted, limited and pointing at real tokens; all
 * of it deterministic; the SimHash signature deterministic and non-zero
 * for a text with tokens.  Any violation aborts.  Builds with clang
 * -fsanitize=fuzzer, or with any compiler together with corpus_driver.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_core.h"

extern int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define N_MODELS 3
#define EXPLAIN_MAX 5

/* A tokenised text: the words, owned, and tokens pointing into them. */
typedef struct Doc
{
	char	   *bytes;
	size_t		nbytes;
	size_t		capacity;
	int		   *offsets;		/* [ntokens] into bytes */
	int		   *lengths;		/* [ntokens] */
	CuvrClsToken *tokens;		/* [ntokens], made by doc_finish */
	int			ntokens;
	int			tokens_cap;
} Doc;

/* Fixed training texts, three classes: roads, heating, advertising. */
static const char *const train_texts[3][6] = {
	{
		"Во дворе огромная яма на дороге",
		"Яма на проезжей части, асфальт разрушен",
		"Просим отремонтировать асфальт у дома 5",
		"Разбита дорога, сплошные ямы и лужи",
		"Нужен ремонт дороги во дворе, яма",
		"На тротуаре выбоины, асфальт в ямах"
	},
	{
		"В квартире холодные батареи, нет отопления",
		"Отопление не работает третий день",
		"Батареи еле теплые, в квартире холодно",
		"Просим включить отопление в доме",
		"Холодные батареи в подъезде и квартире",
		"Радиатор отопления холодный, батареи"
	},
	{
		"Незаконная реклама на фасаде дома",
		"Рекламная вывеска установлена без разрешения",
		"На столбе расклеены рекламные объявления, реклама",
		"Вывеска магазина закрывает окна, реклама незаконна",
		"Объявления и реклама на остановке",
		"Незаконная вывеска над входом в магазин"
	}
};

static CuvrClsModel *models[N_MODELS];

/* Report a broken invariant and abort. */
static void
classify_fuzz_fail(const char *what, int model)
{
	fprintf(stderr, "classify_fuzz: %s (model %d)\n", what, model);
	abort();
}

/* Tokeniser callback: keep a word in the Doc. */
static void
doc_add(const char *token, int len, int ordinal, void *arg)
{
	Doc		   *d = (Doc *) arg;

	if (ordinal != d->ntokens)
		classify_fuzz_fail("ordinal out of sequence", -1);
	if (d->nbytes + (size_t) len > d->capacity)
	{
		size_t		cap = d->capacity > 0 ? d->capacity : 256;

		while (d->nbytes + (size_t) len > cap)
			cap *= 2;
		d->bytes = realloc(d->bytes, cap);
		if (d->bytes == NULL)
			abort();
		d->capacity = cap;
	}
	if (d->ntokens == d->tokens_cap)
	{
		d->tokens_cap = d->tokens_cap > 0 ? d->tokens_cap * 2 : 32;
		d->offsets = realloc(d->offsets, sizeof(int) * (size_t) d->tokens_cap);
		d->lengths = realloc(d->lengths, sizeof(int) * (size_t) d->tokens_cap);
		if (d->offsets == NULL || d->lengths == NULL)
			abort();
	}
	memcpy(d->bytes + d->nbytes, token, (size_t) len);
	d->offsets[d->ntokens] = (int) d->nbytes;
	d->lengths[d->ntokens] = len;
	d->nbytes += (size_t) len;
	d->ntokens++;
}

/* Tokenise len bytes into d (emptied first) and point its tokens at the words. */
static void
doc_make(const char *text, size_t len, Doc *d)
{
	int			i;

	d->nbytes = 0;
	d->ntokens = 0;
	cuvr_tokenize(text, len, CUVR_TOKENIZE_DEFAULT, doc_add, d);
	free(d->tokens);
	/* exactly ntokens entries, so that a read past them is caught */
	d->tokens = malloc(sizeof(CuvrClsToken) * (size_t) (d->ntokens > 0 ? d->ntokens : 1));
	if (d->tokens == NULL)
		abort();
	for (i = 0; i < d->ntokens; i++)
	{
		d->tokens[i].str = d->bytes + d->offsets[i];
		d->tokens[i].len = d->lengths[i];
	}
}

/* Free what a Doc holds. */
static void
doc_free(Doc *d)
{
	free(d->bytes);
	free(d->offsets);
	free(d->lengths);
	free(d->tokens);
	memset(d, 0, sizeof(*d));
}

/* Train the fixed models once. */
static void
init_models(void)
{
	static const int log2_buckets[N_MODELS] = {12, 4, 6};
	static const int n_classes[N_MODELS] = {3, 3, 1};
	CuvrClsParams params;
	Doc			d;
	int			m,
				k,
				i;

	memset(&d, 0, sizeof(d));
	cuvr_cls_params_default(&params);
	for (m = 0; m < N_MODELS; m++)
	{
		CuvrClsTrainer *t = cuvr_cls_trainer_create(n_classes[m], log2_buckets[m]);

		if (t == NULL)
			classify_fuzz_fail("no trainer", m);
		for (k = 0; k < 3; k++)
			for (i = 0; i < 6; i++)
			{
				doc_make(train_texts[k][i], strlen(train_texts[k][i]), &d);
				if (cuvr_cls_trainer_add(t, k % n_classes[m], d.tokens, d.ntokens) != 0)
					classify_fuzz_fail("a training document was refused", m);
			}
		models[m] = cuvr_cls_train(t, &params);
		if (models[m] == NULL || cuvr_cls_model_used_buckets(models[m]) == 0)
			classify_fuzz_fail("no model trained", m);
		cuvr_cls_trainer_destroy(t);
	}
	doc_free(&d);
}

/* Check one model's view of the document: features, scores, ranks, explanations. */
static void
check_model(const CuvrClsModel *model, int which, const Doc *d)
{
	int			cap = cuvr_cls_feature_capacity(d->ntokens);
	int			nc = model->n_classes;
	CuvrClsFeature *f = malloc(sizeof(CuvrClsFeature) * (size_t) cap);
	CuvrClsFeature *f2 = malloc(sizeof(CuvrClsFeature) * (size_t) cap);
	float	   *scores = malloc(sizeof(float) * (size_t) nc);
	CuvrClsRank *ranks = malloc(sizeof(CuvrClsRank) * (size_t) nc);
	bool	   *seen = calloc((size_t) nc, sizeof(bool));
	CuvrClsContribution contrib[EXPLAIN_MAX];
	CuvrClsRank first;
	int			nf,
				nr,
				nx,
				label,
				i;
	float		confidence = -1.0f;
	double		norm = 0.0,
				sum = 0.0;

	if (f == NULL || f2 == NULL || scores == NULL || ranks == NULL || seen == NULL)
		abort();

	nf = cuvr_cls_features(model, d->tokens, d->ntokens, f);
	if (nf < 0 || nf > cap)
		classify_fuzz_fail("feature count out of range", which);
	for (i = 0; i < nf; i++)
	{
		if (f[i].bucket >= (uint32_t) model->n_buckets || model->idf[f[i].bucket] == 0.0f)
			classify_fuzz_fail("feature in an unused bucket", which);
		if (i > 0 && f[i].bucket <= f[i - 1].bucket)
			classify_fuzz_fail("features not distinct and sorted", which);
		if (f[i].ntokens < 1 || f[i].ntokens > 2 || f[i].token < 0 ||
			f[i].token + f[i].ntokens > d->ntokens)
			classify_fuzz_fail("feature points outside the tokens", which);
		if (!isfinite(f[i].value) || !(f[i].value > 0.0f) || f[i].value > 1.0f + 1e-5f)
			classify_fuzz_fail("feature value not in (0, 1]", which);
		norm += (double) f[i].value * f[i].value;
	}
	if (nf > 0 && fabs(norm - 1.0) > 1e-4)
		classify_fuzz_fail("features not of unit length", which);
	if (cuvr_cls_features(model, d->tokens, d->ntokens, f2) != nf ||
		(nf > 0 && memcmp(f, f2, sizeof(CuvrClsFeature) * (size_t) nf) != 0))
		classify_fuzz_fail("features not deterministic", which);

	cuvr_cls_scores(model, f, nf, scores);
	for (i = 0; i < nc; i++)
		if (!isfinite(scores[i]))
			classify_fuzz_fail("score not finite", which);

	nr = cuvr_cls_rank(model, scores, ranks, nc);
	if (nr != nc)
		classify_fuzz_fail("ranking does not hold every class", which);
	for (i = 0; i < nr; i++)
	{
		if (ranks[i].label < 0 || ranks[i].label >= nc || seen[ranks[i].label])
			classify_fuzz_fail("ranking is not a permutation", which);
		seen[ranks[i].label] = true;
		if (ranks[i].score != scores[ranks[i].label])
			classify_fuzz_fail("ranked score differs from the margin", which);
		if (i > 0 && (ranks[i].score > ranks[i - 1].score ||
					  (ranks[i].score == ranks[i - 1].score &&
					   ranks[i].label < ranks[i - 1].label)))
			classify_fuzz_fail("ranking not sorted, ties not by label", which);
		if (!(ranks[i].confidence >= 0.0f && ranks[i].confidence <= 1.0f))
			classify_fuzz_fail("confidence outside [0, 1]", which);
		sum += ranks[i].confidence;
	}
	if (fabs(sum - 1.0) > 1e-4)
		classify_fuzz_fail("confidences do not sum to 1", which);
	if (cuvr_cls_rank(model, scores, &first, 1) != 1 || first.label != ranks[0].label ||
		cuvr_cls_rank(model, scores, &first, 0) != 0)
		classify_fuzz_fail("rank with k = 1 or 0 disagrees", which);

	label = cuvr_cls_predict(model, f, nf, &confidence);
	if (label != ranks[0].label || confidence != ranks[0].confidence)
		classify_fuzz_fail("prediction disagrees with the ranking", which);

	nx = cuvr_cls_explain(model, f, nf, label, contrib, EXPLAIN_MAX);
	if (nx < 0 || nx > EXPLAIN_MAX || nx > nf)
		classify_fuzz_fail("explanation count out of range", which);
	for (i = 0; i < nx; i++)
	{
		if (!(contrib[i].weight > 0.0f) || !isfinite(contrib[i].weight) ||
			(i > 0 && contrib[i].weight > contrib[i - 1].weight))
			classify_fuzz_fail("explanation not positive and sorted", which);
		if (contrib[i].ntokens < 1 || contrib[i].ntokens > 2 || contrib[i].token < 0 ||
			contrib[i].token + contrib[i].ntokens > d->ntokens)
			classify_fuzz_fail("explanation points outside the tokens", which);
	}
	if (cuvr_cls_explain(model, f, nf, nc, contrib, EXPLAIN_MAX) != 0 ||
		cuvr_cls_explain(model, f, nf, -1, contrib, EXPLAIN_MAX) != 0 ||
		cuvr_cls_explain(model, f, nf, label, contrib, 0) != 0)
		classify_fuzz_fail("explanation of a bad label or of none", which);

	free(f);
	free(f2);
	free(scores);
	free(ranks);
	free(seen);
}

/*
 * Train a small model on the input's lines, line i labelled i mod 3, and
 * score the whole text against it.
 */
static void
check_own_model(const uint8_t *data, size_t size, const Doc *whole)
{
	CuvrClsTrainer *t = cuvr_cls_trainer_create(3, 6);
	CuvrClsParams params;
	CuvrClsModel *m;
	Doc			line;
	size_t		start = 0;
	int			nlines = 0;
	int			i;

	if (t == NULL)
		classify_fuzz_fail("no trainer", -1);
	memset(&line, 0, sizeof(line));
	while (start <= size && nlines < 64)
	{
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t		end = nl != NULL ? (size_t) (nl - data) : size;

		doc_make((const char *) data + start, end - start, &line);
		if (cuvr_cls_trainer_add(t, nlines % 3, line.tokens, line.ntokens) != 0)
			classify_fuzz_fail("a document from the input was refused", -1);
		nlines++;
		start = end + 1;
	}
	doc_free(&line);
	if (cuvr_cls_trainer_ndocs(t) != nlines)
		classify_fuzz_fail("trainer lost a document", -1);
	cuvr_cls_params_default(&params);
	params.min_df = 1;
	params.max_iter = 10;
	params.balanced = (size & 1) != 0;
	m = cuvr_cls_train(t, &params);
	if (m == NULL)
		classify_fuzz_fail("no model from the input", -1);
	for (i = 0; i < m->n_buckets; i++)
		if (!isfinite(m->idf[i]) || m->idf[i] < 0.0f)
			classify_fuzz_fail("idf not finite and non-negative", -1);
	for (i = 0; i < m->n_buckets * m->n_classes; i++)
		if (!isfinite(m->weights[i]))
			classify_fuzz_fail("weight not finite", -1);
	check_model(m, N_MODELS, whole);
	cuvr_cls_model_free(m);
	cuvr_cls_trainer_destroy(t);
}

/* One fuzz input: an appeal text through every model. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Doc			d;
	uint64_t	sig;
	int32_t		bands[4];
	int			m,
				i;

	if (models[0] == NULL)
		init_models();
	memset(&d, 0, sizeof(d));
	doc_make((const char *) data, size, &d);

	for (m = 0; m < N_MODELS; m++)
		check_model(models[m], m, &d);
	check_own_model(data, size, &d);

	sig = cuvr_simhash(d.tokens, d.ntokens);
	if ((sig == 0) != (d.ntokens == 0) || cuvr_simhash(d.tokens, d.ntokens) != sig ||
		cuvr_hamming64(sig, sig) != 0)
		classify_fuzz_fail("SimHash signature wrong or not deterministic", -1);
	cuvr_simhash_bands(sig, bands);
	for (i = 0; i < 4; i++)
		if ((bands[i] >> 16) != i || (uint64_t) (bands[i] & 0xFFFF) != ((sig >> (16 * i)) & 0xFFFF))
			classify_fuzz_fail("SimHash band wrong", -1);

	doc_free(&d);
	return 0;
}
