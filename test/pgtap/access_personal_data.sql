-- access_personal_data.sql -- personal data (152-ФЗ) stays with operators.
--
-- Plants an applicant with a distinctive name, e-mail and phone, and proves:
--   * an analyst (cuvr_analyst) reads the cuvr_bi views and gets rows, but
--     cannot read cuvr.applicant (column privilege false, and a real SELECT
--     fails with 42501), cuvr.appeal (42501: no USAGE on schema cuvr), the
--     pseudonymisation key in cuvr.secret, or call any cuvr function;
--   * no column of any cuvr_bi view carries the name, e-mail or phone: every
--     row of every view is scanned for the planted strings (with a positive
--     control showing the scan finds them in cuvr.applicant);
--   * applicant_key is non-null for an appeal with an applicant, equal for
--     two appeals of the same person, different for another person, NULL for
--     an anonymous appeal, and is not the unkeyed hash of the applicant id;
--   * an operator (cuvr_operator) reads applicant names, and
--     cuvr.render_template() fills the name for the operator but gives
--     "заявитель" to an executor of the appeal's body and to an integration.
-- Rolls back.

BEGIN;
SELECT plan(34);

-- Fixture ---------------------------------------------------------------------
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, NULL, 'regional', 'oiv', 'Министерство ПДн (тест)') RETURNING id AS body_p \gset

SELECT cuvr.register_appeal('{"source":"t_pd","external_id":"1","region":71,"channel":"email","text":"Не вывозят мусор","applicant":{"name":"Сидорова Анна Игоревна","email":"Anna.Sidorova@Example.ru","phone":"+7 912 345-67-89"}}') AS ap1 \gset
SELECT cuvr.register_appeal('{"source":"t_pd","external_id":"2","region":71,"channel":"email","text":"Снова не вывозят мусор","applicant":{"name":"Сидорова А. И.","email":"anna.sidorova@example.ru"}}') AS ap2 \gset
SELECT cuvr.register_appeal('{"source":"t_pd","external_id":"3","region":71,"channel":"hotline","text":"Яма на дороге","applicant":{"name":"Кузнецов Олег","email":"o.kuznetsov@example.ru"}}') AS ap3 \gset
SELECT cuvr.register_appeal('{"source":"t_pd","external_id":"4","region":71,"channel":"hotline","text":"Анонимно о свалке"}') AS ap4 \gset
SELECT cuvr.assign(:ap1, :body_p);

CREATE ROLE pd_analyst LOGIN;
GRANT cuvr_analyst TO pd_analyst;
CREATE ROLE pd_operator LOGIN;
GRANT cuvr_operator TO pd_operator;
CREATE ROLE pd_executor LOGIN;
GRANT cuvr_executor TO pd_executor;
SELECT cuvr.grant_body('pd_executor', :body_p);
CREATE ROLE pd_integration LOGIN;
GRANT cuvr_integration TO pd_integration;

-- Positive control: the planted strings really are in cuvr.applicant, and the
-- scanning method below finds them there.
SELECT ok((SELECT bool_or(row_to_json(p)::text LIKE '%Сидорова Анна Игоревна%')
             AND bool_or(row_to_json(p)::text LIKE '%anna.sidorova@example.ru%')
             AND bool_or(row_to_json(p)::text LIKE '%9123456789%')
             FROM cuvr.applicant p),
          'control: the planted name, e-mail and phone are in cuvr.applicant and the scan finds them');  -- 1
SELECT is((SELECT applicant_id FROM cuvr.appeal WHERE id = :ap1), (SELECT applicant_id FROM cuvr.appeal WHERE id = :ap2),
          'control: both appeals with the same e-mail belong to one applicant');                         -- 2

-- Catalogue ------------------------------------------------------------------------
SELECT is(has_column_privilege('pd_analyst', 'cuvr.applicant', 'name', 'SELECT'), false,
          'the analyst has no SELECT on cuvr.applicant.name');                                       -- 3
SELECT is(has_any_column_privilege('pd_analyst', 'cuvr.applicant', 'SELECT'), false,
          'the analyst has no SELECT on any column of cuvr.applicant');                              -- 4
