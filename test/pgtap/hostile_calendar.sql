-- hostile_calendar.sql -- terms, deadlines, calendars, codes, the classifier,
-- routing and the reports under hostile input.
--
-- The type I/O of cuvr.term, cuvr.tok_code and cuvr.oktmo (text and
-- binary), the deadline functions with dates far in the past and the future,
-- negative and huge terms, unknown regions, and the classifier with empty,
-- control-character, injection and 10 MB texts.  Every refused call raises
-- a specific SQLSTATE (never XX000); see hostile_input.sql for registration
-- and the lifecycle.  Rolls back.

BEGIN;
SELECT plan(228);

CREATE TEMP TABLE big AS SELECT repeat('я', 5 * 1024 * 1024) AS t;

-- One test per input: the cast or call raises errcode.
CREATE FUNCTION pg_temp.refused_each(template text, inputs text[], errcode text, what text)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    v text;
BEGIN
    FOREACH v IN ARRAY inputs LOOP
        RETURN NEXT throws_ok(format(template, v), errcode, NULL,
                              format('%s %s (%s)', what, left(v, 40), errcode));
    END LOOP;
END
$$;

-- cuvr.term: text input -----------------------------------------------------------
SELECT pg_temp.refused_each('SELECT %L::cuvr.term',
    ARRAY['-5 working days', '-5 wd', '-1 cd', '0 wd', '2147483648 days', '2147483648 cd',
          '99999999999999999999999 cd', '3661 cd', '3661 wd', '87841 h', '87841 wh', '-2147483648 h'],
    '22003', 'term');
