\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Incremental KPI rollup behind cuvr_bi.kpi_daily.
--
-- Every statement that inserts or changes appeals, answers, ratings or
-- events writes its signed contribution to cuvr.kpi_delta once, from its
-- transition tables: inserters only ever append, so no hot row is locked by
-- every insert.  cuvr.kpi_merge() (run by cuvr.run_maintenance()) moves the
-- delta into cuvr.kpi_rollup in one statement, and cuvr_bi.kpi_daily reads
-- the rollup plus the unmerged tail, so it is always current.
--
-- The measures and their keys (local day in the region's time zone, region,
-- body, category, channel) are defined once, from scratch, by the view
-- cuvr.kpi_recomputed; the triggers below add and subtract exactly its terms.

CREATE TABLE @extschema@.kpi_delta (
    region_code integer NOT NULL,
    day date NOT NULL,
    body_id integer,
    category_id integer,
    channel text NOT NULL,
    response_days integer,
    received integer NOT NULL DEFAULT 0,
    answered integer NOT NULL DEFAULT 0,
    answered_on_time integer NOT NULL DEFAULT 0,
    overdue_open integer NOT NULL DEFAULT 0,
    ratings integer NOT NULL DEFAULT 0,
    rating_sum integer NOT NULL DEFAULT 0,
    negative_ratings integer NOT NULL DEFAULT 0,
    escalations integer NOT NULL DEFAULT 0
);
COMMENT ON TABLE @extschema@.kpi_delta IS
    'unmerged KPI changes: signed rows appended by triggers, moved into the rollups by cuvr.kpi_merge(); no index, so appending stays cheap, and it holds only the changes since the last merge';

CREATE TABLE @extschema@.kpi_rollup (
    region_code integer NOT NULL,
    day date NOT NULL,
    body_id integer,
    category_id integer,
    channel text NOT NULL,
    response_days integer,
    received bigint NOT NULL,
    answered bigint NOT NULL,
    answered_on_time bigint NOT NULL,
    overdue_open bigint NOT NULL,
    ratings bigint NOT NULL,
    rating_sum bigint NOT NULL,
    negative_ratings bigint NOT NULL,
    escalations bigint NOT NULL,
    CONSTRAINT kpi_rollup_key UNIQUE NULLS NOT DISTINCT (region_code, day, body_id, category_id, channel, response_days)
);
COMMENT ON TABLE @extschema@.kpi_rollup IS
    'merged KPIs per region x local day x body x category x channel; equals cuvr.kpi_recomputed once cuvr.kpi_delta is merged';
COMMENT ON CONSTRAINT kpi_rollup_key ON @extschema@.kpi_rollup IS
    'one row per key (NULL body or category is a key value: appeals in triage); the merge upserts on it';

CREATE TABLE @extschema@.kpi_monthly (
    region_code integer NOT NULL,
    month date NOT NULL,
    body_id integer,
    response_days integer,
    received bigint NOT NULL,
    answered bigint NOT NULL,
    answered_on_time bigint NOT NULL,
    overdue_open bigint NOT NULL,
    ratings bigint NOT NULL,
    rating_sum bigint NOT NULL,
    negative_ratings bigint NOT NULL,
    escalations bigint NOT NULL,
    CONSTRAINT kpi_monthly_key UNIQUE NULLS NOT DISTINCT (region_code, month, body_id, response_days)
);
COMMENT ON TABLE @extschema@.kpi_monthly IS
    'merged KPIs per region x local month x body (x working days of answers, for medians): what dashboards and the body rating read; merged with cuvr.kpi_rollup from the same delta';
COMMENT ON CONSTRAINT kpi_monthly_key ON @extschema@.kpi_monthly IS 'one row per key; the merge upserts on it';
COMMENT ON COLUMN @extschema@.kpi_monthly.month IS 'first day of the local month of the event';
-- Rows whose terms all cancelled out, found by the merge without a scan.
CREATE INDEX kpi_rollup_empty ON @extschema@.kpi_rollup (region_code)
    WHERE received = 0 AND answered = 0 AND answered_on_time = 0 AND overdue_open = 0
      AND ratings = 0 AND rating_sum = 0 AND negative_ratings = 0 AND escalations = 0;
CREATE INDEX kpi_monthly_empty ON @extschema@.kpi_monthly (region_code)
    WHERE received = 0 AND answered = 0 AND answered_on_time = 0 AND overdue_open = 0
      AND ratings = 0 AND rating_sum = 0 AND negative_ratings = 0 AND escalations = 0;
