-- cuvr demo, step 3: bulk load the other half through COPY cuvr.intake FROM
-- STDIN (the CSV arrives on psql's stdin).  Each good row becomes an appeal;
-- the deliberately bad rows stay in cuvr.intake with their error.

SELECT count(*) AS appeals_before FROM cuvr.appeal \gset

\copy cuvr.intake (source, external_id, region, channel, kind, text, subject, received_at, territory, address, lat, lon, expedited, category, due_at, applicant_name, applicant_email, applicant_phone) FROM pstdin WITH (FORMAT csv, HEADER)

\echo
\echo '== Пакетная загрузка COPY cuvr.intake FROM STDIN =='
SELECT (SELECT count(*) FROM cuvr.appeal) - :appeals_before AS became_appeals,
       (SELECT count(*) FROM cuvr.intake) AS kept_with_error;
