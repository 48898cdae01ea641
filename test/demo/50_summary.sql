-- cuvr demo, step 5: the summary a ЦУР analyst would look at, read from the
-- depersonalised views of cuvr_bi and from the journal and intake tables.

\pset null '—'
\pset linestyle unicode
\pset border 2
\pset footer off

\echo
\echo '================ ИТОГИ: ЦУР Тульской области ================'

\echo
\echo '== Обращения по статусам (cuvr_bi.status_summary) =='
SELECT status, appeals,
       round(100.0 * appeals / sum(appeals) OVER (), 1) AS "%"
  FROM cuvr_bi.status_summary
 WHERE region_code = 71
 ORDER BY array_position(ARRAY['registered', 'triage', 'assigned', 'in_progress', 'answered',
                               'escalated', 'closed', 'rejected'], status);

\echo
\echo '== Классификация и маршрутизация: кто в итоге определил категорию, направлено ли при регистрации =='
SELECT coalesce(a.classified_by, '—') AS category_by,
       count(*) AS appeals,
       count(*) FILTER (WHERE r.to_status = 'assigned') AS routed_at_registration,
       count(*) FILTER (WHERE r.to_status = 'triage') AS via_triage,
       count(*) FILTER (WHERE a.status = 'triage') AS still_in_triage
  FROM cuvr.appeal AS a
  LEFT JOIN cuvr.appeal_event AS r ON r.appeal_id = a.id AND r.action = 'register'
 WHERE a.region_code = 71
 GROUP BY a.classified_by
 ORDER BY appeals DESC;

\echo
\echo '== Обращения по органам (cuvr_bi.appeal_facts) =='
SELECT left(replace(coalesce(body_name, '(орган не назначен)'),
                    'Администрация муниципального образования', 'Администрация МО'), 40) AS body,
       body_level AS level,
       count(*) AS appeals,
       count(answered_at) AS answered,
       count(*) FILTER (WHERE on_time) AS on_time,
       count(*) FILTER (WHERE NOT on_time) AS late,
       round(avg(rating), 2) AS avg_rating
  FROM cuvr_bi.appeal_facts
 WHERE region_code = 71
 GROUP BY body_id, body_name, body_level
 ORDER BY appeals DESC, body;

\echo
\echo '== Тематики и категории, топ-15 =='
SELECT left(theme_name, 30) AS theme, left(category_name, 40) AS category, count(*) AS appeals
  FROM cuvr_bi.appeal_facts
 WHERE region_code = 71 AND category_id IS NOT NULL
 GROUP BY theme_name, category_name
 ORDER BY appeals DESC, theme, category
 LIMIT 15;

\echo
\echo '== Обращения по каналам =='
SELECT f.channel, left(c.name, 40) AS name, count(*) AS appeals
  FROM cuvr_bi.appeal_facts AS f JOIN cuvr.channel AS c ON c.code = f.channel
 GROUP BY f.channel, c.name
 ORDER BY appeals DESC;

\echo
\echo '== Оценки заявителей по органам =='
SELECT left(replace(body_name, 'Администрация муниципального образования', 'Администрация МО'), 40) AS body,
       count(rating) AS ratings,
       round(avg(rating), 2) AS avg_rating,
       count(*) FILTER (WHERE rating <= 2) AS negative
  FROM cuvr_bi.appeal_facts
 WHERE region_code = 71 AND rating IS NOT NULL
 GROUP BY body_name
 ORDER BY avg_rating DESC, body;

\echo
\echo '== Строки пакетной загрузки, оставшиеся в cuvr.intake с ошибкой =='
SELECT external_id, error_sqlstate AS sqlstate, left(error, 70) AS error
  FROM cuvr.intake
 ORDER BY id;

\echo
\echo '== Журнал и исходящие уведомления =='
SELECT (SELECT count(*) FROM cuvr.appeal_event) AS events,
       (SELECT count(*) FROM cuvr.outbox WHERE delivered_at IS NULL) AS undelivered_outbox;
SELECT action, count(*) AS events
  FROM cuvr.appeal_event
 GROUP BY action
 ORDER BY events DESC;
SELECT recipient_kind, count(*) AS undelivered
  FROM cuvr.outbox
 WHERE delivered_at IS NULL
 GROUP BY recipient_kind
 ORDER BY undelivered DESC;

\echo
\echo '== История одного обращения (cuvr.appeal_event) =='
SELECT a.reg_number, a.channel, left(a.text, 70) AS text
  FROM cuvr.appeal AS a
 WHERE a.id = (SELECT appeal_id FROM cuvr.appeal_event
                GROUP BY appeal_id ORDER BY count(*) DESC, appeal_id LIMIT 1);
