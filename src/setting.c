/*
 * setting.c
 *		cuvr.setting_value(): settings read once per backend.
 *
 * The journal trigger and registration read settings for every row, so the
 * table is cached per backend in a hash and read again after cuvr.setting
 * changes (its cache_changed trigger sends a relcache invalidation).
 */
#include "compat.h"

#include "catalog/namespace.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "cuvr.h"

#define SETTING_NAME_LEN 64

typedef struct SettingEntry
{
	char		name[SETTING_NAME_LEN]; /* hash key */
	text	   *value;
} SettingEntry;

static HTAB *setting_cache = NULL;
static MemoryContext setting_context = NULL;
static const char *const setting_name = "setting";
static Oid	setting_relid = InvalidOid;
static bool callback_registered = false;
static CuvrCacheState setting_state = CUVR_CACHE_STATE_INIT;

/* Relcache callback: mark the cache stale when cuvr.setting changes. */
static void
cuvr_setting_relcache_callback(Datum arg, Oid relid)
{
	if (cuvr_relid_watched(relid, &setting_relid, 1))
		cuvr_cache_invalidated(&setting_state);
}

/* Load every setting (SPI, once per change). */
static void
cuvr_setting_load(void)
{
	HASHCTL		ctl;
	uint64		i;
	uint64		generation;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(cuvr_setting_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (setting_context == NULL)
		setting_context = AllocSetContextCreate(CacheMemoryContext, "cuvr settings", ALLOCSET_SMALL_SIZES);
	MemoryContextReset(setting_context);
	setting_cache = NULL;
	cuvr_watch_relids(&setting_name, 1, &setting_relid);

	ctl.keysize = SETTING_NAME_LEN;
	ctl.entrysize = sizeof(SettingEntry);
	ctl.hcxt = setting_context;
	setting_cache = hash_create("cuvr settings", 32, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);

	SPI_connect();
	generation = cuvr_cache_load_begin(&setting_state);
	if (SPI_execute("SELECT name, value FROM cuvr.setting", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "cuvr: could not read cuvr.setting");
	for (i = 0; i < SPI_processed; i++)
	{
		char	   *name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		char	   *value = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		SettingEntry *entry;

		if (name == NULL || strlen(name) >= SETTING_NAME_LEN)
			continue;
		entry = hash_search(setting_cache, name, HASH_ENTER, NULL);
		entry->value = (text *) MemoryContextAlloc(setting_context, VARHDRSZ + strlen(value));
		SET_VARSIZE(entry->value, VARHDRSZ + strlen(value));
		memcpy(VARDATA(entry->value), value, strlen(value));
	}
	cuvr_cache_load_end(&setting_state, generation);
	SPI_finish();
}

/* A setting's value for C callers (palloc'd), or NULL when unknown. */
char *
cuvr_setting_get(const char *name)
{
	SettingEntry *entry = NULL;

	if (setting_cache == NULL || setting_state.stale)
		cuvr_setting_load();
	if (strlen(name) < SETTING_NAME_LEN)
		entry = hash_search(setting_cache, name, HASH_FIND, NULL);
	return entry == NULL ? NULL : text_to_cstring(entry->value);
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_setting_value);

/* cuvr.setting_value(name): the value of a setting; unknown names raise. */
Datum
cuvr_setting_value(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	SettingEntry *entry = NULL;

	if (setting_cache == NULL || setting_state.stale)
		cuvr_setting_load();
	if (strlen(name) < SETTING_NAME_LEN)
		entry = hash_search(setting_cache, name, HASH_FIND, NULL);
	if (entry == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("unknown cuvr setting \"%s\"", name),
				 errhint("The settings are listed in table cuvr.setting.")));
	PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(entry->value)));
}
