-- hostile_input.sql -- registration, the lifecycle and bulk intake under
-- hostile input.
--
-- Every refused call must raise a specific SQLSTATE (never XX000, never a
-- crash) and leave no partial state: pg_temp.refused() runs the call through
-- throws_ok() and then compares the row counts of cuvr.appeal,
-- appeal_event, answer, rating, outbox, kpi_delta, applicant and intake
-- with those before (sequences aside).  Accepted hostile values must be
-- stored verbatim and never executed.
--
-- Input classes: NULL and empty values; 10 MB texts; control characters
-- (NUL is impossible in text); invalid UTF-8 through COPY; injection
-- strings; far past and future dates; unknown region, body, category;
-- ratings out of range; duplicated and out-of-order calls.
-- hostile_calendar.sql covers terms, calendars, codes and the classifier;
-- hostile_catalogue.sql calls every function of the schema with NULLs.
-- Rolls back.

BEGIN;
SELECT plan(390);

-- Fixture --------------------------------------------------------------------
INSERT INTO cuvr.body (region_code, level, kind, name, coordinator)
VALUES (71, 'regional', 'cur', 'ЦУР (враждебный ввод)', true) RETURNING id AS cur \gset
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, :cur, 'regional', 'oiv', 'Министерство (враждебный ввод)') RETURNING id AS oiv \gset
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
VALUES (71, :cur, 'regional', 'oiv', 'Министерство 2 (враждебный ввод)') RETURNING id AS oiv2 \gset
UPDATE cuvr.setting SET value = 'false' WHERE name = 'notify';

