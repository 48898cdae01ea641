-- cuvr demo, step 2: read the generated appeals (CSV on psql's stdin) into
-- demo.incoming and register every second one through
-- cuvr.register_appeal(jsonb), the way a portal or ПОС connector would.
-- Then send one appeal again to show that (source, external_id) is idempotent.

CREATE TABLE demo.incoming (
    via text NOT NULL,              -- register | intake: which path the demo uses
    source text, external_id text, region text, channel text, kind text, text text,
    subject text, received_at text, territory text, address text, lat text, lon text,
    expedited text, category text, due_at text,
    applicant_name text, applicant_email text, applicant_phone text,
    true_category text,             -- what an operator would pick
    spam boolean NOT NULL,          -- no substance: to be rejected
    PRIMARY KEY (source, external_id)
);
\copy demo.incoming FROM pstdin WITH (FORMAT csv, HEADER)

-- The register_appeal() payload of a row: absent values are left out.
CREATE FUNCTION demo.payload(i demo.incoming)
RETURNS jsonb
LANGUAGE sql STABLE
RETURN jsonb_strip_nulls(jsonb_build_object(
    'source', i.source, 'external_id', i.external_id, 'region', i.region, 'channel', i.channel,
    'kind', i.kind, 'text', i.text, 'subject', i.subject, 'received_at', i.received_at,
    'territory', i.territory, 'address', i.address, 'lat', i.lat::numeric, 'lon', i.lon::numeric,
    'expedited', i.expedited::boolean, 'category', i.category, 'due_at', NULLIF(i.due_at, ''),
    'applicant', nullif(jsonb_strip_nulls(jsonb_build_object(
        'name', i.applicant_name, 'email', i.applicant_email, 'phone', i.applicant_phone)), '{}')));

\echo
\echo '== Регистрация через cuvr.register_appeal(jsonb) =='
\echo 'Пример payload (текст сокращён):'
SELECT jsonb_pretty(demo.payload(i) || jsonb_build_object('text', left(i.text, 50) || '…')) AS payload
  FROM demo.incoming AS i WHERE via = 'register' AND applicant_name IS NOT NULL
 ORDER BY received_at LIMIT 1;

SELECT count(*) AS registered
  FROM (SELECT cuvr.register_appeal(demo.payload(i))
          FROM demo.incoming AS i
         WHERE via = 'register'
         ORDER BY i.received_at::timestamptz) AS s;

\echo
\echo '== Идемпотентность: то же обращение (source, external_id) отправлено ещё раз =='
SELECT i.source, i.external_id, a.id AS registered_id,
       cuvr.register_appeal(demo.payload(i) || '{"text": "Повторная отправка того же обращения"}') AS id_sent_again,
       (SELECT count(*) FROM cuvr.appeal AS x
         WHERE x.source = i.source AND x.external_id = i.external_id) AS appeals_with_this_key
  FROM demo.incoming AS i
  JOIN cuvr.appeal AS a USING (source, external_id)
 WHERE i.via = 'register'
 ORDER BY a.id LIMIT 1;
