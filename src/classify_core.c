/*
 * classify_core.c
 *		Feature hashing, TF-IDF, one-vs-rest linear SVM training and scoring
 *		for the appeal classifier.
 *
 * Pure C with no PostgreSQL dependency: the backend wraps it (training from
 * confirmed labels, models kept in tables), and test/unit exercises it
 * without a server.  See classify_core.h for the model.
 *
 * Training is dual coordinate descent for the L2-regularised squared-hinge
 * SVM (Hsieh et al. 2008, the liblinear solver behind scikit-learn's
 * LinearSVC) with the bias as an extra feature of value 1.  The visiting
 * order comes from a fixed-seed xorshift generator, so a given sequence of
 * documents always gives the same model.
 */
#include <math.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "classify_core.h"

/* Largest model, in weights; keeps sizes far from int and size_t limits. */
#define CLS_MAX_WEIGHTS (1L << 28)

/* A document's distinct bucket and its count, while training. */
typedef struct ClsEntry
{
	uint32_t	bucket;
	float		value;			/* count, then TF-IDF */
} ClsEntry;

struct CuvrClsTrainer
{
	int			n_classes;
	int			log2_buckets;
	int			ndocs;
	int			docs_cap;
	int32_t    *labels;			/* [docs_cap] */
	int64_t    *offsets;		/* [docs_cap + 1] into entries */
	ClsEntry   *entries;
	int64_t		entries_cap;
	CuvrClsFeature *scratch;	/* for hashing one document */
	int			scratch_cap;
};

/* Set the defaults of the training parameters. */
void
cuvr_cls_params_default(CuvrClsParams *params)
{
	params->c = 1.0;
	params->max_iter = 50;
	params->eps = 0.1;
	params->min_df = 2;
	params->balanced = false;
	params->seed = 42;
	params->temperature = 0.3f;
}

/* Final mix of MurmurHash3: spreads every input bit over the low bits. */
static inline uint32_t
cls_mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85EBCA6BU;
	h ^= h >> 13;
	h *= 0xC2B2AE35U;
	h ^= h >> 16;
	return h;
}

/* Hash of one token: FNV-1a over its bytes, mixed. */
uint32_t
cuvr_cls_hash(const char *str, int len)
{
	uint32_t	h = 2166136261U;
	int			i;

	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) str[i];
		h *= 16777619U;
	}
	return cls_mix(h);
}

/* Hash of an ordered pair of token hashes, apart from single tokens. */
uint32_t
cuvr_cls_hash_pair(uint32_t first, uint32_t second)
{
	return cls_mix(first * 0x9E3779B1U + (second ^ 0x7F4A7C15U) + 0x632BE5ABU);
}

/* Size of the feature buffer for ntokens tokens. */
int
cuvr_cls_feature_capacity(int ntokens)
{
	return ntokens > 0 ? 2 * ntokens : 1;
}

/* Order features by bucket, then by token, so that merging is stable. */
static int
cls_feature_cmp(const void *a, const void *b)
{
	const CuvrClsFeature *fa = (const CuvrClsFeature *) a;
	const CuvrClsFeature *fb = (const CuvrClsFeature *) b;

	if (fa->bucket != fb->bucket)
		return fa->bucket < fb->bucket ? -1 : 1;
	if (fa->token != fb->token)
		return fa->token < fb->token ? -1 : 1;
	return fa->ntokens - fb->ntokens;
}

/* Sort features; insertion sort for the short documents that dominate. */
static void
cls_sort_features(CuvrClsFeature *f, int n)
{
	int			i;

	if (n > 48)
	{
		qsort(f, (size_t) n, sizeof(CuvrClsFeature), cls_feature_cmp);
		return;
	}
	for (i = 1; i < n; i++)
	{
		CuvrClsFeature x = f[i];
		int			j = i - 1;

		while (j >= 0 && cls_feature_cmp(&f[j], &x) > 0)
		{
			f[j + 1] = f[j];
			j--;
		}
		f[j + 1] = x;
	}
}

/*
 * Hash the stems and stem pairs of a document into out (capacity
 * cuvr_cls_feature_capacity(ntokens)) and merge equal buckets; value is the
 * count.  Returns the number of distinct buckets, sorted.
 */
