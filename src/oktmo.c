/*
 * oktmo.c
 *		The cuvr.oktmo type: an OKTMO territory code such as '70701000' or
 *		'70701000001'.
 *
 * Stored as 8 bytes, passed by value: the 11-digit form (an 8-digit code with
 * 000 appended) times two, plus one if the code was written with 11 digits.
 * Codes compare and hash by the 11-digit form alone, so '70701000' equals
 * '70701000000' while each keeps its own spelling.  A code and its
 * descendants form one contiguous btree range; the planner support
 * functions turn "col <@ const" into that range.  Parsing lives in
 * codes_parse.c, which needs no backend.
 */
#include "compat.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "nodes/supportnodes.h"
#include "utils/fmgrprotos.h"

#include "codes.h"

/* Unpack an OKTMO argument. */
static inline CuvrOktmo
cuvr_oktmo_arg(FunctionCallInfo fcinfo, int n)
{
	return cuvr_oktmo_unpack(PG_GETARG_INT64(n));
}

/* ----------------------------------------------------------------
 *		I/O functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_oktmo_in);
PG_FUNCTION_INFO_V1(cuvr_oktmo_out);
PG_FUNCTION_INFO_V1(cuvr_oktmo_recv);
PG_FUNCTION_INFO_V1(cuvr_oktmo_send);

/* Text input: 8 or 11 digits, blanks between them ignored. */
Datum
cuvr_oktmo_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	CuvrOktmo	code;
	CuvrCodeErrorInfo info;

	if (cuvr_oktmo_parse(input, strlen(input), &code, &info) != CUVR_CODE_OK)
		ereturn_compat(fcinfo->context, (Datum) 0,
					   (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						errmsg("invalid OKTMO code: \"%s\"", input),
						errdetail("%s", cuvr_code_error_detail_text(CUVR_CODE_KIND_OKTMO, &info)),
						errhint("Write 8 digits for a municipal formation or 11 for a locality, "
								"for example '70701000' or '70 701 000 001'.")));
	PG_RETURN_INT64(cuvr_oktmo_pack(&code));
}

/* Text output: the 8 or 11 digits as written, without blanks. */
Datum
cuvr_oktmo_out(PG_FUNCTION_ARGS)
{
	CuvrOktmo	code = cuvr_oktmo_arg(fcinfo, 0);
	char		buf[CUVR_OKTMO_TEXT_MAX + 1];

	cuvr_oktmo_format(&code, buf, sizeof(buf));
	PG_RETURN_CSTRING(pstrdup(buf));
}

/* Binary input: int1 number of digits (8 or 11), int8 the code as a number. */
Datum
cuvr_oktmo_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			ndigits = pq_getmsgint(buf, 1);
	int64		value = pq_getmsgint64(buf);
	CuvrOktmo	code;

	if (ndigits != 8 && ndigits != 11)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid length %d of OKTMO code", ndigits),
				 errdetail("An OKTMO code has 8 or 11 digits.")));
	code.long_form = (ndigits == 11);
	code.digits = (ndigits == 8 && value >= 0 && value <= INT64CONST(99999999)) ?
		value * 1000 : value;
	if (value < 0 || !cuvr_oktmo_is_valid(&code))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid %d-digit OKTMO code " INT64_FORMAT, ndigits, value),
				 errdetail("The code must have %d digits and a subject other than 00.",
						   ndigits)));
	PG_RETURN_INT64(cuvr_oktmo_pack(&code));
}

