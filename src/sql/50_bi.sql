\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Depersonalised analytics (152-ФЗ): standard SQL types only, no names or
-- contacts.  The views run with their owner's rights, so cuvr_analyst reads
-- them without any access to schema cuvr.

CREATE VIEW cuvr_bi.appeal_facts AS
SELECT a.id AS appeal_id,
       a.reg_number AS registration_number,
       a.region_code::integer AS region_code,
       r.name AS region_name,
       a.body_id,
       b.name AS body_name,
       b.level AS body_level,
       t.id AS theme_id,
       t.code AS theme_code,
       t.name AS theme_name,
       a.category_id,
       c.code AS category_code,
       c.name AS category_name,
       a.channel,
       a.kind,
       a.status,
       a.expedited,
       a.territory::text AS territory_oktmo,
       a.received_at,
       a.registered_at,
       a.due_at,
       a.answered_at,
       a.closed_at,
       CASE WHEN a.due_at IS NULL THEN NULL
            WHEN a.answered_at IS NOT NULL THEN a.answered_at OPERATOR(pg_catalog.<=) a.due_at
            WHEN a.status IN ('closed', 'rejected') THEN NULL
            WHEN pg_catalog.now() OPERATOR(pg_catalog.>) a.due_at THEN false
       END AS on_time,
       (pg_catalog.timezone(r.tz, a.answered_at)::date OPERATOR(pg_catalog.-)
        pg_catalog.timezone(r.tz, a.registered_at)::date) AS response_calendar_days,
       a.response_working_days,
       a.due_estimated,
       lr.score::integer AS rating,
       a.escalation_level,
       a.manual_control,
       a.repeat_of IS NOT NULL AS is_repeat,
       a.problem_id,
       -- Keyed hash computed inline: the view's owner reads the key, the
       -- analyst never does.
       CASE WHEN a.applicant_id IS NOT NULL THEN
           pg_catalog.encode(pg_catalog.sha256(k.value OPERATOR(pg_catalog.||)
               pg_catalog.convert_to(a.region_code::text OPERATOR(pg_catalog.||) ':'
                                     OPERATOR(pg_catalog.||) a.applicant_id::text, 'UTF8')), 'hex')
       END AS applicant_key
  FROM @extschema@.appeal AS a
  JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
  LEFT JOIN @extschema@.secret AS k ON k.name OPERATOR(pg_catalog.=) 'applicant_key'
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) a.body_id
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) a.category_id
  LEFT JOIN @extschema@.theme AS t ON t.id OPERATOR(pg_catalog.=) c.theme_id
  LEFT JOIN LATERAL (
        SELECT x.score FROM @extschema@.rating AS x
         WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.appeal_id OPERATOR(pg_catalog.=) a.id
         ORDER BY x.id DESC LIMIT 1) AS lr ON true;
