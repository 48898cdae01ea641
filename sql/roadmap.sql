-- Roadmap reporting (the quarterly form of the appendix to seed 000) and the
-- monthly ССТУ export.
\set SHOW_CONTEXT never
-- Due date: the 15th of the month after the quarter, Q4 into next January;
-- a 15th on a Sunday (15 January 2023) stays.
SELECT q AS quarter, cuvr.roadmap_report_due(q) AS due, extract(isodow FROM cuvr.roadmap_report_due(q)) AS isodow
  FROM unnest('{2025-01-01,2025-04-01,2025-07-01,2025-10-01,2022-10-01}'::date[]) AS q;
SELECT cuvr.roadmap_report_due(NULL) IS NULL AS strict;
SELECT cuvr.roadmap_report_due('2025-02-01');
\echo :LAST_ERROR_SQLSTATE
SELECT cuvr.roadmap_report_due('2025-10-02');
SELECT cuvr.roadmap_report_due('infinity');
\echo :LAST_ERROR_SQLSTATE
-- Fixture: Tula's roadmap in 2025.
INSERT INTO cuvr.body (region_code, level, kind, name)
VALUES (71, 'regional', 'oiv', 'Министерство цифрового развития') RETURNING id AS body_m \gset
INSERT INTO cuvr.body (region_code, level, kind, name)
VALUES (25, 'regional', 'oiv', 'Правительство Приморского края') RETURNING id AS body_top \gset
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (25, :body_top, 'regional', 'oiv', 'Министерство ЖКХ Приморского края') RETURNING id AS body_low \gset
INSERT INTO cuvr.roadmap_indicator (region_code, id, code, title, unit, kind, direction) VALUES
    (71, 1, 'P1', 'Доля обращений, рассмотренных в срок', '%', 'mandatory', 'higher_better'),
    (71, 2, 'P2', 'Среднее время ответа', 'дней', 'additional', 'lower_better'),
    (71, 3, 'P3', 'Число подключённых ОМСУ', 'шт.', 'mandatory', 'higher_better'),
    (69, 4, 'P1', 'Доля обращений, рассмотренных в срок', '%', 'mandatory', 'higher_better');
INSERT INTO cuvr.roadmap_target (region_code, indicator_id, target_date, plan_value) VALUES
    (71, 1, '2025-03-31', 80), (71, 1, '2025-06-30', 90), (71, 1, '2025-12-31', 95),
    (71, 2, '2025-06-30', 10), (71, 2, '2025-09-30', 8),
    (71, 3, '2025-09-30', 20);
INSERT INTO cuvr.roadmap_fact (region_code, indicator_id, as_of, value, deviation_reason) VALUES
    (71, 1, '2025-03-31', 82, NULL),
    (71, 1, '2025-06-30', 85, 'Рост числа обращений в паводок'),
    (71, 1, '2025-09-30', 93, NULL),
    (71, 2, '2025-06-30', 9.5, NULL),
    (71, 2, '2025-09-30', 8.5, 'Отпускной период');
INSERT INTO cuvr.roadmap_item (region_code, code, title, indicator_id, responsible_body_id, planned_date, actual_date,
                               forecast_date, progress, deviation_reason) VALUES
    (71, '1', 'Утверждение дорожной карты', NULL, :body_m, '2025-02-15', '2025-02-10', NULL, 'Утверждена', NULL),
    (71, '2', 'Подключение ОИВ к ПОС', 1, :body_m, '2025-03-31', '2025-05-20', '2025-04-30', 'Подключены все ОИВ',
     'Задержка поставки оборудования'),
    (71, '3', 'Регламент работы ЦУР', 2, :body_m, '2025-06-30', NULL, '2025-11-30', 'Проект на согласовании', NULL),
    (71, '4', 'Обучение операторов', 1, NULL, '2025-12-20', '2025-08-15', NULL, 'Обучено 40 человек', NULL),
    (69, '1', 'Создание ЦУР', 4, NULL, '2099-12-20', NULL, '2099-12-25', NULL, NULL);
-- Each quarter of 2025: late items come back until done, an item done ahead
-- of plan shows in the quarter it was done, indicators due with no item of
-- their own get a row; plan vs fact respects the direction.
SELECT quarter, report_due AS due, item_code AS item, planned_date AS plan, actual_date AS actual,
       forecast_date AS forecast, actual_or_forecast_date AS col3, item_status, item_deviation_reason AS item_reason,
       indicator_code AS ind, plan_value AS plan_v, fact_value AS fact_v, fact_as_of, deviation,
       indicator_status, deviation_reason, reason_missing AS no_reason
  FROM cuvr_bi.roadmap_report
 WHERE region_code = 71 AND quarter < '2026-01-01'
 ORDER BY quarter, item_id IS NULL, planned_date, item_code, ind;
