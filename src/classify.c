/*
 * classify.c
 *		The in-database appeal classifier: stemming through PostgreSQL's
 *		Snowball Russian dictionary, the per-backend model cache, and the
 *		SQL functions classify, classify_top, guess_category, classify_tokens
 *		and train_classifier.
 *
 * The pure parts (tokeniser, hashing, TF-IDF, the linear SVM) live in
 * tokenize.c and classify_core.c.  The model lives in tables, so pg_dump
 * keeps it; each backend loads the active model and the keyword rules once
 * and drops them when those tables or the categories change (relcache
 * callback, fed by cuvr.cache_changed() statement triggers).  Stems are
 * cached per backend, so a word is stemmed once.
 */
#include "compat.h"

#include <math.h>
#include <time.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "tsearch/ts_cache.h"
#include "tsearch/ts_public.h"
#include "utils/array.h"
#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "cuvr.h"
#include "classify_core.h"

/* Stems kept per backend before the stem cache starts over. */
#define STEM_CACHE_MAX 200000

/* Top contributing words reported per class by classify_top(). */
#define EXPLAIN_WORDS 5

/* A stem cache entry: word -> stem (an empty stem: a stop word). */
typedef struct StemEntry
{
	char		word[CUVR_TOKEN_MAX_BYTES + 1];	/* hash key */
	int			len;
	char		stem[CUVR_TOKEN_MAX_BYTES + 1];
} StemEntry;

/* A keyword rule: all its stems in a text give its category. */
typedef struct KeywordRule
{
	int32		category_id;
	char	   *category_code;
	double		confidence;
	int			nstems;
	CuvrClsToken *stems;
} KeywordRule;

/* The loaded classifier of this backend. */
typedef struct ClassifierState
{
	int32		model_id;		/* 0: no model trained */
	CuvrClsModel *model;		/* malloc'd by classify_core.c */
	int32	   *class_category; /* class index -> category id */
	char	  **class_code;		/* class index -> category code */
	int			nrules;
	KeywordRule *rules;
} ClassifierState;

/* A text turned into stems. */
typedef struct StemmedText
{
	CuvrClsToken *tokens;
	int			ntokens;
	int			capacity;
	TSDictionaryCacheEntry *dict;
} StemmedText;

static ClassifierState state;
static CuvrCacheState classifier_state = CUVR_CACHE_STATE_INIT;
static MemoryContext classifier_context = NULL;	/* rules, codes */
static MemoryContext scratch_context = NULL;	/* reset per call */
static HTAB *stem_cache = NULL;
static bool callback_registered = false;

static const char *const watched_names[] = {
	"classifier_model", "classifier_class", "classifier_feature", "keyword_rule", "category"
};

#define N_WATCHED (sizeof(watched_names) / sizeof(watched_names[0]))
static Oid	watched_relids[N_WATCHED];

/* Forget the loaded model and rules (the stems stay valid). */
static void
cuvr_classifier_reset(void)
{
	if (state.model != NULL)
		cuvr_cls_model_free(state.model);
	memset(&state, 0, sizeof(state));
	if (classifier_context != NULL)
		MemoryContextReset(classifier_context);
}

/* Relcache callback: mark the model stale when its tables or categories change. */
static void
cuvr_classifier_relcache_callback(Datum arg, Oid relid)
{
	if (cuvr_relid_watched(relid, watched_relids, N_WATCHED))
		cuvr_cache_invalidated(&classifier_state);
}

/* Memory contexts, the stem cache and the callback, once per backend. */
static void
cuvr_classifier_setup(void)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(cuvr_classifier_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (classifier_context == NULL)
		classifier_context = AllocSetContextCreate(CacheMemoryContext, "cuvr classifier",
												   ALLOCSET_DEFAULT_SIZES);
	if (scratch_context == NULL)
		scratch_context = AllocSetContextCreate(CacheMemoryContext, "cuvr classifier scratch",
												ALLOCSET_DEFAULT_SIZES);
	if (stem_cache == NULL || hash_get_num_entries(stem_cache) >= STEM_CACHE_MAX)
	{
		HASHCTL		ctl;

		if (stem_cache != NULL)
			hash_destroy(stem_cache);
		ctl.keysize = CUVR_TOKEN_MAX_BYTES + 1;
		ctl.entrysize = sizeof(StemEntry);
		ctl.hcxt = CacheMemoryContext;
		stem_cache = hash_create("cuvr stems", 4096, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
}

/* The Snowball Russian stemmer of PostgreSQL (text search dictionary). */
static TSDictionaryCacheEntry *
cuvr_stem_dictionary(void)
{
	Oid			dict = get_ts_dict_oid(list_make2(makeString("pg_catalog"),
												  makeString("russian_stem")), true);

	if (!OidIsValid(dict))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("text search dictionary pg_catalog.russian_stem does not exist"),
				 errhint("The classifier stems Russian with PostgreSQL's Snowball dictionary.")));
	return lookup_ts_dictionary_cache(dict);
}