COMMENT ON INDEX @extschema@.kpi_rollup_empty IS 'rollup rows whose terms cancelled out, for the merge to remove';
COMMENT ON INDEX @extschema@.kpi_monthly_empty IS 'monthly rows whose terms cancelled out, for the merge to remove';


-- The definition: every KPI term of every appeal, from the base tables.
-- The triggers keep kpi_rollup + kpi_delta equal to this grouped; tests and
-- cuvr.kpi_rebuild() use it directly.
CREATE VIEW @extschema@.kpi_recomputed AS
WITH terms AS (
    SELECT a.region_code, pg_catalog.timezone(r.tz, a.registered_at)::date AS day, a.body_id, a.category_id, a.channel,
           NULL::integer AS response_days, 1 AS received, 0 AS answered, 0 AS answered_on_time, 0 AS overdue_open,
           0 AS ratings, 0 AS rating_sum, 0 AS negative_ratings, 0 AS escalations
      FROM @extschema@.appeal AS a JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT a.region_code, pg_catalog.timezone(r.tz, a.due_at)::date, a.body_id, a.category_id, a.channel, NULL,
           0, 0, 0, 1, 0, 0, 0, 0
      FROM @extschema@.appeal AS a JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     WHERE a.overdue_at IS NOT NULL AND a.answered_at IS NULL AND a.status NOT IN ('closed', 'rejected')
    UNION ALL
    SELECT a.region_code, pg_catalog.timezone(r.tz, n.answered_at)::date, n.body_id, a.category_id, a.channel, n.working_days,
           0, 1, (n.answered_at OPERATOR(pg_catalog.<=) n.due_at IS TRUE)::integer, 0, 0, 0, 0, 0
      FROM @extschema@.answer AS n
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) n.region_code AND a.id OPERATOR(pg_catalog.=) n.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT a.region_code, pg_catalog.timezone(r.tz, x.rated_at)::date, n.body_id, a.category_id, a.channel, NULL,
           0, 0, 0, 0, 1, x.score, (x.score OPERATOR(pg_catalog.<=) 2)::integer, 0
      FROM @extschema@.rating AS x
      JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) x.region_code AND n.id OPERATOR(pg_catalog.=) x.answer_id
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) x.region_code AND a.id OPERATOR(pg_catalog.=) x.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT a.region_code, pg_catalog.timezone(r.tz, e.at)::date, e.from_body, a.category_id, a.channel, NULL,
           0, 0, 0, 0, 0, 0, 0, 1
      FROM @extschema@.appeal_event AS e
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) e.region_code AND a.id OPERATOR(pg_catalog.=) e.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     WHERE e.to_status OPERATOR(pg_catalog.=) 'escalated' AND e.from_status IS DISTINCT FROM 'escalated'
)
SELECT t.region_code, t.day, t.body_id, t.category_id, t.channel, t.response_days,
       pg_catalog.sum(t.received)::bigint AS received,
       pg_catalog.sum(t.answered)::bigint AS answered,
       pg_catalog.sum(t.answered_on_time)::bigint AS answered_on_time,
       pg_catalog.sum(t.overdue_open)::bigint AS overdue_open,
       pg_catalog.sum(t.ratings)::bigint AS ratings,
       pg_catalog.sum(t.rating_sum)::bigint AS rating_sum,
       pg_catalog.sum(t.negative_ratings)::bigint AS negative_ratings,
       pg_catalog.sum(t.escalations)::bigint AS escalations
  FROM terms AS t
 GROUP BY t.region_code, t.day, t.body_id, t.category_id, t.channel, t.response_days;
COMMENT ON VIEW @extschema@.kpi_recomputed IS
    'the KPIs from scratch, one GROUP BY over appeals, answers, ratings and events: the definition the incremental rollup keeps equal to';

-- The delta triggers.  They are SECURITY DEFINER because cuvr.kpi_delta is
-- internal: no working role may write it, yet every role that may change
-- appeals (through the lifecycle functions, or an admin directly, or
-- pg_restore) must leave its KPI terms behind.  Trigger functions cannot be
-- called directly.

-- New appeals: received, and overdue_open for rows inserted already overdue
-- (a restore).  In C (kpi.c): it is on every registration, and it appends
-- with heap inserts, no query.
CREATE FUNCTION @extschema@.kpi_appeal_inserted()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'cuvr_kpi_appeal_inserted';
COMMENT ON FUNCTION @extschema@.kpi_appeal_inserted() IS
    'statement trigger (C): appends the KPI terms of inserted appeals to cuvr.kpi_delta';

