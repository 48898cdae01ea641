-- personal_data_erasure.sql -- cuvr.forget_applicant() (152-ФЗ) and a
-- pattern scan of everything BI can read.
--
-- One applicant with two appeals (answered, rated with a comment, closed),
-- a rejected intake row and an undelivered notice is forgotten by an admin:
--   * the name, contacts, free text, address, point on the map, rating
--     comment, intake row and notice are gone, and no table of cuvr holds
--     any of the person's strings afterwards;
--   * statuses, deadlines, results, scores, history and every KPI and BI
--     row are exactly as before; the other applicant is untouched;
--   * the appeals' history gains one 'forget' event each;
--   * repeating the call does nothing, an unknown or NULL id is a clear
--     error, and only cuvr_admin may call it;
--   * the append-only guard lets nothing else through;
--   * the classifier no longer trains on the erased text.
-- Then every row of every cuvr_bi view is scanned for anything shaped like
-- an e-mail or a phone number and for every applicant name in the database.
-- Rolls back.

BEGIN;
SELECT plan(29);

-- Fixture ---------------------------------------------------------------------
\o /dev/null
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, NULL, 'regional', 'oiv', 'Министерство стирания (тест)') RETURNING id AS body_e \gset

SELECT cuvr.register_appeal('{"source":"t_erase","external_id":"1","region":71,"channel":"email","category":"roads.other","text":"Яма у дома 5 на улице Ленина, звоните 8 (912) 000-11-22","subject":"Яма Петровой","address":"ул. Ленина, 5","lat":54.19,"lon":37.61,"applicant":{"name":"Петрова Зоя Власовна","email":"Zoya.Petrova@Example.ru","phone":"8 (912) 000-11-22","esia_id":"ESIA-777"}}') AS ea1 \gset
SELECT cuvr.register_appeal('{"source":"t_erase","external_id":"2","region":71,"channel":"email","category":"roads.other","text":"Снова яма, пишет Петрова","applicant":{"email":"zoya.petrova@example.ru"}}') AS ea2 \gset
SELECT cuvr.register_appeal('{"source":"t_erase","external_id":"3","region":71,"channel":"hotline","category":"culture.events","text":"Концерт у школы","applicant":{"name":"Громов Лев","email":"lev.gromov@example.ru"}}') AS eb1 \gset
SELECT cuvr.register_appeal('{"source":"t_erase","external_id":"4","region":71,"channel":"hotline","category":"construction.other","text":"Стройка шумит","applicant":{"email":"lev.gromov@example.ru"}}');
SELECT cuvr.assign(:ea1, :body_e);
SELECT cuvr.answer(:ea1, 'Уважаемая Зоя Власовна! Яму заделали.', 'measures_taken') IS NOT NULL AS answered;
SELECT cuvr.rate(:ea1, 4, 'Спасибо, Зоя');
SELECT cuvr.close(:ea1, 'исполнено');
SELECT cuvr.assign(:eb1, :body_e);
SELECT cuvr.answer(:eb1, 'Уважаемый Лев! Ответ.', 'explained') IS NOT NULL AS answered;
SELECT cuvr.rate(:eb1, 5, 'Спасибо, Лев');
-- A rejected intake row of the same person (unknown channel), and one of someone else.
INSERT INTO cuvr.intake (source, external_id, region, channel, text, applicant_email)
VALUES ('t_erase', '9', '71', 'pigeon', 'Ещё про яму', ' ZOYA.PETROVA@example.ru '),
       ('t_erase', '10', '71', 'pigeon', 'Про свалку', 'other@example.ru');

SELECT applicant_id AS person_a FROM cuvr.appeal WHERE id = :ea1 \gset
SELECT applicant_id AS person_b FROM cuvr.appeal WHERE id = :eb1 \gset
SELECT count(*) AS notices_a FROM cuvr.outbox
 WHERE appeal_id IN (:ea1, :ea2) AND recipient_kind = 'applicant' AND delivered_at IS NULL \gset

-- Everything that must not change, taken before.
CREATE TEMP TABLE before_facts AS
SELECT (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr_bi.kpi_daily x) AS kpi_daily,
       (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr_bi.kpi_monthly x) AS kpi_monthly,
       (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr_bi.appeal_facts x) AS appeal_facts,
       (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr.appeal_event x) AS events,
       (SELECT md5(string_agg(format('%s %s %s %s %s %s %s %s', a.id, a.status, a.body_id, a.category_id, a.territory,
                                     a.due_at, a.answered_at, a.closed_at), '|' ORDER BY a.id))
          FROM cuvr.appeal a WHERE a.source = 't_erase') AS appeal_keys,
       (SELECT md5(string_agg(format('%s %s %s %s %s', w.id, w.result, w.answered_at, w.due_at, w.working_days), '|' ORDER BY w.id))
          FROM cuvr.answer w WHERE w.appeal_id IN (:ea1, :ea2, :eb1)) AS answer_facts,
       (SELECT md5(string_agg(format('%s %s %s', r.id, r.score, r.rated_at), '|' ORDER BY r.id))
          FROM cuvr.rating r WHERE r.appeal_id IN (:ea1, :ea2, :eb1)) AS rating_facts,
       (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr.applicant x WHERE x.id = :person_b) AS person_b,
       (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr.appeal x WHERE x.id = :eb1) AS appeal_b;