-- 10 MB of text: 5 Mi Cyrillic letters of 2 bytes each.
CREATE TEMP TABLE big AS SELECT repeat('я', 5 * 1024 * 1024) AS t;
-- Injection strings: SQL, dollar quotes, backslashes, format specifiers,
-- JSON-breaking quotes.
CREATE TEMP TABLE evil (n integer, s text);
INSERT INTO evil VALUES
    (1, $e$'; DROP TABLE cuvr.appeal; --$e$),
    (2, $e$$$ || pg_sleep(10) || $$$e$),
    (3, $e$C:\temp\new\\x00 \' \"$e$),
    (4, $e$%s %n %d %x %1$s %%$e$),
    (5, $e$"}, "region": 77, "status": "closed", "x": "$e$),
    (6, $e$Robert'); SELECT cuvr.close(1, 'x'); --$e$);

-- The state a refused call must leave as it was.
CREATE FUNCTION pg_temp.state() RETURNS text LANGUAGE sql AS $$
    SELECT format('appeal %s, event %s, answer %s, rating %s, outbox %s, kpi_delta %s, applicant %s, intake %s',
                  (SELECT count(*) FROM cuvr.appeal), (SELECT count(*) FROM cuvr.appeal_event),
                  (SELECT count(*) FROM cuvr.answer), (SELECT count(*) FROM cuvr.rating),
                  (SELECT count(*) FROM cuvr.outbox), (SELECT count(*) FROM cuvr.kpi_delta),
                  (SELECT count(*) FROM cuvr.applicant), (SELECT count(*) FROM cuvr.intake))
$$;
-- Two tests: the call raises errcode (and message, unless NULL), and
-- nothing was written.
CREATE FUNCTION pg_temp.refused(sql text, errcode text, message text, description text)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    before text := pg_temp.state();
BEGIN
    RETURN NEXT throws_ok(sql, errcode, message, description || ' (' || errcode || ')');
    RETURN NEXT is(pg_temp.state(), before, description || ': nothing written');
END
$$;
-- A payload of the good appeal with one key replaced.
CREATE FUNCTION pg_temp.payload(k text, v jsonb) RETURNS text LANGUAGE sql AS $$
    SELECT format('SELECT cuvr.register_appeal(%L::jsonb)',
                  jsonb_build_object('source', 'hostile', 'external_id', 'p-' || k || '-' || md5(v::text), 'region', 71,
                                     'channel', 'hotline', 'text', 'Яма во дворе') || jsonb_build_object(k, v))
$$;

-- register_appeal: NULL and empty -----------------------------------------------
SELECT * FROM pg_temp.refused('SELECT cuvr.register_appeal(NULL)', '22004',
    'appeal payload must not be null', 'register_appeal(NULL)');
SELECT * FROM pg_temp.refused($$SELECT cuvr.register_appeal('{}')$$, '23502', NULL,
    'register_appeal({}) misses source and external_id');
SELECT * FROM pg_temp.refused($$SELECT cuvr.register_appeal('[]')$$, '22023', NULL,
    'register_appeal([]) is not an object');
SELECT * FROM pg_temp.refused($$SELECT cuvr.register_appeal('null')$$, '22023', NULL,
    'register_appeal(JSON null) is not an object');
SELECT * FROM pg_temp.refused($$SELECT cuvr.register_appeal('""')$$, '22023', NULL,
    'register_appeal(JSON "") is not an object');
SELECT * FROM pg_temp.refused(pg_temp.payload('text', '""'), '23502', NULL,
    'an empty text');
SELECT * FROM pg_temp.refused(pg_temp.payload('text', to_jsonb(E' \t\r\n '::text)), '23502', NULL,
    'a blank text');
SELECT * FROM pg_temp.refused(pg_temp.payload('text', 'null'), '23502', NULL,
    'a JSON null text');
SELECT * FROM pg_temp.refused(pg_temp.payload('text', '{}'), '22023', NULL,
    'a text that is an object');
SELECT * FROM pg_temp.refused(pg_temp.payload('region', '""'), '23502', NULL,
    'an empty region');
SELECT * FROM pg_temp.refused(pg_temp.payload('channel', '""'), '23502', NULL,
    'an empty channel');
SELECT * FROM pg_temp.refused(pg_temp.payload('applicant', '[]'), '22023', NULL,
    'an applicant that is an array');
SELECT lives_ok(pg_temp.payload('applicant', '{}'),
    'an empty applicant object registers an anonymous appeal');
SELECT is((SELECT applicant_id FROM cuvr.appeal WHERE source = 'hostile' AND external_id LIKE 'p-applicant-%'), NULL,
    'the empty applicant object made no applicant');

-- register_appeal: 10 MB texts ------------------------------------------------------
SELECT * FROM pg_temp.refused(
    $$SELECT cuvr.register_appeal(jsonb_build_object('source', 'hostile', 'external_id', 'big', 'region', 71,
        'channel', 'hotline', 'text', (SELECT t FROM big)))$$, '22001', 'payload key "text" is too long',
    'a 10 MB appeal text');
SELECT * FROM pg_temp.refused(
    $$SELECT cuvr.register_appeal(jsonb_build_object('source', (SELECT t FROM big), 'external_id', 'big',
        'region', 71, 'channel', 'hotline', 'text', 'x'))$$, '22001', NULL, 'a 10 MB source');
SELECT * FROM pg_temp.refused(
    $$SELECT cuvr.register_appeal(jsonb_build_object('source', 'hostile', 'external_id', (SELECT t FROM big),
        'region', 71, 'channel', 'hotline', 'text', 'x'))$$, '22001', NULL, 'a 10 MB external_id');
SELECT * FROM pg_temp.refused(
    $$SELECT cuvr.register_appeal(jsonb_build_object('source', 'hostile', 'external_id', 'big', 'region', 71,
        'channel', 'hotline', 'text', 'x', 'subject', (SELECT t FROM big)))$$, '22001', NULL,
    'a 10 MB subject');
SELECT * FROM pg_temp.refused(
    $$SELECT cuvr.register_appeal(jsonb_build_object('source', 'hostile', 'external_id', 'big', 'region', 71,
        'channel', 'hotline', 'text', 'x', 'address', (SELECT t FROM big)))$$, '22001', NULL,
    'a 10 MB address');
SELECT * FROM pg_temp.refused(
    $$SELECT cuvr.register_appeal(jsonb_build_object('source', 'hostile', 'external_id', 'big', 'region', 71,
        'channel', 'hotline', 'text', 'x', 'applicant', jsonb_build_object('name', (SELECT t FROM big))))$$,
    '22001', NULL, 'a 10 MB applicant name');
SELECT * FROM pg_temp.refused(
    $$SELECT cuvr.register_appeal(jsonb_build_object('source', 'hostile', 'external_id', 'big', 'region', 71,
        'channel', 'hotline', 'text', 'x', 'category', (SELECT t FROM big)))$$, '22001', NULL,
    'a 10 MB category code');
SELECT * FROM pg_temp.refused(
    $$SELECT cuvr.register_appeal(jsonb_build_object('source', 'hostile', 'external_id', 'big', 'region', 71,
        'channel', 'hotline', 'text', 'x', (SELECT t FROM big), 1))$$, '22023', NULL,
    'a 10 MB unknown key');

-- register_appeal: NUL is impossible, control characters are kept -----------------
SELECT throws_ok($$SELECT E'a\x00b'$$, '22021', NULL,
    'NUL cannot be written in a text literal (22021)');
SELECT throws_ok($$SELECT chr(0)$$, '54000', NULL,
    'chr(0) cannot make a NUL (54000)');
SELECT throws_ok($$SELECT cuvr.register_appeal('{"source":"hostile","external_id":"nul","region":71,"channel":"hotline","text":"a\u0000b"}')$$,
    '22P05', NULL, 'NUL cannot reach register_appeal through JSON \u0000 (22P05)');
SELECT throws_ok($$SELECT convert_from('\x610062'::bytea, 'UTF8')$$, '22021', NULL,
    'NUL cannot be converted into text either (22021)');
SELECT cuvr.register_appeal(jsonb_build_object('source', 'hostile', 'external_id', 'ctl', 'region', 71,
    'channel', 'hotline', 'text', E'Яма\x01 во\x7f дворе\x1b[31m', 'subject', E'\x02\x03',
    'applicant', jsonb_build_object('name', E'Иван\x08\x08\x08\x08Пётр'))) AS ap_ctl \gset
SELECT is((SELECT text FROM cuvr.appeal WHERE id = :ap_ctl), E'Яма\x01 во\x7f дворе\x1b[31m',
    'control characters in the text are stored verbatim');
SELECT is((SELECT subject FROM cuvr.appeal WHERE id = :ap_ctl), E'\x02\x03',
    'a subject of control characters only is stored verbatim');
SELECT is((SELECT p.name FROM cuvr.applicant AS p JOIN cuvr.appeal AS a ON a.applicant_id = p.id
            AND a.region_code = p.region_code WHERE a.id = :ap_ctl), E'Иван\x08\x08\x08\x08Пётр',
    'backspaces in the applicant name are stored verbatim');

-- register_appeal: injection strings are data -------------------------------------
SELECT is(
    (SELECT count(*)::integer FROM evil AS e
      WHERE cuvr.register_appeal(jsonb_build_object(
                'source', 'hostile-evil', 'external_id', e.s, 'region', 71, 'channel', 'hotline',
                'text', e.s, 'subject', e.s, 'address', e.s, 'applicant', jsonb_build_object('name', e.s)))
            IS NOT NULL),
    6, 'six appeals with injection strings in external_id, text, subject, address and name register');
SELECT is((SELECT count(*)::integer FROM cuvr.appeal AS a JOIN evil AS e ON a.external_id = e.s
            WHERE a.source = 'hostile-evil' AND a.text = e.s AND a.subject = e.s AND a.address = e.s
              AND a.region_code = 71),
    6, 'each injection string is stored verbatim in external_id, text, subject and address; region stays 71');
SELECT is((SELECT count(*)::integer FROM cuvr.appeal AS a JOIN evil AS e ON a.external_id = e.s
             JOIN cuvr.applicant AS p ON p.region_code = a.region_code AND p.id = a.applicant_id
            WHERE a.source = 'hostile-evil' AND p.name = e.s),
    6, 'each injection string is stored verbatim as the applicant name');
SELECT is((SELECT count(*)::integer FROM cuvr.appeal WHERE source = 'hostile-evil' AND status <> 'closed'),
    6, 'the JSON-breaking quotes did not set a status');
SELECT has_table('cuvr', 'appeal', 'cuvr.appeal still exists');
SELECT is((SELECT count(*)::integer FROM cuvr.outbox AS o JOIN cuvr.appeal AS a ON a.id = o.appeal_id
            WHERE a.source = 'hostile-evil' AND o.payload ->> 'region' = '71'
              AND o.payload ->> 'action' = 'register' AND o.recipient_kind = 'source'),
    6, 'the outbox payloads of those appeals are well-formed JSON with region 71');

-- register_appeal: dates far away ----------------------------------------------------
SELECT * FROM pg_temp.refused(pg_temp.payload('received_at', '"0001-01-01"'), '22008', NULL,
    'received_at 0001-01-01');
SELECT * FROM pg_temp.refused(pg_temp.payload('received_at', '"9999-12-31"'), '22008', NULL,
    'received_at 9999-12-31');
SELECT * FROM pg_temp.refused(pg_temp.payload('received_at', '"infinity"'), '22008', NULL,
    'received_at infinity');
SELECT * FROM pg_temp.refused(pg_temp.payload('received_at', '"-infinity"'), '22008', NULL,
    'received_at -infinity');
SELECT * FROM pg_temp.refused(pg_temp.payload('received_at', '"0044-03-15 BC"'), '22008', NULL,
    'received_at in 44 BC');
SELECT * FROM pg_temp.refused(pg_temp.payload('received_at', '"294277-01-01"'), '22007', NULL,
    'received_at beyond the range of timestamptz');
SELECT * FROM pg_temp.refused(pg_temp.payload('received_at', '"2026-02-30"'), '22007', NULL,
    'received_at 30 February');
SELECT * FROM pg_temp.refused(pg_temp.payload('received_at', '"%s %n"'), '22007', NULL,
    'received_at of format specifiers');
SELECT * FROM pg_temp.refused(pg_temp.payload('due_at', '"9999-12-31"'), '22008', NULL,
    'due_at 9999-12-31');
SELECT * FROM pg_temp.refused(pg_temp.payload('due_at', '"infinity"'), '22008', NULL,
    'due_at infinity');
SELECT * FROM pg_temp.refused(pg_temp.payload('due_at', '"0001-01-01 BC"'), '22008', NULL,
    'due_at 1 BC');
SELECT * FROM pg_temp.refused(pg_temp.payload('due_at', '"2001-01-01"'), '22023', NULL,
    'due_at before received_at');

-- register_appeal: unknown region, body, category and malformed values ------------
SELECT * FROM pg_temp.refused(pg_temp.payload('region', '99'), '22023', 'unknown region 99',
    'region 99 does not exist');
SELECT * FROM pg_temp.refused(pg_temp.payload('region', '0'), '22023', NULL, 'region 0');
SELECT * FROM pg_temp.refused(pg_temp.payload('region', '-1'), '22023', NULL, 'region -1');
SELECT * FROM pg_temp.refused(pg_temp.payload('region', '71.5'), '22023', NULL, 'region 71.5');
SELECT * FROM pg_temp.refused(pg_temp.payload('region', '"71; DROP TABLE cuvr.appeal"'), '22001', NULL,
    'region with an injection string is too long for a code');
SELECT * FROM pg_temp.refused(pg_temp.payload('channel', '"pigeon"'), '22023', NULL, 'an unknown channel');
SELECT * FROM pg_temp.refused(pg_temp.payload('kind', '"petition"'), '22023', NULL, 'an unknown kind');
SELECT * FROM pg_temp.refused(pg_temp.payload('category', '"no.such.category"'), '22023', NULL,
    'an unknown category');
SELECT * FROM pg_temp.refused(pg_temp.payload('accused_body', '999999999'), '22023', NULL,
    'an unknown accused body');
SELECT * FROM pg_temp.refused(pg_temp.payload('accused_body', '2147483647'), '22P02', NULL,
    'an accused body of ten digits is no body id');
SELECT * FROM pg_temp.refused(pg_temp.payload('accused_body', '99999999999'), '22P02', NULL,
    'an accused body beyond integer');
SELECT * FROM pg_temp.refused(pg_temp.payload('territory', '"1234567"'), '22P02', NULL,
    'an OKTMO code of 7 digits');
SELECT * FROM pg_temp.refused(pg_temp.payload('tok', '"0005.0005.0005.0005.0005.0005"'), '22P02', NULL,
    'a ТОК code of 6 blocks');
SELECT * FROM pg_temp.refused(pg_temp.payload('lat', '91'), '22003', NULL, 'latitude 91');
SELECT * FROM pg_temp.refused(pg_temp.payload('lat', '1e400'), '22003', 'payload key "lat" is out of range: 1000000000000000...',
    'latitude 1e400 is out of range, not too long');
SELECT * FROM pg_temp.refused(pg_temp.payload('lon', '-1e400'), '22003', NULL, 'longitude -1e400');
SELECT * FROM pg_temp.refused(pg_temp.payload('lat', '1e-400'), '22003', NULL,
    'latitude 1e-400 cannot be a double precision number');
SELECT * FROM pg_temp.refused(pg_temp.payload('lat', '"NaN"'), '22P02', NULL, 'latitude NaN');
SELECT * FROM pg_temp.refused(pg_temp.payload('expedited', '"maybe"'), '22P02', NULL, 'expedited "maybe"');
SELECT * FROM pg_temp.refused(pg_temp.payload('applicant', '{"email": "a@b.c; DROP TABLE x"}'), '22023', NULL,
    'an e-mail with spaces');
SELECT * FROM pg_temp.refused(pg_temp.payload('applicant', '{"phone": "99999999999999999999"}'), '22023', NULL,
    'a phone of 20 digits');
SELECT * FROM pg_temp.refused(pg_temp.payload('applicant', '{"passport": "1234"}'), '22023', NULL,
    'an unknown applicant key');

-- register_appeal: duplicates are idempotent --------------------------------------
SELECT cuvr.register_appeal('{"source":"hostile","external_id":"dup","region":71,"channel":"hotline","text":"Первый текст","applicant":{"email":"dup@example.ru"}}') AS ap_dup \gset
SELECT pg_temp.state() AS s_dup \gset
SELECT is(cuvr.register_appeal('{"source":"hostile","external_id":"dup","region":71,"channel":"hotline","text":"Первый текст","applicant":{"email":"dup@example.ru"}}'),
    :ap_dup::bigint, 'the same (source, external_id) again returns the same id');
SELECT is(cuvr.register_appeal('{"source":"hostile","external_id":"dup","region":77,"channel":"email","text":"Другой текст"}'),
    :ap_dup::bigint, 'the same (source, external_id) with another payload returns the same id');
SELECT is(pg_temp.state(), :'s_dup', 'sending it twice more wrote nothing');
SELECT is((SELECT text || '/' || region_code FROM cuvr.appeal WHERE id = :ap_dup), 'Первый текст/71',
    'the first registration stands');

-- The lifecycle: NULLs, unknown appeals and bodies -------------------------------
SELECT cuvr.register_appeal('{"source":"hostile","external_id":"life","region":71,"channel":"hotline","text":"Яма на дороге"}') AS ap \gset
SELECT is((SELECT status FROM cuvr.appeal WHERE id = :ap), 'triage', 'the lifecycle appeal waits in triage');
SELECT r FROM unnest(ARRAY[format('assign(NULL, %s)', :oiv), format('redirect(NULL, %s, %L)', :oiv, 'r'),
                           'take(NULL)', 'extend(NULL, ''r'')', 'answer(NULL, ''x'', ''explained'')',
                           'rate(NULL, 5)', 'reclassify(NULL, ''housing.other'')', 'close(NULL, ''r'')',
                           'reject(NULL, ''r'')']) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, '22004', 'appeal id must not be null',
                             'cuvr.' || c || ' with a NULL appeal') AS r;
SELECT r FROM unnest(ARRAY[-1, 0, 99000000000000001, 9223372036854775807, -9223372036854775808]) AS id,
     LATERAL pg_temp.refused(format('SELECT cuvr.assign(%s, %s)', id, :oiv), 'P0002', NULL,
                             format('cuvr.assign of appeal %s that does not exist', id)) AS r;
SELECT r FROM unnest(ARRAY[format('take(%s)', 99000000000000001::bigint), 'rate(-1, 3)',
                           'close(9223372036854775807, ''r'')']) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, 'P0002', NULL, 'cuvr.' || c || ' of an appeal that does not exist') AS r;
SELECT * FROM pg_temp.refused(format('SELECT cuvr.assign(%s, NULL)', :ap), '22004', 'body must not be null',
    'cuvr.assign to a NULL body');
SELECT r FROM unnest(ARRAY[-1, 2147483647]) AS b,
     LATERAL pg_temp.refused(format('SELECT cuvr.assign(%s, %s)', :ap, b), '22023', NULL,
                             format('cuvr.assign to body %s that does not exist', b)) AS r;
SELECT r FROM unnest(ARRAY[NULL, '', '   ']) AS c,
     LATERAL pg_temp.refused(format('SELECT cuvr.reclassify(%s, %L)', :ap, c), '22004',
                             'reclassification needs a category', format('cuvr.reclassify to %L', c)) AS r;
SELECT * FROM pg_temp.refused(format('SELECT cuvr.reclassify(%s, (SELECT t FROM big))', :ap), '22023', NULL,
    'cuvr.reclassify to a 10 MB category');
SELECT * FROM pg_temp.refused(format('SELECT cuvr.reclassify(%s, %L)', :ap, (SELECT s FROM evil WHERE n = 1)),
    '22023', NULL, 'cuvr.reclassify to an injection string');

-- Out of order: before assignment ------------------------------------------------
SELECT r FROM unnest(ARRAY[format('answer(%s, ''x'', ''explained'')', :ap), format('rate(%s, 5)', :ap),
                           format('take(%s)', :ap), format('extend(%s, ''r'')', :ap),
                           format('redirect(%s, %s, ''r'')', :ap, :oiv)]) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, '55000', NULL, 'cuvr.' || c || ' in triage') AS r;