SELECT to_char(e.at, 'DD.MM HH24:MI:SS') AS at, e.action,
       CASE WHEN e.from_status IS DISTINCT FROM e.to_status
            THEN coalesce(e.from_status || ' → ', '') || e.to_status ELSE e.to_status END AS status,
       CASE WHEN e.from_body IS DISTINCT FROM e.to_body AND e.from_body IS NOT NULL
            THEN fb.short_name || ' → ' || coalesce(tb.short_name, '—')
            ELSE coalesce(tb.short_name, '—') END AS body,
       left(e.note, 50) AS note
  FROM cuvr.appeal_event AS e
  LEFT JOIN cuvr.body AS fb ON fb.id = e.from_body
  LEFT JOIN cuvr.body AS tb ON tb.id = e.to_body
 WHERE e.appeal_id = (SELECT appeal_id FROM cuvr.appeal_event
                       GROUP BY appeal_id ORDER BY count(*) DESC, appeal_id LIMIT 1)
 ORDER BY e.id;

\echo
\echo '== Показатели по дням (cuvr_bi.kpi_daily), итог по дням =='
SELECT day, sum(received) AS received, sum(answered) AS answered,
       sum(answered_on_time) AS on_time, sum(overdue_open) AS overdue_open,
       sum(ratings) AS ratings, sum(negative_ratings) AS negative
  FROM cuvr_bi.kpi_daily
 WHERE region_code = 71
 GROUP BY day
 ORDER BY day DESC
 LIMIT 8;

\echo
\echo '== cuvr_bi.kpi_daily, несколько строк как есть =='
SELECT k.day, left(b.short_name, 22) AS body, left(c.code, 30) AS category, k.channel,
       k.received, k.answered, k.answered_on_time AS on_time, k.ratings, k.rating_sum
  FROM cuvr_bi.kpi_daily AS k
  LEFT JOIN cuvr.body AS b ON b.id = k.body_id
  LEFT JOIN cuvr.category AS c ON c.id = k.category_id
 WHERE k.region_code = 71 AND k.answered > 0
 ORDER BY k.answered DESC, k.received DESC, body, category, k.channel
 LIMIT 8;

\echo
\echo '== Слияние дельты KPI (cuvr.kpi_merge, его вызывает run_maintenance каждую минуту) =='
SELECT (SELECT count(*) FROM cuvr.kpi_delta) AS delta_rows_before, cuvr.kpi_merge() AS merged,
       (SELECT count(*) FROM cuvr.kpi_delta) AS delta_rows_after;

\echo
\echo '== Показатели за месяц по органам (cuvr_bi.kpi_monthly) =='
SELECT k.month, left(b.short_name, 30) AS body, k.received, k.answered, k.answered_on_time AS on_time,
       k.overdue_open, k.ratings, k.negative_ratings AS negative, k.escalations
  FROM cuvr_bi.kpi_monthly AS k LEFT JOIN cuvr.body AS b ON b.id = k.body_id
 WHERE k.region_code = 71
 ORDER BY k.month DESC, k.received DESC, body
 LIMIT 10;

\echo
\echo '== Рейтинг органов (cuvr_bi.body_rating), минимальная выборка 3 ответа =='
UPDATE cuvr.setting SET value = '3' WHERE name = 'body_rating_min_answers';
SELECT r.month, left(b.short_name, 30) AS body, r.body_level AS level, r.received, r.answered,
       r.quality_score AS quality, r.speed_score AS speed, r.completeness_score AS completeness,
       r.median_response_working_days AS median_wd, r.composite_score AS score, r.rank_in_level AS rank
  FROM cuvr_bi.body_rating AS r JOIN cuvr.body AS b ON b.id = r.body_id
 WHERE r.region_code = 71
 ORDER BY r.month DESC, r.body_level, r.rank_in_level NULLS LAST, b.short_name
 LIMIT 10;

\echo
\echo '== Карта проблем (cuvr_bi.problem_map): категории × территории, рост к прошлому месяцу =='
SELECT m.month, m.territory_oktmo, left(m.category_name, 40) AS category, m.appeals,
       m.previous_month_appeals AS previous, m.growth, m.rank_in_region AS rank
  FROM cuvr_bi.problem_map AS m
 WHERE m.region_code = 71
 ORDER BY m.month DESC, m.rank_in_region, m.territory_oktmo NULLS LAST
 LIMIT 8;

\echo
\echo '== Нагрузка по отраслевым блокам (cuvr_bi.theme_workload) =='
SELECT left(w.theme_name, 40) AS theme, w.appeals_per_day_30d AS per_day, w.received_today AS today,
       w.open_appeals AS backlog, w.overdue_appeals AS overdue, w.median_open_age_days AS median_age_days
  FROM cuvr_bi.theme_workload AS w
 WHERE w.region_code = 71
 ORDER BY w.open_appeals DESC, theme
 LIMIT 10;
