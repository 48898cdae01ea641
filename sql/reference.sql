-- Reference data: regions, themes and categories, channels, kinds,
-- settings, templates; the body tree; seeded rows survive a dump through
-- merge_builtin_row().
\set SHOW_CONTEXT never
SELECT count(*) AS regions, count(DISTINCT code) AS codes, count(oktmo_prefix) AS with_oktmo_prefix
  FROM cuvr.region;
SELECT code, name, tz, oktmo_prefix FROM cuvr.region WHERE code IN (8, 17, 21, 25, 39, 69, 71, 77, 78) ORDER BY code;
-- Every region's time zone is known to the server.
SELECT r.code FROM cuvr.region r WHERE NOT EXISTS (SELECT 1 FROM pg_timezone_names z WHERE z.name = r.tz);
-- The 8 mandatory themes.
SELECT code, name FROM cuvr.theme WHERE mandatory ORDER BY sort_order;
-- Every theme has at least 3 categories plus exactly one «прочие по направлению».
SELECT t.code
  FROM cuvr.theme t
 WHERE (SELECT count(*) FROM cuvr.category c WHERE c.theme_id = t.id AND NOT c.is_other) < 3
    OR (SELECT count(*) FROM cuvr.category c WHERE c.theme_id = t.id AND c.is_other) <> 1;
SELECT count(*) > 150 AS many_categories, count(*) FILTER (WHERE priority) > 10 AS priority_topics FROM cuvr.category;
SELECT code FROM cuvr.channel ORDER BY code;
SELECT code FROM cuvr.appeal_kind ORDER BY code;
SELECT name, value FROM cuvr.setting ORDER BY name;
SELECT code, result FROM cuvr.answer_template ORDER BY code;
SELECT count(*) AS secrets, min(length(value)) AS key_bytes FROM cuvr.secret;
-- A restored copy of a seeded row replaces it in place (as pg_restore does).
INSERT INTO cuvr.region (code, name, tz, oktmo_prefix, federal_district, active, builtin)
VALUES (71, 'Тульская область', 'Europe/Moscow', 70, 'Центральный', false, true);
SELECT code, active FROM cuvr.region WHERE code = 71;
UPDATE cuvr.region SET active = true WHERE code = 71;
-- A user row with a taken key is still refused.
INSERT INTO cuvr.channel (code, name) VALUES ('custom', 'Свой канал');
INSERT INTO cuvr.channel (code, name) VALUES ('custom', 'Свой канал');
-- The body tree: no cycles.
INSERT INTO cuvr.body (id, region_code, level, kind, name) VALUES (9001, 71, 'regional', 'cur', 'ЦУР');
INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name) VALUES (9002, 71, 9001, 'regional', 'oiv', 'Министерство');
INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name) VALUES (9003, 71, 9002, 'municipal', 'omsu', 'Администрация');
UPDATE cuvr.body SET parent_id = 9003 WHERE id = 9001;
UPDATE cuvr.body SET parent_id = 9001 WHERE id = 9001;
INSERT INTO cuvr.body (region_code, level, kind, name) VALUES (71, 'galactic', 'oiv', 'x');
UPDATE cuvr.body SET coordinator = true WHERE id = 9001;
UPDATE cuvr.body SET coordinator = true WHERE id = 9002;
SELECT cuvr.coordinator_body(71), cuvr.coordinator_body(69);
-- Unknown settings are errors, not NULLs.
SELECT cuvr.setting_value('max_text_length');
SELECT cuvr.setting_value('no_such_setting');
-- Bodies a role acts for include the whole subtree.
SELECT cuvr.grant_body('cuvr_executor', 9002);
SELECT cuvr.grant_body('cuvr_executor', 9002);
SELECT cuvr.acting_bodies('cuvr_executor');
SELECT cuvr.grant_body('no_such_role', 9002);
SELECT cuvr.grant_body('cuvr_executor', 424242);
SELECT cuvr.revoke_body('cuvr_executor', 9002), cuvr.revoke_body('cuvr_executor', 9002);
DELETE FROM cuvr.body WHERE id IN (9003, 9002);
DELETE FROM cuvr.body WHERE id = 9001;
DELETE FROM cuvr.channel WHERE code = 'custom';
