-- cuvr.tok_code and cuvr.oktmo: text and binary I/O, strict validation with
-- clear errors, ordering, hashing, hierarchy, containment and index use.
\set SHOW_CONTEXT never
-- The operators live in schema cuvr, like the types.
SET search_path = public, cuvr;

-- ---------------------------------------------------------------- tok_code
-- Valid codes; blanks around a code are trimmed.
SELECT t AS input, t::cuvr.tok_code AS code, cuvr.tok_level(t::cuvr.tok_code) AS level,
       cuvr.tok_parent(t::cuvr.tok_code) AS parent
  FROM unnest(ARRAY['0005', '0005.0005', '0005.0005.0056', '0005.0005.0056.1160',
                    '0005.0005.0056.1160.0001', '  0001.0002  ', '0000', '9999.9999.9999.9999.9999']) AS t;
-- Errors: empty, bad characters, empty blocks, a trailing dot, short and long
-- blocks, too many blocks.
SELECT ''::cuvr.tok_code;
SELECT '   '::cuvr.tok_code;
SELECT '0005 .0005'::cuvr.tok_code;
SELECT '0005,0005'::cuvr.tok_code;
SELECT '0005.ООО5'::cuvr.tok_code;
SELECT '.0005'::cuvr.tok_code;
SELECT '0005..0005'::cuvr.tok_code;
SELECT '0005.'::cuvr.tok_code;
SELECT '0005.0005.056'::cuvr.tok_code;
SELECT '5'::cuvr.tok_code;
SELECT '00005'::cuvr.tok_code;
SELECT '0005.0005.0056.1160.0001.0002'::cuvr.tok_code;
SELECT '-005'::cuvr.tok_code;
-- Ordering: block by block, a parent right before its descendants.
SELECT t FROM unnest(ARRAY['0006', '0005.0001', '0005', '0005.0000', '0005.0000.0000',
                           '0004.9999.9999.9999.9999', '0005.0001.0000', '0010']::cuvr.tok_code[]) AS t
 ORDER BY t;
SELECT '0005'::cuvr.tok_code = ' 0005 ' AS eq, '0005'::cuvr.tok_code <> '0005.0000' AS ne,
       '0005'::cuvr.tok_code < '0005.0000' AS lt, '0005.9999'::cuvr.tok_code < '0006' AS lt2,
       '0006'::cuvr.tok_code >= '0005.9999.9999' AS ge, '0005'::cuvr.tok_code <= '0005' AS le;
-- Containment both ways: self, parent, grandparent, sibling, unrelated.
SELECT a, b, a::cuvr.tok_code @> b::cuvr.tok_code AS contains, a::cuvr.tok_code <@ b::cuvr.tok_code AS contained
  FROM (VALUES ('0005.0005.0056', '0005.0005.0056'),
               ('0005.0005', '0005.0005.0056'),
               ('0005', '0005.0005.0056'),
               ('0005.0005.0056', '0005'),
               ('0005.0005.0057', '0005.0005.0056'),
               ('0005.0006', '0005.0005.0056'),
               ('0001', '0005.0005.0056')) AS v(a, b);
SELECT cuvr.tok_parent('0005') IS NULL AS top_has_no_parent,
       cuvr.tok_parent(cuvr.tok_parent(cuvr.tok_parent(cuvr.tok_parent('0005.0005.0056.1160.0001')))) AS root;
SELECT cuvr.tok_level(NULL) IS NULL AS strict;

-- ---------------------------------------------------------------- oktmo
-- Valid codes; blanks are dropped, 8 and 11 digits keep their length.
SELECT o AS input, o::cuvr.oktmo AS code, cuvr.oktmo_level(o::cuvr.oktmo) AS level,
       cuvr.oktmo_parent(o::cuvr.oktmo) AS parent, cuvr.oktmo_prefix(o::cuvr.oktmo) AS prefix
  FROM unnest(ARRAY['70701000', '70 701 000', '70 701 000 001', '70701000001', '70000000',
                    '70612101', '70612101106', ' 45 000 000 ', '70701000000', '01000000']) AS o;
-- Errors: wrong number of digits, bad characters, subject 00, empty.
SELECT '7070100'::cuvr.oktmo;
SELECT '707010001'::cuvr.oktmo;
SELECT '7070100000'::cuvr.oktmo;
SELECT '707010000011'::cuvr.oktmo;
SELECT '70-701-000'::cuvr.oktmo;
SELECT '70701000а'::cuvr.oktmo;
SELECT '00701000'::cuvr.oktmo;
SELECT ''::cuvr.oktmo;
-- The region behind a code, through cuvr.region.oktmo_prefix.
SELECT o, cuvr.oktmo_region(o::cuvr.oktmo) AS region
  FROM unnest(ARRAY['70701000', '70701000001', '45000000', '40000000', '99000000', '02000000']) AS o;
-- Ordering by the 11-digit form; an 8-digit code equals its 11-digit form.
SELECT o FROM unnest(ARRAY['70701000001', '70000000', '71000000', '70701000', '70612101',
                           '69999999999', '70701001']::cuvr.oktmo[]) AS o
 ORDER BY o;
SELECT '70701000'::cuvr.oktmo = '70701000000' AS same_territory,
       '70701000'::cuvr.oktmo = '70701000001' AS different,
       '70701000'::cuvr.oktmo < '70701000001' AS parent_first,
       '70701000'::cuvr.oktmo <> '70 701 000' AS ne;