COMMENT ON VIEW cuvr_bi.appeal_facts IS 'one row per appeal, depersonalised: ids, region, body, theme, category, channel, times, on-time flag, rating, escalation level, pseudonymous applicant key';
COMMENT ON COLUMN cuvr_bi.appeal_facts.appeal_id IS 'appeal id (unique across regions)';
COMMENT ON COLUMN cuvr_bi.appeal_facts.registration_number IS 'human registration number';
COMMENT ON COLUMN cuvr_bi.appeal_facts.region_code IS 'subject code (77 Moscow, 71 Tula)';
COMMENT ON COLUMN cuvr_bi.appeal_facts.region_name IS 'subject name';
COMMENT ON COLUMN cuvr_bi.appeal_facts.body_id IS 'responsible body id';
COMMENT ON COLUMN cuvr_bi.appeal_facts.body_name IS 'responsible body name';
COMMENT ON COLUMN cuvr_bi.appeal_facts.body_level IS 'level of the responsible body: federal, regional, municipal, institution, other';
COMMENT ON COLUMN cuvr_bi.appeal_facts.theme_id IS 'sector theme id';
COMMENT ON COLUMN cuvr_bi.appeal_facts.theme_code IS 'sector theme code';
COMMENT ON COLUMN cuvr_bi.appeal_facts.theme_name IS 'sector theme name';
COMMENT ON COLUMN cuvr_bi.appeal_facts.category_id IS 'category id';
COMMENT ON COLUMN cuvr_bi.appeal_facts.category_code IS 'category code';
COMMENT ON COLUMN cuvr_bi.appeal_facts.category_name IS 'category name';
COMMENT ON COLUMN cuvr_bi.appeal_facts.channel IS 'channel code';
COMMENT ON COLUMN cuvr_bi.appeal_facts.kind IS 'kind of appeal';
COMMENT ON COLUMN cuvr_bi.appeal_facts.status IS 'current status';
COMMENT ON COLUMN cuvr_bi.appeal_facts.expedited IS 'expedited consideration';
COMMENT ON COLUMN cuvr_bi.appeal_facts.territory_oktmo IS 'OKTMO code of the problem''s territory';
COMMENT ON COLUMN cuvr_bi.appeal_facts.received_at IS 'when the source received the appeal';
COMMENT ON COLUMN cuvr_bi.appeal_facts.registered_at IS 'when the appeal was registered';
COMMENT ON COLUMN cuvr_bi.appeal_facts.due_at IS 'deadline instant';
COMMENT ON COLUMN cuvr_bi.appeal_facts.answered_at IS 'when the latest answer was given';
COMMENT ON COLUMN cuvr_bi.appeal_facts.closed_at IS 'when the appeal was closed or rejected';
COMMENT ON COLUMN cuvr_bi.appeal_facts.on_time IS 'answered by the deadline; false if overdue and open; NULL without a deadline or while pending';
COMMENT ON COLUMN cuvr_bi.appeal_facts.response_calendar_days IS 'calendar days from registration to answer, in the region''s time zone';
COMMENT ON COLUMN cuvr_bi.appeal_facts.response_working_days IS 'working days from registration to answer on the region''s production calendar';
COMMENT ON COLUMN cuvr_bi.appeal_facts.due_estimated IS 'the deadline was computed without a loaded production calendar (Labour Code fallback)';
COMMENT ON COLUMN cuvr_bi.appeal_facts.rating IS 'score 1-5 of the latest rating';
COMMENT ON COLUMN cuvr_bi.appeal_facts.escalation_level IS 'how many times the appeal went up to a higher body';
COMMENT ON COLUMN cuvr_bi.appeal_facts.manual_control IS 'on manual control at the ЦУР after escalation past the top or the depth limit';
COMMENT ON COLUMN cuvr_bi.appeal_facts.problem_id IS 'mass problem the appeal is one of, if any';
COMMENT ON COLUMN cuvr_bi.appeal_facts.is_repeat IS 'a repeat appeal (ССТУ «Повторное»)';
COMMENT ON COLUMN cuvr_bi.appeal_facts.applicant_key IS 'pseudonymous applicant key: equal for appeals of one person, reveals nothing about them';

-- Per local day x region x body x category x channel, from the incremental
-- rollup (cuvr/49_kpi.sql) plus its unmerged tail: always current, and a
-- dashboard over one region and month reads a few hundred rows.  Each measure
-- is counted on the day its event happened.
CREATE VIEW cuvr_bi.kpi_daily AS
SELECT k.day, k.region_code, k.body_id, k.category_id, k.channel,
       pg_catalog.sum(k.received)::bigint AS received,
       pg_catalog.sum(k.answered)::bigint AS answered,
       pg_catalog.sum(k.answered_on_time)::bigint AS answered_on_time,
       pg_catalog.sum(k.overdue_open)::bigint AS overdue_open,
       pg_catalog.sum(k.ratings)::bigint AS ratings,
       pg_catalog.sum(k.rating_sum)::bigint AS rating_sum,
       pg_catalog.sum(k.negative_ratings)::bigint AS negative_ratings,
       pg_catalog.sum(k.escalations)::bigint AS escalations
  FROM @extschema@.kpi_current AS k
 GROUP BY k.day, k.region_code, k.body_id, k.category_id, k.channel
HAVING pg_catalog.sum(k.received) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(k.answered) OPERATOR(pg_catalog.<>) 0
    OR pg_catalog.sum(k.overdue_open) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(k.ratings) OPERATOR(pg_catalog.<>) 0
    OR pg_catalog.sum(k.escalations) OPERATOR(pg_catalog.<>) 0;
COMMENT ON VIEW cuvr_bi.kpi_daily IS 'KPIs per local day x region x body x category x channel, always current (merged rollup plus unmerged changes); each measure counts on the day its event happened';
COMMENT ON COLUMN cuvr_bi.kpi_daily.day IS 'local date in the region''s time zone';
COMMENT ON COLUMN cuvr_bi.kpi_daily.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.kpi_daily.body_id IS 'body (the answering body for answers and ratings, the body left for escalations)';
COMMENT ON COLUMN cuvr_bi.kpi_daily.category_id IS 'category id';
COMMENT ON COLUMN cuvr_bi.kpi_daily.channel IS 'channel code';
COMMENT ON COLUMN cuvr_bi.kpi_daily.received IS 'appeals registered that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.answered IS 'answers given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.answered_on_time IS 'answers given that day by the deadline in force when they were given';
COMMENT ON COLUMN cuvr_bi.kpi_daily.overdue_open IS 'appeals whose deadline fell that day, found overdue by the maintenance run (every minute) and still open without an answer';
COMMENT ON COLUMN cuvr_bi.kpi_daily.ratings IS 'ratings given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.rating_sum IS 'sum of the scores of those ratings';
COMMENT ON COLUMN cuvr_bi.kpi_daily.negative_ratings IS 'ratings of 1 or 2 given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.escalations IS 'appeals that went up to a higher body that day';

