-- routing.sql -- routing rules: the most specific rule wins (category >
-- theme > any; deeper OKTMO territory; named channel; priority), OKTMO
-- containment, ties refused, a complaint never goes to the body it is about
-- (59-ФЗ ст. 8 ч. 6), uncertain or unrouted appeals wait in triage at the
-- region's ЦУР, explain_route says why.  Rolls back.
BEGIN;
-- The code types' operators live in schema cuvr.
SET LOCAL search_path = public, cuvr;
SELECT plan(31);

-- Tula (71): ЦУР, a ministry of roads with a subordinate agency, the city of
-- Tula (OKTMO 70701000) and Novomoskovsk (70724000).
INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name, coordinator) VALUES
    (7100, 71, NULL, 'regional', 'cur', 'ЦУР Тульской области', true),
    (7101, 71, 7100, 'regional', 'oiv', 'Министерство транспорта и дорожного хозяйства', false),
    (7102, 71, 7101, 'institution', 'institution', 'ГУ «Тулаавтодор»', false),
    (7103, 71, 7100, 'municipal', 'omsu', 'Администрация г. Тулы', false),
    (7104, 71, 7100, 'municipal', 'omsu', 'Администрация г. Новомосковска', false),
    (7105, 71, 7100, 'regional', 'oiv', 'Министерство ЖКХ', false);
-- Rules: any road problem -> ministry; a road category in Tula -> city;
-- potholes anywhere -> agency; social-network road posts -> ministry with priority.
INSERT INTO cuvr.routing_rule (region_code, theme_id, body_id, note)
SELECT 71, id, 7101, 'дороги: министерство' FROM cuvr.theme WHERE code = 'roads';
INSERT INTO cuvr.routing_rule (region_code, theme_id, territory, body_id, note)
SELECT 71, id, '70701000', 7103, 'дороги в Туле: город' FROM cuvr.theme WHERE code = 'roads';
INSERT INTO cuvr.routing_rule (region_code, category_id, body_id, note)
SELECT 71, c.id, 7102, 'конкретная категория: учреждение' FROM cuvr.category c WHERE c.code = 'roads.other';
INSERT INTO cuvr.routing_rule (region_code, territory, body_id, note) VALUES (71, '70724000', 7104, 'всё в Новомосковске');
INSERT INTO cuvr.routing_rule (region_code, theme_id, territory, channel, body_id, priority, note)
SELECT 71, id, '70701000', 'social_network', 7101, 5, 'соцсети по дорогам Тулы: министерство' FROM cuvr.theme WHERE code = 'roads';

-- Precedence
SELECT is(cuvr.route(71::smallint, (SELECT id FROM cuvr.category WHERE code = 'roads.other'), '70724000', 'email'),
          7102, 'a category rule beats a territory-only rule and theme rules');
SELECT is(cuvr.route(71::smallint, (SELECT c.id FROM cuvr.category c JOIN cuvr.theme t ON t.id = c.theme_id
                                    WHERE t.code = 'roads' AND c.code <> 'roads.other' ORDER BY c.id LIMIT 1),
                     '70701000', 'email'),
          7103, 'for another road category in Tula the deeper territory wins over the region-wide theme rule');
SELECT is(cuvr.route(71::smallint, (SELECT c.id FROM cuvr.category c JOIN cuvr.theme t ON t.id = c.theme_id
                                    WHERE t.code = 'roads' AND c.code <> 'roads.other' ORDER BY c.id LIMIT 1),
                     '70701000001', 'social_network'),
          7101, 'a named channel beats any channel at the same subject and territory depth');
SELECT is(cuvr.route(71::smallint, (SELECT c.id FROM cuvr.category c JOIN cuvr.theme t ON t.id = c.theme_id
                                    WHERE t.code = 'roads' AND c.code <> 'roads.other' ORDER BY c.id LIMIT 1),
                     '70742000', 'email'),
          7101, 'outside Tula the region-wide theme rule applies');
SELECT is(cuvr.route(71::smallint, (SELECT id FROM cuvr.category WHERE code = 'housing.other'), '70724000', 'email'),
          7104, 'a subject-less territory rule catches other themes in Novomoskovsk');
