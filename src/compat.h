/*
 * compat.h
 *		Every PostgreSQL version difference cuvr cares about lives here.
 *
 * cuvr targets PostgreSQL 15 (Debian 12).  Newer servers are accepted where
 * the API is the same; anything older is refused at compile time.
 */
#ifndef CUVR_COMPAT_H
#define CUVR_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 150000
#error "cuvr requires PostgreSQL 15 or later"
#endif

/*
 * Soft errors for input functions (PostgreSQL 16 adds ereturn() and
 * pg_input_is_valid()); on 15 an input error is always thrown.
 */
#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#define ereturn_compat(context, dummy, ...) ereturn(context, dummy, __VA_ARGS__)
#else
#define ereturn_compat(context, dummy, ...) \
	do { (void) (context); ereport(ERROR, __VA_ARGS__); } while (0)
#endif

#endif							/* CUVR_COMPAT_H */
