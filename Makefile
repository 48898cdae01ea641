# cuvr: PGXS build.  `make && make install`, then the test command in README.

EXTENSION = cuvr
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = cuvr
OBJS = \
	src/cuvr.o \
	src/status.o \
	src/appeal_guard.o \
	src/term.o \
	src/term_parse.o \
	src/calendar_math.o \
	src/calendar.o

# The install script is assembled from ordered pieces.
SQL_PIECES = $(sort $(wildcard src/sql/*.sql))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(wildcard src/updates/$(EXTENSION)--*--*.sql)

# Order matters: install and security drop and re-create the extension.
REGRESS = install security reference register lifecycle intake bi
REGRESS_OPTS = --inputdir=.

ISOLATION = $(patsubst test/isolation/specs/%.spec,%,$(sort $(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=$(EXTENSION)

PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
PG_CPPFLAGS = -I$(srcdir)/src

EXTRA_CLEAN = $(EXTENSION)--$(EXTVERSION).sql test/unit/status_test

# Debian's server PostgreSQL 15 unless told otherwise.
PG_CONFIG ?= $(shell test -x /usr/lib/postgresql/15/bin/pg_config && echo /usr/lib/postgresql/15/bin/pg_config || echo pg_config)
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PIECES) $(EXTENSION).control
	cat $(SQL_PIECES) > $@

# Unit tests of the pure C logic, no server needed.
test/unit/status_test: test/unit/status_test.c src/status.c src/cuvr.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -Isrc -o $@ test/unit/status_test.c src/status.c

.PHONY: unitcheck prove
unitcheck: test/unit/status_test
	test/unit/status_test

# pgTAP tests; needs PG* variables pointing at a server with cuvr installed.
prove:
	pg_prove --ext .sql --recurse test/pgtap
