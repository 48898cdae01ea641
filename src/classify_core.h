/*
 * classify_core.h
 *		Pure C core of the appeal classifier: tokeniser, feature hashing,
 *		TF-IDF, a one-vs-rest linear SVM trainer and a scorer.
 *
 * Nothing here includes PostgreSQL headers, so tokenize.c and
 * classify_core.c compile into unit tests and fuzz drivers without a server.
 * The backend feeds tokens through its Snowball Russian stemmer between the
 * tokeniser and the classifier:
 *
 *	text --cuvr_tokenize--> words --stemmer--> stems --cuvr_cls_*--> category
 *
 * Allocation: only the trainer and cuvr_cls_model_alloc() call malloc; they
 * report failure by returning NULL or -1 and never longjmp, so a backend
 * caller wraps them in PG_TRY and frees in PG_FINALLY.  Scoring allocates
 * nothing: the caller passes a feature buffer (cuvr_cls_feature_capacity()).
 */
#ifndef CUVR_CLASSIFY_CORE_H
#define CUVR_CLASSIFY_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Tokeniser (tokenize.c).
 *
 * Reads exactly len bytes of UTF-8 (no NUL needed; invalid bytes are
 * separators).  HTML tags are blanks; the entities &nbsp; &amp; &lt; &gt;
 * &quot; &apos; and any other named entity are blanks or punctuation, and
 * &#NNN; / &#xHH; decode to their character.  Letters are ASCII and the
 * Cyrillic block U+0400..U+045F; they are lowercased, ё is read as е, a
 * combining acute accent is dropped, и + combining breve is й, and a word
 * mixing Cyrillic and Latin letters has its Latin look-alikes (a c e o p x y
 * k m t h b) read as Cyrillic.  A chunk between blanks that looks like an
 * e-mail address or a URL is dropped whole.  Within a chunk, words are runs
 * of letters and digits; words with a digit (house numbers, phones, dates),
 * words shorter than CUVR_TOKEN_MIN_CHARS or longer than
 * CUVR_TOKEN_MAX_CHARS letters, stop words and address words are dropped.
 *
 * Every other word goes to the callback as lowercase UTF-8 (not
 * NUL-terminated; the bytes live until the callback returns) with its
 * ordinal among the emitted words.
 */
#define CUVR_TOKEN_MIN_CHARS 2
#define CUVR_TOKEN_MAX_CHARS 40
/* Longest emitted token in bytes: every letter is one or two bytes. */
#define CUVR_TOKEN_MAX_BYTES (2 * CUVR_TOKEN_MAX_CHARS)

/* Flags for cuvr_tokenize(). */
#define CUVR_TOKENIZE_DEFAULT 0
#define CUVR_TOKENIZE_KEEP_STOPWORDS 0x1	/* do not drop stop words */
#define CUVR_TOKENIZE_KEEP_ADDRESS 0x2	/* do not drop address words */

typedef void (*CuvrTokenCallback) (const char *token, int len, int ordinal,
								   void *arg);

/* Returns the number of tokens passed to callback (which may be NULL). */
extern int	cuvr_tokenize(const char *text, size_t len, int flags,
						  CuvrTokenCallback callback, void *arg);
/* Is the lowercase, ё-free word (len bytes) a stop word / address word? */
extern bool cuvr_tokenize_is_stopword(const char *word, size_t len);
extern bool cuvr_tokenize_is_address_word(const char *word, size_t len);

/*
 * Classifier (classify_core.c).
 *
 * Features are the stems and the pairs of adjacent stems, hashed (32-bit
 * FNV-1a, stable across platforms) into 2^log2_buckets buckets.  A document
 * is the vector of (1 + ln tf) * idf over its buckets, L2-normalised, with
 * idf = ln((1 + N) / (1 + df)) + 1 over the training documents and idf 0 for
 * a bucket in fewer than min_df of them.  Each class has a weight vector and
 * a bias, trained one-vs-rest as an L2-regularised squared-hinge linear SVM
 * by dual coordinate descent (as liblinear does), deterministically.
 * Confidence is a softmax of the margins divided by a temperature.
 */
#define CUVR_CLS_HASH_VERSION 1		/* bump when hashing changes */
#define CUVR_CLS_MAX_CLASSES 1024
#define CUVR_CLS_MIN_LOG2_BUCKETS 4
#define CUVR_CLS_MAX_LOG2_BUCKETS 24

/* One token (a stem) as the classifier sees it. */
typedef struct CuvrClsToken
{
	const char *str;
	int			len;
} CuvrClsToken;

/*
 * A trained model.  Plain arrays, so that the backend can store them in
 * tables and load them back; weights are bucket-major so that scoring
 * touches one cache line per feature.
 */
typedef struct CuvrClsModel
{
	int32_t		n_classes;
	int32_t		log2_buckets;
	int32_t		n_buckets;		/* 1 << log2_buckets */
	int32_t		hash_version;	/* CUVR_CLS_HASH_VERSION when trained */
	float		temperature;	/* softmax temperature for confidence */
	float	   *idf;			/* [n_buckets]; 0 means the bucket is unused */
	float	   *weights;		/* [n_buckets * n_classes], bucket-major; or
								 * [n_rows * n_classes] when compact */
	float	   *bias;			/* [n_classes] */
	int32_t    *row_of;			/* NULL: weights are dense; else [n_buckets],
								 * the row of a used bucket's weights or -1 */
	int32_t		n_rows;			/* used buckets of a compact model */
} CuvrClsModel;

