/*
 * register.c
 *		cuvr.register_appeal(payload jsonb): registration of an appeal.
 *
 * Every appeal, from cuvr.intake's COPY or from a call, is registered here:
 * the payload is checked key by key, the applicant found or created, the
 * appeal classified, routed and given its deadlines, and inserted; the
 * journal and KPI triggers fire on the INSERT.  As PL/pgSQL this cost about
 * 350 us an appeal beyond its statements (twenty interpreted lookups and
 * some forty helper calls).  In C the checks run on the jsonb directly, the
 * classifier, router, signature and deadline policies are called without
 * SQL, and each lookup is a statement prepared once per backend.
 *
 * The checks, their order and their errors are those of the PL/pgSQL
 * version: sql/register.sql and test/pgtap/hostile_*.sql hold them.
 */
#include "compat.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/supportnodes.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/resowner.h"
#include "utils/timestamp.h"
#include "utils/varlena.h"

#include "cuvr.h"
#include "codes.h"

#define PAYLOAD_HINT "Send {\"source\": ..., \"external_id\": ..., \"region\": ..., \"channel\": ..., \"text\": ...}."
#define REGION_HINT "Send the subject code, for example 71 for Tula."
#define CHANNEL_HINT "The channels are listed in cuvr.channel."

/* The statements of registration, each prepared once per backend. */
typedef enum
{
	REG_EXISTING,
	REG_REGION,
	REG_CHANNEL,
	REG_KIND,
	REG_CATEGORY,
	REG_BODY,
	REG_FIND_ESIA,
	REG_FIND_EMAIL,
	REG_FIND_PHONE,
	REG_FILL_APPLICANT,
	REG_NEW_APPLICANT,
	REG_DROP_APPLICANT,
	REG_CATEGORY_TOK,
	REG_REPEAT,
	REG_COORDINATOR,
	REG_NEXT_SEQ,
	REG_INSERT,
	REG_ATTACH,
	REG_NSTATEMENTS
} RegStatement;

typedef struct RegPlanDef
{
	const char *sql;
	int			nargs;
	Oid			types[32];
} RegPlanDef;

