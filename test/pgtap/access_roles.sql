-- access_roles.sql -- the privilege boundary of cuvr, as catalogued.
--
-- Proves, without running any business function:
--   * the five group roles exist, cannot log in and carry no dangerous
--     attributes (superuser, createrole, createdb, bypassrls);
--   * nothing in schemas cuvr / cuvr_bi reaches PUBLIC: a fresh login with
--     no memberships can neither see nor call anything, checked both in the
--     catalogue and by actually trying under SET ROLE;
--   * the least-privilege matrix: the exact table privileges of every group
--     role on every table and view, the exact list of functions each may
--     execute, the columns of cuvr.appeal / cuvr.outbox each may UPDATE and
--     the schema USAGE each has;
--   * the append-only journal is writable by no group role;
--   * row-level security is enabled AND forced on every transactional table
--     but the intake, which COPY must be able to fill.
--
-- Any GRANT added to (or REVOKE missing from) 80_security.sql makes one of
-- these assertions fail.  Runs in one transaction and rolls back.

BEGIN;
SELECT plan(347);

-- 1. The group roles --------------------------------------------------------
SELECT has_role(r, format('group role %s exists', r))
  FROM unnest(ARRAY['cuvr_admin', 'cuvr_operator', 'cuvr_executor', 'cuvr_analyst', 'cuvr_integration']) AS r
 ORDER BY r;                                                                        -- 5

SELECT is(rolcanlogin, false, format('%s is NOLOGIN', rolname))
  FROM pg_roles
 WHERE rolname IN ('cuvr_admin', 'cuvr_operator', 'cuvr_executor', 'cuvr_analyst', 'cuvr_integration')
 ORDER BY rolname;                                                                  -- 5

SELECT ok(NOT (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication),
          format('%s has no superuser/createrole/createdb/bypassrls/replication attribute', rolname))
  FROM pg_roles
 WHERE rolname IN ('cuvr_admin', 'cuvr_operator', 'cuvr_executor', 'cuvr_analyst', 'cuvr_integration')
 ORDER BY rolname;                                                                  -- 5

SELECT is((SELECT count(*)::int FROM pg_auth_members m
             JOIN pg_roles g ON g.oid = m.roleid
             JOIN pg_roles u ON u.oid = m.member
            WHERE g.rolname LIKE 'cuvr\_%' AND u.rolname LIKE 'cuvr\_%'),
          0, 'no cuvr group role is a member of another (no privilege leaks between groups)');  -- 1

-- 2. Nothing is granted to PUBLIC ---------------------------------------------
CREATE ROLE cuvr_t_nobody LOGIN;

SELECT is(has_schema_privilege('cuvr_t_nobody', 'cuvr', 'USAGE'), false,
          'a login with no memberships has no USAGE on schema cuvr');
SELECT is(has_schema_privilege('cuvr_t_nobody', 'cuvr_bi', 'USAGE'), false,
          'a login with no memberships has no USAGE on schema cuvr_bi');
SELECT is(has_table_privilege('cuvr_t_nobody', 'cuvr.appeal', 'SELECT'), false,
          'a login with no memberships has no SELECT on cuvr.appeal');
SELECT is(has_function_privilege('cuvr_t_nobody', 'cuvr.register_appeal(jsonb)', 'EXECUTE'), false,
          'a login with no memberships cannot EXECUTE cuvr.register_appeal');
SELECT is(has_table_privilege('cuvr_t_nobody', 'cuvr_bi.appeal_facts', 'SELECT'), false,
          'a login with no memberships has no SELECT on cuvr_bi.appeal_facts');