SELECT documents AS docs_before FROM cuvr.train_classifier() \gset
\o

CREATE ROLE er_admin LOGIN;
GRANT cuvr_admin TO er_admin;
CREATE ROLE er_operator LOGIN;
GRANT cuvr_operator TO er_operator;

-- Who may call it ---------------------------------------------------------------
SET ROLE er_operator;
SELECT throws_ok(format('SELECT cuvr.forget_applicant(%s)', :person_a), '42501', NULL,
                 'an operator may not erase an applicant (42501)');                                   -- 1
RESET ROLE;
SELECT is(has_function_privilege('public', 'cuvr.forget_applicant(bigint)', 'EXECUTE'), false,
          'PUBLIC cannot execute forget_applicant');                                                 -- 2

-- The erasure -------------------------------------------------------------------
SET ROLE er_admin;
SELECT is((SELECT row(f.*)::text FROM cuvr.forget_applicant(:person_a) f),
          format('(2,1,1,1,%s)', :notices_a),
          'forget_applicant reports 2 appeals, 1 answer, 1 rating, 1 intake row and the pending notices'); -- 3
RESET ROLE;

SELECT is((SELECT row(name, email, phone, esia_id)::text FROM cuvr.applicant WHERE id = :person_a), '(,,,)',
          'the applicant''s name, e-mail, phone and ESIA id are gone');                              -- 4
SELECT isnt((SELECT forgotten_at FROM cuvr.applicant WHERE id = :person_a), NULL,
            'the applicant row stays as a tombstone with forgotten_at');                             -- 5
SELECT is((SELECT count(*)::int FROM cuvr.appeal
            WHERE id IN (:ea1, :ea2) AND text = '[удалено: 152-ФЗ]'
              AND subject IS NULL AND address IS NULL AND lat IS NULL AND lon IS NULL), 2,
          'both appeals lose their text, subject, address and point');                               -- 6
SELECT is((SELECT text FROM cuvr.answer WHERE appeal_id = :ea1), '[удалено: 152-ФЗ]',
          'the answer addressed to the person loses its text');                                      -- 7
SELECT is((SELECT comment FROM cuvr.rating WHERE appeal_id = :ea1), NULL,
          'the rating loses its comment');                                                           -- 8
SELECT is((SELECT count(*)::int FROM cuvr.intake WHERE source = 't_erase'), 1,
          'the person''s rejected intake row is gone, the other one stays');                         -- 9
SELECT is((SELECT count(*)::int FROM cuvr.outbox
            WHERE appeal_id IN (:ea1, :ea2) AND recipient_kind = 'applicant' AND delivered_at IS NULL), 0,
          'no undelivered notice to the person is left');                                            -- 10

-- No trace of the person anywhere in cuvr.
SELECT is((SELECT string_agg(c.oid::regclass::text, ', ')
             FROM pg_class c,
                  LATERAL (SELECT query_to_xml(format('SELECT * FROM %s', c.oid::regclass), false, false, '')::text AS x) q
            WHERE c.relnamespace = 'cuvr'::regnamespace AND c.relkind = 'r'
              AND (q.x ILIKE '%Петров%' OR q.x ILIKE '%Зоя%' OR q.x ILIKE '%zoya%' OR q.x ILIKE '%ESIA-777%'
                   OR q.x LIKE '%000-11-22%' OR q.x LIKE '%9120001122%' OR q.x ILIKE '%Ленина%')), NULL,
          'no table of cuvr holds the person''s name, e-mail, phone, ESIA id or address');           -- 11

-- What stays.
SELECT is((SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr_bi.kpi_daily x),
          (SELECT kpi_daily FROM before_facts), 'cuvr_bi.kpi_daily is unchanged');                    -- 12
SELECT is((SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr_bi.kpi_monthly x),
          (SELECT kpi_monthly FROM before_facts), 'cuvr_bi.kpi_monthly is unchanged');                -- 13
SELECT is((SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr_bi.appeal_facts x),
          (SELECT appeal_facts FROM before_facts), 'cuvr_bi.appeal_facts is unchanged');              -- 14