SELECT lives_ok(format('SELECT cuvr.assign(%s, %s)', :ap, :oiv), 'the appeal is assigned');
SELECT pg_temp.state() AS s_assigned \gset
SELECT lives_ok(format('SELECT cuvr.assign(%s, %s)', :ap, :oiv), 'assigning it again to the same body');
SELECT is(pg_temp.state(), :'s_assigned', 'the second assign wrote nothing');
SELECT * FROM pg_temp.refused(format('SELECT cuvr.assign(%s, %s)', :ap, :oiv2), '55000', NULL,
    'assigning an assigned appeal to another body');
SELECT lives_ok(format('SELECT cuvr.take(%s)', :ap), 'the appeal is taken');
SELECT pg_temp.state() AS s_taken \gset
SELECT lives_ok(format('SELECT cuvr.take(%s)', :ap), 'taking it twice');
SELECT is(pg_temp.state(), :'s_taken', 'the second take wrote nothing');

-- Reasons: NULL, empty, 10 MB ----------------------------------------------------
SELECT r FROM unnest(ARRAY[format('extend(%s, NULL)', :ap), format('extend(%s, %L)', :ap, E' \t '),
                           format('redirect(%s, %s, %L)', :ap, :oiv2, ''), format('close(%s, NULL)', :ap),
                           format('reject(%s, %L)', :ap, '   ')]) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, '22004', NULL, 'cuvr.' || c || ' without a reason') AS r;
