-- Data for dump_restore.t: a DBA's reference data and edits of seeded rows,
-- and appeals taken through their life.
\set ON_ERROR_STOP 1
INSERT INTO cuvr.body (region_code, level, kind, name, coordinator) VALUES (71, 'regional', 'cur', 'ЦУР Тульской области', true);
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
SELECT 71, id, 'regional', 'oiv', 'Министерство ЖКХ' FROM cuvr.body WHERE name = 'ЦУР Тульской области';
UPDATE cuvr.region SET federal_district = 'Центральный федеральный округ' WHERE code = 71;
UPDATE cuvr.setting SET value = 'false' WHERE name = 'notify';
UPDATE cuvr.category SET name = name || ' (уточнено)' WHERE code = 'roads.other';
INSERT INTO cuvr.theme (code, name) VALUES ('tourism', 'Туризм');
INSERT INTO cuvr.category (theme_id, code, name) SELECT id, 'tourism.signs', 'Туристические указатели' FROM cuvr.theme WHERE code = 'tourism';
INSERT INTO cuvr.channel (code, name) VALUES ('telegram_bot', 'Бот');
SELECT cuvr.grant_body('dump_exec', (SELECT id FROM cuvr.body WHERE name = 'Министерство ЖКХ'));
SELECT cuvr.register_appeal(jsonb_build_object('source', 'dump', 'external_id', g::text, 'region', 71,
           'channel', 'pos_form', 'text', 'Обращение ' || g, 'category', 'tourism.signs',
           'applicant', jsonb_build_object('name', 'Житель ' || g, 'email', 'resident' || g || '@example.ru')))
  FROM generate_series(1, 20) g;
SELECT cuvr.assign(id, (SELECT id FROM cuvr.body WHERE name = 'Министерство ЖКХ')) FROM cuvr.appeal WHERE source = 'dump';
SELECT cuvr.answer(id, 'Ответ', 'explained') FROM cuvr.appeal WHERE source = 'dump' AND external_id::int <= 10;
SELECT cuvr.rate(id, 1 + external_id::int % 5) FROM cuvr.appeal WHERE source = 'dump' AND external_id::int <= 5;
SELECT cuvr.close(id, 'Решено') FROM cuvr.appeal WHERE source = 'dump' AND external_id::int <= 2;
SELECT cuvr.outbox_ack(array_agg(id)) FROM (SELECT id FROM cuvr.outbox ORDER BY id LIMIT 10) o;
COPY cuvr.intake (source, external_id, region, channel, text) FROM stdin;
dump	bad-1	999	email	Неизвестный регион
dump	good-1	71	telegram_bot	Хорошая строка
\.