/* Binary output: int1 number of digits (8 or 11), int8 the code as a number. */
Datum
cuvr_oktmo_send(PG_FUNCTION_ARGS)
{
	CuvrOktmo	code = cuvr_oktmo_arg(fcinfo, 0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint8(&buf, code.long_form ? 11 : 8);
	pq_sendint64(&buf, code.long_form ? code.digits : code.digits / 1000);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ----------------------------------------------------------------
 *		Hierarchy
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_oktmo_level_fn);
PG_FUNCTION_INFO_V1(cuvr_oktmo_parent_fn);
PG_FUNCTION_INFO_V1(cuvr_oktmo_prefix_fn);
PG_FUNCTION_INFO_V1(cuvr_oktmo_contains_fn);
PG_FUNCTION_INFO_V1(cuvr_oktmo_contained_by_fn);
PG_FUNCTION_INFO_V1(cuvr_oktmo_contains_support);
PG_FUNCTION_INFO_V1(cuvr_oktmo_contained_by_support);

/* The level: 1 subject, 2 district or okrug, 3 settlement, 4 locality. */
Datum
cuvr_oktmo_level_fn(PG_FUNCTION_ARGS)
{
	CuvrOktmo	code = cuvr_oktmo_arg(fcinfo, 0);

	PG_RETURN_INT32(cuvr_oktmo_level(&code));
}

/* The code one level up, in the 8-digit form; NULL for a subject. */
Datum
cuvr_oktmo_parent_fn(PG_FUNCTION_ARGS)
{
	CuvrOktmo	code = cuvr_oktmo_arg(fcinfo, 0);
	CuvrOktmo	parent;

	if (!cuvr_oktmo_parent(&code, &parent))
		PG_RETURN_NULL();
	PG_RETURN_INT64(cuvr_oktmo_pack(&parent));
}

/* The first two digits, the subject's OKTMO prefix (70 for Tula). */
Datum
cuvr_oktmo_prefix_fn(PG_FUNCTION_ARGS)
{
	CuvrOktmo	code = cuvr_oktmo_arg(fcinfo, 0);

	PG_RETURN_INT16((int16) cuvr_oktmo_prefix(&code));
}

/* a @> b: a is b or an ancestor of b. */
Datum
cuvr_oktmo_contains_fn(PG_FUNCTION_ARGS)
{
	CuvrOktmo	a = cuvr_oktmo_arg(fcinfo, 0);
	CuvrOktmo	b = cuvr_oktmo_arg(fcinfo, 1);

	PG_RETURN_BOOL(cuvr_oktmo_contains(&a, &b));
}

/* a <@ b: a is b or a descendant of b. */
Datum
cuvr_oktmo_contained_by_fn(PG_FUNCTION_ARGS)
{
	CuvrOktmo	a = cuvr_oktmo_arg(fcinfo, 0);
	CuvrOktmo	b = cuvr_oktmo_arg(fcinfo, 1);

	PG_RETURN_BOOL(cuvr_oktmo_contains(&b, &a));
}

/* The first and last codes an OKTMO code contains: itself and its 9 padding. */
static bool
cuvr_oktmo_bounds(Datum container, Datum *first, Datum *last)
{
	CuvrOktmo	code = cuvr_oktmo_unpack(DatumGetInt64(container));
	CuvrOktmo	end;

	cuvr_oktmo_last_descendant(&code, &end);
	*first = container;
	*last = Int64GetDatum(cuvr_oktmo_pack(&end));
	return end.digits == code.digits;
}

/* Planner support for @>: "const @> col" becomes a btree range. */
Datum
cuvr_oktmo_contains_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	List	   *ret = NIL;

	if (IsA(rawreq, SupportRequestIndexCondition))
		ret = cuvr_code_index_conditions((SupportRequestIndexCondition *) rawreq, 0,
										 cuvr_oktmo_bounds);
	PG_RETURN_POINTER(ret);
}

/* Planner support for <@: "col <@ const" becomes a btree range. */
Datum
cuvr_oktmo_contained_by_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	List	   *ret = NIL;

	if (IsA(rawreq, SupportRequestIndexCondition))
		ret = cuvr_code_index_conditions((SupportRequestIndexCondition *) rawreq, 1,
										 cuvr_oktmo_bounds);
	PG_RETURN_POINTER(ret);
}

/* ----------------------------------------------------------------
 *		Comparison and hashing
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_oktmo_eq);
PG_FUNCTION_INFO_V1(cuvr_oktmo_ne);
PG_FUNCTION_INFO_V1(cuvr_oktmo_lt);
PG_FUNCTION_INFO_V1(cuvr_oktmo_le);
PG_FUNCTION_INFO_V1(cuvr_oktmo_gt);
PG_FUNCTION_INFO_V1(cuvr_oktmo_ge);
PG_FUNCTION_INFO_V1(cuvr_oktmo_cmp_fn);
PG_FUNCTION_INFO_V1(cuvr_oktmo_hash);
PG_FUNCTION_INFO_V1(cuvr_oktmo_hash_extended);

/* Compare the two code arguments by their 11-digit forms. */
static inline int
cuvr_oktmo_cmp_args(FunctionCallInfo fcinfo)
{
	CuvrOktmo	a = cuvr_oktmo_arg(fcinfo, 0);
	CuvrOktmo	b = cuvr_oktmo_arg(fcinfo, 1);

	return cuvr_oktmo_cmp(&a, &b);
}

/* a = b */
Datum
cuvr_oktmo_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_oktmo_cmp_args(fcinfo) == 0);
}

/* a <> b */
Datum
cuvr_oktmo_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_oktmo_cmp_args(fcinfo) != 0);
}

/* a < b */
Datum
cuvr_oktmo_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_oktmo_cmp_args(fcinfo) < 0);
}

/* a <= b */
Datum
cuvr_oktmo_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_oktmo_cmp_args(fcinfo) <= 0);
}

/* a > b */
Datum
cuvr_oktmo_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_oktmo_cmp_args(fcinfo) > 0);
}

/* a >= b */
Datum
cuvr_oktmo_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_oktmo_cmp_args(fcinfo) >= 0);
}

/* btree support: -1, 0 or 1. */
Datum
cuvr_oktmo_cmp_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cuvr_oktmo_cmp_args(fcinfo));
}

/* hash support: the 11-digit form, hashed as int8, so equal codes agree. */
Datum
cuvr_oktmo_hash(PG_FUNCTION_ARGS)
{
	CuvrOktmo	code = cuvr_oktmo_arg(fcinfo, 0);

	return DirectFunctionCall1(hashint8, Int64GetDatum(code.digits));
}

/* extended hash support: the same with a 64-bit seed. */
Datum
cuvr_oktmo_hash_extended(PG_FUNCTION_ARGS)
{
	CuvrOktmo	code = cuvr_oktmo_arg(fcinfo, 0);

	return DirectFunctionCall2(hashint8extended, Int64GetDatum(code.digits),
							   PG_GETARG_DATUM(1));
}
