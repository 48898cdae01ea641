-- pgbench baseline: the same four steps as plain SQL on plain tables, with no
-- validation, journal, outbox or row-level security.
\set body random(1, 40)
-- 20 % negative ratings (1 or 2, which escalate), 80 % of 3-5
\set r random(1, 10)
\set score case when :r <= 2 then :r else 3 + (:r - 3) % 3 end
INSERT INTO plain_appeal (source, external_id, region_code, channel, kind, status, text, applicant)
VALUES ('bench', gen_random_uuid()::text, 71, 'pos_form', 'appeal', 'triage',
        'Во дворе дома не вывозят мусор, контейнеры переполнены', 'Житель r' || :client_id || '@example.ru')
RETURNING id \gset
UPDATE plain_appeal SET status = 'assigned', body_id = :body WHERE id = :id;
WITH a AS (INSERT INTO plain_answer (appeal_id, text, result) VALUES (:id, 'Контейнеры вывезены', 'measures_taken') RETURNING id)
UPDATE plain_appeal SET status = 'answered', answered_at = now() WHERE id = :id;
WITH r AS (INSERT INTO plain_rating (appeal_id, score) VALUES (:id, :score) RETURNING id)
UPDATE plain_appeal SET updated_at = now() WHERE id = :id;
