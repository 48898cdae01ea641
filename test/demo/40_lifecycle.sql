-- cuvr demo, step 4: take the appeals through their life with the lifecycle
-- functions, as operators and bodies would: reject spam; the ЦУР operator
-- works through the triage queue (confirms or corrects the category, which
-- routes the appeal by the rules, and assigns by hand what no rule covers);
-- then redirect, take into work, extend, answer, rate, close.  Appeals that
-- cuvr routed at registration are not touched by the operator.
-- Which appeals get which step is decided by a stable hash of the appeal id,
-- so every run makes the same choices.

-- A stable pseudo-random number 0..99 for an appeal and a step.
CREATE FUNCTION demo.bucket(appeal bigint, step text)
RETURNS integer
LANGUAGE sql IMMUTABLE
RETURN (hashtext(appeal::text || step) & 2147483647) % 100;

-- The appeals with what the demo knows about them.
CREATE VIEW demo.appeal AS
SELECT a.id, a.status, a.body_id, a.territory, c.code AS category, a.category_confirmed, a.classified_by,
       i.true_category, i.spam
  FROM cuvr.appeal AS a
  JOIN demo.incoming AS i USING (source, external_id)
  LEFT JOIN cuvr.category AS c ON c.id = a.category_id;

\echo
\echo '== Жизненный цикл =='
\echo 'cuvr.reject: спам и обращения без сути (59-ФЗ, ст. 11)'
SELECT count(*) AS rejected FROM (
    SELECT cuvr.reject(id, 'Текст не позволяет установить суть обращения (59-ФЗ, ст. 11)')
      FROM demo.appeal WHERE spam AND status = 'triage') AS s;

\echo 'Очередь триажа ЦУР (часть оператор не успевает разобрать):'
SELECT coalesce(classified_by, '(нет)') AS classified_by,
       CASE WHEN category IS NULL THEN 'без категории (модели ещё не было)'
            WHEN category_confirmed THEN 'категория есть, правила нет'
            ELSE 'уверенность классификатора ниже порога' END AS why,
       count(*) AS in_triage
  FROM demo.appeal WHERE status = 'triage'
 GROUP BY 1, 2 ORDER BY 1, 2;

\echo 'cuvr.reclassify: оператор подтверждает или исправляет догадку; подтверждённое cuvr сразу направляет по правилам'
CREATE TEMP TABLE triaged AS
SELECT id, category AS guess, true_category, cuvr.reclassify(id, true_category)::text AS done
  FROM demo.appeal
 WHERE status = 'triage' AND NOT category_confirmed AND NOT spam AND demo.bucket(id, 'triage') >= 3;
SELECT CASE WHEN t.guess IS NULL THEN 'категория установлена'
            WHEN t.guess = t.true_category THEN 'догадка подтверждена'
            ELSE 'догадка исправлена' END AS operator,
       a.status AS now, count(*) AS appeals
  FROM triaged AS t JOIN demo.appeal AS a USING (id)
 GROUP BY 1, 2 ORDER BY 1, 2;

\echo 'cuvr.assign: что не покрыто правилами (темы trade, other), оператор направляет в администрацию по территории'
SELECT count(*) AS assigned FROM (
    SELECT cuvr.assign(a.id, m.body_id)
      FROM demo.appeal AS a JOIN demo.municipality AS m ON m.oktmo = a.territory::text
     WHERE a.status = 'triage' AND a.category_confirmed AND NOT a.spam
       AND demo.bucket(a.id, 'triage') >= 3) AS s;

\echo 'cuvr.redirect: орган переадресует обращение не по компетенции (59-ФЗ, ст. 8)'
SELECT count(*) AS redirected FROM (
    SELECT cuvr.redirect(a.id, demo.alternative_body(a.category),
                         format('Вопрос не относится к компетенции органа, направлено в «%s» (59-ФЗ, ст. 8)', b.short_name))
      FROM demo.appeal AS a JOIN cuvr.body AS b ON b.id = demo.alternative_body(a.category)
     WHERE a.status = 'assigned' AND a.body_id <> b.id AND demo.bucket(a.id, 'redirect') < 5) AS s;