SELECT r FROM unnest(ARRAY[format('extend(%s, (SELECT t FROM big))', :ap),
                           format('redirect(%s, %s, (SELECT t FROM big))', :ap, :oiv2),
                           format('close(%s, (SELECT t FROM big))', :ap),
                           format('reject(%s, (SELECT t FROM big))', :ap)]) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, '22001', NULL, 'cuvr.' || left(c, 35) || '... with a 10 MB reason') AS r;

-- Extension: once, with an injection string as its reason -------------------------
SELECT lives_ok(format('SELECT cuvr.extend(%s, %L)', :ap, (SELECT s FROM evil WHERE n = 2)),
    'extending with a dollar-quote injection as the reason');
SELECT is((SELECT note FROM cuvr.appeal_event WHERE appeal_id = :ap AND action = 'extend'),
    (SELECT s FROM evil WHERE n = 2), 'the reason is journalled verbatim');
SELECT * FROM pg_temp.refused(format('SELECT cuvr.extend(%s, %L)', :ap, 'again'), '55000', NULL,
    'a second extension');

-- Answers: NULL, empty, 10 MB, bad result, dates, template ------------------------
SELECT r FROM unnest(ARRAY[format('answer(%s, NULL, ''explained'')', :ap), format('answer(%s, '''', ''explained'')', :ap),
                           format('answer(%s, E'' \t\n'', ''explained'')', :ap)]) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, '22004', 'answer text must not be empty',
                             'cuvr.' || c || ': no answer text') AS r;
SELECT * FROM pg_temp.refused(format('SELECT cuvr.answer(%s, (SELECT t FROM big), ''explained'')', :ap), '22001',
    'answer text is too long', 'a 10 MB answer');
SELECT r FROM unnest(ARRAY[NULL, '', ' ']) AS v,
     LATERAL pg_temp.refused(format('SELECT cuvr.answer(%s, ''Ответ'', %L)', :ap, v), '22004', 'answer needs a result',
                             format('an answer with result %L', v)) AS r;
SELECT r FROM unnest(ARRAY['bogus', 'SUPPORTED', (SELECT s FROM evil WHERE n = 1)]) AS v,
     LATERAL pg_temp.refused(format('SELECT cuvr.answer(%s, ''Ответ'', %L)', :ap, v), '22023', NULL,
                             format('an answer with result %L', v)) AS r;
SELECT r FROM unnest(ARRAY['NULL', '''infinity''', '''-infinity''', '''0001-01-01''', '''0044-03-15 BC''',
                           '''9999-12-31''', 'now() + interval ''1 day''', '''2000-01-01''']) AS v,
     LATERAL pg_temp.refused(format('SELECT cuvr.answer(%s, ''Ответ'', ''explained'', %s)', :ap, v), '22008', NULL,
                             'an answer given at ' || v) AS r;
SELECT r FROM unnest(ARRAY['', 'nope', (SELECT s FROM evil WHERE n = 1)]) AS v,
     LATERAL pg_temp.refused(format('SELECT cuvr.answer(%s, ''Ответ'', ''explained'', now(), %L)', :ap, v), '22023', NULL,
                             format('an answer from template %L', v)) AS r;

-- An answer of injection strings and control characters is stored verbatim.
SELECT lives_ok(format('SELECT cuvr.answer(%s, %L, ''measures_taken'')', :ap,
                       (SELECT string_agg(s, E'\n' ORDER BY n) FROM evil) || E'\x01\x7f'),
    'an answer made of all injection strings and control characters');
SELECT is((SELECT text FROM cuvr.answer WHERE appeal_id = :ap),
    (SELECT string_agg(s, E'\n' ORDER BY n) FROM evil) || E'\x01\x7f', 'the answer is stored verbatim');
SELECT r FROM unnest(ARRAY[format('answer(%s, ''x'', ''explained'')', :ap), format('take(%s)', :ap),
                           format('extend(%s, ''r'')', :ap), format('assign(%s, %s)', :ap, :oiv2)]) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, '55000', NULL, 'cuvr.' || c || ' after the answer') AS r;

