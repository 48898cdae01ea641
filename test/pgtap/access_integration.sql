-- access_integration.sql -- what a regional system (cuvr_integration) may do.
--
-- Two integration logins, integ_a and integ_b.  Proves that an integration
--   * registers appeals with cuvr.register_appeal() (gets an id; sending the
--     same (source, external_id) again gets the same id);
--   * bulk-loads cuvr.intake by INSERT and by COPY: good rows become
--     appeals, bad rows stay with their error and loaded_by = the loader;
--   * reads only its own rejected intake rows (through cuvr.my_intake), may
--     not read, change or delete cuvr.intake itself, and cannot plant rows
--     in another integration's name;
--   * cannot read personal data (cuvr.applicant, 42501);
--   * rates an answered appeal with cuvr.rate(), but not an unanswered one;
--   * fetches and acknowledges the outbox (cuvr.outbox_fetch / outbox_ack);
--   * cannot answer, assign, close, reject or grant bodies (42501);
-- and cannot change appeals or answers directly.  Rolls back.

BEGIN;
SELECT plan(33);

-- Fixture ---------------------------------------------------------------------
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, NULL, 'regional', 'oiv', 'Министерство интеграции (тест)') RETURNING id AS body_i \gset

-- An appeal registered and answered by staff, for the rating.
SELECT cuvr.register_appeal('{"source":"t_int_staff","external_id":"1","region":71,"channel":"pos_form","text":"Не убран снег","applicant":{"name":"Орлова Мария","email":"orlova@example.ru"}}') AS ap_answered \gset
SELECT cuvr.assign(:ap_answered, :body_i);
SELECT cuvr.answer(:ap_answered, 'Снег убран', 'measures_taken');
-- An appeal still under consideration.
SELECT cuvr.register_appeal('{"source":"t_int_staff","external_id":"2","region":71,"channel":"pos_form","text":"Не работает лифт"}') AS ap_open \gset
SELECT cuvr.assign(:ap_open, :body_i);

CREATE ROLE integ_a LOGIN;
GRANT cuvr_integration TO integ_a;
CREATE ROLE integ_b LOGIN;
GRANT cuvr_integration TO integ_b;

-- integ_b leaves a rejected intake row behind.
SET ROLE integ_b;
INSERT INTO cuvr.intake (source, external_id, region, channel, text, applicant_name)
VALUES ('t_int_b', 'bad-1', '71', 'carrier_pigeon', 'Текст B', 'Тайный Заявитель Б');
RESET ROLE;

-- integ_a: registration ---------------------------------------------------------
SET ROLE integ_a;
SELECT cuvr.register_appeal('{"source":"t_int_a","external_id":"100","region":71,"channel":"regional_portal","text":"Разбит тротуар","applicant":{"name":"Волков Иван","phone":"8 (912) 000-11-22"}}') AS ap_reg \gset
SELECT ok(:ap_reg::bigint / 1000000000000000 = 71, 'register_appeal by an integration returns a region-71 appeal id');  -- 1
SELECT is(cuvr.register_appeal('{"source":"t_int_a","external_id":"100","region":71,"channel":"regional_portal","text":"Разбит тротуар"}'),
          :ap_reg::bigint, 'sending the same (source, external_id) again returns the same id');               -- 2
SELECT is((SELECT status FROM cuvr.appeal WHERE id = :ap_reg), 'triage',
          'the integration follows the appeal it delivered');                                               -- 3
SELECT throws_ok($$SELECT name FROM cuvr.applicant$$, '42501', NULL,
                 'the integration cannot read cuvr.applicant (42501)');                                      -- 4
SELECT throws_ok($$SELECT count(*) FROM cuvr_bi.appeal_facts$$, '42501', NULL,
                 'the integration cannot read cuvr_bi (42501)');                                             -- 5

-- integ_a: bulk intake by INSERT ----------------------------------------------------------
SELECT lives_ok($$INSERT INTO cuvr.intake (source, external_id, region, channel, text, applicant_email)
                  VALUES ('t_int_a', 'bulk-1', '71', 'hotline', 'Шумят соседи', 'sosed@example.ru'),
                         ('t_int_a', 'bulk-2', '71', 'nonexistent_channel', 'Плохая строка', NULL),
                         ('t_int_a', 'bulk-3', '7x', 'hotline', 'Ещё плохая строка', 'Тайный Заявитель А')$$,
                'the integration INSERTs rows into cuvr.intake');                                          -- 6
SELECT is((SELECT count(*)::int FROM cuvr.appeal WHERE source = 't_int_a' AND external_id = 'bulk-1'), 1,
          'the good intake row became an appeal');                                                          -- 7
SELECT set_eq($$SELECT external_id FROM cuvr.my_intake$$, ARRAY['bulk-2', 'bulk-3'],
              'integ_a sees exactly its own two rejected rows in cuvr.my_intake (not integ_b''s)');         -- 8
SELECT is((SELECT count(*)::int FROM cuvr.my_intake WHERE loaded_by = 'integ_a' AND error IS NOT NULL), 2,
          'the rejected rows carry their error and loaded_by = integ_a');                                  -- 9
SELECT throws_ok($$SELECT count(*) FROM cuvr.intake$$, '42501', NULL,
                 'integ_a cannot read cuvr.intake itself, where other loaders'' rows are (42501)');          -- 10
SELECT throws_ok($$DELETE FROM cuvr.intake WHERE source = 't_int_b'$$, '42501', NULL,
                 'integ_a cannot DELETE intake rows (42501)');                                              -- 11
