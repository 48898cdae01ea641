-- access_executor.sql -- an executor acts only for the bodies granted to it.
--
-- Region 71 gets a small body tree:
--
--     ЦУР ─┬─ Министерство A ── Муниципалитет A1
--          └─ Министерство B
--
-- Two appeals are registered; one is assigned to A1, one to B.  Login exec_a
-- (cuvr_executor, grant_body A) and exec_b (cuvr_executor, grant_body B).
-- Proves that exec_a
--   * sees the A1 appeal (a subordinate of A) and nothing of B's appeal: not
--     the appeal, its events, its answer;
--   * cannot act on B's appeal through the lifecycle functions (P0002: to
--     exec_a it does not exist) and cannot write appeals, answers or the
--     journal directly at all (42501);
--   * can take and answer the A1 appeal, and the journal names exec_a;
--   * cannot read personal data, assign or grant bodies;
--   * can redirect a misrouted appeal to B, after which it no longer sees it;
-- and that the boundary is symmetric for exec_b.  Rolls back.

BEGIN;
SELECT plan(33);

-- Fixture (as the superuser running the test) ---------------------------------
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, NULL, 'regional', 'cur', 'ЦУР (тест доступа)') RETURNING id AS cur \gset
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, :cur, 'regional', 'oiv', 'Министерство A (тест)') RETURNING id AS body_a \gset
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, :body_a, 'municipal', 'omsu', 'Муниципалитет A1 (тест)') RETURNING id AS body_a1 \gset
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, :cur, 'regional', 'oiv', 'Министерство B (тест)') RETURNING id AS body_b \gset

SELECT cuvr.register_appeal('{"source":"t_exec","external_id":"1","region":71,"channel":"hotline","text":"Яма во дворе","applicant":{"name":"Петров Пётр","email":"p@example.ru"}}') AS ap_a1 \gset
SELECT cuvr.register_appeal('{"source":"t_exec","external_id":"2","region":71,"channel":"hotline","text":"Не горит фонарь","applicant":{"name":"Петров Пётр","email":"p@example.ru"}}') AS ap_b \gset
SELECT cuvr.register_appeal('{"source":"t_exec","external_id":"3","region":71,"channel":"hotline","text":"Вопрос не по адресу"}') AS ap_wrong \gset
SELECT cuvr.assign(:ap_a1, :body_a1);
SELECT cuvr.assign(:ap_wrong, :body_a1);
SELECT cuvr.assign(:ap_b, :body_b);

CREATE ROLE exec_a LOGIN;
GRANT cuvr_executor TO exec_a;
SELECT cuvr.grant_body('exec_a', :body_a);
CREATE ROLE exec_b LOGIN;
GRANT cuvr_executor TO exec_b;
SELECT cuvr.grant_body('exec_b', :body_b);

-- B answers its appeal, so that there is an answer exec_a must not see.
SET ROLE exec_b;
SELECT lives_ok(format($$SELECT cuvr.answer(%s, 'Фонарь заменён', 'measures_taken')$$, :ap_b),
                'exec_b answers the appeal of its own body B');                       -- 1
SELECT is((SELECT count(*)::int FROM cuvr.appeal WHERE id = :ap_a1), 0,
          'exec_b does not see the appeal of A1 (not under B)');                      -- 2
RESET ROLE;

-- exec_a: visibility --------------------------------------------------------------
SET ROLE exec_a;
SELECT is(current_user::text, 'exec_a', 'now acting as exec_a');                     -- 3
SELECT results_eq(format('SELECT id FROM cuvr.appeal WHERE id IN (%s, %s)', :ap_a1, :ap_b),
                  format('VALUES (%s::bigint)', :ap_a1),
                  'exec_a sees the A1 appeal (subordinate of A) and not the B appeal'); -- 4
SELECT is((SELECT count(*)::int FROM cuvr.appeal WHERE body_id = :body_b), 0,
          'exec_a sees no appeal of body B');                                          -- 5
SELECT is((SELECT count(*)::int FROM cuvr.appeal_event WHERE appeal_id = :ap_b), 0,
          'exec_a sees none of the events of the B appeal');                          -- 6
SELECT cmp_ok((SELECT count(*)::int FROM cuvr.appeal_event WHERE appeal_id = :ap_a1), '>=', 2,
              'exec_a sees the events of the A1 appeal (register, assign)');          -- 7
SELECT is((SELECT count(*)::int FROM cuvr.answer WHERE appeal_id = :ap_b), 0,
          'exec_a sees no answer of the B appeal');                                    -- 8
SELECT is((SELECT count(*)::int FROM cuvr.answer WHERE body_id = :body_b), 0,
          'exec_a sees no answer given by body B');                                    -- 9

-- exec_a: the lifecycle functions on B's appeal ---------------------------------
SELECT throws_ok(format($$SELECT cuvr.answer(%s, 'Чужой ответ', 'explained')$$, :ap_b), 'P0002', NULL,
                 'cuvr.answer on the B appeal fails for exec_a: no such appeal (P0002)');   -- 10
SELECT throws_ok(format($$SELECT cuvr.take(%s)$$, :ap_b), 'P0002', NULL,
                 'cuvr.take on the B appeal fails for exec_a (P0002)');                   -- 11
SELECT throws_ok(format($$SELECT cuvr.redirect(%s, %s, 'перехват')$$, :ap_b, :body_a1), 'P0002', NULL,
                 'cuvr.redirect cannot pull the B appeal into A1 (P0002)');             -- 12