-- Changed appeals: a change of body, category or channel moves the appeal's
-- terms from the old key to the new one (its answers, ratings and
-- escalations too when the category or channel changes); a change of the
-- overdue-and-open state or of an overdue appeal's deadline moves its
-- overdue_open term.
CREATE FUNCTION @extschema@.kpi_appeal_moved()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    WITH changed AS (
        SELECT o.region_code, o.id, pg_catalog.timezone(r.tz, o.registered_at)::date AS registered_day,
               pg_catalog.timezone(r.tz, o.due_at)::date AS old_due_day,
               pg_catalog.timezone(r.tz, n.due_at)::date AS new_due_day,
               o.body_id AS old_body, n.body_id AS new_body,
               o.category_id AS old_category, n.category_id AS new_category,
               o.channel AS old_channel, n.channel AS new_channel,
               (o.overdue_at IS NOT NULL AND o.answered_at IS NULL AND o.status NOT IN ('closed', 'rejected')) AS old_overdue,
               (n.overdue_at IS NOT NULL AND n.answered_at IS NULL AND n.status NOT IN ('closed', 'rejected')) AS new_overdue,
               (o.category_id IS DISTINCT FROM n.category_id OR o.channel IS DISTINCT FROM n.channel) AS children_move
          FROM old_appeals AS o
          JOIN new_appeals AS n ON n.id OPERATOR(pg_catalog.=) o.id
          JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) o.region_code
         WHERE o.body_id IS DISTINCT FROM n.body_id
            OR o.category_id IS DISTINCT FROM n.category_id
            OR o.channel IS DISTINCT FROM n.channel
            OR (o.overdue_at IS NOT NULL AND o.answered_at IS NULL AND o.status NOT IN ('closed', 'rejected'))
               IS DISTINCT FROM
               (n.overdue_at IS NOT NULL AND n.answered_at IS NULL AND n.status NOT IN ('closed', 'rejected'))
            OR (o.overdue_at IS NOT NULL AND o.due_at IS DISTINCT FROM n.due_at)),
    terms AS (
        -- received moves with body, category and channel
        SELECT c.region_code, c.registered_day AS day, c.old_body AS body_id, c.old_category AS category_id,
               c.old_channel AS channel, NULL::integer AS response_days, -1 AS received, 0 AS answered, 0 AS answered_on_time, 0 AS overdue_open,
               0 AS ratings, 0 AS rating_sum, 0 AS negative_ratings, 0 AS escalations
          FROM changed AS c
        UNION ALL
        SELECT c.region_code, c.registered_day, c.new_body, c.new_category, c.new_channel, NULL, 1, 0, 0, 0, 0, 0, 0, 0
          FROM changed AS c
        UNION ALL
        SELECT c.region_code, c.old_due_day, c.old_body, c.old_category, c.old_channel, NULL, 0, 0, 0, -1, 0, 0, 0, 0
          FROM changed AS c WHERE c.old_overdue
        UNION ALL
        SELECT c.region_code, c.new_due_day, c.new_body, c.new_category, c.new_channel, NULL, 0, 0, 0, 1, 0, 0, 0, 0
          FROM changed AS c WHERE c.new_overdue
        UNION ALL
        -- answers, ratings and escalations move with category and channel
        SELECT c.region_code, pg_catalog.timezone(r.tz, x.answered_at)::date, x.body_id, k.category_id, k.channel,
               x.working_days, 0, k.sign, k.sign OPERATOR(pg_catalog.*) (x.answered_at OPERATOR(pg_catalog.<=) x.due_at IS TRUE)::integer,
               0, 0, 0, 0, 0
          FROM changed AS c
          JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) c.region_code
          CROSS JOIN LATERAL (VALUES (-1, c.old_category, c.old_channel), (1, c.new_category, c.new_channel))
                AS k(sign, category_id, channel)
          JOIN @extschema@.answer AS x ON x.region_code OPERATOR(pg_catalog.=) c.region_code
                                      AND x.appeal_id OPERATOR(pg_catalog.=) c.id
         WHERE c.children_move
        UNION ALL
        SELECT c.region_code, pg_catalog.timezone(r.tz, x.rated_at)::date, n.body_id, k.category_id, k.channel,
               NULL, 0, 0, 0, 0, k.sign, k.sign OPERATOR(pg_catalog.*) x.score,
               k.sign OPERATOR(pg_catalog.*) (x.score OPERATOR(pg_catalog.<=) 2)::integer, 0
          FROM changed AS c
          JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) c.region_code
          CROSS JOIN LATERAL (VALUES (-1, c.old_category, c.old_channel), (1, c.new_category, c.new_channel))
                AS k(sign, category_id, channel)
          JOIN @extschema@.rating AS x ON x.region_code OPERATOR(pg_catalog.=) c.region_code
                                      AND x.appeal_id OPERATOR(pg_catalog.=) c.id
          JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) x.region_code
                                      AND n.id OPERATOR(pg_catalog.=) x.answer_id
         WHERE c.children_move
        UNION ALL
        SELECT c.region_code, pg_catalog.timezone(r.tz, e.at)::date, e.from_body, k.category_id, k.channel,
               NULL, 0, 0, 0, 0, 0, 0, 0, k.sign
          FROM changed AS c
          JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) c.region_code
          CROSS JOIN LATERAL (VALUES (-1, c.old_category, c.old_channel), (1, c.new_category, c.new_channel))
                AS k(sign, category_id, channel)
          JOIN @extschema@.appeal_event AS e ON e.region_code OPERATOR(pg_catalog.=) c.region_code
                                            AND e.appeal_id OPERATOR(pg_catalog.=) c.id
         WHERE c.children_move
           AND e.to_status OPERATOR(pg_catalog.=) 'escalated' AND e.from_status IS DISTINCT FROM 'escalated')
    INSERT INTO @extschema@.kpi_delta (region_code, day, body_id, category_id, channel, response_days, received, answered,
                                       answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
    SELECT t.region_code, t.day, t.body_id, t.category_id, t.channel, t.response_days,
           pg_catalog.sum(t.received), pg_catalog.sum(t.answered), pg_catalog.sum(t.answered_on_time),
           pg_catalog.sum(t.overdue_open), pg_catalog.sum(t.ratings), pg_catalog.sum(t.rating_sum),
           pg_catalog.sum(t.negative_ratings), pg_catalog.sum(t.escalations)
      FROM terms AS t
     GROUP BY t.region_code, t.day, t.body_id, t.category_id, t.channel, t.response_days
    HAVING pg_catalog.sum(t.received) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(t.answered) OPERATOR(pg_catalog.<>) 0
        OR pg_catalog.sum(t.answered_on_time) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(t.overdue_open) OPERATOR(pg_catalog.<>) 0
        OR pg_catalog.sum(t.ratings) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(t.rating_sum) OPERATOR(pg_catalog.<>) 0
        OR pg_catalog.sum(t.negative_ratings) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(t.escalations) OPERATOR(pg_catalog.<>) 0;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_appeal_moved() IS
    'statement trigger body, called by cuvr.kpi_appeal_updated() when a change moves KPI terms: moves the KPI terms of changed appeals from their old key to their new one in cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

-- In C in front of it: most changes (an answer, a rating, a grouping) move
-- no term, and C sees that in the transition tables without a query.
CREATE FUNCTION @extschema@.kpi_appeal_updated()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'cuvr_kpi_appeal_updated';
COMMENT ON FUNCTION @extschema@.kpi_appeal_updated() IS
    'statement trigger (C): finds the changed appeals whose KPI terms move (body, category, channel, overdue state, an overdue deadline) and then runs cuvr.kpi_appeal_moved(); otherwise does nothing';

CREATE FUNCTION @extschema@.kpi_answer_inserted()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO @extschema@.kpi_delta (region_code, day, body_id, category_id, channel, response_days, answered, answered_on_time)
    SELECT a.region_code, pg_catalog.timezone(r.tz, x.answered_at)::date AS day, x.body_id, a.category_id, a.channel,
           x.working_days, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE x.answered_at OPERATOR(pg_catalog.<=) x.due_at)
      FROM new_answers AS x
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) x.region_code AND a.id OPERATOR(pg_catalog.=) x.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     GROUP BY 1, 2, 3, 4, 5, 6;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_answer_inserted() IS
    'statement trigger: appends the KPI terms of new answers (answered, answered on time) to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

