-- escalation.sql -- a negative rating sends the appeal up the body tree in
-- the rating's transaction: to the parent of the answering body, skipping a
-- body the complaint is about; past the top or the depth limit (2) to the
-- coordinating ЦУР under manual control; with a re-processing deadline,
-- events and notifications; a positive rating does nothing; a rating needs
-- an answer and each answer takes one.  Repeat appeals are linked.  Rolls back.
BEGIN;
SELECT plan(29);
SET LOCAL search_path = public, cuvr;

-- ЦУР (coordinator) <- Министерство <- Администрация <- Учреждение
INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name, coordinator) VALUES
    (8100, 71, NULL, 'regional', 'cur', 'ЦУР', true),
    (8101, 71, 8100, 'regional', 'oiv', 'Министерство', false),
    (8102, 71, 8101, 'municipal', 'omsu', 'Администрация', false),
    (8103, 71, 8102, 'institution', 'institution', 'Учреждение', false);

CREATE TEMP TABLE esc_ids AS
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'a', 'region', 71, 'channel', 'email',
           'text', 'Не убран снег', 'category', 'landscaping.other', 'applicant', jsonb_build_object('name', 'Зуев', 'email', 'zuev@example.ru'))) AS a;
SELECT a AS a FROM esc_ids \gset
SELECT cuvr.assign(:a, 8103);
SELECT cuvr.answer(:a, 'Убрали', 'measures_taken');

-- A rating before... the answer exists now; a positive rating does nothing.
SELECT lives_ok(format('SELECT cuvr.rate(%s, 4)', :a), 'a positive rating is recorded');
SELECT results_eq(format('SELECT status, body_id, escalation_level FROM cuvr.appeal WHERE id = %s', :a),
                  $$VALUES ('answered'::text, 8103, 0)$$, 'a positive rating does not escalate');
SELECT throws_ok(format('SELECT cuvr.rate(%s, 1)', :a), '23505', NULL, 'the same answer cannot be rated twice');

-- Re-open by a new appeal cycle: a second appeal rated negatively at each level.
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'b', 'region', 71, 'channel', 'email',
           'text', 'Опять не убран снег', 'category', 'landscaping.other')) AS b \gset
SELECT throws_ok(format('SELECT cuvr.rate(%s, 1)', :b), '55000', NULL, 'a rating before any answer is refused');
SELECT cuvr.assign(:b, 8103);
SELECT cuvr.answer(:b, 'Убрали', 'measures_taken', now(), 'measures_taken');
SELECT lives_ok(format('SELECT cuvr.rate(%s, 2, %L)', :b, 'не убрали'), 'a negative rating is recorded');
SELECT results_eq(format('SELECT status, body_id, escalation_level, manual_control FROM cuvr.appeal WHERE id = %s', :b),
                  $$VALUES ('escalated'::text, 8102, 1, false)$$, 'level 1: the appeal goes to the parent of the answering body');
SELECT ok((SELECT due_at = cuvr.add_term(term_started_at, '30 cd', 71) AND term_started_at >= now()
             FROM cuvr.appeal WHERE id = :b), 'a new re-processing deadline of 30 calendar days from now');
SELECT results_eq(format($$SELECT action, from_body, to_body FROM cuvr.appeal_event
                           WHERE appeal_id = %s AND action IN ('rate', 'escalate') ORDER BY id$$, :b),
                  $$VALUES ('rate'::text, 8103, 8103), ('escalate', 8103, 8102)$$,
                  'the journal records the rating, then the escalation');
SELECT set_eq(format($$SELECT o.recipient_kind || ':' || o.recipient FROM cuvr.outbox o
                       JOIN cuvr.appeal_event e ON e.region_code = o.region_code AND e.id = o.event_id
                      WHERE e.appeal_id = %s AND e.action = 'escalate'$$, :b),
              ARRAY['source:esc', 'body:8102', 'body:8103'],
              'notifications go to the source and to both bodies (the appeal has no applicant)');
