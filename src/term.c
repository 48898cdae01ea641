/*
 * term.c
 *		The cuvr.term type: a legal term (срок) such as '30 cd' or '8 wh'.
 *
 * Stored as 8 bytes, passed by value: the count in the low 32 bits and the
 * unit above it, so that the natural int8 order sorts by unit, then count.
 * Parsing and packing live in term_parse.c, which needs no backend.
 */
#include "compat.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "cuvr.h"

/* Unpack a term argument. */
CuvrTerm
cuvr_term_from_datum(Datum datum)
{
	return cuvr_term_unpack(DatumGetInt64(datum));
}

/* Check a term read from outside (binary input, constructor). */
static void
cuvr_term_check(const CuvrTerm *term)
{
	if (term->unit < 0 || term->unit >= CUVR_TERM_UNIT_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid unit %d in term", term->unit)));
	if (term->value < 1 || term->value > cuvr_term_unit_max(term->unit))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("term of %d %s is out of range", term->value,
						cuvr_term_unit_code(term->unit)),
				 errdetail("A term counts from 1 to %d %s.",
						   cuvr_term_unit_max(term->unit),
						   cuvr_term_unit_code(term->unit))));
}

/* ----------------------------------------------------------------
 *		I/O functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_term_in);
PG_FUNCTION_INFO_V1(cuvr_term_out);
PG_FUNCTION_INFO_V1(cuvr_term_recv);
PG_FUNCTION_INFO_V1(cuvr_term_send);

/* Text input: '30 cd', '10 рабочих дней', '8 р.ч.', ... */
Datum
cuvr_term_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	CuvrTerm	term;
	CuvrTermError err = cuvr_term_parse(input, strlen(input), &term);

	if (err != CUVR_TERM_OK)
	{
		char	   *detail = pstrdup(cuvr_term_error_message(err));

		detail[0] = pg_toupper((unsigned char) detail[0]);
		ereturn_compat(fcinfo->context, (Datum) 0,
					   (errcode(err == CUVR_TERM_TOO_LARGE || err == CUVR_TERM_NEGATIVE ||
								err == CUVR_TERM_ZERO ?
								ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE :
								ERRCODE_INVALID_TEXT_REPRESENTATION),
						errmsg("invalid term: \"%s\"", input),
						errdetail("%s.", detail),
						errhint("Write a count and a unit, for example '30 cd', '10 wd', '8 wh', '24 h', "
								"'30 календарных дней' or '10 р.д.'.")));
	}
	PG_RETURN_INT64(cuvr_term_pack(&term));
}

/* Text output: always the canonical short form. */
Datum
cuvr_term_out(PG_FUNCTION_ARGS)
{
	CuvrTerm	term = cuvr_term_unpack(PG_GETARG_INT64(0));
	char		buf[32];

	cuvr_term_format(&term, buf, sizeof(buf));
	PG_RETURN_CSTRING(pstrdup(buf));
}

/* Binary input: int4 count, int4 unit. */
Datum
cuvr_term_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CuvrTerm	term;

	term.value = pq_getmsgint(buf, 4);
	term.unit = pq_getmsgint(buf, 4);
	cuvr_term_check(&term);
	PG_RETURN_INT64(cuvr_term_pack(&term));
}

/* Binary output: int4 count, int4 unit. */
Datum
cuvr_term_send(PG_FUNCTION_ARGS)
{
	CuvrTerm	term = cuvr_term_unpack(PG_GETARG_INT64(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, term.value);
	pq_sendint32(&buf, term.unit);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ----------------------------------------------------------------
 *		Constructors and accessors
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_term_make);
PG_FUNCTION_INFO_V1(cuvr_term_value);
PG_FUNCTION_INFO_V1(cuvr_term_unit);

/* cuvr.term(value integer, unit text): unit is 'cd', 'wd', 'wh' or 'h'. */
Datum
cuvr_term_make(PG_FUNCTION_ARGS)
{
	int32		value = PG_GETARG_INT32(0);
	char	   *unit = text_to_cstring(PG_GETARG_TEXT_PP(1));
	CuvrTerm	term;
	int			u;

	term.unit = -1;
	for (u = 0; u < CUVR_TERM_UNIT_COUNT; u++)
		if (strcmp(unit, cuvr_term_unit_code(u)) == 0)
			term.unit = u;
	if (term.unit < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown unit of a term: \"%s\"", unit),
				 errhint("The units are cd, wd, wh and h.")));
	term.value = value;
	cuvr_term_check(&term);
	PG_RETURN_INT64(cuvr_term_pack(&term));
}

/* The count of a term. */
Datum
cuvr_term_value(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cuvr_term_unpack(PG_GETARG_INT64(0)).value);
}

/* The unit of a term: 'cd', 'wd', 'wh' or 'h'. */
Datum
cuvr_term_unit(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(cuvr_term_unit_code(cuvr_term_unpack(PG_GETARG_INT64(0)).unit)));
}