SELECT throws_ok($$UPDATE cuvr.intake SET text = 'подмена' WHERE source = 't_int_b'$$, '42501', NULL,
                 'integ_a cannot UPDATE intake rows (42501)');                                              -- 12
INSERT INTO cuvr.intake (source, external_id, region, channel, text, loaded_by, error)
VALUES ('t_int_a', 'forged', '71', 'hotline', 'x', 'integ_b', 'forged');
SELECT is((SELECT loaded_by::text FROM cuvr.my_intake WHERE external_id = 'forged'), 'integ_a',
          'a row integ_a inserts in integ_b''s name is recorded as loaded by integ_a');                    -- 13
SELECT throws_ok($$SELECT cuvr.intake_retry()$$, '42501', NULL,
                 'retrying rejected rows is for operators (42501)');                                        -- 14
RESET ROLE;

SET ROLE integ_b;
SELECT set_eq($$SELECT external_id FROM cuvr.my_intake$$, ARRAY['bad-1'],
              'integ_b sees exactly its own rejected row, not the one planted in its name');                -- 15
RESET ROLE;
SELECT is((SELECT count(*)::int FROM cuvr.intake WHERE source IN ('t_int_a', 't_int_b')), 4,
          'control: the superuser sees the rejected rows of both integrations');                           -- 16

-- COPY is the bulk path.  (COPY FROM STDIN cannot run inside a test
-- function, so a server file is used, which needs pg_read_server_files.)
GRANT pg_read_server_files TO integ_a;
SET ROLE integ_a;
SELECT lives_ok($$COPY cuvr.intake (source, external_id, region, channel, text) FROM '/dev/null'$$,
                'the integration can COPY into cuvr.intake');                                             -- 17
RESET ROLE;
REVOKE pg_read_server_files FROM integ_a;

-- Ratings --------------------------------------------------------------------------
SET ROLE integ_a;
SELECT lives_ok(format($$SELECT cuvr.rate(%s, 4, 'Спасибо')$$, :ap_answered),
                'the integration rates an answered appeal');                                               -- 18
SELECT is((SELECT score::int FROM cuvr.rating WHERE appeal_id = :ap_answered), 4,
          'the rating is recorded');                                                                        -- 19
SELECT throws_ok(format($$SELECT cuvr.rate(%s, 5)$$, :ap_open), '55000', NULL,
                 'rating an appeal without an answer fails (55000)');                                      -- 20
RESET ROLE;
SELECT is((SELECT actor::text FROM cuvr.appeal_event WHERE appeal_id = :ap_answered AND action = 'rate'), 'integ_a',
          'the journal records integ_a as the actor of the rating');                                       -- 21

-- Outbox ---------------------------------------------------------------------------
SET ROLE integ_a;
SELECT array_agg(id) AS fetched, count(*) AS n_fetched FROM cuvr.outbox_fetch(10) \gset
SELECT ok(:n_fetched::int BETWEEN 1 AND 10, 'outbox_fetch(10) claims between 1 and 10 notifications');     -- 22
SELECT is(cuvr.outbox_ack(:'fetched'::bigint[]), :n_fetched::int, 'outbox_ack confirms the fetched notifications'); -- 23
SELECT is((SELECT count(*)::int FROM cuvr.outbox WHERE id = ANY (:'fetched'::bigint[]) AND delivered_at IS NULL), 0,
          'the acknowledged notifications are delivered');                                                 -- 24
SELECT is(cuvr.outbox_ack(:'fetched'::bigint[]), 0, 'acknowledging twice confirms nothing more');         -- 25

-- What an integration may not do --------------------------------------------------------
SELECT throws_ok(format($$SELECT cuvr.answer(%s, 'Ответ от портала', 'explained')$$, :ap_open), '42501', NULL,
                 'the integration cannot call cuvr.answer (42501)');                                        -- 26
SELECT throws_ok(format($$SELECT cuvr.assign(%s, %s)$$, :ap_reg, :body_i), '42501', NULL,
                 'the integration cannot call cuvr.assign (42501)');                                        -- 27
SELECT throws_ok(format($$SELECT cuvr.close(%s, 'закрыто порталом')$$, :ap_answered), '42501', NULL,
                 'the integration cannot call cuvr.close (42501)');                                         -- 28
SELECT throws_ok(format($$SELECT cuvr.take(%s)$$, :ap_open), '42501', NULL,
                 'the integration cannot call cuvr.take (42501)');                                          -- 29
SELECT throws_ok(format($$SELECT cuvr.grant_body('integ_a', %s)$$, :body_i), '42501', NULL,
                 'the integration cannot call cuvr.grant_body (42501)');                                    -- 30
SELECT throws_ok(format($$UPDATE cuvr.appeal SET status = 'closed' WHERE id = %s$$, :ap_open), '42501', NULL,
                 'the integration cannot UPDATE an appeal under consideration directly (42501)');          -- 31
SELECT throws_ok($$INSERT INTO cuvr.answer (region_code, appeal_id, body_id, text, result, answered_at, answered_by)
                   SELECT region_code, id, body_id, 'x', 'explained', now(), 'integ_a' FROM cuvr.appeal LIMIT 1$$,
                 '42501', NULL, 'the integration cannot INSERT into cuvr.answer (42501)');                  -- 32

SELECT throws_ok(format($$UPDATE cuvr.appeal SET status = 'closed' WHERE id = %s$$, :ap_answered), '42501', NULL,
                 'the integration cannot close an answered appeal by a direct UPDATE (42501)');            -- 33
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