/* Stem one lowercase word through the cache; NULL for a stop word. */
static const StemEntry *
cuvr_stem(TSDictionaryCacheEntry *dict, const char *word, int len)
{
	char		key[CUVR_TOKEN_MAX_BYTES + 1];
	StemEntry  *entry;
	bool		found;

	memcpy(key, word, len);
	key[len] = '\0';
	entry = hash_search(stem_cache, key, HASH_ENTER, &found);
	if (!found)
	{
		DictSubState dstate = {false, false, NULL};
		TSLexeme   *lexemes;

		entry->len = 0;
		lexemes = (TSLexeme *) DatumGetPointer(FunctionCall4(&dict->lexize,
															 PointerGetDatum(dict->dictData),
															 PointerGetDatum(key),
															 Int32GetDatum(len),
															 PointerGetDatum(&dstate)));
		if (lexemes != NULL && lexemes[0].lexeme != NULL)
		{
			int			stemlen = Min((int) strlen(lexemes[0].lexeme), CUVR_TOKEN_MAX_BYTES);

			memcpy(entry->stem, lexemes[0].lexeme, stemlen);
			entry->stem[stemlen] = '\0';
			entry->len = stemlen;
		}
	}
	return entry->len > 0 ? entry : NULL;
}

/* Tokeniser callback: stem the word and append it. */
static void
cuvr_collect_stem(const char *token, int len, int ordinal, void *arg)
{
	StemmedText *out = (StemmedText *) arg;
	const StemEntry *entry = cuvr_stem(out->dict, token, len);

	if (entry == NULL)
		return;
	if (out->ntokens == out->capacity)
	{
		out->capacity *= 2;
		out->tokens = repalloc_huge(out->tokens, sizeof(CuvrClsToken) * out->capacity);
	}
	out->tokens[out->ntokens].str = entry->stem;
	out->tokens[out->ntokens].len = entry->len;
	out->ntokens++;
}

/*
 * Tokenise and stem a text into the current memory context.  The stems
 * point into the stem cache, which is only rebuilt between calls.
 */
static void
cuvr_stem_text(const char *text, size_t len, StemmedText *out)
{
	out->capacity = 64;
	out->ntokens = 0;
	out->tokens = palloc(sizeof(CuvrClsToken) * out->capacity);
	out->dict = cuvr_stem_dictionary();
	cuvr_tokenize(text, len, CUVR_TOKENIZE_DEFAULT, cuvr_collect_stem, out);
}

