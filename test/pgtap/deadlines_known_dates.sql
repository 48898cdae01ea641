-- Deadlines against known dates worked out by hand from the production
-- calendars in data/calendar/xmlcalendar/ru/YYYY/calendar.xml
-- (t=1 day off, t=2 shortened working day, t=3 working weekend day;
-- unlisted Saturdays and Sundays are days off).
--
-- Every expected value below was derived from the XML files, not from
-- running the functions.  The comment of each row gives the reasoning.
-- Rules: a term starts the day after the event (ГК 191); a calendar-day
-- term whose last day is not a working day ends on the next working day
-- (ГК 193); working-day terms count working days only; day terms end at
-- 24:00 local of the due date; working hours are 09:00-13:00, 14:00-18:00
-- (17:00 on a shortened day).
BEGIN;
SELECT plan(137);

SET LOCAL timezone = 'UTC';

-- ---------------------------------------------------------------------
-- 1. due_date, default settings (decree days move deadlines)
-- ---------------------------------------------------------------------
SELECT is(cuvr.due_date(s::timestamptz, t::cuvr.term, r::smallint), e::date,
          format('due_date(%s, %s, %s) = %s (%s)', s, t, r, e, why))
  FROM (VALUES
    -- 2021: 30.10-03.11 decree (Указ №595), 04.11 holiday, 05.11 day off
    -- (f=01.02), 06-07.11 weekend; first working day 08.11 (Mon).
    ('2021-10-29 10:00+03', '1 wd', 77, '2021-11-08', 'decree block 30.10-07.11.2021 skipped'),
    ('2021-10-29 10:00+03', '3 cd', 77, '2021-11-08', '29.10+3 = 01.11 decree -> 08.11'),
    ('2021-10-28 10:00+03', '5 cd', 77, '2021-11-08', '28.10+5 = 02.11 decree -> 08.11'),
    ('2021-10-05 10:00+03', '30 cd', 77, '2021-11-08', '05.10+30 = 04.11 holiday -> 08.11'),
    ('2021-10-25 10:00+03', '10 wd', 77, '2021-11-15', '26-29.10 = 4, 08-12.11 = 9, 15.11 = 10'),
    ('2021-10-29 10:00+03', '10 wd', 71, '2021-11-19', '08-12.11 = 5, 15-19.11 = 10'),
    -- 2020: 30.03-30.04 decree (Указы №206, №239, incl. weekends), 01.05
    -- holiday, 02-03.05 weekend, 04-05.05 days off, 06-08.05 decree
    -- (Указ №294), 09.05 holiday, 10.05 Sun, 11.05 day off; next working day 12.05.
    ('2020-03-27 10:00+03', '1 wd', 77, '2020-05-12', 'decree weeks 30.03-11.05.2020 skipped'),
    ('2020-03-27 10:00+03', '10 cd', 77, '2020-05-12', '27.03+10 = 06.04 decree -> 12.05'),
    ('2020-03-20 10:00+03', '30 cd', 77, '2020-05-12', '20.03+30 = 19.04 decree -> 12.05'),
    ('2020-03-25 10:00+03', '5 wd', 77, '2020-05-14', '26,27.03 = 2; 12,13,14.05 = 5'),
    ('2020-05-07 10:00+03', '1 wd', 77, '2020-05-12', 'from decree day 07.05: 08.05 decree .. 11.05 day off'),
    ('2020-04-30 10:00+03', '30 cd', 77, '2020-06-01', '30.04+30 = 30.05 Sat -> 01.06 Mon'),
    ('2020-06-22 10:00+03', '2 cd', 77, '2020-06-25', '22.06+2 = 24.06.2020 decree (Указ №345) -> 25.06'),
    -- New Year holidays
    ('2023-12-28 10:00+03', '10 wd', 77, '2024-01-19', '29.12 = 1; 01-08.01.2024 off; 09-12.01 = 5; 15-19.01 = 10'),
    ('2023-12-28 10:00+03', '10 cd', 77, '2024-01-09', '28.12+10 = 07.01 holiday -> 09.01'),
    ('2023-12-28 10:00+03', '30 cd', 77, '2024-01-29', '28.12+30 = 27.01.2024 Sat -> 29.01 Mon'),
    ('2024-12-27 10:00+03', '10 wd', 77, '2025-01-21', '28.12 working Sat = 1; 30,31.12 days off; 01-08.01 off; 09,10,13-17,20,21.01 = 10'),
    ('2024-12-27 10:00+03', '10 cd', 77, '2025-01-09', '27.12+10 = 06.01 holiday -> 09.01'),
    ('2024-12-27 10:00+03', '30 cd', 77, '2025-01-27', '27.12+30 = 26.01.2025 Sun -> 27.01'),
    ('2024-12-27 10:00+03', '1 wd', 77, '2024-12-28', '28.12.2024 Sat is t=3 working'),
    ('2024-12-27 10:00+03', '2 wd', 77, '2025-01-09', '28.12 = 1; 29.12 Sun, 30-31.12 days off, 01-08.01 off; 09.01 = 2'),
    ('2025-12-30 10:00+03', '10 wd', 77, '2026-01-23', '31.12 day off; 01-08.01 off, 09.01 day off (f=01.03); 12-16.01 = 5; 19-23.01 = 10'),
    ('2025-12-30 10:00+03', '10 cd', 77, '2026-01-12', '30.12+10 = 09.01.2026 day off -> 12.01'),
    ('2025-12-30 10:00+03', '30 cd', 77, '2026-01-29', '30.12+30 = 29.01.2026 Thu'),
    -- Saturday working days
    ('2024-04-26 10:00+03', '1 wd', 77, '2024-04-27', '27.04.2024 Sat is t=3 working'),
    ('2024-04-26 10:00+03', '2 wd', 77, '2024-05-02', '27.04 = 1; 28 Sun, 29-30.04 days off, 01.05 holiday; 02.05 = 2'),
    ('2024-04-26 10:00+03', '1 cd', 77, '2024-04-27', '26.04+1 = 27.04 working Saturday'),
    ('2024-04-26 10:00+03', '2 cd', 77, '2024-05-02', '26.04+2 = 28.04 Sun -> 02.05'),
    ('2025-10-31 10:00+03', '1 wd', 77, '2025-11-01', '01.11.2025 Sat is t=2 (shortened working)'),
    ('2025-10-31 10:00+03', '2 wd', 77, '2025-11-05', '01.11 = 1; 02 Sun, 03 day off, 04 holiday; 05.11 = 2'),
    ('2025-10-31 10:00+03', '1 cd', 77, '2025-11-01', '31.10+1 = 01.11 working Saturday'),
    ('2024-12-27 10:00+02', '1 wd', 39, '2024-12-28', 'Kaliningrad: 28.12.2024 working Saturday'),
    ('2022-03-01 10:00+03', '4 cd', 77, '2022-03-05', '01.03+4 = 05.03.2022 Sat t=2 working'),
    ('2022-03-01 10:00+03', '6 cd', 77, '2022-03-09', '01.03+6 = 07.03 day off, 08.03 holiday -> 09.03'),
    -- Regional holiday: 24 June in Chuvashia (21) only
    ('2025-06-23 10:00+03', '1 wd', 21, '2025-06-25', 'Chuvashia: 24.06.2025 Tue regional holiday'),
    ('2025-06-23 10:00+03', '1 wd', 71, '2025-06-24', 'Tula: 24.06.2025 Tue working'),
    ('2025-06-20 10:00+03', '4 cd', 21, '2025-06-25', 'Chuvashia: 20.06+4 = 24.06 holiday -> 25.06'),
    ('2025-06-20 10:00+03', '4 cd', 71, '2025-06-24', 'Tula: 20.06+4 = 24.06 working'),
    ('2025-06-10 10:00+03', '10 wd', 21, '2025-06-27', '11.06 short = 1; 12 hol, 13 day off; 16-20 = 6; 23 = 7; 24 off; 25,26,27 = 10'),
    ('2025-06-10 10:00+03', '10 wd', 71, '2025-06-26', '11.06 = 1; 16-20 = 6; 23,24,25,26 = 10'),
    ('2026-06-23 10:00+03', '1 wd', 21, '2026-06-25', 'Chuvashia: 24.06.2026 Wed regional holiday'),
    ('2026-06-23 10:00+03', '1 wd', 71, '2026-06-24', 'Tula: 24.06.2026 Wed working'),
    ('2026-06-19 10:00+03', '5 wd', 21, '2026-06-29', 'Chuvashia: 22,23,25,26,29.06'),
    ('2026-06-19 10:00+03', '5 wd', 71, '2026-06-26', 'Tula: 22-26.06'),
    -- calendar-day terms ending on a weekend or a holiday block
    ('2025-03-11 10:00+03', '4 cd', 77, '2025-03-17', '11.03+4 = 15.03 Sat -> 17.03 Mon'),
    ('2025-03-03 10:00+03', '5 cd', 77, '2025-03-10', '03.03+5 = 08.03 holiday, 09 Sun -> 10.03'),
    ('2025-04-28 10:00+03', '10 cd', 77, '2025-05-12', '28.04+10 = 08.05 day off, 09 holiday, 10-11 weekend -> 12.05'),
    ('2026-02-20 10:00+03', '3 cd', 77, '2026-02-24', '20.02+3 = 23.02.2026 Mon holiday -> 24.02'),
    ('2026-04-30 10:00+03', '1 cd', 77, '2026-05-04', '30.04+1 = 01.05 holiday, 02-03 weekend -> 04.05'),
    -- time zones: 2025-03-03 20:30 UTC is 04.03 06:30 in Vladivostok (UTC+10),
    -- 03.03 22:30 in Kaliningrad (UTC+2), 03.03 23:30 in Moscow (UTC+3)
    ('2025-03-03 20:30+00', '1 wd', 25, '2025-03-05', 'Vladivostok local start 04.03'),
    ('2025-03-03 20:30+00', '1 wd', 39, '2025-03-04', 'Kaliningrad local start 03.03'),
    ('2025-03-03 20:30+00', '1 wd', 77, '2025-03-04', 'Moscow local start 03.03'),
    ('2025-03-03 20:30+00', '3 cd', 25, '2025-03-07', 'Vladivostok 04.03+3 = 07.03 Fri (shortened, working)'),
    ('2025-03-03 20:30+00', '3 cd', 39, '2025-03-06', 'Kaliningrad 03.03+3 = 06.03'),
    ('2025-03-03 20:30+00', '4 cd', 25, '2025-03-10', 'Vladivostok 04.03+4 = 08.03 holiday -> 10.03'),
    ('2025-03-03 20:30+00', '4 cd', 39, '2025-03-07', 'Kaliningrad 03.03+4 = 07.03'),
    ('2024-12-31 14:30+00', '1 wd', 25, '2025-01-09', 'Vladivostok: 01.01.2025 00:30 local -> 09.01'),
    ('2024-12-31 14:30+00', '1 wd', 39, '2025-01-09', 'Kaliningrad: 31.12.2024 16:30 local -> 09.01'),
    ('2024-12-26 14:30+00', '1 wd', 25, '2024-12-28', 'Vladivostok: 27.12 00:30 local -> 28.12 working Sat'),
    ('2024-12-26 14:30+00', '1 wd', 39, '2024-12-27', 'Kaliningrad: 26.12 16:30 local -> 27.12'),
    -- hour terms: the due date is the local date of the end instant
    ('2025-03-03 20:30+00', '24 h', 25, '2025-03-05', '04.03 20:30 UTC = 05.03 06:30 Vladivostok'),
    ('2025-03-03 20:30+00', '24 h', 39, '2025-03-04', '04.03 20:30 UTC = 04.03 22:30 Kaliningrad')
  ) AS v(s, t, r, e, why);