SELECT is(cuvr.route(71::smallint, (SELECT id FROM cuvr.category WHERE code = 'housing.other'), '70701000', 'email'),
          NULL::integer, 'no rule for housing in Tula: no body');
SELECT is(cuvr.route(71::smallint, NULL, NULL, 'email'), NULL::integer, 'an unclassified appeal matches only subject-less rules');

-- The C fast path agrees with matching_rules(), which explain_route shows.
SELECT is((SELECT count(*)::int FROM cuvr.category c CROSS JOIN unnest(ARRAY[NULL, '70701000', '70701000001', '70724000', '70742000']::cuvr.oktmo[]) t
                                CROSS JOIN unnest(ARRAY['email', 'social_network']) ch
            WHERE (c.code LIKE 'roads.%' OR c.code LIKE 'housing.%')
              AND cuvr.route(71::smallint, c.id, t, ch) IS DISTINCT FROM
                  (SELECT m.body_id FROM cuvr.matching_rules(71::smallint, c.id, t, ch) m LIMIT 1)), 0,
          'route() and the first of matching_rules() agree for every category, territory and channel tried');

-- OKTMO containment
SELECT ok('70701000'::cuvr.oktmo OPERATOR(cuvr.@>) '70701000001'::cuvr.oktmo, 'a municipality contains its localities');
SELECT ok('70000000'::cuvr.oktmo OPERATOR(cuvr.@>) '70701000'::cuvr.oktmo, 'a region contains its municipalities');
SELECT ok(NOT ('70701000'::cuvr.oktmo OPERATOR(cuvr.@>) '70724000'::cuvr.oktmo), 'neighbours do not contain each other');
SELECT ok('70701000001'::cuvr.oktmo OPERATOR(cuvr.<@) '70701000'::cuvr.oktmo, '<@ is the converse of @>');
SELECT is(cuvr.oktmo_region('70701000'), 71::smallint, 'OKTMO 70... is Tula (71)');

-- Ties are refused; a rule's territory must lie in its region
SELECT throws_ok($$INSERT INTO cuvr.routing_rule (region_code, territory, body_id) VALUES (71, '70724000', 7105)$$,
                 '23505', 'routing rule would tie with rule ' ||
                 (SELECT id FROM cuvr.routing_rule WHERE territory = '70724000' AND category_id IS NULL AND theme_id IS NULL)::text,
                 'a rule of the same scope and priority is refused with a clear error');
SELECT lives_ok($$INSERT INTO cuvr.routing_rule (region_code, territory, body_id, priority) VALUES (71, '70724000', 7105, 1)$$,
                'the same scope with another priority is allowed, and the higher priority wins');
SELECT is(cuvr.route(71::smallint, (SELECT id FROM cuvr.category WHERE code = 'housing.other'), '70724000', 'email'),
          7105, 'priority decides between equally specific rules');
SELECT throws_ok($$INSERT INTO cuvr.routing_rule (region_code, territory, body_id) VALUES (71, '45000000', 7105)$$,
                 '22023', NULL, 'a territory outside the region is refused');
SELECT throws_ok($$INSERT INTO cuvr.routing_rule (region_code, category_id, theme_id, body_id) VALUES (71, 1, 1, 7105)$$,
                 '23514', NULL, 'a rule names a category or a theme, not both');
-- Found by sqlsmith: without a region the error was "territory 70724000 is
-- not in region <NULL>".
SELECT throws_ok($$INSERT INTO cuvr.routing_rule (region_code, territory, body_id) VALUES (NULL, '70724000', 7105)$$,
                 '23502', 'null value in column "region_code" of relation "routing_rule" violates not-null constraint',
                 'a rule with a territory and no region: the NOT NULL constraint names the column');

-- Never to the body complained about
SELECT is(cuvr.route(71::smallint, (SELECT id FROM cuvr.category WHERE code = 'roads.other'), '70724000', 'email', 7102),
          7101, 'a complaint about the agency goes to its parent ministry');