/* Load the active model and the keyword rules (SPI, once per change). */
static void
cuvr_classifier_load(void)
{
	bool		isnull;
	uint64		i;
	MemoryContext old;
	CuvrClsModel *volatile model = NULL;

	uint64		generation;

	cuvr_watch_relids(watched_names, N_WATCHED, watched_relids);

	SPI_connect();
	generation = cuvr_cache_load_begin(&classifier_state);
	PG_TRY();
	{
		cuvr_spi_select("SELECT id, n_classes, log2_buckets, hash_version, temperature "
					    "FROM cuvr.classifier_model WHERE active ORDER BY id DESC LIMIT 1", 0, NULL, NULL, "classifier");
		if (SPI_processed > 0)
		{
			HeapTuple	tup = SPI_tuptable->vals[0];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			int32		model_id = DatumGetInt32(SPI_getbinval(tup, desc, 1, &isnull));
			int			n_classes = DatumGetInt32(SPI_getbinval(tup, desc, 2, &isnull));
			int			log2_buckets = DatumGetInt32(SPI_getbinval(tup, desc, 3, &isnull));
			int			hash_version = DatumGetInt32(SPI_getbinval(tup, desc, 4, &isnull));
			float		temperature = DatumGetFloat4(SPI_getbinval(tup, desc, 5, &isnull));
			Oid			argtypes[1] = {INT4OID};
			Datum		args[1] = {Int32GetDatum(model_id)};

			if (hash_version != CUVR_CLS_HASH_VERSION)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("classifier model %d was trained with feature hashing version %d", model_id, hash_version),
						 errdetail("This version of cuvr hashes features with version %d.", CUVR_CLS_HASH_VERSION),
						 errhint("Retrain it with cuvr.train_classifier().")));
			model = cuvr_cls_model_alloc(n_classes, log2_buckets);
			if (model == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_OUT_OF_MEMORY),
						 errmsg("out of memory loading classifier model %d", model_id)));
			model->temperature = temperature;
			state.model_id = model_id;
			state.class_category = MemoryContextAllocZero(classifier_context, sizeof(int32) * n_classes);
			state.class_code = MemoryContextAllocZero(classifier_context, sizeof(char *) * n_classes);

			cuvr_spi_select("SELECT m.class_index, m.category_id, c.code, m.bias "
						    "FROM cuvr.classifier_class AS m JOIN cuvr.category AS c ON c.id = m.category_id "
						    "WHERE m.model_id = $1", 1, argtypes, args, "classifier");
			for (i = 0; i < SPI_processed; i++)
			{
				HeapTuple	t = SPI_tuptable->vals[i];
				int			k = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &isnull));

				if (k < 0 || k >= n_classes)
					continue;
				state.class_category[k] = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &isnull));
				state.class_code[k] = MemoryContextStrdup(classifier_context,
														  SPI_getvalue(t, SPI_tuptable->tupdesc, 3));
				model->bias[k] = DatumGetFloat4(SPI_getbinval(t, SPI_tuptable->tupdesc, 4, &isnull));
			}

			cuvr_spi_select("SELECT bucket, idf, weights FROM cuvr.classifier_feature WHERE model_id = $1",
						    1, argtypes, args, "classifier");
			for (i = 0; i < SPI_processed; i++)
			{
				HeapTuple	t = SPI_tuptable->vals[i];
				int32		bucket = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &isnull));
				ArrayType  *weights = DatumGetArrayTypeP(SPI_getbinval(t, SPI_tuptable->tupdesc, 3, &isnull));
				float4	   *w = (float4 *) ARR_DATA_PTR(weights);
				int			nw = ArrayGetNItems(ARR_NDIM(weights), ARR_DIMS(weights));
				int			k;

				if (bucket < 0 || bucket >= model->n_buckets || ARR_HASNULL(weights))
					continue;
				model->idf[bucket] = DatumGetFloat4(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &isnull));
				for (k = 0; k < n_classes && k < nw; k++)
					model->weights[(size_t) bucket * n_classes + k] = w[k];
			}

			/*
			 * Keep the used buckets' weights only: a few MB instead of tens,
			 * and rows that stay in the CPU caches between appeals.  Out of
			 * memory, the dense model scores the same.
			 */
			(void) cuvr_cls_model_compact(model);
		}

		cuvr_spi_select("SELECT k.category_id, c.code, k.keyword, k.confidence "
					    "FROM cuvr.keyword_rule AS k JOIN cuvr.category AS c ON c.id = k.category_id "
					    "WHERE k.active ORDER BY k.id", 0, NULL, NULL, "classifier");
		state.rules = MemoryContextAllocZero(classifier_context, sizeof(KeywordRule) * (SPI_processed + 1));
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	t = SPI_tuptable->vals[i];
			char	   *keyword = SPI_getvalue(t, SPI_tuptable->tupdesc, 3);
			KeywordRule *rule = &state.rules[state.nrules];
			StemmedText st;
			int			j;

			old = MemoryContextSwitchTo(classifier_context);
			cuvr_stem_text(keyword, strlen(keyword), &st);
			MemoryContextSwitchTo(old);
			if (st.ntokens == 0)
				continue;
			rule->category_id = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &isnull));
			rule->category_code = MemoryContextStrdup(classifier_context, SPI_getvalue(t, SPI_tuptable->tupdesc, 2));
			rule->confidence = DatumGetFloat8(SPI_getbinval(t, SPI_tuptable->tupdesc, 4, &isnull));
			rule->nstems = st.ntokens;
			rule->stems = MemoryContextAlloc(classifier_context, sizeof(CuvrClsToken) * st.ntokens);
			/* Copy the stems: the stem cache may start over later. */
			for (j = 0; j < st.ntokens; j++)
			{
				rule->stems[j].str = MemoryContextStrdup(classifier_context,
														 pnstrdup(st.tokens[j].str, st.tokens[j].len));
				rule->stems[j].len = st.tokens[j].len;
			}
			state.nrules++;
		}
	}
	PG_CATCH();
	{
		if (model != NULL)
			cuvr_cls_model_free(model);
		cuvr_classifier_reset();
		PG_RE_THROW();
	}
	PG_END_TRY();
	state.model = model;
	cuvr_cache_load_end(&classifier_state, generation);
	SPI_finish();
}

/* Make sure the model is loaded and the scratch context is fresh. */
static void
cuvr_classifier_ready(void)
{
	cuvr_classifier_setup();
	MemoryContextReset(scratch_context);
	if (classifier_state.stale)
	{
		cuvr_classifier_reset();
		cuvr_classifier_load();
	}
}

