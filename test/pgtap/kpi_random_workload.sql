-- kpi_random_workload.sql -- random workloads of registrations, assignments,
-- redirects, answers, ratings (negative ones escalate), reclassifications,
-- closures, overdue marks and bulk inserts, with merges at random points.
-- After every round the incremental KPIs (rollup + unmerged delta) equal the
-- from-scratch GROUP BY, and after a merge the rollup alone equals it.  The
-- seed is printed, so a failure can be replayed.  Rolls back.
BEGIN;
SELECT plan(29);

INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name, coordinator) VALUES
    (8800, 71, NULL, 'regional', 'cur', 'ЦУР', true),
    (8801, 71, 8800, 'regional', 'oiv', 'Министерство транспорта', false),
    (8802, 71, 8800, 'regional', 'oiv', 'Министерство ЖКХ', false),
    (8803, 71, 8802, 'municipal', 'omsu', 'Администрация', false),
    (8804, 71, 8803, 'institution', 'institution', 'Управляющая компания', false),
    (8810, 77, NULL, 'regional', 'cur', 'ЦУР Москвы', true),
    (8811, 77, 8810, 'regional', 'oiv', 'Департамент', false);

CREATE TEMP TABLE kpi_seed AS SELECT (extract(epoch FROM clock_timestamp())::bigint % 100000) AS seed;
SELECT diag('seed ' || seed) FROM kpi_seed;
SELECT setseed((seed % 100000) / 100000.0) FROM kpi_seed;

-- Incremental minus from scratch, both ways; empty when they agree.
CREATE TEMP VIEW kpi_diff AS
WITH cur AS (
    SELECT region_code, day, body_id, category_id, channel, response_days,
           sum(received) AS received, sum(answered) AS answered, sum(answered_on_time) AS answered_on_time,
           sum(overdue_open) AS overdue_open, sum(ratings) AS ratings, sum(rating_sum) AS rating_sum,
           sum(negative_ratings) AS negative_ratings, sum(escalations) AS escalations
      FROM cuvr.kpi_current GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(received) <> 0 OR sum(answered) <> 0 OR sum(answered_on_time) <> 0 OR sum(overdue_open) <> 0
        OR sum(ratings) <> 0 OR sum(rating_sum) <> 0 OR sum(negative_ratings) <> 0 OR sum(escalations) <> 0)
(SELECT 'missing' AS side, * FROM cuvr.kpi_recomputed EXCEPT SELECT 'missing', * FROM cur)
UNION ALL
(SELECT 'extra', * FROM cur EXCEPT SELECT 'extra', * FROM cuvr.kpi_recomputed);

-- The same for the monthly rollup.
CREATE TEMP VIEW kpi_monthly_diff AS
WITH cur AS (
    SELECT region_code, month, body_id, response_days, sum(received) AS received, sum(answered) AS answered, sum(answered_on_time) AS answered_on_time, sum(overdue_open) AS overdue_open, sum(ratings) AS ratings, sum(rating_sum) AS rating_sum, sum(negative_ratings) AS negative_ratings, sum(escalations) AS escalations
      FROM cuvr.kpi_monthly_current GROUP BY 1, 2, 3, 4
    HAVING sum(received) <> 0 OR sum(answered) <> 0 OR sum(answered_on_time) <> 0 OR sum(overdue_open) <> 0 OR sum(ratings) <> 0 OR sum(rating_sum) <> 0 OR sum(negative_ratings) <> 0 OR sum(escalations) <> 0),
scratch AS (
    SELECT region_code, date_trunc('month', day::timestamp)::date AS month, body_id, response_days, sum(received) AS received, sum(answered) AS answered, sum(answered_on_time) AS answered_on_time, sum(overdue_open) AS overdue_open, sum(ratings) AS ratings, sum(rating_sum) AS rating_sum, sum(negative_ratings) AS negative_ratings, sum(escalations) AS escalations
      FROM cuvr.kpi_recomputed GROUP BY 1, 2, 3, 4)
(SELECT 'missing' AS side, * FROM scratch EXCEPT SELECT 'missing', * FROM cur)
UNION ALL
(SELECT 'extra', * FROM cur EXCEPT SELECT 'extra', * FROM scratch);