CREATE FUNCTION @extschema@.kpi_rating_inserted()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO @extschema@.kpi_delta (region_code, day, body_id, category_id, channel, ratings, rating_sum, negative_ratings)
    SELECT a.region_code, pg_catalog.timezone(r.tz, x.rated_at)::date AS day, n.body_id, a.category_id, a.channel,
           pg_catalog.count(*), pg_catalog.sum(x.score), pg_catalog.count(*) FILTER (WHERE x.score OPERATOR(pg_catalog.<=) 2)
      FROM new_ratings AS x
      JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) x.region_code AND n.id OPERATOR(pg_catalog.=) x.answer_id
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) x.region_code AND a.id OPERATOR(pg_catalog.=) x.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_rating_inserted() IS
    'statement trigger: appends the KPI terms of new ratings (count, score sum, negative) to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

CREATE FUNCTION @extschema@.kpi_event_inserted()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO @extschema@.kpi_delta (region_code, day, body_id, category_id, channel, escalations)
    SELECT a.region_code, pg_catalog.timezone(r.tz, NEW.at)::date, NEW.from_body, a.category_id, a.channel, 1
      FROM @extschema@.appeal AS a
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     WHERE a.region_code OPERATOR(pg_catalog.=) NEW.region_code AND a.id OPERATOR(pg_catalog.=) NEW.appeal_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_event_inserted() IS
    'row trigger on escalation events only (its WHEN clause): appends the escalation to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