SELECT is_empty($$
    SELECT c.oid::regclass::text FROM pg_class c
     WHERE c.relnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
       AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
       AND has_table_privilege('cuvr_t_nobody', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')$$,
    'a login with no memberships has no privilege on any table or view of cuvr / cuvr_bi');
SELECT is_empty($$
    SELECT c.oid::regclass::text FROM pg_class c
     WHERE c.relnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
       AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege('cuvr_t_nobody', c.oid, 'USAGE, SELECT, UPDATE') END$$,
    'a login with no memberships has no privilege on any sequence of cuvr');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
       AND has_function_privilege('cuvr_t_nobody', p.oid, 'EXECUTE')$$,
    'a login with no memberships can EXECUTE no function of cuvr / cuvr_bi');
SELECT is_empty($$
    SELECT a.attrelid::regclass::text || '.' || a.attname FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
       AND a.attnum > 0 AND NOT a.attisdropped
       AND has_column_privilege('cuvr_t_nobody', a.attrelid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES')$$,
    'a login with no memberships has no column privilege in cuvr / cuvr_bi');       -- 13 so far in 2

-- ... and trying it for real:
SET ROLE cuvr_t_nobody;
SELECT throws_ok($$SELECT count(*) FROM cuvr.appeal$$, '42501', NULL,
                 'PUBLIC cannot read cuvr.appeal');
SELECT throws_ok($$SELECT cuvr.register_appeal('{"source":"t","external_id":"nobody","region":71,"channel":"hotline","text":"x"}')$$,
                 '42501', NULL, 'PUBLIC cannot call cuvr.register_appeal');
SELECT throws_ok($$SELECT count(*) FROM cuvr_bi.appeal_facts$$, '42501', NULL,
                 'PUBLIC cannot read cuvr_bi.appeal_facts');
SELECT throws_ok($$SELECT count(*) FROM cuvr.applicant$$, '42501', NULL,
                 'PUBLIC cannot read cuvr.applicant');
RESET ROLE;                                                                         -- 17 in 2

-- 3. Least-privilege matrix: exact table-level privileges ------------------------
-- One row per relation: the privileges of admin, operator, executor, analyst,
-- integration (a = INSERT, r = SELECT, w = UPDATE, d = DELETE).  Column-level
-- UPDATE grants are checked separately below.
CREATE TEMP TABLE expected_privs (rel text, admin text, operator text, executor text, analyst text, integration text);
INSERT INTO expected_privs VALUES
    ('cuvr.region',          'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.body',            'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.channel',         'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.appeal_kind',     'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.theme',           'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.category',        'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.setting',         'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.answer_template', 'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.body_grant',      'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.secret',          '',     '',    '',   '',  ''),
    ('cuvr.calendar_year',   'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.calendar_day',    'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.regional_holiday','arwd', 'r',   'r',  '',  'r'),
    ('cuvr.deadline_policy', 'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.routing_rule',    'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.keyword_rule',    'arwd', 'r',   'r',  '',  'r'),
    ('cuvr.classifier_model','arwd', 'r',   'r',  '',  'r'),
    ('cuvr.classifier_class','arwd', 'r',   'r',  '',  'r'),
    ('cuvr.classifier_feature','arwd', '',  '',   '',  ''),
    ('cuvr.applicant',       'arw',  'arw', '',   '',  ''),
    ('cuvr.appeal',          'ar',   'r',   'r',  '',  'r'),
    ('cuvr.appeal_event',    'r',    'r',   'r',  '',  'r'),
    ('cuvr.answer',          'r',    'r',   'r',  '',  'r'),
    ('cuvr.rating',          'r',    'r',   'r',  '',  'r'),
    ('cuvr.outbox',          'r',    'r',   '',   '',  'r'),
    ('cuvr.intake',          'arwd', 'arwd', '',  '',  'a'),
    ('cuvr.my_intake',       'r',    'r',   '',   '',  'r'),
    ('cuvr_bi.appeal_facts', 'r',    'r',   '',   'r', ''),
    ('cuvr_bi.kpi_daily',    'r',    'r',   '',   'r', ''),
    ('cuvr_bi.status_summary','r',   'r',   '',   'r', ''),
    ('cuvr_bi.escalations',  'r',    'r',   '',   'r', ''),
    ('cuvr_bi.reprocessing_outcome', 'r', 'r', '', 'r', ''),
    ('cuvr_bi.repeat_rate',  'r',    'r',   '',   'r', ''),
    ('cuvr_bi.problems',     'r',    'r',   '',   'r', ''),
    ('cuvr_bi.body_rating',  'r',    'r',   '',   'r', ''),
    ('cuvr_bi.problem_map',  'r',    'r',   '',   'r', ''),
    ('cuvr_bi.theme_workload','r',   'r',   '',   'r', ''),
    ('cuvr.kpi_delta',       'r',    '',    '',   '',  ''),
    ('cuvr.kpi_rollup',      'r',    '',    '',   '',  ''),
    ('cuvr.kpi_recomputed',  'r',    '',    '',   '',  ''),
    ('cuvr.kpi_current',     'r',    '',    '',   '',  ''),
    ('cuvr.kpi_monthly',     'r',    '',    '',   '',  ''),
    ('cuvr.kpi_monthly_current','r', '',    '',   '',  ''),
    ('cuvr_bi.kpi_monthly',  'r',    'r',   '',   'r', ''),
    ('cuvr.problem',         'r',    'r',   'r',  '',  'r'),
    ('cuvr.roadmap_indicator','arwd', 'r',  '',   '',  ''),
    ('cuvr.roadmap_target',  'arwd', 'r',   '',   '',  ''),
    ('cuvr.roadmap_fact',    'arwd', 'r',   '',   '',  ''),
    ('cuvr.roadmap_item',    'arwd', 'r',   '',   '',  ''),
    ('cuvr_bi.roadmap_report','r',   'r',   '',   'r', ''),
    ('cuvr_bi.sstu_export',  'r',    'r',   '',   'r', '');
GRANT SELECT ON expected_privs TO PUBLIC;

SELECT set_eq($$SELECT c.oid::regclass::text FROM pg_class c
                 WHERE c.relnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
                   AND c.relkind IN ('r', 'v', 'm', 'p', 'f')$$,
              $$SELECT rel FROM expected_privs$$,
              'the privilege matrix below covers every table and view of cuvr / cuvr_bi');   -- 18

SELECT table_privs_are(split_part(e.rel, '.', 1), split_part(e.rel, '.', 2), r.role,
           ARRAY(SELECT p.priv FROM (VALUES ('a', 'INSERT'), ('r', 'SELECT'), ('w', 'UPDATE'), ('d', 'DELETE')) AS p(letter, priv)
                  WHERE strpos(r.letters, p.letter) > 0),
           format('%s has exactly {%s} on %s', r.role, r.letters, e.rel))
  FROM expected_privs e
 CROSS JOIN LATERAL (VALUES ('cuvr_admin', e.admin), ('cuvr_operator', e.operator), ('cuvr_executor', e.executor),
                            ('cuvr_analyst', e.analyst), ('cuvr_integration', e.integration)) AS r(role, letters)
 ORDER BY e.rel, r.role;                                                            -- +130 = 148

-- Column-level UPDATE: what each role may change directly.
SELECT set_eq(
    format($$SELECT a.attname::text COLLATE "default" FROM pg_attribute a
              WHERE a.attrelid = 'cuvr.appeal'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                AND has_column_privilege(%L, a.attrelid, a.attnum, 'UPDATE')$$, r.role),
    r.cols, format('%s may UPDATE exactly these columns of cuvr.appeal', r.role))
  FROM (VALUES
    ('cuvr_admin', ARRAY['answered_at', 'body_id', 'category_confirmed', 'category_id', 'closed_at', 'due_at',
                         'escalation_level', 'extended_at', 'status']),
    ('cuvr_operator', ARRAY[]::text[]),
    ('cuvr_executor', ARRAY[]::text[]),
    ('cuvr_analyst', ARRAY[]::text[]),
    ('cuvr_integration', ARRAY[]::text[])) AS r(role, cols)
 ORDER BY r.role;                                                                   -- +5 = 153

SELECT is(has_column_privilege(r, 'cuvr.appeal', c, 'UPDATE'), false,
          format('%s cannot UPDATE identity column cuvr.appeal.%s', r, c))
  FROM unnest(ARRAY['cuvr_admin', 'cuvr_operator', 'cuvr_executor', 'cuvr_integration']) AS r,
       unnest(ARRAY['applicant_id', 'text']) AS c
 ORDER BY r, c;                                                                     -- +8 = 161

SELECT set_eq(
    format($$SELECT a.attname::text COLLATE "default" FROM pg_attribute a
              WHERE a.attrelid = 'cuvr.outbox'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                AND has_column_privilege(%L, a.attrelid, a.attnum, 'UPDATE')$$, r.role),
    r.cols, format('%s may UPDATE exactly these columns of cuvr.outbox', r.role))
  FROM (VALUES
    ('cuvr_admin', ARRAY['attempts', 'claimed_at', 'delivered_at']),
    ('cuvr_operator', ARRAY[]::text[]),
    ('cuvr_executor', ARRAY[]::text[]),
    ('cuvr_integration', ARRAY['attempts', 'claimed_at', 'delivered_at'])) AS r(role, cols)
 ORDER BY r.role;                                                                   -- +4 = 165

-- Personal data: column-level, not just table-level.
SELECT is(has_any_column_privilege(r, 'cuvr.applicant', 'SELECT'), false,
          format('%s cannot read any column of cuvr.applicant', r))
  FROM unnest(ARRAY['cuvr_executor', 'cuvr_analyst', 'cuvr_integration']) AS r ORDER BY r;   -- +3 = 168
SELECT is(has_column_privilege(r, 'cuvr.applicant', 'name', 'SELECT'), true,
          format('%s reads cuvr.applicant.name', r))
  FROM unnest(ARRAY['cuvr_admin', 'cuvr_operator']) AS r ORDER BY r;                -- +2 = 170

-- The journal and the outbox are written by the journal trigger only.
SELECT is(has_table_privilege(r, t, 'INSERT, UPDATE, DELETE, TRUNCATE'), false,
          format('%s cannot INSERT/UPDATE/DELETE/TRUNCATE %s', r, t))
  FROM unnest(ARRAY['cuvr_admin', 'cuvr_operator', 'cuvr_executor', 'cuvr_analyst', 'cuvr_integration']) AS r,
       unnest(ARRAY['cuvr.appeal_event']) AS t
 ORDER BY r;                                                                        -- +5 = 175

-- 4. Schema USAGE ---------------------------------------------------------------
SELECT is(has_schema_privilege(r.role, 'cuvr', 'USAGE'), r.cuvr, format('%s USAGE on schema cuvr: %s', r.role, r.cuvr))
  FROM (VALUES ('cuvr_admin', true), ('cuvr_operator', true), ('cuvr_executor', true),
               ('cuvr_analyst', false), ('cuvr_integration', true)) AS r(role, cuvr)
 ORDER BY r.role;                                                                   -- +5 = 180
SELECT is(has_schema_privilege(r.role, 'cuvr_bi', 'USAGE'), r.bi, format('%s USAGE on schema cuvr_bi: %s', r.role, r.bi))
  FROM (VALUES ('cuvr_admin', true), ('cuvr_operator', true), ('cuvr_executor', false),
               ('cuvr_analyst', true), ('cuvr_integration', false)) AS r(role, bi)
 ORDER BY r.role;                                                                   -- +5 = 185

-- 5. Functions ---------------------------------------------------------------------
-- The guarded functions (those that change appeals, write personal data,
-- administer access, drain the outbox, or are internal trigger/helper code
-- that no role should call) and exactly which of them each role may
-- EXECUTE.  Harmless read-only helpers (setting_value, appeal_region, ...)
-- may come and go without touching this list.
CREATE TEMP TABLE guarded_funcs (proname text PRIMARY KEY, admin bool, operator bool, executor bool, analyst bool, integration bool);
INSERT INTO guarded_funcs VALUES
    -- registration and bulk intake
    ('register_appeal',     true,  true,  false, false, true),
    ('intake_retry',        true,  true,  false, false, false),
    ('rate',                true,  true,  false, false, true),
    -- triage and outcome: ЦУР staff only
    ('assign',              true,  true,  false, false, false),
    ('reclassify',          true,  true,  false, false, false),
    ('close',               true,  true,  false, false, false),
    ('reject',              true,  true,  false, false, false),
    -- work of a body
    ('redirect',            true,  true,  true,  false, false),
    ('take',                true,  true,  true,  false, false),
    ('extend',              true,  true,  true,  false, false),
    ('answer',              true,  true,  true,  false, false),
    -- erasure of personal data (152-ФЗ)
    ('forget_applicant',    true,  false, false, false, false),
    -- access administration
    ('grant_body',          true,  false, false, false, false),
    ('revoke_body',         true,  false, false, false, false),
    -- delivery
    ('outbox_fetch',        true,  false, false, false, true),
    ('outbox_ack',          true,  false, false, false, true),
    -- calendars and overdue control
    ('load_xmlcalendar',    true,  false, false, false, false),
    ('run_maintenance',     true,  true,  false, false, false),
    ('kpi_merge',           true,  true,  false, false, false),
    ('kpi_rebuild',         true,  false, false, false, false),
    ('kpi_appeal_inserted', false, false, false, false, false),
    ('kpi_appeal_updated',  false, false, false, false, false),
    ('kpi_appeal_moved',    false, false, false, false, false),
    ('kpi_answer_inserted', false, false, false, false, false),
    ('kpi_rating_inserted', false, false, false, false, false),
    ('kpi_event_inserted',  false, false, false, false, false),
    ('kpi_source_truncated',false, false, false, false, false),
    ('cache_changed',       false, false, false, false, false),
    ('step_deadline',       false, false, false, false, false),
    -- classification and routing
    ('train_classifier',    true,  false, false, false, false),
    ('guess_category',      false, false, false, false, false),
    ('attach_problem',      false, false, false, false, false),
    ('explain_route',       true,  true,  true,  false, false),
    -- internals nobody calls directly
    ('lock_appeal',         false, false, false, false, false),
    ('may_act',             false, false, false, false, false),
    ('label_change',        false, false, false, false, false),
    ('check_body',          false, false, false, false, false),
    ('appeal_journal',      false, false, false, false, false),
    ('appeal_guard',        false, false, false, false, false),
    ('forbid_change',       false, false, false, false, false),
    ('intake_row',          false, false, false, false, false),
    ('merge_builtin_row',   false, false, false, false, false),
    ('setting_check',       false, false, false, false, false),
    ('body_check_tree',     false, false, false, false, false);

SELECT ok((SELECT bool_and(EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = 'cuvr'::regnamespace
                                                          AND p.proname = g.proname))
             FROM guarded_funcs g),
          'every guarded function exists in schema cuvr');                                  -- +1
