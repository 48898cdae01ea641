\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Classifier codes.
--
-- cuvr.tok_code: a ТОК code (типовой общероссийский тематический
-- классификатор), 1 to 5 dot-separated blocks of 4 digits
-- ('0005.0005.0056.1160': раздел.тематика.тема.вопрос[.подвопрос]).  Codes
-- order block by block, a missing block first, so a code sorts right before
-- its descendants: '0005' < '0005.0000' < '0005.0001' < '0006'.
--
-- cuvr.oktmo: an OKTMO territory code, 8 or 11 digits; blanks are allowed on
-- input ('70 701 000') and dropped on output.  Digits 1-2 are the subject,
-- 3-5 the municipal district or okrug, 6-8 the settlement, 9-11 the locality.
-- The level of a code is its last group that is not zero (1 subject
-- '70000000', 2 district or okrug '70701000', 3 settlement '70612101',
-- 4 locality '70701000001'); a code contains the codes that agree with it
-- in every digit up to its level.  Codes compare by their 11-digit form, so
-- '70701000' = '70701000000', but each is printed as it was written.
--
-- For both types "col <@ const" and "const @> col" are served by a plain
-- btree index on col: a planner support function turns them into a range of
-- the btree order.

-- ----------------------------------------------------------------
-- cuvr.tok_code
-- ----------------------------------------------------------------
CREATE TYPE @extschema@.tok_code;

CREATE FUNCTION @extschema@.tok_code_in(cstring) RETURNS @extschema@.tok_code
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_tok_code_in';
CREATE FUNCTION @extschema@.tok_code_out(@extschema@.tok_code) RETURNS cstring
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_tok_code_out';
CREATE FUNCTION @extschema@.tok_code_recv(internal) RETURNS @extschema@.tok_code
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_tok_code_recv';
CREATE FUNCTION @extschema@.tok_code_send(@extschema@.tok_code) RETURNS bytea
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_tok_code_send';

