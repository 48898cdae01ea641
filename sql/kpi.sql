-- The incremental KPI rollup: every change leaves its terms in the delta,
-- cuvr_bi.kpi_daily is current before any merge, a merge moves the delta
-- into the rollup, and rollup + delta always equal the from-scratch GROUP BY.
-- Then the body rating, the problem map and the workload per theme.
\set SHOW_CONTEXT never
SET client_min_messages = error;
-- The difference between incremental and from-scratch KPIs: must stay empty.
CREATE TEMP VIEW kpi_mismatch AS
WITH cur AS (
    SELECT region_code, day, body_id, category_id, channel, response_days,
           sum(received) AS received, sum(answered) AS answered, sum(answered_on_time) AS answered_on_time,
           sum(overdue_open) AS overdue_open, sum(ratings) AS ratings, sum(rating_sum) AS rating_sum,
           sum(negative_ratings) AS negative_ratings, sum(escalations) AS escalations
      FROM cuvr.kpi_current GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(received) <> 0 OR sum(answered) <> 0 OR sum(answered_on_time) <> 0 OR sum(overdue_open) <> 0
        OR sum(ratings) <> 0 OR sum(rating_sum) <> 0 OR sum(negative_ratings) <> 0 OR sum(escalations) <> 0),
scratch AS (SELECT * FROM cuvr.kpi_recomputed)
(SELECT 'missing' AS side, * FROM scratch EXCEPT SELECT 'missing', * FROM cur)
UNION ALL
(SELECT 'extra', * FROM cur EXCEPT SELECT 'extra', * FROM scratch);
-- The same for the monthly rollup that dashboards and the body rating read.
CREATE TEMP VIEW kpi_monthly_mismatch AS
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
SELECT cuvr.kpi_merge() >= 0 AS merged_earlier_tests;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;

INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name) VALUES
    (701, 77, NULL, 'regional', 'cur', 'ЦУР Москвы'),
    (702, 77, 701, 'regional', 'oiv', 'Департамент транспорта'),
    (703, 77, 701, 'regional', 'oiv', 'Департамент ЖКХ'),
    (704, 77, 702, 'municipal', 'omsu', 'Управа района');
UPDATE cuvr.setting SET value = '2' WHERE name = 'body_rating_min_answers';

-- Six appeals, two channels, two categories.
SELECT cuvr.register_appeal(jsonb_build_object('source', 'kpi', 'external_id', g::text, 'region', 77,
           'channel', CASE WHEN g <= 4 THEN 'pos_app' ELSE 'email' END,
           'text', 'Автобус не пришёл', 'category', CASE WHEN g <= 3 THEN 'transport.other' ELSE 'housing.other' END,
           'territory', CASE WHEN g <= 3 THEN '45380000' ELSE '45381000' END)) IS NOT NULL AS registered
  FROM generate_series(1, 6) AS g;
SELECT id AS a1 FROM cuvr.appeal WHERE source = 'kpi' AND external_id = '1' \gset
SELECT id AS a2 FROM cuvr.appeal WHERE source = 'kpi' AND external_id = '2' \gset
SELECT id AS a3 FROM cuvr.appeal WHERE source = 'kpi' AND external_id = '3' \gset
SELECT id AS a4 FROM cuvr.appeal WHERE source = 'kpi' AND external_id = '4' \gset
SELECT id AS a5 FROM cuvr.appeal WHERE source = 'kpi' AND external_id = '5' \gset
SELECT id AS a6 FROM cuvr.appeal WHERE source = 'kpi' AND external_id = '6' \gset
-- Current before any merge: the delta holds them, kpi_daily shows them.
SELECT count(*) > 0 AS delta_written FROM cuvr.kpi_delta WHERE region_code = 77;
SELECT channel, sum(received) AS received FROM cuvr_bi.kpi_daily WHERE region_code = 77 GROUP BY 1 ORDER BY 1;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;

-- Assign, answer, rate; one negative rating escalates 702 -> 701.
SELECT cuvr.assign(:a1, 702), cuvr.assign(:a2, 702), cuvr.assign(:a3, 702), cuvr.assign(:a4, 703), cuvr.assign(:a5, 703);
SELECT cuvr.answer(:a1, 'Рейс восстановлен', 'measures_taken') > 0 AS answered,
       cuvr.answer(:a2, 'Рейс восстановлен', 'measures_taken') > 0 AS answered,
       cuvr.answer(:a4, 'Подъезд убран', 'supported') > 0 AS answered;
