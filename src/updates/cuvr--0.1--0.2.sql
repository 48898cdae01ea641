\echo Use "ALTER EXTENSION cuvr UPDATE TO '0.2'" to load this file. \quit

-- cuvr 0.1 -> 0.2.  Every change made to src/sql/ after 0.1 is repeated
-- here, so that an updated catalog equals a fresh 0.2 install
-- (test/tap/upgrade.t compares them object by object).

-- Erasure of an applicant's personal data (152-ФЗ): the tombstone column,
-- the one change append-only tables allow, and cuvr.forget_applicant().
ALTER TABLE @extschema@.applicant ADD COLUMN forgotten_at timestamptz;
COMMENT ON COLUMN @extschema@.applicant.forgotten_at IS 'when cuvr.forget_applicant() erased this person''s data (152-ФЗ); the row stays without data';

-- History is append-only, for everyone including the owner.  The one
-- exception is erasure (cuvr.forget_applicant(), 152-ФЗ): with cuvr.erasing
-- set for the transaction, an UPDATE may blank free text (answer.text,
-- rating.comment) and change nothing else.
CREATE OR REPLACE FUNCTION @extschema@.forbid_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE'
       AND pg_catalog.current_setting('cuvr.erasing', true) OPERATOR(pg_catalog.=) 'on'
       AND (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) '{text,comment}'::text[])
           OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) '{text,comment}'::text[]) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'table %.% is append-only', TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('%s of its rows is not allowed: they are the legal record of the appeal.', TG_OP),
              HINT = 'Record a correction as a new action on the appeal.';
END
$$;
COMMENT ON FUNCTION @extschema@.forbid_change() IS 'trigger: refuses UPDATE and DELETE on append-only tables, except the blanking of free text by cuvr.forget_applicant()';

-- Erasure of an applicant's personal data (152-ФЗ, ст. 21: destroy or
-- depersonalise personal data when the purpose is reached or consent is
-- withdrawn).  What identifies the person goes: name and contacts, the free
-- text they wrote and the text written back to them, the address and the
-- point on the map, their rejected intake rows and undelivered notices to
-- them.  What is depersonalised stays: category, territory (OKTMO), body,
-- channel, dates, deadlines, statuses, results, scores and the history of
-- the appeal, so KPIs and reports do not change.  The applicant row stays
-- as a tombstone without data, so a second call is recognised and does
-- nothing.
CREATE FUNCTION @extschema@.forget_applicant(applicant bigint,
    OUT appeals integer, OUT answers integer, OUT ratings integer,
    OUT intake_rows integer, OUT notifications integer)
RETURNS record
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    person @extschema@.applicant;
    erased constant text := '[удалено: 152-ФЗ]';
BEGIN
    appeals := 0; answers := 0; ratings := 0; intake_rows := 0; notifications := 0;
    IF applicant IS NULL THEN
        RAISE EXCEPTION 'applicant id must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO person FROM @extschema@.applicant AS p
     WHERE p.id OPERATOR(pg_catalog.=) applicant
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'applicant % does not exist', applicant
            USING ERRCODE = 'no_data_found',
                  HINT = 'Applicants are listed in cuvr.applicant; an appeal names its applicant in applicant_id.';
    END IF;
    IF person.forgotten_at IS NOT NULL THEN
        RAISE NOTICE 'applicant % was already forgotten at %', applicant, person.forgotten_at;
        RETURN;
    END IF;

    -- The appeals: one journalled change each, with the statuses, deadlines
    -- and KPI keys untouched.
    PERFORM @extschema@.label_change('forget', 'personal data erased (152-ФЗ)');
    UPDATE @extschema@.appeal AS a
       SET text = erased, subject = NULL, address = NULL, lat = NULL, lon = NULL
     WHERE a.region_code OPERATOR(pg_catalog.=) person.region_code
       AND a.applicant_id OPERATOR(pg_catalog.=) person.id;
    GET DIAGNOSTICS appeals = ROW_COUNT;
    PERFORM @extschema@.label_change(NULL);

    -- Answers and ratings are append-only; cuvr.forbid_change() lets this
    -- one change through: their free text, and nothing else.
    PERFORM pg_catalog.set_config('cuvr.erasing', 'on', true);
    UPDATE @extschema@.answer AS w
       SET text = erased
      FROM @extschema@.appeal AS a
     WHERE a.region_code OPERATOR(pg_catalog.=) person.region_code
       AND a.applicant_id OPERATOR(pg_catalog.=) person.id
       AND w.region_code OPERATOR(pg_catalog.=) a.region_code
       AND w.appeal_id OPERATOR(pg_catalog.=) a.id
       AND w.text OPERATOR(pg_catalog.<>) erased;
    GET DIAGNOSTICS answers = ROW_COUNT;
    UPDATE @extschema@.rating AS r
       SET comment = NULL
      FROM @extschema@.appeal AS a
     WHERE a.region_code OPERATOR(pg_catalog.=) person.region_code
       AND a.applicant_id OPERATOR(pg_catalog.=) person.id
       AND r.region_code OPERATOR(pg_catalog.=) a.region_code
       AND r.appeal_id OPERATOR(pg_catalog.=) a.id
       AND r.comment IS NOT NULL;
    GET DIAGNOSTICS ratings = ROW_COUNT;
    PERFORM pg_catalog.set_config('cuvr.erasing', '', true);

    -- Notices to the applicant that were never delivered cannot be now.
    DELETE FROM @extschema@.outbox AS o
     USING @extschema@.appeal AS a
     WHERE a.region_code OPERATOR(pg_catalog.=) person.region_code
       AND a.applicant_id OPERATOR(pg_catalog.=) person.id
       AND o.region_code OPERATOR(pg_catalog.=) a.region_code
       AND o.appeal_id OPERATOR(pg_catalog.=) a.id
       AND o.recipient_kind OPERATOR(pg_catalog.=) 'applicant'
       AND o.delivered_at IS NULL;
    GET DIAGNOSTICS notifications = ROW_COUNT;

    -- Rejected intake rows that carry the same contacts.
    DELETE FROM @extschema@.intake AS i
     WHERE (person.email IS NOT NULL
            AND pg_catalog.lower(pg_catalog.btrim(i.applicant_email)) OPERATOR(pg_catalog.=) person.email)
        OR (person.esia_id IS NOT NULL
            AND pg_catalog.btrim(i.applicant_esia_id) OPERATOR(pg_catalog.=) person.esia_id)
        OR (person.phone IS NOT NULL
            AND pg_catalog.right(pg_catalog.regexp_replace(i.applicant_phone, '[^0-9]', '', 'g'), 10)
                OPERATOR(pg_catalog.=) pg_catalog.right(person.phone, 10));
    GET DIAGNOSTICS intake_rows = ROW_COUNT;

    UPDATE @extschema@.applicant AS p
       SET name = NULL, email = NULL, phone = NULL, esia_id = NULL, forgotten_at = pg_catalog.now()
     WHERE p.region_code OPERATOR(pg_catalog.=) person.region_code
       AND p.id OPERATOR(pg_catalog.=) person.id;