SELECT is(has_table_privilege('pd_analyst', 'cuvr_bi.appeal_facts', 'SELECT'), true,
          'the analyst has SELECT on cuvr_bi.appeal_facts');                                        -- 5
SELECT is_empty($$SELECT table_name || '.' || column_name FROM information_schema.columns
                   WHERE table_schema = 'cuvr_bi'
                     AND column_name ~ '(^name$|^text$|^subject$|^address$|^lat$|^lon$|email|phone|esia|fio|applicant_id|applicant_name)'$$,
                'no cuvr_bi column is named for personal data (name, e-mail, phone, esia, applicant id, text, address)');  -- 6

-- The analyst, for real --------------------------------------------------------------
SET ROLE pd_analyst;
SELECT is((SELECT count(*)::int FROM cuvr_bi.appeal_facts WHERE appeal_id IN (:ap1, :ap2, :ap3, :ap4)), 4,
          'the analyst reads cuvr_bi.appeal_facts and gets one row per appeal');                    -- 7
SELECT lives_ok($$SELECT * FROM cuvr_bi.kpi_daily$$, 'the analyst reads cuvr_bi.kpi_daily');         -- 8
SELECT lives_ok($$SELECT * FROM cuvr_bi.status_summary$$, 'the analyst reads cuvr_bi.status_summary'); -- 9
SELECT throws_ok($$SELECT name FROM cuvr.applicant$$, '42501', NULL,
                 'SELECT name FROM cuvr.applicant fails for the analyst (42501)');                    -- 10
SELECT throws_ok($$SELECT count(*) FROM cuvr.appeal$$, '42501', NULL,
                 'SELECT FROM cuvr.appeal fails for the analyst (42501: no USAGE on schema cuvr)');   -- 11
SELECT throws_ok($$SELECT value FROM cuvr.secret$$, '42501', NULL,
                 'the analyst cannot read the pseudonymisation key cuvr.secret (42501)');             -- 12
SELECT throws_ok(format($$SELECT cuvr.render_template('registered', %s)$$, :ap1), '42501', NULL,
                 'the analyst cannot call cuvr.render_template (42501)');                             -- 13

-- Scan every row of appeal_facts for the planted personal data.
SELECT is((SELECT count(*)::int FROM cuvr_bi.appeal_facts f WHERE row_to_json(f)::text LIKE '%Сидорова%'), 0,
          'no row of cuvr_bi.appeal_facts contains the applicant''s surname');                       -- 14
SELECT is((SELECT count(*)::int FROM cuvr_bi.appeal_facts f WHERE row_to_json(f)::text LIKE '%Анна%'), 0,
          'no row of cuvr_bi.appeal_facts contains the applicant''s first name');                    -- 15
SELECT is((SELECT count(*)::int FROM cuvr_bi.appeal_facts f WHERE lower(row_to_json(f)::text) LIKE '%anna.sidorova%'), 0,
          'no row of cuvr_bi.appeal_facts contains the applicant''s e-mail');                        -- 16
SELECT is((SELECT count(*)::int FROM cuvr_bi.appeal_facts f
            WHERE regexp_replace(row_to_json(f)::text, '[^0-9]', '', 'g') LIKE '%9123456789%'), 0,
          'no row of cuvr_bi.appeal_facts contains the applicant''s phone digits');                  -- 17
SELECT is((SELECT count(*)::int FROM cuvr_bi.appeal_facts f WHERE row_to_json(f)::text LIKE '%Кузнецов%'), 0,
          'no row of cuvr_bi.appeal_facts contains the second applicant''s name');                   -- 18
-- ... and every row of every cuvr_bi view, whatever views exist.
SELECT is((SELECT count(*)::int
             FROM pg_views v,
                  LATERAL (SELECT query_to_xml(format('SELECT * FROM %I.%I', v.schemaname, v.viewname),
                                               false, false, '')::text AS x) q
            WHERE v.schemaname = 'cuvr_bi'
              AND (q.x LIKE '%Сидорова%' OR lower(q.x) LIKE '%anna.sidorova%' OR q.x LIKE '%Кузнецов%'
                   OR q.x LIKE '%912345%' OR q.x LIKE '%o.kuznetsov%')), 0,
          'no view of cuvr_bi contains any planted name, e-mail or phone');                          -- 19

