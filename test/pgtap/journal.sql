-- journal.sql -- the journal trigger (C, src/journal.c): every labelled
-- change of an appeal writes one event and the outbox rows of the parties
-- who must hear of it, in order and with one payload; an unlabelled INSERT
-- (a restored row) writes nothing, an unlabelled UPDATE is an "update";
-- the overdue parent is told only on request.  Rolls back.
BEGIN;
SELECT plan(13);

INSERT INTO cuvr.body (id, region_code, parent_id, level, kind, name, coordinator) VALUES
    (8200, 71, NULL, 'regional', 'cur', 'ЦУР', true),
    (8201, 71, 8200, 'regional', 'oiv', 'Министерство', false),
    (8202, 71, 8201, 'municipal', 'omsu', 'Администрация', false);

SELECT cuvr.register_appeal(jsonb_build_object('source', 'jrn', 'external_id', 'a', 'region', 71, 'channel', 'email',
           'text', 'Не убран снег', 'category', 'landscaping.other',
           'applicant', jsonb_build_object('email', 'journal@example.ru'))) AS a \gset
SELECT applicant_id AS person FROM cuvr.appeal WHERE id = :a \gset

-- Registration: the event, then source, the receiving body and the applicant.
SELECT results_eq(format('SELECT action, from_status, to_status, from_body, to_body FROM cuvr.appeal_event WHERE appeal_id = %s', :a),
                  $$VALUES ('register'::text, NULL::text, 'triage'::text, NULL::integer, 8200)$$,
                  'registration writes one event');
SELECT results_eq(format('SELECT recipient_kind, recipient FROM cuvr.outbox WHERE appeal_id = %s ORDER BY id', :a),
                  format($$VALUES ('source'::text, 'jrn'::text), ('body', '8200'), ('applicant', '%s')$$, :person),
                  'registration tells the source, the body and the applicant, in that order');
SELECT is((SELECT count(DISTINCT payload) FROM cuvr.outbox WHERE appeal_id = :a), 1::bigint,
          'every outbox row of an event carries the same payload');
SELECT is((SELECT payload - 'due_at' FROM cuvr.outbox WHERE appeal_id = :a LIMIT 1),
          jsonb_build_object('appeal', :a, 'number', (SELECT reg_number FROM cuvr.appeal WHERE id = :a), 'region', 71,
                             'event', (SELECT id FROM cuvr.appeal_event WHERE appeal_id = :a), 'action', 'register',
                             'status', 'triage', 'from_status', NULL, 'body', 8200, 'from_body', NULL),
          'the payload names the appeal, the event and the move');
SELECT ok((SELECT bool_and(o.event_id = e.id) FROM cuvr.outbox AS o JOIN cuvr.appeal_event AS e ON e.appeal_id = o.appeal_id
            WHERE o.appeal_id = :a), 'outbox rows point to their event');

-- A move: the source, the new body and the old one; the applicant is not told of an assignment.
SELECT cuvr.assign(:a, 8202);
SELECT results_eq(format($$SELECT o.recipient_kind, o.recipient FROM cuvr.outbox AS o
                            JOIN cuvr.appeal_event AS e ON e.region_code = o.region_code AND e.id = o.event_id
                           WHERE o.appeal_id = %s AND e.action = 'assign' ORDER BY o.id$$, :a),
                  $$VALUES ('source'::text, 'jrn'::text), ('body', '8202'), ('body', '8200')$$,
                  'a move tells the source, the new body and the old one');

-- Overdue: the body is told, and its parent only with notify_parent_on_overdue.
UPDATE cuvr.setting SET value = 'false' WHERE name = 'notify_parent_on_overdue';
SELECT cuvr.label_change('overdue');
UPDATE cuvr.appeal SET overdue_at = now() WHERE id = :a;
SELECT cuvr.label_change(NULL);
SELECT results_eq(format($$SELECT o.recipient_kind, o.recipient FROM cuvr.outbox AS o
                            JOIN cuvr.appeal_event AS e ON e.region_code = o.region_code AND e.id = o.event_id
                           WHERE o.appeal_id = %s AND e.action = 'overdue' ORDER BY o.id$$, :a),
                  $$VALUES ('source'::text, 'jrn'::text), ('body', '8202')$$,
                  'overdue tells the responsible body');
UPDATE cuvr.setting SET value = 'true' WHERE name = 'notify_parent_on_overdue';
SELECT cuvr.label_change('overdue', 'again');
UPDATE cuvr.appeal SET overdue_at = now() WHERE id = :a;
SELECT cuvr.label_change(NULL);
SELECT results_eq(format($$SELECT o.recipient_kind, o.recipient FROM cuvr.outbox AS o
                            JOIN cuvr.appeal_event AS e ON e.region_code = o.region_code AND e.id = o.event_id
                           WHERE o.appeal_id = %s AND e.note = 'again' ORDER BY o.id$$, :a),
                  $$VALUES ('source'::text, 'jrn'::text), ('body', '8202'), ('body', '8201')$$,
                  'with notify_parent_on_overdue its parent body too');

-- A label's reference is kept as the event's ref.
SELECT cuvr.label_change('update', 'with a ref', 123456789012);
UPDATE cuvr.appeal SET manual_control = true WHERE id = :a;
SELECT cuvr.label_change(NULL);
SELECT is((SELECT ref FROM cuvr.appeal_event WHERE appeal_id = :a AND note = 'with a ref'), 123456789012::bigint,
          'the label''s reference becomes the event''s ref');

-- Unlabelled changes.
SELECT is((SELECT count(*) FROM cuvr.appeal_event WHERE appeal_id = :a), 5::bigint, 'five events so far');
UPDATE cuvr.appeal SET manual_control = false WHERE id = :a;
SELECT results_eq(format($$SELECT action, note FROM cuvr.appeal_event WHERE appeal_id = %s ORDER BY id DESC LIMIT 1$$, :a),
                  $$VALUES ('update'::text, NULL::text)$$, 'an unlabelled UPDATE is journalled as an update');

-- The trigger refuses to run as anything but its own trigger.
SELECT throws_ok('SELECT cuvr.appeal_journal()', '39P01', 'cuvr.appeal_journal() must be called as a trigger',
                 'the trigger function refuses to be called directly');
CREATE TEMP TABLE journal_misuse (id integer);
CREATE TRIGGER misuse BEFORE INSERT ON journal_misuse FOR EACH ROW EXECUTE FUNCTION cuvr.appeal_journal();
SELECT throws_ok('INSERT INTO journal_misuse VALUES (1)', '39P01', NULL, 'a BEFORE trigger is refused');

SELECT * FROM finish();
ROLLBACK;