END
$$;
COMMENT ON FUNCTION @extschema@.forget_applicant(bigint) IS
    'erases an applicant''s personal data (152-ФЗ) and keeps the depersonalised facts and KPIs; repeating it does nothing; SECURITY DEFINER to change append-only answers and ratings, for cuvr_admin only';
REVOKE ALL ON FUNCTION @extschema@.forget_applicant(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.forget_applicant(bigint) TO cuvr_admin;

-- Every SECURITY DEFINER function says why in its comment.
COMMENT ON FUNCTION @extschema@.assign(bigint, integer) IS
    'assigns a registered or triaged appeal to a body; assigning it again to the same body does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.redirect(bigint, integer, text) IS
    'sends an appeal a body holds to the competent body (59-ФЗ ст. 8), with a reason; repeating it does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.take(bigint) IS
    'the responsible body takes the appeal into work; taking it again does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.extend(bigint, text) IS
    'extends the consideration term once (59-ФЗ ст. 12), with a reason that is sent to the applicant; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.answer(bigint, text, text, timestamptz, text) IS
    'records the answer of the responsible body with its result (ССТУ) and, optionally, the answer template it follows; returns the answer id; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.rate(bigint, integer, text, timestamptz) IS
    'records the applicant''s 1-5 rating of the latest answer, one per answer; a negative one sends the appeal to the higher body (cuvr.rating_escalate); SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.reclassify(bigint, text) IS
    'sets the category a person confirmed (a training label for the classifier); repeating it does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.close(bigint, text) IS
    'closes an appeal with a reason; closing a closed appeal does nothing; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.reject(bigint, text) IS
    'leaves an appeal without consideration (59-ФЗ ст. 11: no text, obscene, repeated) with a reason; SECURITY DEFINER: working roles may not write appeals directly, and cuvr.may_act() checks the real caller';
COMMENT ON FUNCTION @extschema@.run_maintenance() IS
    'marks open appeals near their deadline (setting near_due_share) and past it, once each, with events and notifications, then merges the KPI delta (cuvr.kpi_merge); idempotent, safe to run concurrently, meant for pg_cron every minute; SECURITY DEFINER: a system job over the appeals of every body, past row-level security';
COMMENT ON FUNCTION @extschema@.kpi_appeal_updated() IS
    'statement trigger: moves the KPI terms of changed appeals from their old key to their new one in cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';
COMMENT ON FUNCTION @extschema@.kpi_answer_inserted() IS
    'statement trigger: appends the KPI terms of new answers (answered, answered on time) to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';
COMMENT ON FUNCTION @extschema@.kpi_rating_inserted() IS
    'statement trigger: appends the KPI terms of new ratings (count, score sum, negative) to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';
COMMENT ON FUNCTION @extschema@.kpi_event_inserted() IS
    'row trigger on escalation events only (its WHEN clause): appends the escalation to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';
COMMENT ON FUNCTION @extschema@.kpi_source_truncated() IS
    'statement trigger: rebuilds the KPI rollup after TRUNCATE of a table it is computed from; SECURITY DEFINER: rewrites the internal KPI tables';
COMMENT ON FUNCTION @extschema@.kpi_merge() IS
    'moves cuvr.kpi_delta into cuvr.kpi_rollup and cuvr.kpi_monthly in one statement; returns the number of delta rows merged (0 if another merge is running); readers and writers are never blocked; SECURITY DEFINER: writes the internal KPI tables, which no working role may write';
COMMENT ON FUNCTION @extschema@.kpi_rebuild() IS
    'recomputes cuvr.kpi_rollup and cuvr.kpi_monthly from scratch and empties cuvr.kpi_delta (repair, or after TRUNCATE); returns the daily rollup rows; blocks writers, not readers, while it runs; SECURITY DEFINER: rewrites the internal KPI tables, which no working role may write';

-- Hostile input (issue 8): NULL and empty arguments are refused with
-- null_value_not_allowed (22004) instead of "unknown ... <NULL>"; an unknown
-- deadline policy event is an error, not a NULL term; a JSON number with
-- hundreds of digits is out of range (22003), not too long; the first day
-- of a quarter or month is checked without a cast that fails for far-off
-- dates; cuvr.load_xmlcalendar refuses a year of too many digits and a
-- holiday without an id as invalid_xml_content.  The C functions
-- cuvr.is_working_day and cuvr.working_days_between name what is out of
-- range themselves.

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
    EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
        cal_year := NULL;
    END;
    IF cal_year IS NULL OR cal_year NOT BETWEEN 2000 AND 2099 THEN
        RAISE EXCEPTION 'xmlcalendar document has no valid year'
            USING ERRCODE = 'invalid_xml_content',
                  DETAIL = 'Attribute year of <calendar> must be a year from 2000 to 2099.';
    END IF;

    FOREACH holiday_node IN ARRAY pg_catalog.xpath('/calendar/holidays/holiday', doc) LOOP
        h := ((pg_catalog.xpath('/holiday/@id', holiday_node))[1])::text;
        IF h IS NULL THEN
            RAISE EXCEPTION 'invalid holiday in xmlcalendar %: it has no id', cal_year
                USING ERRCODE = 'invalid_xml_content',
                      DETAIL = 'Each <holiday> has an attribute id, which the days refer to in h="...".';
        END IF;
        titles := titles OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
            h, ((pg_catalog.xpath('/holiday/@title', holiday_node))[1])::text);
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

-- A NULL payload is a NULL argument (22004), not a payload of the wrong type.
CREATE OR REPLACE FUNCTION @extschema@.register_appeal(payload jsonb)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    known_keys CONSTANT text[] := ARRAY['source', 'external_id', 'region', 'channel', 'kind', 'text',
        'subject', 'received_at', 'territory', 'address', 'lat', 'lon', 'expedited', 'category', 'tok',
        'due_at', 'applicant', 'accused_body'];
    unknown text;
    v_source text;
    v_external_id text;
    v_region_text text;
    v_region smallint;
    v_tz text;
    v_channel text;
    v_kind text;
    v_text text;
    v_received timestamptz;
    v_territory @extschema@.oktmo;
    v_accused integer;
    v_accused_text text;
    v_confidence double precision;
    v_classified_by text;
    v_guess record;
    v_coordinator integer;
    v_repeat_of bigint;
    v_signature bigint;
    v_expedited boolean := false;
    v_expedited_text text;
    v_category_code text;
    v_category_id integer;
    v_category_confirmed boolean := false;
    v_tok @extschema@.tok_code;
    v_due timestamptz;
    v_due_calc timestamptz;
    v_estimated boolean;
    v_first_response timestamptz;
    v_lat double precision;
    v_lon double precision;
    v_body integer;
    v_person record;
    v_seq bigint;
    v_node integer;
    v_id bigint;
    v_number text;
    v_result bigint;