SELECT is((SELECT count(*)::int FROM cuvr.answer WHERE appeal_id = :b), 1, 'the previous answer is kept');
SELECT is((SELECT count(*)::int FROM cuvr.rating WHERE appeal_id = :b), 1, 'the previous rating is kept');

-- Level 2: the administration answers, negative again -> the ministry.
SELECT cuvr.take(:b);
SELECT cuvr.answer(:b, 'Убрали ещё раз', 'measures_taken');
SELECT lives_ok(format('SELECT cuvr.rate(%s, 1)', :b), 'the re-processed answer can be rated again');
SELECT results_eq(format('SELECT status, body_id, escalation_level, manual_control FROM cuvr.appeal WHERE id = %s', :b),
                  $$VALUES ('escalated'::text, 8101, 2, false)$$, 'level 2: up to the ministry');
-- Past the depth limit: to the ЦУР, under manual control.
SELECT cuvr.answer(:b, 'Министерство ответило', 'explained');
SELECT cuvr.rate(:b, 1);
SELECT results_eq(format('SELECT status, body_id, escalation_level, manual_control FROM cuvr.appeal WHERE id = %s', :b),
                  $$VALUES ('escalated'::text, 8100, 3, true)$$, 'past the depth limit: the ЦУР, manual control');
SELECT is((SELECT count(*)::int FROM cuvr.rating WHERE appeal_id = :b), 3, 'every answer took its own rating');

-- The top of the tree: the ЦУР itself answered.
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'c', 'region', 71, 'channel', 'email',
           'text', 'Вопрос в ЦУР', 'category', 'landscaping.other')) AS c \gset
SELECT cuvr.assign(:c, 8100);
SELECT cuvr.answer(:c, 'Ответ ЦУР', 'explained');
SELECT cuvr.rate(:c, 1);
SELECT results_eq(format('SELECT status, body_id, escalation_level, manual_control FROM cuvr.appeal WHERE id = %s', :c),
                  $$VALUES ('escalated'::text, 8100, 1, true)$$, 'past the top of the tree: the ЦУР, manual control');

-- Never to the body complained about: the ministry is skipped.
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'd', 'region', 71, 'channel', 'email',
           'kind', 'complaint', 'text', 'Жалоба на министерство', 'category', 'landscaping.other',
           'accused_body', 8101)) AS d \gset
SELECT cuvr.assign(:d, 8102);
SELECT cuvr.answer(:d, 'Ответ администрации', 'explained');
SELECT cuvr.rate(:d, 1);
SELECT results_eq(format('SELECT body_id, escalation_level, manual_control FROM cuvr.appeal WHERE id = %s', :d),
                  $$VALUES (8100, 1, false)$$, 'a complaint about the ministry skips it and goes to the ЦУР');

-- The negative threshold and the depth limit are settings.
UPDATE cuvr.setting SET value = '3' WHERE name = 'negative_rating_max';
UPDATE cuvr.setting SET value = '1' WHERE name = 'escalation_depth_limit';
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'e', 'region', 71, 'channel', 'email',
           'text', 'Три балла', 'category', 'landscaping.other')) AS e \gset
SELECT cuvr.assign(:e, 8103);
SELECT cuvr.answer(:e, 'Ответ', 'explained');
SELECT cuvr.rate(:e, 3);
SELECT results_eq(format('SELECT body_id, escalation_level FROM cuvr.appeal WHERE id = %s', :e),
                  $$VALUES (8102, 1)$$, 'with negative_rating_max = 3 a score of 3 escalates');
SELECT cuvr.answer(:e, 'Ответ 2', 'explained');
SELECT cuvr.rate(:e, 3);
SELECT results_eq(format('SELECT body_id, escalation_level, manual_control FROM cuvr.appeal WHERE id = %s', :e),
                  $$VALUES (8100, 2, true)$$, 'with escalation_depth_limit = 1 the second escalation goes to the ЦУР');
UPDATE cuvr.setting SET value = '2' WHERE name = 'negative_rating_max';
UPDATE cuvr.setting SET value = '2' WHERE name = 'escalation_depth_limit';

-- A closed appeal rated negatively is re-opened upwards.
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'f', 'region', 71, 'channel', 'email',
           'text', 'Закрыто', 'category', 'landscaping.other')) AS f \gset