-- the integer overloads give the same days
SELECT is(cuvr.due_date('2024-04-26 10:00+03'::timestamptz, '1 wd'::cuvr.term, 77), date '2024-04-27',
          'due_date integer overload: 26.04.2024 + 1 wd = 27.04 working Saturday');
SELECT is(cuvr.add_term('2024-04-26 10:00+03'::timestamptz, '1 wd'::cuvr.term, 77), '2024-04-28 00:00+03'::timestamptz,
          'add_term integer overload: 24:00 local of 27.04.2024');

-- ---------------------------------------------------------------------
-- 2. add_term: 24:00 local of the due date for day terms, exact instant
--    for hour terms
-- ---------------------------------------------------------------------
SELECT is(cuvr.add_term(s::timestamptz, t::cuvr.term, r::smallint), e::timestamptz,
          format('add_term(%s, %s, %s) = %s (%s)', s, t, r, e, why))
  FROM (VALUES
    ('2025-03-03 10:00+03', '30 cd', 77, '2025-04-03 00:00+03', '03.03+30 = 02.04 Wed; 24:00 Moscow'),
    ('2021-10-29 10:00+03', '1 wd', 77, '2021-11-09 00:00+03', 'due 08.11.2021; 24:00 Moscow'),
    ('2024-12-27 10:00+03', '10 cd', 77, '2025-01-10 00:00+03', 'due 09.01.2025; 24:00 Moscow'),
    ('2025-03-03 20:30+00', '1 wd', 39, '2025-03-05 00:00+02', 'Kaliningrad due 04.03; 24:00 UTC+2'),
    ('2025-03-03 20:30+00', '1 wd', 25, '2025-03-06 00:00+10', 'Vladivostok due 05.03; 24:00 UTC+10'),
    ('2025-06-23 10:00+03', '1 wd', 21, '2025-06-26 00:00+03', 'Chuvashia due 25.06 (24.06 regional holiday)'),
    ('2020-03-27 10:00+03', '1 wd', 77, '2020-05-13 00:00+03', 'due 12.05.2020 after the decree weeks'),
    -- working hours (Moscow): 09-13, 14-18; shortened days end at 17:00
    ('2025-03-03 10:00+03', '8 wh', 77, '2025-03-04 10:00+03', 'Mon 10:00 + 8 wh: 7 h Mon, 1 h Tue'),
    ('2025-03-03 12:30+03', '2 wh', 77, '2025-03-03 15:30+03', '12:30-13:00, break, 14:00-15:30'),
    ('2025-03-03 12:30+03', '4 wh', 77, '2025-03-03 17:30+03', '12:30-13:00, break, 14:00-17:30'),
    ('2025-03-03 12:30+03', '8 wh', 77, '2025-03-04 12:30+03', '4.5 h Mon (12:30-13, 14-18), 3.5 h Tue 09:00-12:30'),
    ('2025-03-04 13:30+03', '1 wh', 77, '2025-03-04 15:00+03', 'start in the break: 14:00-15:00'),
    ('2025-03-04 07:00+03', '1 wh', 77, '2025-03-04 10:00+03', 'start before hours: 09:00-10:00'),
    ('2025-03-04 19:00+03', '1 wh', 77, '2025-03-05 10:00+03', 'start after hours: next day 09:00-10:00'),
    ('2025-03-01 20:00+03', '8 wh', 77, '2025-03-03 18:00+03', 'Sat evening start: all of Mon 03.03'),
    ('2025-03-08 19:00+03', '1 wh', 77, '2025-03-10 10:00+03', 'holiday 08.03 evening: 09 Sun, Mon 10.03 09-10'),
    ('2025-03-07 15:00+03', '2 wh', 77, '2025-03-07 17:00+03', '07.03.2025 shortened (t=2): ends 17:00'),
    ('2025-03-07 16:00+03', '2 wh', 77, '2025-03-10 10:00+03', 'shortened Fri 16-17, then 08 hol, 09 Sun, Mon 09-10'),
    ('2025-10-31 17:00+03', '2 wh', 77, '2025-11-01 10:00+03', 'Fri 17-18, Sat 01.11.2025 (t=2) 09-10'),
    ('2025-11-01 15:00+03', '3 wh', 77, '2025-11-05 10:00+03', 'Sat 01.11 short 15-17, 02-04.11 off, Wed 09-10'),
    ('2021-10-29 17:00+03', '2 wh', 77, '2021-11-08 10:00+03', 'Fri 17-18, decree block, Mon 08.11 09-10'),
    ('2025-06-23 17:00+03', '2 wh', 21, '2025-06-25 10:00+03', 'Chuvashia: Mon 17-18, 24.06 off, 25.06 09-10'),
    ('2025-06-23 17:00+03', '2 wh', 71, '2025-06-24 10:00+03', 'Tula: Mon 17-18, 24.06 09-10'),
    ('2025-03-03 01:00+00', '8 wh', 25, '2025-03-04 11:00+10', 'Vladivostok Mon 11:00 local + 8 wh = Tue 11:00 local'),
    ('2025-03-03 07:00+00', '1 wh', 39, '2025-03-03 10:00+02', 'Kaliningrad Mon 09:00 local + 1 wh'),
    -- plain hours: exactly n hours later, whatever the calendar
    ('2025-03-07 15:00+03', '24 h', 77, '2025-03-08 15:00+03', '24 h into a holiday'),
    ('2021-10-29 10:00+03', '24 h', 77, '2021-10-30 10:00+03', '24 h into the decree block'),
    ('2025-12-31 10:00+03', '48 h', 77, '2026-01-02 10:00+03', '48 h over New Year'),
    ('2025-03-03 20:30+00', '24 h', 25, '2025-03-04 20:30+00', '24 h, Vladivostok')
  ) AS v(s, t, r, e, why);