SELECT cuvr.rate(:a1, 5), cuvr.rate(:a2, 1), cuvr.rate(:a4, 4);
SELECT status, body_id FROM cuvr.appeal WHERE id = :a2;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;
-- Merge: the delta empties into the rollup; nothing changes for readers.
CREATE TEMP TABLE before_merge AS SELECT * FROM cuvr_bi.kpi_daily WHERE region_code = 77;
SELECT cuvr.kpi_merge() > 0 AS merged;
SELECT count(*) AS delta_rows FROM cuvr.kpi_delta;
SELECT cuvr.kpi_merge() AS merged_again;
SELECT count(*) AS changed_for_readers FROM (
    (SELECT * FROM before_merge EXCEPT SELECT * FROM cuvr_bi.kpi_daily WHERE region_code = 77)
    UNION ALL
    (SELECT * FROM cuvr_bi.kpi_daily WHERE region_code = 77 EXCEPT SELECT * FROM before_merge)) AS d;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;
SELECT body_id, channel, received, answered, answered_on_time, ratings, rating_sum, negative_ratings, escalations
  FROM cuvr_bi.kpi_daily WHERE region_code = 77 ORDER BY body_id NULLS FIRST, channel;

-- Re-keying: reclassify moves received, answers and ratings of a3/a1 to the
-- new category; redirect moves received to the new body.
SELECT cuvr.reclassify(:a1, 'housing.other');
SELECT cuvr.redirect(:a3, 704, 'Компетенция управы');
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;
SELECT cuvr.kpi_merge() > 0 AS merged;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;
-- Keys whose terms cancelled out leave no row in the rollup.
SELECT (SELECT count(*) FROM cuvr.kpi_rollup
         WHERE received = 0 AND answered = 0 AND answered_on_time = 0 AND overdue_open = 0
           AND ratings = 0 AND rating_sum = 0 AND negative_ratings = 0 AND escalations = 0) AS empty_rollup_rows,
       (SELECT count(*) FROM cuvr.kpi_monthly
         WHERE received = 0 AND answered = 0 AND answered_on_time = 0 AND overdue_open = 0
           AND ratings = 0 AND rating_sum = 0 AND negative_ratings = 0 AND escalations = 0) AS empty_monthly_rows;
-- The dashboard view agrees with kpi_daily.
SELECT count(*) AS monthly_vs_daily FROM (
    (SELECT month, region_code, body_id, received, answered, answered_on_time, overdue_open, ratings, rating_sum,
            negative_ratings, escalations FROM cuvr_bi.kpi_monthly WHERE region_code = 77
     EXCEPT
     SELECT date_trunc('month', day::timestamp)::date, region_code, body_id, sum(received), sum(answered),
            sum(answered_on_time), sum(overdue_open), sum(ratings), sum(rating_sum), sum(negative_ratings), sum(escalations)
       FROM cuvr_bi.kpi_daily WHERE region_code = 77 GROUP BY 1, 2, 3)) AS d;
SELECT c.code AS category, sum(k.received) AS received, sum(k.answered) AS answered, sum(k.ratings) AS ratings
  FROM cuvr_bi.kpi_daily k JOIN cuvr.category c ON c.id = k.category_id
 WHERE k.region_code = 77 GROUP BY 1 ORDER BY 1;

-- Overdue: found by maintenance, counted on the due day, gone when answered.
UPDATE cuvr.appeal SET due_at = now() - interval '2 days' WHERE id IN (:a5, :a6);
SELECT overdue, kpi_merged > 0 AS merged FROM cuvr.run_maintenance();
SELECT day = (timezone('Europe/Moscow', now() - interval '2 days'))::date AS on_due_day, body_id, overdue_open
  FROM cuvr_bi.kpi_daily WHERE region_code = 77 AND overdue_open <> 0 ORDER BY body_id NULLS FIRST;
SELECT cuvr.answer(:a5, 'Поздно, но ответили', 'explained') > 0 AS answered;
SELECT sum(overdue_open) AS overdue_open, sum(answered) - sum(answered_on_time) AS late_answers
  FROM cuvr_bi.kpi_daily WHERE region_code = 77;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;

-- The rollup can be rebuilt from scratch; it then equals the merged state.
CREATE TEMP TABLE merged_state AS SELECT * FROM cuvr_bi.kpi_daily;
SELECT cuvr.kpi_rebuild() > 0 AS rebuilt;
SELECT count(*) AS delta_rows FROM cuvr.kpi_delta;
SELECT count(*) AS differences FROM (
    (SELECT * FROM merged_state EXCEPT SELECT * FROM cuvr_bi.kpi_daily)
    UNION ALL (SELECT * FROM cuvr_bi.kpi_daily EXCEPT SELECT * FROM merged_state)) AS d;

