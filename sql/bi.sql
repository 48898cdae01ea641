-- cuvr_bi: standard SQL types only, no personal data, every column commented.
\set SHOW_CONTEXT never
SELECT table_name, column_name, data_type
  FROM information_schema.columns
 WHERE table_schema = 'cuvr_bi'
   AND data_type NOT IN ('integer', 'bigint', 'smallint', 'text', 'boolean', 'date', 'numeric',
                         'double precision', 'timestamp with time zone');
SELECT table_name, count(*) AS columns FROM information_schema.columns
 WHERE table_schema = 'cuvr_bi' GROUP BY 1 ORDER BY 1;
-- No column name hints at personal data.
SELECT table_name, column_name FROM information_schema.columns
 WHERE table_schema = 'cuvr_bi' AND column_name ~ '(name|email|phone|esia)' AND column_name !~ '^(region|body|theme|category)_name$';
-- Facts: on-time flag, rating, pseudonymous key equal for one person.
INSERT INTO cuvr.body (id, region_code, level, kind, name) VALUES (301, 71, 'regional', 'oiv', 'Министерство транспорта');
SELECT cuvr.register_appeal(jsonb_build_object('source', 'bi', 'external_id', '1', 'region', 71, 'channel', 'pos_app',
    'text', 'Автобус не пришёл', 'category', 'transport.other', 'due_at', now() + interval '10 days',
    'applicant', jsonb_build_object('name', 'Кузнецов', 'email', 'k@example.ru'))) AS x \gset
SELECT cuvr.register_appeal('{"source":"bi","external_id":"2","region":71,"channel":"pos_app","text":"Снова автобус","applicant":{"email":"k@example.ru"}}') AS y \gset
SELECT cuvr.assign(:x, 301);
SELECT cuvr.answer(:x, 'Расписание восстановлено', 'measures_taken') > 0;
SELECT cuvr.rate(:x, 2);
SELECT status, on_time, rating, theme_code, category_code, body_name, length(applicant_key) AS key_length
  FROM cuvr_bi.appeal_facts WHERE appeal_id = :x;
SELECT count(DISTINCT applicant_key) AS people FROM cuvr_bi.appeal_facts WHERE appeal_id IN (:x, :y);
SELECT position('Кузнецов' IN string_agg(row_to_json(f)::text, '')) = 0 AS no_name,
       position('k@example.ru' IN string_agg(row_to_json(f)::text, '')) = 0 AS no_email
  FROM cuvr_bi.appeal_facts f;
SELECT channel, sum(received) AS received, sum(answered) AS answered, sum(answered_on_time) AS on_time,
       sum(ratings) AS ratings, sum(rating_sum) AS rating_sum, sum(negative_ratings) AS negative
  FROM cuvr_bi.kpi_daily WHERE channel = 'pos_app' GROUP BY channel;