static const RegPlanDef reg_plan_defs[REG_NSTATEMENTS] = {
	[REG_EXISTING] = {"SELECT a.id FROM cuvr.appeal AS a WHERE a.source = $1 AND a.external_id = $2",
	2, {TEXTOID, TEXTOID}},
	[REG_REGION] = {"SELECT r.tz FROM cuvr.region AS r WHERE r.code = $1 AND r.active", 1, {INT2OID}},
	[REG_CHANNEL] = {"SELECT 1 FROM cuvr.channel AS c WHERE c.code = $1", 1, {TEXTOID}},
	[REG_KIND] = {"SELECT 1 FROM cuvr.appeal_kind AS k WHERE k.code = $1", 1, {TEXTOID}},
	[REG_CATEGORY] = {"SELECT c.id FROM cuvr.category AS c WHERE c.code = $1 AND c.active", 1, {TEXTOID}},
	[REG_BODY] = {"SELECT 1 FROM cuvr.body AS b WHERE b.id = $1", 1, {INT4OID}},
	/* A returning applicant is recognised by ESIA id, then e-mail, then phone. */
	[REG_FIND_ESIA] = {"SELECT a.id FROM cuvr.applicant AS a WHERE a.region_code = $1 AND a.esia_id = $2 "
	"ORDER BY a.id LIMIT 1", 2, {INT2OID, TEXTOID}},
	[REG_FIND_EMAIL] = {"SELECT a.id FROM cuvr.applicant AS a WHERE a.region_code = $1 AND a.email = $2 "
	"ORDER BY a.id LIMIT 1", 2, {INT2OID, TEXTOID}},
	[REG_FIND_PHONE] = {"SELECT a.id FROM cuvr.applicant AS a WHERE a.region_code = $1 AND a.phone = $2 "
	"ORDER BY a.id LIMIT 1", 2, {INT2OID, TEXTOID}},
	[REG_FILL_APPLICANT] = {"UPDATE cuvr.applicant AS a SET name = coalesce(a.name, $3), email = coalesce(a.email, $4), "
		"phone = coalesce(a.phone, $5), esia_id = coalesce(a.esia_id, $6) "
		"WHERE a.region_code = $1 AND a.id = $2 "
		"AND (a.name IS NULL AND $3 IS NOT NULL OR a.email IS NULL AND $4 IS NOT NULL "
		"OR a.phone IS NULL AND $5 IS NOT NULL OR a.esia_id IS NULL AND $6 IS NOT NULL)",
	6, {INT2OID, INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID}},
	[REG_NEW_APPLICANT] = {"INSERT INTO cuvr.applicant (region_code, id, name, email, phone, esia_id) "
		"VALUES ($1, pg_catalog.nextval('cuvr.applicant_id_seq'), $2, $3, $4, $5) RETURNING id",
	5, {INT2OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID}},
	[REG_DROP_APPLICANT] = {"DELETE FROM cuvr.applicant AS p WHERE p.region_code = $1 AND p.id = $2",
	2, {INT2OID, INT8OID}},
	[REG_CATEGORY_TOK] = {"SELECT c.tok::text FROM cuvr.category AS c WHERE c.id = $1", 1, {INT4OID}},

	/*
	 * A repeat appeal (повторное): two index probes (appeal_applicant,
	 * appeal_applicant_tok), the latest of the two.
	 */
	[REG_REPEAT] = {"SELECT r.id FROM ("
		"(SELECT a.id, a.registered_at FROM cuvr.appeal AS a "
		"  WHERE a.region_code = $1 AND a.applicant_id = $2 AND a.category_id = $3 "
		"    AND a.registered_at >= pg_catalog.now() - $5::interval "
		"  ORDER BY a.registered_at DESC, a.id DESC LIMIT 1) "
		"UNION ALL "
		"(SELECT a.id, a.registered_at FROM cuvr.appeal AS a "
		"  WHERE a.region_code = $1 AND a.applicant_id = $2 AND a.tok OPERATOR(cuvr.=) $4::cuvr.tok_code "
		"    AND a.registered_at >= pg_catalog.now() - $5::interval "
		"  ORDER BY a.registered_at DESC, a.id DESC LIMIT 1)) AS r "
		"ORDER BY r.registered_at DESC, r.id DESC LIMIT 1",
	5, {INT2OID, INT8OID, INT4OID, TEXTOID, TEXTOID}},
	/* At most one row: body_one_coordinator_per_region. */
	[REG_COORDINATOR] = {"SELECT b.id FROM cuvr.body AS b WHERE b.region_code = $1 AND b.coordinator",
	1, {INT2OID}},
	[REG_NEXT_SEQ] = {"SELECT pg_catalog.nextval('cuvr.appeal_seq')", 0, {InvalidOid}},
	[REG_INSERT] = {"INSERT INTO cuvr.appeal AS a "
		"(region_code, id, reg_number, source, external_id, channel, kind, status, body_id, "
		" category_id, category_confirmed, category_confidence, classified_by, accused_body_id, repeat_of, signature, "
		" applicant_id, subject, text, address, territory, lat, lon, "
		" expedited, tok, received_at, due_at, due_at_supplied, due_estimated, term_started_at, "
		" first_response_due_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
		"        $21::cuvr.oktmo, $22, $23, $24, $25::cuvr.tok_code, $26, $27, $28, $29, pg_catalog.now(), $30) "
		"ON CONFLICT (source, external_id) DO NOTHING RETURNING a.id",
		30, {INT2OID, INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT4OID,
			INT4OID, BOOLOID, FLOAT8OID, TEXTOID, INT4OID, INT8OID, INT8OID,
			INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, FLOAT8OID, FLOAT8OID,
	BOOLOID, TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID, BOOLOID, BOOLOID, TIMESTAMPTZOID}},
	[REG_ATTACH] = {"SELECT cuvr.attach_problem($1, $2)", 2, {INT2OID, INT8OID}},
};

static SPIPlanPtr reg_plans[REG_NSTATEMENTS];

/* The keys of a payload, as the error for an unknown key lists them. */
static const char *const appeal_keys[] = {"source", "external_id", "region", "channel", "kind", "text",
	"subject", "received_at", "territory", "address", "lat", "lon", "expedited", "category", "tok",
"due_at", "applicant", "accused_body", NULL};
static const char *const applicant_keys[] = {"name", "email", "phone", "esia_id", NULL};

/*
 * Run statement "which" with its arguments (nulls as SPI takes them), and
 * fail clearly if it does not do what it must.
 */
static void
reg_exec(RegStatement which, Datum *values, const char *nulls, int expect)
{
	const RegPlanDef *def = &reg_plan_defs[which];
	int			rc;

	if (reg_plans[which] == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(def->sql, def->nargs, (Oid *) def->types);

		if (plan == NULL)
			elog(ERROR, "cuvr: registration statement could not be prepared (%s): %s",
				 SPI_result_code_string(SPI_result), def->sql);
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "cuvr: registration statement could not be kept: %s", def->sql);
		reg_plans[which] = plan;
	}
	rc = SPI_execute_plan(reg_plans[which], values, nulls, false, 0);
	if (rc != expect)
		elog(ERROR, "cuvr: registration statement failed (%s): %s", SPI_result_code_string(rc), def->sql);
}

/* The first column of the first row of the last statement; false when there is no row or it is NULL. */
static bool
reg_first(Datum *value)
{
	bool		isnull;

	if (SPI_processed < 1)
		return false;
	*value = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return !isnull;
}

/* A text argument, or NULL (nulls[i] set accordingly). */
static Datum
reg_text_arg(const char *value, char *nulls, int i)
{
	nulls[i] = value ? ' ' : 'n';
	return value ? CStringGetTextDatum(value) : (Datum) 0;
}

