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
	src/calendar.o \
	src/codes_parse.o \
	src/tok_code.o \
	src/oktmo.o \
	src/tokenize.o \
	src/classify_core.o \
	src/simhash.o \
	src/classify.o \
	src/setting.o \
	src/escalate.o \
	src/kpi.o \
	src/route.o \
	src/journal.o \
	src/policy.o \
	src/register.o

# The install script is assembled from ordered pieces.
SQL_PIECES = $(sort $(wildcard src/sql/*.sql))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
# The frozen full script of every released version and the update scripts
# between them, so that any release can be installed and updated.
DATA = $(wildcard src/updates/$(EXTENSION)--*.sql)

# Order matters: install and security drop and re-create the extension.
REGRESS = install security reference term codes calendar register lifecycle deadlines classify intake bi kpi roadmap
REGRESS_OPTS = --inputdir=.

ISOLATION = $(patsubst test/isolation/specs/%.spec,%,$(sort $(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=$(EXTENSION)

PG_CFLAGS = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
PG_CPPFLAGS = -I$(srcdir)/src
SHLIB_LINK = -lm

EXTRA_CLEAN = $(EXTENSION)--$(EXTVERSION).sql test/unit/status_test test/unit/term_test test/unit/calendar_test \
	test/unit/codes_test test/unit/tokenize_test test/unit/classify_core_test test/fuzz/term_driver test/fuzz/term_fuzz test/fuzz/work \
	test/fuzz/tok_code_driver test/fuzz/oktmo_driver test/fuzz/tok_code_fuzz test/fuzz/oktmo_fuzz \
	test/fuzz/tokenize_driver test/fuzz/tokenize_fuzz test/fuzz/classify_driver test/fuzz/classify_fuzz

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

.PHONY: unitcheck fuzzcheck fuzz
test/unit/calendar_test: test/unit/calendar_test.c src/calendar_math.c src/cuvr.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ test/unit/calendar_test.c src/calendar_math.c

test/unit/tokenize_test: test/unit/tokenize_test.c src/tokenize.c src/classify_core.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ test/unit/tokenize_test.c src/tokenize.c

test/unit/classify_core_test: test/unit/classify_core_test.c src/classify_core.c src/tokenize.c src/classify_core.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ test/unit/classify_core_test.c src/classify_core.c src/tokenize.c -lm

test/unit/codes_test: test/unit/codes_test.c src/codes_parse.c src/codes.h
	$(CC) -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -Isrc -o $@ test/unit/codes_test.c src/codes_parse.c

UNIT_TESTS = status_test term_test calendar_test codes_test tokenize_test classify_core_test

unitcheck: $(foreach t,$(UNIT_TESTS),test/unit/$(t))
	@for t in $(UNIT_TESTS); do test/unit/$$t || exit 1; done

# Fuzz targets: test/fuzz/<name>_fuzz.c over the pure C sources it tests.
FUZZ_TARGETS = term tok_code oktmo tokenize classify
FUZZ_SRC_term = src/term_parse.c
FUZZ_SRC_tok_code = src/codes_parse.c
FUZZ_SRC_oktmo = src/codes_parse.c
FUZZ_SRC_tokenize = src/tokenize.c
FUZZ_SRC_classify = src/tokenize.c src/classify_core.c src/simhash.c
FUZZ_FLAGS = -g -O1 -fno-sanitize-recover=undefined -Isrc
FUZZ_LIBS = -lm

.SECONDEXPANSION:

# Each target over its seed corpus with gcc and sanitizers; no libFuzzer needed.
test/fuzz/%_driver: test/fuzz/corpus_driver.c test/fuzz/%_fuzz.c $$(FUZZ_SRC_$$*) src/cuvr.h src/codes.h src/classify_core.h
	$(CC) -Wall -Wextra -Werror -fsanitize=address,undefined $(FUZZ_FLAGS) -o $@ \
		test/fuzz/corpus_driver.c test/fuzz/$*_fuzz.c $(FUZZ_SRC_$*) $(FUZZ_LIBS)

fuzzcheck: $(foreach t,$(FUZZ_TARGETS),test/fuzz/$(t)_driver)
	@for t in $(FUZZ_TARGETS); do test/fuzz/$${t}_driver test/fuzz/corpus/$$t || exit 1; done

# Real fuzzing with libFuzzer when clang is there, FUZZ_SECONDS per target.
# New inputs go to test/fuzz/work/<name>, crashes to test/fuzz/crash-*; the
# seeds stay as they are.  libFuzzer's output goes to
# test/fuzz/work/<name>.log; one line per target says how many inputs ran
# in how many seconds, and a failing target prints the end of its log.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang

test/fuzz/%_fuzz: test/fuzz/%_fuzz.c $$(FUZZ_SRC_$$*) src/cuvr.h src/codes.h src/classify_core.h
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined $(FUZZ_FLAGS) -o $@ test/fuzz/$*_fuzz.c $(FUZZ_SRC_$*) $(FUZZ_LIBS)

ifneq ($(shell command -v $(FUZZ_CC) 2>/dev/null),)
fuzz: $(foreach t,$(FUZZ_TARGETS),test/fuzz/$(t)_fuzz)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p test/fuzz/work/$$t; \
		if ! test/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=test/fuzz/ \
			test/fuzz/work/$$t test/fuzz/corpus/$$t >test/fuzz/work/$$t.log 2>&1; then \
			tail -n 40 test/fuzz/work/$$t.log; \
			echo "fuzz $$t: FAILED, see test/fuzz/work/$$t.log"; \
			exit 1; \
		fi; \
		sed -n "s/^Done \([0-9]*\) runs in \([0-9]*\) second.*/fuzz $$t: \1 inputs in \2 s, no failure/p" \
			test/fuzz/work/$$t.log; \
	done
else
fuzz: fuzzcheck
	@echo "fuzz: $(FUZZ_CC) not found; ran the seed corpora only"
endif