CREATE TRIGGER kpi_delta AFTER INSERT ON @extschema@.appeal
    REFERENCING NEW TABLE AS new_appeals
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_appeal_inserted();
CREATE TRIGGER kpi_delta_update AFTER UPDATE ON @extschema@.appeal
    REFERENCING OLD TABLE AS old_appeals NEW TABLE AS new_appeals
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_appeal_updated();
CREATE TRIGGER kpi_delta AFTER INSERT ON @extschema@.answer
    REFERENCING NEW TABLE AS new_answers
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_answer_inserted();
CREATE TRIGGER kpi_delta AFTER INSERT ON @extschema@.rating
    REFERENCING NEW TABLE AS new_ratings
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_rating_inserted();
-- Escalations are a few events in a hundred: a row trigger with a WHEN
-- clause costs the others nothing.
CREATE TRIGGER kpi_delta AFTER INSERT ON @extschema@.appeal_event
    FOR EACH ROW
    WHEN (NEW.to_status OPERATOR(pg_catalog.=) 'escalated' AND NEW.from_status IS DISTINCT FROM 'escalated')
    EXECUTE FUNCTION @extschema@.kpi_event_inserted();
COMMENT ON TRIGGER kpi_delta ON @extschema@.appeal IS 'KPI terms of new appeals into cuvr.kpi_delta, once per statement';
COMMENT ON TRIGGER kpi_delta_update ON @extschema@.appeal IS 'KPI terms of changed appeals into cuvr.kpi_delta, once per statement';
COMMENT ON TRIGGER kpi_delta ON @extschema@.answer IS 'KPI terms of new answers into cuvr.kpi_delta, once per statement';
COMMENT ON TRIGGER kpi_delta ON @extschema@.rating IS 'KPI terms of new ratings into cuvr.kpi_delta, once per statement';
COMMENT ON TRIGGER kpi_delta ON @extschema@.appeal_event IS 'escalations into cuvr.kpi_delta, fired for escalation events only';

-- TRUNCATE of a source table bypasses the row triggers; the rollup is then
-- rebuilt in the same transaction.
CREATE FUNCTION @extschema@.kpi_source_truncated()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM @extschema@.kpi_rebuild();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_source_truncated() IS
    'statement trigger: rebuilds the KPI rollup after TRUNCATE of a table it is computed from; SECURITY DEFINER: rewrites the internal KPI tables';