CREATE TYPE @extschema@.tok_code (
    INPUT = @extschema@.tok_code_in,
    OUTPUT = @extschema@.tok_code_out,
    RECEIVE = @extschema@.tok_code_recv,
    SEND = @extschema@.tok_code_send,
    INTERNALLENGTH = 12,
    ALIGNMENT = int2,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.tok_code IS
    'ТОК code (типовой общероссийский тематический классификатор): 1 to 5 dot-separated blocks of 4 digits';
COMMENT ON FUNCTION @extschema@.tok_code_in(cstring) IS 'text input of cuvr.tok_code: blocks of 4 digits separated by dots';
COMMENT ON FUNCTION @extschema@.tok_code_out(@extschema@.tok_code) IS 'text output of cuvr.tok_code';
COMMENT ON FUNCTION @extschema@.tok_code_recv(internal) IS 'binary input of cuvr.tok_code: int2 level, then the blocks as int2';
COMMENT ON FUNCTION @extschema@.tok_code_send(@extschema@.tok_code) IS 'binary output of cuvr.tok_code: int2 level, then the blocks as int2';

CREATE FUNCTION @extschema@.tok_level(@extschema@.tok_code) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_tok_code_level';
COMMENT ON FUNCTION @extschema@.tok_level(@extschema@.tok_code) IS
    'level of a ТОК code: its number of blocks, 1 (раздел) to 5 (подвопрос)';
CREATE FUNCTION @extschema@.tok_parent(@extschema@.tok_code) RETURNS @extschema@.tok_code
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_tok_code_parent';
COMMENT ON FUNCTION @extschema@.tok_parent(@extschema@.tok_code) IS
    'the ТОК code one level up (the last block dropped); NULL for a level-1 code';
-- Comparison: block by block, a missing block before any block.
CREATE FUNCTION @extschema@.tok_code_eq(@extschema@.tok_code, @extschema@.tok_code) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_eq';
CREATE FUNCTION @extschema@.tok_code_ne(@extschema@.tok_code, @extschema@.tok_code) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_ne';
CREATE FUNCTION @extschema@.tok_code_lt(@extschema@.tok_code, @extschema@.tok_code) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_lt';
CREATE FUNCTION @extschema@.tok_code_le(@extschema@.tok_code, @extschema@.tok_code) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_le';
CREATE FUNCTION @extschema@.tok_code_gt(@extschema@.tok_code, @extschema@.tok_code) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_gt';
CREATE FUNCTION @extschema@.tok_code_ge(@extschema@.tok_code, @extschema@.tok_code) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_ge';
CREATE FUNCTION @extschema@.tok_code_cmp(@extschema@.tok_code, @extschema@.tok_code) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_cmp';
CREATE FUNCTION @extschema@.tok_code_hash(@extschema@.tok_code) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_hash';
CREATE FUNCTION @extschema@.tok_code_hash_extended(@extschema@.tok_code, bigint) RETURNS bigint
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_tok_code_hash_extended';
COMMENT ON FUNCTION @extschema@.tok_code_eq(@extschema@.tok_code, @extschema@.tok_code) IS 'implementation of = for cuvr.tok_code';
COMMENT ON FUNCTION @extschema@.tok_code_ne(@extschema@.tok_code, @extschema@.tok_code) IS 'implementation of <> for cuvr.tok_code';
COMMENT ON FUNCTION @extschema@.tok_code_lt(@extschema@.tok_code, @extschema@.tok_code) IS 'implementation of < for cuvr.tok_code';
COMMENT ON FUNCTION @extschema@.tok_code_le(@extschema@.tok_code, @extschema@.tok_code) IS 'implementation of <= for cuvr.tok_code';
COMMENT ON FUNCTION @extschema@.tok_code_gt(@extschema@.tok_code, @extschema@.tok_code) IS 'implementation of > for cuvr.tok_code';
COMMENT ON FUNCTION @extschema@.tok_code_ge(@extschema@.tok_code, @extschema@.tok_code) IS 'implementation of >= for cuvr.tok_code';
COMMENT ON FUNCTION @extschema@.tok_code_cmp(@extschema@.tok_code, @extschema@.tok_code) IS 'btree support: compares cuvr.tok_code values block by block, a missing block first';
COMMENT ON FUNCTION @extschema@.tok_code_hash(@extschema@.tok_code) IS 'hash support for cuvr.tok_code';
COMMENT ON FUNCTION @extschema@.tok_code_hash_extended(@extschema@.tok_code, bigint) IS 'extended hash support for cuvr.tok_code';

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.tok_code, RIGHTARG = @extschema@.tok_code, FUNCTION = @extschema@.tok_code_eq,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.tok_code, RIGHTARG = @extschema@.tok_code, FUNCTION = @extschema@.tok_code_ne,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.tok_code, RIGHTARG = @extschema@.tok_code, FUNCTION = @extschema@.tok_code_lt,
    COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.tok_code, RIGHTARG = @extschema@.tok_code, FUNCTION = @extschema@.tok_code_le,
    COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.tok_code, RIGHTARG = @extschema@.tok_code, FUNCTION = @extschema@.tok_code_gt,
    COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.tok_code, RIGHTARG = @extschema@.tok_code, FUNCTION = @extschema@.tok_code_ge,
    COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR @extschema@.= (@extschema@.tok_code, @extschema@.tok_code) IS 'equal ТОК codes';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.tok_code, @extschema@.tok_code) IS 'different ТОК codes';
COMMENT ON OPERATOR @extschema@.< (@extschema@.tok_code, @extschema@.tok_code) IS 'ТОК code before (block by block, a parent before its descendants)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.tok_code, @extschema@.tok_code) IS 'ТОК code before or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.tok_code, @extschema@.tok_code) IS 'ТОК code after (block by block, a parent before its descendants)';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.tok_code, @extschema@.tok_code) IS 'ТОК code after or equal';

-- Containment (ancestor-or-self).  The support functions let a btree index
-- on the column serve "col <@ const" and "const @> col".
CREATE FUNCTION @extschema@.tok_code_contains_support(internal) RETURNS internal
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_tok_code_contains_support';
CREATE FUNCTION @extschema@.tok_code_contained_by_support(internal) RETURNS internal
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_tok_code_contained_by_support';
COMMENT ON FUNCTION @extschema@.tok_code_contains_support(internal) IS
    'planner support for tok_code_contains: turns "const @> col" into a btree range';
COMMENT ON FUNCTION @extschema@.tok_code_contained_by_support(internal) IS
    'planner support for tok_code_contained_by: turns "col <@ const" into a btree range';
