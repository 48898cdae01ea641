-- hostile_catalogue.sql -- every function of schema cuvr called with NULLs.
--
-- Driven by pg_proc, so a new function is covered the day it is added: each
-- one is called with all its arguments NULL (SRFs inside count(*)), in its
-- own subtransaction that is always rolled back.  It must return NULL (or
-- no rows) or raise a SQLSTATE that is not of class XX (internal error) or
-- 58 (system error); a crash ends the run.  Strict functions with arguments
-- must return NULL.  The functions that do something else with NULLs are
-- listed with their outcome below; a change of one, or a new one, fails the
-- test until the list is updated on purpose.
--
-- Only functions that cannot be called with NULLs from SQL at all are
-- skipped, by an explicit list that the test checks against the catalog.
-- Rolls back.

BEGIN;
SELECT plan(9);

-- The functions not called, and why.  Every entry must exist, and every
-- function the rule excludes must be listed.
CREATE TEMP TABLE skip (sig text PRIMARY KEY, why text NOT NULL);
INSERT INTO skip VALUES
    -- Trigger functions: PostgreSQL calls them only from triggers.
    ('cuvr.appeal_guard()', 'trigger: the lifecycle guard of cuvr.appeal'),
    ('cuvr.appeal_journal()', 'trigger: the journal of cuvr.appeal'),
    ('cuvr.body_check_tree()', 'trigger: refuses cycles in cuvr.body'),
    ('cuvr.cache_changed()', 'trigger: invalidates the C caches'),
    ('cuvr.forbid_change()', 'trigger: append-only tables'),
    ('cuvr.intake_row()', 'trigger: registers intake rows'),
    ('cuvr.kpi_answer_inserted()', 'trigger: KPI delta'),
    ('cuvr.kpi_appeal_inserted()', 'trigger: KPI delta (C)'),
    ('cuvr.kpi_appeal_updated()', 'trigger: KPI delta'),
    ('cuvr.kpi_appeal_moved()', 'trigger: KPI delta, run by kpi_appeal_updated'),
    ('cuvr.setting_check()', 'trigger: setting values'),
    ('cuvr.kpi_event_inserted()', 'trigger: KPI delta'),
    ('cuvr.kpi_rating_inserted()', 'trigger: KPI delta'),
    ('cuvr.kpi_source_truncated()', 'trigger: KPI delta'),
    ('cuvr.merge_builtin_row()', 'trigger: shipped reference rows'),
    ('cuvr.rating_escalate()', 'trigger: escalates negative ratings (C)'),
    ('cuvr.routing_rule_check()', 'trigger: refuses tying routing rules'),
    -- Arguments of type internal: no SQL value can be passed.  Binary input
    -- is covered through COPY ... (FORMAT binary) in hostile_calendar.sql.
    ('cuvr.term_recv(internal)', 'binary input of cuvr.term'),
    ('cuvr.tok_code_recv(internal)', 'binary input of cuvr.tok_code'),
    ('cuvr.oktmo_recv(internal)', 'binary input of cuvr.oktmo'),
    ('cuvr.tok_code_contains_support(internal)', 'planner support function'),
    ('cuvr.tok_code_contained_by_support(internal)', 'planner support function'),
    ('cuvr.oktmo_contains_support(internal)', 'planner support function'),
    ('cuvr.oktmo_contained_by_support(internal)', 'planner support function');

SELECT is_empty($$SELECT sig FROM skip WHERE to_regprocedure(sig) IS NULL$$,
    'every function on the skip list exists');
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text FROM pg_proc AS p
       WHERE p.pronamespace = 'cuvr'::regnamespace
         AND (p.prorettype = 'trigger'::regtype OR 'internal'::regtype = ANY (p.proargtypes::oid[]))$$,
    $$SELECT sig FROM skip$$,
    'the skip list is exactly the trigger functions and the functions of internal arguments');