-- Merge.  The DELETE ... RETURNING and both upserts are one statement, so
-- the rows it moves are exactly the rows it adds: a reader's snapshot sees
-- each change either in the delta or in the rollups, never in both.  Rows
-- written by transactions that commit meanwhile stay for the next merge.
--
-- SECURITY DEFINER because it writes the internal KPI tables; EXECUTE is
-- granted to cuvr_admin and cuvr_operator, as for cuvr.run_maintenance().
CREATE FUNCTION @extschema@.kpi_merge()
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    moved_rows bigint;
BEGIN
    -- One merge at a time; a concurrent call returns at once, and its
    -- changes are merged by the running one or the next.
    IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('cuvr.kpi_merge')::bigint) THEN
        RETURN 0;
    END IF;

    WITH moved AS (
        DELETE FROM @extschema@.kpi_delta RETURNING *),
    daily AS (
        SELECT m.region_code, m.day, m.body_id, m.category_id, m.channel, m.response_days, pg_catalog.sum(m.received) AS received, pg_catalog.sum(m.answered) AS answered, pg_catalog.sum(m.answered_on_time) AS answered_on_time, pg_catalog.sum(m.overdue_open) AS overdue_open, pg_catalog.sum(m.ratings) AS ratings, pg_catalog.sum(m.rating_sum) AS rating_sum, pg_catalog.sum(m.negative_ratings) AS negative_ratings, pg_catalog.sum(m.escalations) AS escalations
          FROM moved AS m
         GROUP BY m.region_code, m.day, m.body_id, m.category_id, m.channel, m.response_days),
    monthly AS (
        SELECT m.region_code, pg_catalog.date_trunc('month', m.day::timestamp)::date AS month, m.body_id,
               m.response_days, pg_catalog.sum(m.received) AS received, pg_catalog.sum(m.answered) AS answered, pg_catalog.sum(m.answered_on_time) AS answered_on_time, pg_catalog.sum(m.overdue_open) AS overdue_open, pg_catalog.sum(m.ratings) AS ratings, pg_catalog.sum(m.rating_sum) AS rating_sum, pg_catalog.sum(m.negative_ratings) AS negative_ratings, pg_catalog.sum(m.escalations) AS escalations
          FROM moved AS m
         GROUP BY 1, 2, 3, 4),
    merged_daily AS (
        INSERT INTO @extschema@.kpi_rollup AS k (region_code, day, body_id, category_id, channel, response_days, received, answered, answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
        SELECT d.region_code, d.day, d.body_id, d.category_id, d.channel, d.response_days, d.received, d.answered, d.answered_on_time, d.overdue_open, d.ratings, d.rating_sum, d.negative_ratings, d.escalations
          FROM daily AS d
        ON CONFLICT ON CONSTRAINT kpi_rollup_key DO UPDATE
           SET received = k.received OPERATOR(pg_catalog.+) excluded.received,
               answered = k.answered OPERATOR(pg_catalog.+) excluded.answered,
               answered_on_time = k.answered_on_time OPERATOR(pg_catalog.+) excluded.answered_on_time,
               overdue_open = k.overdue_open OPERATOR(pg_catalog.+) excluded.overdue_open,
               ratings = k.ratings OPERATOR(pg_catalog.+) excluded.ratings,
               rating_sum = k.rating_sum OPERATOR(pg_catalog.+) excluded.rating_sum,
               negative_ratings = k.negative_ratings OPERATOR(pg_catalog.+) excluded.negative_ratings,
               escalations = k.escalations OPERATOR(pg_catalog.+) excluded.escalations
        RETURNING 1),
    merged_monthly AS (
        INSERT INTO @extschema@.kpi_monthly AS k (region_code, month, body_id, response_days, received, answered, answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
        SELECT x.region_code, x.month, x.body_id, x.response_days, x.received, x.answered, x.answered_on_time, x.overdue_open, x.ratings, x.rating_sum, x.negative_ratings, x.escalations
          FROM monthly AS x
        ON CONFLICT ON CONSTRAINT kpi_monthly_key DO UPDATE
           SET received = k.received OPERATOR(pg_catalog.+) excluded.received,
               answered = k.answered OPERATOR(pg_catalog.+) excluded.answered,
               answered_on_time = k.answered_on_time OPERATOR(pg_catalog.+) excluded.answered_on_time,
               overdue_open = k.overdue_open OPERATOR(pg_catalog.+) excluded.overdue_open,
               ratings = k.ratings OPERATOR(pg_catalog.+) excluded.ratings,
               rating_sum = k.rating_sum OPERATOR(pg_catalog.+) excluded.rating_sum,
               negative_ratings = k.negative_ratings OPERATOR(pg_catalog.+) excluded.negative_ratings,
               escalations = k.escalations OPERATOR(pg_catalog.+) excluded.escalations
        RETURNING 1)
    SELECT (SELECT pg_catalog.count(*) FROM moved)
      INTO moved_rows
      FROM (SELECT pg_catalog.count(*) FROM merged_daily) AS a, (SELECT pg_catalog.count(*) FROM merged_monthly) AS b;

    -- Keys whose terms cancelled out (an appeal moved away) leave no row.
    -- The partial indexes find them without a scan.
    DELETE FROM @extschema@.kpi_rollup AS k WHERE k.received OPERATOR(pg_catalog.=) 0 AND k.answered OPERATOR(pg_catalog.=) 0 AND k.answered_on_time OPERATOR(pg_catalog.=) 0 AND k.overdue_open OPERATOR(pg_catalog.=) 0 AND k.ratings OPERATOR(pg_catalog.=) 0 AND k.rating_sum OPERATOR(pg_catalog.=) 0 AND k.negative_ratings OPERATOR(pg_catalog.=) 0 AND k.escalations OPERATOR(pg_catalog.=) 0;
    DELETE FROM @extschema@.kpi_monthly AS k WHERE k.received OPERATOR(pg_catalog.=) 0 AND k.answered OPERATOR(pg_catalog.=) 0 AND k.answered_on_time OPERATOR(pg_catalog.=) 0 AND k.overdue_open OPERATOR(pg_catalog.=) 0 AND k.ratings OPERATOR(pg_catalog.=) 0 AND k.rating_sum OPERATOR(pg_catalog.=) 0 AND k.negative_ratings OPERATOR(pg_catalog.=) 0 AND k.escalations OPERATOR(pg_catalog.=) 0;
    RETURN coalesce(moved_rows, 0);
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_merge() IS
    'moves cuvr.kpi_delta into cuvr.kpi_rollup and cuvr.kpi_monthly in one statement; returns the number of delta rows merged (0 if another merge is running); readers and writers are never blocked; SECURITY DEFINER: writes the internal KPI tables, which no working role may write';

-- From scratch, for repair or after TRUNCATE: waits for running writers of
-- the delta, then holds them off until it commits.  Readers go on.
CREATE FUNCTION @extschema@.kpi_rebuild()
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rows_ bigint;
BEGIN
    LOCK TABLE @extschema@.kpi_delta IN EXCLUSIVE MODE;
    LOCK TABLE @extschema@.kpi_rollup IN EXCLUSIVE MODE;
    LOCK TABLE @extschema@.kpi_monthly IN EXCLUSIVE MODE;
    DELETE FROM @extschema@.kpi_delta;
    DELETE FROM @extschema@.kpi_rollup;
    DELETE FROM @extschema@.kpi_monthly;
    INSERT INTO @extschema@.kpi_rollup (region_code, day, body_id, category_id, channel, response_days, received, answered, answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
    SELECT k.region_code, k.day, k.body_id, k.category_id, k.channel, k.response_days, k.received, k.answered, k.answered_on_time, k.overdue_open, k.ratings, k.rating_sum, k.negative_ratings, k.escalations
      FROM @extschema@.kpi_recomputed AS k;
    GET DIAGNOSTICS rows_ = ROW_COUNT;
    INSERT INTO @extschema@.kpi_monthly (region_code, month, body_id, response_days, received, answered, answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
    SELECT k.region_code, pg_catalog.date_trunc('month', k.day::timestamp)::date, k.body_id, k.response_days, pg_catalog.sum(k.received) AS received, pg_catalog.sum(k.answered) AS answered, pg_catalog.sum(k.answered_on_time) AS answered_on_time, pg_catalog.sum(k.overdue_open) AS overdue_open, pg_catalog.sum(k.ratings) AS ratings, pg_catalog.sum(k.rating_sum) AS rating_sum, pg_catalog.sum(k.negative_ratings) AS negative_ratings, pg_catalog.sum(k.escalations) AS escalations
      FROM @extschema@.kpi_rollup AS k
     GROUP BY 1, 2, 3, 4;
    RETURN rows_;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_rebuild() IS
    'recomputes cuvr.kpi_rollup and cuvr.kpi_monthly from scratch and empties cuvr.kpi_delta (repair, or after TRUNCATE); returns the daily rollup rows; blocks writers, not readers, while it runs; SECURITY DEFINER: rewrites the internal KPI tables, which no working role may write';

CREATE TRIGGER kpi_rebuild AFTER TRUNCATE ON @extschema@.appeal
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_source_truncated();
CREATE TRIGGER kpi_rebuild AFTER TRUNCATE ON @extschema@.answer
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_source_truncated();
CREATE TRIGGER kpi_rebuild AFTER TRUNCATE ON @extschema@.rating
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_source_truncated();
CREATE TRIGGER kpi_rebuild AFTER TRUNCATE ON @extschema@.appeal_event
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_source_truncated();
COMMENT ON TRIGGER kpi_rebuild ON @extschema@.appeal IS 'rebuilds the KPI rollup after TRUNCATE';
COMMENT ON TRIGGER kpi_rebuild ON @extschema@.answer IS 'rebuilds the KPI rollup after TRUNCATE';
COMMENT ON TRIGGER kpi_rebuild ON @extschema@.rating IS 'rebuilds the KPI rollup after TRUNCATE';
COMMENT ON TRIGGER kpi_rebuild ON @extschema@.appeal_event IS 'rebuilds the KPI rollup after TRUNCATE';

-- Merged rollup and unmerged tail as one relation: what cuvr_bi reads.
-- A reader's snapshot sees every change in exactly one of the two.
CREATE VIEW @extschema@.kpi_current AS
SELECT m.region_code, m.day, m.body_id, m.category_id, m.channel, m.response_days, m.received, m.answered,
       m.answered_on_time, m.overdue_open, m.ratings, m.rating_sum, m.negative_ratings, m.escalations
  FROM @extschema@.kpi_rollup AS m
UNION ALL
SELECT d.region_code, d.day, d.body_id, d.category_id, d.channel, d.response_days, d.received, d.answered,
       d.answered_on_time, d.overdue_open, d.ratings, d.rating_sum, d.negative_ratings, d.escalations
  FROM @extschema@.kpi_delta AS d;
COMMENT ON VIEW @extschema@.kpi_current IS
    'the merged KPI rollup plus its unmerged changes, not yet summed per key: always current; cuvr_bi.kpi_daily and cuvr_bi.body_rating read it';

-- The monthly rollup plus the unmerged tail rolled up to months.
CREATE VIEW @extschema@.kpi_monthly_current AS
SELECT m.region_code, m.month, m.body_id, m.response_days, m.received, m.answered, m.answered_on_time,
       m.overdue_open, m.ratings, m.rating_sum, m.negative_ratings, m.escalations
  FROM @extschema@.kpi_monthly AS m
UNION ALL
SELECT d.region_code, pg_catalog.date_trunc('month', d.day::timestamp)::date, d.body_id, d.response_days, d.received,
       d.answered, d.answered_on_time, d.overdue_open, d.ratings, d.rating_sum, d.negative_ratings, d.escalations
  FROM @extschema@.kpi_delta AS d;
COMMENT ON VIEW @extschema@.kpi_monthly_current IS
    'the merged monthly KPI rollup plus its unmerged changes by month, not yet summed per key: always current; cuvr_bi.kpi_monthly and cuvr_bi.body_rating read it';

-- The columns of the KPI tables and views mean the same everywhere.
COMMENT ON COLUMN @extschema@.kpi_monthly_current.month IS 'first day of the local month of the event';
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['kpi_delta', 'kpi_rollup', 'kpi_monthly', 'kpi_recomputed', 'kpi_current', 'kpi_monthly_current'] LOOP
        EXECUTE pg_catalog.format($f$
            COMMENT ON COLUMN @extschema@.%1$I.region_code IS 'subject code';
            COMMENT ON COLUMN @extschema@.%1$I.body_id IS 'body: responsible for received and overdue, answering for answers and ratings, left for escalations';
            COMMENT ON COLUMN @extschema@.%1$I.response_days IS 'for answer terms: working days from registration to the answer (medians come from it); NULL for the others';
            COMMENT ON COLUMN @extschema@.%1$I.received IS 'appeals registered';
            COMMENT ON COLUMN @extschema@.%1$I.answered IS 'answers given';
            COMMENT ON COLUMN @extschema@.%1$I.answered_on_time IS 'answers given by the deadline in force when they were given';
            COMMENT ON COLUMN @extschema@.%1$I.overdue_open IS 'appeals found overdue by cuvr.run_maintenance() and still open without an answer, counted on their due day';
            COMMENT ON COLUMN @extschema@.%1$I.ratings IS 'ratings given';
            COMMENT ON COLUMN @extschema@.%1$I.rating_sum IS 'sum of their scores';
            COMMENT ON COLUMN @extschema@.%1$I.negative_ratings IS 'ratings of 1 or 2';
            COMMENT ON COLUMN @extschema@.%1$I.escalations IS 'escalations to a higher body';
            $f$, t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['kpi_delta', 'kpi_rollup', 'kpi_recomputed', 'kpi_current'] LOOP
        EXECUTE pg_catalog.format($f$
            COMMENT ON COLUMN @extschema@.%1$I.day IS 'local date of the event in the region''s time zone';
            COMMENT ON COLUMN @extschema@.%1$I.category_id IS 'category of the appeal (its current one)';
            COMMENT ON COLUMN @extschema@.%1$I.channel IS 'channel of the appeal';
            $f$, t);
    END LOOP;
END
$$;