-- Per local month x region x body, from the monthly rollup plus the
-- unmerged tail: a dashboard over one region and month reads a few thousand
-- rows, whatever the history.
CREATE VIEW cuvr_bi.kpi_monthly AS
SELECT k.month, k.region_code, k.body_id,
       pg_catalog.sum(k.received)::bigint AS received,
       pg_catalog.sum(k.answered)::bigint AS answered,
       pg_catalog.sum(k.answered_on_time)::bigint AS answered_on_time,
       pg_catalog.sum(k.overdue_open)::bigint AS overdue_open,
       pg_catalog.sum(k.ratings)::bigint AS ratings,
       pg_catalog.sum(k.rating_sum)::bigint AS rating_sum,
       pg_catalog.sum(k.negative_ratings)::bigint AS negative_ratings,
       pg_catalog.sum(k.escalations)::bigint AS escalations
  FROM @extschema@.kpi_monthly_current AS k
 GROUP BY k.month, k.region_code, k.body_id
HAVING pg_catalog.sum(k.received) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(k.answered) OPERATOR(pg_catalog.<>) 0
    OR pg_catalog.sum(k.overdue_open) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(k.ratings) OPERATOR(pg_catalog.<>) 0
    OR pg_catalog.sum(k.escalations) OPERATOR(pg_catalog.<>) 0;
COMMENT ON VIEW cuvr_bi.kpi_monthly IS 'the KPIs of cuvr_bi.kpi_daily per local month x region x body, always current, for dashboards';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.month IS 'first day of the local month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.body_id IS 'body (the answering body for answers and ratings, the body left for escalations)';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.received IS 'appeals registered that month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.answered IS 'answers given that month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.answered_on_time IS 'answers given that month by the deadline in force when they were given';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.overdue_open IS 'appeals due that month, found overdue and still open without an answer';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.ratings IS 'ratings given that month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.rating_sum IS 'sum of the scores of those ratings';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.negative_ratings IS 'ratings of 1 or 2 given that month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.escalations IS 'appeals that went up to a higher body that month';

CREATE VIEW cuvr_bi.status_summary AS
SELECT a.region_code::integer AS region_code, a.status, pg_catalog.count(*)::bigint AS appeals
  FROM @extschema@.appeal AS a
 GROUP BY a.region_code, a.status;
COMMENT ON VIEW cuvr_bi.status_summary IS 'number of appeals per region and status';
COMMENT ON COLUMN cuvr_bi.status_summary.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.status_summary.status IS 'status';
COMMENT ON COLUMN cuvr_bi.status_summary.appeals IS 'number of appeals';

-- Escalations (повторное рассмотрение) by the body that answered, the
-- category and the answer template of the rated answer.
CREATE VIEW cuvr_bi.escalations AS
SELECT e.region_code::integer AS region_code,
       e.from_body AS body_id,
       b.name AS body_name,
       c.code AS category_code,
       c.name AS category_name,
       t.code AS template_code,
       pg_catalog.count(*)::bigint AS escalations,
       pg_catalog.count(*) FILTER (WHERE e.note ~ 'manual control')::bigint AS to_manual_control
  FROM @extschema@.appeal_event AS e
  JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) e.region_code AND a.id OPERATOR(pg_catalog.=) e.appeal_id
  LEFT JOIN @extschema@.rating AS r ON r.region_code OPERATOR(pg_catalog.=) e.region_code AND r.id OPERATOR(pg_catalog.=) e.ref
  LEFT JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) r.region_code AND n.id OPERATOR(pg_catalog.=) r.answer_id
  LEFT JOIN @extschema@.answer_template AS t ON t.id OPERATOR(pg_catalog.=) n.template_id
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) e.from_body
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) a.category_id
 WHERE e.action OPERATOR(pg_catalog.=) 'escalate'
 GROUP BY e.region_code, e.from_body, b.name, c.code, c.name, t.code;
COMMENT ON VIEW cuvr_bi.escalations IS 'escalations after negative ratings by the body that answered, category and answer template';
COMMENT ON COLUMN cuvr_bi.escalations.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.escalations.body_id IS 'body whose answer was rated negatively';
COMMENT ON COLUMN cuvr_bi.escalations.body_name IS 'its name';
COMMENT ON COLUMN cuvr_bi.escalations.category_code IS 'category of the appeal';
COMMENT ON COLUMN cuvr_bi.escalations.category_name IS 'category name';
COMMENT ON COLUMN cuvr_bi.escalations.template_code IS 'answer template of the rated answer, if any';
COMMENT ON COLUMN cuvr_bi.escalations.escalations IS 'number of escalations';
COMMENT ON COLUMN cuvr_bi.escalations.to_manual_control IS 'of which went to the ЦУР under manual control';

