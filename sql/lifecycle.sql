-- The lifecycle after registration: assign, take, redirect, extend,
-- answer, rate, reclassify, close, reject.  Illegal steps fail with an error
-- naming both states and change nothing; repeated steps do nothing.
\set SHOW_CONTEXT never
INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name) VALUES
    (201, 71, NULL, 'regional', 'cur', 'ЦУР'),
    (202, 71, 201, 'regional', 'oiv', 'Министерство ЖКХ'),
    (203, 71, 202, 'municipal', 'omsu', 'Администрация г. Тулы'),
    (204, 69, NULL, 'regional', 'oiv', 'Тверское министерство'),
    (205, 71, 201, 'regional', 'oiv', 'Закрытое министерство');
UPDATE cuvr.body SET active = false WHERE id = 205;
SELECT cuvr.register_appeal('{"source":"life","external_id":"1","region":71,"channel":"email","text":"Не убирают снег","applicant":{"name":"Смирнова Анна","email":"anna@example.ru"}}') AS a \gset
-- assign
SELECT cuvr.assign(:a, NULL);
SELECT cuvr.assign(:a, 999999);
SELECT cuvr.assign(:a, 205);
SELECT cuvr.assign(:a, 204);
SELECT cuvr.assign(:a, 202);
SELECT cuvr.assign(:a, 202);
SELECT cuvr.assign(:a, 203);
SELECT cuvr.assign(71999999999999999, 202);
SELECT cuvr.assign(NULL, 202);
-- take, redirect
SELECT cuvr.take(:a);
SELECT cuvr.take(:a);
SELECT cuvr.redirect(:a, 203, '');
SELECT cuvr.redirect(:a, 203, 'Компетенция ОМСУ');
SELECT cuvr.redirect(:a, 203, 'Компетенция ОМСУ');
SELECT status, body_id FROM cuvr.appeal WHERE id = :a;
-- extend: once only
SELECT cuvr.extend(:a, NULL);
SELECT cuvr.extend(:a, 'Нужна проверка на месте');
\set VERBOSITY terse
SELECT cuvr.extend(:a, 'Ещё раз');
\set VERBOSITY default
-- rating before any answer
SELECT cuvr.rate(:a, 5);
-- answer
SELECT cuvr.answer(:a, '', 'measures_taken');
SELECT cuvr.answer(:a, 'Снег убран', 'done');
\set VERBOSITY terse
SELECT cuvr.answer(:a, 'Снег убран', 'measures_taken', '2000-01-01');
SELECT cuvr.answer(:a, 'Снег убран', 'measures_taken', now() + interval '1 day');
SELECT cuvr.answer(:a, 'Снег убран', 'measures_taken', NULL);
\set VERBOSITY default
SELECT cuvr.answer(:a, 'Снег убран', 'measures_taken') AS answer_id \gset
SELECT cuvr.answer(:a, 'Снег убран ещё раз', 'measures_taken');
SELECT status, answered_at IS NOT NULL AS answered FROM cuvr.appeal WHERE id = :a;
SELECT body_id, text, result, answered_by = current_user AS by_me FROM cuvr.answer WHERE id = :answer_id;
-- rate
SELECT cuvr.rate(:a, 0);
SELECT cuvr.rate(:a, 6);
SELECT cuvr.rate(:a, NULL);
\set VERBOSITY terse
SELECT cuvr.rate(:a, 4, 'Спасибо', now() - interval '1 year');
\set VERBOSITY default
SELECT cuvr.rate(:a, 4, 'Спасибо');
SELECT cuvr.rate(:a, 1, 'Передумал');
SELECT score, comment FROM cuvr.rating WHERE appeal_id = :a;
-- illegal transitions name both states
SELECT cuvr.take(:a);
SELECT cuvr.redirect(:a, 202, 'Назад');
UPDATE cuvr.appeal SET status = 'triage' WHERE id = :a;
UPDATE cuvr.appeal SET status = 'nonsense' WHERE id = :a;
UPDATE cuvr.appeal SET id = id + 1 WHERE id = :a;
-- history is append-only
UPDATE cuvr.appeal_event SET note = 'подделка' WHERE appeal_id = :a;
DELETE FROM cuvr.appeal_event WHERE appeal_id = :a;
DELETE FROM cuvr.answer WHERE appeal_id = :a;
DELETE FROM cuvr.appeal WHERE id = :a;
-- close: idempotent; closed is final
SELECT cuvr.close(:a, 'Вопрос решён');
SELECT cuvr.close(:a, 'Вопрос решён');
SELECT cuvr.reclassify(:a, 'roads.other');
SELECT cuvr.reject(:a, 'Спам');
-- the journal holds every step, in order, with who and why
SELECT action, from_status, to_status, from_body, to_body, note, ref IS NOT NULL AS has_ref
  FROM cuvr.appeal_event WHERE appeal_id = :a ORDER BY id;
SELECT version FROM cuvr.appeal WHERE id = :a;
-- the outbox tells the source of every step, the bodies of moves, the applicant of outcomes
SELECT recipient_kind, recipient, payload->>'action' AS action, payload->>'status' AS status
  FROM cuvr.outbox WHERE appeal_id = :a ORDER BY id;
-- reclassify in triage, reject
SELECT cuvr.register_appeal('{"source":"life","external_id":"2","region":71,"channel":"hotline","text":"Купите слона"}') AS b \gset
SELECT cuvr.reclassify(:b, 'no.such');
SELECT cuvr.reclassify(:b, 'roads.other');
SELECT cuvr.reclassify(:b, 'roads.other');
SELECT c.code, a.category_confirmed, a.status FROM cuvr.appeal a JOIN cuvr.category c ON c.id = a.category_id WHERE a.id = :b;
SELECT cuvr.reject(:b, 'Не содержит сути обращения');
SELECT cuvr.reject(:b, 'Не содержит сути обращения');
SELECT cuvr.assign(:b, 202);
SELECT action, to_status, note FROM cuvr.appeal_event WHERE appeal_id = :b ORDER BY id;
-- answer templates
SELECT cuvr.render_template('measures_taken', :a) ~ 'Смирнова Анна' AS has_name;
SELECT cuvr.render_template('nope', :a);
-- the outbox: fetch, ack, fetch again
SELECT count(*) > 0 AS fetched FROM cuvr.outbox_fetch(1000);
SELECT count(*) AS fetched_again FROM cuvr.outbox_fetch(1000);
SELECT cuvr.outbox_ack(array_agg(id)) > 0 AS acked FROM cuvr.outbox;
SELECT cuvr.outbox_ack(array_agg(id)) AS acked_again FROM cuvr.outbox;
SELECT count(*) AS pending FROM cuvr.outbox WHERE delivered_at IS NULL;
SELECT cuvr.outbox_fetch(0);