-- Ratings: out of range, NULL, 10 MB comment, dates; then twice -----------------
SELECT r FROM unnest(ARRAY['0', '6', '-1', 'NULL', '2147483647', '-2147483648']) AS v,
     LATERAL pg_temp.refused(format('SELECT cuvr.rate(%s, %s)', :ap, v), '22003', NULL, 'a rating of ' || v) AS r;
SELECT * FROM pg_temp.refused(format('SELECT cuvr.rate(%s, 5, (SELECT t FROM big))', :ap), '22001', NULL,
    'a rating with a 10 MB comment');
SELECT r FROM unnest(ARRAY['NULL', '''infinity''', '''-infinity''', '''0001-01-01''', '''9999-12-31''']) AS v,
     LATERAL pg_temp.refused(format('SELECT cuvr.rate(%s, 5, NULL, %s)', :ap, v), '22008', NULL,
                             'a rating given at ' || v) AS r;
SELECT lives_ok(format('SELECT cuvr.rate(%s, 4, %L)', :ap, (SELECT s FROM evil WHERE n = 4)),
    'a rating whose comment is format specifiers');
SELECT is((SELECT comment FROM cuvr.rating WHERE appeal_id = :ap), (SELECT s FROM evil WHERE n = 4),
    'the comment is stored verbatim');
