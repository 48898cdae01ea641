\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- The lifecycle after registration.
--
-- The functions that change an appeal are SECURITY DEFINER, and no working
-- role may write cuvr.appeal, cuvr.answer or cuvr.rating directly.  They are
-- the API boundary: each checks, through cuvr.may_act(), that the real
-- caller (cuvr.acting_role()) may take this action on this appeal, so an
-- executor acts only on the appeals of its bodies and a redirect can hand an
-- appeal to a body outside the executor's tree.  The guard trigger decides
-- which status changes are legal; the journal trigger records each change.
-- Every function is one statement's worth of work: on any error nothing
-- changes.

-- May the caller take this action on an appeal held by this body?
CREATE FUNCTION @extschema@.may_act(action text, body integer)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller name := @extschema@.acting_role();
BEGIN
    -- Superusers are members of every role.
    IF pg_catalog.pg_has_role(caller, 'cuvr_admin', 'MEMBER')
       OR pg_catalog.pg_has_role(caller, 'cuvr_operator', 'MEMBER') THEN
        RETURN true;
    END IF;
    IF action IN ('take', 'redirect', 'extend', 'answer')
       AND pg_catalog.pg_has_role(caller, 'cuvr_executor', 'MEMBER')
       AND body OPERATOR(pg_catalog.=) ANY (@extschema@.acting_bodies(caller)) THEN
        RETURN true;
    END IF;
    -- Integrations relay the applicant's rating of any appeal they deliver.
    IF action OPERATOR(pg_catalog.=) 'rate' AND pg_catalog.pg_has_role(caller, 'cuvr_integration', 'MEMBER') THEN
        RETURN true;
    END IF;
    RETURN false;
END
$$;
COMMENT ON FUNCTION @extschema@.may_act(text, integer) IS
    'whether the real caller may take an action on an appeal held by a body: operators and admins always, executors for their bodies, integrations to rate';

-- Lock an appeal the caller may act on, or fail without telling whether it
-- exists.
CREATE FUNCTION @extschema@.lock_appeal(appeal bigint, action text)
RETURNS @extschema@.appeal
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result @extschema@.appeal;
BEGIN
    IF appeal IS NULL THEN
        RAISE EXCEPTION 'appeal id must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO result FROM @extschema@.appeal AS a
     WHERE a.region_code OPERATOR(pg_catalog.=) @extschema@.appeal_region(appeal)
       AND a.id OPERATOR(pg_catalog.=) appeal
       FOR UPDATE;
    IF NOT FOUND OR NOT @extschema@.may_act(action, result.body_id) THEN
        RAISE EXCEPTION 'appeal % does not exist', appeal
            USING ERRCODE = 'no_data_found',
                  DETAIL = 'Either there is no such appeal or it belongs to a body the current role does not act for.';
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.lock_appeal(bigint, text) IS
    'internal: locks and returns an appeal the caller may act on, or raises no_data_found';