SELECT is((SELECT md5(string_agg(format('%s %s %s %s %s %s %s %s', a.id, a.status, a.body_id, a.category_id, a.territory,
                                        a.due_at, a.answered_at, a.closed_at), '|' ORDER BY a.id))
             FROM cuvr.appeal a WHERE a.source = 't_erase'),
          (SELECT appeal_keys FROM before_facts),
          'statuses, bodies, categories, territories and deadlines of the appeals are unchanged');  -- 15
SELECT is((SELECT md5(string_agg(format('%s %s %s %s %s', w.id, w.result, w.answered_at, w.due_at, w.working_days), '|' ORDER BY w.id))
             FROM cuvr.answer w WHERE w.appeal_id IN (:ea1, :ea2, :eb1)),
          (SELECT answer_facts FROM before_facts), 'answer results, times and deadlines are unchanged'); -- 16
SELECT is((SELECT md5(string_agg(format('%s %s %s', r.id, r.score, r.rated_at), '|' ORDER BY r.id))
             FROM cuvr.rating r WHERE r.appeal_id IN (:ea1, :ea2, :eb1)),
          (SELECT rating_facts FROM before_facts), 'scores are unchanged');                           -- 17
SELECT is((SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr.applicant x WHERE x.id = :person_b)
          || (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr.appeal x WHERE x.id = :eb1),
          (SELECT person_b || appeal_b FROM before_facts), 'the other applicant and appeal are untouched'); -- 18
SELECT is((SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM cuvr.appeal_event x
            WHERE NOT (x.action = 'forget' AND x.appeal_id IN (:ea1, :ea2))),
          (SELECT events FROM before_facts), 'the earlier history is unchanged');                     -- 19
SELECT is((SELECT count(*)::int FROM cuvr.appeal_event
            WHERE action = 'forget' AND appeal_id IN (:ea1, :ea2) AND actor = 'er_admin'), 2,
          'each appeal gains one ''forget'' event naming the admin');                                -- 20

-- Again, and bad ids.
SET client_min_messages = warning;
SET ROLE er_admin;
SELECT is((SELECT row(f.*)::text FROM cuvr.forget_applicant(:person_a) f), '(0,0,0,0,0)',
          'a second call does nothing');                                                             -- 21
SELECT throws_ok('SELECT cuvr.forget_applicant(-1)', 'P0002', 'applicant -1 does not exist',
                 'an unknown applicant is no_data_found');                                           -- 22
SELECT throws_ok('SELECT cuvr.forget_applicant(NULL)', '22004', 'applicant id must not be null',
                 'a NULL id is null_value_not_allowed');                                             -- 23
RESET ROLE;

-- The guard lets only the blanking of free text through, and only during erasure.
SELECT throws_ok(format($$UPDATE cuvr.answer SET text = 'x' WHERE appeal_id = %s$$, :eb1), '42501', NULL,
                 'outside an erasure an answer''s text cannot change, even for the owner');         -- 24
SELECT set_config('cuvr.erasing', 'on', true) \gset
SELECT throws_ok(format($$UPDATE cuvr.answer SET result = 'supported' WHERE appeal_id = %s$$, :eb1), '42501', NULL,
                 'during an erasure the result of an answer still cannot change');                  -- 25
SELECT throws_ok(format($$UPDATE cuvr.rating SET score = 1 WHERE appeal_id = %s$$, :eb1), '42501', NULL,
                 'during an erasure a score still cannot change');                                   -- 26
SELECT throws_ok(format($$DELETE FROM cuvr.answer WHERE appeal_id = %s$$, :eb1), '42501', NULL,
                 'during an erasure answers still cannot be deleted');                               -- 27
SELECT set_config('cuvr.erasing', '', true) \gset

-- The classifier no longer learns from the erased text.
SELECT is((SELECT documents FROM cuvr.train_classifier()), :docs_before - 2,
          'train_classifier skips the two erased appeals');                                          -- 28

-- Whatever BI can read holds nothing shaped like an e-mail or a phone, and
-- no applicant's name.
SELECT is((SELECT string_agg(v.viewname, ', ')
             FROM pg_views v,
                  LATERAL (SELECT query_to_xml(format('SELECT * FROM %I.%I', v.schemaname, v.viewname),
                                               false, false, '')::text AS x) q
            WHERE v.schemaname = 'cuvr_bi'
              AND (q.x ~ '[^@<>[:space:]]+@[^@<>[:space:]]+\.[a-z]{2,}'
                   OR q.x ~ '(^|[^0-9a-f])\+?[78][ (-]*[0-9]{3}[ )-]*[0-9]{3}[ -]*[0-9]{2}[ -]*[0-9]{2}($|[^0-9a-f])'
                   OR EXISTS (SELECT 1 FROM cuvr.applicant p WHERE p.name IS NOT NULL
                                AND strpos(q.x, p.name) > 0))), NULL,
          'no cuvr_bi view shows an e-mail, a phone number or an applicant''s name');               -- 29

SELECT * FROM finish();
ROLLBACK;
