\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Overdue control, meant to run every minute from pg_cron:
--   SELECT cron.schedule('cuvr-maintenance', '* * * * *', 'SELECT cuvr.run_maintenance()');
-- It works the same when called by hand or by any other scheduler.

-- SECURITY DEFINER because it is a system job over all appeals, which no
-- working role may change directly; its only authority check is EXECUTE,
-- granted to cuvr_admin and cuvr_operator.
CREATE FUNCTION @extschema@.run_maintenance(OUT near_due integer, OUT overdue integer, OUT kpi_merged bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    share double precision := @extschema@.setting_value('near_due_share')::double precision;
BEGIN
    IF share IS NULL OR share NOT BETWEEN 0 AND 1 THEN
        RAISE EXCEPTION 'setting near_due_share must lie between 0 and 1, not %', share
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Appeals locked by a concurrent run (or a lifecycle call) are skipped
    -- now and found by the next run; the re-checked IS NULL makes every
    -- mark happen once.
    PERFORM @extschema@.label_change('near_due');
    WITH near AS (
        SELECT a.region_code, a.id FROM @extschema@.appeal AS a
         WHERE a.status IN ('registered', 'triage', 'assigned', 'in_progress', 'escalated')
           AND a.near_due_at IS NULL AND a.overdue_at IS NULL
           AND a.due_at OPERATOR(pg_catalog.>) pg_catalog.now()
           AND pg_catalog.now() OPERATOR(pg_catalog.>=)
               (coalesce(a.term_started_at, a.registered_at) OPERATOR(pg_catalog.+)
                ((a.due_at OPERATOR(pg_catalog.-) coalesce(a.term_started_at, a.registered_at))
                 OPERATOR(pg_catalog.*) share))
           FOR UPDATE SKIP LOCKED)
    UPDATE @extschema@.appeal AS x SET near_due_at = pg_catalog.now()
      FROM near
     WHERE x.region_code OPERATOR(pg_catalog.=) near.region_code AND x.id OPERATOR(pg_catalog.=) near.id
       AND x.near_due_at IS NULL;
    GET DIAGNOSTICS near_due = ROW_COUNT;

    PERFORM @extschema@.label_change('overdue');
    WITH late AS (
        SELECT a.region_code, a.id FROM @extschema@.appeal AS a
         WHERE a.status IN ('registered', 'triage', 'assigned', 'in_progress', 'escalated')
           AND a.overdue_at IS NULL
           AND a.due_at OPERATOR(pg_catalog.<=) pg_catalog.now()
           FOR UPDATE SKIP LOCKED)
    UPDATE @extschema@.appeal AS x SET overdue_at = pg_catalog.now()
      FROM late
     WHERE x.region_code OPERATOR(pg_catalog.=) late.region_code AND x.id OPERATOR(pg_catalog.=) late.id
       AND x.overdue_at IS NULL;
    GET DIAGNOSTICS overdue = ROW_COUNT;
    PERFORM @extschema@.label_change(NULL);

    -- The KPI rollup takes in the changes so far, these marks included.
    kpi_merged := @extschema@.kpi_merge();
END
$$;
COMMENT ON FUNCTION @extschema@.run_maintenance() IS
    'marks open appeals near their deadline (setting near_due_share) and past it, once each, with events and notifications, then merges the KPI delta (cuvr.kpi_merge); idempotent, safe to run concurrently, meant for pg_cron every minute; SECURITY DEFINER: a system job over the appeals of every body, past row-level security';
