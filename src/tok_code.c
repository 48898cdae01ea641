/*
 * tok_code.c
 *		The cuvr.tok_code type: a ТОК code (типовой общероссийский
 *		тематический классификатор) such as '0005.0005.0056.1160'.
 *
 * Stored as 12 bytes, passed by reference: five int16 blocks (-1 past the
 * level) and the level.  Codes order block by block with a missing block
 * first, so a code and its descendants form one contiguous btree range;
 * the planner support function below turns "col <@ const" into that range.
 * Parsing lives in codes_parse.c, which needs no backend.  This file also
 * holds the support code that oktmo.c shares.
 */
#include "compat.h"

#include "access/stratnum.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_type_d.h"
#include "commands/defrem.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "utils/lsyscache.h"

#include "codes.h"

#define DatumGetTokP(X)		((CuvrTok *) DatumGetPointer(X))
#define PG_GETARG_TOK_P(n)	DatumGetTokP(PG_GETARG_DATUM(n))

/* ----------------------------------------------------------------
 *		Shared by tok_code.c and oktmo.c
 * ----------------------------------------------------------------
 */

/*
 * The detail sentence of a parse error, palloc'd.  A character outside
 * ASCII is quoted only when the database speaks UTF-8; otherwise its first
 * byte is shown in hex.
 */
char *
cuvr_code_error_detail_text(CuvrCodeKind kind, CuvrCodeErrorInfo *info)
{
	char		buf[256];

	if (info->chlen > 1 && GetDatabaseEncoding() != PG_UTF8)
		info->chlen = 0;
	cuvr_code_error_detail(kind, info, buf, sizeof(buf));
	return pstrdup(buf);
}

/*
 * Index conditions for a containment function whose argument container_arg
 * is the container: "col <@ const" (container_arg 1) or "const @> col"
 * (container_arg 0).  The codes a constant contains are one range of the
 * type's default btree order, so the clause becomes "col >= first AND col <=
 * last", or "col = first" for a leaf, and needs no recheck.  Returns NIL
 * when the clause does not fit: the column on the wrong side, no constant,
 * or an index of another operator family.
 */
List *
cuvr_code_index_conditions(SupportRequestIndexCondition *req, int container_arg,
						   CuvrCodeBoundsFn bounds)
{
	List	   *args;
	Node	   *key;
	Node	   *other;
	Const	   *container;
	Oid			typid;
	Oid			opclass;
	Datum		first;
	Datum		last;
	Oid			opno;
	Expr	   *clause;
	List	   *result;

	if (is_opclause(req->node))
		args = ((OpExpr *) req->node)->args;
	else if (is_funcclause(req->node))
		args = ((FuncExpr *) req->node)->args;
	else
		return NIL;
	if (list_length(args) != 2 || req->indexarg != 1 - container_arg)
		return NIL;
	key = (Node *) list_nth(args, req->indexarg);
	other = (Node *) list_nth(args, container_arg);

	/* a hard constant is a pseudoconstant too, so nothing else to check */
	if (!IsA(other, Const) || ((Const *) other)->constisnull)
		return NIL;
	container = (Const *) other;
	typid = container->consttype;
	if (exprType(key) != typid)
		return NIL;

	/* only our own btree order has the descendants in one range */
	opclass = GetDefaultOpClass(typid, BTREE_AM_OID);
	if (!OidIsValid(opclass) || get_opclass_family(opclass) != req->opfamily)
		return NIL;

	if (bounds(container->constvalue, &first, &last))
	{
		opno = get_opfamily_member(req->opfamily, typid, typid, BTEqualStrategyNumber);
		if (!OidIsValid(opno))
			return NIL;
		clause = make_opclause(opno, BOOLOID, false, (Expr *) key,
							   (Expr *) makeConst(typid, -1, InvalidOid, container->constlen,
												  first, false, container->constbyval),
							   InvalidOid, InvalidOid);
		result = list_make1(clause);
	}
	else
	{
		Oid			geop = get_opfamily_member(req->opfamily, typid, typid,
											   BTGreaterEqualStrategyNumber);
		Oid			leop = get_opfamily_member(req->opfamily, typid, typid,
											   BTLessEqualStrategyNumber);

		if (!OidIsValid(geop) || !OidIsValid(leop))
			return NIL;
		result = list_make2(make_opclause(geop, BOOLOID, false, (Expr *) key,
										  (Expr *) makeConst(typid, -1, InvalidOid,
															 container->constlen, first,
															 false, container->constbyval),
										  InvalidOid, InvalidOid),
							make_opclause(leop, BOOLOID, false, (Expr *) key,
										  (Expr *) makeConst(typid, -1, InvalidOid,
															 container->constlen, last,
															 false, container->constbyval),
										  InvalidOid, InvalidOid));
	}
	req->lossy = false;
	return result;
}