static int
cls_hash_document(int log2_buckets, const CuvrClsToken *tokens, int ntokens,
				  CuvrClsFeature *out)
{
	uint32_t	mask = (1U << log2_buckets) - 1;
	uint32_t	prev = 0;
	int			n = 0;
	int			i,
				m;

	for (i = 0; i < ntokens; i++)
	{
		uint32_t	h = cuvr_cls_hash(tokens[i].str, tokens[i].len > 0 ? tokens[i].len : 0);

		out[n].bucket = h & mask;
		out[n].value = 1.0f;
		out[n].token = i;
		out[n].ntokens = 1;
		n++;
		if (i > 0)
		{
			out[n].bucket = cuvr_cls_hash_pair(prev, h) & mask;
			out[n].value = 1.0f;
			out[n].token = i - 1;
			out[n].ntokens = 2;
			n++;
		}
		prev = h;
	}
	if (n == 0)
		return 0;
	cls_sort_features(out, n);
	m = 0;
	for (i = 1; i < n; i++)
	{
		if (out[i].bucket == out[m].bucket)
			out[m].value += 1.0f;
		else
			out[++m] = out[i];
	}
	return m + 1;
}

/* Create a trainer for n_classes classes and 2^log2_buckets buckets. */
CuvrClsTrainer *
cuvr_cls_trainer_create(int n_classes, int log2_buckets)
{
	CuvrClsTrainer *t;

	if (n_classes < 1 || n_classes > CUVR_CLS_MAX_CLASSES ||
		log2_buckets < CUVR_CLS_MIN_LOG2_BUCKETS ||
		log2_buckets > CUVR_CLS_MAX_LOG2_BUCKETS ||
		((long) n_classes << log2_buckets) > CLS_MAX_WEIGHTS)
		return NULL;
	t = calloc(1, sizeof(CuvrClsTrainer));
	if (t == NULL)
		return NULL;
	t->n_classes = n_classes;
	t->log2_buckets = log2_buckets;
	t->docs_cap = 1024;
	t->labels = malloc(sizeof(int32_t) * (size_t) t->docs_cap);
	t->offsets = malloc(sizeof(int64_t) * (size_t) (t->docs_cap + 1));
	t->entries_cap = 65536;
	t->entries = malloc(sizeof(ClsEntry) * (size_t) t->entries_cap);
	if (t->labels == NULL || t->offsets == NULL || t->entries == NULL)
	{
		cuvr_cls_trainer_destroy(t);
		return NULL;
	}
	t->offsets[0] = 0;
	return t;
}

/* Free a trainer and everything it holds. */
void
cuvr_cls_trainer_destroy(CuvrClsTrainer *trainer)
{
	if (trainer == NULL)
		return;
	free(trainer->labels);
	free(trainer->offsets);
	free(trainer->entries);
	free(trainer->scratch);
	free(trainer);
}

/* Number of documents added so far. */
int
cuvr_cls_trainer_ndocs(const CuvrClsTrainer *trainer)
{
	return trainer != NULL ? trainer->ndocs : 0;
}

/*
 * Add a document with label 0 .. n_classes - 1.  Returns 0, or -1 for a bad
 * label or when out of memory (the trainer is then unchanged).
 */
