-- deadline_policies.sql -- cuvr.policy_term() and cuvr.step_deadline()
-- (C, policies cached per backend) against the policy choice written as a
-- SQL query: the most specific match, then the lower id; the cache follows
-- changes in the same transaction and forgets them on rollback.  Rolls back.
BEGIN;
SELECT plan(12);

-- The reference: the choice as one SQL query over the table.
CREATE FUNCTION pg_temp.sql_policy_term(e text, k text, c text, x boolean) RETURNS cuvr.term
LANGUAGE sql STABLE AS $$
    SELECT p.term FROM cuvr.deadline_policy AS p
     WHERE p.event = e AND (p.kind IS NULL OR p.kind = k) AND (p.channel IS NULL OR p.channel = c)
       AND (p.expedited IS NULL OR p.expedited = x)
     ORDER BY (p.kind IS NOT NULL)::integer + (p.channel IS NOT NULL)::integer + (p.expedited IS NOT NULL)::integer DESC, p.id
     LIMIT 1
$$;
CREATE TEMP VIEW combos AS
SELECT e, k, c, x
  FROM unnest(ARRAY['registration', 'redirect', 'document_request', 'answer', 'extension', 'first_response', 'reprocess']) AS e,
       (SELECT code AS k FROM cuvr.appeal_kind UNION ALL SELECT NULL) AS kinds,
       (SELECT code AS c FROM cuvr.channel UNION ALL SELECT NULL) AS channels,
       (VALUES (true), (false), (NULL::boolean)) AS f(x);

SELECT is((SELECT count(*) FROM combos WHERE cuvr.policy_term(e, k, c, x)::text IS DISTINCT FROM pg_temp.sql_policy_term(e, k, c, x)::text),
          0::bigint, 'the built-in policies: every event, kind, channel and flag gets the term of the SQL choice');

-- Equally specific policies: the lower id wins; more specific beats both.
INSERT INTO cuvr.deadline_policy (id, event, kind, channel, expedited, term) VALUES
    (9001, 'document_request', 'complaint', NULL, NULL, '4 wd'),
    (9002, 'document_request', NULL, 'email', NULL, '6 wd');
SELECT is(cuvr.policy_term('document_request', 'complaint', 'email', false)::text, '4 wd',
          'of two equally specific policies the lower id wins (seen in the same transaction)');
INSERT INTO cuvr.deadline_policy (id, event, kind, channel, expedited, term) VALUES
    (9003, 'document_request', 'complaint', 'email', NULL, '2 wd');
SELECT is(cuvr.policy_term('document_request', 'complaint', 'email', false)::text, '2 wd',
          'a more specific policy beats them');
SELECT is(cuvr.policy_term('document_request', NULL, 'email', false)::text, '6 wd',
          'an appeal without a kind matches only policies open in kind');
UPDATE cuvr.deadline_policy SET term = '3 wd' WHERE id = 9003;
SELECT is(cuvr.policy_term('document_request', 'complaint', 'email', false)::text, '3 wd',
          'an UPDATE of a policy is seen at once');
SELECT is((SELECT count(*) FROM combos WHERE cuvr.policy_term(e, k, c, x)::text IS DISTINCT FROM pg_temp.sql_policy_term(e, k, c, x)::text),
          0::bigint, 'with the new policies every combination still gets the term of the SQL choice');

-- A rolled-back change is forgotten.
SAVEPOINT before_delete;
DELETE FROM cuvr.deadline_policy WHERE id IN (9001, 9002, 9003);
SELECT is(cuvr.policy_term('document_request', 'complaint', 'email', false)::text,
          pg_temp.sql_policy_term('document_request', 'complaint', 'email', false)::text,
          'a DELETE is seen at once');
ROLLBACK TO SAVEPOINT before_delete;
SELECT is(cuvr.policy_term('document_request', 'complaint', 'email', false)::text, '3 wd',
          'a rolled-back DELETE is forgotten');

-- step_deadline is the deadline of the chosen term.
SELECT is((SELECT (d.due_at, d.estimated)::text FROM cuvr.step_deadline('answer', 71::smallint, 'appeal', 'email', false,
                                                                        '2026-03-06 12:00+03') AS d),
          (SELECT (d.due_at, d.estimated)::text FROM cuvr.deadline('2026-03-06 12:00+03',
                                                                   cuvr.policy_term('answer', 'appeal', 'email', false), 71) AS d),
          'step_deadline is the deadline of the policy''s term');
SELECT is((SELECT (d.due_at, d.estimated)::text FROM cuvr.step_deadline('answer', NULL, 'appeal', 'email', false, now()) AS d),
          '(,)', 'no region: no deadline');
DELETE FROM cuvr.deadline_policy WHERE event = 'first_response';
SELECT is((SELECT (d.due_at, d.estimated)::text FROM cuvr.step_deadline('first_response', 71::smallint, 'appeal', 'email', false, now()) AS d),
          '(,)', 'no matching policy: no deadline');
SELECT throws_ok($$SELECT cuvr.step_deadline('answered', 71::smallint, 'appeal', 'email', false, now())$$,
                 '22023', 'unknown deadline policy event "answered"', 'an unknown step is an error');

SELECT * FROM finish();
ROLLBACK;
