\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Satisfaction and escalation: a negatively rated answer sends the appeal
-- to the higher body for re-processing, in the rating's transaction (seed
-- 004, section 1).  The trigger is C (src/escalate.c).

CREATE FUNCTION @extschema@.rating_escalate() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'cuvr_rating_escalate';
COMMENT ON FUNCTION @extschema@.rating_escalate() IS
    'trigger (C): journals a rating and sends a negatively rated appeal to the parent of the answering body (or the ЦУР, under manual control, past the top or the depth limit), with a re-processing deadline';
CREATE TRIGGER rating_escalate AFTER INSERT ON @extschema@.rating
    FOR EACH ROW EXECUTE FUNCTION @extschema@.rating_escalate();