/* Does a text contain every stem of a rule? */
static bool
cuvr_rule_matches(const KeywordRule *rule, const StemmedText *st)
{
	int			i,
				j;

	for (i = 0; i < rule->nstems; i++)
	{
		bool		found = false;

		for (j = 0; j < st->ntokens && !found; j++)
			found = st->tokens[j].len == rule->stems[i].len &&
				memcmp(st->tokens[j].str, rule->stems[i].str, rule->stems[i].len) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* The best keyword rule for a text: most stems, then highest confidence. */
static const KeywordRule *
cuvr_best_rule(const StemmedText *st)
{
	const KeywordRule *best = NULL;
	int			i;

	for (i = 0; i < state.nrules; i++)
	{
		const KeywordRule *r = &state.rules[i];

		if (!cuvr_rule_matches(r, st))
			continue;
		if (best == NULL || r->nstems > best->nstems ||
			(r->nstems == best->nstems && r->confidence > best->confidence))
			best = r;
	}
	return best;
}

/* Result of classifying one text. */
typedef struct Classification
{
	int32		category_id;	/* 0: none */
	const char *category_code;
	double		confidence;
	const char *method;			/* "keyword" or "model" */
} Classification;

/* Classify a text (in the scratch context); category_id 0 when unknown. */
static Classification
cuvr_classify_text(text *input, StemmedText *st, CuvrClsFeature **features, int *nfeatures)
{
	Classification result = {0, NULL, 0, NULL};
	MemoryContext old = MemoryContextSwitchTo(scratch_context);
	const KeywordRule *rule;

	cuvr_stem_text(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input), st);
	*nfeatures = 0;
	*features = NULL;
	rule = cuvr_best_rule(st);
	if (rule != NULL)
	{
		result.category_id = rule->category_id;
		result.category_code = rule->category_code;
		result.confidence = rule->confidence;
		result.method = "keyword";
	}
	if (state.model != NULL)
	{
		*features = palloc(sizeof(CuvrClsFeature) * cuvr_cls_feature_capacity(st->ntokens));
		*nfeatures = cuvr_cls_features(state.model, st->tokens, st->ntokens, *features);
		if (rule == NULL && *nfeatures > 0)
		{
			float		confidence;
			int			label = cuvr_cls_predict(state.model, *features, *nfeatures, &confidence);

			if (label >= 0 && state.class_code[label] != NULL)
			{
				result.category_id = state.class_category[label];
				result.category_code = state.class_code[label];
				result.confidence = confidence;
				result.method = "model";
			}
		}
	}
	MemoryContextSwitchTo(old);
	return result;
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_classify);
PG_FUNCTION_INFO_V1(cuvr_guess_category);
PG_FUNCTION_INFO_V1(cuvr_classify_top);
PG_FUNCTION_INFO_V1(cuvr_classify_tokens);
PG_FUNCTION_INFO_V1(cuvr_train_classifier);
PG_FUNCTION_INFO_V1(cuvr_text_signature);
PG_FUNCTION_INFO_V1(cuvr_signature_distance);
PG_FUNCTION_INFO_V1(cuvr_signature_keys);
PG_FUNCTION_INFO_V1(cuvr_signature_probe);

/*
 * The SimHash of a text's stems; false when the text has no stems.  Shared
 * by cuvr.text_signature() and registration.
 */
bool
cuvr_signature_of(text *input, int64 *signature)
{
	StemmedText st;
	uint64		result;
	MemoryContext old;

	cuvr_classifier_setup();
	MemoryContextReset(scratch_context);
	old = MemoryContextSwitchTo(scratch_context);
	cuvr_stem_text(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input), &st);
	result = cuvr_simhash(st.tokens, st.ntokens);
	MemoryContextSwitchTo(old);
	*signature = (int64) result;
	return result != 0;
}

/* cuvr.text_signature(text) -> bigint: SimHash of the text's stems; NULL without stems. */
Datum
cuvr_text_signature(PG_FUNCTION_ARGS)
{
	int64		signature;

	if (!cuvr_signature_of(PG_GETARG_TEXT_PP(0), &signature))
		PG_RETURN_NULL();
	PG_RETURN_INT64(signature);
}

/* cuvr.signature_distance(a, b) -> integer: differing bits of two signatures. */
Datum
cuvr_signature_distance(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cuvr_hamming64((uint64) PG_GETARG_INT64(0), (uint64) PG_GETARG_INT64(1)));
}

/*
 * The scope of a signature key: the category and the territory, so that
 * only appeals of the same category and territory share keys.
 */
static uint32
signature_scope(FunctionCallInfo fcinfo)
{
	uint32		scope;

	scope = hash_bytes_uint32((uint32) (PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1)));
	if (!PG_ARGISNULL(2))
		scope = hash_combine(scope, (uint32) hash_bytes_extended((const unsigned char *) &PG_GETARG_DATUM(2),
																 sizeof(Datum), 0));
	return scope;
}

/* One key: a band of the signature within a scope, on one day (or none). */
static Datum
signature_key(uint32 scope, int32 band, bool dated, int64 day)
{
	uint32		key = hash_combine(scope, (uint32) band);

	if (dated)
		key = hash_combine(key, (uint32) hash_bytes_extended((const unsigned char *) &day, sizeof(day), 0));
	return Int32GetDatum((int32) key);
}