SELECT cuvr.assign(:f, 8103);
SELECT cuvr.answer(:f, 'Ответ', 'explained');
SELECT cuvr.close(:f, 'Ответ дан');
SELECT cuvr.rate(:f, 1);
SELECT results_eq(format('SELECT status, body_id FROM cuvr.appeal WHERE id = %s', :f),
                  $$VALUES ('escalated'::text, 8102)$$, 'a closed appeal with a negative rating goes up');

-- BI: escalations by body, category and template; re-processing outcome.
SELECT ok((SELECT sum(escalations) FROM cuvr_bi.escalations WHERE body_id = 8103) >= 3,
          'cuvr_bi.escalations counts the escalations from the answering body');
SELECT is((SELECT escalations FROM cuvr_bi.escalations WHERE body_id = 8103 AND template_code = 'measures_taken'), 1::bigint,
          'and by the template of the rated answer');
SELECT ok((SELECT rated_again FROM cuvr_bi.reprocessing_outcome WHERE body_id = 8102) >= 1,
          'cuvr_bi.reprocessing_outcome follows the re-processed answers');

-- Repeat appeals: same applicant, same category, within 90 days.
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'r1', 'region', 71, 'channel', 'email',
           'text', 'Снова снег', 'category', 'landscaping.other', 'applicant', jsonb_build_object('email', 'zuev@example.ru'))) AS r1 \gset
SELECT is((SELECT repeat_of FROM cuvr.appeal WHERE id = :r1), :a::bigint, 'a repeat links to the earlier appeal');
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'r2', 'region', 71, 'channel', 'email',
           'text', 'Другой вопрос', 'category', 'roads.other', 'applicant', jsonb_build_object('email', 'zuev@example.ru'))) AS r2 \gset
SELECT is((SELECT repeat_of FROM cuvr.appeal WHERE id = :r2), NULL::bigint, 'another category is not a repeat');
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'r3', 'region', 71, 'channel', 'email',
           'text', 'Снег', 'category', 'landscaping.other', 'applicant', jsonb_build_object('email', 'other@example.ru'))) AS r3 \gset
SELECT is((SELECT repeat_of FROM cuvr.appeal WHERE id = :r3), NULL::bigint, 'another applicant is not a repeat');
-- (Within one transaction every appeal has the same now(): age the earlier ones.)
UPDATE cuvr.appeal SET registered_at = registered_at - interval '91 days'
 WHERE applicant_id = (SELECT applicant_id FROM cuvr.appeal WHERE id = :a);
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'r4', 'region', 71, 'channel', 'email',
           'text', 'Снег', 'category', 'landscaping.other', 'applicant', jsonb_build_object('email', 'zuev@example.ru'))) AS r4 \gset
SELECT is((SELECT repeat_of FROM cuvr.appeal WHERE id = :r4), NULL::bigint, 'outside the window it is not a repeat');
-- The same ТОК code under another category is a repeat too; of two
-- candidates (r4 by category, r5 by ТОК code) the latest is named.
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'r5', 'region', 71, 'channel', 'email',
           'text', 'Яма', 'category', 'roads.other', 'tok', '0005.0005.0056.1160',
           'applicant', jsonb_build_object('email', 'zuev@example.ru'))) AS r5 \gset
SELECT cuvr.register_appeal(jsonb_build_object('source', 'esc', 'external_id', 'r6', 'region', 71, 'channel', 'email',
           'text', 'Снег и яма', 'category', 'landscaping.other', 'tok', '0005.0005.0056.1160',
           'applicant', jsonb_build_object('email', 'zuev@example.ru'))) AS r6 \gset
SELECT is((SELECT repeat_of FROM cuvr.appeal WHERE id = :r6), :r5::bigint,
          'the same ТОК code under another category is a repeat, and the latest candidate is named');
SELECT ok((SELECT bool_or(is_repeat) FROM cuvr_bi.appeal_facts WHERE appeal_id = :r1), 'appeal_facts shows the repeat flag');

SELECT * FROM finish();
ROLLBACK;
