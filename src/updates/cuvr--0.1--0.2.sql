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