-- The pseudonymous key.
SELECT (SELECT coalesce(applicant_key, '<null>') FROM cuvr_bi.appeal_facts WHERE appeal_id = :ap1) AS key1,
       (SELECT coalesce(applicant_key, '<null>') FROM cuvr_bi.appeal_facts WHERE appeal_id = :ap2) AS key2,
       (SELECT coalesce(applicant_key, '<null>') FROM cuvr_bi.appeal_facts WHERE appeal_id = :ap3) AS key3,
       (SELECT coalesce(applicant_key, '<null>') FROM cuvr_bi.appeal_facts WHERE appeal_id = :ap4) AS key4 \gset
RESET ROLE;

SELECT isnt(:'key1'::text, '<null>'::text, 'applicant_key is non-null for an appeal with an applicant');                -- 20
SELECT is(:'key1'::text, :'key2'::text, 'applicant_key is equal for two appeals of the same person (same e-mail)'); -- 21
SELECT isnt(:'key1'::text, :'key3'::text, 'applicant_key differs for another person');                              -- 22
SELECT is(:'key4'::text, '<null>'::text, 'applicant_key is NULL for an anonymous appeal');                          -- 23
SELECT ok(:'key1'::text NOT IN (
              (SELECT encode(sha256(convert_to(region_code::text || ':' || applicant_id::text, 'UTF8')), 'hex')
                 FROM cuvr.appeal WHERE id = :ap1),
              (SELECT encode(sha256(convert_to(applicant_id::text, 'UTF8')), 'hex') FROM cuvr.appeal WHERE id = :ap1),
              encode(sha256(convert_to('anna.sidorova@example.ru', 'UTF8')), 'hex'),
              md5('anna.sidorova@example.ru')),
          'applicant_key is keyed: not the plain hash of the applicant id or e-mail');                 -- 24

-- The operator reads personal data ------------------------------------------------------
SET ROLE pd_operator;
SELECT is((SELECT p.name FROM cuvr.applicant p JOIN cuvr.appeal a
             ON a.region_code = p.region_code AND a.applicant_id = p.id WHERE a.id = :ap1),
          'Сидорова Анна Игоревна', 'the operator reads the applicant''s name');                      -- 25
SELECT is((SELECT p.phone FROM cuvr.applicant p JOIN cuvr.appeal a
             ON a.region_code = p.region_code AND a.applicant_id = p.id WHERE a.id = :ap1),
          '+79123456789', 'the operator reads the applicant''s phone');                                -- 26
SELECT matches(cuvr.render_template('registered', :ap1), 'Уважаемый\(ая\) Сидорова Анна Игоревна!',
               'render_template fills the applicant''s name for the operator');                       -- 27
RESET ROLE;

-- The executor of the appeal's body gets no name -------------------------------------------
SET ROLE pd_executor;
SELECT is((SELECT count(*)::int FROM cuvr.appeal WHERE id = :ap1), 1,
          'control: the executor sees the appeal of its body');                                      -- 28
SELECT throws_ok($$SELECT name FROM cuvr.applicant$$, '42501', NULL,
                 'the executor cannot read cuvr.applicant (42501)');                                  -- 29
SELECT cuvr.render_template('registered', :ap1) AS exec_text \gset
RESET ROLE;
SELECT matches(:'exec_text'::text, 'Уважаемый\(ая\) заявитель!',
               'render_template gives "заявитель" instead of the name to the executor');           -- 30
SELECT unalike(:'exec_text'::text, '%Сидорова%', 'render_template output for the executor has no name');    -- 31

-- The integration neither ------------------------------------------------------------------
SET ROLE pd_integration;
SELECT throws_ok($$SELECT name FROM cuvr.applicant$$, '42501', NULL,
                 'the integration cannot read cuvr.applicant (42501)');                               -- 32
SELECT cuvr.render_template('registered', :ap1) AS integ_text \gset
RESET ROLE;
SELECT matches(:'integ_text'::text, 'Уважаемый\(ая\) заявитель!',
               'render_template gives "заявитель" instead of the name to an integration');        -- 33
SELECT unalike(:'integ_text'::text, '%Сидорова%', 'render_template output for the integration has no name'); -- 34

SELECT * FROM finish();
ROLLBACK;