-- A body that may take appeals of a region.
CREATE FUNCTION @extschema@.check_body(body integer, region smallint, accused integer DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    b @extschema@.body;
BEGIN
    IF body IS NULL THEN
        RAISE EXCEPTION 'body must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO b FROM @extschema@.body AS x WHERE x.id OPERATOR(pg_catalog.=) body;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown body %', body
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The bodies are listed in cuvr.body.';
    END IF;
    IF NOT b.active THEN
        RAISE EXCEPTION 'body % is not active', body
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Body "%s" no longer takes appeals.', b.name);
    END IF;
    IF body OPERATOR(pg_catalog.=) accused THEN
        RAISE EXCEPTION 'appeal complains about body %, so it cannot be sent there', body
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = '59-ФЗ ст. 8 ч. 6 forbids sending a complaint to the body or official it is about.',
                  HINT = 'Send it to the parent body.';
    END IF;
    IF b.region_code OPERATOR(pg_catalog.<>) region AND b.level OPERATOR(pg_catalog.<>) 'federal' THEN
        RAISE EXCEPTION 'body % belongs to region %, not to region %', body, b.region_code, region
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Only federal bodies take appeals of other regions.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.check_body(integer, smallint, integer) IS
    'internal: raises unless the body exists, is active, serves the region and is not the body complained about';

-- Blank means spaces, tabs and line breaks, as for payload keys: a reason
-- of a tab is no reason.
CREATE FUNCTION @extschema@.require_reason(reason text, action text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Trim only a reason that starts or ends with a blank: btrim() walks
    -- every character of a long multibyte text.
    IF pg_catalog.left(reason, 1) IN (' ', E'\t', E'\r', E'\n')
       OR pg_catalog.right(reason, 1) IN (' ', E'\t', E'\r', E'\n') THEN
        reason := pg_catalog.btrim(reason, E' \t\r\n');
    END IF;
    IF reason IS NULL OR reason OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION '% needs a reason', action
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'The reason is part of the appeal''s legal record.';
    END IF;
    IF pg_catalog.length(reason) OPERATOR(pg_catalog.>) 4000 THEN
        RAISE EXCEPTION 'reason for % is too long', action
            USING ERRCODE = 'string_data_right_truncation',
                  DETAIL = 'A reason has at most 4000 characters.';
    END IF;
    RETURN reason;
END
$$;
COMMENT ON FUNCTION @extschema@.require_reason(text, text) IS
    'internal: a trimmed, non-empty reason of bounded length';

CREATE FUNCTION @extschema@.assign(appeal bigint, body integer)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'assign');
BEGIN
    PERFORM @extschema@.check_body(body, a.region_code, a.accused_body_id);
    IF a.status OPERATOR(pg_catalog.=) 'assigned' AND a.body_id OPERATOR(pg_catalog.=) body THEN
        RETURN;  -- already done: assigning twice changes nothing
    END IF;
    IF a.status IN ('assigned', 'in_progress', 'escalated') THEN
        RAISE EXCEPTION 'appeal % is already assigned to body %', appeal, a.body_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Use cuvr.redirect() to send it to another body.';
    END IF;
    PERFORM @extschema@.label_change('assign');
    UPDATE @extschema@.appeal AS x SET status = 'assigned', body_id = body
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.id OPERATOR(pg_catalog.=) a.id;
    PERFORM @extschema@.label_change(NULL);
END
$$;
COMMENT ON FUNCTION @extschema@.assign(bigint, integer) IS
    'assigns a registered or triaged appeal to a body; assigning it again to the same body does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.redirect(appeal bigint, body integer, reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'redirect');
    why text := @extschema@.require_reason(reason, 'redirect');
    new_due_at timestamptz;
    new_estimated boolean;
BEGIN
    PERFORM @extschema@.check_body(body, a.region_code, a.accused_body_id);
    IF a.status NOT IN ('assigned', 'in_progress', 'escalated') THEN
        RAISE EXCEPTION 'appeal % cannot be redirected in status "%"', appeal, a.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Only an appeal that a body holds (assigned, in_progress, escalated) is redirected; use cuvr.assign() in triage.';
    END IF;
    IF a.body_id OPERATOR(pg_catalog.=) body THEN
        RETURN;  -- already there: repeating a redirect changes nothing
    END IF;
    -- The competent body gets a full answer term from the redirect, unless
    -- the source fixed the deadline.
    IF NOT a.due_at_supplied THEN
        SELECT d.due_at, d.estimated INTO new_due_at, new_estimated
          FROM @extschema@.step_deadline('answer', a.region_code, a.kind, a.channel, a.expedited,
                                         pg_catalog.now()) AS d;
    END IF;
    PERFORM @extschema@.label_change('redirect', why);
    UPDATE @extschema@.appeal AS x SET status = 'assigned', body_id = body,
           due_at = coalesce(new_due_at, x.due_at),
           due_estimated = CASE WHEN new_due_at IS NULL THEN x.due_estimated ELSE new_estimated END,
           term_started_at = CASE WHEN new_due_at IS NULL THEN x.term_started_at ELSE pg_catalog.now() END,
           near_due_at = NULL, overdue_at = NULL
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.id OPERATOR(pg_catalog.=) a.id;
    PERFORM @extschema@.label_change(NULL);
END
$$;
COMMENT ON FUNCTION @extschema@.redirect(bigint, integer, text) IS
    'sends an appeal a body holds to the competent body (59-ФЗ ст. 8), with a reason; repeating it does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.take(appeal bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'take');
BEGIN
    IF a.status OPERATOR(pg_catalog.=) 'in_progress' THEN
        RETURN;
    END IF;
    IF a.status NOT IN ('assigned', 'escalated') THEN
        RAISE EXCEPTION 'appeal % cannot be taken in status "%"', appeal, a.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Only an assigned or escalated appeal is taken into work.';
    END IF;
    PERFORM @extschema@.label_change('take');
    UPDATE @extschema@.appeal AS x SET status = 'in_progress'
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.id OPERATOR(pg_catalog.=) a.id;
    PERFORM @extschema@.label_change(NULL);
END
$$;
COMMENT ON FUNCTION @extschema@.take(bigint) IS
    'the responsible body takes the appeal into work; taking it again does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.extend(appeal bigint, reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'extend');
    why text := @extschema@.require_reason(reason, 'extension');
    new_due_at timestamptz;
    new_estimated boolean;
BEGIN
    IF a.status NOT IN ('assigned', 'in_progress', 'escalated') THEN
        RAISE EXCEPTION 'appeal % cannot be extended in status "%"', appeal, a.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Only an appeal under consideration is extended.';
    END IF;
    IF a.extended_at IS NOT NULL THEN
        RAISE EXCEPTION 'appeal % was already extended', appeal
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('It was extended at %s; 59-ФЗ ст. 12 allows one extension.', a.extended_at);
    END IF;
    -- The extension term is added to the deadline: it starts after the
    -- last day of the current term.
    IF a.due_at IS NOT NULL THEN
        SELECT d.due_at, d.estimated INTO new_due_at, new_estimated
          FROM @extschema@.deadline(a.due_at OPERATOR(pg_catalog.-) '1 microsecond'::interval,
                                    @extschema@.policy_term('extension', a.kind, a.channel, a.expedited),
                                    a.region_code) AS d;
    END IF;
    PERFORM @extschema@.label_change('extend', why);
    UPDATE @extschema@.appeal AS x
       SET extended_at = pg_catalog.now(), due_at = coalesce(new_due_at, x.due_at),
           due_estimated = x.due_estimated OR coalesce(new_estimated, false),
           near_due_at = NULL, overdue_at = NULL
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.id OPERATOR(pg_catalog.=) a.id;
    PERFORM @extschema@.label_change(NULL);
END
$$;
COMMENT ON FUNCTION @extschema@.extend(bigint, text) IS
    'extends the consideration term once (59-ФЗ ст. 12), with a reason that is sent to the applicant; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.answer(appeal bigint, text text, result text,
                                   answered_at timestamptz DEFAULT pg_catalog.now(),
                                   template text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'answer');
    answer_text text := text;
    answer_id bigint;
    answer_days integer;
    template_id integer;
