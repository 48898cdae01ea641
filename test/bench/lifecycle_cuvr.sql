-- pgbench: one appeal through its life with cuvr: register -> assign -> answer -> rate.
\set body random(1, 40)
-- 20 % negative ratings (1 or 2, which escalate), 80 % of 3-5
\set r random(1, 10)
\set score case when :r <= 2 then :r else 3 + (:r - 3) % 3 end
SELECT cuvr.register_appeal(jsonb_build_object('source', 'bench', 'external_id', gen_random_uuid()::text,
       'region', 71, 'channel', 'pos_form', 'kind', 'appeal',
       'text', 'Во дворе дома не вывозят мусор, контейнеры переполнены',
       'applicant', jsonb_build_object('name', 'Житель', 'email', 'r' || :client_id || '@example.ru'))) AS id \gset
SELECT cuvr.assign(:id, (SELECT min(id) + :body - 1 FROM cuvr.body WHERE name LIKE 'bench body %'));
SELECT cuvr.answer(:id, 'Контейнеры вывезены', 'measures_taken');
SELECT cuvr.rate(:id, :score);