/* The day bucket of a timestamptz argument; NULL counts as day 0. */
static int64
signature_day(FunctionCallInfo fcinfo, int argno)
{
	TimestampTz t;

	if (PG_ARGISNULL(argno))
		return 0;
	t = PG_GETARG_TIMESTAMPTZ(argno);
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("signature keys need a finite time"),
				 errdetail("The time of receipt is \"%s\".", TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity")));
	return cuvr_simhash_day((int64_t) t);
}

/*
 * cuvr.signature_keys(signature, category_id, territory [, received_at]) ->
 * integer[]: the four 16-bit bands of a signature, each mixed with the
 * category and the territory (and, given the time of receipt, its day), for
 * a GIN index that finds near-duplicates of one category and territory
 * only.  NULL without a signature.  The three-argument form is release
 * 0.1's undated key, kept for a catalog not yet updated.
 */
Datum
cuvr_signature_keys(PG_FUNCTION_ARGS)
{
	int32		bands[4];
	Datum		elems[4];
	uint32		scope;
	bool		dated = PG_NARGS() > 3;
	int64		day = 0;
	int			i;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	scope = signature_scope(fcinfo);
	if (dated)
		day = signature_day(fcinfo, 3);
	cuvr_simhash_bands((uint64) PG_GETARG_INT64(0), bands);
	for (i = 0; i < 4; i++)
		elems[i] = signature_key(scope, bands[i], dated, day);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, 4, INT4OID, 4, true, TYPALIGN_INT));
}

/*
 * cuvr.signature_probe(signature, category_id, territory, from, to) ->
 * integer[]: the dated keys of a signature for every day from "from" to
 * "to", which overlap the keys (cuvr.signature_keys) of every appeal of the
 * category and territory received in those days that shares a band with
 * it.  NULL without a signature or a bound; empty when "to" is before
 * "from".  At most CUVR_SIMHASH_MAX_DAYS days.
 */
Datum
cuvr_signature_probe(PG_FUNCTION_ARGS)
{
	int32		bands[4];
	Datum	   *elems;
	uint32		scope;
	int64		first,
				last,
				day;
	int			n = 0,
				i;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	scope = signature_scope(fcinfo);
	first = signature_day(fcinfo, 3);
	last = signature_day(fcinfo, 4);
	if (last < first)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT4OID));
	if (last - first >= CUVR_SIMHASH_MAX_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("near-duplicate search spans too many days"),
				 errdetail("It spans %lld days; at most %d are searched.",
						   (long long) (last - first + 1), CUVR_SIMHASH_MAX_DAYS),
				 errhint("Set mass_window in cuvr.setting to at most 183 days.")));
	cuvr_simhash_bands((uint64) PG_GETARG_INT64(0), bands);
	elems = palloc(sizeof(Datum) * 4 * (last - first + 1));
	for (day = first; day <= last; day++)
		for (i = 0; i < 4; i++)
			elems[n++] = signature_key(scope, bands[i], true, day);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, INT4OID, 4, true, TYPALIGN_INT));
}

/* cuvr.classify(text) -> (category text, confidence float8); NULLs when unknown. */
Datum
cuvr_classify(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2] = {true, true};
	StemmedText st;
	CuvrClsFeature *features;
	int			nfeatures;
	Classification c;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "cuvr: classify() must return a record");
	cuvr_classifier_ready();
	c = cuvr_classify_text(PG_GETARG_TEXT_PP(0), &st, &features, &nfeatures);
	if (c.category_id != 0)
	{
		values[0] = CStringGetTextDatum(c.category_code);
		values[1] = Float8GetDatum(c.confidence);
		nulls[0] = nulls[1] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/*
 * The category, confidence and method ("keyword" or "model") of an
 * unclassified appeal's text; false when no rule matches and the model
 * knows none of its words.  Shared by cuvr.guess_category() and
 * registration.
 */
bool
cuvr_guess(text *input, int32 *category_id, double *confidence, const char **method)
{
	StemmedText st;
	CuvrClsFeature *features;
	int			nfeatures;
	Classification c;

	cuvr_classifier_ready();
	c = cuvr_classify_text(input, &st, &features, &nfeatures);
	if (c.category_id == 0)
		return false;
	*category_id = c.category_id;
	*confidence = c.confidence;
	*method = c.method;
	return true;
}

/* cuvr.guess_category(text) -> (category_id, confidence, method), for registration. */
Datum
cuvr_guess_category(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {true, true, true};
	int32		category_id;
	double		confidence;
	const char *method;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "cuvr: guess_category() must return a record");
	if (cuvr_guess(PG_GETARG_TEXT_PP(0), &category_id, &confidence, &method))
	{
		values[0] = Int32GetDatum(category_id);
		values[1] = Float8GetDatum(confidence);
		values[2] = CStringGetTextDatum(method);
		nulls[0] = nulls[1] = nulls[2] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/* A stem or a pair of stems as text. */
static text *
cuvr_feature_words(const StemmedText *st, int token, int ntokens)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = token; i < token + ntokens && i < st->ntokens; i++)
	{
		if (i > token)
			appendStringInfoChar(&buf, ' ');
		appendBinaryStringInfo(&buf, st->tokens[i].str, st->tokens[i].len);
	}
	return cstring_to_text(buf.data);
}