BEGIN
    -- Trimmed only when it starts or ends with a blank: btrim() walks every
    -- character of a long multibyte text.
    IF pg_catalog.left(answer_text, 1) IN (' ', E'\t', E'\r', E'\n')
       OR pg_catalog.right(answer_text, 1) IN (' ', E'\t', E'\r', E'\n') THEN
        answer_text := pg_catalog.btrim(answer_text, E' \t\r\n');
    END IF;
    IF template IS NOT NULL THEN
        SELECT t.id INTO template_id FROM @extschema@.answer_template AS t WHERE t.code OPERATOR(pg_catalog.=) template;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown answer template "%"', template
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'The templates are listed in cuvr.answer_template.';
        END IF;
    END IF;
    IF a.status NOT IN ('assigned', 'in_progress', 'escalated') OR a.body_id IS NULL THEN
        RAISE EXCEPTION 'appeal % cannot be answered in status "%"', appeal, a.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Only an appeal that a body holds (assigned, in_progress, escalated) is answered.';
    END IF;
    IF answer_text IS NULL OR answer_text OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'answer text must not be empty'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF pg_catalog.length(answer_text) OPERATOR(pg_catalog.>) @extschema@.setting_value('max_text_length')::integer THEN
        RAISE EXCEPTION 'answer text is too long'
            USING ERRCODE = 'string_data_right_truncation',
                  DETAIL = pg_catalog.format('At most %s characters are allowed (setting max_text_length).',
                                             @extschema@.setting_value('max_text_length'));
    END IF;
    IF result IS NULL OR pg_catalog.btrim(result) OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'answer needs a result'
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'The results (ССТУ) are supported, measures_taken, not_supported and explained.';
    END IF;
    IF result NOT IN ('supported', 'measures_taken', 'not_supported', 'explained') THEN
        RAISE EXCEPTION 'unknown answer result "%"', result
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The results (ССТУ) are supported, measures_taken, not_supported and explained.';
    END IF;
    IF answered_at IS NULL OR answered_at OPERATOR(pg_catalog.<) a.registered_at
       OR answered_at OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.+) '5 minutes'::interval) THEN
        RAISE EXCEPTION 'answered_at is outside the life of appeal %', appeal
            USING ERRCODE = 'datetime_field_overflow',
                  DETAIL = pg_catalog.format('An answer is given between registration (%s) and now, not at %s.',
                                             a.registered_at, coalesce(answered_at::text, 'NULL'));
    END IF;
    INSERT INTO @extschema@.answer AS n (region_code, appeal_id, body_id, text, result, answered_at, due_at, working_days,
                                         answered_by, template_id)
    VALUES (a.region_code, a.id, a.body_id, answer_text, result, answered_at, a.due_at,
            @extschema@.working_days_between(a.registered_at, answer.answered_at, a.region_code),
            @extschema@.acting_role(), template_id)
    RETURNING n.id, n.working_days INTO answer_id, answer_days;
    PERFORM @extschema@.label_change('answer', result, answer_id);
    UPDATE @extschema@.appeal AS x SET status = 'answered', answered_at = answer.answered_at,
           response_working_days = answer_days
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.id OPERATOR(pg_catalog.=) a.id;
    PERFORM @extschema@.label_change(NULL);
    RETURN answer_id;
