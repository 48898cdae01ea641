-- cuvr.due_date (cd and wd terms) and cuvr.working_days_between against a
-- straightforward SQL walk over the calendar tables, for thousands of
-- random starts in 2020-2026 in four regions with different time zones
-- and regional holidays.
--
-- The reference calendar is built here from cuvr.calendar_day (federal
-- layer, region_code 0), cuvr.regional_holiday and the region's own
-- cuvr.calendar_day rows; it shares no code with the C implementation
-- (bitmap + prefix counts + binary search).
BEGIN;
SELECT plan(7);

SET LOCAL timezone = 'UTC';

-- Reference calendar, one row per region and day of 2020-2027.
CREATE TEMP TABLE ref_day ON COMMIT DROP AS
WITH days AS (
    SELECT g::date AS d FROM generate_series(date '2020-01-01', date '2027-12-31', interval '1 day') AS g
), federal AS (
    SELECT days.d,
           (extract(isodow FROM days.d) < 6
            AND f.kind IS DISTINCT FROM 'holiday' AND f.kind IS DISTINCT FROM 'day_off'
            AND f.kind IS DISTINCT FROM 'decree' AND f.kind IS DISTINCT FROM 'weekend')
           OR f.kind IN ('working_weekend', 'shortened', 'working') AS working
      FROM days
      LEFT JOIN cuvr.calendar_day AS f ON f.region_code = 0 AND f.day = days.d
), regions AS (
    SELECT unnest('{77,21,39,25}'::smallint[]) AS r
)
SELECT regions.r, federal.d,
       CASE
           WHEN o.kind IS NOT NULL THEN o.kind IN ('working', 'shortened', 'working_weekend')
           WHEN h.region_code IS NOT NULL THEN false
           ELSE federal.working
       END AS working
  FROM federal
 CROSS JOIN regions
  LEFT JOIN cuvr.regional_holiday AS h
         ON h.region_code = regions.r
        AND h.month = extract(month FROM federal.d)
        AND h.day = extract(day FROM federal.d)
        AND extract(year FROM federal.d) BETWEEN h.since_year AND h.until_year
  LEFT JOIN cuvr.calendar_day AS o ON o.region_code = regions.r AND o.day = federal.d;
CREATE INDEX ON ref_day (r, d);
ANALYZE ref_day;

-- Random (start, n, region): starts anywhere in 2020-01-01 .. 2026-09-30
-- (so that every due date stays inside the loaded years 2020-2026), at any
-- time of day, so that local dates differ between time zones.
SELECT setseed(0.20250303);
CREATE TEMP TABLE sample ON COMMIT DROP AS
SELECT i,
       timestamptz '2020-01-01 00:00+00'
           + random() * (timestamptz '2026-09-30 00:00+00' - timestamptz '2020-01-01 00:00+00') AS start,
       1 + floor(random() * 60)::integer AS n,
       (ARRAY[77, 21, 39, 25])[1 + floor(random() * 4)::integer]::smallint AS r
  FROM generate_series(1, 3000) AS i;

CREATE TEMP TABLE walked ON COMMIT DROP AS
SELECT s.i, s.start, s.n, s.r, l.ls,
       cuvr.due_date(s.start, (s.n || ' cd')::cuvr.term, s.r) AS got_cd,
       (SELECT min(x.d) FROM ref_day AS x
         WHERE x.r = s.r AND x.d >= l.ls + s.n AND x.working) AS want_cd,
       cuvr.due_date(s.start, (s.n || ' wd')::cuvr.term, s.r) AS got_wd,
       (SELECT x.d FROM ref_day AS x
         WHERE x.r = s.r AND x.d > l.ls AND x.working
         ORDER BY x.d OFFSET s.n - 1 LIMIT 1) AS want_wd
  FROM sample AS s
  JOIN cuvr.region AS g ON g.code = s.r
 CROSS JOIN LATERAL (SELECT (s.start AT TIME ZONE g.tz)::date AS ls) AS l;

