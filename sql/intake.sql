-- Bulk intake: COPY rows into cuvr.intake.  Good rows become appeals through
-- the same logic as cuvr.register_appeal(); each bad row stays with its error
-- and never aborts the good ones.
\set SHOW_CONTEXT never
COPY cuvr.intake (source, external_id, region, channel, kind, text, received_at, category, applicant_name, applicant_email) FROM stdin;
bulk	1	71	hotline	appeal	Не работает фонарь у дома 3	2026-03-01 10:00+03	\N	Петров Пётр	petrov@example.ru
bulk	2	71	email	complaint	Грубость в поликлинике	2026-03-01 11:00+03	\N	\N	\N
bulk	3	999	email	appeal	Неизвестный регион	2026-03-01 11:00+03	\N	\N	\N
bulk	4	71	email	appeal	Кривая дата	31.02.2026	\N	\N	\N
bulk	5	71	email	appeal	\N	2026-03-01 11:00+03	\N	\N	\N
bulk	6	71	fax	appeal	Факс	2026-03-01 11:00+03	\N	\N	\N
bulk	7	71	email	appeal	Неизвестная категория	2026-03-01 11:00+03	no.such	\N	\N
bulk	8	71	email	appeal	Плохой адрес почты	2026-03-01 11:00+03	\N	Сидоров	sidorov@
bulk	1	71	hotline	appeal	Дубликат первой строки	2026-03-01 10:00+03	\N	\N	\N
\N	9	71	email	appeal	Без источника	2026-03-01 11:00+03	\N	\N	\N
bulk	10	71	messenger	message	Последняя хорошая строка	2026-03-01 12:00+03	roads.other	\N	\N
\.
SELECT external_id, status, category_confirmed FROM cuvr.appeal WHERE source = 'bulk' ORDER BY external_id;
SELECT external_id, error, error_sqlstate FROM cuvr.intake ORDER BY id;
-- A whole failed COPY (a wrong column count) loses nothing either: it is rolled back as a whole.
COPY cuvr.intake (source, external_id, region, channel, text) FROM stdin;
bulk	11	71	email
\.
SELECT count(*) AS kept FROM cuvr.intake;
-- Fix the reference data and retry: the fixed rows become appeals.
INSERT INTO cuvr.channel (code, name) VALUES ('fax', 'Факс');
SELECT cuvr.intake_retry() AS registered_on_retry;
SELECT external_id, error FROM cuvr.intake ORDER BY id;
SELECT count(*) AS bulk_appeals FROM cuvr.appeal WHERE source = 'bulk';
-- Rows restored with their error are kept as they are.
INSERT INTO cuvr.intake (source, external_id, region, channel, text, error) VALUES ('bulk', '12', '71', 'email', 'ok', 'old error');
SELECT external_id, error FROM cuvr.intake WHERE external_id = '12';
DELETE FROM cuvr.intake;