SELECT * FROM pg_temp.refused(format('SELECT cuvr.rate(%s, 5)', :ap), '23505', NULL, 'rating the answer twice');

-- Closing: twice, then everything else ---------------------------------------------
SELECT lives_ok(format('SELECT cuvr.close(%s, %L)', :ap, (SELECT s FROM evil WHERE n = 6)), 'closing the appeal');
SELECT pg_temp.state() AS s_closed \gset
SELECT lives_ok(format('SELECT cuvr.close(%s, ''again'')', :ap), 'closing it twice');
SELECT is(pg_temp.state(), :'s_closed', 'the second close wrote nothing');
SELECT is((SELECT note FROM cuvr.appeal_event WHERE appeal_id = :ap AND action = 'close'),
    (SELECT s FROM evil WHERE n = 6), 'the reason with an embedded call is journalled verbatim, not run');
SELECT r FROM unnest(ARRAY[format('assign(%s, %s)', :ap, :oiv2), format('redirect(%s, %s, ''r'')', :ap, :oiv2),
                           format('take(%s)', :ap), format('extend(%s, ''r'')', :ap),
                           format('answer(%s, ''x'', ''explained'')', :ap), format('reject(%s, ''r'')', :ap),
                           format('reclassify(%s, ''housing.other'')', :ap)]) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, '55000', NULL, 'cuvr.' || c || ' after closing') AS r;

