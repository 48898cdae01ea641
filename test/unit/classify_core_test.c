/*
 * classify_core_test.c
 *		Unit test of the classifier core (src/classify_core.c, with
 *		src/tokenize.c), no server.  Prints TAP.
 *
 * Trains on a tiny made-up dataset of three classes (roads, heating,
 * advertising), using the tokeniser's words as stems, and checks the
 * predictions, the ranking, the confidences, the explanations, determinism
 * and the edge cases of the API.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_core.h"

#define MAX_TOKENS 64

static int	tests = 0;
static int	failures = 0;

/* A tokenised text: the words and the tokens pointing into them. */
typedef struct Doc
{
	char		words[MAX_TOKENS][CUVR_TOKEN_MAX_BYTES + 1];
	CuvrClsToken tokens[MAX_TOKENS];
	int			n;
} Doc;

enum
{
	ROADS = 0, HEATING = 1, ADVERTISING = 2
};

static const char *const class_names[] = {"roads", "heating", "advertising"};

/* Made-up training texts; the label is the index of the group. */
static const char *const train_texts[3][10] = {
	{
		"Во дворе огромная яма на дороге",
		"Яма на проезжей части, асфальт разрушен",
		"Просим отремонтировать асфальт у дома 5",
		"Глубокая яма во дворе, машины не проехать",
		"Разбита дорога, сплошные ямы и лужи",
		"Асфальт провалился, образовалась яма",
		"Нужен ремонт дороги во дворе",
		"На тротуаре выбоины, асфальт в ямах",
		"Дорогу не чистят, яма с водой",
		"Ямочный ремонт асфальта не выполнен"
	},
	{
		"В квартире холодные батареи, нет отопления",
		"Отопление не работает третий день",
		"Батареи еле теплые, в квартире холодно",
		"Просим включить отопление в доме",
		"Холодные батареи в подъезде и квартире",
		"Отопление отключено, дети мерзнут",
		"Радиатор отопления холодный",
		"Батарея течет, отопление слабое",
		"В доме холодно, батареи не греют",
		"Нет отопления на втором этаже, батареи холодные"
	},
	{
		"Незаконная реклама на фасаде дома",
		"Рекламная вывеска установлена без разрешения",
		"На столбе расклеены рекламные объявления",
		"Вывеска магазина закрывает окна, реклама незаконна",
		"Рекламный щит стоит на газоне",
		"Объявления и реклама на остановке",
		"Незаконная вывеска над входом в магазин",
		"Баннер с рекламой висит на ограждении",
		"Реклама на двери подъезда без согласования",
		"Светящаяся вывеска мешает спать, реклама всю ночь"
	}
};

/* Record one TAP result. */
static void
check(int ok, const char *what)
{
	tests++;
	if (!ok)
		failures++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tests, what);
}

/* Callback: keep a word in the Doc. */
static void
add_word(const char *token, int len, int ordinal, void *arg)
{
	Doc		   *d = (Doc *) arg;

	(void) ordinal;
	if (d->n >= MAX_TOKENS)
		return;
	memcpy(d->words[d->n], token, (size_t) len);
	d->words[d->n][len] = '\0';
	d->tokens[d->n].str = d->words[d->n];
	d->tokens[d->n].len = len;
	d->n++;
}

/* Tokenise a text into d. */
static void
make_doc(const char *text, Doc *d)
{
	d->n = 0;
	cuvr_tokenize(text, strlen(text), CUVR_TOKENIZE_DEFAULT, add_word, d);
}

/* Train a model on the made-up texts. */
static CuvrClsModel *
train_model(const CuvrClsParams *params, CuvrClsTrainer **trainer_out)
{
	CuvrClsTrainer *t = cuvr_cls_trainer_create(3, 12);
	CuvrClsModel *m;
	int			k,
				i;
	Doc			d;

	if (t == NULL)
		return NULL;
	for (k = 0; k < 3; k++)
		for (i = 0; i < 10; i++)
		{
			make_doc(train_texts[k][i], &d);
			if (cuvr_cls_trainer_add(t, k, d.tokens, d.n) != 0)
				printf("# add failed for '%s'\n", train_texts[k][i]);
		}
	m = cuvr_cls_train(t, params);
	if (trainer_out != NULL)
		*trainer_out = t;
	else
		cuvr_cls_trainer_destroy(t);
	return m;
}