END
$$;
COMMENT ON FUNCTION @extschema@.answer(bigint, text, text, timestamptz, text) IS
    'records the answer of the responsible body with its result (ССТУ) and, optionally, the answer template it follows; returns the answer id; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.rate(appeal bigint, score integer, comment text DEFAULT NULL,
                                 rated_at timestamptz DEFAULT pg_catalog.now())
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'rate');
    last_answer @extschema@.answer;
    rating_id bigint;
BEGIN
    IF score IS NULL OR score NOT BETWEEN 1 AND 5 THEN
        RAISE EXCEPTION 'rating score must be between 1 and 5, not %', coalesce(score::text, 'NULL')
            USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    IF comment IS NOT NULL AND pg_catalog.length(comment) OPERATOR(pg_catalog.>) 4000 THEN
        RAISE EXCEPTION 'rating comment is too long'
            USING ERRCODE = 'string_data_right_truncation',
                  DETAIL = 'A comment has at most 4000 characters.';
    END IF;
    SELECT * INTO last_answer FROM @extschema@.answer AS n
     WHERE n.region_code OPERATOR(pg_catalog.=) a.region_code AND n.appeal_id OPERATOR(pg_catalog.=) a.id
     ORDER BY n.id DESC LIMIT 1;
    IF NOT FOUND OR a.status NOT IN ('answered', 'closed') THEN
        RAISE EXCEPTION 'appeal % has no answer to rate', appeal
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The appeal is %s; a rating follows an answer.', a.status);
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.rating AS r
                WHERE r.region_code OPERATOR(pg_catalog.=) a.region_code
                  AND r.answer_id OPERATOR(pg_catalog.=) last_answer.id) THEN
        RAISE EXCEPTION 'the answer to appeal % is already rated', appeal
            USING ERRCODE = 'unique_violation',
                  DETAIL = 'Each answer takes one rating; an answer given after re-processing can be rated again.';
    END IF;
    IF rated_at IS NULL OR rated_at OPERATOR(pg_catalog.<) last_answer.answered_at
       OR rated_at OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.+) '5 minutes'::interval) THEN
        RAISE EXCEPTION 'rated_at is outside the life of the answer to appeal %', appeal
            USING ERRCODE = 'datetime_field_overflow',
                  DETAIL = pg_catalog.format('A rating is given between the answer (%s) and now, not at %s.',
                                             last_answer.answered_at, coalesce(rated_at::text, 'NULL'));
    END IF;
    -- The label tells the rating's trigger that this is a rating, not a
    -- restored row.
    PERFORM @extschema@.label_change('rate', score::text);
    INSERT INTO @extschema@.rating AS r (region_code, appeal_id, answer_id, score, comment, rated_at)
    VALUES (a.region_code, a.id, last_answer.id, score, comment, rated_at)
    RETURNING r.id INTO rating_id;
    -- The rating's trigger journals it and escalates a negative one.
END
$$;
COMMENT ON FUNCTION @extschema@.rate(bigint, integer, text, timestamptz) IS
    'records the applicant''s 1-5 rating of the latest answer, one per answer; a negative one sends the appeal to the higher body (cuvr.rating_escalate); SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.reclassify(appeal bigint, category text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'reclassify');
    new_category integer;
    new_body integer;
