\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Registration: payload parsing and cuvr.register_appeal().

-- A string-valued payload key, trimmed; NULL when absent, JSON null or blank.
CREATE FUNCTION @extschema@.payload_text(payload jsonb, key text, max_length integer)
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
COMMENT ON FUNCTION @extschema@.payload_text(jsonb, text, integer) IS
    'internal: a trimmed string key of an appeal payload, NULL when absent or blank; checks type and length';

-- A timestamp-valued payload key; errors name the key.
CREATE FUNCTION @extschema@.payload_timestamptz(payload jsonb, key text)
RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    value text := @extschema@.payload_text(payload, key, 64);
    result timestamptz;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        result := value::timestamptz;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR invalid_parameter_value THEN
        RAISE EXCEPTION 'payload key "%" is not a valid timestamp: "%"', key, value
            USING ERRCODE = 'invalid_datetime_format',
                  HINT = 'Use ISO 8601 with a time zone offset, for example 2026-03-01T09:30:00+03:00.';
    END;
    IF NOT pg_catalog.isfinite(result)
       OR result OPERATOR(pg_catalog.<) '2000-01-01 00:00+00'::timestamptz
       OR result OPERATOR(pg_catalog.>) (pg_catalog.now() OPERATOR(pg_catalog.+) '1 year'::interval) THEN
        RAISE EXCEPTION 'payload key "%" is out of range: "%"', key, value
            USING ERRCODE = 'datetime_field_overflow',
                  DETAIL = 'Timestamps must lie between 2000-01-01 and one year from now.';
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.payload_timestamptz(jsonb, text) IS
    'internal: a timestamp key of an appeal payload; errors name the key';

-- A number-valued payload key within bounds.  A JSON number is checked as
-- a number, however many digits it has: 1e400 is out of range, not too long.
CREATE FUNCTION @extschema@.payload_float(payload jsonb, key text, low double precision, high double precision)
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
COMMENT ON FUNCTION @extschema@.payload_float(jsonb, text, double precision, double precision) IS
    'internal: a numeric key of an appeal payload within bounds';

-- A code-valued payload key (OKTMO or ТОК); errors name the key.
CREATE FUNCTION @extschema@.payload_oktmo(payload jsonb, key text)
RETURNS @extschema@.oktmo
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    value text := @extschema@.payload_text(payload, key, 64);
    detail text;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN value::@extschema@.oktmo;
EXCEPTION WHEN invalid_text_representation THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'payload key "%" is not an OKTMO code: "%"', key, value
        USING ERRCODE = 'invalid_text_representation', DETAIL = detail,
              HINT = 'An OKTMO code has 8 or 11 digits, for example 70701000.';
END
$$;
COMMENT ON FUNCTION @extschema@.payload_oktmo(jsonb, text) IS
    'internal: an OKTMO key of an appeal payload; errors name the key';

CREATE FUNCTION @extschema@.payload_tok(payload jsonb, key text)
RETURNS @extschema@.tok_code
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    value text := @extschema@.payload_text(payload, key, 64);
    detail text;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN value::@extschema@.tok_code;
EXCEPTION WHEN invalid_text_representation THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'payload key "%" is not a ТОК code: "%"', key, value
        USING ERRCODE = 'invalid_text_representation', DETAIL = detail,
              HINT = 'A ТОК code is 1 to 5 dot-separated blocks of 4 digits, for example 0005.0005.0056.1160.';
END
$$;
COMMENT ON FUNCTION @extschema@.payload_tok(jsonb, text) IS
    'internal: a ТОК key of an appeal payload; errors name the key';

-- Find or create the applicant of a payload; NULL for an anonymous appeal.
-- Returns the id and whether the row was created now.
CREATE FUNCTION @extschema@.resolve_applicant(region smallint, person jsonb, OUT applicant_id bigint, OUT created boolean)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    unknown text;
    v_name text;
    v_email text;
    v_phone text;
    v_esia text;
    digits text;