/* ----------------------------------------------------------------
 *		I/O functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_tok_code_in);
PG_FUNCTION_INFO_V1(cuvr_tok_code_out);
PG_FUNCTION_INFO_V1(cuvr_tok_code_recv);
PG_FUNCTION_INFO_V1(cuvr_tok_code_send);

/* Text input: '0005.0005.0056.1160', blanks around it allowed. */
Datum
cuvr_tok_code_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	CuvrTok    *tok = palloc(sizeof(CuvrTok));
	CuvrCodeErrorInfo info;

	if (cuvr_tok_parse(input, strlen(input), tok, &info) != CUVR_CODE_OK)
		ereturn_compat(fcinfo->context, (Datum) 0,
					   (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						errmsg("invalid ТОК code: \"%s\"", input),
						errdetail("%s", cuvr_code_error_detail_text(CUVR_CODE_KIND_TOK, &info)),
						errhint("Write 1 to 5 blocks of 4 digits separated by dots, "
								"for example '0005.0005.0056.1160'.")));
	PG_RETURN_POINTER(tok);
}

/* Text output: the blocks with dots. */
Datum
cuvr_tok_code_out(PG_FUNCTION_ARGS)
{
	CuvrTok    *tok = PG_GETARG_TOK_P(0);
	char		buf[CUVR_TOK_TEXT_MAX + 1];

	cuvr_tok_format(tok, buf, sizeof(buf));
	PG_RETURN_CSTRING(pstrdup(buf));
}

/* Binary input: int2 level, then that many int2 blocks. */
Datum
cuvr_tok_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CuvrTok    *tok = palloc(sizeof(CuvrTok));
	int			level = pq_getmsgint(buf, 2);
	int			i;

	if (level < 1 || level > CUVR_TOK_MAX_LEVEL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid level %d in ТОК code", level),
				 errdetail("A ТОК code has 1 to 5 blocks.")));
	for (i = 0; i < CUVR_TOK_MAX_LEVEL; i++)
	{
		int			block = -1;

		if (i < level)
		{
			block = (int16) pq_getmsgint(buf, 2);
			if (block < 0 || block > CUVR_TOK_BLOCK_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid block %d in ТОК code", block),
						 errdetail("A block of a ТОК code is 0 to 9999.")));
		}
		tok->blocks[i] = (int16) block;
	}
	tok->level = (int16) level;
	PG_RETURN_POINTER(tok);
}

/* Binary output: int2 level, then that many int2 blocks. */
Datum
cuvr_tok_code_send(PG_FUNCTION_ARGS)
{
	CuvrTok    *tok = PG_GETARG_TOK_P(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendint16(&buf, tok->level);
	for (i = 0; i < tok->level; i++)
		pq_sendint16(&buf, tok->blocks[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ----------------------------------------------------------------
 *		Hierarchy
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_tok_code_level);
PG_FUNCTION_INFO_V1(cuvr_tok_code_parent);
PG_FUNCTION_INFO_V1(cuvr_tok_code_contains);
PG_FUNCTION_INFO_V1(cuvr_tok_code_contained_by);
PG_FUNCTION_INFO_V1(cuvr_tok_code_contains_support);
PG_FUNCTION_INFO_V1(cuvr_tok_code_contained_by_support);

/* The level of a code: its number of blocks, 1..5. */
Datum
cuvr_tok_code_level(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_TOK_P(0)->level);
}

/* The code one level up; NULL for a level-1 code. */
Datum
cuvr_tok_code_parent(PG_FUNCTION_ARGS)
{
	CuvrTok    *parent = palloc(sizeof(CuvrTok));

	if (!cuvr_tok_parent(PG_GETARG_TOK_P(0), parent))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(parent);
}

/* a @> b: a is b or an ancestor of b. */
Datum
cuvr_tok_code_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_tok_contains(PG_GETARG_TOK_P(0), PG_GETARG_TOK_P(1)));
}