SELECT pg_temp.refused_each('SELECT %L::cuvr.term',
    ARRAY['', '   ', E'5 cd\x01', E'\x7f', E'5\x01cd', '5', 'cd', '5 cd 5 cd', '5.5 cd', '1e3 cd', '0x10 cd',
          '5 fortnights', '''; DROP TABLE cuvr.appeal; --', '5 cd; DROP TABLE cuvr.appeal', '%s %n', '$$',
          E'5 cd\\', '"5 cd"'],
    '22P02', 'term');
SELECT throws_ok('SELECT (SELECT t FROM big)::cuvr.term', '22P02', NULL, 'a 10 MB term (22P02)');
SELECT throws_ok($$SELECT (repeat('9', 5 * 1024 * 1024) || ' cd')::cuvr.term$$, '22003', NULL,
    'a term of 5 Mi digits (22003)');
SELECT is('3660 cd'::cuvr.term::text, '3660 cd', 'the longest day term is accepted');
SELECT is('87840 h'::cuvr.term::text, '87840 h', 'the longest hour term is accepted');
SELECT is('+5 cd'::cuvr.term::text, '5 cd', 'a leading plus sign is accepted');
-- cuvr.term: constructor and accessors
SELECT pg_temp.refused_each('SELECT cuvr.term(%s, ''wd'')', ARRAY['-5', '0', '3661', '2147483647', '-2147483648'],
    '22003', 'cuvr.term of');
SELECT pg_temp.refused_each('SELECT cuvr.term(5, %L)', ARRAY['', 'CD', E'cd\x01', 'cd; DROP TABLE cuvr.appeal'],
    '22023', 'cuvr.term with unit');
SELECT throws_ok('SELECT cuvr.term(5, (SELECT t FROM big))', '22023', NULL, 'cuvr.term with a 10 MB unit (22023)');
SELECT is(cuvr.term(NULL, 'cd')::text, NULL, 'cuvr.term(NULL, unit) is NULL');
SELECT is(cuvr.term(5, NULL)::text, NULL, 'cuvr.term(count, NULL) is NULL');
SELECT is(cuvr.term_value(NULL), NULL, 'term_value(NULL) is NULL');
SELECT is(cuvr.term_unit(NULL), NULL, 'term_unit(NULL) is NULL');
-- cuvr.term: binary input.  The wire format is int4 count, int4 unit.
CREATE TEMP TABLE bin_term (t cuvr.term);
SELECT is(cuvr.term_send('30 cd'), '\x0000001e00000000'::bytea, 'term_send writes count and unit');
SELECT lives_ok($c$COPY bin_term FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\1\\0\\0\\0\\10\\0\\0\\0\\36\\0\\0\\0\\1\\377\\377"' (FORMAT binary)$c$,
    'binary COPY of a good term (30 wd)');
SELECT is((SELECT t::text FROM bin_term), '30 wd', 'the good binary term is 30 wd');
SELECT throws_ok($c$COPY bin_term FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\1\\0\\0\\0\\10\\0\\0\\0\\36\\0\\0\\0\\143\\377\\377"' (FORMAT binary)$c$,
    '22P03', NULL, 'binary term with unit 99 (22P03)');
SELECT throws_ok($c$COPY bin_term FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\1\\0\\0\\0\\10\\377\\377\\377\\373\\0\\0\\0\\1\\377\\377"' (FORMAT binary)$c$,
    '22003', NULL, 'binary term of -5 wd (22003)');
SELECT throws_ok($c$COPY bin_term FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\1\\0\\0\\0\\4\\0\\0\\0\\36\\377\\377"' (FORMAT binary)$c$,
    '08P01', NULL, 'binary term of 4 bytes instead of 8 (08P01)');
SELECT is((SELECT count(*)::integer FROM bin_term), 1, 'the refused binary terms left no row');

-- cuvr.tok_code and cuvr.oktmo: text input ------------------------------------------
SELECT pg_temp.refused_each('SELECT %L::cuvr.tok_code',
    ARRAY['', '0005.', '.0005', '0005..0005', E'0005\x01', E'\x7f', '0005.0005.0005.0005.0005.0005', '-005',
          '005', '00050', '0005; DROP TABLE cuvr.appeal', '%s %n', '$$', E'0005\\', '"0005"'],
    '22P02', 'tok_code');
SELECT throws_ok('SELECT (SELECT t FROM big)::cuvr.tok_code', '22P02', NULL, 'a 10 MB tok_code (22P02)');
SELECT throws_ok($$SELECT repeat('0005.', 1000000)::cuvr.tok_code$$, '22P02', NULL,
    'a tok_code of a million blocks (22P02)');
SELECT pg_temp.refused_each('SELECT %L::cuvr.oktmo',
    ARRAY['', '   ', '1234567', '123456789', '123456789012', '00000000', E'7070\x011000', E'\x7f', '-70701000',
          '70701000; DROP TABLE cuvr.appeal', '%s %n', '$$', '7070100O', '"70701000"'],
    '22P02', 'oktmo');
SELECT throws_ok('SELECT (SELECT t FROM big)::cuvr.oktmo', '22P02', NULL, 'a 10 MB oktmo (22P02)');
SELECT throws_ok($$SELECT repeat('7', 5 * 1024 * 1024)::cuvr.oktmo$$, '22P02', NULL, 'an oktmo of 5 Mi digits (22P02)');
SELECT throws_ok($$SELECT repeat(' ', 5 * 1024 * 1024)::cuvr.oktmo$$, '22P02', NULL, 'an oktmo of 5 Mi spaces (22P02)');
SELECT is((repeat(' ', 1024 * 1024) || '70701000')::cuvr.oktmo::text, '70701000',
    'an oktmo after a megabyte of spaces is still read');
SELECT is(cuvr.oktmo_region('99999999999'), 79::smallint, 'OKTMO prefix 99 is region 79');
SELECT is(cuvr.tok_parent('0005')::text, NULL, 'a top-level ТОК code has no parent');
SELECT is(cuvr.oktmo_parent('70000000')::text, NULL, 'a subject-level OKTMO code has no parent');
-- binary input
CREATE TEMP TABLE bin_codes (tok cuvr.tok_code, oktmo cuvr.oktmo);
SELECT lives_ok(format('SELECT cuvr.tok_code_send(%L), cuvr.oktmo_send(%L)', '0005.0005', '70701000'),
    'tok_code_send and oktmo_send run');
SELECT throws_ok($c$COPY bin_codes FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\2\\377\\377\\377\\377\\0\\0\\0\\1\\377\\377\\377"' (FORMAT binary)$c$,
    '08P01', NULL, 'a binary OKTMO of one byte of 0xff (08P01)');
SELECT throws_ok($c$COPY bin_codes FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\2\\377\\377\\377\\377\\0\\0\\0\\11\\11\\0\\0\\0\\0\\0\\0\\0\\0\\377\\377"' (FORMAT binary)$c$,
    '22P03', NULL, 'a binary OKTMO of 9 digits (22P03)');
SELECT throws_ok($c$COPY bin_codes FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\2\\0\\0\\0\\1\\377\\377\\377\\377\\377\\377"' (FORMAT binary)$c$,
    '08P01', NULL, 'a binary ТОК code of one byte of 0xff (08P01)');
SELECT throws_ok($c$COPY bin_codes FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\2\\0\\0\\0\\2\\0\\6\\377\\377\\377\\377\\377\\377"' (FORMAT binary)$c$,
    '22P03', NULL, 'a binary ТОК code of 6 blocks (22P03)');
SELECT is((SELECT count(*)::integer FROM bin_codes), 0, 'the refused binary codes left no row');

-- Deadlines: dates far away, unknown regions, huge terms ---------------------------------
SELECT pg_temp.refused_each('SELECT cuvr.add_term(%L, ''1 cd'', 71)',
    ARRAY['0001-01-01', '9999-12-31', '0044-03-15 BC', '4713-01-01 BC', '294276-12-31', '1999-12-31 12:00+03',
          '2099-12-31'],
    '22008', 'add_term from');
SELECT pg_temp.refused_each('SELECT cuvr.due_date(%L, ''1 wd'', 71::smallint)',
    ARRAY['infinity', '-infinity', '0001-01-01', '9999-12-31', '0001-01-01 BC'], '22008', 'due_date from');
SELECT pg_temp.refused_each('SELECT cuvr.deadline(%L, ''1 wh'', 71)',
    ARRAY['infinity', '-infinity', '0001-01-01', '9999-12-31'], '22008', 'deadline from');
SELECT pg_temp.refused_each('SELECT cuvr.add_term(''2099-12-01'', %L, 71)',
    ARRAY['3660 cd', '3660 wd', '87840 wh', '87840 h'], '22008', 'add_term from 2099-12-01 of');
SELECT is(cuvr.add_term('2026-01-01 00:00+00', '87840 h', 71), '2036-01-09 00:00+00'::timestamptz,
    'the longest hour term runs around the clock');
SELECT pg_temp.refused_each('SELECT cuvr.add_term(''2026-01-01'', ''1 cd'', %s)',
    ARRAY['99', '0', '-1', '2147483647', '-2147483648'], '22023', 'add_term in region');
SELECT pg_temp.refused_each('SELECT cuvr.due_date(''2026-01-01'', ''1 cd'', %L::smallint)',
    ARRAY['99', '0', '32767', '-32768'], '22023', 'due_date in region');
SELECT pg_temp.refused_each('SELECT cuvr.is_working_day(%L, 71)',
    ARRAY['0001-01-01', '9999-12-31', 'infinity', '-infinity', '4713-01-01 BC', '5874897-12-31', '1999-12-31',
          '2100-01-01'],
    '22008', 'is_working_day');
SELECT throws_ok($$SELECT cuvr.is_working_day('infinity', 71)$$, '22008', 'day infinity is outside the calendar range',
    'is_working_day names the day, not a deadline');
SELECT pg_temp.refused_each('SELECT cuvr.is_working_day(''2026-01-01'', %s)', ARRAY['99', '0', '-1'], '22023',
    'is_working_day in region');
SELECT pg_temp.refused_each('SELECT cuvr.working_days_between(%s, 71)',
    ARRAY['''0001-01-01'', ''2026-01-01''', '''2026-01-01'', ''9999-12-31''', '''-infinity'', ''infinity''',
          '''2026-01-01'', ''infinity''', '''0044-03-15 BC'', ''2026-01-01'''],
    '22008', 'working_days_between');
SELECT throws_ok($$SELECT cuvr.working_days_between('2026-01-01', 'infinity', 71)$$, '22008',
    'cannot count working days outside the calendar range', 'working_days_between names the count, not a deadline');
SELECT throws_ok($$SELECT cuvr.working_days_between('2026-01-01', '2026-02-01', 99::smallint)$$, '22023', NULL,
    'working_days_between in region 99 (22023)');
SELECT is(cuvr.working_days_between('2026-02-01', '2026-01-01', 71), -15,
    'working_days_between is negative when b is before a, as documented');
SELECT is(cuvr.working_days_between('2000-01-01', '2099-12-31', 71::smallint) > 24000, true,
    'working_days_between over the whole calendar range');

-- Deadline policies ---------------------------------------------------------------------
SELECT throws_ok('SELECT cuvr.policy_term(NULL, NULL, NULL, NULL)', '22004', NULL,
    'policy_term of a NULL event (22004)');
SELECT pg_temp.refused_each('SELECT cuvr.policy_term(%L, ''appeal'', ''email'', false)',
    ARRAY['', 'nope', 'ANSWER', '''; DROP TABLE cuvr.appeal; --'], '22023', 'policy_term of event');
SELECT throws_ok('SELECT cuvr.policy_term((SELECT t FROM big), NULL, NULL, NULL)', '22023', NULL,
    'policy_term of a 10 MB event (22023)');
SELECT is(cuvr.policy_term('answer', 'no_such_kind', 'no_such_channel', NULL)::text, '30 cd',
    'an unknown kind or channel matches only the policies for any kind and channel');

-- Calendars -------------------------------------------------------------------------------
SELECT throws_ok('SELECT cuvr.load_xmlcalendar(NULL)', '22004', NULL, 'load_xmlcalendar(NULL) (22004)');
SELECT pg_temp.refused_each('SELECT cuvr.load_xmlcalendar(%L)',
    ARRAY['<calendar/>', '<calendar year="abc"><days/></calendar>', '<calendar year="0001"><days/></calendar>',
          '<calendar year="9999"><days/></calendar>', '<calendar year="99999999999"><days/></calendar>',
          '<calendar year="-2030"><days/></calendar>', '<calendar year="2030; DROP TABLE cuvr.appeal"><days/></calendar>',
          '<calendar year="2030"><days><day d="13.45" t="1"/></days></calendar>',
          '<calendar year="2030"><days><day d="02.30" t="1"/></days></calendar>',
          '<calendar year="2030"><days><day d="00.00" t="1"/></days></calendar>',
          '<calendar year="2030"><days><day d="01.01" t="9"/></days></calendar>',
          '<calendar year="2030"><days><day t="1"/></days></calendar>',
          '<calendar year="2030"><holidays><holiday title="x"/></holidays><days/></calendar>',
          '<not-a-calendar/>'],
    '2200N', 'load_xmlcalendar');
SELECT throws_ok($$SELECT cuvr.load_xmlcalendar('<calendar year="2030"><days/></calendar>', 99::smallint)$$,
    '22023', NULL, 'load_xmlcalendar for region 99 (22023)');
SELECT is((SELECT count(*)::integer FROM cuvr.calendar_year WHERE year IN (1, 2030, 9999)), 0,
    'the refused calendars loaded no year');
SELECT is(cuvr.load_xmlcalendar($x$<calendar year="2030"><holidays><holiday id="1" title="'; DROP TABLE cuvr.appeal; -- %s $$"/></holidays><days><day d="01.01" t="1" h="1"/></days></calendar>$x$),
    1, 'a calendar whose holiday title is an injection string loads');
SELECT is((SELECT note FROM cuvr.calendar_day WHERE region_code = 0 AND day = '2030-01-01'),
    $t$'; DROP TABLE cuvr.appeal; -- %s $$$t$, 'the title is stored verbatim');

-- Codes and routing -----------------------------------------------------------------------
SELECT is(cuvr.route(99::smallint, 1, NULL, NULL), NULL, 'route in region 99 finds no rule');
SELECT is(cuvr.route(71::smallint, -1, '99999999999', 'no_such_channel', -5), NULL,
    'route of an unknown category, territory, channel and accused body finds no rule');
SELECT is(cuvr.route(71::smallint, 1, NULL, (SELECT t FROM big)), NULL, 'route of a 10 MB channel finds no rule');
SELECT is((SELECT count(*)::integer FROM cuvr.matching_rules(99::smallint, -1, NULL, '''; DROP TABLE cuvr.appeal; --')), 0,
    'matching_rules of unknown values is empty');
SELECT throws_ok('SELECT * FROM cuvr.explain_route(NULL)', '22004', 'appeal id must not be null',
    'explain_route(NULL) (22004)');
SELECT pg_temp.refused_each('SELECT * FROM cuvr.explain_route(%s)', ARRAY['-1', '0', '9223372036854775807'], 'P0002',
    'explain_route of appeal');

-- The classifier and signatures -------------------------------------------------------------
SELECT is((SELECT category FROM cuvr.classify('')), NULL, 'classify('''') has no category');
SELECT is((SELECT category FROM cuvr.classify(E'\x01\x02\x7f\x1b[31m')), NULL, 'classify of control characters has no category');
SELECT is((SELECT category FROM cuvr.classify((SELECT t FROM big))), NULL, 'classify of a 10 MB word has no category');
SELECT lives_ok($q$SELECT cuvr.classify('''; DROP TABLE cuvr.appeal; -- $$ %s %n \\ "}')$q$,
    'classify of injection strings');
SELECT is(cuvr.classify_tokens(''), '{}'::text[], 'classify_tokens('''') is empty');
SELECT is(cuvr.classify_tokens(E'\x01\x7f <script>&amp; %s %n $$ \\'), '{}'::text[],
    'classify_tokens of control characters, markup and format specifiers is empty');
SELECT is(cardinality(cuvr.classify_tokens((SELECT t FROM big))), 0, 'classify_tokens of a 10 MB word is empty');
SELECT is(cardinality(cuvr.classify_tokens(repeat('<', 5 * 1024 * 1024))), 0, 'classify_tokens of 5 Mi "<" is empty');
SELECT is(cardinality(cuvr.classify_tokens(repeat('&#99999999999;', 100000))), 0,
    'classify_tokens of huge character references is empty');
SELECT pg_temp.refused_each('SELECT * FROM cuvr.classify_top(''яма'', %s)', ARRAY['0', '-1', '101', '2147483647'],
    '22003', 'classify_top with k');
SELECT is((SELECT count(*)::integer FROM cuvr.classify_top((SELECT t FROM big), 3)), 0,
    'classify_top of a 10 MB word ranks nothing');
SELECT is(cuvr.text_signature(''), NULL, 'text_signature('''') is NULL: no stems');
SELECT is(cuvr.text_signature((SELECT t FROM big)), NULL, 'text_signature of a 10 MB word is NULL');
SELECT is(cuvr.signature_distance(0, -1), 64, 'signature_distance of opposite signatures is 64');
SELECT is(cuvr.signature_keys(NULL, 1, NULL, now()), NULL, 'signature_keys without a signature is NULL');
SELECT is(cardinality(cuvr.signature_keys(1, NULL, NULL, NULL)), 4, 'signature_keys without a time files it under day 0');
SELECT is(cuvr.signature_keys(1, NULL, NULL, NULL), cuvr.signature_keys(1, NULL, NULL, '2000-01-01 00:00+00'),
    'day 0 is 2000-01-01 UTC');
SELECT throws_ok($$SELECT cuvr.signature_keys(1, 1, NULL, 'infinity')$$, '22008', 'signature keys need a finite time',
    'signature_keys of infinity');
SELECT throws_ok($$SELECT cuvr.signature_probe(1, 1, NULL, '-infinity', now())$$, '22008', NULL,
    'signature_probe from -infinity');
SELECT throws_ok($$SELECT cuvr.signature_probe(1, 1, NULL, now() - interval '367 days', now())$$, '22023',
    'near-duplicate search spans too many days', 'signature_probe over 368 days');
SELECT is(cardinality(cuvr.signature_probe(1, 1, NULL, '2026-01-01 00:00+00', '2027-01-01 23:59+00')), 4 * 366,
    'signature_probe over 366 days gives 4 keys a day');
SELECT is(cuvr.signature_probe(1, 1, NULL, now(), now() - interval '1 day'), '{}'::integer[],
    'signature_probe of a backward window is empty');
SELECT is(cuvr.signature_probe(1, 1, NULL, NULL, now()), NULL, 'signature_probe without a bound is NULL');
SELECT is(cuvr.signature_keys(-1, -2147483648, '70701000001', '1999-12-31 23:59:59.999999+00')
          && cuvr.signature_probe(-1, -2147483648, '70701000001', '1999-12-31 00:00+00', '1999-12-31 00:00+00'), true,
    'a time before 2000 falls in its own (negative) day');

-- The reports ---------------------------------------------------------------------------------
SELECT pg_temp.refused_each('SELECT cuvr.roadmap_report_due(%L)',
    ARRAY['infinity', '-infinity', '2026-02-15', '2026-02-01', '5874897-12-31'], '22023', 'roadmap_report_due of');
SELECT is(cuvr.roadmap_report_due('0001-01-01'), '0001-04-15'::date, 'roadmap_report_due of the first quarter of year 1');
SELECT pg_temp.refused_each('SELECT count(*) FROM cuvr.roadmap_report(71::smallint, %L)',
    ARRAY['infinity', '2026-02-15', '5874897-12-31'], '22023', 'roadmap_report of');
SELECT throws_ok($$SELECT count(*) FROM cuvr.roadmap_report(99::smallint, '2026-01-01')$$, '22023', NULL,
    'roadmap_report of region 99 (22023)');
SELECT pg_temp.refused_each('SELECT count(*) FROM cuvr.sstu_export(71::smallint, %L)',
    ARRAY['infinity', '-infinity', '2026-01-15', '5874897-12-31'], '22023', 'sstu_export of');
SELECT throws_ok($$SELECT count(*) FROM cuvr.sstu_export(99::smallint, '2026-01-01')$$, '22023', NULL,
    'sstu_export of region 99 (22023)');
SELECT is((SELECT count(*)::integer FROM cuvr.sstu_export(71::smallint, '0001-01-01')), 0,
    'sstu_export of January of year 1 is empty');

SELECT * FROM finish();
ROLLBACK;