-- ---------------------------------------------------------------------
-- 3. is_working_day
-- ---------------------------------------------------------------------
SELECT is(cuvr.is_working_day(d::date, r::smallint), e,
          format('is_working_day(%s, %s) = %s (%s)', d, r, e, why))
  FROM (VALUES
    ('2024-01-01', 77, false, 'New Year holiday'),
    ('2021-11-02', 77, false, 'decree day (Указ №595)'),
    ('2020-04-15', 77, false, 'decree day (Указ №239)'),
    ('2021-11-05', 77, false, 'transferred day off (f=01.02)'),
    ('2024-04-29', 77, false, 'Monday, transferred day off (f=04.27)'),
    ('2026-01-09', 77, false, 'Friday, transferred day off (f=01.03)'),
    ('2025-03-09', 77, false, 'plain Sunday'),
    ('2024-04-27', 77, true,  'Saturday t=3 working'),
    ('2024-12-28', 77, true,  'Saturday t=3 working'),
    ('2025-11-01', 77, true,  'Saturday t=2 shortened working'),
    ('2025-03-07', 77, true,  'shortened Friday'),
    ('2025-03-05', 77, true,  'plain Wednesday'),
    ('2025-06-24', 21, false, 'Chuvashia regional holiday'),
    ('2025-06-24', 71, true,  'Tula: ordinary Tuesday'),
    ('2025-06-24', 77, true,  'Moscow: ordinary Tuesday')
  ) AS v(d, r, e, why);