SELECT throws_ok(format($$SELECT cuvr.render_template('registered', %s)$$, :ap_b), 'P0002', NULL,
                 'cuvr.render_template on the B appeal fails for exec_a (P0002)');      -- 13

-- exec_a: direct DML on B's appeal and the journal ------------------------------
SELECT throws_ok(format($$UPDATE cuvr.appeal SET status = 'closed' WHERE id = %s$$, :ap_b), '42501', NULL,
                 'exec_a cannot UPDATE the B appeal directly (42501)');                   -- 14
SELECT throws_ok(format($$UPDATE cuvr.appeal SET due_at = due_at + interval '1 year' WHERE id = %s$$, :ap_a1), '42501', NULL,
                 'exec_a cannot UPDATE even its own appeal directly, e.g. its deadline (42501)'); -- 15
SELECT throws_ok(format($$INSERT INTO cuvr.appeal_event (region_code, appeal_id, actor, action)
                          VALUES (71, %s, 'exec_a', 'update')$$, :ap_a1), '42501', NULL,
                 'exec_a cannot INSERT into the journal cuvr.appeal_event (42501)');         -- 16
SELECT throws_ok($$DELETE FROM cuvr.appeal_event$$, '42501', NULL,
                 'exec_a cannot DELETE from the journal (42501)');                          -- 17

-- exec_a: personal data and administration ---------------------------------------
SELECT throws_ok($$SELECT name FROM cuvr.applicant$$, '42501', NULL,
                 'exec_a cannot read cuvr.applicant (42501)');                              -- 18
SELECT throws_ok(format($$SELECT cuvr.assign(%s, %s)$$, :ap_b, :body_a1), '42501', NULL,
                 'exec_a cannot call cuvr.assign (42501)');                                 -- 19
SELECT throws_ok(format($$SELECT cuvr.grant_body('exec_a', %s)$$, :body_b), '42501', NULL,
                 'exec_a cannot call cuvr.grant_body to widen its own reach (42501)');     -- 20
SELECT throws_ok(format($$INSERT INTO cuvr.body_grant (role_name, body_id) VALUES ('exec_a', %s)$$, :body_b),
                 '42501', NULL, 'exec_a cannot INSERT into cuvr.body_grant (42501)');       -- 21
SELECT throws_ok($$SELECT cuvr.register_appeal('{"source":"t_exec","external_id":"x","region":71,"channel":"hotline","text":"x"}')$$,
                 '42501', NULL, 'exec_a cannot call cuvr.register_appeal (42501)');         -- 22

-- exec_a: its own appeal ------------------------------------------------------------
SELECT lives_ok(format($$SELECT cuvr.take(%s)$$, :ap_a1), 'exec_a takes the A1 appeal');    -- 23
SELECT lives_ok(format($$SELECT cuvr.answer(%s, 'Яма заделана', 'measures_taken')$$, :ap_a1),
                'exec_a answers the A1 appeal');                                           -- 24
SELECT is((SELECT status FROM cuvr.appeal WHERE id = :ap_a1), 'answered',
          'the A1 appeal is answered');                                                    -- 25

-- Answers come only from cuvr.answer(), which checks the appeal's body.
SELECT throws_ok(format($$INSERT INTO cuvr.answer (region_code, appeal_id, body_id, text, result, answered_at, answered_by)
                          VALUES (71, %s, %s, 'Подложный ответ', 'supported', now(), 'exec_a')$$, :ap_b, :body_a1),
                 '42501', NULL,
                 'exec_a cannot INSERT an answer to the B appeal directly');               -- 26

-- A redirect hands the appeal to the competent body, outside exec_a's tree.
SELECT lives_ok(format($$SELECT cuvr.redirect(%s, %s, 'не наша компетенция')$$, :ap_wrong, :body_b),
                'exec_a redirects a misrouted appeal from A1 to B');                       -- 32
SELECT is((SELECT count(*)::int FROM cuvr.appeal WHERE id = :ap_wrong), 0,
          'after the redirect exec_a no longer sees the appeal');                          -- 33
RESET ROLE;

-- Checked as the superuser: nothing of B's appeal changed, the journal names exec_a.
SELECT is((SELECT status FROM cuvr.appeal WHERE id = :ap_b), 'answered',
          'the B appeal is unchanged by exec_a (still answered by B)');                   -- 27
SELECT is((SELECT body_id FROM cuvr.appeal WHERE id = :ap_b), :body_b,
          'the B appeal still belongs to body B');                                          -- 28
SELECT results_eq(format($$SELECT actor::text COLLATE "default", action FROM cuvr.appeal_event
                           WHERE appeal_id = %s AND action IN ('take', 'answer') ORDER BY id$$, :ap_a1),
                  $$VALUES ('exec_a', 'take'), ('exec_a', 'answer')$$,
                  'the journal records exec_a as the actor of take and answer');          -- 29
SELECT is((SELECT answered_by::text FROM cuvr.answer WHERE appeal_id = :ap_a1 ORDER BY id DESC LIMIT 1), 'exec_a',
          'the answer records exec_a as answered_by');                                     -- 30
SELECT is((SELECT count(*)::int FROM cuvr.appeal_event WHERE appeal_id = :ap_b AND actor = 'exec_a'), 0,
          'the journal of the B appeal has no event by exec_a');                           -- 31

SELECT * FROM finish();
ROLLBACK;
