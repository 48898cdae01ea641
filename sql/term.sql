-- cuvr.term: input in English and Russian forms, canonical output, binary
-- I/O, ordering and hashing, constructor and accessors, clear errors.
\set SHOW_CONTEXT never
-- The operators live in schema cuvr, like the type.
SET search_path = public, cuvr;
SELECT t::text AS input, t::cuvr.term AS term
  FROM unnest(ARRAY['30 cd', '10 wd', '8 wh', '24 h', '30cd', ' 7  CD ', '+5 wd',
                    '30 календарных дней', '1 календарный день', '2 календарных дня', '30 к.д.', '30 кд',
                    '10 рабочих дней', '1 рабочий день', '3 рабочих дня', '10 р.д.', '10 Р.Д.',
                    '8 рабочих часов', '1 рабочий час', '2 рабочих часа', '8 р.ч.',
                    '24 часа', '1 час', '5 часов', '24 ч', '30 дней', '1 день', '2 дня', '3 суток',
                    '30 КАЛЕНДАРНЫХ ДНЕЙ', '2 рабочих дня', '12 working hours', '3 calendar days']) AS t;
-- Errors: negative, zero, absurd, unknown, empty, junk.
SELECT '-5 cd'::cuvr.term;
SELECT '0 wd'::cuvr.term;
SELECT '3661 cd'::cuvr.term;
SELECT '87841 h'::cuvr.term;
SELECT '99999999999999999999 cd'::cuvr.term;
SELECT '30 weeks'::cuvr.term;
SELECT '30'::cuvr.term;
SELECT 'cd'::cuvr.term;
SELECT ''::cuvr.term;
SELECT '30 cd please'::cuvr.term;
SELECT '30 лет'::cuvr.term;
-- The maxima are accepted.
SELECT '3660 cd'::cuvr.term, '3660 wd'::cuvr.term, '87840 wh'::cuvr.term, '87840 h'::cuvr.term;
-- Constructor and accessors.
SELECT cuvr.term(10, 'wd'), cuvr.term_value('8 р.ч.'), cuvr.term_unit('8 р.ч.');
SELECT cuvr.term(0, 'cd');
SELECT cuvr.term(5, 'weeks');
SELECT cuvr.term(NULL, 'cd') IS NULL AS strict;
-- Equality within and across units; ordering by unit, then count.
SELECT '30 cd'::cuvr.term = '30 календарных дней' AS same,
       '30 cd'::cuvr.term = '30 wd' AS different_unit,
       '10 cd'::cuvr.term < '30 cd' AS shorter,
       '30 cd'::cuvr.term <> '31 cd' AS differs;
SELECT t FROM unnest(ARRAY['24 h', '30 cd', '10 wd', '8 wh', '10 cd', '1 h']::cuvr.term[]) AS t ORDER BY t;
-- btree and hash indexes serve lookups.
CREATE TABLE term_test (t cuvr.term);
INSERT INTO term_test SELECT cuvr.term(1 + g % 60, (ARRAY['cd', 'wd', 'wh', 'h'])[1 + g % 4]) FROM generate_series(1, 2000) g;
CREATE INDEX term_test_btree ON term_test (t);
CREATE INDEX term_test_hash ON term_test USING hash (t);
ANALYZE term_test;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM term_test WHERE t = '10 wd';
SELECT count(*) FROM term_test WHERE t = '10 wd';
SELECT count(*) FROM term_test WHERE t BETWEEN '1 cd' AND '60 cd';
SET enable_indexscan = off;
SET enable_bitmapscan = on;
DROP INDEX term_test_btree;
EXPLAIN (COSTS OFF) SELECT count(*) FROM term_test WHERE t = '10 wd';
SELECT count(*) FROM term_test WHERE t = '10 wd';
RESET enable_seqscan;
RESET enable_bitmapscan;
RESET enable_indexscan;
SELECT count(DISTINCT t) AS distinct_terms FROM term_test;
-- Binary I/O round trip through COPY.
COPY term_test TO '/tmp/cuvr_term_test.bin' (FORMAT binary);
CREATE TABLE term_test_copy (t cuvr.term);
COPY term_test_copy FROM '/tmp/cuvr_term_test.bin' (FORMAT binary);
SELECT (SELECT count(*) FROM term_test_copy) AS copied,
       (SELECT count(*) FROM (SELECT t FROM term_test EXCEPT ALL SELECT t FROM term_test_copy) d) AS lost;
DROP TABLE term_test, term_test_copy;