/* A setting's value; an unknown name is an error, as in cuvr.setting_value(). */
static char *
reg_setting(const char *name)
{
	char	   *value = cuvr_setting_get(name);

	if (value == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("unknown cuvr setting \"%s\"", name),
				 errhint("The settings are listed in table cuvr.setting.")));
	return value;
}

/* A boolean setting, cast as SQL casts text to boolean. */
static bool
reg_setting_bool(const char *name)
{
	return DatumGetBool(DirectFunctionCall1(boolin, CStringGetDatum(reg_setting(name))));
}

/* ----------------------------------------------------------------
 *		Payload keys
 * ----------------------------------------------------------------
 */

/* The value of key in a jsonb object, or NULL when absent. */
static JsonbValue *
reg_key(JsonbContainer *object, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = strlen(key);
	return findJsonbValueFromContainer(object, JB_FOBJECT, &k);
}

/* The jsonb_typeof() name of a value. */
static const char *
reg_json_type(const JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			return "null";
		case jbvString:
			return "string";
		case jbvNumeric:
			return "number";
		case jbvBool:
			return "boolean";
		case jbvBinary:
			return JsonContainerIsObject(v->val.binary.data) ? "object" : "array";
		default:
			return "unknown";
	}
}

/* A blank as payload values are trimmed of. */
static inline bool
reg_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * A string-valued key, trimmed; NULL when absent, JSON null or blank.
 * Numbers and booleans are taken as their text; objects and arrays are
 * refused, and so is a value longer than max_length characters.
 */
static char *
reg_payload_text(JsonbContainer *object, const char *key, int max_length)
{
	JsonbValue *v = reg_key(object, key);
	const char *start;
	int			len;
	int			chars;

	if (v == NULL || v->type == jbvNull)
		return NULL;
	switch (v->type)
	{
		case jbvString:
			start = v->val.string.val;
			len = v->val.string.len;
			break;
		case jbvNumeric:
			start = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
			len = strlen(start);
			break;
		case jbvBool:
			start = v->val.boolean ? "true" : "false";
			len = strlen(start);
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("payload key \"%s\" must be a string, not a JSON %s", key, reg_json_type(v))));
			return NULL;		/* keep compiler quiet */
	}
	while (len > 0 && reg_blank(start[0]))
	{
		start++;
		len--;
	}
	while (len > 0 && reg_blank(start[len - 1]))
		len--;
	if (len == 0)
		return NULL;
	chars = pg_mbstrlen_with_len(start, len);
	if (chars > max_length)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("payload key \"%s\" is too long", key),
				 errdetail("It has %d characters; at most %d are allowed.", chars, max_length)));
	return pnstrdup(start, len);
}

/* Whether s is 1 to max_digits ASCII digits. */
static bool
reg_all_digits(const char *s, int max_digits)
{
	int			n = 0;

	for (; *s; s++, n++)
		if (*s < '0' || *s > '9')
			return false;
	return n >= 1 && n <= max_digits;
}

/* Whether s is a plain decimal number: [-+]digits[.digits][e[-+]digits]. */
static bool
reg_is_number(const char *s)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.')
	{
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E')
	{
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/*
 * A timestamp-valued key; false when absent.  The text is read as
 * timestamptz input reads it, in a subtransaction: its errors (some raised
 * directly, such as an unknown time zone name) become one error that names
 * the key.
 */
static bool
reg_payload_timestamptz(JsonbContainer *object, const char *key, TimestampTz *result)
{
	char	   *value = reg_payload_text(object, key, 64);
	MemoryContext context = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	TimestampTz ts = 0;
	int			failed = 0;
	TimestampTz low;

	if (value == NULL)
		return false;
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(context);
	PG_TRY();
	{
		ts = DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in, CStringGetDatum(value),
													 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(context);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(context);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(context);
		CurrentResourceOwner = owner;
		if (edata->sqlerrcode != ERRCODE_INVALID_DATETIME_FORMAT &&
			edata->sqlerrcode != ERRCODE_DATETIME_FIELD_OVERFLOW &&
			edata->sqlerrcode != ERRCODE_INVALID_PARAMETER_VALUE)
			ReThrowError(edata);
		failed = 1;
	}
	PG_END_TRY();
	if (failed)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("payload key \"%s\" is not a valid timestamp: \"%s\"", key, value),
				 errhint("Use ISO 8601 with a time zone offset, for example 2026-03-01T09:30:00+03:00.")));

	/* 2000-01-01 00:00+00 is PostgreSQL's epoch: 0. */
	low = 0;
	if (TIMESTAMP_NOT_FINITE(ts) || ts < low ||
		ts > DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval,
													 TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()),
													 DirectFunctionCall3(interval_in, CStringGetDatum("1 year"),
																		 ObjectIdGetDatum(InvalidOid),
																		 Int32GetDatum(-1)))))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("payload key \"%s\" is out of range: \"%s\"", key, value),
				 errdetail("Timestamps must lie between 2000-01-01 and one year from now.")));
	*result = ts;
	return true;
}