CREATE FUNCTION @extschema@.tok_code_contains(@extschema@.tok_code, @extschema@.tok_code) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT @extschema@.tok_code_contains_support AS 'MODULE_PATHNAME', 'cuvr_tok_code_contains';
CREATE FUNCTION @extschema@.tok_code_contained_by(@extschema@.tok_code, @extschema@.tok_code) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT @extschema@.tok_code_contained_by_support AS 'MODULE_PATHNAME', 'cuvr_tok_code_contained_by';
COMMENT ON FUNCTION @extschema@.tok_code_contains(@extschema@.tok_code, @extschema@.tok_code) IS
    'implementation of @> for cuvr.tok_code: the first ТОК code is the second or one of its ancestors';
COMMENT ON FUNCTION @extschema@.tok_code_contained_by(@extschema@.tok_code, @extschema@.tok_code) IS
    'implementation of <@ for cuvr.tok_code: the first ТОК code is the second or one of its descendants';
CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.tok_code, RIGHTARG = @extschema@.tok_code, FUNCTION = @extschema@.tok_code_contains,
    COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.tok_code, RIGHTARG = @extschema@.tok_code, FUNCTION = @extschema@.tok_code_contained_by,
    COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.tok_code, @extschema@.tok_code) IS
    'contains: the left ТОК code is the right one or an ancestor of it';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.tok_code, @extschema@.tok_code) IS
    'is contained by: the left ТОК code is the right one or a descendant of it';

CREATE OPERATOR CLASS @extschema@.tok_code_ops DEFAULT FOR TYPE @extschema@.tok_code USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.tok_code_cmp(@extschema@.tok_code, @extschema@.tok_code);
COMMENT ON OPERATOR CLASS @extschema@.tok_code_ops USING btree IS 'btree ordering of cuvr.tok_code: block by block, a code right before its descendants';
CREATE OPERATOR CLASS @extschema@.tok_code_hash_ops DEFAULT FOR TYPE @extschema@.tok_code USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.tok_code_hash(@extschema@.tok_code),
    FUNCTION 2 @extschema@.tok_code_hash_extended(@extschema@.tok_code, bigint);
COMMENT ON OPERATOR CLASS @extschema@.tok_code_hash_ops USING hash IS 'hashing of cuvr.tok_code';

-- ----------------------------------------------------------------
-- cuvr.oktmo
-- ----------------------------------------------------------------
CREATE TYPE @extschema@.oktmo;

CREATE FUNCTION @extschema@.oktmo_in(cstring) RETURNS @extschema@.oktmo
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_in';
CREATE FUNCTION @extschema@.oktmo_out(@extschema@.oktmo) RETURNS cstring
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_out';
CREATE FUNCTION @extschema@.oktmo_recv(internal) RETURNS @extschema@.oktmo
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_recv';
CREATE FUNCTION @extschema@.oktmo_send(@extschema@.oktmo) RETURNS bytea
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_send';

CREATE TYPE @extschema@.oktmo (
    INPUT = @extschema@.oktmo_in,
    OUTPUT = @extschema@.oktmo_out,
    RECEIVE = @extschema@.oktmo_recv,
    SEND = @extschema@.oktmo_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.oktmo IS
    'OKTMO territory code: 8 digits for a municipal formation, 11 for a locality; hierarchical';
COMMENT ON FUNCTION @extschema@.oktmo_in(cstring) IS 'text input of cuvr.oktmo: 8 or 11 digits, blanks between them ignored';
COMMENT ON FUNCTION @extschema@.oktmo_out(@extschema@.oktmo) IS 'text output of cuvr.oktmo: the 8 or 11 digits as written, without blanks';
COMMENT ON FUNCTION @extschema@.oktmo_recv(internal) IS 'binary input of cuvr.oktmo: int1 number of digits (8 or 11), int8 the code as a number';
COMMENT ON FUNCTION @extschema@.oktmo_send(@extschema@.oktmo) IS 'binary output of cuvr.oktmo: int1 number of digits (8 or 11), int8 the code as a number';

CREATE FUNCTION @extschema@.oktmo_level(@extschema@.oktmo) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_level_fn';
COMMENT ON FUNCTION @extschema@.oktmo_level(@extschema@.oktmo) IS
    'level of an OKTMO code from its last group that is not zero: 1 subject, 2 municipal district or okrug, 3 settlement, 4 locality';
CREATE FUNCTION @extschema@.oktmo_parent(@extschema@.oktmo) RETURNS @extschema@.oktmo
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_parent_fn';
COMMENT ON FUNCTION @extschema@.oktmo_parent(@extschema@.oktmo) IS
    'the OKTMO code one level up (its last group that is not zero set to zeros), 8 digits; NULL for a subject';
CREATE FUNCTION @extschema@.oktmo_prefix(@extschema@.oktmo) RETURNS smallint
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_prefix_fn';
COMMENT ON FUNCTION @extschema@.oktmo_prefix(@extschema@.oktmo) IS
    'first two digits of an OKTMO code: the subject''s OKTMO prefix (70 for Tula), see cuvr.region.oktmo_prefix';

-- cuvr.region is created later in the install script (10_reference.sql), so
-- this body cannot be SQL-standard (it is parsed at creation time).
CREATE FUNCTION @extschema@.oktmo_region(o @extschema@.oktmo) RETURNS smallint
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT r.code FROM @extschema@.region r
             WHERE r.oktmo_prefix = @extschema@.oktmo_prefix(o));
