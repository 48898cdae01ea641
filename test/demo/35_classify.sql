-- cuvr demo, step 3½: classification and routing.  The appeals registered so
-- far whose category the source sent are the training set: train the
-- classifier, add a keyword rule for a category no source sends, then
-- register a later batch of appeals that come WITHOUT a category (via =
-- 'auto' in demo.incoming): cuvr classifies them and, when confident enough
-- (setting triage_confidence), routes them by cuvr.routing_rule; the rest
-- wait in triage at the ЦУР.  Then explain_route tells why, and a complaint
-- about a body is never sent to that body.

\pset null '—'

\echo
\echo '== Обучение классификатора: cuvr.train_classifier() на обращениях с категорией от источника =='
SELECT count(*) FILTER (WHERE category_confirmed) AS labelled,
       count(*) FILTER (WHERE category_id IS NULL) AS without_category
  FROM cuvr.appeal;
SELECT model_id, documents, classes, features, round(seconds::numeric, 2) AS seconds
  FROM cuvr.train_classifier();

\echo
\echo '== Правило по ключевым словам (cuvr.keyword_rule) для категории без обучающих примеров =='
INSERT INTO cuvr.keyword_rule (category_id, keyword, confidence, note)
SELECT id, 'транспортная карта', 0.9, 'источники не присылают эту категорию: модели не на чем учиться'
  FROM cuvr.category WHERE code = 'transport.travel_cards';
SELECT k.keyword, c.code AS category, k.confidence,
       cuvr.classify_tokens('Не работает транспортная карта школьника') AS stems_of_a_text
  FROM cuvr.keyword_rule AS k JOIN cuvr.category AS c ON c.id = k.category_id;
SELECT t.text, g.category, round(g.confidence::numeric, 3) AS confidence
  FROM (VALUES ('Валидатор в троллейбусе не принимает транспортную карту'),
               ('Валидатор в троллейбусе не принимает карту')) AS t(text)
 CROSS JOIN LATERAL cuvr.classify(t.text) AS g;

\echo
\echo '== cuvr.classify_top(text, 3): три вероятные категории и слова, которые за них говорят =='
SELECT left(t.text, 60) AS text, k.rank, k.category, round(k.confidence::numeric, 3) AS confidence, k.method,
       array_to_string(k.words, ', ') AS words
  FROM (VALUES (1, 'Во дворе дома не горят фонари, а на детской площадке сломаны качели'),
               (2, (SELECT i.text FROM demo.incoming AS i WHERE i.via = 'auto'
                     ORDER BY i.received_at::timestamptz LIMIT 1))) AS t(n, text)
 CROSS JOIN LATERAL cuvr.classify_top(t.text, 3) AS k
 ORDER BY t.n, k.rank;

\echo
\echo '== Регистрация второй партии: обращения без категории, cuvr классифицирует и маршрутизирует сам =='
SELECT count(*) AS registered_without_category
  FROM (SELECT cuvr.register_appeal(demo.payload(i))
          FROM demo.incoming AS i
         WHERE via = 'auto'
         ORDER BY i.received_at::timestamptz) AS s;

CREATE VIEW demo.auto_batch AS
SELECT a.id, a.status, a.classified_by, a.category_confidence, c.code AS category, i.true_category, b.short_name AS body
  FROM cuvr.appeal AS a
  JOIN demo.incoming AS i USING (source, external_id)
  LEFT JOIN cuvr.category AS c ON c.id = a.category_id
  LEFT JOIN cuvr.body AS b ON b.id = a.body_id
 WHERE i.via = 'auto';

\echo 'Кто определил категорию и куда обращения попали:'
SELECT coalesce(classified_by, '(нет)') AS classified_by, status, count(*) AS appeals,
       count(*) FILTER (WHERE category = true_category) AS category_right,
       round(avg(category_confidence)::numeric, 2) AS avg_confidence
  FROM demo.auto_batch
 GROUP BY classified_by, status
 ORDER BY classified_by, status;
SELECT count(*) FILTER (WHERE status = 'assigned') AS routed,
       count(*) FILTER (WHERE status = 'triage') AS in_triage,
       round(100.0 * count(*) FILTER (WHERE status = 'assigned') / count(*), 1) AS "routed %",
       round(100.0 * count(*) FILTER (WHERE status = 'assigned' AND category = true_category)
             / nullif(count(*) FILTER (WHERE status = 'assigned'), 0), 1) AS "routed, right category %",
       round(100.0 * count(*) FILTER (WHERE category = true_category) / count(*), 1) AS "guess right overall %"
  FROM demo.auto_batch;
\echo 'Куда направлены автоматически:'
SELECT body, count(*) AS appeals, string_agg(DISTINCT split_part(category, '.', 1), ', ') AS themes
  FROM demo.auto_batch WHERE status = 'assigned'
 GROUP BY body ORDER BY appeals DESC, body;

\echo
\echo '== Все обращения: кто определил категорию (classified_by) =='
SELECT coalesce(classified_by, '(нет)') AS classified_by, count(*) AS appeals,
       count(*) FILTER (WHERE status = 'assigned') AS assigned,
       count(*) FILTER (WHERE status = 'triage') AS triage
  FROM cuvr.appeal
 GROUP BY classified_by
 ORDER BY appeals DESC;