SELECT item, body_id = :body_m AS own_body, body_name, progress, indicator, indicator_kind, unit, direction, target_date
  FROM cuvr.roadmap_report(71::smallint, '2025-04-01');
-- A quarter not yet over: an item whose plan date is ahead is in progress.
SELECT quarter, item_code, item_status, forecast_date, indicator_code, plan_value, indicator_status
  FROM cuvr.roadmap_report(69::smallint, '2099-10-01');
SELECT count(*) AS rows_q1_2099 FROM cuvr.roadmap_report(69::smallint, '2099-01-01');
-- The function and the view agree.
SELECT count(*) AS differences FROM (
    (SELECT * FROM cuvr.roadmap_report(71::smallint, '2025-07-01')
     EXCEPT ALL SELECT * FROM cuvr_bi.roadmap_report WHERE region_code = 71 AND quarter = '2025-07-01')
    UNION ALL
    (SELECT * FROM cuvr_bi.roadmap_report WHERE region_code = 71 AND quarter = '2025-07-01'
     EXCEPT ALL SELECT * FROM cuvr.roadmap_report(71::smallint, '2025-07-01'))) AS d;
-- Bad input.
SELECT * FROM cuvr.roadmap_report(71::smallint, '2025-05-01');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM cuvr.roadmap_report(99::smallint, '2025-01-01');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS null_args FROM cuvr.roadmap_report(NULL, '2025-01-01');
\set VERBOSITY terse
INSERT INTO cuvr.roadmap_indicator (region_code, code, title, direction) VALUES (71, 'P9', 'Ошибка', 'up');
INSERT INTO cuvr.roadmap_fact (region_code, indicator_id, as_of, value) VALUES (71, 1, '2025-12-31', 'NaN');
INSERT INTO cuvr.roadmap_fact (region_code, indicator_id, as_of, value) VALUES (71, 77, '2025-12-31', 1);
INSERT INTO cuvr.roadmap_item (region_code, code, title, planned_date) VALUES (71, '1', 'Дубль', '2025-01-01');
INSERT INTO cuvr.roadmap_item (region_code, code, title, planned_date) VALUES (71, '9', 'Без срока', 'infinity');
\set VERBOSITY default

-- ССТУ export.  The classifier stays out so that only the ТОК codes given
-- here count.
UPDATE cuvr.setting SET value = 'false' WHERE name = 'classifier_enabled';
SELECT cuvr.register_appeal('{"source":"sstu","external_id":"a","region":25,"channel":"pos_form","kind":"complaint","text":"Течёт крыша","tok":"0005.0005.0056.1160","applicant":{"name":"Петров Пётр","email":"petrov@example.ru"}}') AS a \gset
SELECT cuvr.register_appeal('{"source":"sstu","external_id":"b","region":25,"channel":"email","text":"Снова течёт крыша","tok":"0005.0005.0056.1160","applicant":{"email":"petrov@example.ru"}}') AS b \gset
SELECT cuvr.register_appeal('{"source":"sstu","external_id":"c","region":25,"channel":"email","text":"Без кода ТОК"}') AS c \gset
SELECT cuvr.register_appeal('{"source":"sstu","external_id":"d","region":25,"channel":"hotline","kind":"proposal","text":"Поставить скамейку","tok":"0003.0009.0097.0681"}') AS d \gset
SELECT cuvr.register_appeal('{"source":"sstu","external_id":"e","region":25,"channel":"hotline","text":"Майский вопрос","tok":"0003.0009.0097.0681"}') AS e \gset
SELECT cuvr.register_appeal('{"source":"sstu","external_id":"f","region":71,"channel":"hotline","text":"Тульский вопрос","tok":"0003.0009.0097.0681"}') AS f \gset
SELECT repeat_of = :a AS b_repeats_a FROM cuvr.appeal WHERE id = :b;
SELECT count(*) AS without_tok FROM cuvr.appeal WHERE id = :c AND tok IS NULL;
-- Registration times around the month boundary: 31 May 15:30 UTC is already
-- 1 June in Vladivostok (UTC+10), 13:30 UTC is still 31 May there; 21:30 UTC
-- is 1 June in Tula (UTC+3).
UPDATE cuvr.appeal SET registered_at = '2025-06-10 09:00+10' WHERE id IN (:a, :b, :c);
UPDATE cuvr.appeal SET registered_at = '2025-05-31 15:30+00' WHERE id = :d;
UPDATE cuvr.appeal SET registered_at = '2025-05-31 13:30+00' WHERE id = :e;
UPDATE cuvr.appeal SET registered_at = '2025-05-31 21:30+00' WHERE id = :f;
-- a: answered "not supported", rated 1, escalated, answered "supported".
SELECT cuvr.assign(:a, :body_low);
SELECT cuvr.answer(:a, 'Ремонт не предусмотрен', 'not_supported', '2025-06-15 10:00+10') > 0 AS answered;
SELECT cuvr.rate(:a, 1, NULL, '2025-06-16 10:00+10');
SELECT status, body_id = :body_top AS at_higher_body FROM cuvr.appeal WHERE id = :a;
-- Re-processed: in work again, with the result of the answer so far.
SELECT result, answer_date, in_work, status FROM cuvr.sstu_export(25::smallint, '2025-06-01') WHERE appeal_id = :a;
SELECT cuvr.answer(:a, 'Крыша будет отремонтирована', 'supported', '2025-06-20 10:00+10') > 0 AS answered;
-- d: answered "explained" and closed.
SELECT cuvr.assign(:d, :body_low);
SELECT cuvr.answer(:d, 'Разъяснено', 'explained', '2025-06-02 12:00+10') > 0 AS answered;
SELECT cuvr.close(:d, 'Ответ дан');
SELECT registration_number ~ '^25-' AS number_ok, registration_date, tok_code, kind, kind_label, channel,
       is_repeat, result, answer_date, in_work, status,
       appeal_id = :a AS is_a, appeal_id = :b AS is_b, appeal_id = :d AS is_d
  FROM cuvr.sstu_export(25::smallint, '2025-06-01');