CREATE FUNCTION pg_temp.state() RETURNS text LANGUAGE sql AS $$
    SELECT format('appeal %s, event %s, answer %s, rating %s, outbox %s, kpi_delta %s, applicant %s, intake %s, '
                  'body_grant %s, calendar_day %s',
                  (SELECT count(*) FROM cuvr.appeal), (SELECT count(*) FROM cuvr.appeal_event),
                  (SELECT count(*) FROM cuvr.answer), (SELECT count(*) FROM cuvr.rating),
                  (SELECT count(*) FROM cuvr.outbox), (SELECT count(*) FROM cuvr.kpi_delta),
                  (SELECT count(*) FROM cuvr.applicant), (SELECT count(*) FROM cuvr.intake),
                  (SELECT count(*) FROM cuvr.body_grant), (SELECT count(*) FROM cuvr.calendar_day))
$$;
SELECT pg_temp.state() AS before \gset

-- Call everything else.  The sentinel HT000 rolls back a call that
-- succeeded, so that no call leaves anything behind.
CREATE TEMP TABLE outcome (sig text PRIMARY KEY, strict boolean, nargs integer, outcome text, message text);
CREATE TEMP TABLE outcome_integ (LIKE outcome);
CREATE FUNCTION pg_temp.call_all(target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    f record;
    call text;
    result text;
    state text;
    message text;
BEGIN
    FOR f IN SELECT p.oid, p.proisstrict, p.pronargs, p.proretset, p.proargtypes
               FROM pg_proc AS p
              WHERE p.pronamespace = 'cuvr'::regnamespace
                AND p.oid::regprocedure::text NOT IN (SELECT sig FROM skip)
              ORDER BY p.oid::regprocedure::text LOOP
        call := format('%s(%s)', f.oid::regproc,
                       (SELECT coalesce(string_agg(format('NULL::%s', t::regtype), ', ' ORDER BY o), '')
                          FROM unnest(f.proargtypes::oid[]) WITH ORDINALITY AS u(t, o)));
        IF f.proretset THEN
            call := format('SELECT nullif(count(*), 0)::text FROM %s AS s', call);
        ELSE
            call := format('SELECT (%s)::text', call);
        END IF;
        BEGIN
            EXECUTE call INTO result;
            RAISE EXCEPTION USING ERRCODE = 'HT000', MESSAGE = coalesce(result, '');
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
            EXECUTE format('INSERT INTO %I VALUES ($1, $2, $3, $4, $5)', target)
              USING f.oid::regprocedure::text, f.proisstrict, f.pronargs::integer,
                    CASE WHEN state <> 'HT000' THEN state
                         WHEN result IS NULL THEN 'null'
                         ELSE 'value ' || result END,
                    message;
        END;
    END LOOP;
END
$$;
SELECT pg_temp.call_all('outcome');

SELECT is((SELECT count(*)::integer FROM outcome),
          (SELECT count(*)::integer FROM pg_proc WHERE pronamespace = 'cuvr'::regnamespace)
              - (SELECT count(*)::integer FROM skip),
          'every function of schema cuvr but the skip list was called');
SELECT diag('called with NULLs: ' || string_agg(sig || ' -> ' || outcome, ', ' ORDER BY sig)) FROM outcome;
SELECT is_empty($$SELECT sig, outcome, message FROM outcome WHERE outcome ~ '^(XX|58)'$$,
    'no function raised an internal or system error');
SELECT is_empty($$SELECT sig, outcome FROM outcome WHERE strict AND nargs > 0 AND outcome <> 'null'$$,
    'every strict function with arguments returned NULL');
SELECT is(pg_temp.state(), :'before', 'the calls left nothing behind');
-- The functions that answer NULLs with something else than NULL: an error
-- of the documented class, or a documented value.
SELECT results_eq(
    $$SELECT sig, outcome FROM outcome WHERE outcome <> 'null' ORDER BY sig$$,
    $$VALUES
        ('cuvr.acting_role()', 'value ' || current_user::text COLLATE "default"),                     -- the caller
        ('cuvr.answer(bigint,text,text,timestamp with time zone,text)', '22004'),
        ('cuvr.assign(bigint,integer)', '22004'),
        ('cuvr.check_body(integer,smallint,integer)', '22004'),
        ('cuvr.close(bigint,text)', '22004'),
        ('cuvr.explain_route(bigint)', '22004'),
        ('cuvr.extend(bigint,text)', '22004'),
        ('cuvr.forget_applicant(bigint)', '22004'),
        ('cuvr.grant_body(name,integer)', '22004'),
        ('cuvr.intake_payload(cuvr.intake)', 'value {}'),                       -- the empty payload
        ('cuvr.intake_retry()', 'value 0'),                                     -- nothing kept to retry
        ('cuvr.kpi_merge()', 'value 0'),                                        -- no delta rows
        ('cuvr.kpi_rebuild()', 'value ' || (SELECT count(*) FROM cuvr.kpi_rollup)), -- the rollup rows
        ('cuvr.label_change(text,text,bigint)', 'value '),                      -- clears the labels (void)
        ('cuvr.load_xmlcalendar(xml,smallint)', '22004'),
        ('cuvr.lock_appeal(bigint,text)', '22004'),
        ('cuvr.may_act(text,integer)', 'value true'),                           -- a superuser may act
        ('cuvr.outbox_ack(bigint[])', 'value 0'),                               -- nothing confirmed
        ('cuvr.outbox_fetch(integer)', '22003'),
        ('cuvr.policy_term(text,text,text,boolean)', '22004'),
        ('cuvr.rate(bigint,integer,text,timestamp with time zone)', '22004'),
        ('cuvr.reclassify(bigint,text)', '22004'),
        ('cuvr.redirect(bigint,integer,text)', '22004'),
        ('cuvr.register_appeal(jsonb)', '22004'),
        ('cuvr.reject(bigint,text)', '22004'),
        ('cuvr.render_template(text,bigint)', '22004'),
        ('cuvr.require_reason(text,text)', '22004'),
        ('cuvr.revoke_body(name,integer)', 'value false'),                      -- nothing revoked
        ('cuvr.run_maintenance()', 'value (0,0,0)'),                            -- nothing due
        ('cuvr.step_deadline(text,smallint,text,text,boolean,timestamp with time zone)', '22004'),
        ('cuvr.take(bigint)', '22004'),
        ('cuvr.train_classifier()', '55000')                                    -- too few labels
    $$,
    'the functions that do not return NULL for NULLs give their documented error or value');

-- The same as an integration (cuvr_integration), a real non-owner caller:
-- no internal error either, and exactly the functions it may not execute
-- refuse it with 42501.  (A strict function called with NULL constants is
-- folded to NULL by the planner before its EXECUTE privilege is checked.)
CREATE ROLE hostile_catalogue_integ NOLOGIN;
GRANT cuvr_integration TO hostile_catalogue_integ;
GRANT SELECT ON skip TO hostile_catalogue_integ;
GRANT INSERT ON outcome_integ TO hostile_catalogue_integ;
SET ROLE hostile_catalogue_integ;
SELECT pg_temp.call_all('outcome_integ');
RESET ROLE;
SELECT is_empty($$SELECT sig, outcome, message FROM outcome_integ WHERE outcome ~ '^(XX|58)'$$,
    'as an integration, no function raised an internal or system error');
SELECT set_eq($$SELECT sig FROM outcome_integ WHERE outcome = '42501'$$,
    $$SELECT sig FROM outcome_integ WHERE NOT has_function_privilege('hostile_catalogue_integ', sig, 'EXECUTE')
        AND NOT (strict AND outcome = 'null')$$,
    'as an integration, exactly the functions it may not execute refuse it (42501), but for strict ones that PostgreSQL folds to NULL first');

SELECT * FROM finish();
ROLLBACK;