\echo
\echo '== cuvr.explain_route: почему обращение направлено туда, куда направлено =='
-- A routed appeal, preferably one of the batch without category that the
-- channel rule decided; a triaged one of that batch whose guess was below
-- the threshold although a rule matches; one whose category has no rule.
CREATE TEMP TABLE route_candidate AS
SELECT a.id, a.status, a.category_confidence, c.code AS category, i.via = 'auto' AS auto,
       (SELECT count(*) FROM cuvr.explain_route(a.id)) AS steps,
       (SELECT coalesce(bool_or(e.reason LIKE '%this channel%'), false) FROM cuvr.explain_route(a.id) AS e) AS by_channel
  FROM cuvr.appeal AS a
  JOIN demo.incoming AS i USING (source, external_id)
  LEFT JOIN cuvr.category AS c ON c.id = a.category_id
 WHERE a.status IN ('assigned', 'triage');
SELECT id AS routed_id FROM route_candidate WHERE status = 'assigned'
 ORDER BY by_channel AND auto DESC, by_channel DESC, auto DESC, steps DESC, id LIMIT 1 \gset
SELECT id AS triaged_id FROM route_candidate WHERE status = 'triage' AND auto AND steps > 1
 ORDER BY category_confidence DESC, id LIMIT 1 \gset
SELECT id AS norule_id FROM route_candidate WHERE status = 'triage' AND auto AND steps = 1 AND category IS NOT NULL
 ORDER BY category_confidence DESC, id LIMIT 1 \gset
SELECT a.reg_number, a.channel, a.territory, c.code AS category, a.classified_by,
       round(a.category_confidence::numeric, 2) AS confidence, a.status, left(a.text, 50) AS text
  FROM cuvr.appeal AS a LEFT JOIN cuvr.category AS c ON c.id = a.category_id
 WHERE a.id IN (:routed_id, :triaged_id, :norule_id)
 ORDER BY a.status, a.category_confidence DESC;
\echo 'Направленное автоматически:'
SELECT step, rule_id, left(body_name, 45) AS body, chosen, reason FROM cuvr.explain_route(:routed_id);
\echo 'Оставленное в триаже: правило есть, но уверенность ниже triage_confidence:'
SELECT step, rule_id, left(body_name, 45) AS body, chosen, reason FROM cuvr.explain_route(:triaged_id);
\echo 'Оставленное в триаже: уверенность высокая, но для категории нет правила:'
SELECT step, rule_id, left(body_name, 45) AS body, chosen, reason FROM cuvr.explain_route(:norule_id);

\echo
\echo '== Жалоба на орган (accused_body) не направляется в этот орган (59-ФЗ, ст. 8, ч. 6) =='
SELECT cuvr.register_appeal(jsonb_build_object(
           'source', 'pos', 'external_id', 'POS-DEMO-ACCUSED-1', 'region', '71', 'channel', 'pos_form',
           'kind', 'complaint', 'category', 'landscaping.yard_asphalt', 'territory', '70701000',
           'address', 'Тула, ул. Болдина, 12', 'accused_body', b.id,
           'text', 'Жалуюсь на администрацию города: третий год обещают отремонтировать асфальт во дворе дома '
                   'ул. Болдина, 12, ответы приходят отписками, работы так и не начаты.')) AS complaint_id
  FROM cuvr.body AS b WHERE b.short_name = 'Адм. Тулы' AND b.region_code = 71 \gset
SELECT cuvr.register_appeal(jsonb_build_object(
           'source', 'pos', 'external_id', 'POS-DEMO-ACCUSED-2', 'region', '71', 'channel', 'pos_form',
           'kind', 'complaint', 'category', 'health.hospital_upkeep', 'territory', '70701000',
           'accused_body', b.id,
           'text', 'Жалоба на руководство областной больницы: в хирургическом отделении месяц не работает '
                   'душ, на обращения к главному врачу ответа нет.')) AS complaint2_id
  FROM cuvr.body AS b WHERE b.short_name = 'ТОКБ' AND b.region_code = 71 \gset
SELECT a.reg_number, c.code AS category, ab.short_name AS accused, a.status, b.short_name AS sent_to
  FROM cuvr.appeal AS a
  JOIN cuvr.category AS c ON c.id = a.category_id
  JOIN cuvr.body AS ab ON ab.id = a.accused_body_id
  LEFT JOIN cuvr.body AS b ON b.id = a.body_id
 WHERE a.id IN (:complaint_id, :complaint2_id)
 ORDER BY a.id;
\echo 'Жалоба на администрацию Тулы (у администрации нет вышестоящего органа в дереве — ЦУР):'
SELECT step, rule_id, left(body_name, 45) AS body, chosen, reason FROM cuvr.explain_route(:complaint_id);
\echo 'Жалоба на областную больницу (вышестоящий — Минздрав):'
SELECT step, rule_id, left(body_name, 45) AS body, chosen, reason FROM cuvr.explain_route(:complaint2_id);
