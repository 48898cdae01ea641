-- cuvr demo, step 1: install the extension and load the bodies of Tula
-- region (71): the government, the ЦУР as coordinating body, regional
-- ministries (ОИВ), municipal administrations (ОМСУ) and a few institutions.
-- Then the routing rules (cuvr.routing_rule) that send classified appeals to
-- the competent body, and schema demo with what only the demo's people know:
-- where a body redirects an appeal that is not its business.

CREATE EXTENSION cuvr;

BEGIN;

-- Bodies are named by short_name below; ids are generated.
INSERT INTO cuvr.body (region_code, level, kind, short_name, name, email) VALUES
    (71, 'regional', 'oiv', 'Правительство', 'Правительство Тульской области', 'pto@tularegion.ru'),
    (71, 'regional', 'cur', 'ЦУР', 'Центр управления регионом Тульской области', 'cur@tularegion.ru'),
    (71, 'regional', 'oiv', 'Минздрав', 'Министерство здравоохранения Тульской области', 'minzdrav@tularegion.ru'),
    (71, 'regional', 'oiv', 'Минобразования', 'Министерство образования Тульской области', 'minobr@tularegion.ru'),
    (71, 'regional', 'oiv', 'Минтруд', 'Министерство труда и социальной защиты Тульской области', 'mintrud@tularegion.ru'),
    (71, 'regional', 'oiv', 'Минстрой ЖКХ', 'Министерство строительства и жилищно-коммунального хозяйства Тульской области', 'minstroy@tularegion.ru'),
    (71, 'regional', 'oiv', 'Минтранс', 'Министерство транспорта и дорожного хозяйства Тульской области', 'mintrans@tularegion.ru'),
    (71, 'regional', 'oiv', 'Минприроды', 'Министерство природных ресурсов и экологии Тульской области', 'minprirody@tularegion.ru'),
    (71, 'regional', 'oiv', 'Минпром ТЭК', 'Министерство промышленности и топливно-энергетического комплекса Тульской области', 'minprom@tularegion.ru'),
    (71, 'regional', 'oiv', 'Мининформ', 'Министерство по информатизации, связи и вопросам открытого управления Тульской области', 'mininform@tularegion.ru'),
    (71, 'municipal', 'omsu', 'Адм. Тулы', 'Администрация города Тулы', 'info@cityadm.tula.ru'),
    (71, 'municipal', 'omsu', 'Адм. Новомосковска', 'Администрация муниципального образования город Новомосковск', 'nmosk@tularegion.org'),
    (71, 'municipal', 'omsu', 'Адм. Алексина', 'Администрация муниципального образования город Алексин', 'aleksin@tularegion.org'),
    (71, 'municipal', 'omsu', 'Адм. Щёкинского р-на', 'Администрация муниципального образования Щёкинский район', 'shekino@tularegion.org'),
    (71, 'municipal', 'omsu', 'Адм. Узловского р-на', 'Администрация муниципального образования Узловский район', 'uzlovaya@tularegion.org'),
    (71, 'municipal', 'omsu', 'Адм. Ефремова', 'Администрация муниципального образования город Ефремов', 'efremov@tularegion.org'),
    (71, 'institution', 'institution', 'ТОКБ', 'ГУЗ «Тульская областная клиническая больница»', 'tokb@tularegion.ru'),
    (71, 'institution', 'institution', 'НГКБ', 'ГУЗ «Новомосковская городская клиническая больница»', 'ngkb@tularegion.ru'),
    (71, 'institution', 'institution', 'УСЗН', 'ГУ ТО «Управление социальной защиты населения Тульской области»', 'uszn@tularegion.ru');