\echo 'cuvr.take: органы берут обращения в работу'
SELECT count(*) AS taken FROM (
    SELECT cuvr.take(id) FROM demo.appeal
     WHERE status = 'assigned' AND demo.bucket(id, 'take') < 85) AS s;

\echo 'cuvr.reclassify: исполнитель уточняет категорию «прочие по направлению» и неверные догадки классификатора'
SELECT coalesce(classified_by, '(нет)') AS classified_by, count(*) AS reclassified FROM (
    SELECT classified_by, cuvr.reclassify(id, true_category) FROM demo.appeal
     WHERE (category LIKE '%.other' OR classified_by IN ('model', 'keyword'))
       AND true_category <> category
       AND status IN ('assigned', 'in_progress')) AS s
 GROUP BY 1 ORDER BY 1;

\echo 'cuvr.extend: срок продлевается (59-ФЗ, ст. 12)'
SELECT count(*) AS extended FROM (
    SELECT cuvr.extend(id, 'Требуется выезд на место и дополнительная проверка; срок продлён, заявитель уведомлён')
      FROM demo.appeal WHERE status = 'in_progress' AND demo.bucket(id, 'extend') < 6) AS s;

\echo 'cuvr.answer: ответы по шаблонам cuvr.render_template()'
SELECT result, count(*) AS answered FROM (
    SELECT result, cuvr.answer(id, cuvr.render_template(result, id) || ' ' || detail, result)
      FROM (SELECT id,
                   CASE WHEN category = 'other.gratitude' THEN 'explained'
                        WHEN demo.bucket(id, 'result') < 45 THEN 'measures_taken'
                        WHEN demo.bucket(id, 'result') < 75 THEN 'explained'
                        WHEN demo.bucket(id, 'result') < 85 THEN 'supported'
                        ELSE 'not_supported' END AS result
              FROM demo.appeal
             WHERE status IN ('assigned', 'in_progress') AND demo.bucket(id, 'answer') < 80) AS p
      JOIN (VALUES ('measures_taken', 'Работы выполнены, результат проверен на месте.'),
                   ('explained', 'Порядок и сроки решения вопроса разъяснены.'),
                   ('supported', 'Предложение будет учтено при формировании плана работ на следующий год.'),
                   ('not_supported', 'Объект не находится в ведении органа; рекомендовано обратиться к собственнику.'))
           AS d(result, detail) USING (result)) AS s
 GROUP BY result ORDER BY count(*) DESC;

\echo 'cuvr.rate: заявители оценивают ответы (1–5)'
SELECT score, count(*) AS rated FROM (
    SELECT score, cuvr.rate(id, score, CASE WHEN score <= 2 THEN 'Проблема не решена' END)
      FROM (SELECT id,
                   CASE WHEN demo.bucket(id, 'score') < 10 THEN 1
                        WHEN demo.bucket(id, 'score') < 20 THEN 2
                        WHEN demo.bucket(id, 'score') < 32 THEN 3
                        WHEN demo.bucket(id, 'score') < 55 THEN 4
                        ELSE 5 END AS score
              FROM demo.appeal WHERE status = 'answered' AND demo.bucket(id, 'rate') < 60) AS p) AS s
 GROUP BY score ORDER BY score;

\echo 'cuvr.close: закрытие обращений с положительной оценкой'
SELECT count(*) AS closed FROM (
    SELECT cuvr.close(a.id, 'Ответ получен, заявитель удовлетворён')
      FROM demo.appeal AS a
      JOIN cuvr.rating AS r ON r.region_code = 71 AND r.appeal_id = a.id
     WHERE a.status = 'answered' AND r.score >= 4 AND demo.bucket(a.id, 'close') < 70) AS s;

\echo 'cuvr.run_maintenance: контроль сроков (близкие к сроку и просроченные), как по расписанию pg_cron'
SELECT * FROM cuvr.run_maintenance();
SELECT count(*) FILTER (WHERE near_due_at IS NOT NULL) AS near_due,
       count(*) FILTER (WHERE overdue_at IS NOT NULL) AS overdue,
       count(*) FILTER (WHERE due_at_supplied) AS due_from_source,
       count(*) FILTER (WHERE NOT due_at_supplied) AS due_by_cuvr
  FROM cuvr.appeal;
