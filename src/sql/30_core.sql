\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Core helpers: C entry points, settings, the journal.

CREATE FUNCTION @extschema@.acting_role()
RETURNS name
LANGUAGE C STABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'cuvr_acting_role';
COMMENT ON FUNCTION @extschema@.acting_role() IS
    'role on whose behalf the statement runs: follows SET ROLE, ignores SECURITY DEFINER';

CREATE FUNCTION @extschema@.appeal_guard()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'cuvr_appeal_guard';
COMMENT ON FUNCTION @extschema@.appeal_guard() IS
    'trigger (C): enforces the appeal lifecycle, keeps identity immutable, stamps version, time and acting role';

CREATE TRIGGER appeal_guard BEFORE INSERT OR UPDATE ON @extschema@.appeal
    FOR EACH ROW EXECUTE FUNCTION @extschema@.appeal_guard();

CREATE FUNCTION @extschema@.setting_value(setting_name text)
RETURNS text
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_setting_value';
COMMENT ON FUNCTION @extschema@.setting_value(text) IS 'value of a cuvr setting (cached per backend); unknown names raise an error';

-- In C: every lifecycle call looks its appeal up through it.
CREATE FUNCTION @extschema@.appeal_region(appeal bigint)
RETURNS smallint
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'cuvr_appeal_region';
COMMENT ON FUNCTION @extschema@.appeal_region(bigint) IS 'region code embedded in an appeal id';

-- Bodies a role acts for, with all their subordinate bodies.
CREATE FUNCTION @extschema@.acting_bodies(role name DEFAULT CURRENT_USER)
RETURNS integer[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH RECURSIVE tree(id) AS (
        SELECT g.body_id
          FROM @extschema@.body_grant AS g
          JOIN pg_catalog.pg_roles AS r ON r.rolname OPERATOR(pg_catalog.=) g.role_name
         WHERE pg_catalog.pg_has_role(role, r.oid, 'MEMBER')
        UNION
        SELECT b.id FROM @extschema@.body AS b JOIN tree ON b.parent_id OPERATOR(pg_catalog.=) tree.id
    )
    SELECT coalesce(pg_catalog.array_agg(tree.id), '{}') FROM tree;
END;
COMMENT ON FUNCTION @extschema@.acting_bodies(name) IS
    'bodies a role acts for (cuvr.grant_body) and all their subordinate bodies; used by row-level security';

-- Label the following changes of appeals in this transaction: the journal
-- trigger reads the label for every row a statement changes, and the caller
-- clears it (label_change(NULL)) after its statement.  A change made
-- without a label is journalled as "update", so direct DML is recorded too.
-- In C: it runs twice in every lifecycle call.
CREATE FUNCTION @extschema@.label_change(action text, note text DEFAULT NULL, ref bigint DEFAULT NULL)
RETURNS void
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'cuvr_label_change';
COMMENT ON FUNCTION @extschema@.label_change(text, text, bigint) IS
    'internal: names the action, reason and created row of the next appeal change for the journal';

-- The journal: every insert or change of an appeal becomes an event, outbox
-- rows and (with the setting notify) a NOTIFY, in the same transaction.
--
-- SECURITY DEFINER because cuvr.appeal_event and cuvr.outbox are append-only
-- and no working role may write them directly; the trigger is their only
-- writer, and it records cuvr.acting_role() (the real caller) as the actor.
-- Trigger functions cannot be called directly.  In C (src/journal.c):
-- every change of an appeal passes through it, and it writes the event and
-- all its outbox rows with one kept statement.
CREATE FUNCTION @extschema@.appeal_journal()
RETURNS trigger
LANGUAGE C SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'cuvr_appeal_journal';
COMMENT ON FUNCTION @extschema@.appeal_journal() IS
    'trigger (C): writes the event, outbox rows and NOTIFY cuvr_events for every appeal change (SECURITY DEFINER: the journal is append-only for all working roles)';
REVOKE ALL ON FUNCTION @extschema@.appeal_journal() FROM PUBLIC;

CREATE TRIGGER appeal_journal AFTER INSERT OR UPDATE ON @extschema@.appeal
    FOR EACH ROW EXECUTE FUNCTION @extschema@.appeal_journal();

-- History is append-only, for everyone including the owner.  The one
-- exception is erasure (cuvr.forget_applicant(), 152-ФЗ): with cuvr.erasing
-- set for the transaction, an UPDATE may blank free text (answer.text,
-- rating.comment) and change nothing else.
CREATE FUNCTION @extschema@.forbid_change()
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

CREATE TRIGGER forbid_change BEFORE UPDATE OR DELETE ON @extschema@.appeal_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.forbid_change();
CREATE TRIGGER forbid_change BEFORE UPDATE OR DELETE ON @extschema@.answer
    FOR EACH ROW EXECUTE FUNCTION @extschema@.forbid_change();
CREATE TRIGGER forbid_change BEFORE UPDATE OR DELETE ON @extschema@.rating
    FOR EACH ROW EXECUTE FUNCTION @extschema@.forbid_change();
CREATE TRIGGER forbid_change BEFORE DELETE ON @extschema@.appeal
    FOR EACH ROW EXECUTE FUNCTION @extschema@.forbid_change();

-- The deadline of a step (answer, first response, reprocessing, ...) of an
-- appeal, from the matching policy's term; NULL when no policy matches.
-- In C (src/policy.c) with cuvr.policy_term().
CREATE FUNCTION @extschema@.step_deadline(event text, region smallint, kind text, channel text,
                                          expedited boolean, start timestamptz,
                                          OUT due_at timestamptz, OUT estimated boolean)
    LANGUAGE C STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_step_deadline';
COMMENT ON FUNCTION @extschema@.step_deadline(text, smallint, text, text, boolean, timestamptz) IS
    'internal: the deadline of a step of an appeal by the deadline policies, and whether it was estimated without a loaded calendar';

-- Classification of an appeal the source left unclassified: the category,
-- a confidence in [0, 1] and how it was found (keyword rule or model).
-- The classifier's tables come later in the script; the C code reads them.
CREATE FUNCTION @extschema@.guess_category(text text, OUT category_id integer,
                                           OUT confidence double precision, OUT method text)
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_guess_category';
COMMENT ON FUNCTION @extschema@.guess_category(text) IS
    'internal: the category, confidence and method (keyword or model) for an unclassified appeal text';