/* Training parameters; cuvr_cls_params_default() fills the defaults. */
typedef struct CuvrClsParams
{
	double		c;				/* SVM cost C (1.0) */
	int			max_iter;		/* passes of coordinate descent (50) */
	double		eps;			/* stop when the projected gradient spread
								 * falls below this (0.1) */
	int			min_df;			/* buckets in fewer documents get idf 0 (2) */
	bool		balanced;		/* weight classes by n / (k * n_class) (false) */
	uint32_t	seed;			/* for the visiting order (42) */
	float		temperature;	/* stored in the model (0.3) */
} CuvrClsParams;

/* One distinct feature of a document, ready for scoring. */
typedef struct CuvrClsFeature
{
	uint32_t	bucket;
	float		value;			/* TF-IDF, L2-normalised; 0 if idf is 0 */
	int32_t		token;			/* index of its (first) token */
	int32_t		ntokens;		/* 1: a stem, 2: stems token and token+1 */
} CuvrClsFeature;

/* One class in a ranking, with its margin and confidence. */
typedef struct CuvrClsRank
{
	int32_t		label;
	float		score;			/* margin w.x + b */
	float		confidence;		/* softmax share in [0, 1] */
} CuvrClsRank;

/* A feature's share of a class's margin, for explanations. */
typedef struct CuvrClsContribution
{
	int32_t		token;
	int32_t		ntokens;
	float		weight;			/* value * class weight */
} CuvrClsContribution;

typedef struct CuvrClsTrainer CuvrClsTrainer;

extern void cuvr_cls_params_default(CuvrClsParams *params);

/* Trainer: create, add labelled documents, train into a model, destroy. */
extern CuvrClsTrainer *cuvr_cls_trainer_create(int n_classes, int log2_buckets);
extern int	cuvr_cls_trainer_add(CuvrClsTrainer *trainer, int label,
								 const CuvrClsToken *tokens, int ntokens);
extern int	cuvr_cls_trainer_ndocs(const CuvrClsTrainer *trainer);
extern CuvrClsModel *cuvr_cls_train(CuvrClsTrainer *trainer,
									const CuvrClsParams *params);
extern void cuvr_cls_trainer_destroy(CuvrClsTrainer *trainer);

/* Models: allocate zeroed (for loading), free, count used buckets. */
extern CuvrClsModel *cuvr_cls_model_alloc(int n_classes, int log2_buckets);
extern void cuvr_cls_model_free(CuvrClsModel *model);
extern bool cuvr_cls_model_compact(CuvrClsModel *model);
extern const float *cuvr_cls_model_row(const CuvrClsModel *model, int32_t bucket);
extern int	cuvr_cls_model_used_buckets(const CuvrClsModel *model);

/* Hash of one token and of a pair (stable, CUVR_CLS_HASH_VERSION). */
extern uint32_t cuvr_cls_hash(const char *str, int len);
extern uint32_t cuvr_cls_hash_pair(uint32_t first, uint32_t second);

/* Size of the feature buffer cuvr_cls_features() needs for ntokens. */
extern int	cuvr_cls_feature_capacity(int ntokens);

/*
 * Turn tokens into distinct weighted features; returns their number (at
 * most cuvr_cls_feature_capacity(ntokens)), sorted by bucket.
 */
extern int	cuvr_cls_features(const CuvrClsModel *model,
							  const CuvrClsToken *tokens, int ntokens,
							  CuvrClsFeature *features);

/* Margins of every class into scores[n_classes]. */
extern void cuvr_cls_scores(const CuvrClsModel *model,
							const CuvrClsFeature *features, int nfeatures,
							float *scores);

/*
 * Rank the classes: fills up to k entries of ranks, best first, from the
 * margins in scores[n_classes]; returns how many it filled.
 */
extern int	cuvr_cls_rank(const CuvrClsModel *model, const float *scores,
						  CuvrClsRank *ranks, int k);

/* Best class and its confidence in one call; -1 for a model with no classes. */
extern int	cuvr_cls_predict(const CuvrClsModel *model,
							 const CuvrClsFeature *features, int nfeatures,
							 float *confidence);

/*
 * The features that push label's margin up most: fills up to n entries,
 * largest positive contribution first, and returns how many.
 */
extern int	cuvr_cls_explain(const CuvrClsModel *model,
							 const CuvrClsFeature *features, int nfeatures,
							 int label, CuvrClsContribution *out, int n);

/*
 * SimHash signatures for near-duplicate appeals (simhash.c): stems and stem
 * pairs vote on 64 bits; similar texts differ in few bits.
 */
extern uint64_t cuvr_simhash(const CuvrClsToken *tokens, int ntokens);
extern int	cuvr_hamming64(uint64_t a, uint64_t b);
extern void cuvr_simhash_bands(uint64_t signature, int32_t bands[4]);
extern int64_t cuvr_simhash_day(int64_t usecs);

/* Most days one near-duplicate search may cover (cuvr.signature_probe). */
#define CUVR_SIMHASH_MAX_DAYS 367

#endif							/* CUVR_CLASSIFY_CORE_H */
