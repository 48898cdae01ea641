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

-- Per local day x region x body x category x channel.  Each measure is
-- counted on the day its event happened.
CREATE VIEW cuvr_bi.kpi_daily AS
WITH facts AS (
    SELECT pg_catalog.timezone(r.tz, a.registered_at)::date AS day, a.region_code, a.body_id,
           a.category_id, a.channel, 1 AS received, 0 AS answered, 0 AS answered_on_time,
           0 AS overdue_open, 0 AS ratings, 0 AS rating_sum, 0 AS negative_ratings, 0 AS escalations
      FROM @extschema@.appeal AS a JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT pg_catalog.timezone(r.tz, n.answered_at)::date, a.region_code, n.body_id, a.category_id, a.channel,
           0, 1, CASE WHEN n.answered_at OPERATOR(pg_catalog.<=) a.due_at THEN 1 ELSE 0 END, 0, 0, 0, 0, 0
      FROM @extschema@.answer AS n
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) n.region_code AND a.id OPERATOR(pg_catalog.=) n.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT pg_catalog.timezone(r.tz, a.due_at)::date, a.region_code, a.body_id, a.category_id, a.channel,
           0, 0, 0, 1, 0, 0, 0, 0
      FROM @extschema@.appeal AS a JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     WHERE a.due_at OPERATOR(pg_catalog.<) pg_catalog.now() AND a.answered_at IS NULL
       AND a.status NOT IN ('closed', 'rejected')
    UNION ALL
    SELECT pg_catalog.timezone(r.tz, x.rated_at)::date, a.region_code, n.body_id, a.category_id, a.channel,
           0, 0, 0, 0, 1, x.score, CASE WHEN x.score OPERATOR(pg_catalog.<=) 2 THEN 1 ELSE 0 END, 0
      FROM @extschema@.rating AS x
      JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) x.region_code AND n.id OPERATOR(pg_catalog.=) x.answer_id
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) x.region_code AND a.id OPERATOR(pg_catalog.=) x.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT pg_catalog.timezone(r.tz, e.at)::date, a.region_code, e.from_body, a.category_id, a.channel,
           0, 0, 0, 0, 0, 0, 0, 1
      FROM @extschema@.appeal_event AS e
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) e.region_code AND a.id OPERATOR(pg_catalog.=) e.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     WHERE e.to_status OPERATOR(pg_catalog.=) 'escalated' AND e.from_status IS DISTINCT FROM 'escalated'
)
SELECT f.day, f.region_code::integer AS region_code, f.body_id, f.category_id, f.channel,
       pg_catalog.sum(f.received)::bigint AS received,
       pg_catalog.sum(f.answered)::bigint AS answered,
       pg_catalog.sum(f.answered_on_time)::bigint AS answered_on_time,
       pg_catalog.sum(f.overdue_open)::bigint AS overdue_open,
       pg_catalog.sum(f.ratings)::bigint AS ratings,
       pg_catalog.sum(f.rating_sum)::bigint AS rating_sum,
       pg_catalog.sum(f.negative_ratings)::bigint AS negative_ratings,
       pg_catalog.sum(f.escalations)::bigint AS escalations
  FROM facts AS f
 GROUP BY f.day, f.region_code, f.body_id, f.category_id, f.channel;
COMMENT ON VIEW cuvr_bi.kpi_daily IS 'KPIs per local day x region x body x category x channel; each measure counts on the day its event happened';
COMMENT ON COLUMN cuvr_bi.kpi_daily.day IS 'local date in the region''s time zone';
COMMENT ON COLUMN cuvr_bi.kpi_daily.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.kpi_daily.body_id IS 'body (the answering body for answers and ratings, the body left for escalations)';
COMMENT ON COLUMN cuvr_bi.kpi_daily.category_id IS 'category id';
COMMENT ON COLUMN cuvr_bi.kpi_daily.channel IS 'channel code';
COMMENT ON COLUMN cuvr_bi.kpi_daily.received IS 'appeals registered that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.answered IS 'answers given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.answered_on_time IS 'answers given that day by the deadline';
COMMENT ON COLUMN cuvr_bi.kpi_daily.overdue_open IS 'appeals whose deadline fell that day and that are still open without an answer';
COMMENT ON COLUMN cuvr_bi.kpi_daily.ratings IS 'ratings given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.rating_sum IS 'sum of the scores of those ratings';
COMMENT ON COLUMN cuvr_bi.kpi_daily.negative_ratings IS 'ratings of 1 or 2 given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.escalations IS 'appeals that went up to a higher body that day';

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
