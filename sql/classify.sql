-- The classifier: tokens and Snowball stems, keyword rules, training in the
-- database from confirmed labels, classify / classify_top with explanations,
-- the cache following model changes, registration with classification.
\set SHOW_CONTEXT never
-- Cleaning: HTML, entities, case, ё, numbers, phones, e-mails, addresses, stop words.
SELECT cuvr.classify_tokens('<p>Здравствуйте!&nbsp;Во ДВОРЕ дома 5 по ул. Ленина третью неделю не вывозят мусор.</p>');
SELECT cuvr.classify_tokens('Звоните +7 (912) 345-67-89 или пишите ivanov@example.ru, https://example.ru/x');
SELECT cuvr.classify_tokens('Ёлка, ёж и Её') AS yo, cuvr.classify_tokens('') AS empty, cuvr.classify_tokens('12 34 56') AS digits;
-- No model and no rules: no category.
SELECT * FROM cuvr.classify('Во дворе не вывозят мусор');
SELECT cuvr.train_classifier();
-- Labelled appeals (the source supplied their categories), made up for this test.
INSERT INTO cuvr.intake (source, external_id, region, channel, text, category)
SELECT 'cls', 'w' || g, '71', 'pos_form',
       (ARRAY['Не вывозят мусор, контейнеры переполнены', 'Мусорные баки не убирают неделю',
              'Переполнена контейнерная площадка, мусор на земле', 'Не вывезли крупногабаритный мусор',
              'Свалка мусора у контейнеров'])[1 + g % 5] || ' ' || g, 'waste.other'
  FROM generate_series(1, 20) g
UNION ALL
SELECT 'cls', 'r' || g, '71', 'pos_form',
       (ARRAY['Яма на дороге, асфальт разбит', 'Огромная яма на проезжей части', 'Разбито дорожное покрытие, ямы',
              'Провал асфальта на дороге', 'Ямы на дороге после зимы'])[1 + g % 5] || ' ' || g, 'roads.other'
  FROM generate_series(1, 20) g
UNION ALL
SELECT 'cls', 'h' || g, '71', 'pos_form',
       (ARRAY['Нет горячей воды в квартире', 'Холодные батареи, нет отопления', 'Течёт крыша в подъезде',
              'Не работает лифт в подъезде', 'Протечка в подвале дома'])[1 + g % 5] || ' ' || g, 'housing.other'
  FROM generate_series(1, 20) g;
SELECT count(*) AS labelled FROM cuvr.appeal WHERE source = 'cls' AND category_confirmed;
SELECT model_id > 0 AS trained, documents, classes, features > 0 AS has_features FROM cuvr.train_classifier();
SELECT count(*) AS models, bool_and(active) AS active FROM cuvr.classifier_model;
SELECT count(*) AS classes FROM cuvr.classifier_class;
-- Classification.
SELECT t, (cuvr.classify(t)).category, (cuvr.classify(t)).confidence > 0.5 AS confident
  FROM unnest(ARRAY['Мусор не вывозят уже две недели', 'Яма на дороге у дома', 'В квартире нет горячей воды']) AS t;
SELECT rank, category, method, words[1] IS NOT NULL AS explained, confidence BETWEEN 0 AND 1 AS in_range
  FROM cuvr.classify_top('Яма на дороге у дома', 3) ORDER BY rank;
SELECT words FROM cuvr.classify_top('Яма на дороге у дома', 1);
SELECT sum(confidence) BETWEEN 0.99 AND 1.01 AS shares_sum_to_one FROM cuvr.classify_top('Яма на дороге', 3);
SELECT * FROM cuvr.classify_top('Яма', 0);
-- A keyword rule for a category without training data comes first.
INSERT INTO cuvr.keyword_rule (category_id, keyword, confidence)
SELECT id, 'самокат', 0.95 FROM cuvr.category WHERE code = 'transport.other';
SELECT * FROM cuvr.classify('Брошенные самокаты на тротуаре у дороги');
SELECT rank, category, method FROM cuvr.classify_top('Брошенные самокаты на тротуаре у дороги', 2) ORDER BY rank;
UPDATE cuvr.keyword_rule SET active = false;
SELECT (cuvr.classify('Брошенные самокаты на тротуаре у дороги')).category <> 'transport.other' AS rule_off;
-- Registration classifies appeals that arrive without a category.
SELECT cuvr.register_appeal('{"source":"cls","external_id":"new-1","region":71,"channel":"email","text":"Опять не вывозят мусор"}') AS a \gset
SELECT c.code, a.classified_by, a.category_confirmed, a.category_confidence > 0 AS has_confidence
  FROM cuvr.appeal a JOIN cuvr.category c ON c.id = a.category_id WHERE a.id = :a;
UPDATE cuvr.setting SET value = 'false' WHERE name = 'classifier_enabled';
SELECT cuvr.register_appeal('{"source":"cls","external_id":"new-2","region":71,"channel":"email","text":"Опять не вывозят мусор"}') AS b \gset
SELECT category_id IS NULL AS unclassified, status FROM cuvr.appeal WHERE id = :b;
UPDATE cuvr.setting SET value = 'true' WHERE name = 'classifier_enabled';
-- Retraining replaces the model; classification follows at once.
SELECT classes FROM cuvr.train_classifier();
SELECT count(*) AS models FROM cuvr.classifier_model;
DELETE FROM cuvr.classifier_model;
SELECT * FROM cuvr.classify('Мусор не вывозят');