-- ---------------------------------------------------------------------
-- 4. working_days_between: working days after a's local date up to and
--    including b's local date; negative when b is before a
-- ---------------------------------------------------------------------
SELECT is(cuvr.working_days_between(a::timestamptz, b::timestamptz, r::smallint), e,
          format('working_days_between(%s, %s, %s) = %s (%s)', a, b, r, e, why))
  FROM (VALUES
    ('2025-03-03 10:00+03', '2025-03-03 18:00+03', 77, 0, 'same local day'),
    ('2025-03-03 10:00+03', '2025-03-10 10:00+03', 77, 5, '04-07.03 = 4, 08 hol, 09 Sun, 10.03 = 5'),
    ('2025-03-10 10:00+03', '2025-03-03 10:00+03', 77, -5, 'reversed'),
    ('2021-10-29 10:00+03', '2021-11-08 10:00+03', 77, 1, 'only 08.11 across the 2021 decree block'),
    ('2020-03-27 10:00+03', '2020-05-12 10:00+03', 77, 1, 'only 12.05 across the 2020 decree weeks'),
    ('2024-12-27 10:00+03', '2025-01-09 10:00+03', 77, 2, '28.12 working Sat and 09.01'),
    ('2025-06-20 10:00+03', '2025-06-30 10:00+03', 21, 5, 'Chuvashia: 23,25,26,27,30.06'),
    ('2025-06-20 10:00+03', '2025-06-30 10:00+03', 71, 6, 'Tula: 23-27,30.06'),
    ('2025-03-03 20:30+00', '2025-03-04 12:00+00', 25, 0, 'Vladivostok: both 04.03 local'),
    ('2025-03-03 20:30+00', '2025-03-04 12:00+00', 39, 1, 'Kaliningrad: 03.03 -> 04.03 local')
  ) AS v(a, b, r, e, why);