END;
$$;
COMMENT ON FUNCTION @extschema@.oktmo_region(@extschema@.oktmo) IS
    'region code (cuvr.region.code) of an OKTMO code, through cuvr.region.oktmo_prefix; NULL if no region has the prefix';

-- Comparison: by the 11-digit form; '70701000' = '70701000000'.
CREATE FUNCTION @extschema@.oktmo_eq(@extschema@.oktmo, @extschema@.oktmo) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_eq';
CREATE FUNCTION @extschema@.oktmo_ne(@extschema@.oktmo, @extschema@.oktmo) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_ne';
CREATE FUNCTION @extschema@.oktmo_lt(@extschema@.oktmo, @extschema@.oktmo) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_lt';
CREATE FUNCTION @extschema@.oktmo_le(@extschema@.oktmo, @extschema@.oktmo) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_le';
CREATE FUNCTION @extschema@.oktmo_gt(@extschema@.oktmo, @extschema@.oktmo) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_gt';
CREATE FUNCTION @extschema@.oktmo_ge(@extschema@.oktmo, @extschema@.oktmo) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_ge';
CREATE FUNCTION @extschema@.oktmo_cmp(@extschema@.oktmo, @extschema@.oktmo) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_cmp_fn';
CREATE FUNCTION @extschema@.oktmo_hash(@extschema@.oktmo) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_hash';
CREATE FUNCTION @extschema@.oktmo_hash_extended(@extschema@.oktmo, bigint) RETURNS bigint
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'MODULE_PATHNAME', 'cuvr_oktmo_hash_extended';
COMMENT ON FUNCTION @extschema@.oktmo_eq(@extschema@.oktmo, @extschema@.oktmo) IS 'implementation of = for cuvr.oktmo';
COMMENT ON FUNCTION @extschema@.oktmo_ne(@extschema@.oktmo, @extschema@.oktmo) IS 'implementation of <> for cuvr.oktmo';
COMMENT ON FUNCTION @extschema@.oktmo_lt(@extschema@.oktmo, @extschema@.oktmo) IS 'implementation of < for cuvr.oktmo';
COMMENT ON FUNCTION @extschema@.oktmo_le(@extschema@.oktmo, @extschema@.oktmo) IS 'implementation of <= for cuvr.oktmo';
COMMENT ON FUNCTION @extschema@.oktmo_gt(@extschema@.oktmo, @extschema@.oktmo) IS 'implementation of > for cuvr.oktmo';
COMMENT ON FUNCTION @extschema@.oktmo_ge(@extschema@.oktmo, @extschema@.oktmo) IS 'implementation of >= for cuvr.oktmo';
COMMENT ON FUNCTION @extschema@.oktmo_cmp(@extschema@.oktmo, @extschema@.oktmo) IS 'btree support: compares cuvr.oktmo values by their 11-digit forms';
COMMENT ON FUNCTION @extschema@.oktmo_hash(@extschema@.oktmo) IS 'hash support for cuvr.oktmo';
COMMENT ON FUNCTION @extschema@.oktmo_hash_extended(@extschema@.oktmo, bigint) IS 'extended hash support for cuvr.oktmo';

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.oktmo, RIGHTARG = @extschema@.oktmo, FUNCTION = @extschema@.oktmo_eq,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.oktmo, RIGHTARG = @extschema@.oktmo, FUNCTION = @extschema@.oktmo_ne,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.oktmo, RIGHTARG = @extschema@.oktmo, FUNCTION = @extschema@.oktmo_lt,
    COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.oktmo, RIGHTARG = @extschema@.oktmo, FUNCTION = @extschema@.oktmo_le,
    COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.oktmo, RIGHTARG = @extschema@.oktmo, FUNCTION = @extschema@.oktmo_gt,
    COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.oktmo, RIGHTARG = @extschema@.oktmo, FUNCTION = @extschema@.oktmo_ge,
    COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR @extschema@.= (@extschema@.oktmo, @extschema@.oktmo) IS 'equal OKTMO codes (an 8-digit code equals its 11-digit form with 000)';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.oktmo, @extschema@.oktmo) IS 'different OKTMO codes';