BEGIN
    created := false;
    IF person IS NULL OR pg_catalog.jsonb_typeof(person) OPERATOR(pg_catalog.=) 'null' THEN
        RETURN;
    END IF;
    IF pg_catalog.jsonb_typeof(person) OPERATOR(pg_catalog.<>) 'object' THEN
        RAISE EXCEPTION 'payload key "applicant" must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Send {"name": ..., "email": ..., "phone": ..., "esia_id": ...}.';
    END IF;
    SELECT pg_catalog.string_agg(k, ', ' ORDER BY k) INTO unknown
      FROM pg_catalog.jsonb_object_keys(person) AS k
     WHERE k NOT IN ('name', 'email', 'phone', 'esia_id');
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'unknown key in payload "applicant": %', unknown
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The applicant keys are name, email, phone and esia_id.';
    END IF;
    v_name := @extschema@.payload_text(person, 'name', 500);
    v_email := pg_catalog.lower(@extschema@.payload_text(person, 'email', 320));
    v_phone := @extschema@.payload_text(person, 'phone', 64);
    v_esia := @extschema@.payload_text(person, 'esia_id', 64);
    IF v_email IS NOT NULL AND v_email !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' THEN
        RAISE EXCEPTION 'applicant e-mail is not valid: "%"', v_email
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_phone IS NOT NULL THEN
        digits := pg_catalog.regexp_replace(v_phone, '[^0-9]', '', 'g');
        IF v_phone !~ '^\+?[0-9 ()\-]+$' OR pg_catalog.length(digits) NOT BETWEEN 10 AND 15 THEN
            RAISE EXCEPTION 'applicant phone is not valid: "%"', v_phone
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Send 10 to 15 digits, for example +7 912 345-67-89.';
        END IF;
        -- Russian numbers: 8XXXXXXXXXX and bare 10 digits mean +7.
        IF pg_catalog.length(digits) OPERATOR(pg_catalog.=) 11 AND pg_catalog.left(digits, 1) OPERATOR(pg_catalog.=) '8'
           AND pg_catalog.left(v_phone, 1) OPERATOR(pg_catalog.<>) '+' THEN
            digits := '7' OPERATOR(pg_catalog.||) pg_catalog.substr(digits, 2);
        ELSIF pg_catalog.length(digits) OPERATOR(pg_catalog.=) 10 THEN
            digits := '7' OPERATOR(pg_catalog.||) digits;
        END IF;
        v_phone := '+' OPERATOR(pg_catalog.||) digits;
    END IF;
    IF v_name IS NULL AND v_email IS NULL AND v_phone IS NULL AND v_esia IS NULL THEN
        RETURN;
    END IF;

    -- A returning applicant is recognised by ESIA id, then e-mail, then phone.
    SELECT a.id INTO applicant_id FROM @extschema@.applicant AS a
     WHERE a.region_code OPERATOR(pg_catalog.=) region AND (
           (v_esia IS NOT NULL AND a.esia_id OPERATOR(pg_catalog.=) v_esia)
        OR (v_esia IS NULL AND v_email IS NOT NULL AND a.email OPERATOR(pg_catalog.=) v_email)
        OR (v_esia IS NULL AND v_email IS NULL AND a.phone OPERATOR(pg_catalog.=) v_phone))
     ORDER BY a.id LIMIT 1;
    IF FOUND THEN
        UPDATE @extschema@.applicant AS a
           SET name = coalesce(a.name, v_name), email = coalesce(a.email, v_email),
               phone = coalesce(a.phone, v_phone), esia_id = coalesce(a.esia_id, v_esia)
         WHERE a.region_code OPERATOR(pg_catalog.=) region AND a.id OPERATOR(pg_catalog.=) applicant_id
           AND (a.name IS NULL AND v_name IS NOT NULL OR a.email IS NULL AND v_email IS NOT NULL
                OR a.phone IS NULL AND v_phone IS NOT NULL OR a.esia_id IS NULL AND v_esia IS NOT NULL);
        RETURN;
    END IF;
    applicant_id := pg_catalog.nextval('@extschema@.applicant_id_seq');
    INSERT INTO @extschema@.applicant (region_code, id, name, email, phone, esia_id)
    VALUES (region, applicant_id, v_name, v_email, v_phone, v_esia);
    created := true;
END
$$;
COMMENT ON FUNCTION @extschema@.resolve_applicant(smallint, jsonb) IS
    'internal: validates the applicant object of a payload and finds or creates the applicant';
REVOKE ALL ON FUNCTION @extschema@.resolve_applicant(smallint, jsonb) FROM PUBLIC;

-- Group a new appeal with its near-duplicates into a mass problem: the same
-- category and territory, a text signature within mass_max_distance bits,
-- received within mass_window of it (either side, so that a late backfill
-- groups like live traffic), and, when both have coordinates, within
-- mass_radius_m of it.  A problem is made when mass_min_group
-- such appeals exist, and grows as more arrive.
CREATE FUNCTION @extschema@.attach_problem(region smallint, appeal bigint)
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
COMMENT ON FUNCTION @extschema@.attach_problem(smallint, bigint) IS
    'internal: groups a new appeal with its near-duplicates into a mass problem (settings mass_window, mass_max_distance, mass_min_group)';

-- SECURITY DEFINER because registration writes personal data into
-- cuvr.applicant and must recognise returning applicants, while the calling
-- integration role may neither read nor write that table.  Its only
-- authority check is EXECUTE, granted to cuvr_integration, cuvr_operator and
-- cuvr_admin.  The journal records cuvr.acting_role(), the real caller.
CREATE FUNCTION @extschema@.register_appeal(payload jsonb)
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
    v_repeat_window interval;
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
        v_repeat_window := @extschema@.setting_value('repeat_window')::interval;
        -- Two index probes (appeal_applicant, appeal_applicant_tok) rather
        -- than one scan of all the applicant's appeals in the window.
        SELECT r.id INTO v_repeat_of
          FROM ((SELECT a.id, a.registered_at FROM @extschema@.appeal AS a
                  WHERE a.region_code OPERATOR(pg_catalog.=) v_region
                    AND a.applicant_id OPERATOR(pg_catalog.=) v_person.applicant_id
                    AND a.category_id OPERATOR(pg_catalog.=) v_category_id
                    AND a.registered_at OPERATOR(pg_catalog.>=) (pg_catalog.now() OPERATOR(pg_catalog.-) v_repeat_window)
                  ORDER BY a.registered_at DESC, a.id DESC LIMIT 1)
                UNION ALL
                (SELECT a.id, a.registered_at FROM @extschema@.appeal AS a
                  WHERE a.region_code OPERATOR(pg_catalog.=) v_region
                    AND a.applicant_id OPERATOR(pg_catalog.=) v_person.applicant_id
                    AND a.tok OPERATOR(@extschema@.=) v_tok
                    AND a.registered_at OPERATOR(pg_catalog.>=) (pg_catalog.now() OPERATOR(pg_catalog.-) v_repeat_window)
                  ORDER BY a.registered_at DESC, a.id DESC LIMIT 1)) AS r
         ORDER BY r.registered_at DESC, r.id DESC LIMIT 1;
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
COMMENT ON FUNCTION @extschema@.register_appeal(jsonb) IS
    'registers an appeal from a JSON payload and returns its id; idempotent on (source, external_id); SECURITY DEFINER to write personal data the caller may not read';
REVOKE ALL ON FUNCTION @extschema@.register_appeal(jsonb) FROM PUBLIC;
