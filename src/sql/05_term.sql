\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- cuvr.term: a legal term (срок): '30 cd', '10 wd', '8 wh', '24 h', and the
-- Russian forms ('30 календарных дней', '10 р.д.', '8 рабочих часов', ...).
-- Output is canonical.  Terms order by unit (cd < wd < wh < h), then count;
-- only comparisons within a unit mean anything.

CREATE TYPE @extschema@.term;

CREATE FUNCTION @extschema@.term_in(cstring) RETURNS @extschema@.term
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_term_in';
CREATE FUNCTION @extschema@.term_out(@extschema@.term) RETURNS cstring
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_term_out';
CREATE FUNCTION @extschema@.term_recv(internal) RETURNS @extschema@.term
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_term_recv';
CREATE FUNCTION @extschema@.term_send(@extschema@.term) RETURNS bytea
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_term_send';

CREATE TYPE @extschema@.term (
    INPUT = @extschema@.term_in,
    OUTPUT = @extschema@.term_out,
    RECEIVE = @extschema@.term_recv,
    SEND = @extschema@.term_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.term IS
    'legal term (срок): a count of calendar days (cd), working days (wd), working hours (wh) or hours (h)';
COMMENT ON FUNCTION @extschema@.term_in(cstring) IS 'text input of cuvr.term: English short forms and Russian forms';
COMMENT ON FUNCTION @extschema@.term_out(@extschema@.term) IS 'text output of cuvr.term: canonical short form';
COMMENT ON FUNCTION @extschema@.term_recv(internal) IS 'binary input of cuvr.term';
COMMENT ON FUNCTION @extschema@.term_send(@extschema@.term) IS 'binary output of cuvr.term';

CREATE FUNCTION @extschema@.term(value integer, unit text) RETURNS @extschema@.term
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_term_make';
COMMENT ON FUNCTION @extschema@.term(integer, text) IS 'makes a term from a count and a unit (cd, wd, wh, h)';
CREATE FUNCTION @extschema@.term_value(@extschema@.term) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_term_value';
COMMENT ON FUNCTION @extschema@.term_value(@extschema@.term) IS 'the count of a term';
CREATE FUNCTION @extschema@.term_unit(@extschema@.term) RETURNS text
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_term_unit';
COMMENT ON FUNCTION @extschema@.term_unit(@extschema@.term) IS 'the unit of a term: cd, wd, wh or h';

-- Comparison support reuses the int8 routines: the packed form orders by
-- unit, then count.
CREATE FUNCTION @extschema@.term_eq(@extschema@.term, @extschema@.term) RETURNS boolean
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'int8eq';
CREATE FUNCTION @extschema@.term_ne(@extschema@.term, @extschema@.term) RETURNS boolean
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'int8ne';
CREATE FUNCTION @extschema@.term_lt(@extschema@.term, @extschema@.term) RETURNS boolean
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'int8lt';
CREATE FUNCTION @extschema@.term_le(@extschema@.term, @extschema@.term) RETURNS boolean
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'int8le';
CREATE FUNCTION @extschema@.term_gt(@extschema@.term, @extschema@.term) RETURNS boolean
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'int8gt';
CREATE FUNCTION @extschema@.term_ge(@extschema@.term, @extschema@.term) RETURNS boolean
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'int8ge';
CREATE FUNCTION @extschema@.term_cmp(@extschema@.term, @extschema@.term) RETURNS integer
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'btint8cmp';
CREATE FUNCTION @extschema@.term_hash(@extschema@.term) RETURNS integer
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'hashint8';
CREATE FUNCTION @extschema@.term_hash_extended(@extschema@.term, bigint) RETURNS bigint
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'hashint8extended';
COMMENT ON FUNCTION @extschema@.term_eq(@extschema@.term, @extschema@.term) IS 'implementation of = for cuvr.term';
COMMENT ON FUNCTION @extschema@.term_ne(@extschema@.term, @extschema@.term) IS 'implementation of <> for cuvr.term';
COMMENT ON FUNCTION @extschema@.term_lt(@extschema@.term, @extschema@.term) IS 'implementation of < for cuvr.term';
COMMENT ON FUNCTION @extschema@.term_le(@extschema@.term, @extschema@.term) IS 'implementation of <= for cuvr.term';
COMMENT ON FUNCTION @extschema@.term_gt(@extschema@.term, @extschema@.term) IS 'implementation of > for cuvr.term';
COMMENT ON FUNCTION @extschema@.term_ge(@extschema@.term, @extschema@.term) IS 'implementation of >= for cuvr.term';
COMMENT ON FUNCTION @extschema@.term_cmp(@extschema@.term, @extschema@.term) IS 'btree support: compares terms by unit, then count';
COMMENT ON FUNCTION @extschema@.term_hash(@extschema@.term) IS 'hash support for cuvr.term';
COMMENT ON FUNCTION @extschema@.term_hash_extended(@extschema@.term, bigint) IS 'extended hash support for cuvr.term';

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.term, RIGHTARG = @extschema@.term, FUNCTION = @extschema@.term_eq,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.term, RIGHTARG = @extschema@.term, FUNCTION = @extschema@.term_ne,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.term, RIGHTARG = @extschema@.term, FUNCTION = @extschema@.term_lt,
    COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.term, RIGHTARG = @extschema@.term, FUNCTION = @extschema@.term_le,
    COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.term, RIGHTARG = @extschema@.term, FUNCTION = @extschema@.term_gt,
    COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.term, RIGHTARG = @extschema@.term, FUNCTION = @extschema@.term_ge,
    COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR @extschema@.= (@extschema@.term, @extschema@.term) IS 'equal terms: same unit and count';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.term, @extschema@.term) IS 'different terms';
COMMENT ON OPERATOR @extschema@.< (@extschema@.term, @extschema@.term) IS 'shorter term (meaningful within a unit)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.term, @extschema@.term) IS 'shorter or equal term (meaningful within a unit)';
COMMENT ON OPERATOR @extschema@.> (@extschema@.term, @extschema@.term) IS 'longer term (meaningful within a unit)';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.term, @extschema@.term) IS 'longer or equal term (meaningful within a unit)';

CREATE OPERATOR CLASS @extschema@.term_ops DEFAULT FOR TYPE @extschema@.term USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.term_cmp(@extschema@.term, @extschema@.term);
COMMENT ON OPERATOR CLASS @extschema@.term_ops USING btree IS 'btree ordering of cuvr.term: by unit, then count';
CREATE OPERATOR CLASS @extschema@.term_hash_ops DEFAULT FOR TYPE @extschema@.term USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.term_hash(@extschema@.term),
    FUNCTION 2 @extschema@.term_hash_extended(@extschema@.term, bigint);
COMMENT ON OPERATOR CLASS @extschema@.term_hash_ops USING hash IS 'hashing of cuvr.term';