/* a <@ b: a is b or a descendant of b. */
Datum
cuvr_tok_code_contained_by(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_tok_contains(PG_GETARG_TOK_P(1), PG_GETARG_TOK_P(0)));
}

/* The first and last codes a ТОК code contains: itself and its 9999 padding. */
static bool
cuvr_tok_code_bounds(Datum container, Datum *first, Datum *last)
{
	CuvrTok    *tok = DatumGetTokP(container);
	CuvrTok    *copy = palloc(sizeof(CuvrTok));
	CuvrTok    *end = palloc(sizeof(CuvrTok));

	*copy = *tok;
	cuvr_tok_last_descendant(tok, end);
	*first = PointerGetDatum(copy);
	*last = PointerGetDatum(end);
	return tok->level == CUVR_TOK_MAX_LEVEL;
}

/* Planner support for @>: "const @> col" becomes a btree range. */
Datum
cuvr_tok_code_contains_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	List	   *ret = NIL;

	if (IsA(rawreq, SupportRequestIndexCondition))
		ret = cuvr_code_index_conditions((SupportRequestIndexCondition *) rawreq, 0,
										 cuvr_tok_code_bounds);
	PG_RETURN_POINTER(ret);
}

/* Planner support for <@: "col <@ const" becomes a btree range. */
Datum
cuvr_tok_code_contained_by_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	List	   *ret = NIL;

	if (IsA(rawreq, SupportRequestIndexCondition))
		ret = cuvr_code_index_conditions((SupportRequestIndexCondition *) rawreq, 1,
										 cuvr_tok_code_bounds);
	PG_RETURN_POINTER(ret);
}

/* ----------------------------------------------------------------
 *		Comparison and hashing
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_tok_code_eq);
PG_FUNCTION_INFO_V1(cuvr_tok_code_ne);
PG_FUNCTION_INFO_V1(cuvr_tok_code_lt);
PG_FUNCTION_INFO_V1(cuvr_tok_code_le);
PG_FUNCTION_INFO_V1(cuvr_tok_code_gt);
PG_FUNCTION_INFO_V1(cuvr_tok_code_ge);
PG_FUNCTION_INFO_V1(cuvr_tok_code_cmp);
PG_FUNCTION_INFO_V1(cuvr_tok_code_hash);
PG_FUNCTION_INFO_V1(cuvr_tok_code_hash_extended);

/* Compare the two code arguments. */
static inline int
cuvr_tok_code_cmp_args(FunctionCallInfo fcinfo)
{
	return cuvr_tok_cmp(PG_GETARG_TOK_P(0), PG_GETARG_TOK_P(1));
}

/* a = b */
Datum
cuvr_tok_code_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_tok_code_cmp_args(fcinfo) == 0);
}

/* a <> b */
Datum
cuvr_tok_code_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_tok_code_cmp_args(fcinfo) != 0);
}

/* a < b */
Datum
cuvr_tok_code_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_tok_code_cmp_args(fcinfo) < 0);
}

/* a <= b */
Datum
cuvr_tok_code_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_tok_code_cmp_args(fcinfo) <= 0);
}

/* a > b */
Datum
cuvr_tok_code_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_tok_code_cmp_args(fcinfo) > 0);
}

/* a >= b */
Datum
cuvr_tok_code_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cuvr_tok_code_cmp_args(fcinfo) >= 0);
}

/* btree support: -1, 0 or 1. */
Datum
cuvr_tok_code_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cuvr_tok_code_cmp_args(fcinfo));
}

/* hash support: the blocks (always -1 past the level) hashed as bytes. */
Datum
cuvr_tok_code_hash(PG_FUNCTION_ARGS)
{
	CuvrTok    *tok = PG_GETARG_TOK_P(0);

	return hash_any((const unsigned char *) tok->blocks, sizeof(tok->blocks));
}

/* extended hash support: the same with a 64-bit seed. */
Datum
cuvr_tok_code_hash_extended(PG_FUNCTION_ARGS)
{
	CuvrTok    *tok = PG_GETARG_TOK_P(0);

	return hash_any_extended((const unsigned char *) tok->blocks, sizeof(tok->blocks),
							 PG_GETARG_INT64(1));
}