-- One round: n random steps over the appeals of this test.
CREATE FUNCTION pg_temp.kpi_round(round integer, n integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    categories text[] := ARRAY(SELECT code FROM cuvr.category ORDER BY id LIMIT 40);
    channels text[] := ARRAY['email', 'pos_app', 'pos_form', 'hotline', 'social_network'];
    bodies71 integer[] := ARRAY[8801, 8802, 8803, 8804];
    a record;
    step integer;
    done integer := 0;
    region integer;
BEGIN
    FOR step IN 1 .. n LOOP
      -- A step that fails rolls back its subtransaction, KPI terms included.
      BEGIN
        CASE floor(random() * 10)::integer
        WHEN 0, 1, 2 THEN
            region := CASE WHEN random() < 0.8 THEN 71 ELSE 77 END;
            PERFORM cuvr.register_appeal(jsonb_build_object(
                'source', 'kpi-rand', 'external_id', round || '-' || step, 'region', region,
                'channel', channels[1 + floor(random() * 5)::integer],
                'text', 'Проблема номер ' || step,
                'category', CASE WHEN random() < 0.9 THEN categories[1 + floor(random() * 40)::integer] END,
                'received_at', now() - interval '20 days',
                'due_at', CASE WHEN random() < 0.3 THEN now() - interval '3 days' END));
        WHEN 3 THEN
            SELECT * INTO a FROM cuvr.appeal WHERE source = 'kpi-rand' AND status IN ('registered', 'triage')
             ORDER BY random() LIMIT 1;
            IF FOUND THEN
                PERFORM cuvr.assign(a.id, CASE WHEN a.region_code = 71 THEN bodies71[1 + floor(random() * 4)::integer] ELSE 8811 END);
            END IF;
        WHEN 4 THEN
            SELECT * INTO a FROM cuvr.appeal WHERE source = 'kpi-rand' AND status IN ('assigned', 'in_progress', 'escalated')
             ORDER BY random() LIMIT 1;
            IF FOUND THEN
                PERFORM cuvr.answer(a.id, 'Ответ ' || step,
                                    (ARRAY['supported', 'measures_taken', 'not_supported', 'explained'])[1 + floor(random() * 4)::integer]);
            END IF;
        WHEN 5 THEN
            SELECT * INTO a FROM cuvr.appeal x WHERE source = 'kpi-rand' AND status = 'answered'
               AND NOT EXISTS (SELECT 1 FROM cuvr.rating r JOIN cuvr.answer n ON n.id = r.answer_id
                                WHERE n.appeal_id = x.id AND n.id = (SELECT max(id) FROM cuvr.answer WHERE appeal_id = x.id))
             ORDER BY random() LIMIT 1;
            IF FOUND THEN
                PERFORM cuvr.rate(a.id, 1 + floor(random() * 5)::integer);  -- 1-2 escalate
            END IF;
        WHEN 6 THEN
            SELECT * INTO a FROM cuvr.appeal WHERE source = 'kpi-rand' AND status IN ('assigned', 'in_progress')
               AND region_code = 71 ORDER BY random() LIMIT 1;
            IF FOUND THEN
                region := bodies71[1 + floor(random() * 4)::integer];
                IF region IS DISTINCT FROM a.body_id THEN
                    PERFORM cuvr.redirect(a.id, region, 'Не по компетенции');
                END IF;
            END IF;
        WHEN 7 THEN
            SELECT * INTO a FROM cuvr.appeal WHERE source = 'kpi-rand' AND status NOT IN ('closed', 'rejected')
             ORDER BY random() LIMIT 1;
            IF FOUND THEN
                PERFORM cuvr.reclassify(a.id, categories[1 + floor(random() * 40)::integer]);
            END IF;
        WHEN 8 THEN
            SELECT * INTO a FROM cuvr.appeal WHERE source = 'kpi-rand' AND status = 'answered' ORDER BY random() LIMIT 1;
            IF FOUND THEN
                PERFORM cuvr.close(a.id, 'Закрыто');
            END IF;
        ELSE
            IF random() < 0.5 THEN
                PERFORM cuvr.run_maintenance();          -- overdue marks, then a merge
            ELSE
                PERFORM cuvr.kpi_merge();
            END IF;
        END CASE;
        done := done + 1;
      EXCEPTION WHEN others THEN
        RAISE NOTICE 'round % step %: %', round, step, SQLERRM;
      END;
    END LOOP;
    RETURN done;
END
$$;

-- Ten rounds; after each, incremental = from scratch; after each merge, the
-- rollup alone = from scratch.
SELECT is(pg_temp.kpi_round(r, 60), 60, format('round %s: 60 random steps ran', r))
  FROM generate_series(1, 1) AS r;
SELECT is_empty('SELECT * FROM kpi_diff', 'round 1: rollup + delta equal the from-scratch GROUP BY');
SELECT is(pg_temp.kpi_round(2, 60), 60, 'round 2: 60 random steps ran');
SELECT is_empty('SELECT * FROM kpi_diff', 'round 2: rollup + delta equal the from-scratch GROUP BY');
SELECT is(pg_temp.kpi_round(3, 60), 60, 'round 3: 60 random steps ran');
SELECT is_empty('SELECT * FROM kpi_diff', 'round 3: rollup + delta equal the from-scratch GROUP BY');
SELECT ok(cuvr.kpi_merge() >= 0, 'round 3: merged');
SELECT is((SELECT count(*)::integer FROM cuvr.kpi_delta), 0, 'round 3: the merge emptied the delta');
SELECT is_empty('SELECT * FROM kpi_diff', 'round 3: after the merge the rollup alone equals the from-scratch GROUP BY');
SELECT is_empty('SELECT * FROM kpi_monthly_diff', 'round 3: the monthly rollup + delta equal the from-scratch GROUP BY by month');
SELECT is(pg_temp.kpi_round(4, 80), 80, 'round 4: 80 random steps ran');
SELECT is_empty('SELECT * FROM kpi_diff', 'round 4: rollup + delta equal the from-scratch GROUP BY');
SELECT is(pg_temp.kpi_round(5, 80), 80, 'round 5: 80 random steps ran');
SELECT is_empty('SELECT * FROM kpi_diff', 'round 5: rollup + delta equal the from-scratch GROUP BY');
-- A bulk statement: 300 appeals of region 71 already overdue, as a restore
-- would insert them.
INSERT INTO cuvr.appeal (region_code, id, reg_number, source, external_id, channel, kind, status, body_id, category_id,
                         text, received_at, registered_at, due_at, overdue_at)
SELECT 71, 71000000000000000 + 880000 + g, '71-26-krnd' || g, 'kpi-bulk', g::text, 'email', 'appeal', 'assigned',
       8801 + g % 4, (SELECT min(id) FROM cuvr.category), 'Мусор', now() - interval '20 days', now() - interval '20 days',
       now() - interval '1 day', now()
  FROM generate_series(1, 300) AS g;
SELECT is_empty('SELECT * FROM kpi_diff', 'a bulk insert of overdue appeals: rollup + delta equal the from-scratch GROUP BY');
SELECT is(pg_temp.kpi_round(6, 80), 80, 'round 6: 80 random steps ran');
SELECT is_empty('SELECT * FROM kpi_diff', 'round 6: rollup + delta equal the from-scratch GROUP BY');
SELECT is_empty('SELECT * FROM kpi_monthly_diff', 'round 6: the monthly rollup + delta equal the from-scratch GROUP BY by month');
-- A bulk reassignment of them all moves every term at once.
UPDATE cuvr.appeal SET body_id = 8803 WHERE source = 'kpi-bulk';
SELECT is_empty('SELECT * FROM kpi_diff', 'a bulk reassignment: rollup + delta equal the from-scratch GROUP BY');
SELECT is(pg_temp.kpi_round(7, 80), 80, 'round 7: 80 random steps ran');
SELECT is(pg_temp.kpi_round(8, 80), 80, 'round 8: 80 random steps ran');
SELECT is_empty('SELECT * FROM kpi_diff', 'round 8: rollup + delta equal the from-scratch GROUP BY');
SELECT ok(cuvr.kpi_merge() >= 0, 'final merge');
SELECT is_empty('SELECT * FROM kpi_diff', 'after the final merge the rollup alone equals the from-scratch GROUP BY');
SELECT is_empty('SELECT * FROM kpi_monthly_diff', 'after the final merge the monthly rollup equals the from-scratch GROUP BY by month');
-- The workload really exercised every measure.
SELECT ok((SELECT sum(received) > 300 AND sum(answered) > 10 AND sum(ratings) > 3 AND sum(escalations) > 0
                  AND sum(overdue_open) > 0 AND sum(answered) > sum(answered_on_time)
             FROM cuvr_bi.kpi_daily WHERE region_code IN (71, 77)),
          'the workload produced receipts, answers, late answers, ratings, escalations and overdue appeals');
SELECT ok((SELECT count(*) FROM cuvr.appeal_event WHERE action IN ('redirect', 'reclassify') AND appeal_id IN
             (SELECT id FROM cuvr.appeal WHERE source = 'kpi-rand')) > 0,
          'the workload redirected and reclassified appeals');
SELECT is((SELECT count(*)::integer FROM cuvr.kpi_monthly
            WHERE received = 0 AND answered = 0 AND answered_on_time = 0 AND overdue_open = 0
              AND ratings = 0 AND rating_sum = 0 AND negative_ratings = 0 AND escalations = 0), 0,
          'no empty rows are left in the monthly rollup');
SELECT is((SELECT count(*)::integer FROM cuvr.kpi_rollup
            WHERE received = 0 AND answered = 0 AND answered_on_time = 0 AND overdue_open = 0
              AND ratings = 0 AND rating_sum = 0 AND negative_ratings = 0 AND escalations = 0), 0,
          'no empty rows are left in the rollup');

SELECT * FROM finish();
ROLLBACK;