SELECT ok((SELECT count(DISTINCT r) = 4
                AND count(DISTINCT ls) > 1500
                AND count(*) FILTER (WHERE ls BETWEEN '2020-03-01' AND '2020-05-11') > 0
                AND count(*) FILTER (WHERE ls BETWEEN '2021-10-01' AND '2021-11-07') > 0
                AND count(*) FILTER (WHERE ls <> (start AT TIME ZONE 'UTC')::date) > 0
           FROM walked),
          'the sample covers the four regions, > 1500 local start dates, both decree periods, and local dates other than UTC');

SELECT is((SELECT count(*)::integer FROM walked WHERE want_cd IS NOT NULL), 3000,
          'cd: 3000 random (start, n, region) compared');
SELECT is((SELECT count(*)::integer FROM walked WHERE got_cd IS DISTINCT FROM want_cd), 0,
          'cd: due_date agrees with the SQL walk (first working day on or after local start + n)');
SELECT diag(format('cd mismatch: start %s region %s n %s local %s: got %s, walk %s',
                   start, r, n, ls, got_cd, want_cd))
  FROM (SELECT * FROM walked WHERE got_cd IS DISTINCT FROM want_cd ORDER BY i LIMIT 5) AS m;

SELECT is((SELECT count(*)::integer FROM walked WHERE want_wd IS NOT NULL), 3000,
          'wd: 3000 random (start, n, region) compared');
SELECT is((SELECT count(*)::integer FROM walked WHERE got_wd IS DISTINCT FROM want_wd), 0,
          'wd: due_date agrees with the SQL walk (n-th working day after the local start)');
SELECT diag(format('wd mismatch: start %s region %s n %s local %s: got %s, walk %s',
                   start, r, n, ls, got_wd, want_wd))
  FROM (SELECT * FROM walked WHERE got_wd IS DISTINCT FROM want_wd ORDER BY i LIMIT 5) AS m;

-- working_days_between for 1000 random pairs within 150 days of each other
-- (either order): working days after a's local date up to and including
-- b's local date, negated when b's local date is before a's.
CREATE TEMP TABLE pairs ON COMMIT DROP AS
SELECT i, a, a + (random() * 300 - 150) * interval '1 day' AS b,
       (ARRAY[77, 21, 39, 25])[1 + floor(random() * 4)::integer]::smallint AS r
  FROM (SELECT i, timestamptz '2020-06-01 00:00+00'
                      + random() * (timestamptz '2026-06-30 00:00+00' - timestamptz '2020-06-01 00:00+00') AS a
          FROM generate_series(1, 1000) AS i) AS p;

CREATE TEMP TABLE between_walked ON COMMIT DROP AS
SELECT p.i, p.a, p.b, p.r, l.la, l.lb,
       cuvr.working_days_between(p.a, p.b, p.r) AS got,
       CASE WHEN l.lb >= l.la
            THEN (SELECT count(*) FROM ref_day AS x
                   WHERE x.r = p.r AND x.working AND x.d > l.la AND x.d <= l.lb)
            ELSE -(SELECT count(*) FROM ref_day AS x
                    WHERE x.r = p.r AND x.working AND x.d > l.lb AND x.d <= l.la)
       END::integer AS want
  FROM pairs AS p
  JOIN cuvr.region AS g ON g.code = p.r
 CROSS JOIN LATERAL (SELECT (p.a AT TIME ZONE g.tz)::date AS la,
                            (p.b AT TIME ZONE g.tz)::date AS lb) AS l;

SELECT is((SELECT count(*)::integer FROM between_walked WHERE want IS NOT NULL), 1000,
          'working_days_between: 1000 random pairs compared');
SELECT is((SELECT count(*)::integer FROM between_walked WHERE got IS DISTINCT FROM want), 0,
          'working_days_between agrees with the SQL walk');
SELECT diag(format('working_days_between mismatch: a %s b %s region %s (local %s .. %s): got %s, walk %s',
                   a, b, r, la, lb, got, want))
  FROM (SELECT * FROM between_walked WHERE got IS DISTINCT FROM want ORDER BY i LIMIT 5) AS m;

SELECT * FROM finish();
ROLLBACK;