/*
 * cuvr.classify_top(text, k) -> (rank, category, confidence, method, words):
 * the k best categories, each explained by its top contributing stems.  A
 * matching keyword rule comes first.
 */
Datum
cuvr_classify_top(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			k = PG_GETARG_INT32(1);
	StemmedText st;
	CuvrClsFeature *features;
	int			nfeatures;
	Classification c;
	int			rank = 0;
	MemoryContext old;

	if (k < 1 || k > 100)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("k must be between 1 and 100, not %d", k)));
	InitMaterializedSRF(fcinfo, 0);
	cuvr_classifier_ready();
	c = cuvr_classify_text(PG_GETARG_TEXT_PP(0), &st, &features, &nfeatures);

	old = MemoryContextSwitchTo(scratch_context);
	if (c.category_id != 0 && strcmp(c.method, "keyword") == 0)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, true};

		values[0] = Int32GetDatum(++rank);
		values[1] = CStringGetTextDatum(c.category_code);
		values[2] = Float8GetDatum(c.confidence);
		values[3] = CStringGetTextDatum("keyword");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	if (state.model != NULL && nfeatures > 0 && rank < k)
	{
		float	   *scores = palloc(sizeof(float) * state.model->n_classes);
		CuvrClsRank *ranks = palloc(sizeof(CuvrClsRank) * k);
		int			n,
					i;

		cuvr_cls_scores(state.model, features, nfeatures, scores);
		n = cuvr_cls_rank(state.model, scores, ranks, k - rank);
		for (i = 0; i < n; i++)
		{
			CuvrClsContribution contrib[EXPLAIN_WORDS];
			int			ncontrib = cuvr_cls_explain(state.model, features, nfeatures,
													ranks[i].label, contrib, EXPLAIN_WORDS);
			Datum	   *words = palloc(sizeof(Datum) * Max(ncontrib, 1));
			Datum		values[5];
			bool		nulls[5] = {false, false, false, false, false};
			int			j;

			if (state.class_code[ranks[i].label] == NULL)
				continue;
			for (j = 0; j < ncontrib; j++)
				words[j] = PointerGetDatum(cuvr_feature_words(&st, contrib[j].token, contrib[j].ntokens));
			values[0] = Int32GetDatum(++rank);
			values[1] = CStringGetTextDatum(state.class_code[ranks[i].label]);
			values[2] = Float8GetDatum(ranks[i].confidence);
			values[3] = CStringGetTextDatum("model");
			values[4] = PointerGetDatum(construct_array(words, ncontrib, TEXTOID, -1, false, TYPALIGN_INT));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	MemoryContextSwitchTo(old);
	return (Datum) 0;
}

/* cuvr.classify_tokens(text) -> text[]: the stems the classifier sees. */
Datum
cuvr_classify_tokens(PG_FUNCTION_ARGS)
{
	StemmedText st;
	Datum	   *elems;
	int			i;

	cuvr_classifier_setup();
	cuvr_stem_text(VARDATA_ANY(PG_GETARG_TEXT_PP(0)), VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(0)), &st);
	elems = palloc(sizeof(Datum) * Max(st.ntokens, 1));
	for (i = 0; i < st.ntokens; i++)
		elems[i] = PointerGetDatum(cstring_to_text_with_len(st.tokens[i].str, st.tokens[i].len));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, st.ntokens, TEXTOID, -1, false, TYPALIGN_INT));
}

/* Category id -> class index while training. */
typedef struct ClassSlot
{
	int32		category_id;	/* hash key */
	int			index;
} ClassSlot;