-- Did re-processing help?  For each escalation: was the next answer rated
-- positively?
CREATE VIEW cuvr_bi.reprocessing_outcome AS
WITH esc AS (
    SELECT e.region_code, e.appeal_id, e.id AS event_id, e.to_body, e.at
      FROM @extschema@.appeal_event AS e WHERE e.action OPERATOR(pg_catalog.=) 'escalate'),
next_answer AS (
    SELECT esc.*, (SELECT n.id FROM @extschema@.answer AS n
                    WHERE n.region_code OPERATOR(pg_catalog.=) esc.region_code
                      AND n.appeal_id OPERATOR(pg_catalog.=) esc.appeal_id
                      AND n.answered_at OPERATOR(pg_catalog.>=) esc.at
                    ORDER BY n.id LIMIT 1) AS answer_id
      FROM esc)
SELECT x.region_code::integer AS region_code,
       x.to_body AS body_id,
       b.name AS body_name,
       pg_catalog.count(*)::bigint AS escalated,
       pg_catalog.count(x.answer_id)::bigint AS reanswered,
       pg_catalog.count(r.id)::bigint AS rated_again,
       pg_catalog.count(r.id) FILTER (WHERE r.score OPERATOR(pg_catalog.>)
           (SELECT s.value::integer FROM @extschema@.setting AS s WHERE s.name OPERATOR(pg_catalog.=) 'negative_rating_max'))::bigint AS rated_positive,
       CASE WHEN pg_catalog.count(r.id) OPERATOR(pg_catalog.=) 0 THEN NULL
            ELSE pg_catalog.round(pg_catalog.count(r.id) FILTER (WHERE r.score OPERATOR(pg_catalog.>)
                     (SELECT s.value::integer FROM @extschema@.setting AS s WHERE s.name OPERATOR(pg_catalog.=) 'negative_rating_max'))::numeric
                 OPERATOR(pg_catalog./) pg_catalog.count(r.id), 4) END AS positive_share
  FROM next_answer AS x
  LEFT JOIN @extschema@.rating AS r ON r.region_code OPERATOR(pg_catalog.=) x.region_code AND r.answer_id OPERATOR(pg_catalog.=) x.answer_id
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) x.to_body
 GROUP BY x.region_code, x.to_body, b.name;
COMMENT ON VIEW cuvr_bi.reprocessing_outcome IS 'per re-processing body: escalated appeals, how many were answered again and the share of those answers rated positive';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.body_id IS 'body the appeal was escalated to';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.body_name IS 'its name';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.escalated IS 'escalations to the body';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.reanswered IS 'of which answered again';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.rated_again IS 'of which the new answer was rated';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.rated_positive IS 'of which rated positively';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.positive_share IS 'rated_positive / rated_again';

-- Repeat appeals (ССТУ «Повторное») per month, region and category.
CREATE VIEW cuvr_bi.repeat_rate AS
SELECT pg_catalog.date_trunc('month', pg_catalog.timezone(r.tz, a.registered_at))::date AS month,
       a.region_code::integer AS region_code,
       c.code AS category_code,
       pg_catalog.count(*)::bigint AS appeals,
       pg_catalog.count(a.repeat_of)::bigint AS repeats,
       pg_catalog.round(pg_catalog.count(a.repeat_of)::numeric OPERATOR(pg_catalog./) pg_catalog.count(*), 4) AS repeat_share
  FROM @extschema@.appeal AS a
  JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) a.category_id
 GROUP BY 1, 2, 3;
COMMENT ON VIEW cuvr_bi.repeat_rate IS 'share of repeat appeals (same applicant, same category or ТОК code, within repeat_window) by month, region and category';
COMMENT ON COLUMN cuvr_bi.repeat_rate.month IS 'month of registration (local)';
COMMENT ON COLUMN cuvr_bi.repeat_rate.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.repeat_rate.category_code IS 'category';
COMMENT ON COLUMN cuvr_bi.repeat_rate.appeals IS 'appeals registered';
COMMENT ON COLUMN cuvr_bi.repeat_rate.repeats IS 'of which repeats';
COMMENT ON COLUMN cuvr_bi.repeat_rate.repeat_share IS 'repeats / appeals';