/* A number as an error message shows it: whole up to 64 characters, else its start. */
static char *
reg_number_shown(const char *value)
{
	if (strlen(value) <= 64)
		return (char *) value;
	return psprintf("%.16s...", value);
}

/*
 * A number-valued key within [low, high]; false when absent.  A JSON
 * number is checked as a number however many digits it has (1e400 is out
 * of range, not too long); a string must be a plain decimal number.
 */
static bool
reg_payload_float(JsonbContainer *object, const char *key, double low, double high, double *result)
{
	JsonbValue *raw = reg_key(object, key);
	char	   *value;
	Datum		number;
	double		d;
	char	   *end;

	if (raw != NULL && raw->type == jbvNumeric)
	{
		number = NumericGetDatum(raw->val.numeric);
		value = DatumGetCString(DirectFunctionCall1(numeric_out, number));
	}
	else
	{
		value = reg_payload_text(object, key, 64);
		if (value == NULL)
			return false;
		if (!reg_is_number(value))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("payload key \"%s\" is not a number: \"%s\"", key, value)));
		number = DirectFunctionCall3(numeric_in, CStringGetDatum(value),
									 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	}
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, number,
										  DirectFunctionCall1(float8_numeric, Float8GetDatum(low)))) < 0 ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, number,
										  DirectFunctionCall1(float8_numeric, Float8GetDatum(high)))) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("payload key \"%s\" is out of range: %s", key, reg_number_shown(value)),
				 errdetail("It must lie between %s and %s.",
						   DatumGetCString(DirectFunctionCall1(float8out, Float8GetDatum(low))),
						   DatumGetCString(DirectFunctionCall1(float8out, Float8GetDatum(high))))));

	/* As numeric to double precision converts: underflow to zero is an error. */
	{
		char	   *text = DatumGetCString(DirectFunctionCall1(numeric_out, number));

		errno = 0;
		d = strtod(text, &end);
		if (errno == ERANGE && (d == 0.0 || isinf(d)))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("payload key \"%s\" is out of range: %s", key, reg_number_shown(value)),
					 errdetail("It is too close to zero for a double precision number; send 0 instead.")));
	}
	*result = d;
	return true;
}

/* Compare two C strings as ORDER BY text compares them (the database's collation). */
static int
reg_key_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *) a;
	const char *y = *(const char *const *) b;

	return varstr_cmp(x, strlen(x), y, strlen(y), DEFAULT_COLLATION_OID);
}

