-- mass_appeals.sql -- near-duplicate appeals (same category and territory,
-- similar text, within mass_window) group into one problem once
-- mass_min_group of them exist; the problem grows; other categories,
-- territories, times and texts stay apart.  Rolls back.
BEGIN;
SELECT plan(26);
SET LOCAL search_path = public, cuvr;

CREATE TEMP TABLE m (k text PRIMARY KEY, appeal bigint);
CREATE FUNCTION pg_temp.reg(k text, txt text, cat text, terr text, received timestamptz DEFAULT now())
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO m VALUES (k, cuvr.register_appeal(jsonb_build_object('source', 'mass', 'external_id', k, 'region', 71,
        'channel', 'pos_form', 'text', txt, 'category', cat, 'territory', terr, 'received_at', received)))
    RETURNING appeal $$;
CREATE FUNCTION pg_temp.problem(k text) RETURNS bigint LANGUAGE sql AS $$
    SELECT a.problem_id FROM cuvr.appeal a JOIN m ON m.appeal = a.id WHERE m.k = $1 $$;

SELECT is(cuvr.signature_distance(cuvr.text_signature('Не вывозят мусор во дворе, контейнеры переполнены'),
                                  cuvr.text_signature('НЕ ВЫВОЗЯТ мусор во дворе!!! Контейнеры переполнены.')), 0,
          'case and punctuation do not change the signature');
SELECT cmp_ok(cuvr.signature_distance(cuvr.text_signature('Не вывозят мусор во дворе, контейнеры переполнены'),
                                      cuvr.text_signature('В поликлинике не принимает терапевт, очередь на месяц')), '>', 10,
              'unrelated texts are far apart');
SELECT is(cuvr.text_signature('12 34'), NULL::bigint, 'a text without words has no signature');
SELECT ok(cuvr.signature_keys(1, 5, '70701000', '2026-03-02 10:00+03')
          && cuvr.signature_keys(1 | (1::bigint << 40), 5, '70701000', '2026-03-02 20:00+03'),
          'signatures one bit apart received the same day share index keys');
SELECT ok(NOT (cuvr.signature_keys(1, 5, '70701000', '2026-03-02 10:00+03')
               && cuvr.signature_keys(1, 6, '70701000', '2026-03-02 10:00+03')),
          'another category gives other index keys');
SELECT ok(NOT (cuvr.signature_keys(1, 5, '70701000', '2026-03-02 10:00+03')
               && cuvr.signature_keys(1, 5, '70701000', '2026-03-03 10:00+03')),
          'another day gives other index keys');
-- The probe of a window finds the keys of every day in it, and no other.
SELECT is((SELECT array_agg(d::date ORDER BY d)
             FROM generate_series(timestamptz '2026-02-20 12:00+00', '2026-03-10 12:00+00', interval '1 day') AS d
            WHERE cuvr.signature_keys(1 | (1::bigint << 40), 5, '70701000', d)
                  && cuvr.signature_probe(1, 5, '70701000', timestamptz '2026-03-02 10:00+00' - interval '72 hours',
                                          timestamptz '2026-03-02 10:00+00' + interval '72 hours')),
          (SELECT array_agg(d::date ORDER BY d)
             FROM generate_series(date '2026-02-27', date '2026-03-05', interval '1 day') AS d),
          'the probe of 2 March +- 72 hours (UTC) finds 27 February to 5 March');
SELECT is(cardinality(cuvr.signature_probe(1, 5, '70701000', '2026-03-02 10:00+00', '2026-03-02 11:00+00')), 4,
          'a window within one day gives 4 keys');

SELECT pg_temp.reg('a1', 'Не вывозят мусор во дворе, контейнеры переполнены', 'waste.other', '70701000');
SELECT pg_temp.reg('a2', 'Не вывозят мусор во дворе, контейнеры переполнены!', 'waste.other', '70701000');
SELECT is(pg_temp.problem('a2'), NULL::bigint, 'two near-duplicates are not yet a problem (mass_min_group = 3)');
SELECT pg_temp.reg('a3', 'НЕ ВЫВОЗЯТ МУСОР ВО ДВОРЕ, КОНТЕЙНЕРЫ ПЕРЕПОЛНЕНЫ', 'waste.other', '70701000');
SELECT ok(pg_temp.problem('a3') IS NOT NULL, 'the third makes a problem');
SELECT is((SELECT count(DISTINCT a.problem_id)::int FROM cuvr.appeal a JOIN m ON m.appeal = a.id WHERE m.k IN ('a1', 'a2', 'a3')),
          1, 'all three belong to it');