-- ---------------------------------------------------------------------
-- 5. decree_days_move_deadlines = false: decree days count as working
--    days; holidays (04.11.2021, 01.05 and 09.05.2020), transferred days
--    off (05.11.2021, 04-05.05 and 11.05.2020) and weekends stay days off.
-- ---------------------------------------------------------------------
UPDATE cuvr.setting SET value = 'false' WHERE name = 'decree_days_move_deadlines';

SELECT is(cuvr.due_date(s::timestamptz, t::cuvr.term, r::smallint), e::date,
          format('decree days not moving: due_date(%s, %s, %s) = %s (%s)', s, t, r, e, why))
  FROM (VALUES
    ('2021-10-29 10:00+03', '3 cd', 77, '2021-11-01', '29.10+3 = 01.11 Mon decree, now working'),
    ('2021-10-28 10:00+03', '5 cd', 77, '2021-11-02', '28.10+5 = 02.11 Tue decree, now working'),
    ('2021-10-05 10:00+03', '30 cd', 77, '2021-11-08', '05.10+30 = 04.11 holiday, 05.11 day off, 06-07 weekend -> 08.11'),
    ('2021-11-02 10:00+03', '1 wd', 77, '2021-11-03', '03.11 Wed decree, now working'),
    ('2021-11-03 10:00+03', '1 wd', 77, '2021-11-08', '04.11 holiday, 05.11 day off, 06-07 weekend'),
    ('2020-03-27 10:00+03', '1 wd', 77, '2020-03-30', '28-29.03 plain weekend, 30.03 Mon decree now working'),
    ('2020-04-30 10:00+03', '1 wd', 77, '2020-05-06', '01.05 holiday, 02-03 weekend, 04-05 days off, 06.05 decree now working'),
    ('2020-05-07 10:00+03', '1 wd', 77, '2020-05-08', '08.05.2020 Fri decree, now working'),
    ('2020-05-07 10:00+03', '2 wd', 77, '2020-05-12', '08.05 = 1; 09 hol, 10 Sun, 11 day off; 12.05 = 2'),
    ('2020-06-22 10:00+03', '2 cd', 77, '2020-06-24', '22.06+2 = 24.06.2020 Wed decree, now working')
  ) AS v(s, t, r, e, why);