/* The keys of object not among known, sorted and joined by ", "; NULL when none. */
static char *
reg_unknown_keys(JsonbContainer *object, const char *const *known)
{
	JsonbIterator *it = JsonbIteratorInit(object);
	JsonbValue	v;
	JsonbIteratorToken token;
	char	  **unknown = NULL;
	int			n = 0,
				allocated = 0;
	StringInfoData buf;
	int			i;

	while ((token = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		const char *const *k;
		bool		found = false;

		if (token != WJB_KEY)
			continue;
		for (k = known; *k != NULL; k++)
			if (strlen(*k) == (size_t) v.val.string.len && memcmp(*k, v.val.string.val, v.val.string.len) == 0)
			{
				found = true;
				break;
			}
		if (found)
			continue;
		if (n == allocated)
		{
			allocated = allocated ? allocated * 2 : 8;
			unknown = unknown ? repalloc(unknown, sizeof(char *) * allocated) : palloc(sizeof(char *) * allocated);
		}
		unknown[n++] = pnstrdup(v.val.string.val, v.val.string.len);
	}
	if (n == 0)
		return NULL;
	qsort(unknown, n, sizeof(char *), reg_key_cmp);
	initStringInfo(&buf);
	for (i = 0; i < n; i++)
		appendStringInfo(&buf, "%s%s", i ? ", " : "", unknown[i]);
	return buf.data;
}

/* known joined by ", ". */
static char *
reg_join(const char *const *known)
{
	StringInfoData buf;
	const char *const *k;

	initStringInfo(&buf);
	for (k = known; *k != NULL; k++)
		appendStringInfo(&buf, "%s%s", k == known ? "" : ", ", *k);
	return buf.data;
}

/* ----------------------------------------------------------------
 *		The applicant
 * ----------------------------------------------------------------
 */

/* Whether text matches a regular expression, as ~ matches it. */
static bool
reg_matches(const char *value, const char *pattern)
{
	return DatumGetBool(DirectFunctionCall2Coll(textregexeq, DEFAULT_COLLATION_OID,
												CStringGetTextDatum(value), CStringGetTextDatum(pattern)));
}

/*
 * Validate the applicant object of a payload and find or create the
 * applicant; false for an anonymous appeal.  *created tells whether the
 * row was created now.
 */
static bool
reg_resolve_applicant(int16 region, JsonbContainer *payload, int64 *applicant_id, bool *created)
{
	JsonbValue *person = reg_key(payload, "applicant");
	JsonbContainer *object;
	char	   *unknown;
	char	   *name,
			   *email,
			   *phone,
			   *esia;
	Datum		values[6];
	char		nulls[6];
	Datum		id;
	RegStatement find;
	const char *key;

	*created = false;
	if (person == NULL || person->type == jbvNull)
		return false;
	if (person->type != jbvBinary || !JsonContainerIsObject(person->val.binary.data))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("payload key \"applicant\" must be a JSON object"),
				 errhint("Send {\"name\": ..., \"email\": ..., \"phone\": ..., \"esia_id\": ...}.")));
	object = person->val.binary.data;
	unknown = reg_unknown_keys(object, applicant_keys);
	if (unknown != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown key in payload \"applicant\": %s", unknown),
				 errdetail("The applicant keys are name, email, phone and esia_id.")));
	name = reg_payload_text(object, "name", 500);
	email = reg_payload_text(object, "email", 320);
	if (email != NULL)
		email = TextDatumGetCString(DirectFunctionCall1Coll(lower, DEFAULT_COLLATION_OID, CStringGetTextDatum(email)));
	phone = reg_payload_text(object, "phone", 64);
	esia = reg_payload_text(object, "esia_id", 64);
	if (email != NULL && !reg_matches(email, "^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$"))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("applicant e-mail is not valid: \"%s\"", email)));
	if (phone != NULL)
	{
		const char *p = phone;
		bool		valid = true;
		StringInfoData digits;

		initStringInfo(&digits);
		if (*p == '+')
			p++;
		if (*p == '\0')
			valid = false;
		for (; *p; p++)
			if (!((*p >= '0' && *p <= '9') || *p == ' ' || *p == '(' || *p == ')' || *p == '-'))
				valid = false;
		/* The digits of the whole value, as regexp_replace(phone, '[^0-9]', '', 'g'). */
		for (p = phone; *p; p++)
			if (*p >= '0' && *p <= '9')
				appendStringInfoChar(&digits, *p);
		if (!valid || digits.len < 10 || digits.len > 15)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("applicant phone is not valid: \"%s\"", phone),
					 errhint("Send 10 to 15 digits, for example +7 912 345-67-89.")));
		/* Russian numbers: 8XXXXXXXXXX and bare 10 digits mean +7. */
		if (digits.len == 11 && digits.data[0] == '8' && phone[0] != '+')
			phone = psprintf("+7%s", digits.data + 1);
		else if (digits.len == 10)
			phone = psprintf("+7%s", digits.data);
		else
			phone = psprintf("+%s", digits.data);
	}
	if (name == NULL && email == NULL && phone == NULL && esia == NULL)
		return false;

	find = esia ? REG_FIND_ESIA : email ? REG_FIND_EMAIL : phone ? REG_FIND_PHONE : REG_NSTATEMENTS;
	key = esia ? esia : email ? email : phone;
	if (find != REG_NSTATEMENTS)
	{
		values[0] = Int16GetDatum(region);
		values[1] = CStringGetTextDatum(key);
		reg_exec(find, values, NULL, SPI_OK_SELECT);
		if (reg_first(&id))
		{
			*applicant_id = DatumGetInt64(id);
			values[0] = Int16GetDatum(region);
			values[1] = id;
			nulls[0] = nulls[1] = ' ';
			values[2] = reg_text_arg(name, nulls, 2);
			values[3] = reg_text_arg(email, nulls, 3);
			values[4] = reg_text_arg(phone, nulls, 4);
			values[5] = reg_text_arg(esia, nulls, 5);
			reg_exec(REG_FILL_APPLICANT, values, nulls, SPI_OK_UPDATE);
			return true;
		}
	}
	values[0] = Int16GetDatum(region);
	nulls[0] = ' ';
	values[1] = reg_text_arg(name, nulls, 1);
	values[2] = reg_text_arg(email, nulls, 2);
	values[3] = reg_text_arg(phone, nulls, 3);
	values[4] = reg_text_arg(esia, nulls, 4);
	reg_exec(REG_NEW_APPLICANT, values, nulls, SPI_OK_INSERT_RETURNING);
	if (!reg_first(&id))
		elog(ERROR, "cuvr: the new applicant has no id");
	*applicant_id = DatumGetInt64(id);
	*created = true;
	return true;
}

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_register_appeal);

/*
 * cuvr.register_appeal(payload jsonb) -> bigint: registers an appeal and
 * returns its id; idempotent on (source, external_id).
 */