BEGIN
    IF category IS NULL OR pg_catalog.btrim(category) OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'reclassification needs a category'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'The categories are listed in cuvr.category (column code).';
    END IF;
    SELECT c.id INTO new_category FROM @extschema@.category AS c
     WHERE c.code OPERATOR(pg_catalog.=) category AND c.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown category "%"', category
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The categories are listed in cuvr.category (column code).';
    END IF;
    IF a.status IN ('closed', 'rejected') THEN
        RAISE EXCEPTION 'appeal % is % and cannot be reclassified', appeal, a.status
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF a.category_id IS NOT DISTINCT FROM new_category AND a.category_confirmed THEN
        RETURN;
    END IF;
    -- An appeal waiting in triage is routed as soon as a person confirms its
    -- category.
    IF a.status IN ('registered', 'triage') THEN
        new_body := @extschema@.route(a.region_code, new_category, a.territory, a.channel, a.accused_body_id);
    END IF;
    PERFORM @extschema@.label_change('reclassify', category);
    UPDATE @extschema@.appeal AS x
       SET category_id = new_category, category_confirmed = true, category_confidence = 1,
           classified_by = 'person',
           body_id = coalesce(new_body, x.body_id),
           status = CASE WHEN new_body IS NOT NULL THEN 'assigned' ELSE x.status END
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.id OPERATOR(pg_catalog.=) a.id;
    PERFORM @extschema@.label_change(NULL);
END
$$;
COMMENT ON FUNCTION @extschema@.reclassify(bigint, text) IS
    'sets the category a person confirmed (a training label for the classifier); repeating it does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.close(appeal bigint, reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'close');
    why text := @extschema@.require_reason(reason, 'closing');
BEGIN
    IF a.status OPERATOR(pg_catalog.=) 'closed' THEN
        RETURN;
    END IF;
    PERFORM @extschema@.label_change('close', why);
    UPDATE @extschema@.appeal AS x SET status = 'closed', closed_at = pg_catalog.now()
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.id OPERATOR(pg_catalog.=) a.id;
    PERFORM @extschema@.label_change(NULL);
END
$$;
COMMENT ON FUNCTION @extschema@.close(bigint, text) IS
    'closes an appeal with a reason; closing a closed appeal does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.reject(appeal bigint, reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'reject');
    why text := @extschema@.require_reason(reason, 'rejection');
BEGIN
    IF a.status OPERATOR(pg_catalog.=) 'rejected' THEN
        RETURN;
    END IF;
    PERFORM @extschema@.label_change('reject', why);
    UPDATE @extschema@.appeal AS x SET status = 'rejected', closed_at = pg_catalog.now()
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.id OPERATOR(pg_catalog.=) a.id;
    PERFORM @extschema@.label_change(NULL);
END
$$;
COMMENT ON FUNCTION @extschema@.reject(bigint, text) IS
    'leaves an appeal without consideration (59-ФЗ ст. 11: no text, obscene, repeated) with a reason; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';

CREATE FUNCTION @extschema@.render_template(template_code text, appeal bigint)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal;
    tpl @extschema@.answer_template;
    tz text;
    person text;
    result text;
BEGIN
    IF template_code IS NULL THEN
        RAISE EXCEPTION 'answer template code must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'The templates are listed in cuvr.answer_template.';
    END IF;
    IF appeal IS NULL THEN
        RAISE EXCEPTION 'appeal id must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO tpl FROM @extschema@.answer_template AS t WHERE t.code OPERATOR(pg_catalog.=) template_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown answer template "%"', template_code
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The templates are listed in cuvr.answer_template.';
    END IF;
    SELECT * INTO a FROM @extschema@.appeal AS x
     WHERE x.region_code OPERATOR(pg_catalog.=) @extschema@.appeal_region(appeal) AND x.id OPERATOR(pg_catalog.=) appeal;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'appeal % does not exist', appeal
            USING ERRCODE = 'no_data_found',
                  DETAIL = 'Either there is no such appeal or it belongs to a body the current role does not act for.';
    END IF;
    SELECT r.tz INTO tz FROM @extschema@.region AS r WHERE r.code OPERATOR(pg_catalog.=) a.region_code;
    -- The name is personal data: only roles that may read it get it.
    IF pg_catalog.has_column_privilege('@extschema@.applicant', 'name', 'SELECT') THEN
        SELECT p.name INTO person FROM @extschema@.applicant AS p
         WHERE p.region_code OPERATOR(pg_catalog.=) a.region_code AND p.id OPERATOR(pg_catalog.=) a.applicant_id;
    END IF;
    result := tpl.body;
    result := pg_catalog.replace(result, '{{number}}', a.reg_number);
    result := pg_catalog.replace(result, '{{registered_date}}',
                  pg_catalog.to_char(pg_catalog.timezone(tz, a.registered_at), 'DD.MM.YYYY'));
    result := pg_catalog.replace(result, '{{due_date}}',
                  coalesce(pg_catalog.to_char(pg_catalog.timezone(tz, a.due_at), 'DD.MM.YYYY'), '—'));
    result := pg_catalog.replace(result, '{{today}}',
                  pg_catalog.to_char(pg_catalog.timezone(tz, pg_catalog.now()), 'DD.MM.YYYY'));
    result := pg_catalog.replace(result, '{{body}}',
                  coalesce((SELECT b.name FROM @extschema@.body AS b WHERE b.id OPERATOR(pg_catalog.=) a.body_id), '—'));
    result := pg_catalog.replace(result, '{{category}}',
                  coalesce((SELECT c.name FROM @extschema@.category AS c WHERE c.id OPERATOR(pg_catalog.=) a.category_id), '—'));
    result := pg_catalog.replace(result, '{{applicant_name}}', coalesce(person, 'заявитель'));
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.render_template(text, bigint) IS
    'renders an answer template for an appeal; {{applicant_name}} is filled only for roles that may read personal data';