BEGIN
    IF payload IS NULL THEN
        RAISE EXCEPTION 'appeal payload must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Send {"source": ..., "external_id": ..., "region": ..., "channel": ..., "text": ...}.';
    END IF;
    IF pg_catalog.jsonb_typeof(payload) OPERATOR(pg_catalog.<>) 'object' THEN
        RAISE EXCEPTION 'appeal payload must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Send {"source": ..., "external_id": ..., "region": ..., "channel": ..., "text": ...}.';
    END IF;
    SELECT pg_catalog.string_agg(k, ', ' ORDER BY k) INTO unknown
      FROM pg_catalog.jsonb_object_keys(payload) AS k
     WHERE NOT (k OPERATOR(pg_catalog.=) ANY (known_keys));
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'unknown key in appeal payload: %', unknown
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The keys are %s.', pg_catalog.array_to_string(known_keys, ', '));
    END IF;

    -- Idempotency: (source, external_id) names the appeal for good.
    v_source := @extschema@.payload_text(payload, 'source', 64);
    v_external_id := @extschema@.payload_text(payload, 'external_id', 256);
    IF v_source IS NULL OR v_external_id IS NULL THEN
        RAISE EXCEPTION 'appeal payload needs "source" and "external_id"'
            USING ERRCODE = 'not_null_violation',
                  DETAIL = 'Together they identify the appeal, so that sending it again never registers a duplicate.';
    END IF;
    SELECT a.id INTO v_result FROM @extschema@.appeal AS a
     WHERE a.source OPERATOR(pg_catalog.=) v_source AND a.external_id OPERATOR(pg_catalog.=) v_external_id;
    IF FOUND THEN
        RETURN v_result;
    END IF;

    v_region_text := @extschema@.payload_text(payload, 'region', 8);
    IF v_region_text IS NULL THEN
        RAISE EXCEPTION 'appeal payload needs "region"'
            USING ERRCODE = 'not_null_violation',
                  HINT = 'Send the subject code, for example 71 for Tula.';
    END IF;
    IF v_region_text !~ '^[0-9]{1,2}$' THEN
        RAISE EXCEPTION 'payload key "region" is not a region code: "%"', v_region_text
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Send the subject code, for example 71 for Tula.';
    END IF;
    v_region := v_region_text::smallint;
    SELECT r.tz INTO v_tz FROM @extschema@.region AS r
     WHERE r.code OPERATOR(pg_catalog.=) v_region AND r.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown region %', v_region
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The region is not in cuvr.region or is not active.';
    END IF;

    v_channel := @extschema@.payload_text(payload, 'channel', 64);
    IF v_channel IS NULL THEN
        RAISE EXCEPTION 'appeal payload needs "channel"'
            USING ERRCODE = 'not_null_violation',
                  HINT = 'The channels are listed in cuvr.channel.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.channel AS c WHERE c.code OPERATOR(pg_catalog.=) v_channel) THEN
        RAISE EXCEPTION 'unknown channel "%"', v_channel
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The channels are listed in cuvr.channel.';
    END IF;
    v_kind := coalesce(@extschema@.payload_text(payload, 'kind', 64), 'appeal');
    IF NOT EXISTS (SELECT 1 FROM @extschema@.appeal_kind AS k WHERE k.code OPERATOR(pg_catalog.=) v_kind) THEN
        RAISE EXCEPTION 'unknown kind of appeal "%"', v_kind
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The kinds are listed in cuvr.appeal_kind.';
    END IF;

    v_text := @extschema@.payload_text(payload, 'text', @extschema@.setting_value('max_text_length')::integer);
    IF v_text IS NULL THEN
        RAISE EXCEPTION 'appeal payload needs a non-empty "text"'
            USING ERRCODE = 'not_null_violation';
    END IF;

    v_received := coalesce(@extschema@.payload_timestamptz(payload, 'received_at'), pg_catalog.now());
    IF v_received OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.+) '5 minutes'::interval) THEN
        RAISE EXCEPTION 'payload key "received_at" is in the future: %', v_received
            USING ERRCODE = 'datetime_field_overflow',
                  HINT = 'Check the clock and the time zone offset of the source system.';
    END IF;

    v_territory := @extschema@.payload_oktmo(payload, 'territory');

    v_expedited_text := pg_catalog.lower(@extschema@.payload_text(payload, 'expedited', 8));
    IF v_expedited_text IS NOT NULL THEN
        IF v_expedited_text NOT IN ('true', 'false', 't', 'f', '1', '0', 'yes', 'no') THEN
            RAISE EXCEPTION 'payload key "expedited" is not a boolean: "%"', v_expedited_text
                USING ERRCODE = 'invalid_text_representation';
        END IF;
        v_expedited := v_expedited_text::boolean;
    END IF;

    v_category_code := @extschema@.payload_text(payload, 'category', 128);
    IF v_category_code IS NOT NULL THEN
        SELECT c.id INTO v_category_id FROM @extschema@.category AS c
         WHERE c.code OPERATOR(pg_catalog.=) v_category_code AND c.active;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown category "%"', v_category_code
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'The categories are listed in cuvr.category (column code).';
        END IF;
        v_category_confirmed := true;
        v_confidence := 1;
        v_classified_by := 'source';
    END IF;

    v_tok := @extschema@.payload_tok(payload, 'tok');

    v_accused_text := @extschema@.payload_text(payload, 'accused_body', 12);
    IF v_accused_text IS NOT NULL THEN
        IF v_accused_text !~ '^[0-9]{1,9}$' THEN
            RAISE EXCEPTION 'payload key "accused_body" is not a body id: "%"', v_accused_text
                USING ERRCODE = 'invalid_text_representation';
        END IF;
        v_accused := v_accused_text::integer;
        IF NOT EXISTS (SELECT 1 FROM @extschema@.body AS b WHERE b.id OPERATOR(pg_catalog.=) v_accused) THEN
            RAISE EXCEPTION 'unknown body % in payload key "accused_body"', v_accused
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'The bodies are listed in cuvr.body.';
        END IF;
    END IF;

    v_lat := @extschema@.payload_float(payload, 'lat', -90, 90);
    v_lon := @extschema@.payload_float(payload, 'lon', -180, 180);

    v_due := @extschema@.payload_timestamptz(payload, 'due_at');
    IF v_due IS NOT NULL AND v_due OPERATOR(pg_catalog.<=) v_received THEN
        RAISE EXCEPTION 'payload key "due_at" is not after "received_at"'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    v_person := @extschema@.resolve_applicant(v_region, payload OPERATOR(pg_catalog.->) 'applicant');

    -- Classify what the source left unclassified; route what is certain.
    IF v_category_id IS NULL AND @extschema@.setting_value('classifier_enabled')::boolean THEN
        v_guess := @extschema@.guess_category(v_text);
        v_category_id := v_guess.category_id;
        v_confidence := v_guess.confidence;
        v_classified_by := v_guess.method;
    END IF;
    IF v_tok IS NULL AND v_category_id IS NOT NULL THEN
        SELECT c.tok INTO v_tok FROM @extschema@.category AS c WHERE c.id OPERATOR(pg_catalog.=) v_category_id;
    END IF;
    IF v_category_id IS NOT NULL
       AND v_confidence OPERATOR(pg_catalog.>=) @extschema@.setting_value('triage_confidence')::double precision THEN
        v_body := @extschema@.route(v_region, v_category_id, v_territory, v_channel, v_accused);
    END IF;
    -- Uncertain or unrouted appeals wait in triage at the region's ЦУР.
    IF v_body IS NULL THEN
        v_coordinator := @extschema@.coordinator_body(v_region);
        IF v_coordinator OPERATOR(pg_catalog.=) v_accused THEN
            v_coordinator := NULL;
        END IF;
    END IF;

    -- A repeat appeal (повторное): the same applicant, the same category or
    -- ТОК code, within repeat_window.
    IF v_person.applicant_id IS NOT NULL AND (v_category_id IS NOT NULL OR v_tok IS NOT NULL) THEN
        SELECT a.id INTO v_repeat_of FROM @extschema@.appeal AS a
         WHERE a.region_code OPERATOR(pg_catalog.=) v_region
           AND a.applicant_id OPERATOR(pg_catalog.=) v_person.applicant_id
           AND a.registered_at OPERATOR(pg_catalog.>=)
               (pg_catalog.now() OPERATOR(pg_catalog.-) @extschema@.setting_value('repeat_window')::interval)
           AND (a.category_id OPERATOR(pg_catalog.=) v_category_id OR a.tok OPERATOR(@extschema@.=) v_tok)
         ORDER BY a.registered_at DESC, a.id DESC LIMIT 1;
    END IF;

    IF @extschema@.setting_value('mass_detection')::boolean THEN
        v_signature := @extschema@.text_signature(v_text);
    END IF;

    -- The answer term runs from registration (ГК ст. 191: from the next day).
    SELECT d.due_at, d.estimated INTO v_due_calc, v_estimated
      FROM @extschema@.step_deadline('answer', v_region, v_kind, v_channel, v_expedited, pg_catalog.now()) AS d;
    v_first_response := (@extschema@.step_deadline('first_response', v_region, v_kind, v_channel, v_expedited,
                                                   pg_catalog.now())).due_at;

    v_node := @extschema@.setting_value('node_id')::integer;
    v_seq := pg_catalog.nextval('@extschema@.appeal_seq');
    v_id := (v_region::bigint OPERATOR(pg_catalog.*) 1000000000000000)
            OPERATOR(pg_catalog.+) (v_node::bigint OPERATOR(pg_catalog.*) 1000000000000)
            OPERATOR(pg_catalog.+) v_seq;
    v_number := pg_catalog.format('%s-%s%s-%s', pg_catalog.lpad(v_region::text, 2, '0'),
                    CASE WHEN v_node OPERATOR(pg_catalog.=) 0 THEN '' ELSE v_node::text OPERATOR(pg_catalog.||) '-' END,
                    pg_catalog.to_char(pg_catalog.timezone(v_tz, pg_catalog.now()), 'YY'),
                    pg_catalog.lpad(v_seq::text, 7, '0'));

    PERFORM @extschema@.label_change('register');
    INSERT INTO @extschema@.appeal AS a
           (region_code, id, reg_number, source, external_id, channel, kind, status, body_id,
            category_id, category_confirmed, category_confidence, classified_by, accused_body_id, repeat_of, signature,
            applicant_id, subject, text, address, territory, lat, lon,
            expedited, tok, received_at, due_at, due_at_supplied, due_estimated, term_started_at,
            first_response_due_at)
    VALUES (v_region, v_id, v_number, v_source, v_external_id, v_channel, v_kind,
            CASE WHEN v_body IS NOT NULL THEN 'assigned' ELSE 'triage' END,
            coalesce(v_body, v_coordinator), v_category_id, v_category_confirmed, v_confidence, v_classified_by,
            v_accused, v_repeat_of, v_signature, v_person.applicant_id,
            @extschema@.payload_text(payload, 'subject', 1000), v_text,
            @extschema@.payload_text(payload, 'address', 1000), v_territory,
            v_lat, v_lon,
            v_expedited, v_tok, v_received,
            coalesce(v_due, v_due_calc), v_due IS NOT NULL,
            v_due IS NULL AND coalesce(v_estimated, false), pg_catalog.now(), v_first_response)
    ON CONFLICT (source, external_id) DO NOTHING
    RETURNING a.id INTO v_result;
    PERFORM @extschema@.label_change(NULL);
    IF v_result IS NOT NULL AND v_signature IS NOT NULL AND v_category_id IS NOT NULL THEN
        PERFORM @extschema@.attach_problem(v_region, v_result);
    END IF;

    IF v_result IS NULL THEN
        -- Another session registered the same (source, external_id) first.
        IF v_person.created THEN
            DELETE FROM @extschema@.applicant AS p
             WHERE p.region_code OPERATOR(pg_catalog.=) v_region
               AND p.id OPERATOR(pg_catalog.=) v_person.applicant_id;
        END IF;
        SELECT a.id INTO STRICT v_result FROM @extschema@.appeal AS a
         WHERE a.source OPERATOR(pg_catalog.=) v_source AND a.external_id OPERATOR(pg_catalog.=) v_external_id;
    END IF;
    RETURN v_result;