-- The tree: ЦУР and ministries under the government; institutions under
-- their ministry; municipalities are local self-government and stay at the
-- top (escalations past the top go to the coordinating ЦУР).
UPDATE cuvr.body AS b SET parent_id = p.id
  FROM (VALUES ('ЦУР', 'Правительство'), ('Минздрав', 'Правительство'), ('Минобразования', 'Правительство'),
               ('Минтруд', 'Правительство'), ('Минстрой ЖКХ', 'Правительство'), ('Минтранс', 'Правительство'),
               ('Минприроды', 'Правительство'), ('Минпром ТЭК', 'Правительство'), ('Мининформ', 'Правительство'),
               ('ТОКБ', 'Минздрав'), ('НГКБ', 'Минздрав'), ('УСЗН', 'Минтруд')) AS t(child, parent)
  JOIN cuvr.body AS p ON p.short_name = t.parent AND p.region_code = 71
 WHERE b.short_name = t.child AND b.region_code = 71;

-- The ЦУР coordinates the region: it gets unrouted appeals and escalations
-- past the top of the tree.
UPDATE cuvr.body SET coordinator = true WHERE region_code = 71 AND kind = 'cur';

COMMIT;

-- What the demo's people know: the municipality of each OKTMO (used for the
-- territory rules below and by the ЦУР operator for what no rule covers) and
-- where a body redirects an appeal of a theme that is not its business.
CREATE SCHEMA demo;

CREATE TABLE demo.municipality (oktmo text PRIMARY KEY, body_id integer NOT NULL);
INSERT INTO demo.municipality
SELECT m.oktmo, b.id
  FROM (VALUES ('70701000', 'Адм. Тулы'), ('70724000', 'Адм. Новомосковска'), ('70706000', 'Адм. Алексина'),
               ('70648000', 'Адм. Щёкинского р-на'), ('70644000', 'Адм. Узловского р-на'),
               ('70714000', 'Адм. Ефремова')) AS m(oktmo, short_name)
  JOIN cuvr.body AS b ON b.short_name = m.short_name AND b.region_code = 71;

CREATE TABLE demo.redirect_to (theme_code text PRIMARY KEY, body_id integer NOT NULL);
INSERT INTO demo.redirect_to
SELECT r.theme_code, b.id
  FROM (VALUES ('housing', 'Минстрой ЖКХ'), ('waste', 'Минстрой ЖКХ'), ('energy', 'Минстрой ЖКХ'),
               ('education', 'ЦУР'), ('health', 'ТОКБ'), ('roads', 'Минтранс'), ('transport', 'Адм. Тулы'),
               ('social', 'УСЗН'), ('landscaping', 'Минстрой ЖКХ'), ('ecology', 'ЦУР'), ('telecom', 'ЦУР'),
               ('trade', 'ЦУР'), ('other', 'Правительство')) AS r(theme_code, short_name)
  JOIN cuvr.body AS b ON b.short_name = r.short_name AND b.region_code = 71;

-- Where a body redirects an appeal of a category.
CREATE FUNCTION demo.alternative_body(category_code text)
RETURNS integer
LANGUAGE sql STABLE
RETURN (SELECT r.body_id FROM demo.redirect_to AS r
         WHERE r.theme_code = split_part(alternative_body.category_code, '.', 1));

-- Routing rules of Tula region.  The most specific matching rule wins:
-- category > theme > any subject, then the deeper territory, then a named
-- channel, then the higher priority.  Themes trade and other have no rule:
-- such appeals wait in triage for the ЦУР operator.
BEGIN;

-- By theme, the whole region: the ministry.
INSERT INTO cuvr.routing_rule (region_code, theme_id, body_id, note)
SELECT 71, t.id, b.id, 'тематика → профильное министерство'
  FROM (VALUES ('housing', 'Минстрой ЖКХ'), ('waste', 'Минприроды'), ('energy', 'Минпром ТЭК'),
               ('education', 'Минобразования'), ('health', 'Минздрав'), ('roads', 'Минтранс'),
               ('transport', 'Минтранс'), ('social', 'Минтруд'), ('landscaping', 'Минстрой ЖКХ'),
               ('ecology', 'Минприроды'), ('telecom', 'Мининформ'), ('construction', 'Минстрой ЖКХ'),
               ('epidemic', 'Минздрав')) AS r(theme_code, short_name)
  JOIN cuvr.theme AS t ON t.code = r.theme_code
  JOIN cuvr.body AS b ON b.short_name = r.short_name AND b.region_code = 71;

