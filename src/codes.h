/*
 * codes.h
 *		Classifier codes: ТОК codes (cuvr.tok_code) and OKTMO territory codes
 *		(cuvr.oktmo).
 *
 * codes_parse.c is pure C with no PostgreSQL dependency, so that unit tests
 * and fuzz targets use it without a server; tok_code.c and oktmo.c wrap it
 * for the backend.
 */
#ifndef CUVR_CODES_H
#define CUVR_CODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * ТОК code (типовой общероссийский тематический классификатор): 1 to 5
 * blocks of 4 digits, '0005.0005.0056.1160'.  Blocks past the level are -1,
 * so that comparing the blocks in turn puts a code right before its
 * descendants: '0005' < '0005.0000' < '0005.9999.9999' < '0006'.
 */
#define CUVR_TOK_MAX_LEVEL 5
#define CUVR_TOK_BLOCK_DIGITS 4
#define CUVR_TOK_BLOCK_MAX 9999
#define CUVR_TOK_TEXT_MAX 24		/* 5 blocks, 4 dots */

typedef struct CuvrTok
{
	int16_t		blocks[CUVR_TOK_MAX_LEVEL];	/* 0..9999, or -1 past the level */
	int16_t		level;			/* 1..5: the number of blocks */
} CuvrTok;

/*
 * OKTMO code: 8 or 11 digits.  digits holds the 11-digit form (an 8-digit
 * code with 000 appended); long_form says whether the code was written with
 * 11 digits, which only matters for output.  Groups: digits 1-2 the subject,
 * 3-5 the municipal district or okrug, 6-8 the settlement, 9-11 the locality.
 */
#define CUVR_OKTMO_MAX_LEVEL 4
#define CUVR_OKTMO_DIGITS_MAX INT64_C(99999999999)
#define CUVR_OKTMO_TEXT_MAX 11

typedef struct CuvrOktmo
{
	int64_t		digits;			/* the 11-digit form, 01000000000 .. 99999999999 */
	bool		long_form;		/* written with 11 digits */
} CuvrOktmo;

/* What the parsers can complain about. */
typedef enum CuvrCodeError
{
	CUVR_CODE_OK = 0,
	CUVR_CODE_EMPTY,			/* nothing but blanks */
	CUVR_CODE_BAD_CHAR,			/* a character that cannot be in the code */
	CUVR_CODE_EMPTY_BLOCK,		/* ТОК: a dot at the start or two dots */
	CUVR_CODE_TRAILING_DOT,		/* ТОК: a dot at the end */
	CUVR_CODE_BLOCK_LENGTH,		/* ТОК: a block without exactly 4 digits */
	CUVR_CODE_TOO_MANY_BLOCKS,	/* ТОК: more than 5 blocks */
	CUVR_CODE_DIGIT_COUNT,		/* OKTMO: neither 8 nor 11 digits */
	CUVR_CODE_NO_SUBJECT		/* OKTMO: subject 00 */
} CuvrCodeError;

#define CUVR_CODE_ERROR_LAST CUVR_CODE_NO_SUBJECT

/* Where and why a parse failed, for the error detail. */
typedef struct CuvrCodeErrorInfo
{
	CuvrCodeError error;
	size_t		position;		/* BAD_CHAR: 1-based character position */
	unsigned char ch[4];		/* BAD_CHAR: the character's bytes */
	int			chlen;			/* 1..4 for a readable UTF-8 character, 0 if not */
	int			block;			/* ТОК: 1-based block number */
	size_t		count;			/* digits in the block, blocks, or digits */
} CuvrCodeErrorInfo;

/* Which code a message is about. */
typedef enum CuvrCodeKind
{
	CUVR_CODE_KIND_TOK = 0,
	CUVR_CODE_KIND_OKTMO
} CuvrCodeKind;

/* codes_parse.c: pure, no backend needed */
extern int	cuvr_code_error_detail(CuvrCodeKind kind, const CuvrCodeErrorInfo *info,
								   char *buf, size_t buflen);

extern CuvrCodeError cuvr_tok_parse(const char *input, size_t len, CuvrTok *result,
									CuvrCodeErrorInfo *info);
extern bool cuvr_tok_is_valid(const CuvrTok *tok);
extern int	cuvr_tok_format(const CuvrTok *tok, char *buf, size_t buflen);
extern int	cuvr_tok_cmp(const CuvrTok *a, const CuvrTok *b);
extern bool cuvr_tok_contains(const CuvrTok *ancestor, const CuvrTok *tok);
extern bool cuvr_tok_parent(const CuvrTok *tok, CuvrTok *parent);
extern void cuvr_tok_last_descendant(const CuvrTok *tok, CuvrTok *last);

extern CuvrCodeError cuvr_oktmo_parse(const char *input, size_t len, CuvrOktmo *result,
									  CuvrCodeErrorInfo *info);
extern bool cuvr_oktmo_is_valid(const CuvrOktmo *code);
extern int	cuvr_oktmo_format(const CuvrOktmo *code, char *buf, size_t buflen);
extern int	cuvr_oktmo_cmp(const CuvrOktmo *a, const CuvrOktmo *b);
extern int	cuvr_oktmo_level(const CuvrOktmo *code);
extern int	cuvr_oktmo_prefix(const CuvrOktmo *code);
extern bool cuvr_oktmo_contains(const CuvrOktmo *ancestor, const CuvrOktmo *code);
extern bool cuvr_oktmo_parent(const CuvrOktmo *code, CuvrOktmo *parent);
extern void cuvr_oktmo_last_descendant(const CuvrOktmo *code, CuvrOktmo *last);
extern int64_t cuvr_oktmo_pack(const CuvrOktmo *code);
extern CuvrOktmo cuvr_oktmo_unpack(int64_t packed);

#ifdef PG_VERSION_NUM
/*
 * Backend only (needs postgres.h): index conditions for a containment
 * function.  The bounds function gets the constant container and returns the
 * first and last codes it contains; true if they are the same code.
 */
typedef bool (*CuvrCodeBoundsFn) (Datum container, Datum *first, Datum *last);

extern struct List *cuvr_code_index_conditions(struct SupportRequestIndexCondition *req,
												int container_arg,
												CuvrCodeBoundsFn bounds);
extern char *cuvr_code_error_detail_text(CuvrCodeKind kind, CuvrCodeErrorInfo *info);
extern int32 cuvr_route_body(int16 region, int32 category_id, const CuvrOktmo *territory,
							 const char *channel, int32 accused);
#endif

#endif							/* CUVR_CODES_H */