-- Containment both ways: self, parent, grandparent, sibling, unrelated.
SELECT a, b, a::cuvr.oktmo @> b::cuvr.oktmo AS contains, a::cuvr.oktmo <@ b::cuvr.oktmo AS contained
  FROM (VALUES ('70701000', '70701000'),
               ('70701000', '70701000001'),
               ('70000000', '70701000001'),
               ('70000000', '70701000'),
               ('70701000001', '70000000'),
               ('70701000002', '70701000001'),
               ('70612000', '70612101'),
               ('70701000', '70612101'),
               ('71000000', '70701000001'),
               ('70701000', '70701000000')) AS v(a, b);
SELECT cuvr.oktmo_parent('70000000') IS NULL AS subject_has_no_parent,
       cuvr.oktmo_parent(cuvr.oktmo_parent(cuvr.oktmo_parent('70612101106'))) AS subject;

-- ---------------------------------------------------------------- indexes
CREATE TABLE codes_test (id integer, tok cuvr.tok_code, okt cuvr.oktmo);
INSERT INTO codes_test
SELECT g,
       format('%s.%s.%s', lpad((1 + g % 7)::text, 4, '0'), lpad((g % 13)::text, 4, '0'),
              lpad((g % 11)::text, 4, '0'))::cuvr.tok_code,
       format('%s%s%s', 60 + g % 15, lpad((600 + g % 11)::text, 3, '0'),
              CASE WHEN g % 3 = 0 THEN '000' ELSE lpad((g % 17)::text, 3, '0') END)::cuvr.oktmo
  FROM generate_series(1, 5000) g;
INSERT INTO codes_test VALUES (0, '0005', '70000000'), (-1, '0005.0005', '70701000');
CREATE INDEX codes_test_tok ON codes_test (tok);
CREATE INDEX codes_test_okt ON codes_test (okt);
ANALYZE codes_test;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
-- <@ and @> with a constant become a btree range, with no recheck.
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes_test WHERE tok <@ '0005.0005';
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes_test WHERE '0005.0005' @> tok;
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes_test WHERE tok <@ '0005.0005.0056.1160.0001';
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes_test WHERE okt <@ '70000000';
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes_test WHERE '70 602 000' @> okt;
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes_test WHERE okt <@ '70602000001';
-- The index gives the same answers as a scan of the table.
SELECT count(*) FROM codes_test WHERE tok <@ '0005.0005';
SELECT count(*) FROM codes_test WHERE '0005.0005' @> tok;
SELECT count(*) FROM codes_test WHERE tok <@ '0005';
SELECT count(*) FROM codes_test WHERE okt <@ '70000000';
SELECT count(*) FROM codes_test WHERE '70 602 000' @> okt;
SELECT count(*) FROM codes_test WHERE okt <@ '70602000001';
SELECT count(*) FROM codes_test WHERE okt = '70602000';
RESET enable_seqscan;
RESET enable_bitmapscan;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM codes_test WHERE tok <@ '0005.0005';
SELECT count(*) FROM codes_test WHERE tok <@ '0005';
SELECT count(*) FROM codes_test WHERE okt <@ '70000000';
SELECT count(*) FROM codes_test WHERE '70 602 000' @> okt;
SELECT count(*) FROM codes_test WHERE okt <@ '70602000001';
SELECT count(*) FROM codes_test WHERE okt = '70602000';
RESET enable_indexscan;
RESET enable_bitmapscan;
-- Hash indexes serve equality.
DROP INDEX codes_test_tok, codes_test_okt;
CREATE INDEX codes_test_tok_hash ON codes_test USING hash (tok);
CREATE INDEX codes_test_okt_hash ON codes_test USING hash (okt);
SET enable_seqscan = off;
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes_test WHERE tok = '0005.0005.0003';
SELECT count(*) FROM codes_test WHERE tok = '0005.0005.0003';
EXPLAIN (COSTS OFF) SELECT count(*) FROM codes_test WHERE okt = '70602000';
SELECT count(*) FROM codes_test WHERE okt = '70602000000';
RESET enable_seqscan;
RESET enable_indexscan;
-- Hash aggregation and hash joins agree with sorting and merge joins; an
-- 8-digit code joins its 11-digit form.
SELECT count(DISTINCT tok) AS tok_codes, count(DISTINCT okt) AS oktmo_codes FROM codes_test;
SET enable_sort = off;
SELECT count(*) AS groups FROM (SELECT tok, okt FROM codes_test GROUP BY tok, okt) g;
RESET enable_sort;
CREATE TABLE codes_test_long AS
SELECT id, tok, format('%s%s', okt, CASE WHEN length(okt::text) = 8 THEN '000' ELSE '' END)::cuvr.oktmo AS okt
  FROM codes_test;
SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT count(*) AS hash_joined FROM codes_test a JOIN codes_test_long b ON a.okt = b.okt AND a.tok = b.tok;
RESET enable_mergejoin;
SET enable_hashjoin = off;
SELECT count(*) AS merge_joined FROM codes_test a JOIN codes_test_long b ON a.okt = b.okt AND a.tok = b.tok;
RESET enable_hashjoin;
RESET enable_nestloop;

-- ---------------------------------------------------------------- binary I/O
COPY codes_test TO '/tmp/cuvr_codes_test.bin' (FORMAT binary);
CREATE TABLE codes_test_copy (LIKE codes_test);
COPY codes_test_copy FROM '/tmp/cuvr_codes_test.bin' (FORMAT binary);
SELECT (SELECT count(*) FROM codes_test_copy) AS copied,
       (SELECT count(*) FROM (SELECT id, tok::text, okt::text FROM codes_test
                              EXCEPT ALL
                              SELECT id, tok::text, okt::text FROM codes_test_copy) d) AS lost;
SELECT cuvr.tok_code_send('0005.0005.0056'), cuvr.oktmo_send('70701000'), cuvr.oktmo_send('70701000001');
DROP TABLE codes_test, codes_test_copy, codes_test_long;