-- Housing, landscaping and roads are local matters: by the territory (OKTMO
-- containment) the municipal administration, more specific than the above.
INSERT INTO cuvr.routing_rule (region_code, theme_id, territory, body_id, note)
SELECT 71, t.id, m.oktmo::cuvr.oktmo, m.body_id, 'вопрос местного значения → администрация МО'
  FROM demo.municipality AS m
 CROSS JOIN cuvr.theme AS t
 WHERE t.code IN ('housing', 'landscaping', 'roads')
 ORDER BY m.body_id, t.code;

-- Categories that go straight to an institution; in Novomoskovsk the city
-- hospital has them (a category rule with a territory beats one without).
INSERT INTO cuvr.routing_rule (region_code, category_id, territory, body_id, note)
SELECT 71, c.id, r.territory::cuvr.oktmo, b.id, r.note
  FROM (VALUES ('health.hospital_upkeep', NULL, 'ТОКБ', 'содержание больниц → областная больница'),
               ('health.hospital_food', NULL, 'ТОКБ', 'питание в больницах → областная больница'),
               ('health.hospital_upkeep', '70724000', 'НГКБ', 'Новомосковск: городская больница'),
               ('health.hospital_food', '70724000', 'НГКБ', 'Новомосковск: городская больница'),
               ('social.payment_delays', NULL, 'УСЗН', 'задержки выплат → управление соцзащиты'))
       AS r(category_code, territory, short_name, note)
  JOIN cuvr.category AS c ON c.code = r.category_code
  JOIN cuvr.body AS b ON b.short_name = r.short_name AND b.region_code = 71;

-- Posts about Tula's roads in social networks are handled by the ministry's
-- incident team: a channel rule, as deep as the territory rule it overrides;
-- priority 10 keeps it ahead should a same-scope rule be added later.
INSERT INTO cuvr.routing_rule (region_code, theme_id, territory, channel, body_id, priority, note)
SELECT 71, t.id, '70701000', 'social_network', b.id, 10, 'соцсети о дорогах Тулы → Минтранс (инцидент-менеджмент)'
  FROM cuvr.theme AS t JOIN cuvr.body AS b ON b.short_name = 'Минтранс' AND b.region_code = 71
 WHERE t.code = 'roads';

COMMIT;

\echo
\echo '== Органы власти Тульской области =='
SELECT b.id, b.level, b.kind, left(b.name, 60) AS name, p.short_name AS parent
  FROM cuvr.body AS b LEFT JOIN cuvr.body AS p ON p.id = b.parent_id
 WHERE b.region_code = 71
 ORDER BY b.id;
SELECT r.code, r.name, b.short_name AS coordinator
  FROM cuvr.region AS r JOIN cuvr.body AS b ON b.id = cuvr.coordinator_body(r.code)
 WHERE r.code = 71;

\echo
\echo '== Правила маршрутизации (cuvr.routing_rule), правила с одинаковым органом и территорией — в одной строке =='
SELECT string_agg(coalesce(c.code, t.code || '.*', '*'), ', ' ORDER BY r.id) AS subject,
       coalesce(r.territory::text, 'вся область') AS territory, coalesce(r.channel, '—') AS channel,
       r.priority AS prio, b.short_name AS body, string_agg(r.id::text, ',' ORDER BY r.id) AS rules
  FROM cuvr.routing_rule AS r
  JOIN cuvr.body AS b ON b.id = r.body_id
  LEFT JOIN cuvr.category AS c ON c.id = r.category_id
  LEFT JOIN cuvr.theme AS t ON t.id = r.theme_id
 WHERE r.region_code = 71
 GROUP BY r.category_id IS NOT NULL, 2, 3, 4, 5
 ORDER BY min(r.id);