-- Open problems (mass appeals), largest and fastest-growing first.
CREATE VIEW cuvr_bi.problems AS
SELECT p.id AS problem_id,
       p.region_code::integer AS region_code,
       c.code AS category_code,
       c.name AS category_name,
       p.territory::text AS territory_oktmo,
       pg_catalog.count(a.id)::bigint AS appeals,
       pg_catalog.count(a.id) FILTER (WHERE a.status NOT IN ('closed', 'rejected'))::bigint AS open_appeals,
       pg_catalog.min(a.registered_at) AS first_at,
       pg_catalog.max(a.registered_at) AS last_at,
       pg_catalog.count(a.id) FILTER (WHERE a.registered_at OPERATOR(pg_catalog.>=)
           (pg_catalog.now() OPERATOR(pg_catalog.-) '1 day'::interval))::bigint AS last_day,
       pg_catalog.count(a.id) FILTER (WHERE a.registered_at OPERATOR(pg_catalog.<)
           (pg_catalog.now() OPERATOR(pg_catalog.-) '1 day'::interval) AND a.registered_at OPERATOR(pg_catalog.>=)
           (pg_catalog.now() OPERATOR(pg_catalog.-) '2 days'::interval))::bigint AS day_before,
       pg_catalog.string_agg(DISTINCT b.name, '; ') AS bodies
  FROM @extschema@.problem AS p
  JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) p.region_code AND a.problem_id OPERATOR(pg_catalog.=) p.id
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) p.category_id
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) a.body_id
 GROUP BY p.id, p.region_code, c.code, c.name, p.territory
HAVING pg_catalog.count(a.id) FILTER (WHERE a.status NOT IN ('closed', 'rejected')) OPERATOR(pg_catalog.>) 0;
COMMENT ON VIEW cuvr_bi.problems IS 'open mass problems (near-duplicate appeals grouped), with size, time span, growth and the bodies involved; order by appeals and last_day';
COMMENT ON COLUMN cuvr_bi.problems.problem_id IS 'problem id';
COMMENT ON COLUMN cuvr_bi.problems.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.problems.category_code IS 'category';
COMMENT ON COLUMN cuvr_bi.problems.category_name IS 'category name';
COMMENT ON COLUMN cuvr_bi.problems.territory_oktmo IS 'OKTMO territory';
COMMENT ON COLUMN cuvr_bi.problems.appeals IS 'appeals in the problem';
COMMENT ON COLUMN cuvr_bi.problems.open_appeals IS 'of which still open';
COMMENT ON COLUMN cuvr_bi.problems.first_at IS 'first appeal registered';
COMMENT ON COLUMN cuvr_bi.problems.last_at IS 'latest appeal registered';
COMMENT ON COLUMN cuvr_bi.problems.last_day IS 'appeals registered in the last 24 hours';
COMMENT ON COLUMN cuvr_bi.problems.day_before IS 'appeals registered in the 24 hours before that (growth = last_day - day_before)';
COMMENT ON COLUMN cuvr_bi.problems.bodies IS 'bodies holding its appeals';

-- Body rating (рейтингование, seed 002 4.1, seed 003 16): per region x body x
-- month, four components, each a share in [0, 1]:
--   quantity      answers given / most answers given by a body of the same
--                 level in the region that month;
--   quality       positive share (1 - ratings of 1-2 / ratings)
--                 x (1 - escalation share = escalations / answers);
--   speed         on-time share of answers (median working days shown beside);
--   completeness  answered share (answers / appeals received, at most 1)
--                 x (1 - unanswered share = overdue and unanswered / received).
-- composite = 0.1 quantity + 0.3 quality + 0.3 speed + 0.3 completeness,
-- the weights of the components that have data renormalised to 1.  Bodies
-- with fewer answers than the setting body_rating_min_answers are shown but
-- not ranked; the rest are ranked within region, level and month.
CREATE VIEW cuvr_bi.body_rating AS
WITH monthly AS (
    SELECT k.region_code, k.month, k.body_id,
           pg_catalog.sum(k.received) AS received, pg_catalog.sum(k.answered) AS answered,
           pg_catalog.sum(k.answered_on_time) AS answered_on_time, pg_catalog.sum(k.overdue_open) AS overdue_open,
           pg_catalog.sum(k.ratings) AS ratings, pg_catalog.sum(k.negative_ratings) AS negative_ratings,
           pg_catalog.sum(k.escalations) AS escalations
      FROM @extschema@.kpi_monthly_current AS k
     WHERE k.body_id IS NOT NULL
     GROUP BY 1, 2, 3),
response AS (
    SELECT k.region_code, k.month, k.body_id, k.response_days, pg_catalog.sum(k.answered) AS answers
      FROM @extschema@.kpi_monthly_current AS k
     WHERE k.body_id IS NOT NULL AND k.response_days IS NOT NULL
     GROUP BY 1, 2, 3, 4
    HAVING pg_catalog.sum(k.answered) OPERATOR(pg_catalog.>) 0),
median AS (
    -- weighted median: the least value with at least half the answers at or below it
    SELECT c.region_code, c.month, c.body_id,
           pg_catalog.min(c.response_days) FILTER (WHERE (c.running OPERATOR(pg_catalog.*) 2) OPERATOR(pg_catalog.>=) c.total) AS days
      FROM (SELECT r.*, pg_catalog.sum(r.answers) OVER (PARTITION BY r.region_code, r.month, r.body_id ORDER BY r.response_days) AS running,
                   pg_catalog.sum(r.answers) OVER (PARTITION BY r.region_code, r.month, r.body_id) AS total
              FROM response AS r) AS c
     GROUP BY 1, 2, 3),