END
$$;

-- A reason of tabs or line breaks is no reason; answers are trimmed of them too.
CREATE OR REPLACE FUNCTION @extschema@.require_reason(reason text, action text)
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

-- Payload keys are trimmed only when they start or end with a blank, so that a 10 MB text is refused at once.
CREATE OR REPLACE FUNCTION @extschema@.payload_text(payload jsonb, key text, max_length integer)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    value jsonb := payload OPERATOR(pg_catalog.->) key;
    result text;
BEGIN
    IF value IS NULL OR pg_catalog.jsonb_typeof(value) OPERATOR(pg_catalog.=) 'null' THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.jsonb_typeof(value) NOT IN ('string', 'number', 'boolean') THEN
        RAISE EXCEPTION 'payload key "%" must be a string, not a JSON %', key, pg_catalog.jsonb_typeof(value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    result := payload OPERATOR(pg_catalog.->>) key;
    -- btrim() walks every character of a multibyte text: trim only a value
    -- that starts or ends with a blank, so that a 10 MB text is refused as
    -- too long at once.
    IF pg_catalog.left(result, 1) IN (' ', E'\t', E'\r', E'\n')
       OR pg_catalog.right(result, 1) IN (' ', E'\t', E'\r', E'\n') THEN
        result := pg_catalog.btrim(result, E' \t\r\n');
    END IF;
    IF result OPERATOR(pg_catalog.=) '' THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.length(result) OPERATOR(pg_catalog.>) max_length THEN
        RAISE EXCEPTION 'payload key "%" is too long', key
            USING ERRCODE = 'string_data_right_truncation',
                  DETAIL = pg_catalog.format('It has %s characters; at most %s are allowed.', pg_catalog.length(result), max_length);
    END IF;
    RETURN result;
END
$$;

-- sqlsmith: a routing rule with a territory and no region was refused as
-- "territory ... is not in region <NULL>"; the NOT NULL constraint now
-- names the missing column.
CREATE OR REPLACE FUNCTION @extschema@.routing_rule_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    other integer;
BEGIN
    IF NOT NEW.active THEN
        RETURN NEW;
    END IF;
    SELECT r.id INTO other FROM @extschema@.routing_rule AS r
     WHERE r.active AND r.id IS DISTINCT FROM NEW.id
       AND r.region_code OPERATOR(pg_catalog.=) NEW.region_code
       AND r.category_id IS NOT DISTINCT FROM NEW.category_id
       AND r.theme_id IS NOT DISTINCT FROM NEW.theme_id
       AND (r.territory IS NULL AND NEW.territory IS NULL
            OR r.territory OPERATOR(@extschema@.=) NEW.territory)
       AND r.channel IS NOT DISTINCT FROM NEW.channel
       AND r.priority OPERATOR(pg_catalog.=) NEW.priority;
    IF FOUND THEN
        RAISE EXCEPTION 'routing rule would tie with rule %', other
            USING ERRCODE = 'unique_violation',
                  DETAIL = 'Both rules cover the same subject, territory and channel with the same priority, so neither would be more specific.',
                  HINT = 'Change the priority, narrow the territory or channel, or deactivate the other rule.';
    END IF;
    -- A rule without a region is left to the NOT NULL constraint, which
    -- names the column, rather than called outside region NULL.
    IF NEW.territory IS NOT NULL AND NEW.region_code IS NOT NULL
       AND @extschema@.oktmo_region(NEW.territory) IS DISTINCT FROM NEW.region_code THEN
        RAISE EXCEPTION 'territory % is not in region %', NEW.territory, NEW.region_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The first two digits of an OKTMO code name the region (cuvr.region.oktmo_prefix).';
    END IF;
    RETURN NEW;
END
$$;

-- Performance: cuvr.label_change() in C (it ran as a SQL function twice in
-- every lifecycle call, about 20 us each).  CREATE OR REPLACE also drops
-- the SET clause, which a C function does not need.
CREATE OR REPLACE FUNCTION @extschema@.label_change(action text, note text DEFAULT NULL, ref bigint DEFAULT NULL)
RETURNS void
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'cuvr_label_change';

-- Performance: the near-duplicate (mass appeal) search read every appeal of
-- the category and territory sharing a signature band, of all time, and
-- slowed registration as the history grew (8.5 of 13.3 ms per appeal at
-- 1 M appeals).  The signature keys now carry the day of receipt, and the
-- search looks only at the days of mass_window.
DROP INDEX @extschema@.appeal_signature;
DROP FUNCTION @extschema@.signature_keys(bigint, integer, @extschema@.oktmo);
CREATE FUNCTION @extschema@.signature_keys(signature bigint, category_id integer, territory @extschema@.oktmo,
                                           received_at timestamptz)
RETURNS integer[]
    LANGUAGE C IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_signature_keys';
COMMENT ON FUNCTION @extschema@.signature_keys(bigint, integer, @extschema@.oktmo, timestamptz) IS
    'the four 16-bit bands of a signature mixed with a category, a territory and the day of receipt (UTC): near-duplicates within 3 bits share one, so a GIN index finds candidates of that category, territory and day';
-- The keys to look for: a signature's dated keys on every day of a window,
-- so that the search reads the window's appeals only, however long the
-- history is.
CREATE FUNCTION @extschema@.signature_probe(signature bigint, category_id integer, territory @extschema@.oktmo,
                                            from_time timestamptz, to_time timestamptz)
RETURNS integer[]
    LANGUAGE C IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_signature_probe';
COMMENT ON FUNCTION @extschema@.signature_probe(bigint, integer, @extschema@.oktmo, timestamptz, timestamptz) IS
    'the keys of cuvr.signature_keys() for every day from from_time to to_time (at most 367 days): overlap (&&) with them finds near-duplicate candidates received in that window';
CREATE INDEX appeal_signature ON @extschema@.appeal
    USING gin (@extschema@.signature_keys(signature, category_id, territory, received_at))
    WITH (fastupdate = off)  -- every registration searches it: no pending list to scan
    WHERE signature IS NOT NULL;
COMMENT ON INDEX @extschema@.appeal_signature IS 'near-duplicate candidates: appeals of one category, territory and day of receipt sharing a signature band';
REVOKE ALL ON FUNCTION @extschema@.signature_keys(bigint, integer, @extschema@.oktmo, timestamptz),
    @extschema@.signature_probe(bigint, integer, @extschema@.oktmo, timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.signature_keys(bigint, integer, @extschema@.oktmo, timestamptz),
    @extschema@.signature_probe(bigint, integer, @extschema@.oktmo, timestamptz, timestamptz)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;

-- Performance: NOTIFY cuvr_events is off by default.  PostgreSQL takes a
-- database-wide lock from the pre-commit of a notifying transaction until
-- its commit is flushed, so notifying commits run one at a time: the
-- lifecycle at 8 clients ran at 140 tps with it and 233 without.  An
-- updated installation keeps the value it had; only the description
-- changes.  Set it to false to get the speed (CHANGELOG, Upgrading).
UPDATE @extschema@.setting
   SET description = 'Send NOTIFY cuvr_events with a small JSON payload for every appeal event. Default false: PostgreSQL serialises the commits of all notifying transactions (a database-wide lock from pre-commit until the commit is flushed), which costs much of the throughput with several clients; cuvr.outbox is the durable feed.'
 WHERE name OPERATOR(pg_catalog.=) 'notify' AND builtin;

-- The mass-appeal search with the day-bucketed keys, and the near-duplicate
-- test written out in its queries: near_duplicate() was a SQL function with
-- a pinned search_path, which is never inlined and was planned again for
-- every appeal.
CREATE OR REPLACE FUNCTION @extschema@.attach_problem(region smallint, appeal bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a @extschema@.appeal;
    near bigint[];
    problem bigint;
    min_group integer := @extschema@.setting_value('mass_min_group')::integer;
    max_distance integer := @extschema@.setting_value('mass_max_distance')::integer;
    win interval := @extschema@.setting_value('mass_window')::interval;
    radius double precision := @extschema@.setting_value('mass_radius_m')::double precision;
BEGIN
    SELECT * INTO a FROM @extschema@.appeal AS x
     WHERE x.region_code OPERATOR(pg_catalog.=) region AND x.id OPERATOR(pg_catalog.=) appeal;
    IF a.signature IS NULL OR a.category_id IS NULL THEN
        RETURN NULL;
    END IF;
    -- Near-duplicates come from the signature index, which holds the day of
    -- receipt: only the appeals of the window's days are read, so the cost
    -- follows the traffic of the window, not the size of the history.  One
    -- already in a problem decides; else mass_min_group of them make one.
    -- Both queries stop at their first rows, however large the group.  A
    -- near-duplicate has a signature within max_distance bits, was received
    -- within win of it and, when both have coordinates, lies within radius
    -- metres (equirectangular distance).  The test is written out in both
    -- queries, not called as a function: a SQL function with a pinned
    -- search_path is not inlined and was planned again for every appeal.
    SELECT x.problem_id INTO problem
      FROM @extschema@.appeal AS x
     WHERE @extschema@.signature_keys(x.signature, x.category_id, x.territory, x.received_at) OPERATOR(pg_catalog.&&)
           @extschema@.signature_probe(a.signature, a.category_id, a.territory,
                                       a.received_at OPERATOR(pg_catalog.-) win, a.received_at OPERATOR(pg_catalog.+) win)
       AND x.signature IS NOT NULL
       AND x.region_code OPERATOR(pg_catalog.=) a.region_code
       AND x.id OPERATOR(pg_catalog.<>) a.id
       AND x.category_id OPERATOR(pg_catalog.=) a.category_id
       AND (x.territory IS NULL AND a.territory IS NULL OR x.territory OPERATOR(@extschema@.=) a.territory)
       AND @extschema@.signature_distance(x.signature, a.signature) OPERATOR(pg_catalog.<=) max_distance
       AND x.received_at BETWEEN (a.received_at OPERATOR(pg_catalog.-) win) AND (a.received_at OPERATOR(pg_catalog.+) win)
       AND (x.lat IS NULL OR a.lat IS NULL OR
            pg_catalog.sqrt(pg_catalog.power((x.lat OPERATOR(pg_catalog.-) a.lat) OPERATOR(pg_catalog.*) 111320, 2)
                OPERATOR(pg_catalog.+) pg_catalog.power((x.lon OPERATOR(pg_catalog.-) a.lon) OPERATOR(pg_catalog.*) 111320
                    OPERATOR(pg_catalog.*) pg_catalog.cos(pg_catalog.radians(a.lat)), 2))
            OPERATOR(pg_catalog.<=) radius)
       AND x.problem_id IS NOT NULL
     LIMIT 1;
    IF problem IS NULL THEN
        SELECT pg_catalog.array_agg(n.id) INTO near
          FROM (SELECT x.id FROM @extschema@.appeal AS x
             WHERE @extschema@.signature_keys(x.signature, x.category_id, x.territory, x.received_at) OPERATOR(pg_catalog.&&)
                   @extschema@.signature_probe(a.signature, a.category_id, a.territory,
                                               a.received_at OPERATOR(pg_catalog.-) win, a.received_at OPERATOR(pg_catalog.+) win)
               AND x.signature IS NOT NULL
               AND x.region_code OPERATOR(pg_catalog.=) a.region_code
               AND x.id OPERATOR(pg_catalog.<>) a.id
               AND x.category_id OPERATOR(pg_catalog.=) a.category_id
               AND (x.territory IS NULL AND a.territory IS NULL OR x.territory OPERATOR(@extschema@.=) a.territory)
               AND @extschema@.signature_distance(x.signature, a.signature) OPERATOR(pg_catalog.<=) max_distance
               AND x.received_at BETWEEN (a.received_at OPERATOR(pg_catalog.-) win) AND (a.received_at OPERATOR(pg_catalog.+) win)
               AND (x.lat IS NULL OR a.lat IS NULL OR
                    pg_catalog.sqrt(pg_catalog.power((x.lat OPERATOR(pg_catalog.-) a.lat) OPERATOR(pg_catalog.*) 111320, 2)
                        OPERATOR(pg_catalog.+) pg_catalog.power((x.lon OPERATOR(pg_catalog.-) a.lon) OPERATOR(pg_catalog.*) 111320
                            OPERATOR(pg_catalog.*) pg_catalog.cos(pg_catalog.radians(a.lat)), 2))
                    OPERATOR(pg_catalog.<=) radius)
                 LIMIT GREATEST(min_group, 1)) AS n;
    END IF;
    IF problem IS NULL THEN
        IF coalesce(pg_catalog.cardinality(near), 0) OPERATOR(pg_catalog.+) 1 OPERATOR(pg_catalog.<) min_group THEN
            RETURN NULL;
        END IF;
        INSERT INTO @extschema@.problem AS p (region_code, category_id, territory)
        VALUES (a.region_code, a.category_id, a.territory)
        RETURNING p.id INTO problem;
    ELSE
        near := '{}';
    END IF;
    PERFORM @extschema@.label_change('group', 'problem ' OPERATOR(pg_catalog.||) problem);
    UPDATE @extschema@.appeal AS x SET problem_id = problem
     WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code
       AND x.id OPERATOR(pg_catalog.=) ANY (near OPERATOR(pg_catalog.||) a.id)
       AND x.problem_id IS NULL;
    PERFORM @extschema@.label_change(NULL);
    RETURN problem;
END
$$;
DROP FUNCTION @extschema@.near_duplicate(@extschema@.appeal, @extschema@.appeal, interval, integer, double precision);

-- Performance: SQL functions with a pinned search_path are planned again at
-- every call of their caller.  appeal_region() is C now (every lifecycle
-- call looks its appeal up through it); coordinator_body() and
-- intake_payload() are PL/pgSQL, whose plans are kept for the session.
CREATE OR REPLACE FUNCTION @extschema@.appeal_region(appeal bigint)
RETURNS smallint
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'cuvr_appeal_region';
CREATE OR REPLACE FUNCTION @extschema@.coordinator_body(region integer)
RETURNS integer
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- At most one row: body_one_coordinator_per_region.
    RETURN (SELECT b.id FROM @extschema@.body AS b
             WHERE b.region_code OPERATOR(pg_catalog.=) region AND b.coordinator);
END
$$;
CREATE OR REPLACE FUNCTION @extschema@.intake_payload(row_ @extschema@.intake)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'source', row_.source, 'external_id', row_.external_id, 'region', row_.region,
        'channel', row_.channel, 'kind', row_.kind, 'text', row_.text, 'subject', row_.subject,
        'received_at', row_.received_at, 'territory', row_.territory, 'address', row_.address,
        'lat', row_.lat, 'lon', row_.lon, 'expedited', row_.expedited, 'category', row_.category,
        'tok', row_.tok, 'due_at', row_.due_at,
        'applicant', NULLIF(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'name', row_.applicant_name, 'email', row_.applicant_email,
            'phone', row_.applicant_phone, 'esia_id', row_.applicant_esia_id)), '{}'::jsonb)));