-- Weekends inside the decree periods (30-31.10.2021, Saturdays and Sundays
-- of April 2020) are listed in the XML with the decree as their holiday,
-- but they are weekends: they stay days off when decree days do not move
-- deadlines.
-- (Found by these tests: a decree day on a weekend once counted as working.)
SELECT is(cuvr.due_date(s::timestamptz, t::cuvr.term, r::smallint), e::date,
          format('decree days not moving, weekend inside a decree period: due_date(%s, %s, %s) = %s (%s)', s, t, r, e, why))
  FROM (VALUES
    ('2021-10-29 10:00+03', '1 wd', 77, '2021-11-01', '30.10 Sat, 31.10 Sun stay off; 01.11 Mon decree working'),
    ('2020-03-25 10:00+03', '10 cd', 77, '2020-04-06', '25.03+10 = 04.04.2020 Sat (decree) stays off, 05 Sun -> 06.04 Mon'),
    ('2021-10-29 10:00+03', '2 cd', 77, '2021-11-01', '29.10+2 = 31.10 Sun -> 01.11'),
    ('2021-10-25 10:00+03', '10 wd', 77, '2021-11-10', '26-29.10 = 4; 01-03.11 = 7; 04-07.11 off; 08,09,10.11 = 10'),
    ('2020-04-03 10:00+03', '1 wd', 77, '2020-04-06', '04.04.2020 Sat, 05.04 Sun stay off; 06.04 Mon'),
    ('2020-04-02 10:00+03', '2 cd', 77, '2020-04-06', '02.04+2 = 04.04 Sat -> 06.04 Mon')
  ) AS v(s, t, r, e, why);

SELECT is(cuvr.working_days_between(a::timestamptz, b::timestamptz, r::smallint), e,
          format('decree days not moving: working_days_between(%s, %s, %s) = %s (%s)', a, b, r, e, why))
  FROM (VALUES
    ('2021-10-29 10:00+03', '2021-11-08 10:00+03', 77, 4, '01,02,03,08.11 (30-31.10 weekend)'),
    ('2020-04-03 10:00+03', '2020-04-10 10:00+03', 77, 5, '06-10.04.2020 (04-05.04 weekend)')
  ) AS v(a, b, r, e, why);

SELECT is(cuvr.add_term('2021-10-29 17:00+03'::timestamptz, '2 wh'::cuvr.term, 77::smallint),
          '2021-11-01 10:00+03'::timestamptz,
          'decree days not moving: Fri 29.10.2021 17:00 + 2 wh = Mon 01.11 10:00 (30-31.10 weekend)');

SELECT * FROM finish();
ROLLBACK;