shares AS (
    SELECT m.*, b.level, b.name,
           med.days AS median_days,
           m.answered OPERATOR(pg_catalog./) NULLIF(pg_catalog.max(m.answered) OVER
               (PARTITION BY m.region_code, b.level, m.month), 0)::numeric AS quantity,
           1 OPERATOR(pg_catalog.-) (m.negative_ratings OPERATOR(pg_catalog./) NULLIF(m.ratings, 0)::numeric) AS positive_share,
           m.escalations OPERATOR(pg_catalog./) NULLIF(m.answered, 0)::numeric AS escalation_share,
           m.answered_on_time OPERATOR(pg_catalog./) NULLIF(m.answered, 0)::numeric AS on_time_share,
           LEAST(m.answered OPERATOR(pg_catalog./) NULLIF(m.received, 0)::numeric, 1) AS answered_share,
           LEAST(m.overdue_open OPERATOR(pg_catalog./) NULLIF(m.received, 0)::numeric, 1) AS unanswered_share,
           -- the setting read from its table: analysts may execute no cuvr function
           m.answered OPERATOR(pg_catalog.>=) (SELECT x.value::integer FROM @extschema@.setting AS x
                                                WHERE x.name OPERATOR(pg_catalog.=) 'body_rating_min_answers') AS sample_ok
      FROM monthly AS m
      JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) m.body_id
      LEFT JOIN median AS med ON med.region_code OPERATOR(pg_catalog.=) m.region_code
                             AND med.month OPERATOR(pg_catalog.=) m.month AND med.body_id OPERATOR(pg_catalog.=) m.body_id),
scores AS (
    SELECT s.*,
           s.positive_share OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) LEAST(coalesce(s.escalation_share, 0), 1)) AS quality,
           s.on_time_share AS speed,
           s.answered_share OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) coalesce(s.unanswered_share, 0)) AS completeness
      FROM shares AS s),
composite AS (
    SELECT s.*,
           ((0.1 OPERATOR(pg_catalog.*) coalesce(s.quantity, 0)) OPERATOR(pg_catalog.+) (0.3 OPERATOR(pg_catalog.*) coalesce(s.quality, 0))
            OPERATOR(pg_catalog.+) (0.3 OPERATOR(pg_catalog.*) coalesce(s.speed, 0))
            OPERATOR(pg_catalog.+) (0.3 OPERATOR(pg_catalog.*) coalesce(s.completeness, 0)))
           OPERATOR(pg_catalog./) NULLIF(
               (CASE WHEN s.quantity IS NULL THEN 0 ELSE 0.1 END) OPERATOR(pg_catalog.+) (CASE WHEN s.quality IS NULL THEN 0 ELSE 0.3 END)
               OPERATOR(pg_catalog.+) (CASE WHEN s.speed IS NULL THEN 0 ELSE 0.3 END)
               OPERATOR(pg_catalog.+) (CASE WHEN s.completeness IS NULL THEN 0 ELSE 0.3 END), 0) AS score
      FROM scores AS s)
SELECT c.month, c.region_code, c.body_id, c.name AS body_name, c.level AS body_level,
       c.received::bigint AS received, c.answered::bigint AS answered,
       pg_catalog.round(c.quantity, 4) AS quantity_score,
       pg_catalog.round(c.positive_share, 4) AS positive_share,
       pg_catalog.round(c.escalation_share, 4) AS escalation_share,
       pg_catalog.round(c.quality, 4) AS quality_score,
       pg_catalog.round(c.on_time_share, 4) AS on_time_share,
       c.median_days AS median_response_working_days,
       pg_catalog.round(c.speed, 4) AS speed_score,
       pg_catalog.round(c.answered_share, 4) AS answered_share,
       pg_catalog.round(c.unanswered_share, 4) AS unanswered_share,
       pg_catalog.round(c.completeness, 4) AS completeness_score,
       pg_catalog.round(c.score, 4) AS composite_score,
       c.sample_ok AS enough_answers,
       CASE WHEN c.sample_ok THEN pg_catalog.rank() OVER (PARTITION BY c.region_code, c.level, c.month, c.sample_ok
                                                        ORDER BY c.score DESC NULLS LAST, c.body_id) END::integer AS rank_in_level
  FROM composite AS c;
COMMENT ON VIEW cuvr_bi.body_rating IS
    'body rating per month (рейтингование): quantity, quality, speed and completeness in [0,1], composite = 0.1 quantity + 0.3 each other (renormalised over components with data), rank within region, level and month for bodies with at least body_rating_min_answers answers';
