\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Channels and kinds of SPEC, default settings and answer templates.

INSERT INTO @extschema@.channel (code, name) VALUES
    ('pos_form', 'Платформа обратной связи (ПОС): форма'),
    ('pos_app', 'Платформа обратной связи (ПОС): мобильное приложение'),
    ('regional_portal', 'Региональный портал'),
    ('municipal_system', 'Муниципальная система'),
    ('social_network', 'Социальные сети'),
    ('messenger', 'Мессенджеры'),
    ('email', 'Электронная почта'),
    ('hotline', 'Горячая линия'),
    ('mfc', 'МФЦ'),
    ('contact_center', 'Контакт-центр'),
    ('paper', 'Письменное обращение');

INSERT INTO @extschema@.appeal_kind (code, name) VALUES
    ('appeal', 'Обращение'),
    ('message', 'Сообщение'),
    ('complaint', 'Жалоба'),
    ('proposal', 'Предложение'),
    ('request', 'Запрос');

INSERT INTO @extschema@.setting (name, value, description) VALUES
    ('node_id', '0', 'Number 0-999 of this installation within its regions; part of appeal ids so that several installations never collide. Default 0.'),
    ('notify', 'false', 'Send NOTIFY cuvr_events with a small JSON payload for every appeal event. Default false: PostgreSQL serialises the commits of all notifying transactions (a database-wide lock from pre-commit until the commit is flushed), which costs much of the throughput with several clients; cuvr.outbox is the durable feed.'),
    ('max_text_length', '100000', 'Longest accepted text of an appeal or answer, in characters. Default 100000.'),
    ('classifier_enabled', 'true', 'Classify appeals that arrive without a category (keyword rules, then the trained model). Default true.'),
    ('negative_rating_max', '2', 'Ratings of this score or lower are negative and send the appeal to the higher body for re-processing. Default 2.'),
    ('escalation_depth_limit', '2', 'How many levels an appeal goes up the body tree; past it the coordinating ЦУР takes it under manual control. Default 2.'),
    ('repeat_window', '90 days', 'An appeal of the same applicant on the same category or ТОК code within this window is a repeat (ССТУ «Повторное»). Default 90 days.'),
    ('mass_detection', 'true', 'Sign appeal texts and group near-duplicates into mass problems. Default true.'),
    ('mass_window', '72 hours', 'Near-duplicates of an appeal are looked for among appeals received within this interval of it. Default 72 hours.'),
    ('mass_max_distance', '3', 'Text signatures differing in at most this many of 64 bits are near-duplicates (0-3; the signature index finds up to 3). Default 3.'),
    ('mass_radius_m', '300', 'Near-duplicates with coordinates on both must lie within this many metres of each other. Default 300.'),
    ('mass_min_group', '3', 'A problem is made when this many near-duplicate appeals exist. Default 3.'),
    ('triage_confidence', '0.6', 'An appeal whose category the classifier finds with a lower confidence waits in triage for a person. Default 0.6.'),
    ('body_rating_min_answers', '10', 'A body is ranked in cuvr_bi.body_rating for a month only with at least this many answers in it; below, its figures are shown but unranked. Default 10.'),
    ('outbox_retry_after', '5 minutes', 'A fetched but unconfirmed notification is handed out again after this interval. Default 5 minutes.');

INSERT INTO @extschema@.answer_template (code, result, name, body) VALUES
    ('registered', NULL, 'Уведомление о регистрации',
     'Уважаемый(ая) {{applicant_name}}! Ваше обращение зарегистрировано {{registered_date}} под номером {{number}}. Срок рассмотрения — до {{due_date}}.'),
    ('redirected', NULL, 'Уведомление о переадресации',
     'Уважаемый(ая) {{applicant_name}}! Ваше обращение № {{number}} от {{registered_date}} направлено для рассмотрения в {{body}}.'),
    ('measures_taken', 'measures_taken', 'Меры приняты',
     'Уважаемый(ая) {{applicant_name}}! По Вашему обращению № {{number}} от {{registered_date}} ({{category}}) {{body}} сообщает, что меры приняты. Дата ответа: {{today}}.'),
    ('explained', 'explained', 'Разъяснено',
     'Уважаемый(ая) {{applicant_name}}! По Вашему обращению № {{number}} от {{registered_date}} {{body}} даёт следующие разъяснения.'),
    ('supported', 'supported', 'Поддержано',
     'Уважаемый(ая) {{applicant_name}}! Ваше предложение по обращению № {{number}} от {{registered_date}} поддержано {{body}}.'),
    ('not_supported', 'not_supported', 'Не поддержано',
     'Уважаемый(ая) {{applicant_name}}! По Вашему обращению № {{number}} от {{registered_date}} {{body}} сообщает, что оно не поддержано, по следующим причинам.');

INSERT INTO @extschema@.secret (name, value)
VALUES ('applicant_key', pg_catalog.decode(pg_catalog.md5(pg_catalog.gen_random_uuid()::text)
                         OPERATOR(pg_catalog.||) pg_catalog.md5(pg_catalog.gen_random_uuid()::text), 'hex'));
