-- Deadlines on appeals: set at registration by the policies, kept when the
-- source supplies one, renewed on redirect, moved by the one extension;
-- cuvr.run_maintenance() marks near and past deadlines once.
\set SHOW_CONTEXT never
SET timezone = 'Europe/Moscow';
SET datestyle = 'ISO, YMD';
-- Deadlines may cross into years without a calendar: sql/calendar.sql tests that warning.
SET client_min_messages = error;
INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name) VALUES
    (401, 71, NULL, 'regional', 'oiv', 'Министерство (сроки)'),
    (402, 71, 401, 'municipal', 'omsu', 'Администрация (сроки)');
SELECT cuvr.register_appeal('{"source":"due","external_id":"1","region":71,"channel":"email","text":"Обычное"}') AS plain \gset
SELECT cuvr.register_appeal('{"source":"due","external_id":"2","region":71,"channel":"email","text":"Срочное","expedited":true}') AS fast \gset
SELECT cuvr.register_appeal('{"source":"due","external_id":"3","region":71,"channel":"social_network","kind":"message","text":"Пост"}') AS social \gset
SELECT cuvr.register_appeal(jsonb_build_object('source', 'due', 'external_id', '4', 'region', 71, 'channel', 'pos_form',
       'text', 'Срок от ПОС', 'received_at', now() - interval '40 days', 'due_at', now() - interval '10 days')) AS supplied \gset
-- 30 cd, 10 cd expedited, supplied kept; social networks also get a first-response deadline.
SELECT id = :plain AS plain, due_at = cuvr.add_term(registered_at, '30 cd', region_code) AS thirty_days,
       due_at_supplied, due_estimated = (cuvr.deadline(registered_at, '30 cd', region_code)).estimated AS flag_right,
       term_started_at = registered_at AS term_from_registration,
       first_response_due_at IS NULL AS no_first_response
  FROM cuvr.appeal WHERE id = :plain;
SELECT due_at = cuvr.add_term(registered_at, '10 cd', region_code) AS ten_days FROM cuvr.appeal WHERE id = :fast;
SELECT due_at = cuvr.add_term(registered_at, '30 cd', region_code) AS thirty_days,
       first_response_due_at = cuvr.add_term(registered_at, '8 wh', region_code) AS eight_working_hours
  FROM cuvr.appeal WHERE id = :social;
SELECT due_at_supplied, due_at < now() AS in_the_past FROM cuvr.appeal WHERE id = :supplied;
-- Redirect: the competent body gets a full term from the redirect.
SELECT cuvr.assign(:plain, 401);
SELECT cuvr.redirect(:plain, 402, 'Компетенция ОМСУ');
SELECT due_at = cuvr.add_term(term_started_at, '30 cd', region_code) AS renewed, term_started_at > registered_at AS restarted
  FROM cuvr.appeal WHERE id = :plain;
-- A supplied deadline survives a redirect.
SELECT cuvr.assign(:supplied, 401);
SELECT cuvr.redirect(:supplied, 402, 'Компетенция ОМСУ');
SELECT due_at < now() AS still_supplied FROM cuvr.appeal WHERE id = :supplied;
-- Extension: +30 cd after the last day of the current term, once.
SELECT due_at AS before_extension FROM cuvr.appeal WHERE id = :plain \gset
SELECT cuvr.extend(:plain, 'Выезд на место');
SELECT due_at = cuvr.add_term(:'before_extension'::timestamptz - interval '1 microsecond', '30 cd', 71) AS extended,
       extended_at IS NOT NULL AS marked
  FROM cuvr.appeal WHERE id = :plain;
SELECT action, note FROM cuvr.appeal_event WHERE appeal_id = :plain ORDER BY id;
-- Maintenance: the supplied past deadline is overdue; with the share at 0
-- every open appeal with a future deadline is near it.
UPDATE cuvr.setting SET value = '0' WHERE name = 'near_due_share';
SELECT near_due, overdue FROM cuvr.run_maintenance();
SELECT near_due, overdue FROM cuvr.run_maintenance();
UPDATE cuvr.setting SET value = '0.8' WHERE name = 'near_due_share';
SELECT a.external_id, a.near_due_at IS NOT NULL AS near, a.overdue_at IS NOT NULL AS overdue
  FROM cuvr.appeal a WHERE a.source = 'due' ORDER BY a.external_id;
SELECT a.external_id, e.action, count(*) FROM cuvr.appeal_event e JOIN cuvr.appeal a ON a.id = e.appeal_id
 WHERE a.source = 'due' AND e.action IN ('near_due', 'overdue') GROUP BY 1, 2 ORDER BY 1, 2;
-- The overdue body is told; with notify_parent_on_overdue its parent too.
SELECT o.recipient_kind, o.recipient FROM cuvr.outbox o JOIN cuvr.appeal_event e ON e.id = o.event_id AND e.region_code = o.region_code
 WHERE e.appeal_id = :supplied AND e.action = 'overdue' ORDER BY 1, 2;
UPDATE cuvr.setting SET value = 'true' WHERE name = 'notify_parent_on_overdue';
SELECT cuvr.register_appeal(jsonb_build_object('source', 'due', 'external_id', '5', 'region', 71, 'channel', 'pos_form',
       'text', 'Ещё просрочка', 'received_at', now() - interval '40 days', 'due_at', now() - interval '1 day')) AS late \gset
SELECT cuvr.assign(:late, 402);
SELECT overdue FROM cuvr.run_maintenance();
SELECT o.recipient_kind, o.recipient FROM cuvr.outbox o JOIN cuvr.appeal_event e ON e.id = o.event_id AND e.region_code = o.region_code
 WHERE e.appeal_id = :late AND e.action = 'overdue' ORDER BY 1, 2;
UPDATE cuvr.setting SET value = 'false' WHERE name = 'notify_parent_on_overdue';
-- An answered appeal is no longer watched; an extension clears the marks.
SELECT cuvr.answer(:late, 'Ответ', 'explained') > 0 AS answered;
SELECT cuvr.extend(:supplied, 'Продление');
SELECT near_due_at IS NULL AND overdue_at IS NULL AS marks_cleared FROM cuvr.appeal WHERE id = :supplied;
UPDATE cuvr.setting SET value = '2' WHERE name = 'near_due_share';
SELECT near_due, overdue FROM cuvr.run_maintenance();
UPDATE cuvr.setting SET value = '0.8' WHERE name = 'near_due_share';
-- BI: response working days.
SELECT response_working_days FROM cuvr_bi.appeal_facts WHERE appeal_id = :late;