SELECT appeal_id = :e AS is_e, registration_date, result, in_work FROM cuvr.sstu_export(25::smallint, '2025-05-01');
SELECT appeal_id = :f AS is_f, registration_date FROM cuvr.sstu_export(71::smallint, '2025-06-01');
SELECT count(*) AS may_in_tula FROM cuvr.sstu_export(71::smallint, '2025-05-01');
-- The view gives the same rows, and none for an appeal without a ТОК code.
SELECT count(*) AS differences FROM (
    (SELECT * FROM cuvr.sstu_export(25::smallint, '2025-06-01')
     EXCEPT ALL SELECT * FROM cuvr_bi.sstu_export WHERE region_code = 25 AND month = '2025-06-01')
    UNION ALL
    (SELECT * FROM cuvr_bi.sstu_export WHERE region_code = 25 AND month = '2025-06-01'
     EXCEPT ALL SELECT * FROM cuvr.sstu_export(25::smallint, '2025-06-01'))) AS d;
SELECT count(*) AS rows_for_c FROM cuvr_bi.sstu_export WHERE appeal_id = :c;
-- No personal data in the export.
SELECT position('Петров' IN string_agg(row_to_json(s)::text, '')) = 0 AS no_name,
       position('petrov@' IN string_agg(row_to_json(s)::text, '')) = 0 AS no_email,
       position('крыша' IN string_agg(row_to_json(s)::text, '')) = 0 AS no_text
  FROM cuvr_bi.sstu_export s;
-- Bad input.
SELECT * FROM cuvr.sstu_export(25::smallint, '2025-06-15');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM cuvr.sstu_export(99::smallint, '2025-06-01');
\echo :LAST_ERROR_SQLSTATE

-- Access: an analyst reads the views but not the tables or the functions;
-- an operator and an integration call the export.
SET ROLE cuvr_analyst;
SELECT count(*) AS analyst_report_rows FROM cuvr_bi.roadmap_report WHERE region_code = 71 AND quarter = '2025-04-01';
SELECT count(*) AS analyst_sstu_rows FROM cuvr_bi.sstu_export WHERE region_code = 25 AND month = '2025-06-01';
SELECT count(*) FROM cuvr.roadmap_item;
SELECT count(*) FROM cuvr.sstu_export(25::smallint, '2025-06-01');
RESET ROLE;
SET ROLE cuvr_operator;
SELECT count(*) AS operator_sstu_rows FROM cuvr.sstu_export(25::smallint, '2025-06-01');
SELECT count(*) AS operator_report_rows FROM cuvr.roadmap_report(71::smallint, '2025-04-01');
SELECT count(*) AS operator_items FROM cuvr.roadmap_item;
DELETE FROM cuvr.roadmap_item WHERE code = '4';
RESET ROLE;
SET ROLE cuvr_integration;
SELECT count(*) AS integration_sstu_rows FROM cuvr.sstu_export(25::smallint, '2025-06-01');
SELECT count(*) FROM cuvr.roadmap_item;
RESET ROLE;
SET ROLE cuvr_executor;
SELECT count(*) FROM cuvr.roadmap_fact;
RESET ROLE;
UPDATE cuvr.setting SET value = 'true' WHERE name = 'classifier_enabled';