COMMENT ON OPERATOR @extschema@.< (@extschema@.oktmo, @extschema@.oktmo) IS 'OKTMO code before (by the 11-digit form)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.oktmo, @extschema@.oktmo) IS 'OKTMO code before or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.oktmo, @extschema@.oktmo) IS 'OKTMO code after (by the 11-digit form)';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.oktmo, @extschema@.oktmo) IS 'OKTMO code after or equal';

-- Containment (ancestor-or-self).  The support functions let a btree index
-- on the column serve "col <@ const" and "const @> col".
CREATE FUNCTION @extschema@.oktmo_contains_support(internal) RETURNS internal
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_contains_support';
CREATE FUNCTION @extschema@.oktmo_contained_by_support(internal) RETURNS internal
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_oktmo_contained_by_support';
COMMENT ON FUNCTION @extschema@.oktmo_contains_support(internal) IS
    'planner support for oktmo_contains: turns "const @> col" into a btree range';
COMMENT ON FUNCTION @extschema@.oktmo_contained_by_support(internal) IS
    'planner support for oktmo_contained_by: turns "col <@ const" into a btree range';
CREATE FUNCTION @extschema@.oktmo_contains(@extschema@.oktmo, @extschema@.oktmo) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT @extschema@.oktmo_contains_support AS 'MODULE_PATHNAME', 'cuvr_oktmo_contains_fn';
CREATE FUNCTION @extschema@.oktmo_contained_by(@extschema@.oktmo, @extschema@.oktmo) RETURNS boolean
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT @extschema@.oktmo_contained_by_support AS 'MODULE_PATHNAME', 'cuvr_oktmo_contained_by_fn';
COMMENT ON FUNCTION @extschema@.oktmo_contains(@extschema@.oktmo, @extschema@.oktmo) IS
    'implementation of @> for cuvr.oktmo: the first OKTMO code is the second or one of its ancestors';
COMMENT ON FUNCTION @extschema@.oktmo_contained_by(@extschema@.oktmo, @extschema@.oktmo) IS
    'implementation of <@ for cuvr.oktmo: the first OKTMO code is the second or one of its descendants';
CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.oktmo, RIGHTARG = @extschema@.oktmo, FUNCTION = @extschema@.oktmo_contains,
    COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.oktmo, RIGHTARG = @extschema@.oktmo, FUNCTION = @extschema@.oktmo_contained_by,
    COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.oktmo, @extschema@.oktmo) IS
    'contains: the left OKTMO code is the right one or an ancestor of it';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.oktmo, @extschema@.oktmo) IS
    'is contained by: the left OKTMO code is the right one or a descendant of it';

CREATE OPERATOR CLASS @extschema@.oktmo_ops DEFAULT FOR TYPE @extschema@.oktmo USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.oktmo_cmp(@extschema@.oktmo, @extschema@.oktmo);
COMMENT ON OPERATOR CLASS @extschema@.oktmo_ops USING btree IS 'btree ordering of cuvr.oktmo: by the 11-digit form, a code right before its descendants';
CREATE OPERATOR CLASS @extschema@.oktmo_hash_ops DEFAULT FOR TYPE @extschema@.oktmo USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.oktmo_hash(@extschema@.oktmo),
    FUNCTION 2 @extschema@.oktmo_hash_extended(@extschema@.oktmo, bigint);
COMMENT ON OPERATOR CLASS @extschema@.oktmo_hash_ops USING hash IS 'hashing of cuvr.oktmo by the 11-digit form';