END
$$;

-- Performance: the KPI trigger on changed appeals is C in front of the
-- PL/pgSQL that moves the terms (now cuvr.kpi_appeal_moved()); most changes
-- move none, and C sees that without running its query (about 100 us a
-- statement).
CREATE FUNCTION @extschema@.kpi_appeal_moved()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    WITH changed AS (
        SELECT o.region_code, o.id, pg_catalog.timezone(r.tz, o.registered_at)::date AS registered_day,
               pg_catalog.timezone(r.tz, o.due_at)::date AS old_due_day,
               pg_catalog.timezone(r.tz, n.due_at)::date AS new_due_day,
               o.body_id AS old_body, n.body_id AS new_body,
               o.category_id AS old_category, n.category_id AS new_category,
               o.channel AS old_channel, n.channel AS new_channel,
               (o.overdue_at IS NOT NULL AND o.answered_at IS NULL AND o.status NOT IN ('closed', 'rejected')) AS old_overdue,
               (n.overdue_at IS NOT NULL AND n.answered_at IS NULL AND n.status NOT IN ('closed', 'rejected')) AS new_overdue,
               (o.category_id IS DISTINCT FROM n.category_id OR o.channel IS DISTINCT FROM n.channel) AS children_move
          FROM old_appeals AS o
          JOIN new_appeals AS n ON n.id OPERATOR(pg_catalog.=) o.id
          JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) o.region_code
         WHERE o.body_id IS DISTINCT FROM n.body_id
            OR o.category_id IS DISTINCT FROM n.category_id
            OR o.channel IS DISTINCT FROM n.channel
            OR (o.overdue_at IS NOT NULL AND o.answered_at IS NULL AND o.status NOT IN ('closed', 'rejected'))
               IS DISTINCT FROM
               (n.overdue_at IS NOT NULL AND n.answered_at IS NULL AND n.status NOT IN ('closed', 'rejected'))
            OR (o.overdue_at IS NOT NULL AND o.due_at IS DISTINCT FROM n.due_at)),
    terms AS (
        -- received moves with body, category and channel
        SELECT c.region_code, c.registered_day AS day, c.old_body AS body_id, c.old_category AS category_id,
               c.old_channel AS channel, NULL::integer AS response_days, -1 AS received, 0 AS answered, 0 AS answered_on_time, 0 AS overdue_open,
               0 AS ratings, 0 AS rating_sum, 0 AS negative_ratings, 0 AS escalations
          FROM changed AS c
        UNION ALL
        SELECT c.region_code, c.registered_day, c.new_body, c.new_category, c.new_channel, NULL, 1, 0, 0, 0, 0, 0, 0, 0
          FROM changed AS c
        UNION ALL
        SELECT c.region_code, c.old_due_day, c.old_body, c.old_category, c.old_channel, NULL, 0, 0, 0, -1, 0, 0, 0, 0
          FROM changed AS c WHERE c.old_overdue
        UNION ALL
        SELECT c.region_code, c.new_due_day, c.new_body, c.new_category, c.new_channel, NULL, 0, 0, 0, 1, 0, 0, 0, 0
          FROM changed AS c WHERE c.new_overdue
        UNION ALL
        -- answers, ratings and escalations move with category and channel
        SELECT c.region_code, pg_catalog.timezone(r.tz, x.answered_at)::date, x.body_id, k.category_id, k.channel,
               x.working_days, 0, k.sign, k.sign OPERATOR(pg_catalog.*) (x.answered_at OPERATOR(pg_catalog.<=) x.due_at IS TRUE)::integer,
               0, 0, 0, 0, 0
          FROM changed AS c
          JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) c.region_code
          CROSS JOIN LATERAL (VALUES (-1, c.old_category, c.old_channel), (1, c.new_category, c.new_channel))
                AS k(sign, category_id, channel)
          JOIN @extschema@.answer AS x ON x.region_code OPERATOR(pg_catalog.=) c.region_code
                                      AND x.appeal_id OPERATOR(pg_catalog.=) c.id
         WHERE c.children_move
        UNION ALL
        SELECT c.region_code, pg_catalog.timezone(r.tz, x.rated_at)::date, n.body_id, k.category_id, k.channel,
               NULL, 0, 0, 0, 0, k.sign, k.sign OPERATOR(pg_catalog.*) x.score,
               k.sign OPERATOR(pg_catalog.*) (x.score OPERATOR(pg_catalog.<=) 2)::integer, 0
          FROM changed AS c
          JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) c.region_code
          CROSS JOIN LATERAL (VALUES (-1, c.old_category, c.old_channel), (1, c.new_category, c.new_channel))
                AS k(sign, category_id, channel)
          JOIN @extschema@.rating AS x ON x.region_code OPERATOR(pg_catalog.=) c.region_code
                                      AND x.appeal_id OPERATOR(pg_catalog.=) c.id
          JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) x.region_code
                                      AND n.id OPERATOR(pg_catalog.=) x.answer_id
         WHERE c.children_move
        UNION ALL
        SELECT c.region_code, pg_catalog.timezone(r.tz, e.at)::date, e.from_body, k.category_id, k.channel,
               NULL, 0, 0, 0, 0, 0, 0, 0, k.sign
          FROM changed AS c
          JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) c.region_code
          CROSS JOIN LATERAL (VALUES (-1, c.old_category, c.old_channel), (1, c.new_category, c.new_channel))
                AS k(sign, category_id, channel)
          JOIN @extschema@.appeal_event AS e ON e.region_code OPERATOR(pg_catalog.=) c.region_code
                                            AND e.appeal_id OPERATOR(pg_catalog.=) c.id
         WHERE c.children_move
           AND e.to_status OPERATOR(pg_catalog.=) 'escalated' AND e.from_status IS DISTINCT FROM 'escalated')
    INSERT INTO @extschema@.kpi_delta (region_code, day, body_id, category_id, channel, response_days, received, answered,
                                       answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
    SELECT t.region_code, t.day, t.body_id, t.category_id, t.channel, t.response_days,
           pg_catalog.sum(t.received), pg_catalog.sum(t.answered), pg_catalog.sum(t.answered_on_time),
           pg_catalog.sum(t.overdue_open), pg_catalog.sum(t.ratings), pg_catalog.sum(t.rating_sum),
           pg_catalog.sum(t.negative_ratings), pg_catalog.sum(t.escalations)
      FROM terms AS t
     GROUP BY t.region_code, t.day, t.body_id, t.category_id, t.channel, t.response_days
    HAVING pg_catalog.sum(t.received) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(t.answered) OPERATOR(pg_catalog.<>) 0
        OR pg_catalog.sum(t.answered_on_time) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(t.overdue_open) OPERATOR(pg_catalog.<>) 0
        OR pg_catalog.sum(t.ratings) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(t.rating_sum) OPERATOR(pg_catalog.<>) 0
        OR pg_catalog.sum(t.negative_ratings) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(t.escalations) OPERATOR(pg_catalog.<>) 0;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_appeal_moved() IS
    'statement trigger body, called by cuvr.kpi_appeal_updated() when a change moves KPI terms: moves the KPI terms of changed appeals from their old key to their new one in cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

-- In C in front of it: most changes (an answer, a rating, a grouping) move
-- no term, and C sees that in the transition tables without a query.
CREATE OR REPLACE FUNCTION @extschema@.kpi_appeal_updated()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'cuvr_kpi_appeal_updated';
COMMENT ON FUNCTION @extschema@.kpi_appeal_updated() IS
    'statement trigger (C): finds the changed appeals whose KPI terms move (body, category, channel, overdue state, an overdue deadline) and then runs cuvr.kpi_appeal_moved(); otherwise does nothing';
REVOKE ALL ON FUNCTION @extschema@.kpi_appeal_moved() FROM PUBLIC;

-- A setting whose value cuvr could not use is refused when it is set, not
-- at the next registration.  mass_window bounds the near-duplicate search,
-- whose index keys cover at most 367 days (cuvr.signature_probe()).
CREATE FUNCTION @extschema@.setting_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    window_ interval;
BEGIN
    IF NEW.name OPERATOR(pg_catalog.=) 'mass_window' THEN
        BEGIN
            window_ := NEW.value::interval;
        EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR interval_field_overflow THEN
            RAISE EXCEPTION 'setting mass_window is not an interval: "%"', NEW.value
                USING ERRCODE = 'invalid_datetime_format',
                      HINT = 'Write an interval, for example 72 hours.';
        END;
        IF window_ OPERATOR(pg_catalog.<) '0'::interval OR window_ OPERATOR(pg_catalog.>) '183 days'::interval THEN
            RAISE EXCEPTION 'setting mass_window is out of range: %', NEW.value
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'The near-duplicate search covers at most 183 days either side of an appeal.',
                      HINT = 'Set it between 0 and 183 days.';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.setting_check() IS
    'trigger: refuses setting values cuvr cannot use (mass_window outside 0 to 183 days)';
CREATE TRIGGER setting_check BEFORE INSERT OR UPDATE ON @extschema@.setting
    FOR EACH ROW EXECUTE FUNCTION @extschema@.setting_check();
COMMENT ON TRIGGER setting_check ON @extschema@.setting IS 'refuses setting values cuvr cannot use';
REVOKE ALL ON FUNCTION @extschema@.setting_check() FROM PUBLIC;

-- The journal trigger is C (src/journal.c): one kept statement writes the
-- event and all its outbox rows.  The trigger itself is unchanged.
CREATE OR REPLACE FUNCTION @extschema@.appeal_journal()
RETURNS trigger
LANGUAGE C SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'cuvr_appeal_journal';
COMMENT ON FUNCTION @extschema@.appeal_journal() IS
    'trigger (C): writes the event, outbox rows and NOTIFY cuvr_events for every appeal change (SECURITY DEFINER: the journal is append-only for all working roles)';

-- Performance: the repeat-appeal lookup read every appeal of the applicant
-- in repeat_window from the heap until one had the category or ТОК code
-- (about 50 us at 70 000 appeals, and growing with a prolific applicant).
-- It is now two index probes.  The index is rebuilt, which locks
-- cuvr.appeal against writes while it runs.
DROP INDEX @extschema@.appeal_applicant;
CREATE INDEX appeal_applicant ON @extschema@.appeal (region_code, applicant_id, category_id, registered_at, id)
    WHERE applicant_id IS NOT NULL;
CREATE INDEX appeal_applicant_tok ON @extschema@.appeal (region_code, applicant_id, tok, registered_at, id)
    WHERE applicant_id IS NOT NULL AND tok IS NOT NULL;
COMMENT ON INDEX @extschema@.appeal_applicant IS 'appeals of one applicant, by category (repeat appeals)';
COMMENT ON INDEX @extschema@.appeal_applicant_tok IS 'appeals of one applicant, by ТОК code (repeat appeals)';

-- Performance: cuvr.policy_term() and cuvr.step_deadline() are C
-- (src/policy.c), with the deadline policies cached per backend; as
-- PL/pgSQL they cost about 45 us per registration.  The cache is dropped
-- by a cache_changed trigger on cuvr.deadline_policy.
CREATE OR REPLACE FUNCTION @extschema@.policy_term(event text, kind text, channel text, expedited boolean)
RETURNS @extschema@.term
    LANGUAGE C STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_policy_term';
CREATE OR REPLACE FUNCTION @extschema@.step_deadline(event text, region smallint, kind text, channel text,
                                                     expedited boolean, start timestamptz,
                                                     OUT due_at timestamptz, OUT estimated boolean)
    LANGUAGE C STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_step_deadline';
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.deadline_policy
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
-- Every cache trigger says what it is for.
COMMENT ON TRIGGER cache_changed ON @extschema@.calendar_day IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.calendar_year IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.regional_holiday IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.region IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.setting IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.deadline_policy IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.classifier_model IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.classifier_class IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.classifier_feature IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.keyword_rule IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.category IS 'drops the per-backend caches built from the table when it changes';
COMMENT ON TRIGGER cache_changed ON @extschema@.routing_rule IS 'drops the per-backend caches built from the table when it changes';

-- Performance: registration is C (src/register.c).  The PL/pgSQL version
-- spent about 350 us an appeal interpreting its checks and helper calls;
-- the checks, their order and their errors are unchanged.  Its helpers go.
CREATE OR REPLACE FUNCTION @extschema@.register_appeal(payload jsonb)
RETURNS bigint
LANGUAGE C VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'cuvr_register_appeal';
DROP FUNCTION @extschema@.resolve_applicant(smallint, jsonb);
DROP FUNCTION @extschema@.payload_timestamptz(jsonb, text);
DROP FUNCTION @extschema@.payload_float(jsonb, text, double precision, double precision);
DROP FUNCTION @extschema@.payload_oktmo(jsonb, text);
DROP FUNCTION @extschema@.payload_tok(jsonb, text);
DROP FUNCTION @extschema@.payload_text(jsonb, text, integer);
