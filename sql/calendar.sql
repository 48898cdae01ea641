-- Production calendars and deadlines: the shipped years, known dates,
-- regional layers, the decree policy, working hours, the Labour Code
-- fallback with its warning, the loader's errors, cache invalidation.
\set SHOW_CONTEXT never
SET timezone = 'Europe/Moscow';
SET datestyle = 'ISO, YMD';
SELECT year, source FROM cuvr.calendar_year WHERE region_code = 0 ORDER BY year;
SELECT kind, count(*) FROM cuvr.calendar_day WHERE region_code = 0 GROUP BY kind ORDER BY kind;
-- Working Saturdays, holidays, decree days, a regional holiday.
SELECT d, cuvr.is_working_day(d, 71) AS tula, cuvr.is_working_day(d, 21::smallint) AS chuvashia
  FROM unnest(ARRAY['2024-04-27', '2025-11-01', '2024-04-28', '2025-01-08', '2021-11-01',
                    '2020-04-15', '2026-06-24', '2025-06-24', '2026-03-09']::date[]) AS d;
-- ГК 191/193: the term starts the next day; a last day off moves forward.
SELECT s AS start, t AS term, cuvr.due_date(s, t, 77) AS due_date, cuvr.add_term(s, t, 77) AS due_at
  FROM (VALUES ('2021-10-20 12:00+03'::timestamptz, '10 cd'::cuvr.term),
               ('2021-10-29 12:00+03', '5 wd'),
               ('2023-12-28 09:00+03', '10 wd'),
               ('2024-04-26 15:00+03', '1 wd'),
               ('2025-10-31 15:00+03', '1 wd'),
               ('2026-01-15 10:00+03', '30 cd'),
               ('2026-11-23 10:00+03', '8 wh'),
               ('2026-11-23 12:30+03', '2 wh'),
               ('2026-11-21 20:00+03', '1 wh'),
               ('2026-11-23 10:00+03', '24 h')) AS v(s, t);
-- Local dates: one instant (3 March, 20:30 UTC) is 3 March in Kaliningrad
-- and Moscow but 4 March in Vladivostok.
SELECT r AS region, cuvr.due_date('2025-03-03 20:30+00', '1 cd', r) AS due_date,
       cuvr.add_term('2025-03-03 20:30+00', '1 cd', r) AS due_at
  FROM unnest(ARRAY[39, 77, 25]) AS r;
-- Working days between two instants.
SELECT cuvr.working_days_between('2021-10-29 10:00+03', '2021-11-12 10:00+03', 77) AS across_decree,
       cuvr.working_days_between('2026-03-02 10:00+03', '2026-03-02 18:00+03', 77) AS same_day,
       cuvr.working_days_between('2026-03-06 10:00+03', '2026-03-02 10:00+03', 77) AS backwards;
-- The decree policy: counting decree days as working days.
UPDATE cuvr.setting SET value = 'false' WHERE name = 'decree_days_move_deadlines';
SELECT cuvr.due_date('2021-10-20 12:00+03', '10 cd', 77) AS decree_not_moving,
       cuvr.due_date('2021-10-29 12:00+03', '5 wd', 77) AS decree_counted;