SELECT set_eq(
    format($$SELECT p.proname::text COLLATE "default" FROM pg_proc p
              WHERE p.pronamespace = 'cuvr'::regnamespace
                AND p.proname IN (SELECT proname FROM guarded_funcs)
                AND has_function_privilege(%L, p.oid, 'EXECUTE')$$, r.role),
    format('SELECT proname FROM guarded_funcs WHERE %I', r.col),
    format('%s may EXECUTE exactly its guarded functions', r.role))
  FROM (VALUES ('cuvr_admin', 'admin'), ('cuvr_analyst', 'analyst'), ('cuvr_executor', 'executor'),
               ('cuvr_integration', 'integration'), ('cuvr_operator', 'operator')) AS r(role, col)
 ORDER BY r.role;                                                                   -- +5
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
                     AND has_function_privilege('cuvr_analyst', p.oid, 'EXECUTE')$$,
                'cuvr_analyst may EXECUTE no function of cuvr / cuvr_bi at all');      -- +1
-- SECURITY DEFINER bypasses every boundary above: each one is reviewed.
SELECT set_eq($$SELECT p.proname::text COLLATE "default" FROM pg_proc p
                 WHERE p.pronamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace) AND p.prosecdef$$,
              ARRAY['register_appeal', 'appeal_journal', 'assign', 'redirect', 'take', 'extend', 'answer',
                    'rate', 'reclassify', 'close', 'reject', 'run_maintenance',
                    'kpi_merge', 'kpi_rebuild', 'kpi_appeal_moved', 'kpi_answer_inserted',
                    'kpi_rating_inserted', 'kpi_event_inserted', 'kpi_source_truncated', 'forget_applicant'],
              'the SECURITY DEFINER functions are registration, the lifecycle functions, maintenance, the KPI merge and rebuild, the journal and KPI delta triggers, and erasure');  -- +1
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace) AND p.prosecdef
                     AND coalesce(obj_description(p.oid, 'pg_proc'), '') NOT LIKE '%SECURITY DEFINER%'$$,
                'every SECURITY DEFINER function says why in its comment');                     -- +1
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'cuvr'::regnamespace AND p.prosecdef
                     AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS c WHERE c LIKE 'search\_path=%')$$,
                'every SECURITY DEFINER function pins its search_path');                      -- +1

