\echo Use "ALTER EXTENSION cuvr UPDATE TO '0.2'" to load this file. \quit

-- cuvr 0.1 -> 0.2.  Every change made to src/sql/ after 0.1 is repeated
-- here, so that an updated catalog equals a fresh 0.2 install
-- (test/tap/upgrade.t compares them object by object).

-- Hostile input (issue 8): NULL and empty arguments are refused with
-- null_value_not_allowed (22004) instead of "unknown ... <NULL>"; an unknown
-- deadline policy event is an error, not a NULL term; a JSON number with
-- hundreds of digits is out of range (22003), not too long; the first day
-- of a quarter or month is checked without a cast that fails for far-off
-- dates.  The C functions cuvr.is_working_day and
-- cuvr.working_days_between name what is out of range themselves.

CREATE OR REPLACE FUNCTION @extschema@.policy_term(event text, kind text, channel text, expedited boolean)
RETURNS @extschema@.term
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- An unknown step is a mistake, not a step without a policy.
    IF event IS NULL THEN
        RAISE EXCEPTION 'deadline policy event must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'The events are registration, redirect, document_request, answer, extension, first_response and reprocess.';
    END IF;
    IF event NOT IN ('registration', 'redirect', 'document_request', 'answer', 'extension', 'first_response',
                     'reprocess') THEN
        RAISE EXCEPTION 'unknown deadline policy event "%"', event
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The events are registration, redirect, document_request, answer, extension, first_response and reprocess.';
    END IF;
    -- plpgsql keeps this plan for the session: registration calls it per row.
    RETURN (SELECT p.term FROM @extschema@.deadline_policy AS p
             WHERE p.event OPERATOR(pg_catalog.=) policy_term.event
               AND (p.kind IS NULL OR p.kind OPERATOR(pg_catalog.=) policy_term.kind)
               AND (p.channel IS NULL OR p.channel OPERATOR(pg_catalog.=) policy_term.channel)
               AND (p.expedited IS NULL OR p.expedited OPERATOR(pg_catalog.=) policy_term.expedited)
             ORDER BY (p.kind IS NOT NULL)::integer OPERATOR(pg_catalog.+) (p.channel IS NOT NULL)::integer
                      OPERATOR(pg_catalog.+) (p.expedited IS NOT NULL)::integer DESC, p.id
             LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.load_xmlcalendar(doc xml, region smallint DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    layer smallint := coalesce(region, 0);
    cal_year integer;
    day_node xml;
    titles jsonb := '{}';
    holiday_node xml;
    d text;
    t text;
    h text;
    f text;
    the_day date;
    the_kind text;
    the_note text;
    loaded integer := 0;
BEGIN
    IF doc IS NULL THEN
        RAISE EXCEPTION 'xmlcalendar document must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT pg_catalog.xpath_exists('/calendar', doc) THEN
        RAISE EXCEPTION 'not an xmlcalendar document'
            USING ERRCODE = 'invalid_xml_content',
                  HINT = 'The root element is <calendar year="YYYY"> with <holidays> and <days>.';
    END IF;
    IF region IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.region AS r WHERE r.code OPERATOR(pg_catalog.=) region) THEN
        RAISE EXCEPTION 'unknown region %', region
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        cal_year := ((pg_catalog.xpath('/calendar/@year', doc))[1])::text::integer;
    EXCEPTION WHEN invalid_text_representation THEN
        cal_year := NULL;
    END;
    IF cal_year IS NULL OR cal_year NOT BETWEEN 2000 AND 2099 THEN
        RAISE EXCEPTION 'xmlcalendar document has no valid year'
            USING ERRCODE = 'invalid_xml_content',
                  DETAIL = 'Attribute year of <calendar> must be a year from 2000 to 2099.';
    END IF;

    FOREACH holiday_node IN ARRAY pg_catalog.xpath('/calendar/holidays/holiday', doc) LOOP
        titles := titles OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
            ((pg_catalog.xpath('/holiday/@id', holiday_node))[1])::text,
            ((pg_catalog.xpath('/holiday/@title', holiday_node))[1])::text);
    END LOOP;

    DELETE FROM @extschema@.calendar_day AS c
     WHERE c.region_code OPERATOR(pg_catalog.=) layer
       AND c.day BETWEEN pg_catalog.make_date(cal_year, 1, 1) AND pg_catalog.make_date(cal_year, 12, 31);

    FOREACH day_node IN ARRAY pg_catalog.xpath('/calendar/days/day', doc) LOOP
        d := ((pg_catalog.xpath('/day/@d', day_node))[1])::text;
        t := ((pg_catalog.xpath('/day/@t', day_node))[1])::text;
        h := ((pg_catalog.xpath('/day/@h', day_node))[1])::text;
        f := ((pg_catalog.xpath('/day/@f', day_node))[1])::text;
        IF d IS NULL OR d !~ '^[0-9]{2}\.[0-9]{2}$' OR t IS NULL OR t NOT IN ('1', '2', '3') THEN
            RAISE EXCEPTION 'invalid day in xmlcalendar %: d="%" t="%"', cal_year, d, t
                USING ERRCODE = 'invalid_xml_content',
                      DETAIL = 'Each <day> has d="MM.DD" and t="1" (day off), "2" (shortened) or "3" (working).';
        END IF;
        BEGIN
            the_day := pg_catalog.make_date(cal_year, pg_catalog.split_part(d, '.', 1)::integer,
                                            pg_catalog.split_part(d, '.', 2)::integer);
        EXCEPTION WHEN datetime_field_overflow THEN
            RAISE EXCEPTION 'invalid date %.% in xmlcalendar', cal_year, d
                USING ERRCODE = 'invalid_xml_content';
        END;
        the_note := titles OPERATOR(pg_catalog.->>) h;
        the_kind := CASE
            WHEN t OPERATOR(pg_catalog.=) '2' THEN 'shortened'
            WHEN t OPERATOR(pg_catalog.=) '3' THEN 'working_weekend'
            WHEN the_note ~* 'указ' THEN 'decree'
            WHEN f IS NOT NULL THEN 'day_off'
            WHEN h IS NOT NULL THEN 'holiday'
            WHEN pg_catalog.date_part('isodow', the_day) OPERATOR(pg_catalog.>=) 6 THEN 'weekend'
            ELSE 'day_off' END;
        IF f IS NOT NULL THEN
            the_note := coalesce(the_note OPERATOR(pg_catalog.||) '; ', '') OPERATOR(pg_catalog.||)
                        CASE WHEN t OPERATOR(pg_catalog.=) '3' THEN 'рабочий день вместо ' ELSE 'перенос с ' END
                        OPERATOR(pg_catalog.||) f;
        END IF;
        INSERT INTO @extschema@.calendar_day (region_code, day, kind, note)
        VALUES (layer, the_day, the_kind, the_note)
        ON CONFLICT (region_code, day) DO UPDATE SET kind = EXCLUDED.kind, note = EXCLUDED.note, builtin = false;
        loaded := loaded OPERATOR(pg_catalog.+) 1;
    END LOOP;

    INSERT INTO @extschema@.calendar_year (region_code, year, source)
    VALUES (layer, cal_year, 'xmlcalendar ' OPERATOR(pg_catalog.||)
            coalesce(((pg_catalog.xpath('/calendar/@date', doc))[1])::text, ''))
    ON CONFLICT (region_code, year) DO UPDATE SET source = EXCLUDED.source, loaded_at = pg_catalog.now(), builtin = false;
    RETURN loaded;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.payload_float(payload jsonb, key text, low double precision, high double precision)
RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw jsonb := payload OPERATOR(pg_catalog.->) key;
    value text;
    number numeric;
    result double precision;
BEGIN
    IF raw IS NOT NULL AND pg_catalog.jsonb_typeof(raw) OPERATOR(pg_catalog.=) 'number' THEN
        value := raw::text;
    ELSE
        value := @extschema@.payload_text(payload, key, 64);
        IF value IS NULL THEN
            RETURN NULL;
        END IF;
        IF value !~ '^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' THEN
            RAISE EXCEPTION 'payload key "%" is not a number: "%"', key, value
                USING ERRCODE = 'invalid_text_representation';
        END IF;
    END IF;
    number := value::numeric;
    IF number OPERATOR(pg_catalog.<) low::numeric OR number OPERATOR(pg_catalog.>) high::numeric THEN
        RAISE EXCEPTION 'payload key "%" is out of range: %', key,
                CASE WHEN pg_catalog.length(value) OPERATOR(pg_catalog.<=) 64 THEN value
                     ELSE pg_catalog.left(value, 16) OPERATOR(pg_catalog.||) '...' END
            USING ERRCODE = 'numeric_value_out_of_range',
                  DETAIL = pg_catalog.format('It must lie between %s and %s.', low, high);
    END IF;
    BEGIN
        result := number::double precision;
    EXCEPTION WHEN numeric_value_out_of_range THEN
        RAISE EXCEPTION 'payload key "%" is out of range: %', key,
                CASE WHEN pg_catalog.length(value) OPERATOR(pg_catalog.<=) 64 THEN value
                     ELSE pg_catalog.left(value, 16) OPERATOR(pg_catalog.||) '...' END
            USING ERRCODE = 'numeric_value_out_of_range',
                  DETAIL = 'It is too close to zero for a double precision number; send 0 instead.';
    END;
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.answer(appeal bigint, text text, result text,
                                   answered_at timestamptz DEFAULT pg_catalog.now(),
                                   template text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal := @extschema@.lock_appeal(appeal, 'answer');
    answer_text text := pg_catalog.btrim(text);
    answer_id bigint;
    answer_days integer;
    template_id integer;
BEGIN
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

CREATE OR REPLACE FUNCTION @extschema@.reclassify(appeal bigint, category text)
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

CREATE OR REPLACE FUNCTION @extschema@.render_template(template_code text, appeal bigint)
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

CREATE OR REPLACE FUNCTION @extschema@.grant_body(role name, body integer)
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

CREATE OR REPLACE FUNCTION @extschema@.explain_route(appeal bigint)
RETURNS TABLE (step integer, rule_id integer, body_id integer, body_name text, chosen boolean, reason text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal;
    winner integer;
    final_body integer;
    r record;
    n integer := 0;
BEGIN
    IF appeal IS NULL THEN
        RAISE EXCEPTION 'appeal id must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO a FROM @extschema@.appeal AS x
     WHERE x.region_code OPERATOR(pg_catalog.=) @extschema@.appeal_region(appeal) AND x.id OPERATOR(pg_catalog.=) appeal;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'appeal % does not exist', appeal
            USING ERRCODE = 'no_data_found',
                  DETAIL = 'Either there is no such appeal or it belongs to a body the current role does not act for.';
    END IF;
    final_body := @extschema@.route(a.region_code, a.category_id, a.territory, a.channel, a.accused_body_id);
    FOR r IN SELECT m.*, b.name FROM @extschema@.matching_rules(a.region_code, a.category_id, a.territory, a.channel) AS m
               JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) m.body_id LOOP
        n := n OPERATOR(pg_catalog.+) 1;
        IF winner IS NULL THEN
            winner := r.rule_id;
        END IF;
        step := n;
        rule_id := r.rule_id;
        body_id := r.body_id;
        body_name := r.name;
        chosen := r.rule_id OPERATOR(pg_catalog.=) winner AND r.body_id IS NOT DISTINCT FROM final_body;
        reason := pg_catalog.format('%s; %s; %s; priority %s%s',
            CASE r.subject_rank WHEN 2 THEN 'matches the category' WHEN 1 THEN 'matches the theme' ELSE 'any subject' END,
            CASE WHEN r.territory_rank OPERATOR(pg_catalog.=) 0 THEN 'whole region'
                 ELSE 'territory of OKTMO level ' OPERATOR(pg_catalog.||) r.territory_rank END,
            CASE r.channel_rank WHEN 1 THEN 'this channel' ELSE 'any channel' END,
            r.priority,
            CASE WHEN r.rule_id OPERATOR(pg_catalog.=) winner THEN ' (most specific)'
                 ELSE ' (less specific than rule ' OPERATOR(pg_catalog.||) winner OPERATOR(pg_catalog.||) ')' END);
        RETURN NEXT;
    END LOOP;
    n := n OPERATOR(pg_catalog.+) 1;
    step := n;
    rule_id := NULL;
    IF winner IS NULL THEN
        body_id := @extschema@.coordinator_body(a.region_code);
        reason := 'no rule matches: the appeal waits in triage at the region''s coordinating ЦУР';
    ELSIF final_body IS DISTINCT FROM (SELECT m.body_id FROM @extschema@.matching_rules(a.region_code, a.category_id, a.territory, a.channel) AS m LIMIT 1) THEN
        body_id := final_body;
        reason := pg_catalog.format('the complaint is about body %s, so it goes to %s (59-ФЗ ст. 8 ч. 6)', a.accused_body_id,
            CASE WHEN final_body IS NOT DISTINCT FROM @extschema@.coordinator_body(a.region_code)
                      AND NOT EXISTS (SELECT 1 FROM @extschema@.body AS b
                                       WHERE b.id OPERATOR(pg_catalog.=) a.accused_body_id AND b.parent_id IS NOT NULL)
                 THEN 'the coordinating ЦУР, as that body has no parent' ELSE 'that body''s parent' END);
    ELSE
        body_id := final_body;
        reason := pg_catalog.format('rule %s decides', winner);
    END IF;
    chosen := true;
    -- An uncertain category is not routed: the appeal waits for a person.
    IF a.category_confidence IS NOT NULL
       AND a.category_confidence OPERATOR(pg_catalog.<) @extschema@.setting_value('triage_confidence')::double precision THEN
        reason := pg_catalog.format('%s; but the category''s confidence %s is below triage_confidence, so the appeal waits in triage at the coordinating ЦУР',
                                    reason, pg_catalog.round(a.category_confidence::numeric, 2));
        body_id := @extschema@.coordinator_body(a.region_code);
    END IF;
    body_name := (SELECT b.name FROM @extschema@.body AS b WHERE b.id OPERATOR(pg_catalog.=) body_id);
    RETURN NEXT;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.roadmap_report_due(quarter date)
RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Checked by its parts: a date beyond the range of timestamp is refused
    -- for what it is, not for a failed cast.
    IF NOT pg_catalog.isfinite(quarter)
       OR EXTRACT(day FROM quarter) OPERATOR(pg_catalog.<>) 1
       OR EXTRACT(month FROM quarter) NOT IN (1, 4, 7, 10) THEN
        RAISE EXCEPTION 'date % is not the first day of a quarter', quarter
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Quarters start on 1 January, 1 April, 1 July and 1 October; use date_trunc(''quarter'', ...).';
    END IF;
    RETURN (quarter OPERATOR(pg_catalog.+) '3 months 14 days'::interval)::date;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.sstu_export(region smallint, month date)
RETURNS SETOF cuvr_bi.sstu_export
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    zone text;
BEGIN
    SELECT r.tz INTO zone FROM @extschema@.region AS r WHERE r.code OPERATOR(pg_catalog.=) sstu_export.region;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown region %', sstu_export.region
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The region is not in cuvr.region.';
    END IF;
    IF NOT pg_catalog.isfinite(sstu_export.month)
       OR EXTRACT(day FROM sstu_export.month) OPERATOR(pg_catalog.<>) 1 THEN
        RAISE EXCEPTION 'date % is not the first day of a month', sstu_export.month
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the month''s first day, for example date_trunc(''month'', ...).';
    END IF;
    RETURN QUERY
        SELECT sstu_export.month,
               a.region_code::integer,
               a.id,
               a.reg_number,
               pg_catalog.timezone(zone, a.registered_at)::date,
               a.tok::text,
               a.kind,
               k.name,
               a.channel,
               a.repeat_of IS NOT NULL,
               la.result,
               pg_catalog.timezone(zone, la.answered_at)::date,
               a.status NOT IN ('answered', 'closed', 'rejected'),
               a.status
          FROM @extschema@.appeal AS a
          JOIN @extschema@.appeal_kind AS k ON k.code OPERATOR(pg_catalog.=) a.kind
          LEFT JOIN LATERAL (
                SELECT n.result, n.answered_at FROM @extschema@.answer AS n
                 WHERE n.region_code OPERATOR(pg_catalog.=) a.region_code AND n.appeal_id OPERATOR(pg_catalog.=) a.id
                 ORDER BY n.id DESC LIMIT 1) AS la ON true
         WHERE a.region_code OPERATOR(pg_catalog.=) sstu_export.region
           AND a.registered_at OPERATOR(pg_catalog.>=) pg_catalog.timezone(zone, sstu_export.month::timestamp)
           AND a.registered_at OPERATOR(pg_catalog.<)
               pg_catalog.timezone(zone, sstu_export.month::timestamp OPERATOR(pg_catalog.+) '1 month'::interval)
           AND a.tok IS NOT NULL
         ORDER BY a.registered_at, a.id;
END
$$;