-- A rejected appeal stays rejected.
SELECT cuvr.register_appeal('{"source":"hostile","external_id":"rej","region":71,"channel":"hotline","text":"Ерунда"}') AS ap_rej \gset
SELECT lives_ok(format('SELECT cuvr.reject(%s, ''нет текста'')', :ap_rej), 'rejecting an appeal in triage');
SELECT pg_temp.state() AS s_rejected \gset
SELECT lives_ok(format('SELECT cuvr.reject(%s, ''again'')', :ap_rej), 'rejecting it twice');
SELECT is(pg_temp.state(), :'s_rejected', 'the second reject wrote nothing');
SELECT r FROM unnest(ARRAY[format('close(%s, ''r'')', :ap_rej), format('assign(%s, %s)', :ap_rej, :oiv),
                           format('rate(%s, 1)', :ap_rej)]) AS c,
     LATERAL pg_temp.refused('SELECT cuvr.' || c, '55000', NULL, 'cuvr.' || c || ' after rejection') AS r;

-- Other API functions: NULL, empty, unknown, injection -----------------------------
SELECT * FROM pg_temp.refused('SELECT cuvr.render_template(NULL, 1)', '22004', NULL, 'render_template of a NULL template');
SELECT * FROM pg_temp.refused('SELECT cuvr.render_template(''registered'', NULL)', '22004', 'appeal id must not be null',
    'render_template for a NULL appeal');
