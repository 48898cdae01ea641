-- cuvr demo, step 1: install the extension and load the bodies of Tula
-- region (71): the government, the ЦУР as coordinating body, regional
-- ministries (ОИВ), municipal administrations (ОМСУ) and a few institutions.
-- Also creates schema demo with the routing map the demo's "operator" uses
-- to pick the competent body (routing rules are not in cuvr 0.1 yet).

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

-- The demo's routing map: theme -> body; "by territory" themes go to the
-- municipality of the appeal's OKTMO.  alt_body is where a wrongly routed
-- appeal of the theme is redirected to.
CREATE SCHEMA demo;

CREATE TABLE demo.municipality (oktmo_prefix text PRIMARY KEY, body_id integer NOT NULL);
INSERT INTO demo.municipality
SELECT m.oktmo, b.id
  FROM (VALUES ('70701', 'Адм. Тулы'), ('70724', 'Адм. Новомосковска'), ('70705', 'Адм. Алексина'),
               ('70648', 'Адм. Щёкинского р-на'), ('70644', 'Адм. Узловского р-на'),
               ('70714', 'Адм. Ефремова')) AS m(oktmo, short_name)
  JOIN cuvr.body AS b ON b.short_name = m.short_name;

CREATE TABLE demo.theme_route (
    theme_code text PRIMARY KEY,
    body_short text,               -- NULL: the municipality of the territory
    alt_short text NOT NULL
);
INSERT INTO demo.theme_route VALUES
    ('housing', NULL, 'Минстрой ЖКХ'),
    ('waste', 'Минприроды', 'Минстрой ЖКХ'),
    ('energy', 'Минпром ТЭК', 'Минстрой ЖКХ'),
    ('education', 'Минобразования', 'ЦУР'),
    ('health', 'Минздрав', 'ТОКБ'),
    ('roads', NULL, 'Минтранс'),
    ('transport', 'Минтранс', 'Адм. Тулы'),
    ('social', 'Минтруд', 'УСЗН'),
    ('landscaping', NULL, 'Минстрой ЖКХ'),
    ('ecology', 'Минприроды', 'ЦУР'),
    ('telecom', 'Мининформ', 'ЦУР'),
    ('trade', NULL, 'ЦУР'),
    ('other', 'ЦУР', 'Правительство');

-- Categories that go straight to an institution.
CREATE TABLE demo.category_route (category_code text PRIMARY KEY, body_short text NOT NULL);
INSERT INTO demo.category_route VALUES
    ('health.hospital_upkeep', 'ТОКБ'),
    ('health.hospital_food', 'ТОКБ'),
    ('social.payment_delays', 'УСЗН');

-- The competent body for a category and territory; the ЦУР when unknown.
CREATE FUNCTION demo.competent_body(category_code text, territory text)
RETURNS integer
LANGUAGE sql STABLE
RETURN coalesce(
    (SELECT b.id FROM demo.category_route AS r JOIN cuvr.body AS b ON b.short_name = r.body_short
      WHERE r.category_code = competent_body.category_code),
    (SELECT CASE WHEN r.body_short IS NULL
                 THEN (SELECT m.body_id FROM demo.municipality AS m
                        WHERE competent_body.territory LIKE m.oktmo_prefix || '%')
                 ELSE (SELECT b.id FROM cuvr.body AS b WHERE b.short_name = r.body_short) END
       FROM demo.theme_route AS r
      WHERE r.theme_code = split_part(competent_body.category_code, '.', 1)),
    cuvr.coordinator_body(71));

-- Where an appeal held by a body is redirected to.
CREATE FUNCTION demo.alternative_body(category_code text)
RETURNS integer
LANGUAGE sql STABLE
RETURN (SELECT b.id FROM demo.theme_route AS r JOIN cuvr.body AS b ON b.short_name = r.alt_short
         WHERE r.theme_code = split_part(alternative_body.category_code, '.', 1));

\echo
\echo '== Органы власти Тульской области =='
SELECT b.id, b.level, b.kind, left(b.name, 60) AS name, p.short_name AS parent
  FROM cuvr.body AS b LEFT JOIN cuvr.body AS p ON p.id = b.parent_id
 WHERE b.region_code = 71
 ORDER BY b.id;
SELECT r.code, r.name, b.short_name AS coordinator
  FROM cuvr.region AS r JOIN cuvr.body AS b ON b.id = cuvr.coordinator_body(r.code)
 WHERE r.code = 71;