UPDATE cuvr.setting SET value = 'true' WHERE name = 'decree_days_move_deadlines';
SELECT cuvr.due_date('2021-10-20 12:00+03', '10 cd', 77) AS decree_moving;
-- A regional override takes effect at once (the cache is invalidated).
SELECT cuvr.due_date('2026-05-12 10:00+03', '1 wd', 71) AS before_override;
INSERT INTO cuvr.calendar_day (region_code, day, kind, note) VALUES (71, '2026-05-13', 'holiday', 'test');
SELECT cuvr.due_date('2026-05-12 10:00+03', '1 wd', 71) AS with_override, cuvr.due_date('2026-05-12 10:00+03', '1 wd', 69) AS other_region;
DELETE FROM cuvr.calendar_day WHERE region_code = 71 AND day = '2026-05-13';
SELECT cuvr.due_date('2026-05-12 10:00+03', '1 wd', 71) AS override_removed;
-- A region's own working hours.
UPDATE cuvr.region SET work_start = '08:00', work_end = '17:00' WHERE code = 71;
SELECT cuvr.add_term('2026-11-23 08:00+03', '8 wh', 71) AS tula_8_to_17, cuvr.add_term('2026-11-23 08:00+03', '8 wh', 77) AS moscow;
UPDATE cuvr.region SET work_start = '09:00', work_end = '18:00' WHERE code = 71;
-- Years with no calendar loaded: Labour Code holidays, with a warning once.
SELECT cuvr.due_date('2027-12-28 10:00+03', '10 wd', 71) AS fallback;
SELECT cuvr.due_date('2027-12-29 10:00+03', '10 wd', 71) AS warned_once;
SELECT * FROM cuvr.deadline('2027-12-28 10:00+03', '10 wd', 71);
SELECT * FROM cuvr.deadline('2026-03-02 10:00+03', '10 wd', 71);
-- Loading a year: a made-up 2027 with one transferred day.
SELECT cuvr.load_xmlcalendar('<calendar year="2027" lang="ru" date="2026.09.01" country="ru">
  <holidays><holiday id="1" title="Новогодние каникулы"/></holidays>
  <days><day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/>
        <day d="01.04" t="1" h="1"/><day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/>
        <day d="01.07" t="1" h="1"/><day d="01.08" t="1" h="1"/><day d="12.30" t="2"/>
        <day d="12.31" t="1" f="01.02"/></days></calendar>');
SELECT cuvr.due_date('2027-12-28 10:00+03', '10 wd', 71) AS loaded;
SELECT * FROM cuvr.deadline('2027-12-28 10:00+03', '10 wd', 71);
-- Loading it again replaces it.
SELECT cuvr.load_xmlcalendar('<calendar year="2027"><holidays/><days><day d="01.01" t="1"/></days></calendar>');
SELECT count(*) AS days_2027 FROM cuvr.calendar_day WHERE region_code = 0 AND day >= '2027-01-01';
DELETE FROM cuvr.calendar_day WHERE region_code = 0 AND day >= '2027-01-01';
DELETE FROM cuvr.calendar_year WHERE year = 2027;
-- Loader errors.
SELECT cuvr.load_xmlcalendar('<not-a-calendar/>');
SELECT cuvr.load_xmlcalendar('<calendar year="1999"><days/></calendar>');
SELECT cuvr.load_xmlcalendar('<calendar year="20x7"><days/></calendar>');
SELECT cuvr.load_xmlcalendar('<calendar year="2027"><days><day d="02.30" t="1"/></days></calendar>');
SELECT cuvr.load_xmlcalendar('<calendar year="2027"><days><day d="01.10" t="7"/></days></calendar>');
SELECT cuvr.load_xmlcalendar('<calendar year="2027"><days/></calendar>', 98::smallint);
SELECT count(*) AS nothing_left_2027 FROM cuvr.calendar_year WHERE year = 2027;
-- Deadline errors.
SELECT cuvr.due_date('2099-12-30 10:00+03', '30 cd', 77);
SELECT cuvr.due_date('1999-12-30 10:00+03', '30 cd', 77);
SELECT cuvr.due_date('infinity', '30 cd', 77);
SELECT cuvr.due_date(now(), '30 cd', 98);
SELECT cuvr.due_date(now(), '30 cd', -1);
SELECT cuvr.is_working_day('2150-01-01', 77);
-- Deadline policies: the most specific wins.
SELECT e, k, c, x, cuvr.policy_term(e, k, c, x)
  FROM (VALUES ('answer', 'appeal', 'email', false), ('answer', 'appeal', 'email', true),
               ('first_response', 'message', 'social_network', false), ('first_response', 'message', 'email', false),
               ('extension', 'complaint', 'paper', false), ('redirect', 'appeal', 'mfc', false)) AS v(e, k, c, x);