COMMENT ON COLUMN cuvr_bi.body_rating.month IS 'first day of the month (local)';
COMMENT ON COLUMN cuvr_bi.body_rating.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.body_rating.body_id IS 'body id';
COMMENT ON COLUMN cuvr_bi.body_rating.body_name IS 'body name';
COMMENT ON COLUMN cuvr_bi.body_rating.body_level IS 'body level: federal, regional, municipal, institution, other';
COMMENT ON COLUMN cuvr_bi.body_rating.received IS 'appeals registered to the body that month (quantity)';
COMMENT ON COLUMN cuvr_bi.body_rating.answered IS 'answers the body gave that month (quantity)';
COMMENT ON COLUMN cuvr_bi.body_rating.quantity_score IS 'answers / the most answers of a body of the same level in the region that month';
COMMENT ON COLUMN cuvr_bi.body_rating.positive_share IS 'share of ratings that were not negative (score 3-5); NULL without ratings';
COMMENT ON COLUMN cuvr_bi.body_rating.escalation_share IS 'escalations after negative ratings / answers';
COMMENT ON COLUMN cuvr_bi.body_rating.quality_score IS 'positive_share x (1 - escalation_share)';
COMMENT ON COLUMN cuvr_bi.body_rating.on_time_share IS 'answers given by their deadline / answers';
COMMENT ON COLUMN cuvr_bi.body_rating.median_response_working_days IS 'median working days from registration to answer';
COMMENT ON COLUMN cuvr_bi.body_rating.speed_score IS 'on_time_share';
COMMENT ON COLUMN cuvr_bi.body_rating.answered_share IS 'answers / appeals received, at most 1';
COMMENT ON COLUMN cuvr_bi.body_rating.unanswered_share IS 'appeals due that month found overdue and still unanswered / appeals received';
COMMENT ON COLUMN cuvr_bi.body_rating.completeness_score IS 'answered_share x (1 - unanswered_share)';
COMMENT ON COLUMN cuvr_bi.body_rating.composite_score IS '0.1 quantity + 0.3 quality + 0.3 speed + 0.3 completeness, weights renormalised over the components with data';
COMMENT ON COLUMN cuvr_bi.body_rating.enough_answers IS 'the body gave at least body_rating_min_answers answers that month (minimum sample)';
COMMENT ON COLUMN cuvr_bi.body_rating.rank_in_level IS 'rank by composite_score among bodies of the same region, level and month with enough answers; NULL without';

-- Problem map: categories x territory (OKTMO municipality, the first 8
-- digits) per month, with growth against the month before.
CREATE VIEW cuvr_bi.problem_map AS
WITH monthly AS (
    SELECT pg_catalog.date_trunc('month', pg_catalog.timezone(r.tz, a.registered_at))::date AS month,
           a.region_code::integer AS region_code,
           pg_catalog.left(a.territory::text, 8) AS territory_oktmo,
           a.category_id, pg_catalog.count(*) AS appeals
      FROM @extschema@.appeal AS a
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     GROUP BY 1, 2, 3, 4)
SELECT cur.month, cur.region_code, cur.territory_oktmo, t.code AS theme_code, c.code AS category_code, c.name AS category_name,
       cur.appeals::bigint AS appeals,
       coalesce(prev.appeals, 0)::bigint AS previous_month_appeals,
       (cur.appeals OPERATOR(pg_catalog.-) coalesce(prev.appeals, 0))::bigint AS growth,
       pg_catalog.round((cur.appeals OPERATOR(pg_catalog.-) prev.appeals)::numeric OPERATOR(pg_catalog./) prev.appeals, 4) AS growth_share,
       pg_catalog.rank() OVER (PARTITION BY cur.region_code, cur.month ORDER BY cur.appeals DESC)::integer AS rank_in_region
  FROM monthly AS cur
  LEFT JOIN monthly AS prev
         ON prev.region_code OPERATOR(pg_catalog.=) cur.region_code
        AND prev.territory_oktmo IS NOT DISTINCT FROM cur.territory_oktmo
        AND prev.category_id IS NOT DISTINCT FROM cur.category_id
        AND prev.month OPERATOR(pg_catalog.=) (cur.month OPERATOR(pg_catalog.-) '1 month'::interval)::date
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) cur.category_id
  LEFT JOIN @extschema@.theme AS t ON t.id OPERATOR(pg_catalog.=) c.theme_id;
COMMENT ON VIEW cuvr_bi.problem_map IS
    'problem map: appeals per month x region x territory (OKTMO municipality) x category, with growth against the previous month and the rank within region and month';