SELECT * FROM pg_temp.refused(format('SELECT cuvr.render_template('''', %s)', :ap), '22023', NULL,
    'render_template of an empty template code');
SELECT * FROM pg_temp.refused(format('SELECT cuvr.render_template((SELECT t FROM big), %s)', :ap), '22023', NULL,
    'render_template of a 10 MB template code');
SELECT * FROM pg_temp.refused('SELECT cuvr.render_template(''registered'', -1)', 'P0002', NULL,
    'render_template for an appeal that does not exist');
SELECT * FROM pg_temp.refused(format('SELECT cuvr.grant_body(NULL, %s)', :oiv), '22004', 'role must not be null',
    'grant_body to a NULL role');
SELECT * FROM pg_temp.refused('SELECT cuvr.grant_body(''postgres'', NULL)', '22004', 'body must not be null',
    'grant_body of a NULL body');
SELECT r FROM unnest(ARRAY['', 'no_such_role', (SELECT s FROM evil WHERE n = 1)]) AS v,
     LATERAL pg_temp.refused(format('SELECT cuvr.grant_body(%L, %s)', v, :oiv), '42704', NULL,
                             format('grant_body to role %L', v)) AS r;
SELECT * FROM pg_temp.refused('SELECT cuvr.grant_body(''postgres'', -1)', '22023', NULL, 'grant_body of an unknown body');
SELECT is(cuvr.revoke_body(NULL, NULL), false, 'revoke_body(NULL, NULL) revokes nothing');
SELECT is(cuvr.revoke_body((SELECT s FROM evil WHERE n = 1), -1), false, 'revoke_body of an injection string revokes nothing');
SELECT r FROM unnest(ARRAY['NULL', '0', '-1', '10001', '2147483647']) AS v,
     LATERAL pg_temp.refused(format('SELECT count(*) FROM cuvr.outbox_fetch(%s)', v), '22003', NULL,
                             'outbox_fetch of a batch of ' || v) AS r;
SELECT is(cuvr.outbox_ack(NULL), 0, 'outbox_ack(NULL) confirms nothing');
SELECT is(cuvr.outbox_ack('{}'), 0, 'outbox_ack of an empty array confirms nothing');
SELECT is(cuvr.outbox_ack('{NULL,-1,9223372036854775807}'), 0, 'outbox_ack of NULL and unknown ids confirms nothing');
SELECT is(cuvr.intake_payload(NULL), '{}'::jsonb, 'intake_payload(NULL) is the empty payload');
SELECT is(cuvr.appeal_region(NULL), NULL, 'appeal_region(NULL) is NULL');
SELECT is(cuvr.appeal_region(-1), 0::smallint, 'appeal_region of a negative id is its integer quotient, 0');
SELECT is(cuvr.appeal_region(9223372036854775807), 9223::smallint, 'appeal_region of the largest bigint fits smallint');
SELECT is(cuvr.acting_bodies(NULL), NULL, 'acting_bodies(NULL) is NULL');
SELECT is(cuvr.acting_bodies((SELECT s FROM evil WHERE n = 1)), '{}'::integer[], 'acting_bodies of an unknown role is empty');
SELECT is(cuvr.coordinator_body(99), NULL, 'region 99 has no coordinating body');
SELECT is(cuvr.coordinator_body(-32768), NULL, 'region -32768 has no coordinating body');
SELECT r FROM unnest(ARRAY['', 'no_such_setting', (SELECT s FROM evil WHERE n = 1)]) AS v,
     LATERAL pg_temp.refused(format('SELECT cuvr.setting_value(%L)', v), '42704', NULL, format('setting_value(%L)', v)) AS r;
SELECT * FROM pg_temp.refused('SELECT cuvr.setting_value((SELECT t FROM big))', '42704', NULL, 'setting_value of a 10 MB name');

-- Bulk intake: invalid UTF-8 refuses the whole COPY --------------------------------
SELECT pg_temp.state() AS s_copy \gset
SELECT throws_ok($c$COPY cuvr.intake (source, external_id, region, channel, text)
                    FROM PROGRAM 'printf "hostile-copy\\t1\\t71\\thotline\\tgood row\\nhostile-copy\\t2\\t71\\thotline\\tbad \\377 byte\\n"'$c$,
    '22021', NULL, 'COPY with an invalid UTF-8 byte fails with 22021');
SELECT is(pg_temp.state(), :'s_copy', 'the failed COPY left no appeal and no intake row, not even of its good row');
-- The same through COPY FROM STDIN (psql's \copy): psql prints the error.
\echo '# the ERROR below (invalid byte sequence for encoding "UTF8": 0xff) is expected'
SAVEPOINT copy_stdin;
\set ON_ERROR_STOP 0
\copy cuvr.intake (source, external_id, region, channel, text) FROM PROGRAM 'printf "hostile-copy\\t3\\t71\\thotline\\tgood row\\nhostile-copy\\t4\\t71\\thotline\\tbad \\377 byte\\n"'
\set ON_ERROR_STOP 1
ROLLBACK TO SAVEPOINT copy_stdin;
SELECT is(pg_temp.state(), :'s_copy', 'COPY FROM STDIN with an invalid byte left nothing either');
SELECT is((SELECT count(*)::integer FROM cuvr.appeal WHERE source = 'hostile-copy'), 0,
    'no appeal of source hostile-copy exists');

-- Control characters through COPY: registered, or kept with their error.
COPY cuvr.intake (source, external_id, region, channel, text) FROM STDIN;
hostile-copy	ctl-1	71	hotline	Яма \001 и \177 и \033[0m
hostile-copy	ctl-2	7\0011	hotline	Регион с управляющим символом
hostile-copy	ctl-3	71	hotline	\001
\.
SELECT is((SELECT text FROM cuvr.appeal WHERE source = 'hostile-copy' AND external_id = 'ctl-1'),
    E'Яма \x01 и \x7f и \x1b[0m', 'a COPY row with control characters in its text is registered verbatim');
SELECT is((SELECT text FROM cuvr.appeal WHERE source = 'hostile-copy' AND external_id = 'ctl-3'),
    E'\x01', 'a COPY row whose text is one control character is registered');
SELECT results_eq($$SELECT region, error_sqlstate FROM cuvr.intake WHERE source = 'hostile-copy'$$,
    $$VALUES (E'7\x011', '22023')$$, 'a COPY row with a control character in its region is kept with 22023');
SELECT is((SELECT count(*)::integer FROM cuvr.appeal WHERE source = 'hostile-copy' AND external_id = 'ctl-2'), 0,
    'the kept row made no appeal');
SELECT pg_temp.state() AS s_kept \gset
SELECT is(cuvr.intake_retry(), 0, 'intake_retry registers none of the kept rows');
SELECT is(pg_temp.state(), :'s_kept', 'intake_retry changed no counts');
SELECT is((SELECT error_sqlstate FROM cuvr.intake WHERE source = 'hostile-copy'), '22023',
    'the kept row keeps its error after the retry');

-- Injection strings through COPY are data too.
COPY cuvr.intake (source, external_id, region, channel, text) FROM STDIN (FORMAT csv);
hostile-copy,inj-1,71,hotline,"'; DROP TABLE cuvr.appeal; --"
hostile-copy,inj-2,71,hotline,"$$ \N %s %n ""}"
\.
SELECT results_eq($$SELECT text FROM cuvr.appeal WHERE source = 'hostile-copy' AND external_id LIKE 'inj-%' ORDER BY external_id$$,
    $q$VALUES ('''; DROP TABLE cuvr.appeal; --'), ('$$ \N %s %n "}')$q$,
    'COPY rows with injection strings are registered verbatim');

SELECT * FROM finish();
ROLLBACK;
