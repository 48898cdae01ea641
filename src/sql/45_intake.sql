\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Bulk intake: each row copied into cuvr.intake goes through
-- cuvr.register_appeal() in its own subtransaction.  A good row becomes an
-- appeal and is not stored; a bad row is stored with its error, so one bad
-- row never aborts the load and is never lost.

-- PL/pgSQL rather than SQL: the intake trigger calls it for every row, and
-- a SQL function with a pinned search_path is planned again at every call.
CREATE FUNCTION @extschema@.intake_payload(row_ @extschema@.intake)
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
COMMENT ON FUNCTION @extschema@.intake_payload(@extschema@.intake) IS
    'the register_appeal() payload of an intake row';

CREATE FUNCTION @extschema@.intake_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    state text;
    message text;
    detail text;
BEGIN
    -- The loader is who inserts, whatever the row says; only an admin (or
    -- pg_restore, as superuser) may bring rows of other loaders.
    IF NOT pg_catalog.pg_has_role(CURRENT_USER, 'cuvr_admin', 'MEMBER') THEN
        NEW.loaded_by := CURRENT_USER;
    END IF;
    -- A row that arrives with its error is a kept row being restored.
    IF NEW.error IS NOT NULL THEN
        RETURN NEW;
    END IF;
    BEGIN
        PERFORM @extschema@.register_appeal(@extschema@.intake_payload(NEW));
        RETURN NULL;  -- registered: nothing to keep
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
        NEW.error := message;
        NEW.error_sqlstate := state;
        NEW.error_detail := NULLIF(detail, '');
        RETURN NEW;
    END;
END
$$;
COMMENT ON FUNCTION @extschema@.intake_row() IS
    'trigger: registers an intake row as an appeal, or keeps it with its error';

CREATE TRIGGER intake_row BEFORE INSERT ON @extschema@.intake
    FOR EACH ROW EXECUTE FUNCTION @extschema@.intake_row();

-- Try the kept rows again, for instance after a missing body or category
-- was added.  Returns how many became appeals.
CREATE FUNCTION @extschema@.intake_retry()
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r @extschema@.intake;
    done integer := 0;
    state text;
    message text;
    detail text;
BEGIN
    FOR r IN SELECT * FROM @extschema@.intake AS i ORDER BY i.id FOR UPDATE SKIP LOCKED LOOP
        BEGIN
            PERFORM @extschema@.register_appeal(@extschema@.intake_payload(r));
            DELETE FROM @extschema@.intake AS i WHERE i.id OPERATOR(pg_catalog.=) r.id;
            done := done OPERATOR(pg_catalog.+) 1;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
            UPDATE @extschema@.intake AS i
               SET error = message, error_sqlstate = state, error_detail = NULLIF(detail, '')
             WHERE i.id OPERATOR(pg_catalog.=) r.id;
        END;
    END LOOP;
    RETURN done;
END
$$;
COMMENT ON FUNCTION @extschema@.intake_retry() IS
    'registers the rejected intake rows that now pass and returns how many did; the rest keep their (new) error';

CREATE VIEW @extschema@.my_intake AS
SELECT i.* FROM @extschema@.intake AS i
 WHERE i.loaded_by OPERATOR(pg_catalog.=) CURRENT_USER;
COMMENT ON VIEW @extschema@.my_intake IS
    'the rejected intake rows the current role loaded, with their errors (the view for integrations)';
COMMENT ON COLUMN @extschema@.my_intake.id IS 'row id';
COMMENT ON COLUMN @extschema@.my_intake.source IS 'payload key source';
COMMENT ON COLUMN @extschema@.my_intake.external_id IS 'payload key external_id';
COMMENT ON COLUMN @extschema@.my_intake.region IS 'payload key region';
COMMENT ON COLUMN @extschema@.my_intake.channel IS 'payload key channel';
COMMENT ON COLUMN @extschema@.my_intake.kind IS 'payload key kind';
COMMENT ON COLUMN @extschema@.my_intake.text IS 'payload key text';
COMMENT ON COLUMN @extschema@.my_intake.subject IS 'payload key subject';
COMMENT ON COLUMN @extschema@.my_intake.received_at IS 'payload key received_at';
COMMENT ON COLUMN @extschema@.my_intake.territory IS 'payload key territory';
COMMENT ON COLUMN @extschema@.my_intake.address IS 'payload key address';
COMMENT ON COLUMN @extschema@.my_intake.lat IS 'payload key lat';
COMMENT ON COLUMN @extschema@.my_intake.lon IS 'payload key lon';
COMMENT ON COLUMN @extschema@.my_intake.expedited IS 'payload key expedited';
COMMENT ON COLUMN @extschema@.my_intake.category IS 'payload key category';
COMMENT ON COLUMN @extschema@.my_intake.tok IS 'payload key tok';
COMMENT ON COLUMN @extschema@.my_intake.due_at IS 'payload key due_at';
COMMENT ON COLUMN @extschema@.my_intake.applicant_name IS 'payload key applicant.name (personal data)';
COMMENT ON COLUMN @extschema@.my_intake.applicant_email IS 'payload key applicant.email (personal data)';
COMMENT ON COLUMN @extschema@.my_intake.applicant_phone IS 'payload key applicant.phone (personal data)';
COMMENT ON COLUMN @extschema@.my_intake.applicant_esia_id IS 'payload key applicant.esia_id (personal data)';
COMMENT ON COLUMN @extschema@.my_intake.loaded_at IS 'when the row was loaded';
COMMENT ON COLUMN @extschema@.my_intake.loaded_by IS 'role that loaded the row';
COMMENT ON COLUMN @extschema@.my_intake.error IS 'why the row was rejected';
COMMENT ON COLUMN @extschema@.my_intake.error_sqlstate IS 'SQLSTATE of the rejection';
COMMENT ON COLUMN @extschema@.my_intake.error_detail IS 'detail of the rejection';
