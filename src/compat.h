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

#endif							/* CUVR_COMPAT_H */