int
cuvr_cls_trainer_add(CuvrClsTrainer *trainer, int label,
					 const CuvrClsToken *tokens, int ntokens)
{
	int			cap,
				n,
				i;
	int64_t		start;

	if (trainer == NULL || label < 0 || label >= trainer->n_classes ||
		ntokens < 0 || ntokens > (1 << 28) || (ntokens > 0 && tokens == NULL))
		return -1;

	cap = cuvr_cls_feature_capacity(ntokens);
	if (cap > trainer->scratch_cap)
	{
		CuvrClsFeature *s = realloc(trainer->scratch, sizeof(CuvrClsFeature) * (size_t) cap);

		if (s == NULL)
			return -1;
		trainer->scratch = s;
		trainer->scratch_cap = cap;
	}
	if (trainer->ndocs >= INT32_MAX - 1)
		return -1;
	if (trainer->ndocs + 1 >= trainer->docs_cap)
	{
		int			nc = trainer->docs_cap * 2;
		int32_t    *l = realloc(trainer->labels, sizeof(int32_t) * (size_t) nc);
		int64_t    *o;

		if (l == NULL)
			return -1;
		trainer->labels = l;
		o = realloc(trainer->offsets, sizeof(int64_t) * (size_t) (nc + 1));
		if (o == NULL)
			return -1;
		trainer->offsets = o;
		trainer->docs_cap = nc;
	}

	n = cls_hash_document(trainer->log2_buckets, tokens, ntokens, trainer->scratch);
	start = trainer->offsets[trainer->ndocs];
	if (start + n > trainer->entries_cap)
	{
		int64_t		nc = trainer->entries_cap;
		ClsEntry   *e;

		while (start + n > nc)
			nc *= 2;
		e = realloc(trainer->entries, sizeof(ClsEntry) * (size_t) nc);
		if (e == NULL)
			return -1;
		trainer->entries = e;
		trainer->entries_cap = nc;
	}
	for (i = 0; i < n; i++)
	{
		trainer->entries[start + i].bucket = trainer->scratch[i].bucket;
		trainer->entries[start + i].value = trainer->scratch[i].value;
	}
	trainer->labels[trainer->ndocs] = label;
	trainer->ndocs++;
	trainer->offsets[trainer->ndocs] = start + n;
	return 0;
}

/* Allocate a zeroed model (all buckets unused); NULL if out of range or memory. */
CuvrClsModel *
cuvr_cls_model_alloc(int n_classes, int log2_buckets)
{
	CuvrClsModel *m;
	size_t		nb;

	if (n_classes < 1 || n_classes > CUVR_CLS_MAX_CLASSES ||
		log2_buckets < CUVR_CLS_MIN_LOG2_BUCKETS ||
		log2_buckets > CUVR_CLS_MAX_LOG2_BUCKETS ||
		((long) n_classes << log2_buckets) > CLS_MAX_WEIGHTS)
		return NULL;
	m = calloc(1, sizeof(CuvrClsModel));
	if (m == NULL)
		return NULL;
	nb = (size_t) 1 << log2_buckets;
	m->n_classes = n_classes;
	m->log2_buckets = log2_buckets;
	m->n_buckets = (int32_t) nb;
	m->hash_version = CUVR_CLS_HASH_VERSION;
	m->temperature = 0.3f;
	m->idf = calloc(nb, sizeof(float));
	m->weights = calloc(nb * (size_t) n_classes, sizeof(float));
	m->bias = calloc((size_t) n_classes, sizeof(float));
	if (m->idf == NULL || m->weights == NULL || m->bias == NULL)
	{
		cuvr_cls_model_free(m);
		return NULL;
	}
	return m;
}

/* Free a model from cuvr_cls_model_alloc() or cuvr_cls_train(). */
void
cuvr_cls_model_free(CuvrClsModel *model)
{
	if (model == NULL)
		return;
	free(model->idf);
	free(model->weights);
	free(model->bias);
	free(model->row_of);
	free(model);
}

/*
 * Keep only the weights of used buckets (idf not 0), for scoring: a model of
 * 2^18 buckets and 66 classes holds 69 MB of weights, of which a few
 * thousand rows are used, and in a busy backend each feature's row was a
 * cache and TLB miss.  Compact, the rows take n_rows * n_classes floats.
 * A compact model scores and explains as the dense one; it is not trained
 * further.  False (the model unchanged) when memory runs out.
 */
bool
cuvr_cls_model_compact(CuvrClsModel *model)
{
	size_t		nc = (size_t) model->n_classes;
	int32_t    *row_of;
	float	   *rows;
	int32_t		n = 0;
	int32_t		b;

	if (model->row_of != NULL)
		return true;
	for (b = 0; b < model->n_buckets; b++)
		if (model->idf[b] != 0.0f)
			n++;
	row_of = malloc(sizeof(int32_t) * (size_t) model->n_buckets);
	rows = malloc(sizeof(float) * nc * (size_t) (n > 0 ? n : 1));
	if (row_of == NULL || rows == NULL)
	{
		free(row_of);
		free(rows);
		return false;
	}
	n = 0;
	for (b = 0; b < model->n_buckets; b++)
	{
		if (model->idf[b] != 0.0f)
		{
			memcpy(rows + (size_t) n * nc, model->weights + (size_t) b * nc, sizeof(float) * nc);
			row_of[b] = n++;
		}
		else
			row_of[b] = -1;
	}
	free(model->weights);
	model->weights = rows;
	model->row_of = row_of;
	model->n_rows = n;
	return true;
}