-- 6. Row-level security: enabled and forced (binds even a non-superuser owner) ---
SELECT is_empty($$SELECT c.oid::regclass::text FROM pg_class c
                   WHERE c.relnamespace = 'cuvr'::regnamespace AND c.relrowsecurity AND NOT c.relforcerowsecurity$$,
                'every table of cuvr with row-level security also forces it');                   -- +1
SELECT is(c.relrowsecurity, true, format('row-level security is enabled on %s', c.oid::regclass))
  FROM pg_class c
 WHERE c.oid IN ('cuvr.appeal'::regclass, 'cuvr.applicant'::regclass, 'cuvr.appeal_event'::regclass,
                 'cuvr.answer'::regclass, 'cuvr.rating'::regclass, 'cuvr.outbox'::regclass)
 ORDER BY c.relname;                                                                -- +6
SELECT is(c.relforcerowsecurity, true, format('row-level security is forced on %s', c.oid::regclass))
  FROM pg_class c
 WHERE c.oid IN ('cuvr.appeal'::regclass, 'cuvr.applicant'::regclass, 'cuvr.appeal_event'::regclass,
                 'cuvr.answer'::regclass, 'cuvr.rating'::regclass, 'cuvr.outbox'::regclass)
 ORDER BY c.relname;                                                                -- +6
-- cuvr.intake has none, because COPY FROM refuses such tables; only
-- operators and admins may read it.
SELECT is(c.relrowsecurity, false, 'cuvr.intake has no row-level security, so integrations can COPY into it')
  FROM pg_class c WHERE c.oid = 'cuvr.intake'::regclass;                             -- +1
-- cuvr.applicant has no policy for the roles that must not see it.
SELECT is_empty($$SELECT policyname FROM pg_policies
                   WHERE schemaname = 'cuvr' AND tablename = 'applicant'
                     AND roles && ARRAY['cuvr_executor', 'cuvr_analyst', 'cuvr_integration', 'public']::name[]$$,
                'no row-level policy on cuvr.applicant admits executor, analyst, integration or PUBLIC');  -- +1

SELECT * FROM finish();
ROLLBACK;