SELECT is(cuvr.route(71::smallint, (SELECT c.id FROM cuvr.category c JOIN cuvr.theme t ON t.id = c.theme_id
                                    WHERE t.code = 'roads' AND c.code <> 'roads.other' ORDER BY c.id LIMIT 1),
                     '70742000', 'email', 7101),
          7100, 'a complaint about the ministry goes to its parent, the ЦУР');
SELECT cuvr.register_appeal(jsonb_build_object('source', 'route', 'external_id', '1', 'region', 71, 'channel', 'email',
       'kind', 'complaint', 'text', 'Жалоба на Тулаавтодор', 'category', 'roads.other', 'territory', '70724000',
       'accused_body', 7102)) AS accused \gset
SELECT results_eq(format('SELECT status, body_id FROM cuvr.appeal WHERE id = %s', :accused),
                  $$VALUES ('assigned'::text, 7101)$$, 'registration routes the complaint to the accused body''s parent');
SELECT throws_ok(format('SELECT cuvr.redirect(%s, 7102, %L)', :accused, 'по компетенции'), '55000', NULL,
                 'a redirect to the accused body is refused');
SELECT ok((SELECT bool_or(reason LIKE '%59-ФЗ ст. 8 ч. 6%') FROM cuvr.explain_route(:accused)),
          'explain_route names the rule of 59-ФЗ ст. 8 ч. 6');

-- Registration: routed when certain; triage at the ЦУР when not routed
SELECT cuvr.register_appeal(jsonb_build_object('source', 'route', 'external_id', '2', 'region', 71, 'channel', 'email',
       'text', 'Яма', 'category', 'roads.other', 'territory', '70701000')) AS routed \gset
SELECT results_eq(format('SELECT status, body_id FROM cuvr.appeal WHERE id = %s', :routed),
                  $$VALUES ('assigned'::text, 7102)$$, 'a classified appeal is assigned by the most specific rule');
SELECT cuvr.register_appeal(jsonb_build_object('source', 'route', 'external_id', '3', 'region', 71, 'channel', 'email',
       'text', 'Течёт крыша', 'category', 'housing.other', 'territory', '70701000')) AS unrouted \gset
SELECT results_eq(format('SELECT status, body_id FROM cuvr.appeal WHERE id = %s', :unrouted),
                  $$VALUES ('triage'::text, 7100)$$, 'no matching rule: triage at the coordinating ЦУР');
SELECT ok((SELECT bool_or(reason LIKE 'no rule matches%') FROM cuvr.explain_route(:unrouted)),
          'explain_route says no rule matched');
SELECT results_eq(format('SELECT rule_id IS NOT NULL, chosen FROM cuvr.explain_route(%s) ORDER BY step', :routed),
                  $$VALUES (true, true), (true, false), (true, false), (false, true)$$,
                  'explain_route lists the matching rules, most specific first, then the decision');
-- An uncertain classification waits in triage even when a rule would match.
INSERT INTO cuvr.keyword_rule (category_id, keyword, confidence)
SELECT id, 'асфальт', 0.5 FROM cuvr.category WHERE code = 'roads.other';
SELECT cuvr.register_appeal(jsonb_build_object('source', 'route', 'external_id', '4', 'region', 71, 'channel', 'email',
       'text', 'Положили асфальт криво', 'territory', '70701000')) AS unsure \gset
SELECT results_eq(format('SELECT status, body_id, classified_by, category_confidence FROM cuvr.appeal WHERE id = %s', :unsure),
                  $$VALUES ('triage'::text, 7100, 'keyword'::text, 0.5::double precision)$$,
                  'a category below triage_confidence waits in triage at the ЦУР');
-- A person's confirmation routes it and becomes a training label.
SELECT lives_ok(format('SELECT cuvr.reclassify(%s, %L)', :unsure, 'roads.other'), 'the operator confirms the category');
SELECT results_eq(format('SELECT status, body_id, classified_by, category_confirmed FROM cuvr.appeal WHERE id = %s', :unsure),
                  $$VALUES ('assigned'::text, 7102, 'person'::text, true)$$,
                  'the confirmed appeal is routed and marked as a training label');

SELECT * FROM finish();
ROLLBACK;