/* Expect text to be classified as label, with a confidence in (1/3, 1]. */
static void
expect_class(const CuvrClsModel *m, const char *text, int label)
{
	Doc			d;
	CuvrClsFeature f[2 * MAX_TOKENS];
	float		conf = -1.0f;
	int			nf,
				got;
	char		what[256];

	make_doc(text, &d);
	nf = cuvr_cls_features(m, d.tokens, d.n, f);
	got = cuvr_cls_predict(m, f, nf, &conf);
	snprintf(what, sizeof(what), "'%s' is %s", text, class_names[label]);
	check(got == label && conf > 1.0f / 3.0f && conf <= 1.0f, what);
	if (got != label)
		printf("# got %d, confidence %.3f\n", got, conf);
}

/*
 * Expect the top explanation of text's best class to be the word expected
 * (one token) and every explanation to point at its tokens.
 */
static void
expect_explained(const CuvrClsModel *m, const char *text, const char *expected)
{
	Doc			d;
	CuvrClsFeature f[2 * MAX_TOKENS];
	CuvrClsContribution c[5];
	int			nf,
				label,
				n,
				i,
				ok;
	char		what[256];
	char		got[256] = "";

	make_doc(text, &d);
	nf = cuvr_cls_features(m, d.tokens, d.n, f);
	label = cuvr_cls_predict(m, f, nf, NULL);
	n = cuvr_cls_explain(m, f, nf, label, c, 5);
	ok = n > 0;
	for (i = 0; i < n; i++)
	{
		if (c[i].token < 0 || c[i].ntokens < 1 || c[i].ntokens > 2 ||
			c[i].token + c[i].ntokens > d.n || !(c[i].weight > 0.0f) ||
			(i > 0 && c[i].weight > c[i - 1].weight))
			ok = 0;
	}
	if (n > 0 && c[0].ntokens == 1)
		snprintf(got, sizeof(got), "%s", d.words[c[0].token]);
	else if (n > 0)
		snprintf(got, sizeof(got), "%s %s", d.words[c[0].token],
				 d.words[c[0].token + 1]);
	snprintf(what, sizeof(what), "'%s' is explained first by '%s'", text, expected);
	check(ok && strcmp(got, expected) == 0, what);
	if (!ok || strcmp(got, expected) != 0)
		printf("# got %d contributions, first '%s'\n", n, got);
}