Datum
cuvr_register_appeal(PG_FUNCTION_ARGS)
{
	Jsonb	   *payload;
	JsonbContainer *object;
	char	   *unknown;
	char	   *source,
			   *external_id,
			   *region_text,
			   *tz,
			   *channel,
			   *kind,
			   *text_value,
			   *territory_text,
			   *expedited_text,
			   *category_code,
			   *tok_text,
			   *accused_text,
			   *subject,
			   *address;
	int16		region;
	TimestampTz now = GetCurrentTransactionStartTimestamp();
	TimestampTz received;
	TimestampTz due = 0;
	bool		has_due;
	TimestampTz due_calc = 0;
	bool		has_due_calc;
	bool		estimated = false;
	TimestampTz first_response = 0;
	bool		has_first_response;
	bool		first_estimated;
	CuvrOktmo	territory;
	CuvrTok		tok;
	bool		expedited = false;
	int32		category_id = 0;
	bool		category_confirmed = false;
	double		confidence = 0;
	const char *classified_by = NULL;
	int32		accused = 0;
	double		lat = 0,
				lon = 0;
	bool		has_lat,
				has_lon;
	int64		applicant_id = 0;
	bool		has_applicant,
				applicant_created;
	int32		body = 0,
				coordinator = 0;
	int64		repeat_of = 0;
	int64		signature = 0;
	bool		has_signature = false;
	int64		seq,
				id;
	int			node;
	char		number[64];
	Datum		values[30];
	char		nulls[30];
	Datum		result;
	bool		registered;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("appeal payload must not be null"),
				 errhint(PAYLOAD_HINT)));
	payload = PG_GETARG_JSONB_P(0);
	if (!JB_ROOT_IS_OBJECT(payload))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("appeal payload must be a JSON object"),
				 errhint(PAYLOAD_HINT)));
	object = &payload->root;
	unknown = reg_unknown_keys(object, appeal_keys);
	if (unknown != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown key in appeal payload: %s", unknown),
				 errdetail("The keys are %s.", reg_join(appeal_keys))));

	SPI_connect();

	/* Idempotency: (source, external_id) names the appeal for good. */
	source = reg_payload_text(object, "source", 64);
	external_id = reg_payload_text(object, "external_id", 256);
	if (source == NULL || external_id == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("appeal payload needs \"source\" and \"external_id\""),
				 errdetail("Together they identify the appeal, so that sending it again never registers a duplicate.")));
	values[0] = CStringGetTextDatum(source);
	values[1] = CStringGetTextDatum(external_id);
	reg_exec(REG_EXISTING, values, NULL, SPI_OK_SELECT);
	if (reg_first(&result))
	{
		int64		existing = DatumGetInt64(result);	/* before SPI_finish frees it */

		SPI_finish();
		PG_RETURN_INT64(existing);
	}

	region_text = reg_payload_text(object, "region", 8);
	if (region_text == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("appeal payload needs \"region\""),
				 errhint(REGION_HINT)));
	if (!reg_all_digits(region_text, 2))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("payload key \"region\" is not a region code: \"%s\"", region_text),
				 errhint(REGION_HINT)));
	region = (int16) atoi(region_text);
	values[0] = Int16GetDatum(region);
	reg_exec(REG_REGION, values, NULL, SPI_OK_SELECT);
	if (!reg_first(&result))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown region %d", region),
				 errdetail("The region is not in cuvr.region or is not active.")));
	tz = TextDatumGetCString(result);

	channel = reg_payload_text(object, "channel", 64);
	if (channel == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("appeal payload needs \"channel\""),
				 errhint(CHANNEL_HINT)));
	values[0] = CStringGetTextDatum(channel);
	reg_exec(REG_CHANNEL, values, NULL, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown channel \"%s\"", channel),
				 errhint(CHANNEL_HINT)));
	kind = reg_payload_text(object, "kind", 64);
	if (kind == NULL)
		kind = "appeal";
	values[0] = CStringGetTextDatum(kind);
	reg_exec(REG_KIND, values, NULL, SPI_OK_SELECT);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown kind of appeal \"%s\"", kind),
				 errhint("The kinds are listed in cuvr.appeal_kind.")));

	text_value = reg_payload_text(object, "text",
								  DatumGetInt32(DirectFunctionCall1(int4in, CStringGetDatum(reg_setting("max_text_length")))));
	if (text_value == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("appeal payload needs a non-empty \"text\"")));

	if (!reg_payload_timestamptz(object, "received_at", &received))
		received = now;
	if (received > now + 5 * USECS_PER_MINUTE)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("payload key \"received_at\" is in the future: %s",
						DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(received)))),
				 errhint("Check the clock and the time zone offset of the source system.")));

	territory_text = reg_payload_text(object, "territory", 64);
	if (territory_text != NULL)
	{
		CuvrCodeErrorInfo info;

		if (cuvr_oktmo_parse(territory_text, strlen(territory_text), &territory, &info) != CUVR_CODE_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("payload key \"territory\" is not an OKTMO code: \"%s\"", territory_text),
					 errdetail("%s", cuvr_code_error_detail_text(CUVR_CODE_KIND_OKTMO, &info)),
					 errhint("An OKTMO code has 8 or 11 digits, for example 70701000.")));
	}

	expedited_text = reg_payload_text(object, "expedited", 8);
	if (expedited_text != NULL)
	{
		static const char *const booleans[] = {"true", "false", "t", "f", "1", "0", "yes", "no", NULL};
		const char *const *b;
		bool		known = false;

		expedited_text = TextDatumGetCString(DirectFunctionCall1Coll(lower, DEFAULT_COLLATION_OID,
																	 CStringGetTextDatum(expedited_text)));
		for (b = booleans; *b != NULL; b++)
			if (strcmp(*b, expedited_text) == 0)
				known = true;
		if (!known)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("payload key \"expedited\" is not a boolean: \"%s\"", expedited_text)));
		expedited = DatumGetBool(DirectFunctionCall1(boolin, CStringGetDatum(expedited_text)));
	}

	category_code = reg_payload_text(object, "category", 128);
	if (category_code != NULL)
	{
		values[0] = CStringGetTextDatum(category_code);
		reg_exec(REG_CATEGORY, values, NULL, SPI_OK_SELECT);
		if (!reg_first(&result))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown category \"%s\"", category_code),
					 errhint("The categories are listed in cuvr.category (column code).")));
		category_id = DatumGetInt32(result);
		category_confirmed = true;
		confidence = 1;
		classified_by = "source";
	}

	tok_text = reg_payload_text(object, "tok", 64);
	if (tok_text != NULL)
	{
		CuvrCodeErrorInfo info;

		if (cuvr_tok_parse(tok_text, strlen(tok_text), &tok, &info) != CUVR_CODE_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("payload key \"tok\" is not a ТОК code: \"%s\"", tok_text),
					 errdetail("%s", cuvr_code_error_detail_text(CUVR_CODE_KIND_TOK, &info)),
					 errhint("A ТОК code is 1 to 5 dot-separated blocks of 4 digits, for example 0005.0005.0056.1160.")));
	}

	accused_text = reg_payload_text(object, "accused_body", 12);
	if (accused_text != NULL)
	{
		if (!reg_all_digits(accused_text, 9))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("payload key \"accused_body\" is not a body id: \"%s\"", accused_text)));
		accused = atoi(accused_text);
		values[0] = Int32GetDatum(accused);
		reg_exec(REG_BODY, values, NULL, SPI_OK_SELECT);
		if (SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown body %d in payload key \"accused_body\"", accused),
					 errhint("The bodies are listed in cuvr.body.")));
	}

	has_lat = reg_payload_float(object, "lat", -90, 90, &lat);
	has_lon = reg_payload_float(object, "lon", -180, 180, &lon);

	has_due = reg_payload_timestamptz(object, "due_at", &due);
	if (has_due && due <= received)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("payload key \"due_at\" is not after \"received_at\"")));

	has_applicant = reg_resolve_applicant(region, object, &applicant_id, &applicant_created);

	/* Classify what the source left unclassified; route what is certain. */
	if (category_id == 0 && reg_setting_bool("classifier_enabled"))
	{
		(void) cuvr_guess(cstring_to_text(text_value), &category_id, &confidence, &classified_by);
	}
	if (tok_text == NULL && category_id != 0)
	{
		values[0] = Int32GetDatum(category_id);
		reg_exec(REG_CATEGORY_TOK, values, NULL, SPI_OK_SELECT);
		if (reg_first(&result))
			tok_text = TextDatumGetCString(result);
	}
	if (category_id != 0 &&
		confidence >= DatumGetFloat8(DirectFunctionCall1(float8in, CStringGetDatum(reg_setting("triage_confidence")))))
		body = cuvr_route_body(region, category_id, territory_text ? &territory : NULL, channel, accused);
	/* Uncertain or unrouted appeals wait in triage at the region's ЦУР. */
	if (body == 0)
	{
		values[0] = Int16GetDatum(region);
		reg_exec(REG_COORDINATOR, values, NULL, SPI_OK_SELECT);
		if (reg_first(&result))
			coordinator = DatumGetInt32(result);
		if (coordinator == accused)
			coordinator = 0;
	}

	/*
	 * A repeat appeal (повторное): the same applicant, the same category or
	 * ТОК code, within repeat_window.
	 */
	if (has_applicant && (category_id != 0 || tok_text != NULL))
	{
		values[0] = Int16GetDatum(region);
		values[1] = Int64GetDatum(applicant_id);
		nulls[0] = nulls[1] = ' ';
		nulls[2] = category_id != 0 ? ' ' : 'n';
		values[2] = Int32GetDatum(category_id);
		values[3] = reg_text_arg(tok_text, nulls, 3);
		values[4] = CStringGetTextDatum(reg_setting("repeat_window"));
		nulls[4] = ' ';
		reg_exec(REG_REPEAT, values, nulls, SPI_OK_SELECT);
		if (reg_first(&result))
			repeat_of = DatumGetInt64(result);
	}

	if (reg_setting_bool("mass_detection"))
		has_signature = cuvr_signature_of(cstring_to_text(text_value), &signature);

	/* The answer term runs from registration (ГК ст. 191: from the next day). */
	has_due_calc = cuvr_step_due("answer", region, kind, channel, expedited ? 1 : 0, now, &due_calc, &estimated);
	has_first_response = cuvr_step_due("first_response", region, kind, channel, expedited ? 1 : 0, now,
									   &first_response, &first_estimated);

	node = DatumGetInt32(DirectFunctionCall1(int4in, CStringGetDatum(reg_setting("node_id"))));
	reg_exec(REG_NEXT_SEQ, NULL, NULL, SPI_OK_SELECT);
	if (!reg_first(&result))
		elog(ERROR, "cuvr: cuvr.appeal_seq gave no value");
	seq = DatumGetInt64(result);
	id = (int64) region * INT64CONST(1000000000000000) + (int64) node * INT64CONST(1000000000000) + seq;
	{
		Timestamp	local = DatumGetTimestamp(DirectFunctionCall2(timestamptz_zone, CStringGetTextDatum(tz),
																  TimestampTzGetDatum(now)));
		struct pg_tm tm;
		fsec_t		fsec;
		char		serial[32];
		char		node_part[16] = "";

		if (timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("timestamp out of range")));
		/* lpad(seq, 7, '0') cuts a longer serial to its first 7 characters. */
		snprintf(serial, sizeof(serial), "%07lld", (long long) seq);
		serial[7] = '\0';
		if (node != 0)
			snprintf(node_part, sizeof(node_part), "%d-", node);
		snprintf(number, sizeof(number), "%02d-%s%02d-%s", region, node_part, tm.tm_year % 100, serial);
	}

	subject = reg_payload_text(object, "subject", 1000);
	address = reg_payload_text(object, "address", 1000);

	memset(nulls, ' ', sizeof(nulls));
	values[0] = Int16GetDatum(region);
	values[1] = Int64GetDatum(id);
	values[2] = CStringGetTextDatum(number);
	values[3] = CStringGetTextDatum(source);
	values[4] = CStringGetTextDatum(external_id);
	values[5] = CStringGetTextDatum(channel);
	values[6] = CStringGetTextDatum(kind);
	values[7] = CStringGetTextDatum(body != 0 ? "assigned" : "triage");
	values[8] = Int32GetDatum(body != 0 ? body : coordinator);
	nulls[8] = (body != 0 || coordinator != 0) ? ' ' : 'n';
	values[9] = Int32GetDatum(category_id);
	nulls[9] = category_id != 0 ? ' ' : 'n';
	values[10] = BoolGetDatum(category_confirmed);
	values[11] = Float8GetDatum(confidence);
	nulls[11] = classified_by != NULL ? ' ' : 'n';
	values[12] = reg_text_arg(classified_by, nulls, 12);
	values[13] = Int32GetDatum(accused);
	nulls[13] = accused_text != NULL ? ' ' : 'n';
	values[14] = Int64GetDatum(repeat_of);
	nulls[14] = repeat_of != 0 ? ' ' : 'n';
	values[15] = Int64GetDatum(signature);
	nulls[15] = has_signature ? ' ' : 'n';
	values[16] = Int64GetDatum(applicant_id);
	nulls[16] = has_applicant ? ' ' : 'n';
	values[17] = reg_text_arg(subject, nulls, 17);
	values[18] = CStringGetTextDatum(text_value);
	values[19] = reg_text_arg(address, nulls, 19);
	values[20] = reg_text_arg(territory_text, nulls, 20);
	values[21] = Float8GetDatum(lat);
	nulls[21] = has_lat ? ' ' : 'n';
	values[22] = Float8GetDatum(lon);
	nulls[22] = has_lon ? ' ' : 'n';
	values[23] = BoolGetDatum(expedited);
	values[24] = reg_text_arg(tok_text, nulls, 24);
	values[25] = TimestampTzGetDatum(received);
	values[26] = TimestampTzGetDatum(has_due ? due : due_calc);
	nulls[26] = (has_due || has_due_calc) ? ' ' : 'n';
	values[27] = BoolGetDatum(has_due);
	values[28] = BoolGetDatum(!has_due && has_due_calc && estimated);
	values[29] = TimestampTzGetDatum(first_response);
	nulls[29] = has_first_response ? ' ' : 'n';

	cuvr_label("register", NULL, NULL);
	reg_exec(REG_INSERT, values, nulls, SPI_OK_INSERT_RETURNING);
	registered = reg_first(&result);
	cuvr_label(NULL, NULL, NULL);
	if (registered && has_signature && category_id != 0)
	{
		Datum		args[2] = {Int16GetDatum(region), result};

		reg_exec(REG_ATTACH, args, NULL, SPI_OK_SELECT);
	}

	if (!registered)
	{
		/* Another session registered the same (source, external_id) first. */
		if (applicant_created)
		{
			Datum		args[2] = {Int16GetDatum(region), Int64GetDatum(applicant_id)};

			reg_exec(REG_DROP_APPLICANT, args, NULL, SPI_OK_DELETE);
		}
		values[0] = CStringGetTextDatum(source);
		values[1] = CStringGetTextDatum(external_id);
		reg_exec(REG_EXISTING, values, NULL, SPI_OK_SELECT);
		if (!reg_first(&result))
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("query returned no rows")));
	}
	id = DatumGetInt64(result);		/* before SPI_finish frees it */
	SPI_finish();
	PG_RETURN_INT64(id);
}