/* Save a trained model in the tables; returns its id. */
static int32
cuvr_save_model(CuvrClsModel *model, int32 *class_category, int ndocs, const CuvrClsParams *params)
{
	Oid			types[5];
	Datum		args[5];
	bool		isnull;
	int32		model_id;
	int			k;
	int			used = cuvr_cls_model_used_buckets(model);
	int			chunk = 2000;
	int32	   *buckets = palloc(sizeof(int32) * chunk);
	float4	   *idf = palloc(sizeof(float4) * chunk);
	float4	   *weights = palloc(sizeof(float4) * (size_t) chunk * model->n_classes);
	int			b,
				n = 0;
	char		paramtext[256];

	snprintf(paramtext, sizeof(paramtext),
			 "{\"c\": %g, \"max_iter\": %d, \"eps\": %g, \"min_df\": %d, \"balanced\": %s, \"seed\": %u}",
			 params->c, params->max_iter, params->eps, params->min_df,
			 params->balanced ? "true" : "false", params->seed);

	if (SPI_execute("UPDATE cuvr.classifier_model SET active = false WHERE active", false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "cuvr: could not retire the old classifier model");
	if (SPI_execute("DELETE FROM cuvr.classifier_model WHERE NOT active", false, 0) != SPI_OK_DELETE)
		elog(ERROR, "cuvr: could not delete old classifier models");

	types[0] = INT4OID;
	types[1] = INT4OID;
	types[2] = INT4OID;
	types[3] = FLOAT4OID;
	types[4] = JSONBOID;
	args[0] = Int32GetDatum(ndocs);
	args[1] = Int32GetDatum(model->n_classes);
	args[2] = Int32GetDatum(model->log2_buckets);
	args[3] = Float4GetDatum(model->temperature);
	args[4] = DirectFunctionCall1(jsonb_in, CStringGetDatum(paramtext));
	if (SPI_execute_with_args("INSERT INTO cuvr.classifier_model (documents, n_classes, log2_buckets, hash_version, "
							  "temperature, params, used_buckets, active) "
							  "VALUES ($1, $2, $3, " CppAsString2(CUVR_CLS_HASH_VERSION) ", $4, $5, 0, true) RETURNING id",
							  5, types, args, NULL, false, 0) != SPI_OK_INSERT_RETURNING)
		elog(ERROR, "cuvr: could not save the classifier model");
	model_id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));

	for (k = 0; k < model->n_classes; k++)
	{
		Oid			ct[4] = {INT4OID, INT4OID, INT4OID, FLOAT4OID};
		Datum		ca[4] = {Int32GetDatum(model_id), Int32GetDatum(k), Int32GetDatum(class_category[k]),
		Float4GetDatum(model->bias[k])};

		if (SPI_execute_with_args("INSERT INTO cuvr.classifier_class (model_id, class_index, category_id, bias) "
								  "VALUES ($1, $2, $3, $4)", 4, ct, ca, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "cuvr: could not save a classifier class");
	}

	/* Features in chunks: buckets, idf and the flattened weights of each. */
	for (b = 0; b <= model->n_buckets; b++)
	{
		if (b < model->n_buckets && model->idf[b] != 0)
		{
			buckets[n] = b;
			idf[n] = model->idf[b];
			memcpy(&weights[(size_t) n * model->n_classes], &model->weights[(size_t) b * model->n_classes],
				   sizeof(float4) * model->n_classes);
			n++;
		}
		if (n > 0 && (n == chunk || b == model->n_buckets))
		{
			Datum	   *bd = palloc(sizeof(Datum) * n);
			Datum	   *id = palloc(sizeof(Datum) * n);
			Datum	   *wd = palloc(sizeof(Datum) * (size_t) n * model->n_classes);
			Oid			ft[5] = {INT4OID, INT4ARRAYOID, FLOAT4ARRAYOID, FLOAT4ARRAYOID, INT4OID};
			Datum		fa[5];
			int			i;

			for (i = 0; i < n; i++)
			{
				bd[i] = Int32GetDatum(buckets[i]);
				id[i] = Float4GetDatum(idf[i]);
			}
			for (i = 0; i < n * model->n_classes; i++)
				wd[i] = Float4GetDatum(weights[i]);
			fa[0] = Int32GetDatum(model_id);
			fa[1] = PointerGetDatum(construct_array(bd, n, INT4OID, 4, true, TYPALIGN_INT));
			fa[2] = PointerGetDatum(construct_array(id, n, FLOAT4OID, 4, true, TYPALIGN_INT));
			fa[3] = PointerGetDatum(construct_array(wd, n * model->n_classes, FLOAT4OID, 4, true, TYPALIGN_INT));
			fa[4] = Int32GetDatum(model->n_classes);
			if (SPI_execute_with_args("INSERT INTO cuvr.classifier_feature (model_id, bucket, idf, weights) "
									  "SELECT $1, f.bucket, f.idf, $4[((f.ord - 1) * $5 + 1):(f.ord * $5)] "
									  "FROM unnest($2, $3) WITH ORDINALITY AS f(bucket, idf, ord)",
									  5, ft, fa, NULL, false, 0) != SPI_OK_INSERT)
				elog(ERROR, "cuvr: could not save classifier features");
			n = 0;
		}
	}
	{
		Oid			ut[2] = {INT4OID, INT4OID};
		Datum		ua[2] = {Int32GetDatum(used), Int32GetDatum(model_id)};

		SPI_execute_with_args("UPDATE cuvr.classifier_model SET used_buckets = $1 WHERE id = $2",
							  2, ut, ua, NULL, false, 0);
	}
	return model_id;
}

/*
 * The training set: appeals with a confirmed category, except those whose
 * text was erased with their applicant (cuvr.forget_applicant()).
 */
#define TRAINING_APPEALS_0_1 \
	"FROM cuvr.appeal a WHERE a.category_confirmed AND a.category_id IS NOT NULL"
#define TRAINING_APPEALS \
	TRAINING_APPEALS_0_1 " AND NOT EXISTS (SELECT 1 FROM cuvr.applicant p " \
	"WHERE p.region_code OPERATOR(pg_catalog.=) a.region_code " \
	"AND p.id OPERATOR(pg_catalog.=) a.applicant_id AND p.forgotten_at IS NOT NULL)"

