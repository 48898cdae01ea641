-- cuvr.register_appeal(): payload validation, idempotency, identity,
-- applicants stored apart, hooks leave unrouted appeals in triage.
\set SHOW_CONTEXT never
INSERT INTO cuvr.body (id, region_code, level, kind, name) VALUES (101, 71, 'regional', 'cur', 'ЦУР Тульской области');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"A-1","region":71,"channel":"pos_form","kind":"complaint",
  "text":"  Во дворе дома 5 по ул. Ленина яма  ","subject":"Яма","received_at":"2026-01-15T09:30:00+03:00",
  "territory":"70 701 000","address":"Тула, ул. Ленина, 5","lat":54.19,"lon":37.61,"expedited":true,
  "category":"roads.other","tok":"0005.0005.0056.1160","due_at":"2026-02-14T21:00:00Z",
  "applicant":{"name":"Иванов Иван Иванович","email":"Ivanov@Example.RU","phone":"8 (912) 345-67-89","esia_id":"1000001"}}') AS first \gset
SELECT :first AS id, cuvr.appeal_region(:first) AS region;
SELECT reg_number ~ '^71-[0-9]{2}-0000001$' AS number_ok, status, body_id, category_confirmed, text, territory,
       expedited, tok, received_at = '2026-01-15T09:30:00+03:00' AS received_ok, due_at_supplied,
       applicant_id IS NOT NULL AS has_applicant, version
  FROM cuvr.appeal WHERE id = :first;
-- The applicant lives apart, normalised.
SELECT name, email, phone, esia_id FROM cuvr.applicant;
-- The same (source, external_id) returns the same id, whatever else is sent.
SELECT cuvr.register_appeal('{"source":"pos","external_id":"A-1","region":71,"channel":"email","text":"другой"}') = :first AS same_id;
SELECT count(*) FROM cuvr.appeal;
-- The same person again (by ESIA id) is recognised; missing contacts are kept.
SELECT cuvr.register_appeal('{"source":"pos","external_id":"A-2","region":"71","channel":"hotline",
  "text":"Повторно про яму","applicant":{"esia_id":"1000001","phone":"+7 912 345 67 89"}}') AS second \gset
SELECT count(*) AS applicants FROM cuvr.applicant;
SELECT count(DISTINCT applicant_id) AS people FROM cuvr.appeal;
-- Anonymous appeals are allowed; the kind defaults to appeal.
SELECT cuvr.register_appeal('{"source":"vk","external_id":"post-9","region":71,"channel":"social_network","text":"Нет света","applicant":{}}') AS anon \gset
SELECT kind, applicant_id, status FROM cuvr.appeal WHERE id = :anon;
-- The journal and the outbox saw each registration once.
SELECT action, from_status, to_status, actor = current_user AS actor_ok FROM cuvr.appeal_event ORDER BY id;
SELECT recipient_kind, count(*) FROM cuvr.outbox GROUP BY 1 ORDER BY 1;
-- Bad payloads: a clear error each, nothing written.
SELECT cuvr.register_appeal(NULL);
SELECT cuvr.register_appeal('[1,2]');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","colour":"red"}');
SELECT cuvr.register_appeal('{"external_id":"B","region":71,"channel":"pos_form","text":"x"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"  ","region":71,"channel":"pos_form","text":"x"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","channel":"pos_form","text":"x"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":999,"channel":"pos_form","text":"x"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":98,"channel":"pos_form","text":"x"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":"71; DROP TABLE cuvr.appeal","channel":"pos_form","text":"x"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pigeon","text":"x"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","kind":"poem","text":"x"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"   "}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":{"a":1}}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","received_at":"вчера"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","received_at":"1812-09-07"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","received_at":"2999-01-01"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","received_at":"infinity"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","territory":"123"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","lat":91}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","lon":"east"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","expedited":"maybe"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","category":"no.such"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","tok":"5.5.56"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","received_at":"2026-01-02T00:00:00Z","due_at":"2026-01-01T00:00:00Z"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","applicant":"Иванов"}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","applicant":{"passport":"4500 123456"}}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","applicant":{"email":"not-an-email"}}');
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":71,"channel":"pos_form","text":"x","applicant":{"phone":"call me"}}');
SELECT cuvr.register_appeal(jsonb_build_object('source','pos','external_id','B','region',71,'channel','pos_form','text',repeat('я', 100001)));
SELECT cuvr.register_appeal(jsonb_build_object('source',repeat('s', 65),'external_id','B','region',71,'channel','pos_form','text','x'));
-- None of the failures left a trace.
SELECT (SELECT count(*) FROM cuvr.appeal) AS appeals, (SELECT count(*) FROM cuvr.applicant) AS applicants,
       (SELECT count(*) FROM cuvr.appeal_event) AS events;
-- An inactive region takes no appeals.
UPDATE cuvr.region SET active = false WHERE code = 69;
SELECT cuvr.register_appeal('{"source":"pos","external_id":"B","region":69,"channel":"pos_form","text":"x"}');
UPDATE cuvr.region SET active = true WHERE code = 69;
-- Ids embed the region: an appeal of Tver (69) cannot collide with Tula's.
SELECT cuvr.appeal_region(cuvr.register_appeal('{"source":"pos","external_id":"T-1","region":69,"channel":"pos_form","text":"x"}')) AS tver;