-- A bulk statement appends one delta row per appeal in one go; the merge sums.
SELECT count(*) AS delta_rows_before FROM cuvr.kpi_delta;
INSERT INTO cuvr.appeal (region_code, id, reg_number, source, external_id, channel, kind, status, body_id, category_id,
                         text, received_at, registered_at, territory)
SELECT 77, 77000000000000000 + 900000 + g, '77-26-bulk' || g, 'kpi-bulk', g::text, 'pos_app', 'appeal', 'assigned', 702,
       (SELECT id FROM cuvr.category WHERE code = 'transport.other'), 'Автобус', now(), now(), '45380000'
  FROM generate_series(1, 500) AS g;
SELECT count(*) AS delta_rows_after, sum(received) AS received FROM cuvr.kpi_delta;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;

-- Body rating: hand-checked figures.  702 answered 2 of 3+500 received, one
-- negative of two ratings, one escalation; 703 answered 2 (one late) of 2.
SELECT body_id, received, answered, quantity_score, positive_share, escalation_share, quality_score,
       on_time_share, median_response_working_days, speed_score, answered_share, unanswered_share,
       completeness_score, composite_score, enough_answers, rank_in_level
  FROM cuvr_bi.body_rating WHERE region_code = 77 ORDER BY body_id;
-- Below the minimum sample a body is shown but not ranked.
UPDATE cuvr.setting SET value = '3' WHERE name = 'body_rating_min_answers';
SELECT body_id, enough_answers, rank_in_level FROM cuvr_bi.body_rating WHERE region_code = 77 ORDER BY body_id;
UPDATE cuvr.setting SET value = '10' WHERE name = 'body_rating_min_answers';

-- Problem map: growth against the month before, from appeals of last month.
INSERT INTO cuvr.appeal (region_code, id, reg_number, source, external_id, channel, kind, status, body_id, category_id,
                         text, received_at, registered_at, territory)
SELECT 77, 77000000000000000 + 910000 + g, '77-26-prev' || g, 'kpi-prev', g::text, 'pos_app', 'appeal', 'assigned', 702,
       (SELECT id FROM cuvr.category WHERE code = 'transport.other'), 'Автобус', now() - interval '1 month', now() - interval '1 month', '45380000123'
  FROM generate_series(1, 200) AS g;
SELECT month = date_trunc('month', timezone('Europe/Moscow', now()))::date AS this_month, territory_oktmo, category_code,
       appeals, previous_month_appeals, growth, growth_share, rank_in_region
  FROM cuvr_bi.problem_map WHERE region_code = 77 ORDER BY month, rank_in_region, territory_oktmo, category_code;

-- Workload per theme: intake rate over 30 days, open backlog and its age.
SELECT theme_code, round(appeals_per_day_30d * 30) >= received_today AS rate_counts_today, received_today, open_appeals, overdue_appeals,
       median_open_age_days < 1 AS fresh, max_open_age_days >= 2 AS has_old
  FROM cuvr_bi.theme_workload WHERE region_code = 77 ORDER BY theme_code;

-- Only admins repair the rollup; operators may merge; analysts read views.
SELECT has_function_privilege('cuvr_operator', 'cuvr.kpi_merge()', 'EXECUTE') AS operator_merges,
       has_function_privilege('cuvr_operator', 'cuvr.kpi_rebuild()', 'EXECUTE') AS operator_rebuilds,
       has_function_privilege('cuvr_analyst', 'cuvr.kpi_merge()', 'EXECUTE') AS analyst_merges,
       has_table_privilege('cuvr_analyst', 'cuvr.kpi_rollup', 'SELECT') AS analyst_reads_rollup,
       has_table_privilege('cuvr_analyst', 'cuvr_bi.body_rating', 'SELECT') AS analyst_reads_rating;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;

-- The C delta trigger appends without index maintenance: an index added to
-- the delta stops registrations with a clear error instead of corrupting it.
CREATE INDEX kpi_delta_added ON cuvr.kpi_delta (day);
SELECT cuvr.register_appeal('{"source":"kpi","external_id":"indexed","region":77,"channel":"email","text":"Проверка"}');
SELECT count(*) AS registered FROM cuvr.appeal WHERE source = 'kpi' AND external_id = 'indexed';
DROP INDEX cuvr.kpi_delta_added;
SELECT cuvr.register_appeal('{"source":"kpi","external_id":"indexed","region":77,"channel":"email","text":"Проверка"}') > 0 AS registered;
SELECT (SELECT count(*) FROM kpi_mismatch) AS mismatches, (SELECT count(*) FROM kpi_monthly_mismatch) AS monthly_mismatches;
RESET client_min_messages;