SELECT pg_temp.reg('a4', 'Не вывозят мусор во дворе, контейнеры переполнены', 'waste.other', '70701000');
SELECT is(pg_temp.problem('a4'), pg_temp.problem('a1'), 'a fourth joins the problem');
-- Apart: another territory, another category, another time, another text.
SELECT pg_temp.reg('b1', 'Не вывозят мусор во дворе, контейнеры переполнены', 'waste.other', '70724000');
SELECT is(pg_temp.problem('b1'), NULL::bigint, 'another territory is another problem');
SELECT pg_temp.reg('c1', 'Не вывозят мусор во дворе, контейнеры переполнены', 'landscaping.other', '70701000');
SELECT is(pg_temp.problem('c1'), NULL::bigint, 'another category is another problem');
SELECT pg_temp.reg('d1', 'Не вывозят мусор во дворе, контейнеры переполнены', 'waste.other', '70701000', now() - interval '10 days');
SELECT is(pg_temp.problem('d1'), NULL::bigint, 'outside mass_window it stands apart');
SELECT pg_temp.reg('e1', 'Во дворе сломаны качели и горка на детской площадке', 'waste.other', '70701000');
SELECT is(pg_temp.problem('e1'), NULL::bigint, 'a different text stands apart');
INSERT INTO m VALUES ('f1', cuvr.register_appeal(jsonb_build_object('source', 'mass', 'external_id', 'f1', 'region', 71,
    'channel', 'pos_form', 'text', 'Не вывозят мусор во дворе, контейнеры переполнены', 'category', 'waste.other',
    'territory', '70701000', 'lat', 54.30, 'lon', 37.70)));
SELECT ok(pg_temp.problem('f1') IS NOT NULL, 'coordinates on one side only do not keep it apart');
-- The journal and BI.
SELECT is((SELECT count(*)::int FROM cuvr.appeal_event e JOIN m ON m.appeal = e.appeal_id WHERE e.action = 'group'), 5,
          'each grouped appeal has a group event');
SELECT results_eq($$SELECT appeals, open_appeals, category_code, territory_oktmo FROM cuvr_bi.problems$$,
                  $$VALUES (5::bigint, 5::bigint, 'waste.other'::text, '70701000'::text)$$,
                  'cuvr_bi.problems shows the problem with its size');

-- The search reads the window's days only: old near-duplicates are not
-- even candidates (the index is not asked for them).
INSERT INTO m SELECT 'old' || i, cuvr.register_appeal(jsonb_build_object('source', 'mass', 'external_id', 'old' || i,
    'region', 71, 'channel', 'pos_form', 'text', 'Не вывозят мусор во дворе, контейнеры переполнены',
    'category', 'waste.other', 'territory', '70701000', 'received_at', now() - interval '40 days' + i * interval '1 minute'))
  FROM generate_series(1, 50) AS i;
SELECT is((SELECT count(*)::int FROM cuvr.appeal AS x, cuvr.appeal AS a
            WHERE a.id = (SELECT appeal FROM m WHERE k = 'a4')
              AND cuvr.signature_keys(x.signature, x.category_id, x.territory, x.received_at)
                  && cuvr.signature_probe(a.signature, a.category_id, a.territory,
                                          a.received_at - interval '72 hours', a.received_at + interval '72 hours')),
          5, 'candidates of a4: the five near-duplicates of its window, not the 50 from 40 days ago');
-- A growing flood: five near-duplicates stand apart (mass_min_group was 10
-- when they came), and only the last is in a problem.  The sixth finds that
-- problem beyond the first mass_min_group near-duplicates and joins it.
UPDATE cuvr.setting SET value = '10' WHERE name = 'mass_min_group';
SELECT pg_temp.reg('g' || i, 'Яма на дороге у остановки, колесо пробил', 'roads.other', '70712000')
  FROM generate_series(1, 5) AS i;
UPDATE cuvr.setting SET value = '3' WHERE name = 'mass_min_group';
WITH p AS (INSERT INTO cuvr.problem (region_code, category_id, territory)
           SELECT 71, id, '70712000' FROM cuvr.category WHERE code = 'roads.other' RETURNING id)
UPDATE cuvr.appeal SET problem_id = (SELECT id FROM p) WHERE id = (SELECT appeal FROM m WHERE k = 'g5');
SELECT pg_temp.reg('g6', 'Яма на дороге у остановки, колесо пробил!', 'roads.other', '70712000');
SELECT is(pg_temp.problem('g6'), pg_temp.problem('g5'),
          'a growing flood: the problem of a near-duplicate past the first mass_min_group is found and joined');
SELECT is((SELECT count(*)::int FROM cuvr.problem WHERE territory = '70712000'), 1, 'and no second problem is made');
-- mass_window is checked when it is set: the search covers at most 183 days either side.
SELECT throws_ok($$UPDATE cuvr.setting SET value = '1 year' WHERE name = 'mass_window'$$, '22023',
                 'setting mass_window is out of range: 1 year', 'a mass_window of a year is refused');
SELECT throws_ok($$UPDATE cuvr.setting SET value = '-1 hour' WHERE name = 'mass_window'$$, '22023', NULL,
                 'a negative mass_window is refused');
SELECT throws_ok($$UPDATE cuvr.setting SET value = 'soon' WHERE name = 'mass_window'$$, '22007',
                 'setting mass_window is not an interval: "soon"', 'a mass_window that is no interval is refused');
SELECT lives_ok($$UPDATE cuvr.setting SET value = '183 days' WHERE name = 'mass_window'$$,
                'a mass_window of 183 days is taken');
SELECT * FROM finish();
ROLLBACK;