/*
 * The training set for the installed catalog: this library also serves a
 * 0.1 catalog until ALTER EXTENSION cuvr UPDATE, and 0.1 has no erasure.
 */
static const char *
cuvr_training_appeals(void)
{
	Oid			applicant = get_relname_relid("applicant", get_namespace_oid("cuvr", false));

	if (OidIsValid(applicant) && get_attnum(applicant, "forgotten_at") != InvalidAttrNumber)
		return TRAINING_APPEALS;
	return TRAINING_APPEALS_0_1;
}

/*
 * cuvr.train_classifier() -> (model_id, documents, classes, features, seconds):
 * learns from every appeal whose category the source supplied or a person
 * confirmed, replaces the active model, and returns its figures.
 */
Datum
cuvr_train_classifier(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	CuvrClsTrainer *volatile trainer = NULL;
	CuvrClsModel *volatile model = NULL;
	CuvrClsParams params;
	HTAB	   *classes;
	HASHCTL		ctl;
	int32	   *class_category;
	int			nclasses = 0;
	volatile int ndocs = 0;
	volatile int32 model_id = 0;
	Portal		portal;
	struct timespec t0,
				t1;
	bool		isnull;
	uint64		i;
	MemoryContext per_batch;
	const char *training_appeals;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "cuvr: train_classifier() must return a record");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cuvr_classifier_setup();
	cuvr_cls_params_default(&params);

	SPI_connect();

	/* The classes: every category with confirmed appeals. */
	training_appeals = cuvr_training_appeals();
	if (SPI_execute(psprintf("SELECT DISTINCT a.category_id %s ORDER BY 1", training_appeals), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cuvr: could not read the training labels");
	if (SPI_processed < 2)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("not enough labelled appeals to train the classifier"),
				 errdetail_plural("Appeals with a confirmed category cover %d category; at least 2 are needed.",
								  "Appeals with a confirmed category cover %d categories; at least 2 are needed.",
								  (unsigned long) SPI_processed, (int) SPI_processed),
				 errhint("Register appeals with a category, or confirm categories with cuvr.reclassify().")));
	ctl.keysize = sizeof(int32);
	ctl.entrysize = sizeof(ClassSlot);
	ctl.hcxt = CurrentMemoryContext;
	classes = hash_create("cuvr training classes", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	class_category = palloc(sizeof(int32) * SPI_processed);
	for (i = 0; i < SPI_processed; i++)
	{
		int32		cat = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		ClassSlot  *slot = hash_search(classes, &cat, HASH_ENTER, NULL);

		slot->index = nclasses;
		class_category[nclasses++] = cat;
	}

	per_batch = AllocSetContextCreate(CurrentMemoryContext, "cuvr training batch", ALLOCSET_DEFAULT_SIZES);
	PG_TRY();
	{
		trainer = cuvr_cls_trainer_create(nclasses, 18);
		if (trainer == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory creating the classifier trainer")));
		portal = SPI_cursor_open_with_args(NULL,
										   psprintf("SELECT a.category_id, a.text %s ORDER BY a.region_code, a.id",
													training_appeals), 0, NULL, NULL, NULL, true, 0);
		for (;;)
		{
			SPI_cursor_fetch(portal, true, 1000);
			if (SPI_processed == 0)
				break;
			for (i = 0; i < SPI_processed; i++)
			{
				HeapTuple	t = SPI_tuptable->vals[i];
				int32		cat = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &isnull));
				text	   *body = DatumGetTextPP(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &isnull));
				ClassSlot  *slot = hash_search(classes, &cat, HASH_FIND, NULL);
				MemoryContext old = MemoryContextSwitchTo(per_batch);
				StemmedText st;

				cuvr_stem_text(VARDATA_ANY(body), VARSIZE_ANY_EXHDR(body), &st);
				if (slot != NULL && cuvr_cls_trainer_add(trainer, slot->index, st.tokens, st.ntokens) < 0)
					ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory adding a training document")));
				MemoryContextSwitchTo(old);
				MemoryContextReset(per_batch);
			}
			SPI_freetuptable(SPI_tuptable);
			CHECK_FOR_INTERRUPTS();
		}
		SPI_cursor_close(portal);
		ndocs = cuvr_cls_trainer_ndocs(trainer);
		model = cuvr_cls_train(trainer, &params);
		if (model == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory training the classifier")));
		model_id = cuvr_save_model(model, class_category, ndocs, &params);
		values[3] = Int32GetDatum(cuvr_cls_model_used_buckets(model));
	}
	PG_FINALLY();
	{
		if (trainer != NULL)
			cuvr_cls_trainer_destroy(trainer);
		if (model != NULL)
			cuvr_cls_model_free(model);
	}
	PG_END_TRY();
	SPI_finish();

	clock_gettime(CLOCK_MONOTONIC, &t1);
	values[0] = Int32GetDatum(model_id);
	values[1] = Int32GetDatum(ndocs);
	values[2] = Int32GetDatum(nclasses);
	values[4] = Float8GetDatum((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}
