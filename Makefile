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
REGRESS = install security reference term calendar register lifecycle deadlines intake bi
REGRESS_OPTS = --inputdir=.

ISOLATION = $(patsubst test/isolation/specs/%.spec,%,$(sort $(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=$(EXTENSION)

PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
PG_CPPFLAGS = -I$(srcdir)/src

EXTRA_CLEAN = $(EXTENSION)--$(EXTVERSION).sql test/unit/status_test test/unit/term_test test/unit/calendar_test \
	test/fuzz/term_driver test/fuzz/term_fuzz test/fuzz/work

# Debian's server PostgreSQL 15 unless told otherwise.
PG_CONFIG ?= $(shell test -x /usr/lib/postgresql/15/bin/pg_config && echo /usr/lib/postgresql/15/bin/pg_config || echo pg_config)
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PIECES) $(EXTENSION).control
	cat $(SQL_PIECES) > $@

# Unit tests of the pure C logic, no server needed.
test/unit/status_test: test/unit/status_test.c src/status.c src/cuvr.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ test/unit/status_test.c src/status.c

test/unit/term_test: test/unit/term_test.c src/term_parse.c src/cuvr.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ test/unit/term_test.c src/term_parse.c

.PHONY: unitcheck prove fuzzcheck fuzz
test/unit/calendar_test: test/unit/calendar_test.c src/calendar_math.c src/cuvr.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ test/unit/calendar_test.c src/calendar_math.c

unitcheck: test/unit/status_test test/unit/term_test test/unit/calendar_test
	test/unit/status_test
	test/unit/term_test
	test/unit/calendar_test

# Fuzz targets over their seed corpus with gcc and sanitizers; no libFuzzer needed.
test/fuzz/term_driver: test/fuzz/corpus_driver.c test/fuzz/term_fuzz.c src/term_parse.c src/cuvr.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ \
		test/fuzz/corpus_driver.c test/fuzz/term_fuzz.c src/term_parse.c

fuzzcheck: test/fuzz/term_driver
	test/fuzz/term_driver test/fuzz/corpus/term

# Real fuzzing with libFuzzer when clang is there.  New inputs go to
# test/fuzz/work/term, crashes to test/fuzz/crash-*; the seeds stay as they are.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang

test/fuzz/term_fuzz: test/fuzz/term_fuzz.c src/term_parse.c src/cuvr.h
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ \
		test/fuzz/term_fuzz.c src/term_parse.c

ifneq ($(shell command -v $(FUZZ_CC) 2>/dev/null),)
fuzz: test/fuzz/term_fuzz
	mkdir -p test/fuzz/work/term
	test/fuzz/term_fuzz -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=test/fuzz/ \
		test/fuzz/work/term test/fuzz/corpus/term
else
fuzz: fuzzcheck
	@echo "fuzz: $(FUZZ_CC) not found; ran the seed corpus only"
endif

# pgTAP tests; needs PG* variables pointing at a server with cuvr installed.
prove:
	pg_prove --ext .sql --recurse test/pgtap