/* The weights of a bucket, one per class; NULL for an unused bucket of a compact model. */
const float *
cuvr_cls_model_row(const CuvrClsModel *model, int32_t bucket)
{
	if (model->row_of == NULL)
		return model->weights + (size_t) bucket * model->n_classes;
	if (model->row_of[bucket] < 0)
		return NULL;
	return model->weights + (size_t) model->row_of[bucket] * model->n_classes;
}

/* Number of buckets with a non-zero idf: the ones a table must keep. */
int
cuvr_cls_model_used_buckets(const CuvrClsModel *model)
{
	int			i,
				n = 0;

	for (i = 0; i < model->n_buckets; i++)
		if (model->idf[i] != 0.0f)
			n++;
	return n;
}

/* xorshift32: the visiting order of coordinate descent. */
static inline uint32_t
cls_random(uint32_t *state)
{
	uint32_t	x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/*
 * Train one class against the rest by dual coordinate descent; w has
 * n_buckets + 1 entries, the last being the bias.
 */
static void
cls_train_binary(const CuvrClsTrainer *t, const ClsEntry *entries,
				 const int64_t *offsets, const double *sqnorm, int label,
				 double c_pos, double c_neg, const CuvrClsParams *params,
				 double *w, double *alpha, int *order)
{
	int			nb = 1 << t->log2_buckets;
	int			n = t->ndocs;
	double		diag_pos = 0.5 / c_pos,
				diag_neg = 0.5 / c_neg;
	uint32_t	state = params->seed * 2654435761U + (uint32_t) label * 40503U + 1U;
	int			iter,
				i;

	if (state == 0)
		state = 1;
	memset(w, 0, sizeof(double) * (size_t) (nb + 1));
	memset(alpha, 0, sizeof(double) * (size_t) n);
	for (i = 0; i < n; i++)
		order[i] = i;

	for (iter = 0; iter < params->max_iter; iter++)
	{
		double		pg_max = -HUGE_VAL,
					pg_min = HUGE_VAL;

		/* a fresh visiting order each pass */
		for (i = n - 1; i > 0; i--)
		{
			int			j = (int) (cls_random(&state) % (uint32_t) (i + 1));
			int			tmp = order[i];

			order[i] = order[j];
			order[j] = tmp;
		}

		for (i = 0; i < n; i++)
		{
			int			d = order[i];
			double		y = t->labels[d] == label ? 1.0 : -1.0;
			double		diag = y > 0 ? diag_pos : diag_neg;
			double		dot = w[nb];
			double		g,
						pg,
						a_new,
						step;
			int64_t		k;

			for (k = offsets[d]; k < offsets[d + 1]; k++)
				dot += w[entries[k].bucket] * entries[k].value;
			g = y * dot - 1.0 + diag * alpha[d];
			pg = alpha[d] == 0.0 && g > 0.0 ? 0.0 : g;
			if (pg > pg_max)
				pg_max = pg;
			if (pg < pg_min)
				pg_min = pg;
			if (fabs(pg) < 1e-12)
				continue;
			a_new = alpha[d] - g / (sqnorm[d] + 1.0 + diag);
			if (a_new < 0.0)
				a_new = 0.0;
			step = (a_new - alpha[d]) * y;
			alpha[d] = a_new;
			for (k = offsets[d]; k < offsets[d + 1]; k++)
				w[entries[k].bucket] += step * entries[k].value;
			w[nb] += step;
		}
		if (pg_max - pg_min <= params->eps)
			break;
	}
}

/*
 * Train a model on the documents added so far.  Returns NULL if there are
 * none or when out of memory.  The trainer stays usable (and unchanged).
 */
CuvrClsModel *
cuvr_cls_train(CuvrClsTrainer *trainer, const CuvrClsParams *params)
{
	CuvrClsParams defaults;
	CuvrClsModel *m = NULL;
	int			nb,
				n,
				k,
				i;
	int64_t		nent,
				e,
				kept;
	int32_t    *df = NULL;
	int64_t    *class_count = NULL;
	ClsEntry   *entries = NULL;
	int64_t    *offsets = NULL;
	double	   *sqnorm = NULL;
	double	   *w = NULL;
	double	   *alpha = NULL;
	int		   *order = NULL;

	if (trainer == NULL || trainer->ndocs == 0)
		return NULL;
	if (params == NULL)
	{
		cuvr_cls_params_default(&defaults);
		params = &defaults;
	}
	nb = 1 << trainer->log2_buckets;
	n = trainer->ndocs;
	nent = trainer->offsets[n];

	m = cuvr_cls_model_alloc(trainer->n_classes, trainer->log2_buckets);
	df = calloc((size_t) nb, sizeof(int32_t));
	class_count = calloc((size_t) trainer->n_classes, sizeof(int64_t));
	entries = malloc(sizeof(ClsEntry) * (size_t) (nent > 0 ? nent : 1));
	offsets = malloc(sizeof(int64_t) * (size_t) (n + 1));
	sqnorm = malloc(sizeof(double) * (size_t) n);
	w = malloc(sizeof(double) * (size_t) (nb + 1));
	alpha = malloc(sizeof(double) * (size_t) n);
	order = malloc(sizeof(int) * (size_t) n);
	if (m == NULL || df == NULL || class_count == NULL || entries == NULL ||
		offsets == NULL || sqnorm == NULL || w == NULL || alpha == NULL ||
		order == NULL)
	{
		cuvr_cls_model_free(m);
		m = NULL;
		goto done;
	}
	m->temperature = params->temperature > 0.0f ? params->temperature : 0.3f;

	/* document frequencies and idf */
	for (e = 0; e < nent; e++)
		df[trainer->entries[e].bucket]++;
	for (i = 0; i < nb; i++)
		if (df[i] > 0 && df[i] >= params->min_df)
			m->idf[i] = (float) (log((1.0 + n) / (1.0 + df[i])) + 1.0);

	/* TF-IDF vectors, L2-normalised, without the buckets of idf 0 */
	kept = 0;
	offsets[0] = 0;
	for (i = 0; i < n; i++)
	{
		int64_t		first = kept;
		double		norm = 0.0;

		for (e = trainer->offsets[i]; e < trainer->offsets[i + 1]; e++)
		{
			uint32_t	b = trainer->entries[e].bucket;
			double		v;

			if (m->idf[b] == 0.0f)
				continue;
			v = (1.0 + log(trainer->entries[e].value)) * m->idf[b];
			entries[kept].bucket = b;
			entries[kept].value = (float) v;
			norm += v * v;
			kept++;
		}
		norm = sqrt(norm);
		sqnorm[i] = 0.0;
		for (e = first; e < kept; e++)
		{
			entries[e].value = (float) (entries[e].value / norm);
			sqnorm[i] += (double) entries[e].value * entries[e].value;
		}
		offsets[i + 1] = kept;
		class_count[trainer->labels[i]]++;
	}

	for (k = 0; k < trainer->n_classes; k++)
	{
		double		c_pos = params->c;

		if (params->balanced && class_count[k] > 0)
			c_pos = params->c * (double) n / ((double) trainer->n_classes * class_count[k]);
		cls_train_binary(trainer, entries, offsets, sqnorm, k, c_pos, params->c,
						 params, w, alpha, order);
		for (i = 0; i < nb; i++)
			m->weights[(size_t) i * trainer->n_classes + k] = (float) w[i];
		m->bias[k] = (float) w[nb];
	}

done:
	free(df);
	free(class_count);
	free(entries);
	free(offsets);
	free(sqnorm);
	free(w);
	free(alpha);
	free(order);
	return m;
}

/*
 * Turn tokens into distinct TF-IDF features, L2-normalised; buckets the
 * model does not use are left out.  features needs
 * cuvr_cls_feature_capacity(ntokens) entries.
 */
int
cuvr_cls_features(const CuvrClsModel *model, const CuvrClsToken *tokens,
				  int ntokens, CuvrClsFeature *features)
{
	int			n,
				i,
				kept = 0;
	double		norm = 0.0;

	if (ntokens <= 0 || tokens == NULL)
		return 0;
	n = cls_hash_document(model->log2_buckets, tokens, ntokens, features);
	for (i = 0; i < n; i++)
	{
		float		idf = model->idf[features[i].bucket];
		double		v;

		if (idf == 0.0f)
			continue;
		v = (1.0 + log(features[i].value)) * idf;
		features[kept] = features[i];
		features[kept].value = (float) v;
		norm += v * v;
		kept++;
	}
	if (kept > 0)
	{
		norm = sqrt(norm);
		for (i = 0; i < kept; i++)
			features[i].value = (float) (features[i].value / norm);
	}
	return kept;
}

/* Margins w.x + b of every class. */
void
cuvr_cls_scores(const CuvrClsModel *model, const CuvrClsFeature *features,
				int nfeatures, float *scores)
{
	int			nc = model->n_classes;
	int			i,
				k;

	for (k = 0; k < nc; k++)
		scores[k] = model->bias[k];
	for (i = 0; i < nfeatures; i++)
	{
		const float *row = cuvr_cls_model_row(model, features[i].bucket);
		float		v = features[i].value;

		if (row == NULL)
			continue;
		for (k = 0; k < nc; k++)
			scores[k] += v * row[k];
	}
}

/* Rank classes by margin, with softmax confidences; best first. */
int
cuvr_cls_rank(const CuvrClsModel *model, const float *scores,
			  CuvrClsRank *ranks, int k)
{
	int			nc = model->n_classes;
	double		temp = model->temperature > 0.0f ? model->temperature : 0.3;
	float		best;
	double		sum = 0.0;
	int			i,
				j,
				n = 0;

	if (nc < 1 || k < 1)
		return 0;
	if (k > nc)
		k = nc;
	best = scores[0];
	for (i = 1; i < nc; i++)
		if (scores[i] > best)
			best = scores[i];
	for (i = 0; i < nc; i++)
		sum += exp((scores[i] - best) / temp);

	/* insertion into a sorted list of the k best; ties keep the lower label */
	for (i = 0; i < nc; i++)
	{
		if (n == k && !(scores[i] > ranks[n - 1].score))
			continue;
		j = n < k ? n++ : k - 1;
		while (j > 0 && scores[i] > ranks[j - 1].score)
		{
			ranks[j] = ranks[j - 1];
			j--;
		}
		ranks[j].label = i;
		ranks[j].score = scores[i];
		ranks[j].confidence = (float) (exp((scores[i] - best) / temp) / sum);
	}
	return n;
}

/* Best class and its confidence. */
int
cuvr_cls_predict(const CuvrClsModel *model, const CuvrClsFeature *features,
				 int nfeatures, float *confidence)
{
	float		stack_scores[64];
	float	   *scores = stack_scores;
	CuvrClsRank best;
	int			n;

	if (model == NULL || model->n_classes < 1)
		return -1;
	if (model->n_classes > 64)
	{
		scores = malloc(sizeof(float) * (size_t) model->n_classes);
		if (scores == NULL)
			return -1;
	}
	cuvr_cls_scores(model, features, nfeatures, scores);
	n = cuvr_cls_rank(model, scores, &best, 1);
	if (scores != stack_scores)
		free(scores);
	if (n < 1)
		return -1;
	if (confidence != NULL)
		*confidence = best.confidence;
	return best.label;
}

/* The features that raise label's margin most, largest first. */
int
cuvr_cls_explain(const CuvrClsModel *model, const CuvrClsFeature *features,
				 int nfeatures, int label, CuvrClsContribution *out, int n)
{
	int			i,
				j,
				count = 0;

	if (label < 0 || label >= model->n_classes || n < 1)
		return 0;
	for (i = 0; i < nfeatures; i++)
	{
		const float *row = cuvr_cls_model_row(model, features[i].bucket);
		float		c = row == NULL ? 0.0f : features[i].value * row[label];

		if (!(c > 0.0f))
			continue;
		if (count == n && !(c > out[n - 1].weight))
			continue;
		j = count < n ? count++ : n - 1;
		while (j > 0 && c > out[j - 1].weight)
		{
			out[j] = out[j - 1];
			j--;
		}
		out[j].token = features[i].token;
		out[j].ntokens = features[i].ntokens;
		out[j].weight = c;
	}
	return count;
}