int
main(void)
{
	CuvrClsParams params;
	CuvrClsTrainer *trainer = NULL;
	CuvrClsModel *m,
			   *m2;
	CuvrClsFeature f[2 * MAX_TOKENS];
	CuvrClsRank ranks[5];
	CuvrClsContribution contrib[3];
	float		scores[3];
	float		conf;
	Doc			d;
	CuvrClsToken one = {"яма", (int) strlen("яма")};
	int			nf,
				n,
				i,
				ok;
	double		sum;

	cuvr_cls_params_default(&params);
	check(params.c == 1.0 && params.min_df == 2 && params.max_iter > 0 &&
		  params.temperature > 0.0f && !params.balanced, "default parameters");

	/* hashing is pinned: stored models depend on it */
	check(cuvr_cls_hash("", 0) == 2872998923U, "hash of the empty token is pinned");
	check(cuvr_cls_hash("яма", (int) strlen("яма")) == 2314101564U, "hash of 'яма' is pinned");
	check(cuvr_cls_hash_pair(cuvr_cls_hash("яма", (int) strlen("яма")),
							 cuvr_cls_hash("двор", (int) strlen("двор"))) == 1862782555U,
		  "hash of a pair is pinned");
	check(cuvr_cls_hash_pair(1, 2) != cuvr_cls_hash_pair(2, 1), "pairs are ordered");
	check(cuvr_cls_feature_capacity(0) == 1 && cuvr_cls_feature_capacity(5) == 10,
		  "feature capacity");

	/* argument checks */
	check(cuvr_cls_trainer_create(0, 12) == NULL, "no trainer for 0 classes");
	check(cuvr_cls_trainer_create(3, 3) == NULL, "no trainer for 2^3 buckets");
	check(cuvr_cls_trainer_create(3, 25) == NULL, "no trainer for 2^25 buckets");
	check(cuvr_cls_model_alloc(CUVR_CLS_MAX_CLASSES + 1, 12) == NULL, "no model for too many classes");
	trainer = cuvr_cls_trainer_create(3, 12);
	check(trainer != NULL && cuvr_cls_trainer_ndocs(trainer) == 0, "empty trainer");
	check(cuvr_cls_train(trainer, NULL) == NULL, "no model from no documents");
	check(cuvr_cls_trainer_add(trainer, 3, &one, 1) == -1 &&
		  cuvr_cls_trainer_add(trainer, -1, &one, 1) == -1 &&
		  cuvr_cls_trainer_add(trainer, 0, NULL, 1) == -1 &&
		  cuvr_cls_trainer_ndocs(trainer) == 0, "bad labels and tokens refused");
	check(cuvr_cls_trainer_add(trainer, 0, NULL, 0) == 0 &&
		  cuvr_cls_trainer_ndocs(trainer) == 1, "an empty document is accepted");
	cuvr_cls_trainer_destroy(trainer);
	cuvr_cls_trainer_destroy(NULL);
	cuvr_cls_model_free(NULL);

	/* training */
	trainer = NULL;
	m = train_model(&params, &trainer);
	check(m != NULL && m->n_classes == 3 && m->n_buckets == 4096 &&
		  m->log2_buckets == 12 && m->hash_version == CUVR_CLS_HASH_VERSION,
		  "a model is trained");
	if (m == NULL)
	{
		printf("1..%d\n", tests);
		return 1;
	}
	check(cuvr_cls_trainer_ndocs(trainer) == 30, "30 documents were added");
	n = cuvr_cls_model_used_buckets(m);
	check(n > 10 && n < 200, "min_df 2 keeps only repeated features");
	check(m->temperature == params.temperature, "temperature stored");

	/* predictions on texts not in the training set */
	expect_class(m, "Огромная яма во дворе", ROADS);
	expect_class(m, "Асфальт весь в ямах", ROADS);
	expect_class(m, "Холодные батареи, отопления нет", HEATING);
	expect_class(m, "Отопление в квартире не работает", HEATING);
	expect_class(m, "Незаконная реклама у остановки", ADVERTISING);
	expect_class(m, "<p>Вывеска&nbsp;без разрешения</p>", ADVERTISING);

	/* ranking and confidences */
	make_doc("Батареи холодные, отопление", &d);
	nf = cuvr_cls_features(m, d.tokens, d.n, f);
	cuvr_cls_scores(m, f, nf, scores);
	n = cuvr_cls_rank(m, scores, ranks, 5);
	sum = 0.0;
	ok = n == 3;
	for (i = 0; i < n; i++)
	{
		sum += ranks[i].confidence;
		if (ranks[i].confidence < 0.0f || ranks[i].confidence > 1.0f ||
			ranks[i].score != scores[ranks[i].label] ||
			(i > 0 && ranks[i].score > ranks[i - 1].score))
			ok = 0;
	}
	check(ok && fabs(sum - 1.0) < 1e-4, "rank of all classes: sorted, confidences sum to 1");
	check(n > 0 && ranks[0].label == HEATING, "top of the ranking is heating");
	check(cuvr_cls_rank(m, scores, ranks, 1) == 1 && ranks[0].label == HEATING,
		  "rank with k = 1");
	check(cuvr_cls_rank(m, scores, ranks, 0) == 0, "rank with k = 0");
	conf = -1.0f;
	check(cuvr_cls_predict(m, f, nf, &conf) == HEATING && conf > 0.5f,
		  "predict agrees with the ranking");

	/* features */
	ok = nf > 0;
	sum = 0.0;
	for (i = 0; i < nf; i++)
	{
		sum += (double) f[i].value * f[i].value;
		if (i > 0 && f[i].bucket <= f[i - 1].bucket)
			ok = 0;
		if (m->idf[f[i].bucket] == 0.0f)
			ok = 0;
	}
	check(ok && fabs(sum - 1.0) < 1e-4, "features: distinct, sorted, used, unit length");
	make_doc("Батареи батареи батареи", &d);
	nf = cuvr_cls_features(m, d.tokens, d.n, f);
	check(nf >= 1 && nf <= cuvr_cls_feature_capacity(d.n), "repeated token merges");
	check(cuvr_cls_features(m, NULL, 0, f) == 0, "no tokens, no features");
	check(cuvr_cls_predict(m, f, 0, &conf) >= 0 && conf > 0.0f && conf <= 1.0f,
		  "an empty document still gets a class");
	make_doc("квазиморфизм эпистемология", &d);
	check(cuvr_cls_features(m, d.tokens, d.n, f) == 0, "unknown words give no features");

	/* explanations */
	expect_explained(m, "Огромная яма", "яма");
	expect_explained(m, "Незаконная вывеска", "вывеска");
	expect_explained(m, "Холодно, отопление", "отопление");
	make_doc("Холодные батареи, отопление не работает", &d);
	nf = cuvr_cls_features(m, d.tokens, d.n, f);
	n = cuvr_cls_explain(m, f, nf, HEATING, contrib, 3);
	check(n >= 2 && n <= 3, "explanation limited to n");
	check(cuvr_cls_explain(m, f, nf, 7, contrib, 3) == 0 &&
		  cuvr_cls_explain(m, f, nf, HEATING, contrib, 0) == 0,
		  "no explanation for a bad label or n = 0");

	/* determinism */
	m2 = train_model(&params, NULL);
	check(m2 != NULL &&
		  memcmp(m->weights, m2->weights, sizeof(float) * 4096 * 3) == 0 &&
		  memcmp(m->idf, m2->idf, sizeof(float) * 4096) == 0 &&
		  memcmp(m->bias, m2->bias, sizeof(float) * 3) == 0,
		  "training twice gives the same model");
	cuvr_cls_model_free(m2);

	/* a reloaded copy scores the same */
	m2 = cuvr_cls_model_alloc(3, 12);
	check(m2 != NULL && cuvr_cls_model_used_buckets(m2) == 0, "allocated model is empty");
	if (m2 != NULL)
	{
		float		s2[3];

		memcpy(m2->idf, m->idf, sizeof(float) * 4096);
		memcpy(m2->weights, m->weights, sizeof(float) * 4096 * 3);
		memcpy(m2->bias, m->bias, sizeof(float) * 3);
		m2->temperature = m->temperature;
		make_doc("Яма на дороге", &d);
		nf = cuvr_cls_features(m, d.tokens, d.n, f);
		cuvr_cls_scores(m, f, nf, scores);
		nf = cuvr_cls_features(m2, d.tokens, d.n, f);
		cuvr_cls_scores(m2, f, nf, s2);
		check(memcmp(scores, s2, sizeof(scores)) == 0, "a copied model scores the same");

		/* compacted to its used buckets, it scores and explains the same */
		{
			static const char *const docs[] = {"Яма на дороге", "Холодные батареи, отопление не работает",
			"Незаконная вывеска на фасаде", "квазиморфизм", "Батареи батареи батареи"};
			CuvrClsContribution c1[3],
						c2[3];
			int			used = cuvr_cls_model_used_buckets(m2);
			int			same = 1;
			int			j;

			check(cuvr_cls_model_compact(m2) && m2->row_of != NULL && m2->n_rows == used && used > 0,
				  "compact keeps one row per used bucket");
			check(cuvr_cls_model_compact(m2) && m2->n_rows == used, "compacting twice changes nothing");
			for (j = 0; j < (int) (sizeof(docs) / sizeof(docs[0])); j++)
			{
				int			n1,
							n2;

				make_doc(docs[j], &d);
				nf = cuvr_cls_features(m, d.tokens, d.n, f);
				cuvr_cls_scores(m, f, nf, scores);
				cuvr_cls_scores(m2, f, nf, s2);
				n1 = cuvr_cls_explain(m, f, nf, HEATING, c1, 3);
				n2 = cuvr_cls_explain(m2, f, nf, HEATING, c2, 3);
				if (memcmp(scores, s2, sizeof(scores)) != 0 || n1 != n2 ||
					(n1 > 0 && memcmp(c1, c2, sizeof(CuvrClsContribution) * n1) != 0) ||
					cuvr_cls_predict(m, f, nf, NULL) != cuvr_cls_predict(m2, f, nf, NULL))
					same = 0;
			}
			check(same, "a compact model scores, predicts and explains as the dense one");
			{
				int32_t		unused = -1,
							usedb = -1,
							b;

				for (b = 0; b < m2->n_buckets && (unused < 0 || usedb < 0); b++)
				{
					if (m2->idf[b] == 0.0f && unused < 0)
						unused = b;
					if (m2->idf[b] != 0.0f && usedb < 0)
						usedb = b;
				}
				check(unused >= 0 && usedb >= 0 && cuvr_cls_model_row(m2, unused) == NULL &&
					  cuvr_cls_model_row(m2, usedb) != NULL &&
					  memcmp(cuvr_cls_model_row(m2, usedb), cuvr_cls_model_row(m, usedb), sizeof(float) * 3) == 0,
					  "an unused bucket has no row; a used one keeps its weights");
			}
		}
	}
	cuvr_cls_model_free(m2);

	/* balanced weights and a second training from the same trainer */
	params.balanced = true;
	m2 = cuvr_cls_train(trainer, &params);
	check(m2 != NULL, "balanced training");
	if (m2 != NULL)
		expect_class(m2, "Холодные батареи", HEATING);
	cuvr_cls_model_free(m2);

	cuvr_cls_model_free(m);
	cuvr_cls_trainer_destroy(trainer);
	printf("1..%d\n", tests);
	return failures == 0 ? 0 : 1;
}
