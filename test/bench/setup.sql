-- Bench database: cuvr with 40 municipal bodies of region 71 under a
-- ministry under the ЦУР (so that negative ratings escalate), and plain
-- tables for the baseline.
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS cuvr;
INSERT INTO cuvr.body (region_code, level, kind, name, coordinator) VALUES (71, 'regional', 'cur', 'bench ЦУР', true);
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
SELECT 71, id, 'regional', 'oiv', 'bench ministry' FROM cuvr.body WHERE name = 'bench ЦУР';
INSERT INTO cuvr.body (region_code, parent_id, level, kind, name)
SELECT 71, (SELECT id FROM cuvr.body WHERE name = 'bench ministry'), 'municipal', 'omsu', 'bench body ' || g
  FROM generate_series(1, 40) g;
CREATE TABLE plain_appeal (id bigserial PRIMARY KEY, source text, external_id text, region_code smallint,
    channel text, kind text, status text, body_id integer, text text, applicant text,
    registered_at timestamptz DEFAULT now(), answered_at timestamptz, updated_at timestamptz,
    UNIQUE (source, external_id));
CREATE TABLE plain_answer (id bigserial PRIMARY KEY, appeal_id bigint REFERENCES plain_appeal, text text, result text);
CREATE TABLE plain_rating (id bigserial PRIMARY KEY, appeal_id bigint REFERENCES plain_appeal, score integer);