CREATE FUNCTION @extschema@.grant_body(role name, body integer)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'role must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF body IS NULL THEN
        RAISE EXCEPTION 'body must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname OPERATOR(pg_catalog.=) role) THEN
        RAISE EXCEPTION 'role "%" does not exist', role
            USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.body AS b WHERE b.id OPERATOR(pg_catalog.=) body) THEN
        RAISE EXCEPTION 'unknown body %', body
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The bodies are listed in cuvr.body.';
    END IF;
    INSERT INTO @extschema@.body_grant (role_name, body_id) VALUES (role, body)
    ON CONFLICT DO NOTHING;
END
$$;
COMMENT ON FUNCTION @extschema@.grant_body(name, integer) IS
    'lets a role act for a body and its subordinate bodies; granting twice does nothing';

CREATE FUNCTION @extschema@.revoke_body(role name, body integer)
RETURNS boolean
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH gone AS (
        DELETE FROM @extschema@.body_grant AS g
         WHERE g.role_name OPERATOR(pg_catalog.=) role AND g.body_id OPERATOR(pg_catalog.=) body
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM gone);
END;
COMMENT ON FUNCTION @extschema@.revoke_body(name, integer) IS
    'withdraws a cuvr.grant_body(); returns whether there was such a grant';

CREATE FUNCTION @extschema@.outbox_fetch(batch integer DEFAULT 100)
RETURNS SETOF @extschema@.outbox
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF batch IS NULL OR batch NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'outbox batch must be between 1 and 10000, not %', coalesce(batch::text, 'NULL')
            USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    RETURN QUERY
    UPDATE @extschema@.outbox AS o
       SET claimed_at = pg_catalog.now(), attempts = o.attempts OPERATOR(pg_catalog.+) 1
      FROM (SELECT p.region_code, p.id FROM @extschema@.outbox AS p
             WHERE p.delivered_at IS NULL
               AND (p.claimed_at IS NULL OR p.claimed_at OPERATOR(pg_catalog.<)
                    (pg_catalog.now() OPERATOR(pg_catalog.-) @extschema@.setting_value('outbox_retry_after')::interval))
             ORDER BY p.id LIMIT batch
               FOR UPDATE SKIP LOCKED) AS pick
     WHERE o.region_code OPERATOR(pg_catalog.=) pick.region_code AND o.id OPERATOR(pg_catalog.=) pick.id
    RETURNING o.*;
END
$$;
COMMENT ON FUNCTION @extschema@.outbox_fetch(integer) IS
    'claims up to batch undelivered notifications; concurrent deliverers get disjoint rows; unconfirmed rows come back after outbox_retry_after';

CREATE FUNCTION @extschema@.outbox_ack(ids bigint[])
RETURNS integer
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH done AS (
        UPDATE @extschema@.outbox AS o SET delivered_at = pg_catalog.now()
         WHERE o.id OPERATOR(pg_catalog.=) ANY (ids) AND o.delivered_at IS NULL
        RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM done;
END;
COMMENT ON FUNCTION @extschema@.outbox_ack(bigint[]) IS
    'confirms delivery of notifications; returns how many were newly confirmed; confirming twice does nothing';