COMMENT ON COLUMN cuvr_bi.problem_map.month IS 'first day of the month of registration (local)';
COMMENT ON COLUMN cuvr_bi.problem_map.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.problem_map.territory_oktmo IS 'OKTMO municipality (first 8 digits of the problem''s territory); NULL when no territory was given';
COMMENT ON COLUMN cuvr_bi.problem_map.theme_code IS 'sector theme';
COMMENT ON COLUMN cuvr_bi.problem_map.category_code IS 'category; NULL for appeals without one';
COMMENT ON COLUMN cuvr_bi.problem_map.category_name IS 'category name';
COMMENT ON COLUMN cuvr_bi.problem_map.appeals IS 'appeals registered that month';
COMMENT ON COLUMN cuvr_bi.problem_map.previous_month_appeals IS 'appeals of the same territory and category the month before';
COMMENT ON COLUMN cuvr_bi.problem_map.growth IS 'appeals - previous_month_appeals';
COMMENT ON COLUMN cuvr_bi.problem_map.growth_share IS 'growth / previous_month_appeals; NULL when there were none';
COMMENT ON COLUMN cuvr_bi.problem_map.rank_in_region IS 'rank by appeals among territory x category cells of the region that month (1 = most)';

-- Workload per sector block (отраслевая тематика): intake rate, open
-- backlog and its age, now.
CREATE VIEW cuvr_bi.theme_workload AS
WITH intake AS (
    SELECT k.region_code, c.theme_id,
           pg_catalog.sum(k.received) FILTER (WHERE k.day OPERATOR(pg_catalog.>) (pg_catalog.timezone(r.tz, pg_catalog.now())::date OPERATOR(pg_catalog.-) 30)) AS received_30d,
           pg_catalog.sum(k.received) FILTER (WHERE k.day OPERATOR(pg_catalog.=) pg_catalog.timezone(r.tz, pg_catalog.now())::date) AS received_today
      FROM @extschema@.kpi_current AS k
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) k.region_code
      LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) k.category_id
     WHERE k.day OPERATOR(pg_catalog.>) (pg_catalog.timezone(r.tz, pg_catalog.now())::date OPERATOR(pg_catalog.-) 30)
     GROUP BY 1, 2),
backlog AS (
    SELECT a.region_code::integer AS region_code, c.theme_id, pg_catalog.count(*) AS open_appeals,
           pg_catalog.count(*) FILTER (WHERE a.overdue_at IS NOT NULL) AS overdue_appeals,
           pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY pg_catalog.date_part('epoch', pg_catalog.now() OPERATOR(pg_catalog.-) a.registered_at))
               OPERATOR(pg_catalog./) 86400 AS median_age_days,
           pg_catalog.date_part('epoch', pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.min(a.registered_at)) OPERATOR(pg_catalog./) 86400 AS max_age_days
      FROM @extschema@.appeal AS a
      LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) a.category_id
     WHERE a.status IN ('registered', 'triage', 'assigned', 'in_progress', 'escalated')
     GROUP BY 1, 2)
SELECT coalesce(i.region_code, b.region_code) AS region_code, t.id AS theme_id, t.code AS theme_code, t.name AS theme_name,
       pg_catalog.round(coalesce(i.received_30d, 0)::numeric OPERATOR(pg_catalog./) 30, 2) AS appeals_per_day_30d,
       coalesce(i.received_today, 0)::bigint AS received_today,
       coalesce(b.open_appeals, 0)::bigint AS open_appeals,
       coalesce(b.overdue_appeals, 0)::bigint AS overdue_appeals,
       pg_catalog.round(b.median_age_days::numeric, 1) AS median_open_age_days,
       pg_catalog.round(b.max_age_days::numeric, 1) AS max_open_age_days
  FROM intake AS i
  FULL JOIN backlog AS b ON b.region_code OPERATOR(pg_catalog.=) i.region_code AND b.theme_id IS NOT DISTINCT FROM i.theme_id
  LEFT JOIN @extschema@.theme AS t ON t.id OPERATOR(pg_catalog.=) coalesce(i.theme_id, b.theme_id);
COMMENT ON VIEW cuvr_bi.theme_workload IS
    'workload per sector block (theme) and region now: appeals per day over the last 30 days, open backlog, overdue part and its age; theme NULL for appeals without a category';
COMMENT ON COLUMN cuvr_bi.theme_workload.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.theme_workload.theme_id IS 'theme id; NULL for appeals without a category';
COMMENT ON COLUMN cuvr_bi.theme_workload.theme_code IS 'theme code';
COMMENT ON COLUMN cuvr_bi.theme_workload.theme_name IS 'theme name';
COMMENT ON COLUMN cuvr_bi.theme_workload.appeals_per_day_30d IS 'appeals registered in the last 30 local days / 30';
COMMENT ON COLUMN cuvr_bi.theme_workload.received_today IS 'appeals registered today (local)';
COMMENT ON COLUMN cuvr_bi.theme_workload.open_appeals IS 'appeals waiting for a body''s work: registered, in triage, assigned, in progress or escalated (backlog)';
COMMENT ON COLUMN cuvr_bi.theme_workload.overdue_appeals IS 'of which found past their deadline';
COMMENT ON COLUMN cuvr_bi.theme_workload.median_open_age_days IS 'median age of the backlog in days since registration';
COMMENT ON COLUMN cuvr_bi.theme_workload.max_open_age_days IS 'age of the oldest open appeal in days';
