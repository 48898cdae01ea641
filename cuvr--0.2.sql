\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- cuvr install script, assembled by the Makefile from the ordered pieces in
-- src/sql/.  Everything is schema-qualified: the script runs with
-- search_path = cuvr, pg_temp but must not depend on it.

COMMENT ON SCHEMA @extschema@ IS
    'cuvr: appeals core of a Regional Management Center (ЦУР): reference data, appeals, their life and journal';

CREATE SCHEMA cuvr_bi;
COMMENT ON SCHEMA cuvr_bi IS
    'cuvr read-only analytics: depersonalised views in standard SQL types for BI tools';

-- Group roles are cluster-wide and outlive the extension, so they are created
-- only when missing: a second CREATE EXTENSION (in another database, or after
-- DROP EXTENSION) reuses them.  They are NOLOGIN; a DBA grants them to logins.
DO $roles$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('cuvr_admin', 'cuvr: administers reference data, settings and access; reads everything'),
        ('cuvr_operator', 'cuvr: ЦУР operator; registers, triages, routes and closes appeals; reads personal data'),
        ('cuvr_executor', 'cuvr: employee of a body; takes and answers the appeals of the bodies granted by cuvr.grant_body()'),
        ('cuvr_analyst', 'cuvr: analyst or BI tool; reads only the depersonalised views of schema cuvr_bi'),
        ('cuvr_integration', 'cuvr: regional system (portal, ПОС connector, hotline); registers appeals, bulk-loads cuvr.intake, relays ratings, reads the outbox')
    ) AS v(name, note)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r.name) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r.name);
            EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', r.name, r.note);
        END IF;
    END LOOP;
END
$roles$;
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
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Reference data a DBA fills.  Rows shipped by the extension carry
-- builtin = true.  pg_dump keeps every row of these tables; because CREATE
-- EXTENSION seeds the built-in rows again before the dump's data is restored,
-- a trigger lets a restored row replace the seeded row with the same key.

CREATE FUNCTION @extschema@.merge_builtin_row()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    columns text;
    key_match text;
    merged integer;
BEGIN
    -- The trigger's arguments name the key columns.  Only an INSERT whose
    -- key collides with a built-in row is merged, in place so that rows
    -- referencing it stay valid; any other collision still raises
    -- unique_violation.
    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
      INTO columns
      FROM pg_catalog.pg_attribute AS a
     WHERE a.attrelid OPERATOR(pg_catalog.=) TG_RELID
       AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped;
    SELECT pg_catalog.string_agg(pg_catalog.format(
               '%I::pg_catalog.text IS NOT DISTINCT FROM ($1 OPERATOR(pg_catalog.->>) %L)', k, k), ' AND ')
      INTO key_match
      FROM pg_catalog.unnest(TG_ARGV) AS k;
    EXECUTE pg_catalog.format(
        'UPDATE %I.%I SET (%s) = (SELECT %s FROM pg_catalog.jsonb_populate_record(NULL::%I.%I, $1)) '
        'WHERE %s AND builtin',
        TG_TABLE_SCHEMA, TG_TABLE_NAME, columns, columns, TG_TABLE_SCHEMA, TG_TABLE_NAME, key_match)
    USING pg_catalog.to_jsonb(NEW);
    GET DIAGNOSTICS merged = ROW_COUNT;
    IF merged OPERATOR(pg_catalog.>) 0 THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.merge_builtin_row() IS
    'trigger: an inserted reference row replaces the built-in (seeded) row with the same key, so pg_dump/restore keeps the DBA''s edits of seeded rows';

-- Subjects of the Russian Federation.
CREATE TABLE @extschema@.region (
    code smallint PRIMARY KEY CHECK (code BETWEEN 1 AND 99),
    name text NOT NULL CHECK (name OPERATOR(pg_catalog.<>) ''),
    tz text NOT NULL,
    oktmo_prefix smallint UNIQUE CHECK (oktmo_prefix BETWEEN 1 AND 99),
    federal_district text,
    work_start time NOT NULL DEFAULT '09:00',
    work_end time NOT NULL DEFAULT '18:00',
    break_start time NOT NULL DEFAULT '13:00',
    break_end time NOT NULL DEFAULT '14:00',
    shortened_minutes integer NOT NULL DEFAULT 60,
    active boolean NOT NULL DEFAULT true,
    builtin boolean NOT NULL DEFAULT false,
    CHECK (work_start <= break_start AND break_start <= break_end AND break_end < work_end),
    CHECK (shortened_minutes >= 0
           AND shortened_minutes * interval '1 minute' < work_end - break_end)
);
COMMENT ON TABLE @extschema@.region IS
    'subjects of the Russian Federation; deadlines are computed in the region''s local time zone';
COMMENT ON COLUMN @extschema@.region.code IS 'subject code as used by the tax service and КЛАДР (77 Moscow, 71 Tula, 8 Kalmykia)';
COMMENT ON COLUMN @extschema@.region.name IS 'official name of the subject';
COMMENT ON COLUMN @extschema@.region.tz IS 'IANA time zone of the region (Europe/Moscow, Asia/Vladivostok, ...)';
COMMENT ON COLUMN @extschema@.region.oktmo_prefix IS 'first two digits of the region''s OKTMO codes (70 for Tula)';
COMMENT ON COLUMN @extschema@.region.federal_district IS 'federal district (федеральный округ)';
COMMENT ON COLUMN @extschema@.region.work_start IS 'start of the working day, for working-hour terms (default 09:00)';
COMMENT ON COLUMN @extschema@.region.work_end IS 'end of the working day (default 18:00)';
COMMENT ON COLUMN @extschema@.region.break_start IS 'start of the lunch break (default 13:00; equal to break_end for none)';
COMMENT ON COLUMN @extschema@.region.break_end IS 'end of the lunch break (default 14:00)';
COMMENT ON COLUMN @extschema@.region.shortened_minutes IS 'a shortened pre-holiday day ends this many minutes earlier (default 60)';
COMMENT ON COLUMN @extschema@.region.active IS 'false hides the region from new registrations';
COMMENT ON COLUMN @extschema@.region.builtin IS 'true for rows shipped with the extension';

-- Bodies that answer appeals: ОИВ, ОМСУ, учреждения.  They form a tree.
CREATE TABLE @extschema@.body (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    parent_id integer REFERENCES @extschema@.body (id),
    level text NOT NULL CHECK (level IN ('federal', 'regional', 'municipal', 'institution', 'other')),
    kind text NOT NULL DEFAULT 'oiv' CHECK (kind IN ('oiv', 'omsu', 'institution', 'cur', 'federal_agency', 'organization', 'other')),
    name text NOT NULL CHECK (name OPERATOR(pg_catalog.<>) ''),
    short_name text,
    email text,
    territory @extschema@.oktmo,
    coordinator boolean NOT NULL DEFAULT false,
    active boolean NOT NULL DEFAULT true,
    CHECK (parent_id OPERATOR(pg_catalog.<>) id)
);
-- The coordinator is marked on the body rather than referenced from the
-- region: region and body would otherwise reference each other, and pg_dump
-- could not restore either table first.
CREATE UNIQUE INDEX body_one_coordinator_per_region ON @extschema@.body (region_code) WHERE coordinator;
COMMENT ON INDEX @extschema@.body_one_coordinator_per_region IS 'a region has at most one coordinating ЦУР body';
CREATE INDEX ON @extschema@.body (parent_id);
CREATE INDEX ON @extschema@.body (region_code);
COMMENT ON TABLE @extschema@.body IS
    'bodies that answer appeals (ОИВ, ОМСУ, учреждения) as a tree by parent_id';
COMMENT ON COLUMN @extschema@.body.id IS 'body identifier, unique across regions';
COMMENT ON COLUMN @extschema@.body.region_code IS 'region the body belongs to';
COMMENT ON COLUMN @extschema@.body.parent_id IS 'higher body: gets escalations; NULL at the top of the tree';
COMMENT ON COLUMN @extschema@.body.level IS 'federal, regional, municipal, institution or other';
COMMENT ON COLUMN @extschema@.body.kind IS 'oiv (ОИВ), omsu (ОМСУ), institution (учреждение), cur (ЦУР), federal_agency, organization or other';
COMMENT ON COLUMN @extschema@.body.name IS 'full name';
COMMENT ON COLUMN @extschema@.body.short_name IS 'short name for reports';
COMMENT ON COLUMN @extschema@.body.email IS 'official address of the body for notifications (not personal data)';
COMMENT ON COLUMN @extschema@.body.territory IS 'OKTMO territory the body serves (a municipality''s own territory), if any';
COMMENT ON COLUMN @extschema@.body.coordinator IS 'the region''s coordinating ЦУР body: gets unrouted appeals and escalations past the top of the tree';
COMMENT ON COLUMN @extschema@.body.active IS 'false: no new appeals are assigned to the body';

CREATE FUNCTION @extschema@.coordinator_body(region integer)
RETURNS integer
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT b.id FROM @extschema@.body AS b
     WHERE b.region_code OPERATOR(pg_catalog.=) region AND b.coordinator;
END;
COMMENT ON FUNCTION @extschema@.coordinator_body(integer) IS
    'the coordinating ЦУР body of a region (cuvr.body.coordinator), or NULL';

-- A cycle in the tree would make "the higher body" undefined.
CREATE FUNCTION @extschema@.body_check_tree()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.parent_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE up(id, depth) AS (
            SELECT NEW.parent_id, 1
            UNION ALL
            SELECT b.parent_id, up.depth OPERATOR(pg_catalog.+) 1
              FROM up JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) up.id
             WHERE b.parent_id IS NOT NULL AND up.depth OPERATOR(pg_catalog.<) 64)
        SELECT 1 FROM up WHERE up.id OPERATOR(pg_catalog.=) NEW.id) THEN
        RAISE EXCEPTION 'body % cannot have parent %', NEW.id, NEW.parent_id
            USING ERRCODE = 'invalid_foreign_key',
                  DETAIL = 'The parent is the body itself or one of its subordinate bodies, which would make a cycle.',
                  HINT = 'Choose a parent above the body in the tree.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.body_check_tree() IS 'trigger: keeps cuvr.body a tree (no cycles)';
CREATE TRIGGER body_check_tree BEFORE INSERT OR UPDATE OF parent_id ON @extschema@.body
    FOR EACH ROW EXECUTE FUNCTION @extschema@.body_check_tree();

-- Channels (каналы) and kinds of appeal: SPEC lists both.
CREATE TABLE @extschema@.channel (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name text NOT NULL,
    builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.channel IS 'channels an appeal arrives by (канал поступления)';
COMMENT ON COLUMN @extschema@.channel.code IS 'channel code used in payloads (pos_form, hotline, ...)';
COMMENT ON COLUMN @extschema@.channel.name IS 'Russian name';
COMMENT ON COLUMN @extschema@.channel.builtin IS 'true for rows shipped with the extension';

CREATE TABLE @extschema@.appeal_kind (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name text NOT NULL,
    builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.appeal_kind IS 'kinds of appeal: обращение, сообщение, жалоба, предложение, запрос';
COMMENT ON COLUMN @extschema@.appeal_kind.code IS 'kind code used in payloads (appeal, message, complaint, proposal, request)';
COMMENT ON COLUMN @extschema@.appeal_kind.name IS 'Russian name';
COMMENT ON COLUMN @extschema@.appeal_kind.builtin IS 'true for rows shipped with the extension';

-- Sector themes (отраслевые тематики) and categories of problems.
CREATE TABLE @extschema@.theme (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_]+$'),
    name text NOT NULL,
    mandatory boolean NOT NULL DEFAULT false,
    sort_order integer NOT NULL DEFAULT 0,
    builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.theme IS 'sector themes (отраслевые тематики); the 8 mandatory ones are marked';
COMMENT ON COLUMN @extschema@.theme.id IS 'theme identifier';
COMMENT ON COLUMN @extschema@.theme.code IS 'stable code (housing, waste, energy, ...)';
COMMENT ON COLUMN @extschema@.theme.name IS 'Russian name';
COMMENT ON COLUMN @extschema@.theme.mandatory IS 'one of the 8 mandatory ЦУР themes';
COMMENT ON COLUMN @extschema@.theme.sort_order IS 'order in reports';
COMMENT ON COLUMN @extschema@.theme.builtin IS 'true for rows shipped with the extension';

CREATE TABLE @extschema@.category (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    theme_id integer NOT NULL REFERENCES @extschema@.theme (id),
    code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_.]+$'),
    name text NOT NULL,
    is_other boolean NOT NULL DEFAULT false,
    priority boolean NOT NULL DEFAULT false,
    tok @extschema@.tok_code,
    active boolean NOT NULL DEFAULT true,
    builtin boolean NOT NULL DEFAULT false
);
CREATE INDEX ON @extschema@.category (theme_id);
CREATE UNIQUE INDEX category_one_other_per_theme ON @extschema@.category (theme_id) WHERE is_other;
COMMENT ON TABLE @extschema@.category IS 'categories of problems within a theme; each theme has one «прочие по направлению»';
COMMENT ON INDEX @extschema@.category_one_other_per_theme IS 'at most one «прочие по направлению» category per theme';
COMMENT ON COLUMN @extschema@.category.id IS 'category identifier';
COMMENT ON COLUMN @extschema@.category.theme_id IS 'theme the category belongs to';
COMMENT ON COLUMN @extschema@.category.code IS 'stable code, theme.code first (housing.heating)';
COMMENT ON COLUMN @extschema@.category.name IS 'Russian name';
COMMENT ON COLUMN @extschema@.category.is_other IS 'the «прочие по направлению» catch-all of its theme';
COMMENT ON COLUMN @extschema@.category.tok IS 'ТОК code the category maps to, given to its appeals that have none';
COMMENT ON COLUMN @extschema@.category.priority IS 'priority topic (★ in the ЦУР taxonomy)';
COMMENT ON COLUMN @extschema@.category.active IS 'false: no longer offered for new appeals';
COMMENT ON COLUMN @extschema@.category.builtin IS 'true for rows shipped with the extension';

-- Settings with documented defaults.
CREATE TABLE @extschema@.setting (
    name text PRIMARY KEY CHECK (name ~ '^[a-z_]+$'),
    value text NOT NULL,
    description text NOT NULL,
    builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.setting IS 'settings of cuvr with documented defaults; cuvr.setting_value(name) reads them';
COMMENT ON COLUMN @extschema@.setting.name IS 'setting name';
COMMENT ON COLUMN @extschema@.setting.value IS 'value as text';
COMMENT ON COLUMN @extschema@.setting.description IS 'what the setting does and its default';
COMMENT ON COLUMN @extschema@.setting.builtin IS 'true for rows shipped with the extension';

-- Answer templates with {{placeholders}}, rendered by cuvr.render_template().
CREATE TABLE @extschema@.answer_template (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_.]+$'),
    result text CHECK (result IN ('supported', 'measures_taken', 'not_supported', 'explained')),
    name text NOT NULL,
    body text NOT NULL,
    builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.answer_template IS
    'answer templates; placeholders {{number}}, {{registered_date}}, {{due_date}}, {{today}}, {{body}}, {{category}}, {{applicant_name}}';
COMMENT ON COLUMN @extschema@.answer_template.id IS 'template identifier';
COMMENT ON COLUMN @extschema@.answer_template.code IS 'stable code';
COMMENT ON COLUMN @extschema@.answer_template.result IS 'answer result (ССТУ) the template is meant for, if any';
COMMENT ON COLUMN @extschema@.answer_template.name IS 'Russian name';
COMMENT ON COLUMN @extschema@.answer_template.body IS 'template text with {{placeholders}}';
COMMENT ON COLUMN @extschema@.answer_template.builtin IS 'true for rows shipped with the extension';

-- Which bodies a login role acts for (cuvr.grant_body).
CREATE TABLE @extschema@.body_grant (
    role_name name NOT NULL,
    body_id integer NOT NULL REFERENCES @extschema@.body (id) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    granted_by name NOT NULL DEFAULT CURRENT_USER,
    PRIMARY KEY (role_name, body_id)
);
COMMENT ON TABLE @extschema@.body_grant IS
    'which bodies a role acts for; an executor sees the appeals of these bodies and of their subordinate bodies';
COMMENT ON COLUMN @extschema@.body_grant.role_name IS 'login or group role';
COMMENT ON COLUMN @extschema@.body_grant.body_id IS 'body the role acts for';
COMMENT ON COLUMN @extschema@.body_grant.granted_at IS 'when the grant was made';
COMMENT ON COLUMN @extschema@.body_grant.granted_by IS 'who made the grant';

-- Key for the pseudonymous applicant key of cuvr_bi; readable by no working role.
CREATE TABLE @extschema@.secret (
    name text PRIMARY KEY,
    value bytea NOT NULL,
    builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.secret IS
    'keys that only the extension owner reads (the pseudonymisation key of cuvr_bi); kept by pg_dump so keys survive a restore';
COMMENT ON COLUMN @extschema@.secret.name IS 'key name';
COMMENT ON COLUMN @extschema@.secret.value IS 'key material';
COMMENT ON COLUMN @extschema@.secret.builtin IS 'true for keys generated at installation; a restored key replaces them';

CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.region
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('code');
CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.channel
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('code');
CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.appeal_kind
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('code');
CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.theme
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('code');
CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.category
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('code');
CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.setting
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('name');
CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.secret
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('name');
CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.answer_template
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('code');

\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Production calendars (производственные календари) and deadline policies.
--
-- Layers: the federal calendar (region_code 0), then per region its fixed
-- annual holidays (cuvr.regional_holiday) and dated overrides
-- (cuvr.calendar_day with the region's code).  Years with no federal
-- calendar loaded fall back to the Labour Code (ТК ст. 112) and weekends,
-- with a warning and a flag.  The C code compiles each region's calendar
-- into a bitmap with prefix counts, cached per backend and invalidated when
-- any of these tables changes.

CREATE TABLE @extschema@.calendar_year (
    region_code smallint NOT NULL CHECK (region_code BETWEEN 0 AND 99),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2099),
    source text,
    loaded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    builtin boolean NOT NULL DEFAULT false,
    PRIMARY KEY (region_code, year)
);
COMMENT ON TABLE @extschema@.calendar_year IS
    'years whose production calendar is loaded (region_code 0: federal); other years fall back to the Labour Code';
COMMENT ON COLUMN @extschema@.calendar_year.region_code IS '0 for the federal calendar, else the region of an override';
COMMENT ON COLUMN @extschema@.calendar_year.year IS 'calendar year';
COMMENT ON COLUMN @extschema@.calendar_year.source IS 'where the calendar came from (xmlcalendar date, decree)';
COMMENT ON COLUMN @extschema@.calendar_year.loaded_at IS 'when it was loaded';
COMMENT ON COLUMN @extschema@.calendar_year.builtin IS 'true for years shipped with the extension';

CREATE TABLE @extschema@.calendar_day (
    region_code smallint NOT NULL CHECK (region_code BETWEEN 0 AND 99),
    day date NOT NULL CHECK (day BETWEEN '2000-01-01' AND '2099-12-31'),
    kind text NOT NULL CHECK (kind IN ('working', 'weekend', 'holiday', 'day_off', 'decree',
                                       'shortened', 'working_weekend')),
    note text,
    builtin boolean NOT NULL DEFAULT false,
    PRIMARY KEY (region_code, day)
);
COMMENT ON TABLE @extschema@.calendar_day IS
    'days that differ from a plain Monday-Friday week: the federal calendar (region_code 0) and regional overrides';
COMMENT ON COLUMN @extschema@.calendar_day.region_code IS '0 for the federal calendar, else the region the override applies to';
COMMENT ON COLUMN @extschema@.calendar_day.day IS 'the day';
COMMENT ON COLUMN @extschema@.calendar_day.kind IS
    'working, weekend, holiday (праздничный), day_off (перенесённый выходной), decree (нерабочий по указу), shortened (предпраздничный), working_weekend (рабочая суббота)';
COMMENT ON COLUMN @extschema@.calendar_day.note IS 'holiday name, decree or transfer it comes from';
COMMENT ON COLUMN @extschema@.calendar_day.builtin IS 'true for days shipped with the extension';

CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.calendar_year
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('region_code', 'year');
CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.calendar_day
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('region_code', 'day');

-- Fixed-date regional holidays, applied to every year of their validity.
CREATE TABLE @extschema@.regional_holiday (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    month smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
    day smallint NOT NULL CHECK (day BETWEEN 1 AND 31),
    name text NOT NULL,
    since_year integer NOT NULL DEFAULT 2000 CHECK (since_year BETWEEN 2000 AND 2099),
    until_year integer NOT NULL DEFAULT 2099 CHECK (until_year BETWEEN 2000 AND 2099),
    law text,
    builtin boolean NOT NULL DEFAULT false,
    PRIMARY KEY (region_code, month, day),
    CHECK (since_year <= until_year),
    CHECK (pg_catalog.make_date(2000, month, day) IS NOT NULL)
);
COMMENT ON TABLE @extschema@.regional_holiday IS
    'fixed-date non-working holidays of a region (e.g. 24 June, Day of the Chuvash Republic); the DBA checks them against the region''s law';
COMMENT ON COLUMN @extschema@.regional_holiday.region_code IS 'region';
COMMENT ON COLUMN @extschema@.regional_holiday.month IS 'month';
COMMENT ON COLUMN @extschema@.regional_holiday.day IS 'day of the month';
COMMENT ON COLUMN @extschema@.regional_holiday.name IS 'name of the holiday';
COMMENT ON COLUMN @extschema@.regional_holiday.since_year IS 'first year it is a day off';
COMMENT ON COLUMN @extschema@.regional_holiday.until_year IS 'last year it is a day off';
COMMENT ON COLUMN @extschema@.regional_holiday.law IS 'the regional law that makes it a day off';
COMMENT ON COLUMN @extschema@.regional_holiday.builtin IS 'true for rows shipped with the extension';

CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.regional_holiday
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('region_code', 'month', 'day');

-- Which term applies to which step, by kind, channel and expedited flag.
-- NULL matches anything; the most specific row wins.
CREATE TABLE @extschema@.deadline_policy (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    event text NOT NULL CHECK (event IN ('registration', 'redirect', 'document_request', 'answer',
                                         'extension', 'first_response', 'reprocess')),
    kind text REFERENCES @extschema@.appeal_kind (code),
    channel text REFERENCES @extschema@.channel (code),
    expedited boolean,
    term @extschema@.term NOT NULL,
    note text,
    builtin boolean NOT NULL DEFAULT false,
    UNIQUE NULLS NOT DISTINCT (event, kind, channel, expedited)
);
COMMENT ON TABLE @extschema@.deadline_policy IS
    'deadline policies: the term of each step by kind, channel and expedited flag; NULL matches any, the most specific row wins';
COMMENT ON COLUMN @extschema@.deadline_policy.id IS 'policy id';
COMMENT ON COLUMN @extschema@.deadline_policy.event IS
    'registration, redirect, document_request, answer, extension (added to the deadline), first_response, reprocess (after escalation)';
COMMENT ON COLUMN @extschema@.deadline_policy.kind IS 'kind of appeal, or NULL for any';
COMMENT ON COLUMN @extschema@.deadline_policy.channel IS 'channel, or NULL for any';
COMMENT ON COLUMN @extschema@.deadline_policy.expedited IS 'expedited flag, or NULL for either';
COMMENT ON COLUMN @extschema@.deadline_policy.term IS 'the term';
COMMENT ON COLUMN @extschema@.deadline_policy.note IS 'the legal source of the term';
COMMENT ON COLUMN @extschema@.deadline_policy.builtin IS 'true for rows shipped with the extension';

-- The term of a step for an appeal; NULL when no policy matches.
CREATE FUNCTION @extschema@.policy_term(event text, kind text, channel text, expedited boolean)
RETURNS @extschema@.term
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
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
COMMENT ON FUNCTION @extschema@.policy_term(text, text, text, boolean) IS
    'the term of a step (answer, redirect, ...) for an appeal of a kind, channel and expedited flag: the most specific matching policy';

-- Deadline arithmetic in C.  The smallint signatures are the contract; the
-- integer ones spare callers a cast of a literal region code.
CREATE FUNCTION @extschema@.deadline(start timestamptz, t @extschema@.term, region integer,
                                     OUT due_at timestamptz, OUT due_date date, OUT estimated boolean)
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_deadline';
COMMENT ON FUNCTION @extschema@.deadline(timestamptz, @extschema@.term, integer) IS
    'the deadline instant and last day of a term, and whether a year without a loaded calendar was used (no warning)';
CREATE FUNCTION @extschema@.due_date(start timestamptz, t @extschema@.term, region smallint) RETURNS date
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_due_date_int2';
CREATE FUNCTION @extschema@.due_date(start timestamptz, t @extschema@.term, region integer) RETURNS date
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_due_date_int4';
COMMENT ON FUNCTION @extschema@.due_date(timestamptz, @extschema@.term, smallint) IS
    'last allowed day of a term started by an event, in the region''s local time (ГК ст. 191, 193)';
COMMENT ON FUNCTION @extschema@.due_date(timestamptz, @extschema@.term, integer) IS
    'last allowed day of a term started by an event, in the region''s local time (ГК ст. 191, 193)';
CREATE FUNCTION @extschema@.add_term(start timestamptz, t @extschema@.term, region smallint) RETURNS timestamptz
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_add_term_int2';
CREATE FUNCTION @extschema@.add_term(start timestamptz, t @extschema@.term, region integer) RETURNS timestamptz
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_add_term_int4';
COMMENT ON FUNCTION @extschema@.add_term(timestamptz, @extschema@.term, smallint) IS
    'deadline instant of a term: 24:00 local of the due date for day terms, the exact instant for hour terms';
COMMENT ON FUNCTION @extschema@.add_term(timestamptz, @extschema@.term, integer) IS
    'deadline instant of a term: 24:00 local of the due date for day terms, the exact instant for hour terms';
CREATE FUNCTION @extschema@.is_working_day(day date, region smallint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_is_working_day_int2';
CREATE FUNCTION @extschema@.is_working_day(day date, region integer) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_is_working_day_int4';
COMMENT ON FUNCTION @extschema@.is_working_day(date, smallint) IS
    'whether a day is a working day of the region''s production calendar (a working Saturday is; a decree day is not)';
COMMENT ON FUNCTION @extschema@.is_working_day(date, integer) IS
    'whether a day is a working day of the region''s production calendar (a working Saturday is; a decree day is not)';
CREATE FUNCTION @extschema@.working_days_between(a timestamptz, b timestamptz, region smallint) RETURNS integer
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_working_days_between_int2';
CREATE FUNCTION @extschema@.working_days_between(a timestamptz, b timestamptz, region integer) RETURNS integer
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_working_days_between_int4';
COMMENT ON FUNCTION @extschema@.working_days_between(timestamptz, timestamptz, smallint) IS
    'working days after a''s local date up to and including b''s local date (negative when b is before a)';
COMMENT ON FUNCTION @extschema@.working_days_between(timestamptz, timestamptz, integer) IS
    'working days after a''s local date up to and including b''s local date (negative when b is before a)';

-- Any change of the calendar inputs invalidates the compiled calendars of
-- every backend (through a relcache invalidation of the changed table).
CREATE FUNCTION @extschema@.cache_changed() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'cuvr_cache_changed';
COMMENT ON FUNCTION @extschema@.cache_changed() IS
    'trigger (C): tells every backend to drop what it cached from this table (calendars, the classifier)';
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar_year
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.regional_holiday
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.region
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.setting
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();

-- Load one year in the xmlcalendar format (t=1 day off, t=2 shortened,
-- t=3 working weekend day; a day off whose holiday is a presidential decree
-- is a decree day).  NULL region loads the federal calendar.  Loading a year
-- again replaces it.
CREATE FUNCTION @extschema@.load_xmlcalendar(doc xml, region smallint DEFAULT NULL)
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
    IF doc IS NULL OR NOT pg_catalog.xpath_exists('/calendar', doc) THEN
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
COMMENT ON FUNCTION @extschema@.load_xmlcalendar(xml, smallint) IS
    'loads (or reloads) one year of a production calendar in the xmlcalendar format; NULL region means the federal calendar; returns the number of days loaded';

CREATE TRIGGER merge_builtin_row BEFORE INSERT ON @extschema@.deadline_policy
    FOR EACH ROW EXECUTE FUNCTION @extschema@.merge_builtin_row('event', 'kind', 'channel', 'expedited');
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Transactional tables.  Each carries region_code first in its primary key so
-- that the schema can later be partitioned or distributed by region.

-- Applicants' personal data (152-ФЗ), stored apart from the appeals.
CREATE TABLE @extschema@.applicant (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    id bigint NOT NULL,
    name text,
    email text,
    phone text,
    esia_id text,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    forgotten_at timestamptz,
    PRIMARY KEY (region_code, id)
);
CREATE SEQUENCE @extschema@.applicant_id_seq;
CREATE INDEX applicant_esia_id ON @extschema@.applicant (region_code, esia_id) WHERE esia_id IS NOT NULL;
CREATE INDEX applicant_email ON @extschema@.applicant (region_code, email) WHERE email IS NOT NULL;
CREATE INDEX applicant_phone ON @extschema@.applicant (region_code, phone) WHERE phone IS NOT NULL;
COMMENT ON TABLE @extschema@.applicant IS
    'personal data of applicants (152-ФЗ): readable by cuvr_operator and cuvr_admin only';
COMMENT ON SEQUENCE @extschema@.applicant_id_seq IS 'applicant identifiers';
COMMENT ON INDEX @extschema@.applicant_esia_id IS 'finds a returning applicant by ESIA id';
COMMENT ON INDEX @extschema@.applicant_email IS 'finds a returning applicant by e-mail';
COMMENT ON INDEX @extschema@.applicant_phone IS 'finds a returning applicant by phone';
COMMENT ON COLUMN @extschema@.applicant.region_code IS 'region of the appeal that brought the applicant';
COMMENT ON COLUMN @extschema@.applicant.id IS 'applicant identifier';
COMMENT ON COLUMN @extschema@.applicant.name IS 'full name (ФИО)';
COMMENT ON COLUMN @extschema@.applicant.email IS 'e-mail, lower case';
COMMENT ON COLUMN @extschema@.applicant.phone IS 'phone, digits with leading +';
COMMENT ON COLUMN @extschema@.applicant.esia_id IS 'ESIA (Госуслуги) account id';
COMMENT ON COLUMN @extschema@.applicant.forgotten_at IS 'when cuvr.forget_applicant() erased this person''s data (152-ФЗ); the row stays without data';
COMMENT ON COLUMN @extschema@.applicant.created_at IS 'when the applicant was first seen';

-- SimHash signatures of appeal texts (C, simhash.c), for mass appeals.
CREATE FUNCTION @extschema@.text_signature(text text) RETURNS bigint
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_text_signature';
COMMENT ON FUNCTION @extschema@.text_signature(text) IS
    'SimHash signature (64 bits) of the Snowball stems and stem pairs of a text; similar texts differ in few bits; NULL without stems';
CREATE FUNCTION @extschema@.signature_distance(a bigint, b bigint) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_signature_distance';
COMMENT ON FUNCTION @extschema@.signature_distance(bigint, bigint) IS 'number of bits in which two text signatures differ (0-64)';
CREATE FUNCTION @extschema@.signature_keys(signature bigint, category_id integer, territory @extschema@.oktmo)
RETURNS integer[]
    LANGUAGE C IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_signature_keys';
COMMENT ON FUNCTION @extschema@.signature_keys(bigint, integer, @extschema@.oktmo) IS
    'the four 16-bit bands of a signature mixed with a category and a territory: near-duplicates within 3 bits share one, so a GIN index finds candidates of that category and territory';

-- Mass appeals: near-duplicate appeals on one category and territory group
-- into one problem.
CREATE TABLE @extschema@.problem (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    id bigint GENERATED ALWAYS AS IDENTITY,
    category_id integer REFERENCES @extschema@.category (id),
    territory @extschema@.oktmo,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (region_code, id)
);
COMMENT ON TABLE @extschema@.problem IS
    'mass appeals: a problem groups near-duplicate appeals (same category and territory, similar text, within mass_window)';
COMMENT ON COLUMN @extschema@.problem.region_code IS 'region';
COMMENT ON COLUMN @extschema@.problem.id IS 'problem id';
COMMENT ON COLUMN @extschema@.problem.category_id IS 'category of its appeals';
COMMENT ON COLUMN @extschema@.problem.territory IS 'OKTMO territory of its appeals';
COMMENT ON COLUMN @extschema@.problem.created_at IS 'when the group reached mass_min_group appeals';

CREATE SEQUENCE @extschema@.appeal_seq MAXVALUE 999999999999;
COMMENT ON SEQUENCE @extschema@.appeal_seq IS
    'serial part of appeal ids and registration numbers';

CREATE TABLE @extschema@.appeal (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    id bigint NOT NULL,
    reg_number text NOT NULL UNIQUE,
    source text NOT NULL,
    external_id text NOT NULL,
    channel text NOT NULL REFERENCES @extschema@.channel (code),
    kind text NOT NULL REFERENCES @extschema@.appeal_kind (code),
    status text NOT NULL CHECK (status IN ('registered', 'triage', 'assigned', 'in_progress',
                                           'answered', 'escalated', 'closed', 'rejected')),
    body_id integer REFERENCES @extschema@.body (id),
    category_id integer REFERENCES @extschema@.category (id),
    category_confirmed boolean NOT NULL DEFAULT false,
    category_confidence double precision CHECK (category_confidence BETWEEN 0 AND 1),
    classified_by text CHECK (classified_by IN ('source', 'person', 'model', 'keyword')),
    accused_body_id integer REFERENCES @extschema@.body (id),
    applicant_id bigint,
    subject text,
    text text NOT NULL,
    address text,
    territory @extschema@.oktmo,
    lat double precision CHECK (lat BETWEEN -90 AND 90),
    lon double precision CHECK (lon BETWEEN -180 AND 180),
    expedited boolean NOT NULL DEFAULT false,
    tok @extschema@.tok_code,
    received_at timestamptz NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    due_at timestamptz,
    due_at_supplied boolean NOT NULL DEFAULT false,
    due_estimated boolean NOT NULL DEFAULT false,
    term_started_at timestamptz,
    first_response_due_at timestamptz,
    near_due_at timestamptz,
    overdue_at timestamptz,
    extended_at timestamptz,
    answered_at timestamptz,
    response_working_days integer,
    closed_at timestamptz,
    escalation_level integer NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
    manual_control boolean NOT NULL DEFAULT false,
    repeat_of bigint,
    signature bigint,
    problem_id bigint,
    version integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_by name NOT NULL DEFAULT CURRENT_USER,
    PRIMARY KEY (region_code, id),
    UNIQUE (source, external_id),
    FOREIGN KEY (region_code, applicant_id)
        REFERENCES @extschema@.applicant (region_code, id) ON DELETE SET NULL (applicant_id),
    FOREIGN KEY (region_code, repeat_of) REFERENCES @extschema@.appeal (region_code, id),
    FOREIGN KEY (region_code, problem_id) REFERENCES @extschema@.problem (region_code, id),
    -- The id embeds the region, so ids never collide when regions merge.
    CHECK (id / 1000000000000000 = region_code)
);
CREATE INDEX appeal_body_status ON @extschema@.appeal (body_id, status);
CREATE INDEX appeal_status ON @extschema@.appeal (region_code, status) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX appeal_applicant ON @extschema@.appeal (region_code, applicant_id, registered_at) WHERE applicant_id IS NOT NULL;
CREATE INDEX appeal_registered_at ON @extschema@.appeal (region_code, registered_at);
CREATE INDEX appeal_signature ON @extschema@.appeal
    USING gin (@extschema@.signature_keys(signature, category_id, territory))
    WITH (fastupdate = off)  -- every registration searches it: no pending list to scan
    WHERE signature IS NOT NULL;
CREATE INDEX appeal_problem ON @extschema@.appeal (region_code, problem_id) WHERE problem_id IS NOT NULL;
CREATE INDEX appeal_open_due ON @extschema@.appeal (due_at)
    WHERE status IN ('registered', 'triage', 'assigned', 'in_progress', 'escalated') AND overdue_at IS NULL;
COMMENT ON TABLE @extschema@.appeal IS
    'appeals (обращения, сообщения, жалобы): one row each, without personal data; change them through the lifecycle functions';
COMMENT ON INDEX @extschema@.appeal_body_status IS 'work queues of a body';
COMMENT ON INDEX @extschema@.appeal_status IS 'open appeals by status';
COMMENT ON INDEX @extschema@.appeal_applicant IS 'appeals of one applicant';
COMMENT ON INDEX @extschema@.appeal_registered_at IS 'appeals by registration time';
COMMENT ON INDEX @extschema@.appeal_signature IS 'near-duplicate candidates: appeals of one category and territory sharing a signature band';
COMMENT ON INDEX @extschema@.appeal_problem IS 'appeals of a problem';
COMMENT ON INDEX @extschema@.appeal_open_due IS 'open appeals not yet found overdue, by deadline: the maintenance run''s work list';
COMMENT ON COLUMN @extschema@.appeal.region_code IS 'region the appeal belongs to';
COMMENT ON COLUMN @extschema@.appeal.id IS 'appeal id, unique across regions: region * 10^15 + node * 10^12 + serial';
COMMENT ON COLUMN @extschema@.appeal.reg_number IS 'human registration number: RR-YY-NNNNNNN (region, year, serial)';
COMMENT ON COLUMN @extschema@.appeal.source IS 'system that sent the appeal; with external_id the idempotency key';
COMMENT ON COLUMN @extschema@.appeal.external_id IS 'the appeal''s id in the source system';
COMMENT ON COLUMN @extschema@.appeal.channel IS 'channel (канал) the appeal came by';
COMMENT ON COLUMN @extschema@.appeal.kind IS 'kind: appeal, message, complaint, proposal, request';
COMMENT ON COLUMN @extschema@.appeal.status IS 'registered, triage, assigned, in_progress, answered, escalated, closed or rejected';
COMMENT ON COLUMN @extschema@.appeal.body_id IS 'body responsible now';
COMMENT ON COLUMN @extschema@.appeal.category_id IS 'category of the problem';
COMMENT ON COLUMN @extschema@.appeal.category_confirmed IS 'the category came from the source or a person confirmed it (a training label)';
COMMENT ON COLUMN @extschema@.appeal.category_confidence IS 'confidence of the category: 1 when the source or a person gave it';
COMMENT ON COLUMN @extschema@.appeal.classified_by IS 'who set the category: source, person, model (the classifier) or keyword (a keyword rule)';
COMMENT ON COLUMN @extschema@.appeal.accused_body_id IS 'body the complaint is about: never routed to it (59-ФЗ ст. 8 ч. 6)';
COMMENT ON COLUMN @extschema@.appeal.applicant_id IS 'applicant in cuvr.applicant; NULL for anonymous or erased';
COMMENT ON COLUMN @extschema@.appeal.subject IS 'subject line';
COMMENT ON COLUMN @extschema@.appeal.text IS 'text of the appeal';
COMMENT ON COLUMN @extschema@.appeal.address IS 'address of the problem (not the applicant''s)';
COMMENT ON COLUMN @extschema@.appeal.territory IS 'OKTMO code of the problem''s territory (8 or 11 digits)';
COMMENT ON COLUMN @extschema@.appeal.lat IS 'latitude of the problem';
COMMENT ON COLUMN @extschema@.appeal.lon IS 'longitude of the problem';
COMMENT ON COLUMN @extschema@.appeal.expedited IS 'expedited consideration (ускоренный порядок)';
COMMENT ON COLUMN @extschema@.appeal.tok IS 'ТОК code (типовой общероссийский тематический классификатор)';
COMMENT ON COLUMN @extschema@.appeal.received_at IS 'when the source received the appeal';
COMMENT ON COLUMN @extschema@.appeal.registered_at IS 'when cuvr registered the appeal';
COMMENT ON COLUMN @extschema@.appeal.due_at IS 'deadline instant; on time iff answered_at <= due_at';
COMMENT ON COLUMN @extschema@.appeal.due_at_supplied IS 'the source supplied due_at; cuvr keeps it';
COMMENT ON COLUMN @extschema@.appeal.due_estimated IS 'due_at was computed across a year with no production calendar loaded (Labour Code fallback)';
COMMENT ON COLUMN @extschema@.appeal.term_started_at IS 'when the current term started: registration, redirect or escalation';
COMMENT ON COLUMN @extschema@.appeal.first_response_due_at IS 'deadline of the first response (social networks: 8 working hours by default)';
COMMENT ON COLUMN @extschema@.appeal.near_due_at IS 'when cuvr.run_maintenance() found the appeal near its deadline';
COMMENT ON COLUMN @extschema@.appeal.overdue_at IS 'when cuvr.run_maintenance() found the appeal past its deadline';
COMMENT ON COLUMN @extschema@.appeal.extended_at IS 'when the one allowed extension (59-ФЗ ст. 12) was made';
COMMENT ON COLUMN @extschema@.appeal.answered_at IS 'when the latest answer was given';
COMMENT ON COLUMN @extschema@.appeal.response_working_days IS 'working days from registration to the latest answer, on the production calendar of the answer''s time';
COMMENT ON COLUMN @extschema@.appeal.closed_at IS 'when the appeal was closed or rejected';
COMMENT ON COLUMN @extschema@.appeal.escalation_level IS 'how many times the appeal went up to a higher body';
COMMENT ON COLUMN @extschema@.appeal.manual_control IS 'escalated past the top of the tree or the depth limit: on manual control at the coordinating ЦУР';
COMMENT ON COLUMN @extschema@.appeal.repeat_of IS 'the earlier appeal of the same applicant on the same category or ТОК code within repeat_window (ССТУ «Повторное»)';
COMMENT ON COLUMN @extschema@.appeal.signature IS 'SimHash signature of the text (cuvr.text_signature), for finding near-duplicates';
COMMENT ON COLUMN @extschema@.appeal.problem_id IS 'the mass problem this appeal is one of, if any';
COMMENT ON COLUMN @extschema@.appeal.version IS 'row version, raised by every change';
COMMENT ON COLUMN @extschema@.appeal.updated_at IS 'time of the latest change';
COMMENT ON COLUMN @extschema@.appeal.updated_by IS 'role that made the latest change';

-- The append-only history: who, when, what, from -> to.
CREATE TABLE @extschema@.appeal_event (
    region_code smallint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    appeal_id bigint NOT NULL,
    at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor name NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text,
    from_body integer,
    to_body integer,
    note text,
    ref bigint,
    PRIMARY KEY (region_code, id),
    FOREIGN KEY (region_code, appeal_id) REFERENCES @extschema@.appeal (region_code, id)
);
CREATE INDEX appeal_event_appeal ON @extschema@.appeal_event (region_code, appeal_id, id);
COMMENT ON TABLE @extschema@.appeal_event IS
    'append-only history of every appeal: who, when, what, from -> to; written by the journal trigger only';
COMMENT ON INDEX @extschema@.appeal_event_appeal IS 'history of one appeal in order';
COMMENT ON COLUMN @extschema@.appeal_event.region_code IS 'region of the appeal';
COMMENT ON COLUMN @extschema@.appeal_event.id IS 'event id, increasing';
COMMENT ON COLUMN @extschema@.appeal_event.appeal_id IS 'appeal';
COMMENT ON COLUMN @extschema@.appeal_event.at IS 'transaction time of the change';
COMMENT ON COLUMN @extschema@.appeal_event.actor IS 'role that made the change (the caller, also through SECURITY DEFINER functions)';
COMMENT ON COLUMN @extschema@.appeal_event.action IS 'register, assign, redirect, take, extend, answer, rate, reclassify, close, reject or update';
COMMENT ON COLUMN @extschema@.appeal_event.from_status IS 'status before';
COMMENT ON COLUMN @extschema@.appeal_event.to_status IS 'status after';
COMMENT ON COLUMN @extschema@.appeal_event.from_body IS 'responsible body before';
COMMENT ON COLUMN @extschema@.appeal_event.to_body IS 'responsible body after';
COMMENT ON COLUMN @extschema@.appeal_event.note IS 'reason or comment given with the action';
COMMENT ON COLUMN @extschema@.appeal_event.ref IS 'id of the answer or rating the action created';

CREATE TABLE @extschema@.answer (
    region_code smallint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    appeal_id bigint NOT NULL,
    body_id integer REFERENCES @extschema@.body (id),
    text text NOT NULL CHECK (text OPERATOR(pg_catalog.<>) ''),
    result text NOT NULL CHECK (result IN ('supported', 'measures_taken', 'not_supported', 'explained')),
    answered_at timestamptz NOT NULL,
    due_at timestamptz,
    working_days integer,
    answered_by name NOT NULL,
    template_id integer REFERENCES @extschema@.answer_template (id),
    PRIMARY KEY (region_code, id),
    FOREIGN KEY (region_code, appeal_id) REFERENCES @extschema@.appeal (region_code, id)
);
CREATE INDEX answer_appeal ON @extschema@.answer (region_code, appeal_id, id);
COMMENT ON TABLE @extschema@.answer IS 'answers to appeals; an appeal re-processed after escalation gets another';
COMMENT ON INDEX @extschema@.answer_appeal IS 'answers of one appeal in order';
COMMENT ON COLUMN @extschema@.answer.region_code IS 'region of the appeal';
COMMENT ON COLUMN @extschema@.answer.id IS 'answer id';
COMMENT ON COLUMN @extschema@.answer.appeal_id IS 'appeal answered';
COMMENT ON COLUMN @extschema@.answer.body_id IS 'body that answered';
COMMENT ON COLUMN @extschema@.answer.text IS 'text of the answer';
COMMENT ON COLUMN @extschema@.answer.result IS 'result (ССТУ): supported, measures_taken, not_supported, explained';
COMMENT ON COLUMN @extschema@.answer.answered_at IS 'when the answer was given';
COMMENT ON COLUMN @extschema@.answer.due_at IS 'deadline of the appeal in force when the answer was given: the answer is on time iff answered_at <= due_at';
COMMENT ON COLUMN @extschema@.answer.working_days IS 'working days from registration of the appeal to this answer, on the region''s production calendar';
COMMENT ON COLUMN @extschema@.answer.answered_by IS 'role that answered';
COMMENT ON COLUMN @extschema@.answer.template_id IS 'answer template the answer was written from, if any';

CREATE TABLE @extschema@.rating (
    region_code smallint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    appeal_id bigint NOT NULL,
    answer_id bigint NOT NULL,
    score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment text,
    rated_at timestamptz NOT NULL,
    PRIMARY KEY (region_code, id),
    UNIQUE (region_code, answer_id),
    FOREIGN KEY (region_code, appeal_id) REFERENCES @extschema@.appeal (region_code, id),
    FOREIGN KEY (region_code, answer_id) REFERENCES @extschema@.answer (region_code, id)
);
CREATE INDEX rating_appeal ON @extschema@.rating (region_code, appeal_id);
COMMENT ON TABLE @extschema@.rating IS 'applicants'' 1-5 ratings of answers (оценка удовлетворенности): one per answer';
COMMENT ON INDEX @extschema@.rating_appeal IS 'ratings of one appeal';
COMMENT ON COLUMN @extschema@.rating.region_code IS 'region of the appeal';
COMMENT ON COLUMN @extschema@.rating.id IS 'rating id';
COMMENT ON COLUMN @extschema@.rating.appeal_id IS 'appeal';
COMMENT ON COLUMN @extschema@.rating.answer_id IS 'answer rated';
COMMENT ON COLUMN @extschema@.rating.score IS 'score 1 (worst) to 5 (best)';
COMMENT ON COLUMN @extschema@.rating.comment IS 'applicant''s comment';
COMMENT ON COLUMN @extschema@.rating.rated_at IS 'when the applicant rated';

-- Transactional outbox of status changes for external delivery.
CREATE TABLE @extschema@.outbox (
    region_code smallint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    appeal_id bigint NOT NULL,
    event_id bigint NOT NULL,
    recipient_kind text NOT NULL CHECK (recipient_kind IN ('source', 'body', 'applicant')),
    recipient text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    claimed_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    delivered_at timestamptz,
    PRIMARY KEY (region_code, id),
    FOREIGN KEY (region_code, event_id) REFERENCES @extschema@.appeal_event (region_code, id)
);
CREATE INDEX outbox_pending ON @extschema@.outbox (id) WHERE delivered_at IS NULL;
COMMENT ON TABLE @extschema@.outbox IS
    'notifications to deliver: written in the same transaction as the change; fetch with cuvr.outbox_fetch(), confirm with cuvr.outbox_ack()';
COMMENT ON INDEX @extschema@.outbox_pending IS 'undelivered notifications in order';
COMMENT ON COLUMN @extschema@.outbox.region_code IS 'region of the appeal';
COMMENT ON COLUMN @extschema@.outbox.id IS 'notification id, increasing';
COMMENT ON COLUMN @extschema@.outbox.appeal_id IS 'appeal';
COMMENT ON COLUMN @extschema@.outbox.event_id IS 'event in cuvr.appeal_event';
COMMENT ON COLUMN @extschema@.outbox.recipient_kind IS 'source (the system that sent the appeal), body or applicant';
COMMENT ON COLUMN @extschema@.outbox.recipient IS 'source name, body id or applicant id; contacts are resolved at delivery';
COMMENT ON COLUMN @extschema@.outbox.payload IS 'JSON without personal data: appeal, number, action, statuses, body, deadline';
COMMENT ON COLUMN @extschema@.outbox.created_at IS 'when the notification was written';
COMMENT ON COLUMN @extschema@.outbox.claimed_at IS 'when a deliverer last fetched it';
COMMENT ON COLUMN @extschema@.outbox.attempts IS 'how many times it was fetched';
COMMENT ON COLUMN @extschema@.outbox.delivered_at IS 'when delivery was confirmed';

-- Bulk intake.  Every column is text so that COPY never fails on a bad value:
-- each row is parsed by cuvr.register_appeal() and either becomes an appeal
-- (and leaves this table) or stays here with its error.
CREATE TABLE @extschema@.intake (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source text,
    external_id text,
    region text,
    channel text,
    kind text,
    text text,
    subject text,
    received_at text,
    territory text,
    address text,
    lat text,
    lon text,
    expedited text,
    category text,
    tok text,
    due_at text,
    applicant_name text,
    applicant_email text,
    applicant_phone text,
    applicant_esia_id text,
    loaded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    loaded_by name NOT NULL DEFAULT CURRENT_USER,
    error text,
    error_sqlstate text,
    error_detail text
);
COMMENT ON TABLE @extschema@.intake IS
    'bulk intake: COPY rows in; each becomes an appeal through cuvr.register_appeal(), or stays here with its error';
COMMENT ON COLUMN @extschema@.intake.id IS 'row id';
COMMENT ON COLUMN @extschema@.intake.source IS 'payload key source';
COMMENT ON COLUMN @extschema@.intake.external_id IS 'payload key external_id';
COMMENT ON COLUMN @extschema@.intake.region IS 'payload key region';
COMMENT ON COLUMN @extschema@.intake.channel IS 'payload key channel';
COMMENT ON COLUMN @extschema@.intake.kind IS 'payload key kind';
COMMENT ON COLUMN @extschema@.intake.text IS 'payload key text';
COMMENT ON COLUMN @extschema@.intake.subject IS 'payload key subject';
COMMENT ON COLUMN @extschema@.intake.received_at IS 'payload key received_at';
COMMENT ON COLUMN @extschema@.intake.territory IS 'payload key territory';
COMMENT ON COLUMN @extschema@.intake.address IS 'payload key address';
COMMENT ON COLUMN @extschema@.intake.lat IS 'payload key lat';
COMMENT ON COLUMN @extschema@.intake.lon IS 'payload key lon';
COMMENT ON COLUMN @extschema@.intake.expedited IS 'payload key expedited';
COMMENT ON COLUMN @extschema@.intake.category IS 'payload key category';
COMMENT ON COLUMN @extschema@.intake.tok IS 'payload key tok';
COMMENT ON COLUMN @extschema@.intake.due_at IS 'payload key due_at';
COMMENT ON COLUMN @extschema@.intake.applicant_name IS 'payload key applicant.name (personal data)';
COMMENT ON COLUMN @extschema@.intake.applicant_email IS 'payload key applicant.email (personal data)';
COMMENT ON COLUMN @extschema@.intake.applicant_phone IS 'payload key applicant.phone (personal data)';
COMMENT ON COLUMN @extschema@.intake.applicant_esia_id IS 'payload key applicant.esia_id (personal data)';
COMMENT ON COLUMN @extschema@.intake.loaded_at IS 'when the row was loaded';
COMMENT ON COLUMN @extschema@.intake.loaded_by IS 'role that loaded the row';
COMMENT ON COLUMN @extschema@.intake.error IS 'why the row was rejected';
COMMENT ON COLUMN @extschema@.intake.error_sqlstate IS 'SQLSTATE of the rejection';
COMMENT ON COLUMN @extschema@.intake.error_detail IS 'detail of the rejection';
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

CREATE FUNCTION @extschema@.appeal_region(appeal bigint)
RETURNS smallint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN (appeal OPERATOR(pg_catalog./) 1000000000000000)::smallint;
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
CREATE FUNCTION @extschema@.label_change(action text, note text DEFAULT NULL, ref bigint DEFAULT NULL)
RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT pg_catalog.set_config('cuvr.action', coalesce(action, ''), true),
           pg_catalog.set_config('cuvr.note', coalesce(note, ''), true),
           pg_catalog.set_config('cuvr.ref', coalesce(ref::text, ''), true);
END;
COMMENT ON FUNCTION @extschema@.label_change(text, text, bigint) IS
    'internal: names the action, reason and created row of the next appeal change for the journal';

-- The journal: every insert or change of an appeal becomes an event, outbox
-- rows and a NOTIFY, in the same transaction.
--
-- SECURITY DEFINER because cuvr.appeal_event and cuvr.outbox are append-only
-- and no working role may write them directly; the trigger is their only
-- writer, and it records cuvr.acting_role() (the real caller) as the actor.
-- Trigger functions cannot be called directly.
CREATE FUNCTION @extschema@.appeal_journal()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    action text := pg_catalog.current_setting('cuvr.action', true);
    note text := pg_catalog.current_setting('cuvr.note', true);
    ref text := pg_catalog.current_setting('cuvr.ref', true);
    old_status text;
    old_body integer;
    event_id bigint;
    payload jsonb;
BEGIN
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
        old_status := OLD.status;
        old_body := OLD.body_id;
    END IF;
    IF coalesce(action, '') OPERATOR(pg_catalog.=) '' THEN
        -- An unlabelled INSERT is a row restored by pg_restore (or written
        -- by an admin): its history is restored with it.
        IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
            RETURN NULL;
        END IF;
        action := 'update';
    END IF;

    INSERT INTO @extschema@.appeal_event
           (region_code, appeal_id, actor, action, from_status, to_status, from_body, to_body, note, ref)
    VALUES (NEW.region_code, NEW.id, NEW.updated_by, action, old_status, NEW.status, old_body, NEW.body_id,
            NULLIF(note, ''), NULLIF(ref, '')::bigint)
    RETURNING id INTO event_id;

    payload := pg_catalog.jsonb_build_object(
        'appeal', NEW.id, 'number', NEW.reg_number, 'region', NEW.region_code,
        'event', event_id, 'action', action, 'status', NEW.status, 'from_status', old_status,
        'body', NEW.body_id, 'from_body', old_body, 'due_at', NEW.due_at);

    -- The source system hears of every step of its appeal.
    INSERT INTO @extschema@.outbox (region_code, appeal_id, event_id, recipient_kind, recipient, payload)
    VALUES (NEW.region_code, NEW.id, event_id, 'source', NEW.source, payload);
    -- A body hears when an appeal arrives at it or leaves it.
    IF NEW.body_id IS NOT NULL AND NEW.body_id IS DISTINCT FROM old_body THEN
        INSERT INTO @extschema@.outbox (region_code, appeal_id, event_id, recipient_kind, recipient, payload)
        VALUES (NEW.region_code, NEW.id, event_id, 'body', NEW.body_id::text, payload);
    END IF;
    IF old_body IS NOT NULL AND NEW.body_id IS DISTINCT FROM old_body THEN
        INSERT INTO @extschema@.outbox (region_code, appeal_id, event_id, recipient_kind, recipient, payload)
        VALUES (NEW.region_code, NEW.id, event_id, 'body', old_body::text, payload);
    END IF;
    -- The responsible body hears that its appeal is near or past its deadline,
    -- and on request its parent body of an overdue one.
    IF action IN ('near_due', 'overdue') AND NEW.body_id IS NOT NULL THEN
        INSERT INTO @extschema@.outbox (region_code, appeal_id, event_id, recipient_kind, recipient, payload)
        VALUES (NEW.region_code, NEW.id, event_id, 'body', NEW.body_id::text, payload);
        IF action OPERATOR(pg_catalog.=) 'overdue'
           AND @extschema@.setting_value('notify_parent_on_overdue')::boolean THEN
            INSERT INTO @extschema@.outbox (region_code, appeal_id, event_id, recipient_kind, recipient, payload)
            SELECT NEW.region_code, NEW.id, event_id, 'body', b.parent_id::text, payload
              FROM @extschema@.body AS b
             WHERE b.id OPERATOR(pg_catalog.=) NEW.body_id AND b.parent_id IS NOT NULL;
        END IF;
    END IF;
    -- The applicant hears of registration, the answer and the outcome.
    IF NEW.applicant_id IS NOT NULL
       AND action IN ('register', 'answer', 'extend', 'redirect', 'escalate', 'close', 'reject') THEN
        INSERT INTO @extschema@.outbox (region_code, appeal_id, event_id, recipient_kind, recipient, payload)
        VALUES (NEW.region_code, NEW.id, event_id, 'applicant', NEW.applicant_id::text, payload);
    END IF;

    IF @extschema@.setting_value('notify')::boolean THEN
        PERFORM pg_catalog.pg_notify('cuvr_events', pg_catalog.jsonb_build_object(
            'appeal', NEW.id, 'region', NEW.region_code, 'event', event_id,
            'action', action, 'status', NEW.status)::text);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.appeal_journal() IS
    'trigger: writes the event, outbox rows and NOTIFY cuvr_events for every appeal change (SECURITY DEFINER: the journal is append-only for all working roles)';
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
CREATE FUNCTION @extschema@.step_deadline(event text, region smallint, kind text, channel text,
                                          expedited boolean, start timestamptz,
                                          OUT due_at timestamptz, OUT estimated boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t @extschema@.term := @extschema@.policy_term(event, kind, channel, expedited);
BEGIN
    IF t IS NOT NULL THEN
        SELECT d.due_at, d.estimated INTO due_at, estimated
          FROM @extschema@.deadline(start, t, region) AS d;
    END IF;
END
$$;
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
    result := pg_catalog.btrim(payload OPERATOR(pg_catalog.->>) key, E' \t\r\n');
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

-- A number-valued payload key within bounds.
CREATE FUNCTION @extschema@.payload_float(payload jsonb, key text, low double precision, high double precision)
RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    value text := @extschema@.payload_text(payload, key, 64);
    result double precision;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF value !~ '^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' THEN
        RAISE EXCEPTION 'payload key "%" is not a number: "%"', key, value
            USING ERRCODE = 'invalid_text_representation';
    END IF;
    result := value::double precision;
    IF result OPERATOR(pg_catalog.<) low OR result OPERATOR(pg_catalog.>) high THEN
        RAISE EXCEPTION 'payload key "%" is out of range: %', key, value
            USING ERRCODE = 'numeric_value_out_of_range',
                  DETAIL = pg_catalog.format('It must lie between %s and %s.', low, high);
    END IF;
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

-- Is appeal x a near-duplicate of appeal a (same category and territory
-- are checked by the caller through the index)?  Signatures within
-- max_distance bits, received within win of each other and, when both have
-- coordinates, within radius metres (equirectangular distance).
CREATE FUNCTION @extschema@.near_duplicate(x @extschema@.appeal, a @extschema@.appeal, win interval,
                                           max_distance integer, radius double precision)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN @extschema@.signature_distance(x.signature, a.signature) OPERATOR(pg_catalog.<=) max_distance
   AND x.received_at BETWEEN (a.received_at OPERATOR(pg_catalog.-) win) AND (a.received_at OPERATOR(pg_catalog.+) win)
   AND (x.lat IS NULL OR a.lat IS NULL OR
        pg_catalog.sqrt(pg_catalog.power((x.lat OPERATOR(pg_catalog.-) a.lat) OPERATOR(pg_catalog.*) 111320, 2)
            OPERATOR(pg_catalog.+) pg_catalog.power((x.lon OPERATOR(pg_catalog.-) a.lon) OPERATOR(pg_catalog.*) 111320
                OPERATOR(pg_catalog.*) pg_catalog.cos(pg_catalog.radians(a.lat)), 2))
        OPERATOR(pg_catalog.<=) radius);
COMMENT ON FUNCTION @extschema@.near_duplicate(@extschema@.appeal, @extschema@.appeal, interval, integer, double precision) IS
    'internal: whether one appeal is a near-duplicate of another by signature distance, time of receipt and distance on the ground';

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
    -- Near-duplicates come from the signature index.  One already in a
    -- problem decides; else mass_min_group of them make one.  Both queries
    -- stop at their first rows, however large the group.
    SELECT x.problem_id INTO problem
      FROM @extschema@.appeal AS x
     WHERE @extschema@.signature_keys(x.signature, x.category_id, x.territory) OPERATOR(pg_catalog.&&)
           @extschema@.signature_keys(a.signature, a.category_id, a.territory)
       AND x.signature IS NOT NULL
       AND x.region_code OPERATOR(pg_catalog.=) a.region_code
       AND x.id OPERATOR(pg_catalog.<>) a.id
       AND x.category_id OPERATOR(pg_catalog.=) a.category_id
       AND (x.territory IS NULL AND a.territory IS NULL OR x.territory OPERATOR(@extschema@.=) a.territory)
       AND @extschema@.near_duplicate(x, a, win, max_distance, radius)
       AND x.problem_id IS NOT NULL
     LIMIT 1;
    IF problem IS NULL THEN
        SELECT pg_catalog.array_agg(n.id) INTO near
          FROM (SELECT x.id FROM @extschema@.appeal AS x
             WHERE @extschema@.signature_keys(x.signature, x.category_id, x.territory) OPERATOR(pg_catalog.&&)
                   @extschema@.signature_keys(a.signature, a.category_id, a.territory)
               AND x.signature IS NOT NULL
               AND x.region_code OPERATOR(pg_catalog.=) a.region_code
               AND x.id OPERATOR(pg_catalog.<>) a.id
               AND x.category_id OPERATOR(pg_catalog.=) a.category_id
               AND (x.territory IS NULL AND a.territory IS NULL OR x.territory OPERATOR(@extschema@.=) a.territory)
               AND @extschema@.near_duplicate(x, a, win, max_distance, radius)
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
BEGIN
    IF payload IS NULL OR pg_catalog.jsonb_typeof(payload) OPERATOR(pg_catalog.<>) 'object' THEN
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
COMMENT ON FUNCTION @extschema@.register_appeal(jsonb) IS
    'registers an appeal from a JSON payload and returns its id; idempotent on (source, external_id); SECURITY DEFINER to write personal data the caller may not read';
REVOKE ALL ON FUNCTION @extschema@.register_appeal(jsonb) FROM PUBLIC;
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

CREATE FUNCTION @extschema@.require_reason(reason text, action text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF reason IS NULL OR pg_catalog.btrim(reason) OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION '% needs a reason', action
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'The reason is part of the appeal''s legal record.';
    END IF;
    IF pg_catalog.length(reason) OPERATOR(pg_catalog.>) 4000 THEN
        RAISE EXCEPTION 'reason for % is too long', action
            USING ERRCODE = 'string_data_right_truncation',
                  DETAIL = 'A reason has at most 4000 characters.';
    END IF;
    RETURN pg_catalog.btrim(reason);
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
    IF result IS NULL OR result NOT IN ('supported', 'measures_taken', 'not_supported', 'explained') THEN
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
    IF role IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r WHERE r.rolname OPERATOR(pg_catalog.=) role) THEN
        RAISE EXCEPTION 'role "%" does not exist', role
            USING ERRCODE = 'undefined_object';
    END IF;
    IF body IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.body AS b WHERE b.id OPERATOR(pg_catalog.=) body) THEN
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
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Overdue control, meant to run every minute from pg_cron:
--   SELECT cron.schedule('cuvr-maintenance', '* * * * *', 'SELECT cuvr.run_maintenance()');
-- It works the same when called by hand or by any other scheduler.

-- SECURITY DEFINER because it is a system job over all appeals, which no
-- working role may change directly; its only authority check is EXECUTE,
-- granted to cuvr_admin and cuvr_operator.
CREATE FUNCTION @extschema@.run_maintenance(OUT near_due integer, OUT overdue integer, OUT kpi_merged bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    share double precision := @extschema@.setting_value('near_due_share')::double precision;
BEGIN
    IF share IS NULL OR share NOT BETWEEN 0 AND 1 THEN
        RAISE EXCEPTION 'setting near_due_share must lie between 0 and 1, not %', share
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Appeals locked by a concurrent run (or a lifecycle call) are skipped
    -- now and found by the next run; the re-checked IS NULL makes every
    -- mark happen once.
    PERFORM @extschema@.label_change('near_due');
    WITH near AS (
        SELECT a.region_code, a.id FROM @extschema@.appeal AS a
         WHERE a.status IN ('registered', 'triage', 'assigned', 'in_progress', 'escalated')
           AND a.near_due_at IS NULL AND a.overdue_at IS NULL
           AND a.due_at OPERATOR(pg_catalog.>) pg_catalog.now()
           AND pg_catalog.now() OPERATOR(pg_catalog.>=)
               (coalesce(a.term_started_at, a.registered_at) OPERATOR(pg_catalog.+)
                ((a.due_at OPERATOR(pg_catalog.-) coalesce(a.term_started_at, a.registered_at))
                 OPERATOR(pg_catalog.*) share))
           FOR UPDATE SKIP LOCKED)
    UPDATE @extschema@.appeal AS x SET near_due_at = pg_catalog.now()
      FROM near
     WHERE x.region_code OPERATOR(pg_catalog.=) near.region_code AND x.id OPERATOR(pg_catalog.=) near.id
       AND x.near_due_at IS NULL;
    GET DIAGNOSTICS near_due = ROW_COUNT;

    PERFORM @extschema@.label_change('overdue');
    WITH late AS (
        SELECT a.region_code, a.id FROM @extschema@.appeal AS a
         WHERE a.status IN ('registered', 'triage', 'assigned', 'in_progress', 'escalated')
           AND a.overdue_at IS NULL
           AND a.due_at OPERATOR(pg_catalog.<=) pg_catalog.now()
           FOR UPDATE SKIP LOCKED)
    UPDATE @extschema@.appeal AS x SET overdue_at = pg_catalog.now()
      FROM late
     WHERE x.region_code OPERATOR(pg_catalog.=) late.region_code AND x.id OPERATOR(pg_catalog.=) late.id
       AND x.overdue_at IS NULL;
    GET DIAGNOSTICS overdue = ROW_COUNT;
    PERFORM @extschema@.label_change(NULL);

    -- The KPI rollup takes in the changes so far, these marks included.
    kpi_merged := @extschema@.kpi_merge();
END
$$;
COMMENT ON FUNCTION @extschema@.run_maintenance() IS
    'marks open appeals near their deadline (setting near_due_share) and past it, once each, with events and notifications, then merges the KPI delta (cuvr.kpi_merge); idempotent, safe to run concurrently, meant for pg_cron every minute; SECURITY DEFINER: a system job over the appeals of every body, past row-level security';
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

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
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Bulk intake: each row copied into cuvr.intake goes through
-- cuvr.register_appeal() in its own subtransaction.  A good row becomes an
-- appeal and is not stored; a bad row is stored with its error, so one bad
-- row never aborts the load and is never lost.

CREATE FUNCTION @extschema@.intake_payload(row_ @extschema@.intake)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
    'source', row_.source, 'external_id', row_.external_id, 'region', row_.region,
    'channel', row_.channel, 'kind', row_.kind, 'text', row_.text, 'subject', row_.subject,
    'received_at', row_.received_at, 'territory', row_.territory, 'address', row_.address,
    'lat', row_.lat, 'lon', row_.lon, 'expedited', row_.expedited, 'category', row_.category,
    'tok', row_.tok, 'due_at', row_.due_at,
    'applicant', NULLIF(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'name', row_.applicant_name, 'email', row_.applicant_email,
        'phone', row_.applicant_phone, 'esia_id', row_.applicant_esia_id)), '{}'::jsonb)));
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
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- The classifier: a TF-IDF linear SVM over Snowball-stemmed words and word
-- pairs, trained in C from the appeals whose category the source supplied
-- or a person confirmed, stored in tables (pg_dump keeps it) and cached per
-- backend.  Keyword rules come first, for categories without training data.

CREATE TABLE @extschema@.classifier_model (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    trained_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    documents integer NOT NULL,
    n_classes integer NOT NULL CHECK (n_classes >= 2),
    log2_buckets integer NOT NULL CHECK (log2_buckets BETWEEN 4 AND 24),
    hash_version integer NOT NULL,
    temperature real NOT NULL,
    params jsonb NOT NULL,
    used_buckets integer NOT NULL,
    active boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX classifier_model_one_active ON @extschema@.classifier_model ((true)) WHERE active;
COMMENT ON TABLE @extschema@.classifier_model IS 'trained classifier models; the active one classifies';
COMMENT ON INDEX @extschema@.classifier_model_one_active IS 'at most one active model';
COMMENT ON COLUMN @extschema@.classifier_model.id IS 'model id';
COMMENT ON COLUMN @extschema@.classifier_model.trained_at IS 'when it was trained';
COMMENT ON COLUMN @extschema@.classifier_model.documents IS 'number of labelled appeals it learned from';
COMMENT ON COLUMN @extschema@.classifier_model.n_classes IS 'number of categories it knows';
COMMENT ON COLUMN @extschema@.classifier_model.log2_buckets IS 'feature hashing space: 2^log2_buckets buckets';
COMMENT ON COLUMN @extschema@.classifier_model.hash_version IS 'version of the feature hashing it was trained with';
COMMENT ON COLUMN @extschema@.classifier_model.temperature IS 'softmax temperature turning margins into confidences';
COMMENT ON COLUMN @extschema@.classifier_model.params IS 'training parameters (SVM cost, passes, minimum document frequency)';
COMMENT ON COLUMN @extschema@.classifier_model.used_buckets IS 'feature buckets with a weight';
COMMENT ON COLUMN @extschema@.classifier_model.active IS 'the model in use';

CREATE TABLE @extschema@.classifier_class (
    model_id integer NOT NULL REFERENCES @extschema@.classifier_model (id) ON DELETE CASCADE,
    class_index integer NOT NULL,
    category_id integer NOT NULL REFERENCES @extschema@.category (id),
    bias real NOT NULL,
    PRIMARY KEY (model_id, class_index)
);
COMMENT ON TABLE @extschema@.classifier_class IS 'the categories of a model, with their SVM bias';
COMMENT ON COLUMN @extschema@.classifier_class.model_id IS 'model';
COMMENT ON COLUMN @extschema@.classifier_class.class_index IS 'position of the class in the model''s weight vectors';
COMMENT ON COLUMN @extschema@.classifier_class.category_id IS 'category of the class';
COMMENT ON COLUMN @extschema@.classifier_class.bias IS 'bias of the class''s linear function';

CREATE TABLE @extschema@.classifier_feature (
    model_id integer NOT NULL REFERENCES @extschema@.classifier_model (id) ON DELETE CASCADE,
    bucket integer NOT NULL,
    idf real NOT NULL,
    weights real[] NOT NULL,
    PRIMARY KEY (model_id, bucket)
);
COMMENT ON TABLE @extschema@.classifier_feature IS 'the used feature buckets of a model: inverse document frequency and one weight per class';
COMMENT ON COLUMN @extschema@.classifier_feature.model_id IS 'model';
COMMENT ON COLUMN @extschema@.classifier_feature.bucket IS 'hashed stem or stem pair';
COMMENT ON COLUMN @extschema@.classifier_feature.idf IS 'inverse document frequency of the bucket';
COMMENT ON COLUMN @extschema@.classifier_feature.weights IS 'weight of the bucket for each class, by class_index';

CREATE TABLE @extschema@.keyword_rule (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    category_id integer NOT NULL REFERENCES @extschema@.category (id),
    keyword text NOT NULL CHECK (pg_catalog.length(keyword) BETWEEN 2 AND 200),
    confidence double precision NOT NULL DEFAULT 0.9 CHECK (confidence > 0 AND confidence <= 1),
    active boolean NOT NULL DEFAULT true,
    note text
);
COMMENT ON TABLE @extschema@.keyword_rule IS
    'keyword rules: a text containing every (stemmed) word of a keyword gets its category, before the model; for categories without training data';
COMMENT ON COLUMN @extschema@.keyword_rule.id IS 'rule id';
COMMENT ON COLUMN @extschema@.keyword_rule.category_id IS 'category the rule gives';
COMMENT ON COLUMN @extschema@.keyword_rule.keyword IS 'word or words, matched by their Snowball stems in any order (e.g. «самокат прокат»)';
COMMENT ON COLUMN @extschema@.keyword_rule.confidence IS 'confidence the rule reports';
COMMENT ON COLUMN @extschema@.keyword_rule.active IS 'false: the rule is kept but not used';
COMMENT ON COLUMN @extschema@.keyword_rule.note IS 'why the rule exists';

CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.classifier_model
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.classifier_class
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.classifier_feature
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.keyword_rule
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.category
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();

CREATE FUNCTION @extschema@.classify(text text, OUT category text, OUT confidence double precision)
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_classify';
COMMENT ON FUNCTION @extschema@.classify(text) IS
    'the category code and confidence (0-1) of a text: a keyword rule if one matches, else the trained model; NULLs when no rule matches and the model is missing or knows none of the words';

CREATE FUNCTION @extschema@.classify_top(text text, k integer DEFAULT 3)
RETURNS TABLE (rank integer, category text, confidence double precision, method text, words text[])
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 3 AS 'MODULE_PATHNAME', 'cuvr_classify_top';
COMMENT ON FUNCTION @extschema@.classify_top(text, integer) IS
    'the k most likely categories of a text, each explained by the stems that pushed it up most';

CREATE FUNCTION @extschema@.classify_tokens(text text) RETURNS text[]
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_classify_tokens';
COMMENT ON FUNCTION @extschema@.classify_tokens(text) IS
    'the Snowball stems the classifier sees in a text, after cleaning HTML, case, ё, numbers, addresses, phones and stop words';

CREATE FUNCTION @extschema@.train_classifier(OUT model_id integer, OUT documents integer, OUT classes integer,
                                             OUT features integer, OUT seconds double precision)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'cuvr_train_classifier';
COMMENT ON FUNCTION @extschema@.train_classifier() IS
    'learns a new model from every appeal whose category the source supplied or a person confirmed, and makes it the active one';
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Routing rules (маршрутизация): category or theme x territory (OKTMO
-- containment) x channel -> body, with a priority.  The most specific rule
-- wins: a category beats a theme beats any subject; then the deeper
-- territory; then a named channel; then the higher priority.  Two rules of
-- the same scope and priority would tie, so the second is refused.
CREATE TABLE @extschema@.routing_rule (
    id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    category_id integer REFERENCES @extschema@.category (id),
    theme_id integer REFERENCES @extschema@.theme (id),
    territory @extschema@.oktmo,
    channel text REFERENCES @extschema@.channel (code),
    body_id integer NOT NULL REFERENCES @extschema@.body (id),
    priority integer NOT NULL DEFAULT 0,
    note text,
    active boolean NOT NULL DEFAULT true,
    CHECK (category_id IS NULL OR theme_id IS NULL)
);
CREATE UNIQUE INDEX routing_rule_scope ON @extschema@.routing_rule
    (region_code, category_id, theme_id, territory, channel, priority) NULLS NOT DISTINCT WHERE active;
CREATE INDEX routing_rule_lookup ON @extschema@.routing_rule (region_code, category_id, theme_id) WHERE active;
COMMENT ON TABLE @extschema@.routing_rule IS
    'routing rules: category or theme x territory x channel -> body; the most specific active rule wins';
COMMENT ON INDEX @extschema@.routing_rule_scope IS 'two active rules of the same scope and priority would tie: refused';
COMMENT ON INDEX @extschema@.routing_rule_lookup IS 'rules of a region by subject';
COMMENT ON COLUMN @extschema@.routing_rule.id IS 'rule id';
COMMENT ON COLUMN @extschema@.routing_rule.region_code IS 'region the rule applies to';
COMMENT ON COLUMN @extschema@.routing_rule.category_id IS 'category the rule applies to (NULL: see theme_id)';
COMMENT ON COLUMN @extschema@.routing_rule.theme_id IS 'theme the rule applies to, when no category is given (NULL with category_id NULL: any subject)';
COMMENT ON COLUMN @extschema@.routing_rule.territory IS 'OKTMO territory the rule covers, with everything inside it (NULL: the whole region)';
COMMENT ON COLUMN @extschema@.routing_rule.channel IS 'channel the rule applies to (NULL: any)';
COMMENT ON COLUMN @extschema@.routing_rule.body_id IS 'body that gets the matching appeals';
COMMENT ON COLUMN @extschema@.routing_rule.priority IS 'breaks ties between equally specific rules: higher wins';
COMMENT ON COLUMN @extschema@.routing_rule.note IS 'why the rule exists';
COMMENT ON COLUMN @extschema@.routing_rule.active IS 'false: the rule is kept but not used';

-- A clear error for a rule that would tie with an existing one.
CREATE FUNCTION @extschema@.routing_rule_check()
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
    IF NEW.territory IS NOT NULL
       AND @extschema@.oktmo_region(NEW.territory) IS DISTINCT FROM NEW.region_code THEN
        RAISE EXCEPTION 'territory % is not in region %', NEW.territory, NEW.region_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The first two digits of an OKTMO code name the region (cuvr.region.oktmo_prefix).';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.routing_rule_check() IS
    'trigger: refuses a routing rule that would tie with an existing one, or whose territory lies outside its region';
CREATE TRIGGER routing_rule_check BEFORE INSERT OR UPDATE ON @extschema@.routing_rule
    FOR EACH ROW EXECUTE FUNCTION @extschema@.routing_rule_check();
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.routing_rule
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();

-- All active rules that match, the most specific first.
CREATE FUNCTION @extschema@.matching_rules(region smallint, category_id integer, territory @extschema@.oktmo,
                                           channel text)
RETURNS TABLE (rule_id integer, body_id integer, subject_rank integer, territory_rank integer,
               channel_rank integer, priority integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    theme integer := (SELECT c.theme_id FROM @extschema@.category AS c
                       WHERE c.id OPERATOR(pg_catalog.=) matching_rules.category_id);
BEGIN
    -- plpgsql keeps this plan for the session: registration routes per row.
    RETURN QUERY
    SELECT r.id, r.body_id,
           CASE WHEN r.category_id IS NOT NULL THEN 2 WHEN r.theme_id IS NOT NULL THEN 1 ELSE 0 END,
           CASE WHEN r.territory IS NULL THEN 0 ELSE @extschema@.oktmo_level(r.territory) END,
           CASE WHEN r.channel IS NULL THEN 0 ELSE 1 END,
           r.priority
      FROM @extschema@.routing_rule AS r
     WHERE r.active
       AND r.region_code OPERATOR(pg_catalog.=) matching_rules.region
       AND (r.category_id IS NULL OR r.category_id OPERATOR(pg_catalog.=) matching_rules.category_id)
       AND (r.theme_id IS NULL OR r.theme_id OPERATOR(pg_catalog.=) theme)
       AND (r.territory IS NULL OR r.territory OPERATOR(@extschema@.@>) matching_rules.territory)
       AND (r.channel IS NULL OR r.channel OPERATOR(pg_catalog.=) matching_rules.channel)
     ORDER BY 3 DESC, 4 DESC, 5 DESC, 6 DESC, 1;
END
$$;
COMMENT ON FUNCTION @extschema@.matching_rules(smallint, integer, @extschema@.oktmo, text) IS
    'the active routing rules matching an appeal, most specific first: subject (category > theme > any), territory depth, channel, priority';

-- The body a rule sends the appeal to, never the body it complains about:
-- then the accused body's parent, or the coordinating ЦУР at the top.  C
-- with a per-backend rule cache (registration routes every appeal); the
-- ranking is cuvr.matching_rules()'s, which explain_route shows.
CREATE FUNCTION @extschema@.route(region smallint, category_id integer, territory @extschema@.oktmo,
                                  channel text, accused_body integer DEFAULT NULL)
RETURNS integer
    LANGUAGE C STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_route';
COMMENT ON FUNCTION @extschema@.route(smallint, integer, @extschema@.oktmo, text, integer) IS
    'the body the most specific matching rule names; a complaint about that body goes to its parent (59-ФЗ ст. 8 ч. 6); NULL when no rule matches';

-- Why an appeal went (or would go) where it did.
CREATE FUNCTION @extschema@.explain_route(appeal bigint)
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
COMMENT ON FUNCTION @extschema@.explain_route(bigint) IS
    'explains routing of an appeal: every matching rule, most specific first, and the final decision with its reason';
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
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Incremental KPI rollup behind cuvr_bi.kpi_daily.
--
-- Every statement that inserts or changes appeals, answers, ratings or
-- events writes its signed contribution to cuvr.kpi_delta once, from its
-- transition tables: inserters only ever append, so no hot row is locked by
-- every insert.  cuvr.kpi_merge() (run by cuvr.run_maintenance()) moves the
-- delta into cuvr.kpi_rollup in one statement, and cuvr_bi.kpi_daily reads
-- the rollup plus the unmerged tail, so it is always current.
--
-- The measures and their keys (local day in the region's time zone, region,
-- body, category, channel) are defined once, from scratch, by the view
-- cuvr.kpi_recomputed; the triggers below add and subtract exactly its terms.

CREATE TABLE @extschema@.kpi_delta (
    region_code integer NOT NULL,
    day date NOT NULL,
    body_id integer,
    category_id integer,
    channel text NOT NULL,
    response_days integer,
    received integer NOT NULL DEFAULT 0,
    answered integer NOT NULL DEFAULT 0,
    answered_on_time integer NOT NULL DEFAULT 0,
    overdue_open integer NOT NULL DEFAULT 0,
    ratings integer NOT NULL DEFAULT 0,
    rating_sum integer NOT NULL DEFAULT 0,
    negative_ratings integer NOT NULL DEFAULT 0,
    escalations integer NOT NULL DEFAULT 0
);
COMMENT ON TABLE @extschema@.kpi_delta IS
    'unmerged KPI changes: signed rows appended by triggers, moved into the rollups by cuvr.kpi_merge(); no index, so appending stays cheap, and it holds only the changes since the last merge';

CREATE TABLE @extschema@.kpi_rollup (
    region_code integer NOT NULL,
    day date NOT NULL,
    body_id integer,
    category_id integer,
    channel text NOT NULL,
    response_days integer,
    received bigint NOT NULL,
    answered bigint NOT NULL,
    answered_on_time bigint NOT NULL,
    overdue_open bigint NOT NULL,
    ratings bigint NOT NULL,
    rating_sum bigint NOT NULL,
    negative_ratings bigint NOT NULL,
    escalations bigint NOT NULL,
    CONSTRAINT kpi_rollup_key UNIQUE NULLS NOT DISTINCT (region_code, day, body_id, category_id, channel, response_days)
);
COMMENT ON TABLE @extschema@.kpi_rollup IS
    'merged KPIs per region x local day x body x category x channel; equals cuvr.kpi_recomputed once cuvr.kpi_delta is merged';
COMMENT ON CONSTRAINT kpi_rollup_key ON @extschema@.kpi_rollup IS
    'one row per key (NULL body or category is a key value: appeals in triage); the merge upserts on it';

CREATE TABLE @extschema@.kpi_monthly (
    region_code integer NOT NULL,
    month date NOT NULL,
    body_id integer,
    response_days integer,
    received bigint NOT NULL,
    answered bigint NOT NULL,
    answered_on_time bigint NOT NULL,
    overdue_open bigint NOT NULL,
    ratings bigint NOT NULL,
    rating_sum bigint NOT NULL,
    negative_ratings bigint NOT NULL,
    escalations bigint NOT NULL,
    CONSTRAINT kpi_monthly_key UNIQUE NULLS NOT DISTINCT (region_code, month, body_id, response_days)
);
COMMENT ON TABLE @extschema@.kpi_monthly IS
    'merged KPIs per region x local month x body (x working days of answers, for medians): what dashboards and the body rating read; merged with cuvr.kpi_rollup from the same delta';
COMMENT ON CONSTRAINT kpi_monthly_key ON @extschema@.kpi_monthly IS 'one row per key; the merge upserts on it';
COMMENT ON COLUMN @extschema@.kpi_monthly.month IS 'first day of the local month of the event';
-- Rows whose terms all cancelled out, found by the merge without a scan.
CREATE INDEX kpi_rollup_empty ON @extschema@.kpi_rollup (region_code)
    WHERE received = 0 AND answered = 0 AND answered_on_time = 0 AND overdue_open = 0
      AND ratings = 0 AND rating_sum = 0 AND negative_ratings = 0 AND escalations = 0;
CREATE INDEX kpi_monthly_empty ON @extschema@.kpi_monthly (region_code)
    WHERE received = 0 AND answered = 0 AND answered_on_time = 0 AND overdue_open = 0
      AND ratings = 0 AND rating_sum = 0 AND negative_ratings = 0 AND escalations = 0;
COMMENT ON INDEX @extschema@.kpi_rollup_empty IS 'rollup rows whose terms cancelled out, for the merge to remove';
COMMENT ON INDEX @extschema@.kpi_monthly_empty IS 'monthly rows whose terms cancelled out, for the merge to remove';


-- The definition: every KPI term of every appeal, from the base tables.
-- The triggers keep kpi_rollup + kpi_delta equal to this grouped; tests and
-- cuvr.kpi_rebuild() use it directly.
CREATE VIEW @extschema@.kpi_recomputed AS
WITH terms AS (
    SELECT a.region_code, pg_catalog.timezone(r.tz, a.registered_at)::date AS day, a.body_id, a.category_id, a.channel,
           NULL::integer AS response_days, 1 AS received, 0 AS answered, 0 AS answered_on_time, 0 AS overdue_open,
           0 AS ratings, 0 AS rating_sum, 0 AS negative_ratings, 0 AS escalations
      FROM @extschema@.appeal AS a JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT a.region_code, pg_catalog.timezone(r.tz, a.due_at)::date, a.body_id, a.category_id, a.channel, NULL,
           0, 0, 0, 1, 0, 0, 0, 0
      FROM @extschema@.appeal AS a JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     WHERE a.overdue_at IS NOT NULL AND a.answered_at IS NULL AND a.status NOT IN ('closed', 'rejected')
    UNION ALL
    SELECT a.region_code, pg_catalog.timezone(r.tz, n.answered_at)::date, n.body_id, a.category_id, a.channel, n.working_days,
           0, 1, (n.answered_at OPERATOR(pg_catalog.<=) n.due_at IS TRUE)::integer, 0, 0, 0, 0, 0
      FROM @extschema@.answer AS n
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) n.region_code AND a.id OPERATOR(pg_catalog.=) n.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT a.region_code, pg_catalog.timezone(r.tz, x.rated_at)::date, n.body_id, a.category_id, a.channel, NULL,
           0, 0, 0, 0, 1, x.score, (x.score OPERATOR(pg_catalog.<=) 2)::integer, 0
      FROM @extschema@.rating AS x
      JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) x.region_code AND n.id OPERATOR(pg_catalog.=) x.answer_id
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) x.region_code AND a.id OPERATOR(pg_catalog.=) x.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
    UNION ALL
    SELECT a.region_code, pg_catalog.timezone(r.tz, e.at)::date, e.from_body, a.category_id, a.channel, NULL,
           0, 0, 0, 0, 0, 0, 0, 1
      FROM @extschema@.appeal_event AS e
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) e.region_code AND a.id OPERATOR(pg_catalog.=) e.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     WHERE e.to_status OPERATOR(pg_catalog.=) 'escalated' AND e.from_status IS DISTINCT FROM 'escalated'
)
SELECT t.region_code, t.day, t.body_id, t.category_id, t.channel, t.response_days,
       pg_catalog.sum(t.received)::bigint AS received,
       pg_catalog.sum(t.answered)::bigint AS answered,
       pg_catalog.sum(t.answered_on_time)::bigint AS answered_on_time,
       pg_catalog.sum(t.overdue_open)::bigint AS overdue_open,
       pg_catalog.sum(t.ratings)::bigint AS ratings,
       pg_catalog.sum(t.rating_sum)::bigint AS rating_sum,
       pg_catalog.sum(t.negative_ratings)::bigint AS negative_ratings,
       pg_catalog.sum(t.escalations)::bigint AS escalations
  FROM terms AS t
 GROUP BY t.region_code, t.day, t.body_id, t.category_id, t.channel, t.response_days;
COMMENT ON VIEW @extschema@.kpi_recomputed IS
    'the KPIs from scratch, one GROUP BY over appeals, answers, ratings and events: the definition the incremental rollup keeps equal to';

-- The delta triggers.  They are SECURITY DEFINER because cuvr.kpi_delta is
-- internal: no working role may write it, yet every role that may change
-- appeals (through the lifecycle functions, or an admin directly, or
-- pg_restore) must leave its KPI terms behind.  Trigger functions cannot be
-- called directly.

-- New appeals: received, and overdue_open for rows inserted already overdue
-- (a restore).  In C (kpi.c): it is on every registration, and it appends
-- with heap inserts, no query.
CREATE FUNCTION @extschema@.kpi_appeal_inserted()
RETURNS trigger
LANGUAGE C
AS 'MODULE_PATHNAME', 'cuvr_kpi_appeal_inserted';
COMMENT ON FUNCTION @extschema@.kpi_appeal_inserted() IS
    'statement trigger (C): appends the KPI terms of inserted appeals to cuvr.kpi_delta';

-- Changed appeals: a change of body, category or channel moves the appeal's
-- terms from the old key to the new one (its answers, ratings and
-- escalations too when the category or channel changes); a change of the
-- overdue-and-open state or of an overdue appeal's deadline moves its
-- overdue_open term.
CREATE FUNCTION @extschema@.kpi_appeal_updated()
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
COMMENT ON FUNCTION @extschema@.kpi_appeal_updated() IS
    'statement trigger: moves the KPI terms of changed appeals from their old key to their new one in cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

CREATE FUNCTION @extschema@.kpi_answer_inserted()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO @extschema@.kpi_delta (region_code, day, body_id, category_id, channel, response_days, answered, answered_on_time)
    SELECT a.region_code, pg_catalog.timezone(r.tz, x.answered_at)::date AS day, x.body_id, a.category_id, a.channel,
           x.working_days, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE x.answered_at OPERATOR(pg_catalog.<=) x.due_at)
      FROM new_answers AS x
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) x.region_code AND a.id OPERATOR(pg_catalog.=) x.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     GROUP BY 1, 2, 3, 4, 5, 6;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_answer_inserted() IS
    'statement trigger: appends the KPI terms of new answers (answered, answered on time) to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

CREATE FUNCTION @extschema@.kpi_rating_inserted()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO @extschema@.kpi_delta (region_code, day, body_id, category_id, channel, ratings, rating_sum, negative_ratings)
    SELECT a.region_code, pg_catalog.timezone(r.tz, x.rated_at)::date AS day, n.body_id, a.category_id, a.channel,
           pg_catalog.count(*), pg_catalog.sum(x.score), pg_catalog.count(*) FILTER (WHERE x.score OPERATOR(pg_catalog.<=) 2)
      FROM new_ratings AS x
      JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) x.region_code AND n.id OPERATOR(pg_catalog.=) x.answer_id
      JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) x.region_code AND a.id OPERATOR(pg_catalog.=) x.appeal_id
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_rating_inserted() IS
    'statement trigger: appends the KPI terms of new ratings (count, score sum, negative) to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

CREATE FUNCTION @extschema@.kpi_event_inserted()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO @extschema@.kpi_delta (region_code, day, body_id, category_id, channel, escalations)
    SELECT a.region_code, pg_catalog.timezone(r.tz, NEW.at)::date, NEW.from_body, a.category_id, a.channel, 1
      FROM @extschema@.appeal AS a
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     WHERE a.region_code OPERATOR(pg_catalog.=) NEW.region_code AND a.id OPERATOR(pg_catalog.=) NEW.appeal_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_event_inserted() IS
    'row trigger on escalation events only (its WHEN clause): appends the escalation to cuvr.kpi_delta; SECURITY DEFINER: writes cuvr.kpi_delta, which no working role may write';

CREATE TRIGGER kpi_delta AFTER INSERT ON @extschema@.appeal
    REFERENCING NEW TABLE AS new_appeals
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_appeal_inserted();
CREATE TRIGGER kpi_delta_update AFTER UPDATE ON @extschema@.appeal
    REFERENCING OLD TABLE AS old_appeals NEW TABLE AS new_appeals
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_appeal_updated();
CREATE TRIGGER kpi_delta AFTER INSERT ON @extschema@.answer
    REFERENCING NEW TABLE AS new_answers
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_answer_inserted();
CREATE TRIGGER kpi_delta AFTER INSERT ON @extschema@.rating
    REFERENCING NEW TABLE AS new_ratings
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_rating_inserted();
-- Escalations are a few events in a hundred: a row trigger with a WHEN
-- clause costs the others nothing.
CREATE TRIGGER kpi_delta AFTER INSERT ON @extschema@.appeal_event
    FOR EACH ROW
    WHEN (NEW.to_status OPERATOR(pg_catalog.=) 'escalated' AND NEW.from_status IS DISTINCT FROM 'escalated')
    EXECUTE FUNCTION @extschema@.kpi_event_inserted();
COMMENT ON TRIGGER kpi_delta ON @extschema@.appeal IS 'KPI terms of new appeals into cuvr.kpi_delta, once per statement';
COMMENT ON TRIGGER kpi_delta_update ON @extschema@.appeal IS 'KPI terms of changed appeals into cuvr.kpi_delta, once per statement';
COMMENT ON TRIGGER kpi_delta ON @extschema@.answer IS 'KPI terms of new answers into cuvr.kpi_delta, once per statement';
COMMENT ON TRIGGER kpi_delta ON @extschema@.rating IS 'KPI terms of new ratings into cuvr.kpi_delta, once per statement';
COMMENT ON TRIGGER kpi_delta ON @extschema@.appeal_event IS 'escalations into cuvr.kpi_delta, fired for escalation events only';

-- TRUNCATE of a source table bypasses the row triggers; the rollup is then
-- rebuilt in the same transaction.
CREATE FUNCTION @extschema@.kpi_source_truncated()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM @extschema@.kpi_rebuild();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_source_truncated() IS
    'statement trigger: rebuilds the KPI rollup after TRUNCATE of a table it is computed from; SECURITY DEFINER: rewrites the internal KPI tables';

-- Merge.  The DELETE ... RETURNING and both upserts are one statement, so
-- the rows it moves are exactly the rows it adds: a reader's snapshot sees
-- each change either in the delta or in the rollups, never in both.  Rows
-- written by transactions that commit meanwhile stay for the next merge.
--
-- SECURITY DEFINER because it writes the internal KPI tables; EXECUTE is
-- granted to cuvr_admin and cuvr_operator, as for cuvr.run_maintenance().
CREATE FUNCTION @extschema@.kpi_merge()
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    moved_rows bigint;
BEGIN
    -- One merge at a time; a concurrent call returns at once, and its
    -- changes are merged by the running one or the next.
    IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('cuvr.kpi_merge')::bigint) THEN
        RETURN 0;
    END IF;

    WITH moved AS (
        DELETE FROM @extschema@.kpi_delta RETURNING *),
    daily AS (
        SELECT m.region_code, m.day, m.body_id, m.category_id, m.channel, m.response_days, pg_catalog.sum(m.received) AS received, pg_catalog.sum(m.answered) AS answered, pg_catalog.sum(m.answered_on_time) AS answered_on_time, pg_catalog.sum(m.overdue_open) AS overdue_open, pg_catalog.sum(m.ratings) AS ratings, pg_catalog.sum(m.rating_sum) AS rating_sum, pg_catalog.sum(m.negative_ratings) AS negative_ratings, pg_catalog.sum(m.escalations) AS escalations
          FROM moved AS m
         GROUP BY m.region_code, m.day, m.body_id, m.category_id, m.channel, m.response_days),
    monthly AS (
        SELECT m.region_code, pg_catalog.date_trunc('month', m.day::timestamp)::date AS month, m.body_id,
               m.response_days, pg_catalog.sum(m.received) AS received, pg_catalog.sum(m.answered) AS answered, pg_catalog.sum(m.answered_on_time) AS answered_on_time, pg_catalog.sum(m.overdue_open) AS overdue_open, pg_catalog.sum(m.ratings) AS ratings, pg_catalog.sum(m.rating_sum) AS rating_sum, pg_catalog.sum(m.negative_ratings) AS negative_ratings, pg_catalog.sum(m.escalations) AS escalations
          FROM moved AS m
         GROUP BY 1, 2, 3, 4),
    merged_daily AS (
        INSERT INTO @extschema@.kpi_rollup AS k (region_code, day, body_id, category_id, channel, response_days, received, answered, answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
        SELECT d.region_code, d.day, d.body_id, d.category_id, d.channel, d.response_days, d.received, d.answered, d.answered_on_time, d.overdue_open, d.ratings, d.rating_sum, d.negative_ratings, d.escalations
          FROM daily AS d
        ON CONFLICT ON CONSTRAINT kpi_rollup_key DO UPDATE
           SET received = k.received OPERATOR(pg_catalog.+) excluded.received,
               answered = k.answered OPERATOR(pg_catalog.+) excluded.answered,
               answered_on_time = k.answered_on_time OPERATOR(pg_catalog.+) excluded.answered_on_time,
               overdue_open = k.overdue_open OPERATOR(pg_catalog.+) excluded.overdue_open,
               ratings = k.ratings OPERATOR(pg_catalog.+) excluded.ratings,
               rating_sum = k.rating_sum OPERATOR(pg_catalog.+) excluded.rating_sum,
               negative_ratings = k.negative_ratings OPERATOR(pg_catalog.+) excluded.negative_ratings,
               escalations = k.escalations OPERATOR(pg_catalog.+) excluded.escalations
        RETURNING 1),
    merged_monthly AS (
        INSERT INTO @extschema@.kpi_monthly AS k (region_code, month, body_id, response_days, received, answered, answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
        SELECT x.region_code, x.month, x.body_id, x.response_days, x.received, x.answered, x.answered_on_time, x.overdue_open, x.ratings, x.rating_sum, x.negative_ratings, x.escalations
          FROM monthly AS x
        ON CONFLICT ON CONSTRAINT kpi_monthly_key DO UPDATE
           SET received = k.received OPERATOR(pg_catalog.+) excluded.received,
               answered = k.answered OPERATOR(pg_catalog.+) excluded.answered,
               answered_on_time = k.answered_on_time OPERATOR(pg_catalog.+) excluded.answered_on_time,
               overdue_open = k.overdue_open OPERATOR(pg_catalog.+) excluded.overdue_open,
               ratings = k.ratings OPERATOR(pg_catalog.+) excluded.ratings,
               rating_sum = k.rating_sum OPERATOR(pg_catalog.+) excluded.rating_sum,
               negative_ratings = k.negative_ratings OPERATOR(pg_catalog.+) excluded.negative_ratings,
               escalations = k.escalations OPERATOR(pg_catalog.+) excluded.escalations
        RETURNING 1)
    SELECT (SELECT pg_catalog.count(*) FROM moved)
      INTO moved_rows
      FROM (SELECT pg_catalog.count(*) FROM merged_daily) AS a, (SELECT pg_catalog.count(*) FROM merged_monthly) AS b;

    -- Keys whose terms cancelled out (an appeal moved away) leave no row.
    -- The partial indexes find them without a scan.
    DELETE FROM @extschema@.kpi_rollup AS k WHERE k.received OPERATOR(pg_catalog.=) 0 AND k.answered OPERATOR(pg_catalog.=) 0 AND k.answered_on_time OPERATOR(pg_catalog.=) 0 AND k.overdue_open OPERATOR(pg_catalog.=) 0 AND k.ratings OPERATOR(pg_catalog.=) 0 AND k.rating_sum OPERATOR(pg_catalog.=) 0 AND k.negative_ratings OPERATOR(pg_catalog.=) 0 AND k.escalations OPERATOR(pg_catalog.=) 0;
    DELETE FROM @extschema@.kpi_monthly AS k WHERE k.received OPERATOR(pg_catalog.=) 0 AND k.answered OPERATOR(pg_catalog.=) 0 AND k.answered_on_time OPERATOR(pg_catalog.=) 0 AND k.overdue_open OPERATOR(pg_catalog.=) 0 AND k.ratings OPERATOR(pg_catalog.=) 0 AND k.rating_sum OPERATOR(pg_catalog.=) 0 AND k.negative_ratings OPERATOR(pg_catalog.=) 0 AND k.escalations OPERATOR(pg_catalog.=) 0;
    RETURN coalesce(moved_rows, 0);
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_merge() IS
    'moves cuvr.kpi_delta into cuvr.kpi_rollup and cuvr.kpi_monthly in one statement; returns the number of delta rows merged (0 if another merge is running); readers and writers are never blocked; SECURITY DEFINER: writes the internal KPI tables, which no working role may write';

-- From scratch, for repair or after TRUNCATE: waits for running writers of
-- the delta, then holds them off until it commits.  Readers go on.
CREATE FUNCTION @extschema@.kpi_rebuild()
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rows_ bigint;
BEGIN
    LOCK TABLE @extschema@.kpi_delta IN EXCLUSIVE MODE;
    LOCK TABLE @extschema@.kpi_rollup IN EXCLUSIVE MODE;
    LOCK TABLE @extschema@.kpi_monthly IN EXCLUSIVE MODE;
    DELETE FROM @extschema@.kpi_delta;
    DELETE FROM @extschema@.kpi_rollup;
    DELETE FROM @extschema@.kpi_monthly;
    INSERT INTO @extschema@.kpi_rollup (region_code, day, body_id, category_id, channel, response_days, received, answered, answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
    SELECT k.region_code, k.day, k.body_id, k.category_id, k.channel, k.response_days, k.received, k.answered, k.answered_on_time, k.overdue_open, k.ratings, k.rating_sum, k.negative_ratings, k.escalations
      FROM @extschema@.kpi_recomputed AS k;
    GET DIAGNOSTICS rows_ = ROW_COUNT;
    INSERT INTO @extschema@.kpi_monthly (region_code, month, body_id, response_days, received, answered, answered_on_time, overdue_open, ratings, rating_sum, negative_ratings, escalations)
    SELECT k.region_code, pg_catalog.date_trunc('month', k.day::timestamp)::date, k.body_id, k.response_days, pg_catalog.sum(k.received) AS received, pg_catalog.sum(k.answered) AS answered, pg_catalog.sum(k.answered_on_time) AS answered_on_time, pg_catalog.sum(k.overdue_open) AS overdue_open, pg_catalog.sum(k.ratings) AS ratings, pg_catalog.sum(k.rating_sum) AS rating_sum, pg_catalog.sum(k.negative_ratings) AS negative_ratings, pg_catalog.sum(k.escalations) AS escalations
      FROM @extschema@.kpi_rollup AS k
     GROUP BY 1, 2, 3, 4;
    RETURN rows_;
END
$$;
COMMENT ON FUNCTION @extschema@.kpi_rebuild() IS
    'recomputes cuvr.kpi_rollup and cuvr.kpi_monthly from scratch and empties cuvr.kpi_delta (repair, or after TRUNCATE); returns the daily rollup rows; blocks writers, not readers, while it runs; SECURITY DEFINER: rewrites the internal KPI tables, which no working role may write';

CREATE TRIGGER kpi_rebuild AFTER TRUNCATE ON @extschema@.appeal
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_source_truncated();
CREATE TRIGGER kpi_rebuild AFTER TRUNCATE ON @extschema@.answer
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_source_truncated();
CREATE TRIGGER kpi_rebuild AFTER TRUNCATE ON @extschema@.rating
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_source_truncated();
CREATE TRIGGER kpi_rebuild AFTER TRUNCATE ON @extschema@.appeal_event
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.kpi_source_truncated();
COMMENT ON TRIGGER kpi_rebuild ON @extschema@.appeal IS 'rebuilds the KPI rollup after TRUNCATE';
COMMENT ON TRIGGER kpi_rebuild ON @extschema@.answer IS 'rebuilds the KPI rollup after TRUNCATE';
COMMENT ON TRIGGER kpi_rebuild ON @extschema@.rating IS 'rebuilds the KPI rollup after TRUNCATE';
COMMENT ON TRIGGER kpi_rebuild ON @extschema@.appeal_event IS 'rebuilds the KPI rollup after TRUNCATE';

-- Merged rollup and unmerged tail as one relation: what cuvr_bi reads.
-- A reader's snapshot sees every change in exactly one of the two.
CREATE VIEW @extschema@.kpi_current AS
SELECT m.region_code, m.day, m.body_id, m.category_id, m.channel, m.response_days, m.received, m.answered,
       m.answered_on_time, m.overdue_open, m.ratings, m.rating_sum, m.negative_ratings, m.escalations
  FROM @extschema@.kpi_rollup AS m
UNION ALL
SELECT d.region_code, d.day, d.body_id, d.category_id, d.channel, d.response_days, d.received, d.answered,
       d.answered_on_time, d.overdue_open, d.ratings, d.rating_sum, d.negative_ratings, d.escalations
  FROM @extschema@.kpi_delta AS d;
COMMENT ON VIEW @extschema@.kpi_current IS
    'the merged KPI rollup plus its unmerged changes, not yet summed per key: always current; cuvr_bi.kpi_daily and cuvr_bi.body_rating read it';

-- The monthly rollup plus the unmerged tail rolled up to months.
CREATE VIEW @extschema@.kpi_monthly_current AS
SELECT m.region_code, m.month, m.body_id, m.response_days, m.received, m.answered, m.answered_on_time,
       m.overdue_open, m.ratings, m.rating_sum, m.negative_ratings, m.escalations
  FROM @extschema@.kpi_monthly AS m
UNION ALL
SELECT d.region_code, pg_catalog.date_trunc('month', d.day::timestamp)::date, d.body_id, d.response_days, d.received,
       d.answered, d.answered_on_time, d.overdue_open, d.ratings, d.rating_sum, d.negative_ratings, d.escalations
  FROM @extschema@.kpi_delta AS d;
COMMENT ON VIEW @extschema@.kpi_monthly_current IS
    'the merged monthly KPI rollup plus its unmerged changes by month, not yet summed per key: always current; cuvr_bi.kpi_monthly and cuvr_bi.body_rating read it';

-- The columns of the KPI tables and views mean the same everywhere.
COMMENT ON COLUMN @extschema@.kpi_monthly_current.month IS 'first day of the local month of the event';
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['kpi_delta', 'kpi_rollup', 'kpi_monthly', 'kpi_recomputed', 'kpi_current', 'kpi_monthly_current'] LOOP
        EXECUTE pg_catalog.format($f$
            COMMENT ON COLUMN @extschema@.%1$I.region_code IS 'subject code';
            COMMENT ON COLUMN @extschema@.%1$I.body_id IS 'body: responsible for received and overdue, answering for answers and ratings, left for escalations';
            COMMENT ON COLUMN @extschema@.%1$I.response_days IS 'for answer terms: working days from registration to the answer (medians come from it); NULL for the others';
            COMMENT ON COLUMN @extschema@.%1$I.received IS 'appeals registered';
            COMMENT ON COLUMN @extschema@.%1$I.answered IS 'answers given';
            COMMENT ON COLUMN @extschema@.%1$I.answered_on_time IS 'answers given by the deadline in force when they were given';
            COMMENT ON COLUMN @extschema@.%1$I.overdue_open IS 'appeals found overdue by cuvr.run_maintenance() and still open without an answer, counted on their due day';
            COMMENT ON COLUMN @extschema@.%1$I.ratings IS 'ratings given';
            COMMENT ON COLUMN @extschema@.%1$I.rating_sum IS 'sum of their scores';
            COMMENT ON COLUMN @extschema@.%1$I.negative_ratings IS 'ratings of 1 or 2';
            COMMENT ON COLUMN @extschema@.%1$I.escalations IS 'escalations to a higher body';
            $f$, t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['kpi_delta', 'kpi_rollup', 'kpi_recomputed', 'kpi_current'] LOOP
        EXECUTE pg_catalog.format($f$
            COMMENT ON COLUMN @extschema@.%1$I.day IS 'local date of the event in the region''s time zone';
            COMMENT ON COLUMN @extschema@.%1$I.category_id IS 'category of the appeal (its current one)';
            COMMENT ON COLUMN @extschema@.%1$I.channel IS 'channel of the appeal';
            $f$, t);
    END LOOP;
END
$$;
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Depersonalised analytics (152-ФЗ): standard SQL types only, no names or
-- contacts.  The views run with their owner's rights, so cuvr_analyst reads
-- them without any access to schema cuvr.

CREATE VIEW cuvr_bi.appeal_facts AS
SELECT a.id AS appeal_id,
       a.reg_number AS registration_number,
       a.region_code::integer AS region_code,
       r.name AS region_name,
       a.body_id,
       b.name AS body_name,
       b.level AS body_level,
       t.id AS theme_id,
       t.code AS theme_code,
       t.name AS theme_name,
       a.category_id,
       c.code AS category_code,
       c.name AS category_name,
       a.channel,
       a.kind,
       a.status,
       a.expedited,
       a.territory::text AS territory_oktmo,
       a.received_at,
       a.registered_at,
       a.due_at,
       a.answered_at,
       a.closed_at,
       CASE WHEN a.due_at IS NULL THEN NULL
            WHEN a.answered_at IS NOT NULL THEN a.answered_at OPERATOR(pg_catalog.<=) a.due_at
            WHEN a.status IN ('closed', 'rejected') THEN NULL
            WHEN pg_catalog.now() OPERATOR(pg_catalog.>) a.due_at THEN false
       END AS on_time,
       (pg_catalog.timezone(r.tz, a.answered_at)::date OPERATOR(pg_catalog.-)
        pg_catalog.timezone(r.tz, a.registered_at)::date) AS response_calendar_days,
       a.response_working_days,
       a.due_estimated,
       lr.score::integer AS rating,
       a.escalation_level,
       a.manual_control,
       a.repeat_of IS NOT NULL AS is_repeat,
       a.problem_id,
       -- Keyed hash computed inline: the view's owner reads the key, the
       -- analyst never does.
       CASE WHEN a.applicant_id IS NOT NULL THEN
           pg_catalog.encode(pg_catalog.sha256(k.value OPERATOR(pg_catalog.||)
               pg_catalog.convert_to(a.region_code::text OPERATOR(pg_catalog.||) ':'
                                     OPERATOR(pg_catalog.||) a.applicant_id::text, 'UTF8')), 'hex')
       END AS applicant_key
  FROM @extschema@.appeal AS a
  JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
  LEFT JOIN @extschema@.secret AS k ON k.name OPERATOR(pg_catalog.=) 'applicant_key'
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) a.body_id
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) a.category_id
  LEFT JOIN @extschema@.theme AS t ON t.id OPERATOR(pg_catalog.=) c.theme_id
  LEFT JOIN LATERAL (
        SELECT x.score FROM @extschema@.rating AS x
         WHERE x.region_code OPERATOR(pg_catalog.=) a.region_code AND x.appeal_id OPERATOR(pg_catalog.=) a.id
         ORDER BY x.id DESC LIMIT 1) AS lr ON true;
COMMENT ON VIEW cuvr_bi.appeal_facts IS 'one row per appeal, depersonalised: ids, region, body, theme, category, channel, times, on-time flag, rating, escalation level, pseudonymous applicant key';
COMMENT ON COLUMN cuvr_bi.appeal_facts.appeal_id IS 'appeal id (unique across regions)';
COMMENT ON COLUMN cuvr_bi.appeal_facts.registration_number IS 'human registration number';
COMMENT ON COLUMN cuvr_bi.appeal_facts.region_code IS 'subject code (77 Moscow, 71 Tula)';
COMMENT ON COLUMN cuvr_bi.appeal_facts.region_name IS 'subject name';
COMMENT ON COLUMN cuvr_bi.appeal_facts.body_id IS 'responsible body id';
COMMENT ON COLUMN cuvr_bi.appeal_facts.body_name IS 'responsible body name';
COMMENT ON COLUMN cuvr_bi.appeal_facts.body_level IS 'level of the responsible body: federal, regional, municipal, institution, other';
COMMENT ON COLUMN cuvr_bi.appeal_facts.theme_id IS 'sector theme id';
COMMENT ON COLUMN cuvr_bi.appeal_facts.theme_code IS 'sector theme code';
COMMENT ON COLUMN cuvr_bi.appeal_facts.theme_name IS 'sector theme name';
COMMENT ON COLUMN cuvr_bi.appeal_facts.category_id IS 'category id';
COMMENT ON COLUMN cuvr_bi.appeal_facts.category_code IS 'category code';
COMMENT ON COLUMN cuvr_bi.appeal_facts.category_name IS 'category name';
COMMENT ON COLUMN cuvr_bi.appeal_facts.channel IS 'channel code';
COMMENT ON COLUMN cuvr_bi.appeal_facts.kind IS 'kind of appeal';
COMMENT ON COLUMN cuvr_bi.appeal_facts.status IS 'current status';
COMMENT ON COLUMN cuvr_bi.appeal_facts.expedited IS 'expedited consideration';
COMMENT ON COLUMN cuvr_bi.appeal_facts.territory_oktmo IS 'OKTMO code of the problem''s territory';
COMMENT ON COLUMN cuvr_bi.appeal_facts.received_at IS 'when the source received the appeal';
COMMENT ON COLUMN cuvr_bi.appeal_facts.registered_at IS 'when the appeal was registered';
COMMENT ON COLUMN cuvr_bi.appeal_facts.due_at IS 'deadline instant';
COMMENT ON COLUMN cuvr_bi.appeal_facts.answered_at IS 'when the latest answer was given';
COMMENT ON COLUMN cuvr_bi.appeal_facts.closed_at IS 'when the appeal was closed or rejected';
COMMENT ON COLUMN cuvr_bi.appeal_facts.on_time IS 'answered by the deadline; false if overdue and open; NULL without a deadline or while pending';
COMMENT ON COLUMN cuvr_bi.appeal_facts.response_calendar_days IS 'calendar days from registration to answer, in the region''s time zone';
COMMENT ON COLUMN cuvr_bi.appeal_facts.response_working_days IS 'working days from registration to answer on the region''s production calendar';
COMMENT ON COLUMN cuvr_bi.appeal_facts.due_estimated IS 'the deadline was computed without a loaded production calendar (Labour Code fallback)';
COMMENT ON COLUMN cuvr_bi.appeal_facts.rating IS 'score 1-5 of the latest rating';
COMMENT ON COLUMN cuvr_bi.appeal_facts.escalation_level IS 'how many times the appeal went up to a higher body';
COMMENT ON COLUMN cuvr_bi.appeal_facts.manual_control IS 'on manual control at the ЦУР after escalation past the top or the depth limit';
COMMENT ON COLUMN cuvr_bi.appeal_facts.problem_id IS 'mass problem the appeal is one of, if any';
COMMENT ON COLUMN cuvr_bi.appeal_facts.is_repeat IS 'a repeat appeal (ССТУ «Повторное»)';
COMMENT ON COLUMN cuvr_bi.appeal_facts.applicant_key IS 'pseudonymous applicant key: equal for appeals of one person, reveals nothing about them';

-- Per local day x region x body x category x channel, from the incremental
-- rollup (cuvr/49_kpi.sql) plus its unmerged tail: always current, and a
-- dashboard over one region and month reads a few hundred rows.  Each measure
-- is counted on the day its event happened.
CREATE VIEW cuvr_bi.kpi_daily AS
SELECT k.day, k.region_code, k.body_id, k.category_id, k.channel,
       pg_catalog.sum(k.received)::bigint AS received,
       pg_catalog.sum(k.answered)::bigint AS answered,
       pg_catalog.sum(k.answered_on_time)::bigint AS answered_on_time,
       pg_catalog.sum(k.overdue_open)::bigint AS overdue_open,
       pg_catalog.sum(k.ratings)::bigint AS ratings,
       pg_catalog.sum(k.rating_sum)::bigint AS rating_sum,
       pg_catalog.sum(k.negative_ratings)::bigint AS negative_ratings,
       pg_catalog.sum(k.escalations)::bigint AS escalations
  FROM @extschema@.kpi_current AS k
 GROUP BY k.day, k.region_code, k.body_id, k.category_id, k.channel
HAVING pg_catalog.sum(k.received) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(k.answered) OPERATOR(pg_catalog.<>) 0
    OR pg_catalog.sum(k.overdue_open) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(k.ratings) OPERATOR(pg_catalog.<>) 0
    OR pg_catalog.sum(k.escalations) OPERATOR(pg_catalog.<>) 0;
COMMENT ON VIEW cuvr_bi.kpi_daily IS 'KPIs per local day x region x body x category x channel, always current (merged rollup plus unmerged changes); each measure counts on the day its event happened';
COMMENT ON COLUMN cuvr_bi.kpi_daily.day IS 'local date in the region''s time zone';
COMMENT ON COLUMN cuvr_bi.kpi_daily.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.kpi_daily.body_id IS 'body (the answering body for answers and ratings, the body left for escalations)';
COMMENT ON COLUMN cuvr_bi.kpi_daily.category_id IS 'category id';
COMMENT ON COLUMN cuvr_bi.kpi_daily.channel IS 'channel code';
COMMENT ON COLUMN cuvr_bi.kpi_daily.received IS 'appeals registered that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.answered IS 'answers given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.answered_on_time IS 'answers given that day by the deadline in force when they were given';
COMMENT ON COLUMN cuvr_bi.kpi_daily.overdue_open IS 'appeals whose deadline fell that day, found overdue by the maintenance run (every minute) and still open without an answer';
COMMENT ON COLUMN cuvr_bi.kpi_daily.ratings IS 'ratings given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.rating_sum IS 'sum of the scores of those ratings';
COMMENT ON COLUMN cuvr_bi.kpi_daily.negative_ratings IS 'ratings of 1 or 2 given that day';
COMMENT ON COLUMN cuvr_bi.kpi_daily.escalations IS 'appeals that went up to a higher body that day';

-- Per local month x region x body, from the monthly rollup plus the
-- unmerged tail: a dashboard over one region and month reads a few thousand
-- rows, whatever the history.
CREATE VIEW cuvr_bi.kpi_monthly AS
SELECT k.month, k.region_code, k.body_id,
       pg_catalog.sum(k.received)::bigint AS received,
       pg_catalog.sum(k.answered)::bigint AS answered,
       pg_catalog.sum(k.answered_on_time)::bigint AS answered_on_time,
       pg_catalog.sum(k.overdue_open)::bigint AS overdue_open,
       pg_catalog.sum(k.ratings)::bigint AS ratings,
       pg_catalog.sum(k.rating_sum)::bigint AS rating_sum,
       pg_catalog.sum(k.negative_ratings)::bigint AS negative_ratings,
       pg_catalog.sum(k.escalations)::bigint AS escalations
  FROM @extschema@.kpi_monthly_current AS k
 GROUP BY k.month, k.region_code, k.body_id
HAVING pg_catalog.sum(k.received) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(k.answered) OPERATOR(pg_catalog.<>) 0
    OR pg_catalog.sum(k.overdue_open) OPERATOR(pg_catalog.<>) 0 OR pg_catalog.sum(k.ratings) OPERATOR(pg_catalog.<>) 0
    OR pg_catalog.sum(k.escalations) OPERATOR(pg_catalog.<>) 0;
COMMENT ON VIEW cuvr_bi.kpi_monthly IS 'the KPIs of cuvr_bi.kpi_daily per local month x region x body, always current, for dashboards';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.month IS 'first day of the local month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.body_id IS 'body (the answering body for answers and ratings, the body left for escalations)';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.received IS 'appeals registered that month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.answered IS 'answers given that month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.answered_on_time IS 'answers given that month by the deadline in force when they were given';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.overdue_open IS 'appeals due that month, found overdue and still open without an answer';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.ratings IS 'ratings given that month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.rating_sum IS 'sum of the scores of those ratings';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.negative_ratings IS 'ratings of 1 or 2 given that month';
COMMENT ON COLUMN cuvr_bi.kpi_monthly.escalations IS 'appeals that went up to a higher body that month';

CREATE VIEW cuvr_bi.status_summary AS
SELECT a.region_code::integer AS region_code, a.status, pg_catalog.count(*)::bigint AS appeals
  FROM @extschema@.appeal AS a
 GROUP BY a.region_code, a.status;
COMMENT ON VIEW cuvr_bi.status_summary IS 'number of appeals per region and status';
COMMENT ON COLUMN cuvr_bi.status_summary.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.status_summary.status IS 'status';
COMMENT ON COLUMN cuvr_bi.status_summary.appeals IS 'number of appeals';

-- Escalations (повторное рассмотрение) by the body that answered, the
-- category and the answer template of the rated answer.
CREATE VIEW cuvr_bi.escalations AS
SELECT e.region_code::integer AS region_code,
       e.from_body AS body_id,
       b.name AS body_name,
       c.code AS category_code,
       c.name AS category_name,
       t.code AS template_code,
       pg_catalog.count(*)::bigint AS escalations,
       pg_catalog.count(*) FILTER (WHERE e.note ~ 'manual control')::bigint AS to_manual_control
  FROM @extschema@.appeal_event AS e
  JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) e.region_code AND a.id OPERATOR(pg_catalog.=) e.appeal_id
  LEFT JOIN @extschema@.rating AS r ON r.region_code OPERATOR(pg_catalog.=) e.region_code AND r.id OPERATOR(pg_catalog.=) e.ref
  LEFT JOIN @extschema@.answer AS n ON n.region_code OPERATOR(pg_catalog.=) r.region_code AND n.id OPERATOR(pg_catalog.=) r.answer_id
  LEFT JOIN @extschema@.answer_template AS t ON t.id OPERATOR(pg_catalog.=) n.template_id
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) e.from_body
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) a.category_id
 WHERE e.action OPERATOR(pg_catalog.=) 'escalate'
 GROUP BY e.region_code, e.from_body, b.name, c.code, c.name, t.code;
COMMENT ON VIEW cuvr_bi.escalations IS 'escalations after negative ratings by the body that answered, category and answer template';
COMMENT ON COLUMN cuvr_bi.escalations.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.escalations.body_id IS 'body whose answer was rated negatively';
COMMENT ON COLUMN cuvr_bi.escalations.body_name IS 'its name';
COMMENT ON COLUMN cuvr_bi.escalations.category_code IS 'category of the appeal';
COMMENT ON COLUMN cuvr_bi.escalations.category_name IS 'category name';
COMMENT ON COLUMN cuvr_bi.escalations.template_code IS 'answer template of the rated answer, if any';
COMMENT ON COLUMN cuvr_bi.escalations.escalations IS 'number of escalations';
COMMENT ON COLUMN cuvr_bi.escalations.to_manual_control IS 'of which went to the ЦУР under manual control';

-- Did re-processing help?  For each escalation: was the next answer rated
-- positively?
CREATE VIEW cuvr_bi.reprocessing_outcome AS
WITH esc AS (
    SELECT e.region_code, e.appeal_id, e.id AS event_id, e.to_body, e.at
      FROM @extschema@.appeal_event AS e WHERE e.action OPERATOR(pg_catalog.=) 'escalate'),
next_answer AS (
    SELECT esc.*, (SELECT n.id FROM @extschema@.answer AS n
                    WHERE n.region_code OPERATOR(pg_catalog.=) esc.region_code
                      AND n.appeal_id OPERATOR(pg_catalog.=) esc.appeal_id
                      AND n.answered_at OPERATOR(pg_catalog.>=) esc.at
                    ORDER BY n.id LIMIT 1) AS answer_id
      FROM esc)
SELECT x.region_code::integer AS region_code,
       x.to_body AS body_id,
       b.name AS body_name,
       pg_catalog.count(*)::bigint AS escalated,
       pg_catalog.count(x.answer_id)::bigint AS reanswered,
       pg_catalog.count(r.id)::bigint AS rated_again,
       pg_catalog.count(r.id) FILTER (WHERE r.score OPERATOR(pg_catalog.>)
           (SELECT s.value::integer FROM @extschema@.setting AS s WHERE s.name OPERATOR(pg_catalog.=) 'negative_rating_max'))::bigint AS rated_positive,
       CASE WHEN pg_catalog.count(r.id) OPERATOR(pg_catalog.=) 0 THEN NULL
            ELSE pg_catalog.round(pg_catalog.count(r.id) FILTER (WHERE r.score OPERATOR(pg_catalog.>)
                     (SELECT s.value::integer FROM @extschema@.setting AS s WHERE s.name OPERATOR(pg_catalog.=) 'negative_rating_max'))::numeric
                 OPERATOR(pg_catalog./) pg_catalog.count(r.id), 4) END AS positive_share
  FROM next_answer AS x
  LEFT JOIN @extschema@.rating AS r ON r.region_code OPERATOR(pg_catalog.=) x.region_code AND r.answer_id OPERATOR(pg_catalog.=) x.answer_id
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) x.to_body
 GROUP BY x.region_code, x.to_body, b.name;
COMMENT ON VIEW cuvr_bi.reprocessing_outcome IS 'per re-processing body: escalated appeals, how many were answered again and the share of those answers rated positive';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.body_id IS 'body the appeal was escalated to';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.body_name IS 'its name';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.escalated IS 'escalations to the body';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.reanswered IS 'of which answered again';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.rated_again IS 'of which the new answer was rated';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.rated_positive IS 'of which rated positively';
COMMENT ON COLUMN cuvr_bi.reprocessing_outcome.positive_share IS 'rated_positive / rated_again';

-- Repeat appeals (ССТУ «Повторное») per month, region and category.
CREATE VIEW cuvr_bi.repeat_rate AS
SELECT pg_catalog.date_trunc('month', pg_catalog.timezone(r.tz, a.registered_at))::date AS month,
       a.region_code::integer AS region_code,
       c.code AS category_code,
       pg_catalog.count(*)::bigint AS appeals,
       pg_catalog.count(a.repeat_of)::bigint AS repeats,
       pg_catalog.round(pg_catalog.count(a.repeat_of)::numeric OPERATOR(pg_catalog./) pg_catalog.count(*), 4) AS repeat_share
  FROM @extschema@.appeal AS a
  JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) a.category_id
 GROUP BY 1, 2, 3;
COMMENT ON VIEW cuvr_bi.repeat_rate IS 'share of repeat appeals (same applicant, same category or ТОК code, within repeat_window) by month, region and category';
COMMENT ON COLUMN cuvr_bi.repeat_rate.month IS 'month of registration (local)';
COMMENT ON COLUMN cuvr_bi.repeat_rate.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.repeat_rate.category_code IS 'category';
COMMENT ON COLUMN cuvr_bi.repeat_rate.appeals IS 'appeals registered';
COMMENT ON COLUMN cuvr_bi.repeat_rate.repeats IS 'of which repeats';
COMMENT ON COLUMN cuvr_bi.repeat_rate.repeat_share IS 'repeats / appeals';

-- Open problems (mass appeals), largest and fastest-growing first.
CREATE VIEW cuvr_bi.problems AS
SELECT p.id AS problem_id,
       p.region_code::integer AS region_code,
       c.code AS category_code,
       c.name AS category_name,
       p.territory::text AS territory_oktmo,
       pg_catalog.count(a.id)::bigint AS appeals,
       pg_catalog.count(a.id) FILTER (WHERE a.status NOT IN ('closed', 'rejected'))::bigint AS open_appeals,
       pg_catalog.min(a.registered_at) AS first_at,
       pg_catalog.max(a.registered_at) AS last_at,
       pg_catalog.count(a.id) FILTER (WHERE a.registered_at OPERATOR(pg_catalog.>=)
           (pg_catalog.now() OPERATOR(pg_catalog.-) '1 day'::interval))::bigint AS last_day,
       pg_catalog.count(a.id) FILTER (WHERE a.registered_at OPERATOR(pg_catalog.<)
           (pg_catalog.now() OPERATOR(pg_catalog.-) '1 day'::interval) AND a.registered_at OPERATOR(pg_catalog.>=)
           (pg_catalog.now() OPERATOR(pg_catalog.-) '2 days'::interval))::bigint AS day_before,
       pg_catalog.string_agg(DISTINCT b.name, '; ') AS bodies
  FROM @extschema@.problem AS p
  JOIN @extschema@.appeal AS a ON a.region_code OPERATOR(pg_catalog.=) p.region_code AND a.problem_id OPERATOR(pg_catalog.=) p.id
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) p.category_id
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) a.body_id
 GROUP BY p.id, p.region_code, c.code, c.name, p.territory
HAVING pg_catalog.count(a.id) FILTER (WHERE a.status NOT IN ('closed', 'rejected')) OPERATOR(pg_catalog.>) 0;
COMMENT ON VIEW cuvr_bi.problems IS 'open mass problems (near-duplicate appeals grouped), with size, time span, growth and the bodies involved; order by appeals and last_day';
COMMENT ON COLUMN cuvr_bi.problems.problem_id IS 'problem id';
COMMENT ON COLUMN cuvr_bi.problems.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.problems.category_code IS 'category';
COMMENT ON COLUMN cuvr_bi.problems.category_name IS 'category name';
COMMENT ON COLUMN cuvr_bi.problems.territory_oktmo IS 'OKTMO territory';
COMMENT ON COLUMN cuvr_bi.problems.appeals IS 'appeals in the problem';
COMMENT ON COLUMN cuvr_bi.problems.open_appeals IS 'of which still open';
COMMENT ON COLUMN cuvr_bi.problems.first_at IS 'first appeal registered';
COMMENT ON COLUMN cuvr_bi.problems.last_at IS 'latest appeal registered';
COMMENT ON COLUMN cuvr_bi.problems.last_day IS 'appeals registered in the last 24 hours';
COMMENT ON COLUMN cuvr_bi.problems.day_before IS 'appeals registered in the 24 hours before that (growth = last_day - day_before)';
COMMENT ON COLUMN cuvr_bi.problems.bodies IS 'bodies holding its appeals';

-- Body rating (рейтингование, seed 002 4.1, seed 003 16): per region x body x
-- month, four components, each a share in [0, 1]:
--   quantity      answers given / most answers given by a body of the same
--                 level in the region that month;
--   quality       positive share (1 - ratings of 1-2 / ratings)
--                 x (1 - escalation share = escalations / answers);
--   speed         on-time share of answers (median working days shown beside);
--   completeness  answered share (answers / appeals received, at most 1)
--                 x (1 - unanswered share = overdue and unanswered / received).
-- composite = 0.1 quantity + 0.3 quality + 0.3 speed + 0.3 completeness,
-- the weights of the components that have data renormalised to 1.  Bodies
-- with fewer answers than the setting body_rating_min_answers are shown but
-- not ranked; the rest are ranked within region, level and month.
CREATE VIEW cuvr_bi.body_rating AS
WITH monthly AS (
    SELECT k.region_code, k.month, k.body_id,
           pg_catalog.sum(k.received) AS received, pg_catalog.sum(k.answered) AS answered,
           pg_catalog.sum(k.answered_on_time) AS answered_on_time, pg_catalog.sum(k.overdue_open) AS overdue_open,
           pg_catalog.sum(k.ratings) AS ratings, pg_catalog.sum(k.negative_ratings) AS negative_ratings,
           pg_catalog.sum(k.escalations) AS escalations
      FROM @extschema@.kpi_monthly_current AS k
     WHERE k.body_id IS NOT NULL
     GROUP BY 1, 2, 3),
response AS (
    SELECT k.region_code, k.month, k.body_id, k.response_days, pg_catalog.sum(k.answered) AS answers
      FROM @extschema@.kpi_monthly_current AS k
     WHERE k.body_id IS NOT NULL AND k.response_days IS NOT NULL
     GROUP BY 1, 2, 3, 4
    HAVING pg_catalog.sum(k.answered) OPERATOR(pg_catalog.>) 0),
median AS (
    -- weighted median: the least value with at least half the answers at or below it
    SELECT c.region_code, c.month, c.body_id,
           pg_catalog.min(c.response_days) FILTER (WHERE (c.running OPERATOR(pg_catalog.*) 2) OPERATOR(pg_catalog.>=) c.total) AS days
      FROM (SELECT r.*, pg_catalog.sum(r.answers) OVER (PARTITION BY r.region_code, r.month, r.body_id ORDER BY r.response_days) AS running,
                   pg_catalog.sum(r.answers) OVER (PARTITION BY r.region_code, r.month, r.body_id) AS total
              FROM response AS r) AS c
     GROUP BY 1, 2, 3),
shares AS (
    SELECT m.*, b.level, b.name,
           med.days AS median_days,
           m.answered OPERATOR(pg_catalog./) NULLIF(pg_catalog.max(m.answered) OVER
               (PARTITION BY m.region_code, b.level, m.month), 0)::numeric AS quantity,
           1 OPERATOR(pg_catalog.-) (m.negative_ratings OPERATOR(pg_catalog./) NULLIF(m.ratings, 0)::numeric) AS positive_share,
           m.escalations OPERATOR(pg_catalog./) NULLIF(m.answered, 0)::numeric AS escalation_share,
           m.answered_on_time OPERATOR(pg_catalog./) NULLIF(m.answered, 0)::numeric AS on_time_share,
           LEAST(m.answered OPERATOR(pg_catalog./) NULLIF(m.received, 0)::numeric, 1) AS answered_share,
           LEAST(m.overdue_open OPERATOR(pg_catalog./) NULLIF(m.received, 0)::numeric, 1) AS unanswered_share,
           -- the setting read from its table: analysts may execute no cuvr function
           m.answered OPERATOR(pg_catalog.>=) (SELECT x.value::integer FROM @extschema@.setting AS x
                                                WHERE x.name OPERATOR(pg_catalog.=) 'body_rating_min_answers') AS sample_ok
      FROM monthly AS m
      JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) m.body_id
      LEFT JOIN median AS med ON med.region_code OPERATOR(pg_catalog.=) m.region_code
                             AND med.month OPERATOR(pg_catalog.=) m.month AND med.body_id OPERATOR(pg_catalog.=) m.body_id),
scores AS (
    SELECT s.*,
           s.positive_share OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) LEAST(coalesce(s.escalation_share, 0), 1)) AS quality,
           s.on_time_share AS speed,
           s.answered_share OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) coalesce(s.unanswered_share, 0)) AS completeness
      FROM shares AS s),
composite AS (
    SELECT s.*,
           ((0.1 OPERATOR(pg_catalog.*) coalesce(s.quantity, 0)) OPERATOR(pg_catalog.+) (0.3 OPERATOR(pg_catalog.*) coalesce(s.quality, 0))
            OPERATOR(pg_catalog.+) (0.3 OPERATOR(pg_catalog.*) coalesce(s.speed, 0))
            OPERATOR(pg_catalog.+) (0.3 OPERATOR(pg_catalog.*) coalesce(s.completeness, 0)))
           OPERATOR(pg_catalog./) NULLIF(
               (CASE WHEN s.quantity IS NULL THEN 0 ELSE 0.1 END) OPERATOR(pg_catalog.+) (CASE WHEN s.quality IS NULL THEN 0 ELSE 0.3 END)
               OPERATOR(pg_catalog.+) (CASE WHEN s.speed IS NULL THEN 0 ELSE 0.3 END)
               OPERATOR(pg_catalog.+) (CASE WHEN s.completeness IS NULL THEN 0 ELSE 0.3 END), 0) AS score
      FROM scores AS s)
SELECT c.month, c.region_code, c.body_id, c.name AS body_name, c.level AS body_level,
       c.received::bigint AS received, c.answered::bigint AS answered,
       pg_catalog.round(c.quantity, 4) AS quantity_score,
       pg_catalog.round(c.positive_share, 4) AS positive_share,
       pg_catalog.round(c.escalation_share, 4) AS escalation_share,
       pg_catalog.round(c.quality, 4) AS quality_score,
       pg_catalog.round(c.on_time_share, 4) AS on_time_share,
       c.median_days AS median_response_working_days,
       pg_catalog.round(c.speed, 4) AS speed_score,
       pg_catalog.round(c.answered_share, 4) AS answered_share,
       pg_catalog.round(c.unanswered_share, 4) AS unanswered_share,
       pg_catalog.round(c.completeness, 4) AS completeness_score,
       pg_catalog.round(c.score, 4) AS composite_score,
       c.sample_ok AS enough_answers,
       CASE WHEN c.sample_ok THEN pg_catalog.rank() OVER (PARTITION BY c.region_code, c.level, c.month, c.sample_ok
                                                        ORDER BY c.score DESC NULLS LAST, c.body_id) END::integer AS rank_in_level
  FROM composite AS c;
COMMENT ON VIEW cuvr_bi.body_rating IS
    'body rating per month (рейтингование): quantity, quality, speed and completeness in [0,1], composite = 0.1 quantity + 0.3 each other (renormalised over components with data), rank within region, level and month for bodies with at least body_rating_min_answers answers';
COMMENT ON COLUMN cuvr_bi.body_rating.month IS 'first day of the month (local)';
COMMENT ON COLUMN cuvr_bi.body_rating.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.body_rating.body_id IS 'body id';
COMMENT ON COLUMN cuvr_bi.body_rating.body_name IS 'body name';
COMMENT ON COLUMN cuvr_bi.body_rating.body_level IS 'body level: federal, regional, municipal, institution, other';
COMMENT ON COLUMN cuvr_bi.body_rating.received IS 'appeals registered to the body that month (quantity)';
COMMENT ON COLUMN cuvr_bi.body_rating.answered IS 'answers the body gave that month (quantity)';
COMMENT ON COLUMN cuvr_bi.body_rating.quantity_score IS 'answers / the most answers of a body of the same level in the region that month';
COMMENT ON COLUMN cuvr_bi.body_rating.positive_share IS 'share of ratings that were not negative (score 3-5); NULL without ratings';
COMMENT ON COLUMN cuvr_bi.body_rating.escalation_share IS 'escalations after negative ratings / answers';
COMMENT ON COLUMN cuvr_bi.body_rating.quality_score IS 'positive_share x (1 - escalation_share)';
COMMENT ON COLUMN cuvr_bi.body_rating.on_time_share IS 'answers given by their deadline / answers';
COMMENT ON COLUMN cuvr_bi.body_rating.median_response_working_days IS 'median working days from registration to answer';
COMMENT ON COLUMN cuvr_bi.body_rating.speed_score IS 'on_time_share';
COMMENT ON COLUMN cuvr_bi.body_rating.answered_share IS 'answers / appeals received, at most 1';
COMMENT ON COLUMN cuvr_bi.body_rating.unanswered_share IS 'appeals due that month found overdue and still unanswered / appeals received';
COMMENT ON COLUMN cuvr_bi.body_rating.completeness_score IS 'answered_share x (1 - unanswered_share)';
COMMENT ON COLUMN cuvr_bi.body_rating.composite_score IS '0.1 quantity + 0.3 quality + 0.3 speed + 0.3 completeness, weights renormalised over the components with data';
COMMENT ON COLUMN cuvr_bi.body_rating.enough_answers IS 'the body gave at least body_rating_min_answers answers that month (minimum sample)';
COMMENT ON COLUMN cuvr_bi.body_rating.rank_in_level IS 'rank by composite_score among bodies of the same region, level and month with enough answers; NULL without';

-- Problem map: categories x territory (OKTMO municipality, the first 8
-- digits) per month, with growth against the month before.
CREATE VIEW cuvr_bi.problem_map AS
WITH monthly AS (
    SELECT pg_catalog.date_trunc('month', pg_catalog.timezone(r.tz, a.registered_at))::date AS month,
           a.region_code::integer AS region_code,
           pg_catalog.left(a.territory::text, 8) AS territory_oktmo,
           a.category_id, pg_catalog.count(*) AS appeals
      FROM @extschema@.appeal AS a
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
     GROUP BY 1, 2, 3, 4)
SELECT cur.month, cur.region_code, cur.territory_oktmo, t.code AS theme_code, c.code AS category_code, c.name AS category_name,
       cur.appeals::bigint AS appeals,
       coalesce(prev.appeals, 0)::bigint AS previous_month_appeals,
       (cur.appeals OPERATOR(pg_catalog.-) coalesce(prev.appeals, 0))::bigint AS growth,
       pg_catalog.round((cur.appeals OPERATOR(pg_catalog.-) prev.appeals)::numeric OPERATOR(pg_catalog./) prev.appeals, 4) AS growth_share,
       pg_catalog.rank() OVER (PARTITION BY cur.region_code, cur.month ORDER BY cur.appeals DESC)::integer AS rank_in_region
  FROM monthly AS cur
  LEFT JOIN monthly AS prev
         ON prev.region_code OPERATOR(pg_catalog.=) cur.region_code
        AND prev.territory_oktmo IS NOT DISTINCT FROM cur.territory_oktmo
        AND prev.category_id IS NOT DISTINCT FROM cur.category_id
        AND prev.month OPERATOR(pg_catalog.=) (cur.month OPERATOR(pg_catalog.-) '1 month'::interval)::date
  LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) cur.category_id
  LEFT JOIN @extschema@.theme AS t ON t.id OPERATOR(pg_catalog.=) c.theme_id;
COMMENT ON VIEW cuvr_bi.problem_map IS
    'problem map: appeals per month x region x territory (OKTMO municipality) x category, with growth against the previous month and the rank within region and month';
COMMENT ON COLUMN cuvr_bi.problem_map.month IS 'first day of the month of registration (local)';
COMMENT ON COLUMN cuvr_bi.problem_map.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.problem_map.territory_oktmo IS 'OKTMO municipality (first 8 digits of the problem''s territory); NULL when no territory was given';
COMMENT ON COLUMN cuvr_bi.problem_map.theme_code IS 'sector theme';
COMMENT ON COLUMN cuvr_bi.problem_map.category_code IS 'category; NULL for appeals without one';
COMMENT ON COLUMN cuvr_bi.problem_map.category_name IS 'category name';
COMMENT ON COLUMN cuvr_bi.problem_map.appeals IS 'appeals registered that month';
COMMENT ON COLUMN cuvr_bi.problem_map.previous_month_appeals IS 'appeals of the same territory and category the month before';
COMMENT ON COLUMN cuvr_bi.problem_map.growth IS 'appeals - previous_month_appeals';
COMMENT ON COLUMN cuvr_bi.problem_map.growth_share IS 'growth / previous_month_appeals; NULL when there were none';
COMMENT ON COLUMN cuvr_bi.problem_map.rank_in_region IS 'rank by appeals among territory x category cells of the region that month (1 = most)';

-- Workload per sector block (отраслевая тематика): intake rate, open
-- backlog and its age, now.
CREATE VIEW cuvr_bi.theme_workload AS
WITH intake AS (
    SELECT k.region_code, c.theme_id,
           pg_catalog.sum(k.received) FILTER (WHERE k.day OPERATOR(pg_catalog.>) (pg_catalog.timezone(r.tz, pg_catalog.now())::date OPERATOR(pg_catalog.-) 30)) AS received_30d,
           pg_catalog.sum(k.received) FILTER (WHERE k.day OPERATOR(pg_catalog.=) pg_catalog.timezone(r.tz, pg_catalog.now())::date) AS received_today
      FROM @extschema@.kpi_current AS k
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) k.region_code
      LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) k.category_id
     WHERE k.day OPERATOR(pg_catalog.>) (pg_catalog.timezone(r.tz, pg_catalog.now())::date OPERATOR(pg_catalog.-) 30)
     GROUP BY 1, 2),
backlog AS (
    SELECT a.region_code::integer AS region_code, c.theme_id, pg_catalog.count(*) AS open_appeals,
           pg_catalog.count(*) FILTER (WHERE a.overdue_at IS NOT NULL) AS overdue_appeals,
           pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY pg_catalog.date_part('epoch', pg_catalog.now() OPERATOR(pg_catalog.-) a.registered_at))
               OPERATOR(pg_catalog./) 86400 AS median_age_days,
           pg_catalog.date_part('epoch', pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.min(a.registered_at)) OPERATOR(pg_catalog./) 86400 AS max_age_days
      FROM @extschema@.appeal AS a
      LEFT JOIN @extschema@.category AS c ON c.id OPERATOR(pg_catalog.=) a.category_id
     WHERE a.status IN ('registered', 'triage', 'assigned', 'in_progress', 'escalated')
     GROUP BY 1, 2)
SELECT coalesce(i.region_code, b.region_code) AS region_code, t.id AS theme_id, t.code AS theme_code, t.name AS theme_name,
       pg_catalog.round(coalesce(i.received_30d, 0)::numeric OPERATOR(pg_catalog./) 30, 2) AS appeals_per_day_30d,
       coalesce(i.received_today, 0)::bigint AS received_today,
       coalesce(b.open_appeals, 0)::bigint AS open_appeals,
       coalesce(b.overdue_appeals, 0)::bigint AS overdue_appeals,
       pg_catalog.round(b.median_age_days::numeric, 1) AS median_open_age_days,
       pg_catalog.round(b.max_age_days::numeric, 1) AS max_open_age_days
  FROM intake AS i
  FULL JOIN backlog AS b ON b.region_code OPERATOR(pg_catalog.=) i.region_code AND b.theme_id IS NOT DISTINCT FROM i.theme_id
  LEFT JOIN @extschema@.theme AS t ON t.id OPERATOR(pg_catalog.=) coalesce(i.theme_id, b.theme_id);
COMMENT ON VIEW cuvr_bi.theme_workload IS
    'workload per sector block (theme) and region now: appeals per day over the last 30 days, open backlog, overdue part and its age; theme NULL for appeals without a category';
COMMENT ON COLUMN cuvr_bi.theme_workload.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.theme_workload.theme_id IS 'theme id; NULL for appeals without a category';
COMMENT ON COLUMN cuvr_bi.theme_workload.theme_code IS 'theme code';
COMMENT ON COLUMN cuvr_bi.theme_workload.theme_name IS 'theme name';
COMMENT ON COLUMN cuvr_bi.theme_workload.appeals_per_day_30d IS 'appeals registered in the last 30 local days / 30';
COMMENT ON COLUMN cuvr_bi.theme_workload.received_today IS 'appeals registered today (local)';
COMMENT ON COLUMN cuvr_bi.theme_workload.open_appeals IS 'appeals waiting for a body''s work: registered, in triage, assigned, in progress or escalated (backlog)';
COMMENT ON COLUMN cuvr_bi.theme_workload.overdue_appeals IS 'of which found past their deadline';
COMMENT ON COLUMN cuvr_bi.theme_workload.median_open_age_days IS 'median age of the backlog in days since registration';
COMMENT ON COLUMN cuvr_bi.theme_workload.max_open_age_days IS 'age of the oldest open appeal in days';
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- The roadmap (дорожная карта) of the ЦУР and its quarterly report, and the
-- monthly ССТУ export.
--
-- Seed 000 (agreement on the ЦУР, section on the Subject's duties) makes the
-- Subject report on the roadmap every quarter "не позднее 15-го числа месяца,
-- следующего за отчетным кварталом", on the form in its appendix: item, plan
-- date, actual date (or the forecast date when not done), information on the
-- implementation (or the reasons and measures when not done), the plan value
-- of an indicator due in the period, its actual value at the report date,
-- the reason for a deviation, a note.  The tables below hold what the form
-- needs; cuvr_bi.roadmap_report produces its rows for every quarter.
--
-- Roadmap rows carry region_code first in their primary keys like the
-- transactional tables.  cuvr_admin maintains them, cuvr_operator reads them,
-- cuvr_analyst reads only the cuvr_bi views.

CREATE TABLE @extschema@.roadmap_indicator (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    id integer GENERATED BY DEFAULT AS IDENTITY,
    code text NOT NULL CHECK (code OPERATOR(pg_catalog.<>) ''),
    title text NOT NULL CHECK (title OPERATOR(pg_catalog.<>) ''),
    unit text,
    kind text NOT NULL DEFAULT 'mandatory' CHECK (kind IN ('mandatory', 'additional')),
    direction text NOT NULL DEFAULT 'higher_better' CHECK (direction IN ('higher_better', 'lower_better')),
    description text,
    PRIMARY KEY (region_code, id),
    UNIQUE (region_code, code)
);
COMMENT ON TABLE @extschema@.roadmap_indicator IS
    'indicators (показатели) of the region''s ЦУР roadmap: mandatory ones from the agreement and additional ones of the region';
COMMENT ON SEQUENCE @extschema@.roadmap_indicator_id_seq IS 'indicator identifiers';
COMMENT ON COLUMN @extschema@.roadmap_indicator.region_code IS 'region whose roadmap the indicator belongs to';
COMMENT ON COLUMN @extschema@.roadmap_indicator.id IS 'indicator id';
COMMENT ON COLUMN @extschema@.roadmap_indicator.code IS 'short code of the indicator, unique in the region (e.g. P1)';
COMMENT ON COLUMN @extschema@.roadmap_indicator.title IS 'name of the indicator as in the roadmap';
COMMENT ON COLUMN @extschema@.roadmap_indicator.unit IS 'unit of measure (%, шт., дней)';
COMMENT ON COLUMN @extschema@.roadmap_indicator.kind IS 'mandatory (обязательный, from the agreement) or additional (дополнительный)';
COMMENT ON COLUMN @extschema@.roadmap_indicator.direction IS 'higher_better: the plan is met when fact >= plan; lower_better: when fact <= plan';
COMMENT ON COLUMN @extschema@.roadmap_indicator.description IS 'how the indicator is computed';

-- Plan values with the dates by which they are to be reached.
CREATE TABLE @extschema@.roadmap_target (
    region_code smallint NOT NULL,
    indicator_id integer NOT NULL,
    target_date date NOT NULL CHECK (pg_catalog.isfinite(target_date)),
    plan_value numeric NOT NULL CHECK (plan_value OPERATOR(pg_catalog.<>) 'NaN'::numeric),
    PRIMARY KEY (region_code, indicator_id, target_date),
    FOREIGN KEY (region_code, indicator_id)
        REFERENCES @extschema@.roadmap_indicator (region_code, id) ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.roadmap_target IS
    'plan values of roadmap indicators and the dates by which each is to be reached';
COMMENT ON COLUMN @extschema@.roadmap_target.region_code IS 'region of the indicator';
COMMENT ON COLUMN @extschema@.roadmap_target.indicator_id IS 'indicator';
COMMENT ON COLUMN @extschema@.roadmap_target.target_date IS 'date by which the plan value is to be reached; the report of the quarter holding it shows the plan';
COMMENT ON COLUMN @extschema@.roadmap_target.plan_value IS 'plan (target) value';

-- Measured values, one per indicator and date.
CREATE TABLE @extschema@.roadmap_fact (
    region_code smallint NOT NULL,
    indicator_id integer NOT NULL,
    as_of date NOT NULL CHECK (pg_catalog.isfinite(as_of)),
    value numeric NOT NULL CHECK (value OPERATOR(pg_catalog.<>) 'NaN'::numeric),
    deviation_reason text,
    PRIMARY KEY (region_code, indicator_id, as_of),
    FOREIGN KEY (region_code, indicator_id)
        REFERENCES @extschema@.roadmap_indicator (region_code, id) ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.roadmap_fact IS
    'actual values of roadmap indicators by period: the value an indicator had at the end of a measured period';
COMMENT ON COLUMN @extschema@.roadmap_fact.region_code IS 'region of the indicator';
COMMENT ON COLUMN @extschema@.roadmap_fact.indicator_id IS 'indicator';
COMMENT ON COLUMN @extschema@.roadmap_fact.as_of IS 'date the value holds at (the last day of the measured period, usually the quarter''s)';
COMMENT ON COLUMN @extschema@.roadmap_fact.value IS 'actual value';
COMMENT ON COLUMN @extschema@.roadmap_fact.deviation_reason IS 'reason the value falls short of the plan (form column 7), if it does';

-- Items (мероприятия) of the roadmap and of its detailed plan.
CREATE TABLE @extschema@.roadmap_item (
    region_code smallint NOT NULL REFERENCES @extschema@.region (code),
    id integer GENERATED BY DEFAULT AS IDENTITY,
    code text NOT NULL CHECK (code OPERATOR(pg_catalog.<>) ''),
    title text NOT NULL CHECK (title OPERATOR(pg_catalog.<>) ''),
    indicator_id integer,
    responsible_body_id integer REFERENCES @extschema@.body (id),
    responsible text,
    planned_date date NOT NULL CHECK (pg_catalog.isfinite(planned_date)),
    actual_date date CHECK (pg_catalog.isfinite(actual_date)),
    forecast_date date CHECK (pg_catalog.isfinite(forecast_date)),
    progress text,
    deviation_reason text,
    note text,
    PRIMARY KEY (region_code, id),
    UNIQUE (region_code, code),
    FOREIGN KEY (region_code, indicator_id) REFERENCES @extschema@.roadmap_indicator (region_code, id)
);
CREATE INDEX roadmap_item_indicator ON @extschema@.roadmap_item (region_code, indicator_id)
    WHERE indicator_id IS NOT NULL;
COMMENT ON TABLE @extschema@.roadmap_item IS
    'items (мероприятия) of the region''s ЦУР roadmap and its detailed plan, with plan, actual and forecast dates';
COMMENT ON SEQUENCE @extschema@.roadmap_item_id_seq IS 'roadmap item identifiers';
COMMENT ON INDEX @extschema@.roadmap_item_indicator IS 'items serving an indicator';
COMMENT ON COLUMN @extschema@.roadmap_item.region_code IS 'region whose roadmap the item belongs to';
COMMENT ON COLUMN @extschema@.roadmap_item.id IS 'item id';
COMMENT ON COLUMN @extschema@.roadmap_item.code IS 'number of the item in the roadmap, unique in the region (e.g. 1.2)';
COMMENT ON COLUMN @extschema@.roadmap_item.title IS 'name of the item (form column 1)';
COMMENT ON COLUMN @extschema@.roadmap_item.indicator_id IS 'indicator the item serves, if any (form columns 5-7)';
COMMENT ON COLUMN @extschema@.roadmap_item.responsible_body_id IS 'body responsible for the item';
COMMENT ON COLUMN @extschema@.roadmap_item.responsible IS 'responsible unit or position within the body (not shown in cuvr_bi)';
COMMENT ON COLUMN @extschema@.roadmap_item.planned_date IS 'plan date of implementation (form column 2): the last day allowed';
COMMENT ON COLUMN @extschema@.roadmap_item.actual_date IS 'actual date of implementation (form column 3); NULL while not done';
COMMENT ON COLUMN @extschema@.roadmap_item.forecast_date IS 'forecast date of implementation while not done (form column 3)';
COMMENT ON COLUMN @extschema@.roadmap_item.progress IS 'information on the implementation, or when not done the reasons and the measures taken (form column 4)';
COMMENT ON COLUMN @extschema@.roadmap_item.deviation_reason IS 'reason the item is late, if it is';
COMMENT ON COLUMN @extschema@.roadmap_item.note IS 'note (form column 8)';

-- The report's due date.  Seed 000: "не позднее 15-го числа месяца,
-- следующего за отчетным кварталом".  The agreement does not move the date
-- when the 15th is a day off, so neither does this function: the report is
-- due on the 15th itself (an earlier submission is always allowed).
CREATE FUNCTION @extschema@.roadmap_report_due(quarter date)
RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_catalog.isfinite(quarter)
       OR quarter OPERATOR(pg_catalog.<>) pg_catalog.date_trunc('quarter', quarter::timestamp)::date THEN
        RAISE EXCEPTION 'date % is not the first day of a quarter', quarter
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Quarters start on 1 January, 1 April, 1 July and 1 October; use date_trunc(''quarter'', ...).';
    END IF;
    RETURN (quarter OPERATOR(pg_catalog.+) '3 months 14 days'::interval)::date;
END
$$;
COMMENT ON FUNCTION @extschema@.roadmap_report_due(date) IS
    'due date of the quarterly roadmap report: the 15th of the month after the quarter (seed 000); kept even when the 15th is a day off, since the agreement does not move it; the argument is the quarter''s first day';

-- The report rows of every quarter.  A quarter lists
--   * each item due by the quarter's end that was not done before the
--     quarter began, and each item done within the quarter (also ahead of
--     plan): an item late in an earlier quarter is reported again until done;
--   * each indicator with a plan value dated in the quarter that no listed
--     item serves, on a row of its own without an item.
-- "Actual" means done by the quarter's end: a later actual date, or else the
-- forecast date, shows as the forecast.  The indicator's fact is its latest
-- value at the quarter's end.  Quarters run from the region's first roadmap
-- date to its last one or the current quarter, whichever is later; a quarter
-- not yet over judges plan dates against the region's local today.  The view
-- inlines its arithmetic rather than calling cuvr functions, which
-- cuvr_analyst may not execute.
CREATE VIEW cuvr_bi.roadmap_report AS
WITH bounds AS (
    SELECT d.region_code, pg_catalog.min(d.day) AS first_day, pg_catalog.max(d.day) AS last_day
      FROM (SELECT i.region_code, i.planned_date AS day FROM @extschema@.roadmap_item AS i
            UNION ALL
            SELECT i.region_code, i.actual_date FROM @extschema@.roadmap_item AS i
            UNION ALL
            SELECT i.region_code, i.forecast_date FROM @extschema@.roadmap_item AS i
            UNION ALL
            SELECT t.region_code, t.target_date FROM @extschema@.roadmap_target AS t) AS d
     WHERE d.day IS NOT NULL
     GROUP BY d.region_code),
quarters AS (
    SELECT b.region_code, q.qstart::date AS quarter,
           (q.qstart OPERATOR(pg_catalog.+) '3 months'::interval)::date OPERATOR(pg_catalog.-) 1 AS quarter_end,
           pg_catalog.timezone(r.tz, pg_catalog.now())::date AS today
      FROM bounds AS b
      JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) b.region_code
     CROSS JOIN LATERAL pg_catalog.generate_series(
               pg_catalog.date_trunc('quarter', b.first_day::timestamp),
               pg_catalog.date_trunc('quarter', greatest(b.last_day,
                   pg_catalog.timezone(r.tz, pg_catalog.now())::date)::timestamp),
               '3 months'::interval) AS q(qstart)),
item_rows AS (
    SELECT q.region_code, q.quarter, q.quarter_end, q.today, i.id AS item_id, i.indicator_id
      FROM quarters AS q
      JOIN @extschema@.roadmap_item AS i ON i.region_code OPERATOR(pg_catalog.=) q.region_code
     WHERE (i.planned_date OPERATOR(pg_catalog.<=) q.quarter_end
            OR i.actual_date BETWEEN q.quarter AND q.quarter_end)
       AND (i.actual_date IS NULL OR i.actual_date OPERATOR(pg_catalog.>=) q.quarter)),
report_rows AS (
    SELECT x.region_code, x.quarter, x.quarter_end, x.today, x.item_id, x.indicator_id FROM item_rows AS x
    UNION ALL
    SELECT q.region_code, q.quarter, q.quarter_end, q.today, NULL::integer, n.id
      FROM quarters AS q
      JOIN @extschema@.roadmap_indicator AS n ON n.region_code OPERATOR(pg_catalog.=) q.region_code
     WHERE EXISTS (SELECT 1 FROM @extschema@.roadmap_target AS t
                    WHERE t.region_code OPERATOR(pg_catalog.=) n.region_code
                      AND t.indicator_id OPERATOR(pg_catalog.=) n.id
                      AND t.target_date BETWEEN q.quarter AND q.quarter_end)
       AND NOT EXISTS (SELECT 1 FROM item_rows AS x
                        WHERE x.region_code OPERATOR(pg_catalog.=) q.region_code
                          AND x.quarter OPERATOR(pg_catalog.=) q.quarter
                          AND x.indicator_id OPERATOR(pg_catalog.=) n.id)),
report_lines AS (
    SELECT w.region_code, w.quarter, w.quarter_end, w.today, i.id AS item_id, i.code AS item_code,
           i.title AS item, i.responsible_body_id, i.planned_date, i.progress, i.note,
           CASE WHEN i.actual_date OPERATOR(pg_catalog.<=) w.quarter_end THEN i.actual_date END AS actual_date,
           CASE WHEN i.id IS NOT NULL AND (i.actual_date IS NULL OR i.actual_date OPERATOR(pg_catalog.>) w.quarter_end)
                THEN coalesce(i.actual_date, i.forecast_date) END AS forecast_date,
           i.deviation_reason AS item_reason,
           n.id AS indicator_id, n.code AS indicator_code, n.title AS indicator, n.unit, n.kind AS indicator_kind,
           n.direction, pl.target_date, pl.plan_value, fa.as_of AS fact_as_of, fa.value AS fact_value,
           fa.deviation_reason AS fact_reason
      FROM report_rows AS w
      LEFT JOIN @extschema@.roadmap_item AS i
             ON i.region_code OPERATOR(pg_catalog.=) w.region_code AND i.id OPERATOR(pg_catalog.=) w.item_id
      LEFT JOIN @extschema@.roadmap_indicator AS n
             ON n.region_code OPERATOR(pg_catalog.=) w.region_code AND n.id OPERATOR(pg_catalog.=) w.indicator_id
      LEFT JOIN LATERAL (
            SELECT t.target_date, t.plan_value FROM @extschema@.roadmap_target AS t
             WHERE t.region_code OPERATOR(pg_catalog.=) w.region_code
               AND t.indicator_id OPERATOR(pg_catalog.=) w.indicator_id
               AND t.target_date BETWEEN w.quarter AND w.quarter_end
             ORDER BY t.target_date DESC LIMIT 1) AS pl ON true
      LEFT JOIN LATERAL (
            SELECT f.as_of, f.value, f.deviation_reason FROM @extschema@.roadmap_fact AS f
             WHERE f.region_code OPERATOR(pg_catalog.=) w.region_code
               AND f.indicator_id OPERATOR(pg_catalog.=) w.indicator_id
               AND f.as_of OPERATOR(pg_catalog.<=) w.quarter_end
             ORDER BY f.as_of DESC LIMIT 1) AS fa ON true),
judged AS (
    SELECT x.*,
           CASE WHEN x.item_id IS NULL THEN NULL
                WHEN x.actual_date IS NOT NULL AND x.actual_date OPERATOR(pg_catalog.<=) x.planned_date THEN 'done'
                WHEN x.actual_date IS NOT NULL THEN 'done_late'
                WHEN x.planned_date OPERATOR(pg_catalog.<)
                     least(x.quarter_end OPERATOR(pg_catalog.+) 1, x.today) THEN 'overdue'
                ELSE 'in_progress' END AS item_status,
           CASE WHEN x.plan_value IS NULL THEN NULL
                WHEN x.fact_value IS NULL THEN 'no_data'
                WHEN x.direction OPERATOR(pg_catalog.=) 'lower_better'
                     THEN CASE WHEN x.fact_value OPERATOR(pg_catalog.<=) x.plan_value THEN 'met' ELSE 'not_met' END
                ELSE CASE WHEN x.fact_value OPERATOR(pg_catalog.>=) x.plan_value THEN 'met' ELSE 'not_met' END
           END AS indicator_status
      FROM report_lines AS x)
SELECT j.quarter,
       j.quarter_end,
       (j.quarter OPERATOR(pg_catalog.+) '3 months 14 days'::interval)::date AS report_due,
       j.region_code::integer AS region_code,
       j.item_id,
       j.item_code,
       j.item,
       j.responsible_body_id AS body_id,
       b.name AS body_name,
       j.planned_date,
       j.actual_date,
       j.forecast_date,
       coalesce(j.actual_date, j.forecast_date) AS actual_or_forecast_date,
       j.item_status,
       j.progress,
       CASE WHEN j.item_status IN ('overdue', 'done_late') THEN j.item_reason END AS item_deviation_reason,
       j.indicator_id,
       j.indicator_code,
       j.indicator,
       j.indicator_kind,
       j.unit,
       j.direction,
       j.target_date,
       j.plan_value,
       j.fact_value,
       j.fact_as_of,
       j.fact_value OPERATOR(pg_catalog.-) j.plan_value AS deviation,
       j.indicator_status,
       CASE WHEN j.indicator_status OPERATOR(pg_catalog.=) 'not_met' THEN j.fact_reason END AS deviation_reason,
       coalesce(j.item_status IN ('overdue', 'done_late') AND j.item_reason IS NULL, false)
       OR coalesce(j.indicator_status IN ('not_met', 'no_data') AND j.fact_reason IS NULL, false) AS reason_missing,
       j.note
  FROM judged AS j
  LEFT JOIN @extschema@.body AS b ON b.id OPERATOR(pg_catalog.=) j.responsible_body_id;
COMMENT ON VIEW cuvr_bi.roadmap_report IS
    'quarterly roadmap report (form of the appendix to seed 000), one row per item due or done in the quarter and per indicator due in it that no such item serves; filter by region_code and quarter';
COMMENT ON COLUMN cuvr_bi.roadmap_report.quarter IS 'first day of the reporting quarter';
COMMENT ON COLUMN cuvr_bi.roadmap_report.quarter_end IS 'last day of the reporting quarter (the report date)';
COMMENT ON COLUMN cuvr_bi.roadmap_report.report_due IS 'the report is due by this date: the 15th of the month after the quarter, not moved off days off';
COMMENT ON COLUMN cuvr_bi.roadmap_report.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.roadmap_report.item_id IS 'roadmap item id; NULL on a row of an indicator alone';
COMMENT ON COLUMN cuvr_bi.roadmap_report.item_code IS 'number of the item in the roadmap';
COMMENT ON COLUMN cuvr_bi.roadmap_report.item IS 'name of the item (form column 1)';
COMMENT ON COLUMN cuvr_bi.roadmap_report.body_id IS 'responsible body id';
COMMENT ON COLUMN cuvr_bi.roadmap_report.body_name IS 'responsible body name';
COMMENT ON COLUMN cuvr_bi.roadmap_report.planned_date IS 'plan date (form column 2)';
COMMENT ON COLUMN cuvr_bi.roadmap_report.actual_date IS 'actual date if the item was done by the quarter''s end';
COMMENT ON COLUMN cuvr_bi.roadmap_report.forecast_date IS 'if not done by the quarter''s end: the later actual date if known, else the forecast date';
COMMENT ON COLUMN cuvr_bi.roadmap_report.actual_or_forecast_date IS 'form column 3: the actual date, or the forecast date when the item was not done';
COMMENT ON COLUMN cuvr_bi.roadmap_report.item_status IS 'done, done_late (after the plan date), overdue (plan date passed, not done by the quarter''s end), in_progress (plan date still ahead); NULL without an item';
COMMENT ON COLUMN cuvr_bi.roadmap_report.progress IS 'information on the implementation, or the reasons and measures when not done (form column 4)';
COMMENT ON COLUMN cuvr_bi.roadmap_report.item_deviation_reason IS 'reason the item is late, shown when it is overdue or done late';
COMMENT ON COLUMN cuvr_bi.roadmap_report.indicator_id IS 'indicator id';
COMMENT ON COLUMN cuvr_bi.roadmap_report.indicator_code IS 'indicator code';
COMMENT ON COLUMN cuvr_bi.roadmap_report.indicator IS 'name of the indicator (form column 5)';
COMMENT ON COLUMN cuvr_bi.roadmap_report.indicator_kind IS 'mandatory or additional';
COMMENT ON COLUMN cuvr_bi.roadmap_report.unit IS 'unit of measure';
COMMENT ON COLUMN cuvr_bi.roadmap_report.direction IS 'higher_better or lower_better';
COMMENT ON COLUMN cuvr_bi.roadmap_report.target_date IS 'date of the plan value due in the quarter (the latest, if several)';
COMMENT ON COLUMN cuvr_bi.roadmap_report.plan_value IS 'plan value due in the quarter (form column 5); NULL when none is due';
COMMENT ON COLUMN cuvr_bi.roadmap_report.fact_value IS 'latest actual value at the quarter''s end (form column 6)';
COMMENT ON COLUMN cuvr_bi.roadmap_report.fact_as_of IS 'date that actual value holds at';
COMMENT ON COLUMN cuvr_bi.roadmap_report.deviation IS 'fact_value - plan_value';
COMMENT ON COLUMN cuvr_bi.roadmap_report.indicator_status IS 'met or not_met (respecting direction), no_data (a plan value but no fact), NULL when no plan value is due in the quarter';
COMMENT ON COLUMN cuvr_bi.roadmap_report.deviation_reason IS 'reason the plan value was not met (form column 7), shown when not_met';
COMMENT ON COLUMN cuvr_bi.roadmap_report.reason_missing IS 'a late item or an unmet indicator (or one without data) has no reason recorded';
COMMENT ON COLUMN cuvr_bi.roadmap_report.note IS 'note (form column 8)';

-- The report of one region and quarter, checked and in the order of the form.
-- It reads cuvr_bi.roadmap_report with the caller's rights: admins and
-- operators read that view.
CREATE FUNCTION @extschema@.roadmap_report(region smallint, quarter date)
RETURNS SETOF cuvr_bi.roadmap_report
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM @extschema@.region AS r
                    WHERE r.code OPERATOR(pg_catalog.=) roadmap_report.region) THEN
        RAISE EXCEPTION 'unknown region %', roadmap_report.region
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The region is not in cuvr.region.';
    END IF;
    PERFORM @extschema@.roadmap_report_due(roadmap_report.quarter);
    RETURN QUERY
        SELECT v.* FROM cuvr_bi.roadmap_report AS v
         WHERE v.region_code OPERATOR(pg_catalog.=) roadmap_report.region
           AND v.quarter OPERATOR(pg_catalog.=) roadmap_report.quarter
         ORDER BY v.item_id IS NULL, v.planned_date, v.item_code, v.indicator_code;
END
$$;
COMMENT ON FUNCTION @extschema@.roadmap_report(smallint, date) IS
    'rows of the quarterly roadmap report of a region (cuvr_bi.roadmap_report) in the order of the form; quarter is the quarter''s first day; unknown regions and other dates raise 22023';

-- ССТУ (ssturf.ru) monthly upload: appeals with a ТОК code registered in a
-- month of the region's local time.  Appeals without a ТОК code are left
-- out, since ССТУ accepts none without one: classify them first.  The result
-- is that of the latest answer (the last one recorded, as cuvr.rate() and
-- cuvr.appeal.answered_at take it); NULL while the appeal has none.  An
-- appeal escalated after an answer is in work again and keeps the result of
-- that answer until it is answered anew.  No personal data: no applicant, no
-- text, no address.
CREATE VIEW cuvr_bi.sstu_export AS
SELECT pg_catalog.date_trunc('month', pg_catalog.timezone(r.tz, a.registered_at))::date AS month,
       a.region_code::integer AS region_code,
       a.id AS appeal_id,
       a.reg_number AS registration_number,
       pg_catalog.timezone(r.tz, a.registered_at)::date AS registration_date,
       a.tok::text AS tok_code,
       a.kind,
       k.name AS kind_label,
       a.channel,
       a.repeat_of IS NOT NULL AS is_repeat,
       la.result,
       pg_catalog.timezone(r.tz, la.answered_at)::date AS answer_date,
       a.status NOT IN ('answered', 'closed', 'rejected') AS in_work,
       a.status
  FROM @extschema@.appeal AS a
  JOIN @extschema@.region AS r ON r.code OPERATOR(pg_catalog.=) a.region_code
  JOIN @extschema@.appeal_kind AS k ON k.code OPERATOR(pg_catalog.=) a.kind
  LEFT JOIN LATERAL (
        SELECT n.result, n.answered_at FROM @extschema@.answer AS n
         WHERE n.region_code OPERATOR(pg_catalog.=) a.region_code AND n.appeal_id OPERATOR(pg_catalog.=) a.id
         ORDER BY n.id DESC LIMIT 1) AS la ON true
 WHERE a.tok IS NOT NULL;
COMMENT ON VIEW cuvr_bi.sstu_export IS
    'ССТУ (ssturf.ru) monthly upload: one row per appeal with a ТОК code (appeals without one are left out), depersonalised; filter by region_code and month';
COMMENT ON COLUMN cuvr_bi.sstu_export.month IS 'month of registration in the region''s local time (first day)';
COMMENT ON COLUMN cuvr_bi.sstu_export.region_code IS 'subject code';
COMMENT ON COLUMN cuvr_bi.sstu_export.appeal_id IS 'appeal id';
COMMENT ON COLUMN cuvr_bi.sstu_export.registration_number IS 'registration number';
COMMENT ON COLUMN cuvr_bi.sstu_export.registration_date IS 'local date of registration';
COMMENT ON COLUMN cuvr_bi.sstu_export.tok_code IS 'ТОК code (типовой общероссийский тематический классификатор)';
COMMENT ON COLUMN cuvr_bi.sstu_export.kind IS 'kind of appeal: appeal, message, complaint, proposal, request';
COMMENT ON COLUMN cuvr_bi.sstu_export.kind_label IS 'kind of appeal in Russian (Обращение, Жалоба, ...)';
COMMENT ON COLUMN cuvr_bi.sstu_export.channel IS 'channel code';
COMMENT ON COLUMN cuvr_bi.sstu_export.is_repeat IS 'a repeat appeal (ССТУ «Повторное»)';
COMMENT ON COLUMN cuvr_bi.sstu_export.result IS 'ССТУ result of the latest answer: supported, measures_taken, not_supported, explained; NULL while unanswered';
COMMENT ON COLUMN cuvr_bi.sstu_export.answer_date IS 'local date of the latest answer';
COMMENT ON COLUMN cuvr_bi.sstu_export.in_work IS 'still under consideration (ССТУ «Находится на рассмотрении»): not answered, closed or rejected';
COMMENT ON COLUMN cuvr_bi.sstu_export.status IS 'current status of the appeal';

-- The upload of one region and month.  It reads the tables with the
-- caller's rights under row-level security (no SECURITY DEFINER): admins,
-- operators and integrations (an ССТУ connector) see every appeal.  It finds
-- the month's appeals through the registration index instead of scanning
-- the whole view; the regression test keeps both in step.  Analysts, who
-- may call no cuvr function, read cuvr_bi.sstu_export instead.
CREATE FUNCTION @extschema@.sstu_export(region smallint, month date)
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
       OR sstu_export.month OPERATOR(pg_catalog.<>) pg_catalog.date_trunc('month', sstu_export.month::timestamp)::date THEN
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
COMMENT ON FUNCTION @extschema@.sstu_export(smallint, date) IS
    'ССТУ monthly upload of a region: appeals with a ТОК code registered in the month (the month''s first day, local time of cuvr.region.tz); appeals without a ТОК code are skipped; result of the latest answer or NULL; no personal data; caller''s rights under row-level security';

-- Row-level security as on the other transactional tables: forced, and only
-- ЦУР staff pass.  No other role is granted these tables; the policies keep
-- it so should one ever be.
ALTER TABLE @extschema@.roadmap_indicator ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.roadmap_indicator FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.roadmap_indicator TO cuvr_admin, cuvr_operator USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.roadmap_indicator IS 'ЦУР admins maintain the roadmap, operators read it';
ALTER TABLE @extschema@.roadmap_target ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.roadmap_target FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.roadmap_target TO cuvr_admin, cuvr_operator USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.roadmap_target IS 'ЦУР admins maintain the roadmap, operators read it';
ALTER TABLE @extschema@.roadmap_fact ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.roadmap_fact FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.roadmap_fact TO cuvr_admin, cuvr_operator USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.roadmap_fact IS 'ЦУР admins maintain the roadmap, operators read it';
ALTER TABLE @extschema@.roadmap_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.roadmap_item FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.roadmap_item TO cuvr_admin, cuvr_operator USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.roadmap_item IS 'ЦУР admins maintain the roadmap, operators read it';

-- Privileges.  80_security.sql, which runs after this file, revokes
-- everything in cuvr from PUBLIC and grants SELECT on every cuvr_bi view to
-- admins, operators and analysts.
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.roadmap_indicator, @extschema@.roadmap_target,
                @extschema@.roadmap_fact, @extschema@.roadmap_item
   TO cuvr_admin;
GRANT SELECT ON @extschema@.roadmap_indicator, @extschema@.roadmap_target,
                @extschema@.roadmap_fact, @extschema@.roadmap_item
   TO cuvr_operator;
GRANT USAGE, SELECT ON SEQUENCE @extschema@.roadmap_indicator_id_seq, @extschema@.roadmap_item_id_seq
   TO cuvr_admin;
GRANT EXECUTE ON FUNCTION @extschema@.roadmap_report_due(date), @extschema@.roadmap_report(smallint, date)
   TO cuvr_admin, cuvr_operator;
GRANT EXECUTE ON FUNCTION @extschema@.sstu_export(smallint, date)
   TO cuvr_admin, cuvr_operator, cuvr_integration;

-- pg_dump keeps the roadmap and the identity positions.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.roadmap_indicator', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.roadmap_target', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.roadmap_fact', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.roadmap_item', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.roadmap_indicator_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.roadmap_item_id_seq', '');
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Subjects of the Russian Federation (89). code = subject code used by the tax
-- service (ФНС) and КЛАДР; oktmo_prefix = first two digits of the subject's
-- OKTMO codes (NULL where the subject shares its parent's prefix or the prefix is
-- not established); tz = IANA zone of the administrative centre.
-- Reference data maintained by the DBA: adjust rows here or in the live table.
INSERT INTO @extschema@.region (code, name, tz, oktmo_prefix, federal_district) VALUES
    (1, 'Республика Адыгея (Адыгея)', 'Europe/Moscow', 79, 'Южный'),
    (2, 'Республика Башкортостан', 'Asia/Yekaterinburg', 80, 'Приволжский'),
    (3, 'Республика Бурятия', 'Asia/Irkutsk', 81, 'Дальневосточный'),
    (4, 'Республика Алтай', 'Asia/Barnaul', 84, 'Сибирский'),
    (5, 'Республика Дагестан', 'Europe/Moscow', 82, 'Северо-Кавказский'),
    (6, 'Республика Ингушетия', 'Europe/Moscow', 26, 'Северо-Кавказский'),
    (7, 'Кабардино-Балкарская Республика', 'Europe/Moscow', 83, 'Северо-Кавказский'),
    (8, 'Республика Калмыкия', 'Europe/Moscow', 85, 'Южный'),
    (9, 'Карачаево-Черкесская Республика', 'Europe/Moscow', 91, 'Северо-Кавказский'),
    (10, 'Республика Карелия', 'Europe/Moscow', 86, 'Северо-Западный'),
    (11, 'Республика Коми', 'Europe/Moscow', 87, 'Северо-Западный'),
    (12, 'Республика Марий Эл', 'Europe/Moscow', 88, 'Приволжский'),
    (13, 'Республика Мордовия', 'Europe/Moscow', 89, 'Приволжский'),
    (14, 'Республика Саха (Якутия)', 'Asia/Yakutsk', 98, 'Дальневосточный'),
    (15, 'Республика Северная Осетия — Алания', 'Europe/Moscow', 90, 'Северо-Кавказский'),
    (16, 'Республика Татарстан (Татарстан)', 'Europe/Moscow', 92, 'Приволжский'),
    (17, 'Республика Тыва', 'Asia/Krasnoyarsk', 93, 'Сибирский'),
    (18, 'Удмуртская Республика', 'Europe/Samara', 94, 'Приволжский'),
    (19, 'Республика Хакасия', 'Asia/Krasnoyarsk', 95, 'Сибирский'),
    (20, 'Чеченская Республика', 'Europe/Moscow', 96, 'Северо-Кавказский'),
    (21, 'Чувашская Республика — Чувашия', 'Europe/Moscow', 97, 'Приволжский'),
    (22, 'Алтайский край', 'Asia/Barnaul', 1, 'Сибирский'),
    (23, 'Краснодарский край', 'Europe/Moscow', 3, 'Южный'),
    (24, 'Красноярский край', 'Asia/Krasnoyarsk', 4, 'Сибирский'),
    (25, 'Приморский край', 'Asia/Vladivostok', 5, 'Дальневосточный'),
    (26, 'Ставропольский край', 'Europe/Moscow', 7, 'Северо-Кавказский'),
    (27, 'Хабаровский край', 'Asia/Vladivostok', 8, 'Дальневосточный'),
    (28, 'Амурская область', 'Asia/Yakutsk', 10, 'Дальневосточный'),
    (29, 'Архангельская область', 'Europe/Moscow', 11, 'Северо-Западный'),
    (30, 'Астраханская область', 'Europe/Astrakhan', 12, 'Южный'),
    (31, 'Белгородская область', 'Europe/Moscow', 14, 'Центральный'),
    (32, 'Брянская область', 'Europe/Moscow', 15, 'Центральный'),
    (33, 'Владимирская область', 'Europe/Moscow', 17, 'Центральный'),
    (34, 'Волгоградская область', 'Europe/Volgograd', 18, 'Южный'),
    (35, 'Вологодская область', 'Europe/Moscow', 19, 'Северо-Западный'),
    (36, 'Воронежская область', 'Europe/Moscow', 20, 'Центральный'),
    (37, 'Ивановская область', 'Europe/Moscow', 24, 'Центральный'),
    (38, 'Иркутская область', 'Asia/Irkutsk', 25, 'Сибирский'),
    (39, 'Калининградская область', 'Europe/Kaliningrad', 27, 'Северо-Западный'),
    (40, 'Калужская область', 'Europe/Moscow', 29, 'Центральный'),
    (41, 'Камчатский край', 'Asia/Kamchatka', 30, 'Дальневосточный'),
    (42, 'Кемеровская область — Кузбасс', 'Asia/Novokuznetsk', 32, 'Сибирский'),
    (43, 'Кировская область', 'Europe/Kirov', 33, 'Приволжский'),
    (44, 'Костромская область', 'Europe/Moscow', 34, 'Центральный'),
    (45, 'Курганская область', 'Asia/Yekaterinburg', 37, 'Уральский'),
    (46, 'Курская область', 'Europe/Moscow', 38, 'Центральный'),
    (47, 'Ленинградская область', 'Europe/Moscow', 41, 'Северо-Западный'),
    (48, 'Липецкая область', 'Europe/Moscow', 42, 'Центральный'),
    (49, 'Магаданская область', 'Asia/Magadan', 44, 'Дальневосточный'),
    (50, 'Московская область', 'Europe/Moscow', 46, 'Центральный'),
    (51, 'Мурманская область', 'Europe/Moscow', 47, 'Северо-Западный'),
    (52, 'Нижегородская область', 'Europe/Moscow', 22, 'Приволжский'),
    (53, 'Новгородская область', 'Europe/Moscow', 49, 'Северо-Западный'),
    (54, 'Новосибирская область', 'Asia/Novosibirsk', 50, 'Сибирский'),
    (55, 'Омская область', 'Asia/Omsk', 52, 'Сибирский'),
    (56, 'Оренбургская область', 'Asia/Yekaterinburg', 53, 'Приволжский'),
    (57, 'Орловская область', 'Europe/Moscow', 54, 'Центральный'),
    (58, 'Пензенская область', 'Europe/Moscow', 56, 'Приволжский'),
    (59, 'Пермский край', 'Asia/Yekaterinburg', 57, 'Приволжский'),
    (60, 'Псковская область', 'Europe/Moscow', 58, 'Северо-Западный'),
    (61, 'Ростовская область', 'Europe/Moscow', 60, 'Южный'),
    (62, 'Рязанская область', 'Europe/Moscow', 61, 'Центральный'),
    (63, 'Самарская область', 'Europe/Samara', 36, 'Приволжский'),
    (64, 'Саратовская область', 'Europe/Saratov', 63, 'Приволжский'),
    (65, 'Сахалинская область', 'Asia/Sakhalin', 64, 'Дальневосточный'),
    (66, 'Свердловская область', 'Asia/Yekaterinburg', 65, 'Уральский'),
    (67, 'Смоленская область', 'Europe/Moscow', 66, 'Центральный'),
    (68, 'Тамбовская область', 'Europe/Moscow', 68, 'Центральный'),
    (69, 'Тверская область', 'Europe/Moscow', 28, 'Центральный'),
    (70, 'Томская область', 'Asia/Tomsk', 69, 'Сибирский'),
    (71, 'Тульская область', 'Europe/Moscow', 70, 'Центральный'),
    (72, 'Тюменская область', 'Asia/Yekaterinburg', 71, 'Уральский'),
    (73, 'Ульяновская область', 'Europe/Ulyanovsk', 73, 'Приволжский'),
    (74, 'Челябинская область', 'Asia/Yekaterinburg', 75, 'Уральский'),
    (75, 'Забайкальский край', 'Asia/Chita', 76, 'Дальневосточный'),
    (76, 'Ярославская область', 'Europe/Moscow', 78, 'Центральный'),
    (77, 'г. Москва', 'Europe/Moscow', 45, 'Центральный'),
    (78, 'г. Санкт-Петербург', 'Europe/Moscow', 40, 'Северо-Западный'),
    (79, 'Еврейская автономная область', 'Asia/Vladivostok', 99, 'Дальневосточный'),
    (83, 'Ненецкий автономный округ', 'Europe/Moscow', NULL, 'Северо-Западный'),
    (86, 'Ханты-Мансийский автономный округ — Югра', 'Asia/Yekaterinburg', NULL, 'Уральский'),
    (87, 'Чукотский автономный округ', 'Asia/Anadyr', 77, 'Дальневосточный'),
    (89, 'Ямало-Ненецкий автономный округ', 'Asia/Yekaterinburg', NULL, 'Уральский'),
    (90, 'Запорожская область', 'Europe/Moscow', NULL, 'Южный'),
    (91, 'Республика Крым', 'Europe/Simferopol', 35, 'Южный'),
    (92, 'г. Севастополь', 'Europe/Simferopol', 67, 'Южный'),
    (93, 'Донецкая Народная Республика', 'Europe/Moscow', NULL, 'Южный'),
    (94, 'Луганская Народная Республика', 'Europe/Moscow', NULL, 'Южный'),
    (95, 'Херсонская область', 'Europe/Moscow', NULL, 'Южный');
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Default appeal catalog: themes and categories.
-- Categories are seeded from a real ЦУР incident-management taxonomy (Perm
-- region): topics keep their wording, topic groups are mapped onto themes,
-- ★-marked topics become priority categories. A few common categories are added
-- where a theme had fewer than three topics or where the subjects of the
-- St Petersburg city portal categories were not covered. Every theme ends with
-- one «Прочие по направлению» catch-all category (is_other).
-- The first eight themes are the mandatory ЦУР sectors. DBAs extend or adjust
-- the catalog in the live tables; codes are stable identifiers for integrators.

INSERT INTO @extschema@.theme (code, name, mandatory, sort_order) VALUES
    ('housing', 'Жилищно-коммунальное хозяйство', true, 10),
    ('waste', 'Обращение с твёрдыми коммунальными отходами', true, 20),
    ('energy', 'Энергетика (электроснабжение, газ и топливо)', true, 30),
    ('education', 'Образование', true, 40),
    ('health', 'Здравоохранение', true, 50),
    ('roads', 'Дороги', true, 60),
    ('transport', 'Общественный транспорт', true, 70),
    ('social', 'Социальная защита', true, 80),
    ('landscaping', 'Благоустройство', false, 90),
    ('ecology', 'Экология', false, 100),
    ('safety', 'Безопасность', false, 110),
    ('culture', 'Культура', false, 120),
    ('sport', 'Физическая культура и спорт', false, 130),
    ('telecom', 'Связь и телевидение', false, 140),
    ('construction', 'Строительство и архитектура', false, 150),
    ('economy', 'Экономика и бизнес', false, 160),
    ('trade', 'Торговля', false, 170),
    ('public_services', 'Государственные услуги и МФЦ', false, 180),
    ('funeral', 'Погребение и похоронное дело', false, 190),
    ('epidemic', 'Санитарно-эпидемиологическое благополучие и коронавирус', false, 200),
    ('other', 'Прочее', false, 210);

INSERT INTO @extschema@.category (theme_id, code, name, is_other, priority)
SELECT t.id, v.code, v.name, v.is_other, v.priority
FROM (VALUES
    ('housing', 'housing.management_companies', 'Жалобы на управляющие компании', false, false),
    ('housing', 'housing.billing', 'Плата за ЖКУ и работа ЕИРЦ', false, false),
    ('housing', 'housing.no_cold_water', 'Отсутствие холодной воды', false, false),
    ('housing', 'housing.overcharging', 'Завышение платы за коммунальные услуги', false, false),
    ('housing', 'housing.heating', 'Ненадлежащее качество или отсутствие отопления', false, false),
    ('housing', 'housing.entrance_cleaning', 'Ненадлежащая уборка подъездов и лифтов', false, false),
    ('housing', 'housing.no_hot_water', 'Отсутствие горячей воды', false, false),
    ('housing', 'housing.capital_repair_quality', 'Некачественный капитальный ремонт', false, false),
    ('housing', 'housing.capital_repair_fees', 'Сборы за капитальный ремонт', false, false),
    ('housing', 'housing.disinfection', 'Дезинфекция МКД', false, false),
    ('housing', 'housing.basement_flooding', 'Затопление подъездов, подвальных помещений', false, true),
    ('housing', 'housing.water_quality', 'Плохое качество воды', false, false),
    ('housing', 'housing.icicles', 'Наледь и сосульки на кровле', false, true),
    ('housing', 'housing.water_pressure', 'Низкая температура воды/слабое давление', false, false),
    ('housing', 'housing.pipe_burst', 'Прорыв трубы/трубопровода', false, true),
    ('housing', 'housing.building_maintenance', 'Ненадлежащее содержание и эксплуатация МКД', false, false),
    ('housing', 'housing.redevelopment', 'Перепланировка и реконструкция помещений', false, false),
    ('housing', 'housing.no_electricity', 'Отсутствие электричества', false, false),
    ('housing', 'housing.facade_graffiti', 'Несанкционированные надписи, рисунки, реклама на фасаде МКД', false, true),
    ('housing', 'housing.uninhabitable', 'Непригодные для проживания жилые помещения', false, false),
    ('housing', 'housing.roof_leaks', 'Протечки с кровли (системы водостока)', false, true),
    ('housing', 'housing.water_connection', 'Подключение к водоснабжению', false, false),
    ('housing', 'housing.entrance_repair', 'Ремонт подъездов', false, false),
    ('housing', 'housing.sewerage', 'Другие проблемы с общедомовой системой водоотведения (канализации)', false, false),
    ('housing', 'housing.sewer_blockage', 'Засор в общедомовой системе водоотведения (канализации)', false, true),
    ('housing', 'housing.elevator', 'Лифт неисправен или отключен', false, false),
    ('housing', 'housing.apartment_flooding', 'Залитие квартиры', false, false),
    ('housing', 'housing.protruding_structures', 'Неисправность выступающих конструкций: балконов, козырьков, эркеров, карнизов входных крылец и т. п.', false, false),
    ('housing', 'housing.entrance_lighting', 'Неисправное освещение в подъезде, на фасаде жилого дома', false, false),
    ('housing', 'housing.intercom_doors', 'Неисправный домофон, входная дверь, доводчик', false, false),
    ('housing', 'housing.facade', 'Неудовлетворительное состояние фасада, цоколя, отмостки МКД', false, false),
    ('housing', 'housing.roof_damage', 'Повреждение кровли и водосточных труб', false, false),
    ('housing', 'housing.basements_attics', 'Состояние подвалов и чердаков (окна, продухи, входы)', false, false),
    ('housing', 'housing.common_property_misuse', 'Самовольное использование общего имущества МКД (фасад, кровля, подвалы, лестничные площадки)', false, false),
    ('housing', 'housing.garbage_chute', 'Засор или неисправность мусоропровода', false, false),
    ('housing', 'housing.pest_control', 'Дезинсекция и дератизация мест общего пользования МКД', false, false),
    ('housing', 'housing.other', 'Прочие по направлению', true, false),
    ('waste', 'waste.fee', 'Плата за вывоз ТКО', false, false),
    ('waste', 'waste.collection', 'Уборка/Вывоз мусора', false, true),
    ('waste', 'waste.container_sites', 'Отсутствие контейнерной площадки/Проезд к контейнерной площадке', false, true),
    ('waste', 'waste.containers', 'Проблемы с контейнерами', false, false),
    ('waste', 'waste.facilities', 'Строительство объектов по обращению с отходами', false, false),
    ('waste', 'waste.separate_collection', 'Раздельная сортировка отходов', false, false),
    ('waste', 'waste.illegal_dumping', 'Выброс мусора нарушителем', false, false),
    ('waste', 'waste.dumps', 'Стихийные свалки в городе/в парках/в лесу', false, true),
    ('waste', 'waste.container_site_sanitary', 'Санитарное и техническое состояние контейнерной площадки', false, false),
    ('waste', 'waste.other', 'Прочие по направлению', true, false),
    ('energy', 'energy.gas_restore', 'Восстановление газоснабжения', false, false),
    ('energy', 'energy.gasification_request', 'Запрос на газификацию и её условия', false, false),
    ('energy', 'energy.gasification_terms', 'Сроки газификации', false, false),
    ('energy', 'energy.gasification_cost', 'Стоимость, оплата и возврат средств на газификацию', false, false),
    ('energy', 'energy.power_quality', 'Качество электроснабжения', false, false),
    ('energy', 'energy.power_poles', 'Повреждение опор ЛЭП', false, true),
    ('energy', 'energy.wires', 'Провисающие или оборванные провода', false, false),
    ('energy', 'energy.other', 'Прочие по направлению', true, false),
    ('education', 'education.process', 'Образовательный процесс', false, false),
    ('education', 'education.camps', 'Детские оздоровительные лагеря', false, false),
    ('education', 'education.safety', 'Безопасность образовательного процесса', false, false),
    ('education', 'education.teachers_pay', 'Зарплата учителей', false, false),
    ('education', 'education.extracurricular', 'Дополнительное образование', false, false),
    ('education', 'education.distance', 'Дистанционное образование', false, false),
    ('education', 'education.general', 'Общее впечатление', false, false),
    ('education', 'education.construction', 'Строительство школ, детских садов', false, false),
    ('education', 'education.school_places', 'Нехватка мест в школах', false, false),
    ('education', 'education.upkeep', 'Содержание гос. образовательных организаций', false, false),
    ('education', 'education.higher_vocational', 'ВУЗы и ССУЗы', false, false),
    ('education', 'education.meals', 'Питание', false, false),
    ('education', 'education.exams', 'ЕГЭ, ОГЭ', false, false),
    ('education', 'education.scholarships', 'Выплаты стипендий', false, false),
    ('education', 'education.heating', 'Проблемы с отоплением детских садов и школ', false, false),
    ('education', 'education.teachers_support', 'Социальная поддержка учителей', false, false),
    ('education', 'education.staffing', 'Кадровые перестановки', false, false),
    ('education', 'education.kindergarten_places', 'Устройство в ДОУ', false, false),
    ('education', 'education.other', 'Прочие по направлению', true, false),
    ('health', 'health.appointment_booking', 'Технические проблемы с записью на прием к врачу', false, false),
    ('health', 'health.checkups', 'Диспансеризация', false, false),
    ('health', 'health.treatment_requests', 'Просьбы о лечении', false, true),
    ('health', 'health.care_refusal', 'Оказание медицинской помощи не в полном объеме/отказ в оказании медицинской помощи', false, true),
    ('health', 'health.hospital_upkeep', 'Содержание больниц', false, false),
    ('health', 'health.hospital_food', 'Питание в медицинских учреждениях', false, true),
    ('health', 'health.staff_shortage', 'Нехватка или сокращение врачей и медицинских учреждений', false, false),
    ('health', 'health.specialist_exam', 'Профильный осмотр', false, false),
    ('health', 'health.queues', 'Очередь', false, false),
    ('health', 'health.pharmacy_drugs', 'Отсутствие лекарств в аптеках', false, false),
    ('health', 'health.malpractice', 'Ошибки врачей, халатность', false, false),
    ('health', 'health.ambulance', 'Скорая помощь', false, true),
    ('health', 'health.subsidized_drugs', 'Льготные лекарства', false, false),
    ('health', 'health.vaccination', 'Вакцинация', false, false),
    ('health', 'health.rudeness', 'Хамство медицинских работников', false, false),
    ('health', 'health.hospital_drugs', 'Отсутствие лекарств в стационарах', false, false),
    ('health', 'health.doctors_pay', 'Низкая заработная плата врачей', false, false),
    ('health', 'health.equipment', 'Нехватка материально-технического обеспечения', false, false),
    ('health', 'health.staff_support', 'Социальная поддержка медперсонала', false, false),
    ('health', 'health.pharmacies_missing', 'Отсутствие аптек', false, false),
    ('health', 'health.new_centres', 'Предложения по созданию лечебных центров', false, false),
    ('health', 'health.misc', 'Здравоохранение прочее', false, false),
    ('health', 'health.other', 'Прочие по направлению', true, false),
    ('roads', 'roads.snow', 'Нарушение правил очистки дорог от снега и наледи/Обращения о необходимости очистить тротуар от снега и наледи', false, true),
    ('roads', 'roads.flooding', 'Подтопление автомобильных дорог', false, false),
    ('roads', 'roads.barriers', 'Необходима установка и замена дорожных ограждений', false, false),
    ('roads', 'roads.speed_bumps', 'Предложить установку нового лежачего полицейского (ИДН)', false, false),
    ('roads', 'roads.bridges', 'Ремонт/строительство мостов', false, false),
    ('roads', 'roads.parking', 'Организация парковок', false, false),
    ('roads', 'roads.sidewalks', 'Содержание, ремонт и обустройство тротуаров', false, false),
    ('roads', 'roads.potholes', 'Ямы и выбоины на дороге', false, false),
    ('roads', 'roads.construction', 'Строительство или реконструкция дорог', false, false),
    ('roads', 'roads.repair', 'Ремонт дороги', false, false),
    ('roads', 'roads.markings', 'Некачественно нанесенная разметка на проезжей части', false, true),
    ('roads', 'roads.storm_drains', 'Ливневые канализации (строительство и реконструкция)', false, false),
    ('roads', 'roads.lighting', 'Освещение неисправно или отсутствует', false, false),
    ('roads', 'roads.traffic_organization', 'Организация переходов, светофоров/Изменить организацию движения', false, false),
    ('roads', 'roads.traffic_lights', 'Работа светофора (установка, изменение режима работы, оборудование кнопкой вызова)', false, false),
    ('roads', 'roads.cleaning', 'Несоблюдение правил уборки проезжей части', false, true),
    ('roads', 'roads.signs', 'Содержание дорожных знаков/Установка новых дорожных знаков, с внесением в схему дислокации, замена старых знаков на новые', false, false),
    ('roads', 'roads.works_violations', 'Нарушение технологии и (или) сроков производства работ', false, false),
    ('roads', 'roads.congestion', 'Пробки', false, false),
    ('roads', 'roads.repair_plan', 'Предложение дороги в план ремонта', false, false),
    ('roads', 'roads.obstruction', 'Несанкционированное ограничение движения, помехи движению, захват земли в полосе отвода автодорог', false, false),
    ('roads', 'roads.poor_repair', 'Некачественно выполненный ремонт дорог', false, false),
    ('roads', 'roads.other', 'Прочие по направлению', true, false),
    ('transport', 'transport.stops_upkeep', 'Содержание остановок', false, false),
    ('transport', 'transport.crossings', 'Пешеходные переходы и жд переезды', false, false),
    ('transport', 'transport.travel_conditions', 'Неудовлетворительные условия проезда в транспорте на действующем маршруте', false, false),
    ('transport', 'transport.driver_behaviour', 'Некорректное поведение водительского состава', false, false),
    ('transport', 'transport.fares', 'Льготы на проезд и тарифы', false, false),
    ('transport', 'transport.schedule', 'График движения общественного транспорта', false, false),
    ('transport', 'transport.new_route', 'Добавить новый маршрут', false, false),
    ('transport', 'transport.stops_missing', 'Отсутствие остановочных пунктов', false, false),
    ('transport', 'transport.travel_cards', 'Проблемы с социальными картами или проездными документами', false, false),
    ('transport', 'transport.fleet', 'Изменение класса и количества автобусов', false, false),
    ('transport', 'transport.route_change', 'Изменить или отменить маршрут', false, false),
    ('transport', 'transport.other', 'Прочие по направлению', true, false),
    ('social', 'social.state_aid', 'Оказание гос. соц. помощи', false, false),
    ('social', 'social.large_families', 'Дети и многодетные семьи', false, false),
    ('social', 'social.payment_delays', 'Задержка выплат гражданам', false, false),
    ('social', 'social.resettlement', 'Аварийное жилье/переселение', false, false),
    ('social', 'social.accessibility', 'Создание доступной среды для инвалидов', false, false),
    ('social', 'social.institutions', 'Социальные учреждения', false, false),
    ('social', 'social.employment', 'Занятость и трудоустройство', false, false),
    ('social', 'social.disabled', 'Инвалиды', false, false),
    ('social', 'social.pensioners_veterans', 'Пенсионеры и ветераны', false, false),
    ('social', 'social.housing_improvement', 'Улучшение жилищных условий', false, false),
    ('social', 'social.volunteering', 'Волонтерство', false, false),
    ('social', 'social.misc_services', 'Соц.обслуживание прочее', false, false),
    ('social', 'social.single_mothers_teens', 'Матери-одиночки, подростки', false, false),
    ('social', 'social.mobilized_families', 'Поддержка семей мобилизованных', false, false),
    ('social', 'social.mobilized_payments', 'Зарплата, компенсации, поощрения, выплаты', false, false),
    ('social', 'social.other', 'Прочие по направлению', true, false),
    ('landscaping', 'landscaping.yard_potholes', 'Ямы во дворах', false, true),
    ('landscaping', 'landscaping.proposal', 'Предложение по благоустройству', false, false),
    ('landscaping', 'landscaping.snow_yard', 'Нарушение правил уборки от снега и наледи внутридворового проезда, тротуара, площади', false, true),
    ('landscaping', 'landscaping.hogweed', 'Борщевик Сосновского', false, false),
    ('landscaping', 'landscaping.parks', 'Парки и зоны отдыха', false, false),
    ('landscaping', 'landscaping.cleaning', 'Уборка территорий', false, false),
    ('landscaping', 'landscaping.public_space', 'Благоустройство общественного пространства (парк, сквер, пешеходная зона, бульвар, набережная, центральная улица или площадь)', false, false),
    ('landscaping', 'landscaping.greenery', 'Ненадлежащее содержание зеленых насаждений (газонов)/деревьев и кустарников', false, true),
    ('landscaping', 'landscaping.tree_felling', 'Вырубка деревьев, кустарников', false, false),
    ('landscaping', 'landscaping.lighting_faulty', 'Неисправные фонари освещения', false, true),
    ('landscaping', 'landscaping.open_manholes', 'Открытые канализационные люки', false, true),
    ('landscaping', 'landscaping.lighting_missing', 'Отсутствие фонарей освещения', false, false),
    ('landscaping', 'landscaping.sidewalks_damage', 'Разрушение тротуаров и пешеходных дорожек', false, false),
    ('landscaping', 'landscaping.playgrounds_missing', 'Отсутствие детских площадок', false, false),
    ('landscaping', 'landscaping.snow_parks', 'Нарушение правил уборки от снега и наледи территории парка и сквера', false, true),
    ('landscaping', 'landscaping.benches_bins', 'Отсутствие урн, лавочек в общественных местах и дворовой территории', false, true),
    ('landscaping', 'landscaping.earthworks', 'Нарушение правил проведения земляных работ', false, false),
    ('landscaping', 'landscaping.felling_residues', 'Нарушение правил уборки и вывоза порубочных остатков', false, true),
    ('landscaping', 'landscaping.yard_asphalt', 'Обустройство асфальтового покрытия парковки, внутридворового проезда, тротуара, пешеходной дорожки, въезда во двор', false, false),
    ('landscaping', 'landscaping.yards', 'Благоустройство придомовых территорий', false, false),
    ('landscaping', 'landscaping.snow_lawns', 'Нарушение правил уборки и вывоза загрязненного снега и наледи на газоне', false, true),
    ('landscaping', 'landscaping.playground_equipment', 'Ненадлежащее состояние игровых элементов на детской или спортивной площадке', false, true),
    ('landscaping', 'landscaping.flooding', 'Подтопление территории', false, true),
    ('landscaping', 'landscaping.yard_cleaning', 'Нарушение правил уборки внутридворового проезда, пешеходной дорожки', false, true),
    ('landscaping', 'landscaping.nonresidential_facades', 'Ненадлежащее состояние фасадов нежилых зданий, объектов и ограждений', false, false),
    ('landscaping', 'landscaping.public_toilets', 'Отсутствие общественных туалетов', false, false),
    ('landscaping', 'landscaping.yard_bollards', 'Установка ограждений, препятствующих въезду на тротуар, газон на дворовой территории МКД', false, false),
    ('landscaping', 'landscaping.unauthorized_fences', 'Самовольная установка ограждений на территории общего пользования', false, false),
    ('landscaping', 'landscaping.snow_playgrounds', 'Нарушение правил уборки от снега и наледи детской игровой и спортивной площадки', false, true),
    ('landscaping', 'landscaping.lawn_parking', 'Парковка на газонах', false, true),
    ('landscaping', 'landscaping.graffiti', 'Несанкционированные надписи и объявления на сооружениях, опорах, остановках', false, false),
    ('landscaping', 'landscaping.street_furniture', 'Ненадлежащее состояние малых архитектурных форм и уличной мебели', false, false),
    ('landscaping', 'landscaping.abandoned_vehicles', 'Брошенные и разукомплектованные транспортные средства', false, false),
    ('landscaping', 'landscaping.fallen_trees', 'Аварийные и упавшие деревья', false, false),
    ('landscaping', 'landscaping.manholes_condition', 'Неудовлетворительное состояние колодцев и люков', false, false),
    ('landscaping', 'landscaping.ad_structures', 'Незаконные или повреждённые рекламные и информационные конструкции', false, false),
    ('landscaping', 'landscaping.other', 'Прочие по направлению', true, false),
    ('ecology', 'ecology.air', 'Выбросы вредных веществ в атмосферу/загрязнение воздуха', false, false),
    ('ecology', 'ecology.water', 'Выбросы вредных веществ в водоёмы/загрязнение водоёмов', false, false),
    ('ecology', 'ecology.forests', 'Охрана лесов и особо охраняемых природных территорий', false, false),
    ('ecology', 'ecology.odours', 'Неприятные запахи от предприятий и очистных сооружений', false, false),
    ('ecology', 'ecology.other', 'Прочие по направлению', true, false),
    ('safety', 'safety.public_spaces', 'Безопасность общественных пространств', false, false),
    ('safety', 'safety.stray_animals', 'Отлов безнадзорных собак и кошек', false, false),
    ('safety', 'safety.refugees', 'Беженцы', false, false),
    ('safety', 'safety.fire_emergency', 'Пожарная безопасность и чрезвычайные ситуации', false, false),
    ('safety', 'safety.other', 'Прочие по направлению', true, false),
    ('culture', 'culture.institutions', 'Учреждения культуры', false, false),
    ('culture', 'culture.events', 'Культурно-досуговые мероприятия', false, false),
    ('culture', 'culture.heritage', 'Памятники и объекты культурного наследия', false, false),
    ('culture', 'culture.other', 'Прочие по направлению', true, false),
    ('sport', 'sport.facilities_construction', 'Строительство спортивной инфраструктуры', false, false),
    ('sport', 'sport.facilities_repair', 'Ремонт спортивных учреждений', false, false),
    ('sport', 'sport.events', 'Спортивные мероприятия', false, false),
    ('sport', 'sport.other', 'Прочие по направлению', true, false),
    ('telecom', 'telecom.it_support', 'Информационно-техническая поддержка', false, true),
    ('telecom', 'telecom.mobile_internet', 'Качество мобильной связи и интернета', false, false),
    ('telecom', 'telecom.no_connectivity', 'Отсутствие связи и интернета в населённом пункте', false, false),
    ('telecom', 'telecom.tv', 'Телевидение и радиовещание', false, false),
    ('telecom', 'telecom.post', 'Почтовая связь', false, false),
    ('telecom', 'telecom.other', 'Прочие по направлению', true, false),
    ('construction', 'construction.public_buildings', 'Состояние зданий учреждений и организаций', false, false),
    ('construction', 'construction.social_facilities', 'Строительство социальных объектов', false, false),
    ('construction', 'construction.buildings', 'Строительство зданий', false, false),
    ('construction', 'construction.architecture', 'Архитектура города', false, false),
    ('construction', 'construction.other', 'Прочие по направлению', true, false),
    ('economy', 'economy.jobs', 'Трудоустройство', false, false),
    ('economy', 'economy.prices', 'Цены и ценообразование', false, false),
    ('economy', 'economy.state_property', 'Региональное имущество', false, false),
    ('economy', 'economy.smb_support', 'Поддержка малого и среднего предпринимательства', false, false),
    ('economy', 'economy.wage_arrears', 'Задолженность по заработной плате', false, false),
    ('economy', 'economy.other', 'Прочие по направлению', true, false),
    ('trade', 'trade.kiosks', 'Нестационарная торговля (киоски, павильоны, сезонная торговля)', false, true),
    ('trade', 'trade.illegal_street_trade', 'Реализация товаров в местах, не предназначенных для торговли', false, false),
    ('trade', 'trade.consumer_rights', 'Качество товаров и защита прав потребителей', false, false),
    ('trade', 'trade.other', 'Прочие по направлению', true, false),
    ('public_services', 'public_services.state_services', 'Государственные услуги', false, false),
    ('public_services', 'public_services.mfc', 'МФЦ "Мои документы"', false, false),
    ('public_services', 'public_services.gosuslugi_portal', 'Портал государственных услуг', false, false),
    ('public_services', 'public_services.mfc_queues', 'Запись и очереди в МФЦ', false, false),
    ('public_services', 'public_services.other', 'Прочие по направлению', true, false),
    ('funeral', 'funeral.burial', 'Погребение и похоронное дело', false, false),
    ('funeral', 'funeral.cemeteries', 'Содержание и благоустройство кладбищ', false, false),
    ('funeral', 'funeral.burial_plots', 'Предоставление мест для захоронения', false, false),
    ('funeral', 'funeral.ritual_services', 'Ритуальные услуги: цены и качество', false, false),
    ('funeral', 'funeral.other', 'Прочие по направлению', true, false),
    ('epidemic', 'epidemic.covid_doctors', 'Жалобы на врачей', false, false),
    ('epidemic', 'epidemic.covid_tests', 'Тесты на коронавирус', false, false),
    ('epidemic', 'epidemic.covid_vaccine_supply', 'Доступность вакцин', false, false),
    ('epidemic', 'epidemic.covid', 'Коронавирус', false, false),
    ('epidemic', 'epidemic.covid_vaccination_points', 'Порядок и пункты вакцинации', false, false),
    ('epidemic', 'epidemic.covid_certificates', 'Сертификаты и QR-коды', false, false),
    ('epidemic', 'epidemic.covid_hotlines', 'Проблемы в работе горячих линий', false, false),
    ('epidemic', 'epidemic.covid_restrictions', 'Коронавирусные ограничения', false, false),
    ('epidemic', 'epidemic.covid_quarantine', 'Самоизоляция и карантин', false, false),
    ('epidemic', 'epidemic.sanitary', 'Санитарно-эпидемиологическое благополучие', false, false),
    ('epidemic', 'epidemic.deratization', 'Обработка и уничтожение грызунов (дератизация)', false, false),
    ('epidemic', 'epidemic.other', 'Прочие по направлению', true, false),
    ('other', 'other.special_projects', 'Спецпроекты', false, false),
    ('other', 'other.authorities', 'Работа органов власти и должностных лиц', false, false),
    ('other', 'other.gratitude', 'Благодарности', false, false),
    ('other', 'other.other', 'Прочие по направлению', true, false)
) AS v(theme_code, code, name, is_other, priority)
JOIN @extschema@.theme AS t ON t.code OPERATOR(pg_catalog.=) v.theme_code;
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Channels and kinds of SPEC, default settings and answer templates.

INSERT INTO @extschema@.channel (code, name) VALUES
    ('pos_form', 'Платформа обратной связи (ПОС): форма'),
    ('pos_app', 'Платформа обратной связи (ПОС): мобильное приложение'),
    ('regional_portal', 'Региональный портал'),
    ('municipal_system', 'Муниципальная система'),
    ('social_network', 'Социальные сети'),
    ('messenger', 'Мессенджеры'),
    ('email', 'Электронная почта'),
    ('hotline', 'Горячая линия'),
    ('mfc', 'МФЦ'),
    ('contact_center', 'Контакт-центр'),
    ('paper', 'Письменное обращение');

INSERT INTO @extschema@.appeal_kind (code, name) VALUES
    ('appeal', 'Обращение'),
    ('message', 'Сообщение'),
    ('complaint', 'Жалоба'),
    ('proposal', 'Предложение'),
    ('request', 'Запрос');

INSERT INTO @extschema@.setting (name, value, description) VALUES
    ('node_id', '0', 'Number 0-999 of this installation within its regions; part of appeal ids so that several installations never collide. Default 0.'),
    ('notify', 'true', 'Send NOTIFY cuvr_events with a small JSON payload for every appeal event. Default true.'),
    ('max_text_length', '100000', 'Longest accepted text of an appeal or answer, in characters. Default 100000.'),
    ('classifier_enabled', 'true', 'Classify appeals that arrive without a category (keyword rules, then the trained model). Default true.'),
    ('negative_rating_max', '2', 'Ratings of this score or lower are negative and send the appeal to the higher body for re-processing. Default 2.'),
    ('escalation_depth_limit', '2', 'How many levels an appeal goes up the body tree; past it the coordinating ЦУР takes it under manual control. Default 2.'),
    ('repeat_window', '90 days', 'An appeal of the same applicant on the same category or ТОК code within this window is a repeat (ССТУ «Повторное»). Default 90 days.'),
    ('mass_detection', 'true', 'Sign appeal texts and group near-duplicates into mass problems. Default true.'),
    ('mass_window', '72 hours', 'Near-duplicates of an appeal are looked for among appeals received within this interval of it. Default 72 hours.'),
    ('mass_max_distance', '3', 'Text signatures differing in at most this many of 64 bits are near-duplicates (0-3; the signature index finds up to 3). Default 3.'),
    ('mass_radius_m', '300', 'Near-duplicates with coordinates on both must lie within this many metres of each other. Default 300.'),
    ('mass_min_group', '3', 'A problem is made when this many near-duplicate appeals exist. Default 3.'),
    ('triage_confidence', '0.6', 'An appeal whose category the classifier finds with a lower confidence waits in triage for a person. Default 0.6.'),
    ('body_rating_min_answers', '10', 'A body is ranked in cuvr_bi.body_rating for a month only with at least this many answers in it; below, its figures are shown but unranked. Default 10.'),
    ('outbox_retry_after', '5 minutes', 'A fetched but unconfirmed notification is handed out again after this interval. Default 5 minutes.');

INSERT INTO @extschema@.answer_template (code, result, name, body) VALUES
    ('registered', NULL, 'Уведомление о регистрации',
     'Уважаемый(ая) {{applicant_name}}! Ваше обращение зарегистрировано {{registered_date}} под номером {{number}}. Срок рассмотрения — до {{due_date}}.'),
    ('redirected', NULL, 'Уведомление о переадресации',
     'Уважаемый(ая) {{applicant_name}}! Ваше обращение № {{number}} от {{registered_date}} направлено для рассмотрения в {{body}}.'),
    ('measures_taken', 'measures_taken', 'Меры приняты',
     'Уважаемый(ая) {{applicant_name}}! По Вашему обращению № {{number}} от {{registered_date}} ({{category}}) {{body}} сообщает, что меры приняты. Дата ответа: {{today}}.'),
    ('explained', 'explained', 'Разъяснено',
     'Уважаемый(ая) {{applicant_name}}! По Вашему обращению № {{number}} от {{registered_date}} {{body}} даёт следующие разъяснения.'),
    ('supported', 'supported', 'Поддержано',
     'Уважаемый(ая) {{applicant_name}}! Ваше предложение по обращению № {{number}} от {{registered_date}} поддержано {{body}}.'),
    ('not_supported', 'not_supported', 'Не поддержано',
     'Уважаемый(ая) {{applicant_name}}! По Вашему обращению № {{number}} от {{registered_date}} {{body}} сообщает, что оно не поддержано, по следующим причинам.');

INSERT INTO @extschema@.secret (name, value)
VALUES ('applicant_key', pg_catalog.decode(pg_catalog.md5(pg_catalog.gen_random_uuid()::text)
                         OPERATOR(pg_catalog.||) pg_catalog.md5(pg_catalog.gen_random_uuid()::text), 'hex'));
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- The federal production calendars 2020-2026 (xmlcalendar format, public
-- fact), generated by test/tools/gen_calendar_sql.  Later years: load them
-- with cuvr.load_xmlcalendar().

SELECT @extschema@.load_xmlcalendar($xml$
<calendar year="2020" lang="ru" date="2020.06.17" country="ru">
    <holidays>
        <holiday id="1" title="Новогодние каникулы (в ред. Федерального закона от 23.04.2012 № 35-ФЗ)" />
        <holiday id="2" title="Рождество Христово" />
        <holiday id="3" title="День защитника Отечества" />
        <holiday id="4" title="Международный женский день" />
        <holiday id="5" title="Праздник Весны и Труда" />
        <holiday id="6" title="День Победы" />
        <holiday id="7" title="День России" />
        <holiday id="8" title="День народного единства" />
        <holiday id="9" title="Нерабочая неделя (Указ Президента от 25.03.2020 №206)" />
        <holiday id="10" title="Нерабочие дни (Указ Президента от 02.04.2020 №239)" />
        <holiday id="11" title="Нерабочие дни (Указ Президента от 28.04.2020 №294)" />
        <holiday id="12" title="Нерабочий день (Указ Президента от 29.05.2020 №345)" />
        <holiday id="13" title="Общероссийское голосование по поправкам к Конституции России (Указ Президента от 01.06.2020 №354)" />
    </holidays>
    <days>
        <day d="01.01" t="1" h="1" />
        <day d="01.02" t="1" h="1" />
        <day d="01.03" t="1" h="1" />
        <day d="01.04" t="1" h="1" />
        <day d="01.05" t="1" h="1" />
        <day d="01.06" t="1" h="1" />
        <day d="01.07" t="1" h="2" />
        <day d="01.08" t="1" h="1" />
        <day d="02.23" t="1" h="3" />
        <day d="02.24" t="1" />
        <day d="03.08" t="1" h="4" />
        <day d="03.09" t="1" />
        <day d="03.30" t="1" h="9" />
        <day d="03.31" t="1" h="9" />
        <day d="04.01" t="1" h="9" />
        <day d="04.02" t="1" h="9" />
        <day d="04.03" t="1" h="9" />
        <day d="04.04" t="1" h="10" />
        <day d="04.05" t="1" h="10" />
        <day d="04.06" t="1" h="10" />
        <day d="04.07" t="1" h="10" />
        <day d="04.08" t="1" h="10" />
        <day d="04.09" t="1" h="10" />
        <day d="04.10" t="1" h="10" />
        <day d="04.11" t="1" h="10" />
        <day d="04.12" t="1" h="10" />
        <day d="04.13" t="1" h="10" />
        <day d="04.14" t="1" h="10" />
        <day d="04.15" t="1" h="10" />
        <day d="04.16" t="1" h="10" />
        <day d="04.17" t="1" h="10" />
        <day d="04.18" t="1" h="10" />
        <day d="04.19" t="1" h="10" />
        <day d="04.20" t="1" h="10" />
        <day d="04.21" t="1" h="10" />
        <day d="04.22" t="1" h="10" />
        <day d="04.23" t="1" h="10" />
        <day d="04.24" t="1" h="10" />
        <day d="04.25" t="1" h="10" />
        <day d="04.26" t="1" h="10" />
        <day d="04.27" t="1" h="10" />
        <day d="04.28" t="1" h="10" />
        <day d="04.29" t="1" h="10" />
        <day d="04.30" t="1" h="10" />
        <day d="05.01" t="1" h="5" />
        <day d="05.02" t="1" />
        <day d="05.03" t="1" />
        <day d="05.04" t="1" />
        <day d="05.05" t="1" />
        <day d="05.06" t="1" h="11" />
        <day d="05.07" t="1" h="11" />
        <day d="05.08" t="1" h="11" />
        <day d="05.09" t="1" h="6" />
        <day d="05.10" t="1" />
        <day d="05.11" t="1" />
        <day d="06.11" t="2" />
        <day d="06.12" t="1" h="7" />
        <day d="06.24" t="1" h="12" />
        <day d="07.01" t="1" h="13" />
        <day d="11.03" t="2" />
        <day d="11.04" t="1" h="8" />
        <day d="12.31" t="2" />
    </days>
</calendar>
$xml$::xml);

SELECT @extschema@.load_xmlcalendar($xml$
<calendar year="2021" lang="ru" date="2021.10.27" country="ru">
    <holidays>
        <holiday id="1" title="Новогодние каникулы (в ред. Федерального закона от 23.04.2012 № 35-ФЗ)" />
        <holiday id="2" title="Рождество Христово" />
        <holiday id="3" title="День защитника Отечества" />
        <holiday id="4" title="Международный женский день" />
        <holiday id="5" title="Праздник Весны и Труда" />
        <holiday id="6" title="День Победы" />
        <holiday id="7" title="День России" />
        <holiday id="8" title="День народного единства" />
        <holiday id="9" title="Нерабочие дни (Указ Президента от 23.04.2021 №242)" />
        <holiday id="10" title="Нерабочие дни (Указ Президента от 20.10.2021 №595)" />
    </holidays>
    <days>
        <day d="01.01" t="1" h="1" />
        <day d="01.02" t="1" h="1" />
        <day d="01.03" t="1" h="1" />
        <day d="01.04" t="1" h="1" />
        <day d="01.05" t="1" h="1" />
        <day d="01.06" t="1" h="1" />
        <day d="01.07" t="1" h="2" />
        <day d="01.08" t="1" h="1" />
        <day d="02.20" t="2" />
        <day d="02.22" t="1" f="02.20" />
        <day d="02.23" t="1" h="3" />
        <day d="03.08" t="1" h="4" />
        <day d="04.30" t="2" />
        <day d="05.01" t="1" h="5" />
        <day d="05.03" t="1" />
        <day d="05.04" t="1" h="9" />
        <day d="05.05" t="1" h="9" />
        <day d="05.06" t="1" h="9" />
        <day d="05.07" t="1" h="9" />
        <day d="05.09" t="1" h="6" />
        <day d="05.10" t="1" />
        <day d="06.11" t="2" />
        <day d="06.12" t="1" h="7" />
        <day d="06.14" t="1" />
        <day d="10.30" t="1" h="10" />
        <day d="10.31" t="1" h="10" />
        <day d="11.01" t="1" h="10" />
        <day d="11.02" t="1" h="10" />
        <day d="11.03" t="1" h="10" />
        <day d="11.04" t="1" h="8" />
        <day d="11.05" t="1" f="01.02" />
        <day d="12.31" t="1" f="01.03" />
    </days>
</calendar>
$xml$::xml);

SELECT @extschema@.load_xmlcalendar($xml$
<calendar year="2022" lang="ru" date="2022.05.08" country="ru">
    <holidays>
        <holiday id="1" title="Новогодние каникулы"/>
        <holiday id="2" title="Рождество Христово"/>
        <holiday id="3" title="День защитника Отечества"/>
        <holiday id="4" title="Международный женский день"/>
        <holiday id="5" title="Праздник Весны и Труда"/>
        <holiday id="6" title="День Победы"/>
        <holiday id="7" title="День России"/>
        <holiday id="8" title="День народного единства"/>
    </holidays>
    <days>
        <day d="01.01" t="1" h="1"/>
        <day d="01.02" t="1" h="1"/>
        <day d="01.03" t="1" h="1"/>
        <day d="01.04" t="1" h="1"/>
        <day d="01.05" t="1" h="1"/>
        <day d="01.06" t="1" h="1"/>
        <day d="01.07" t="1" h="2"/>
        <day d="01.08" t="1" h="1"/>
        <day d="02.22" t="2"/>
        <day d="02.23" t="1" h="3"/>
        <day d="03.05" t="2"/>
        <day d="03.07" t="1" f="03.05"/>
        <day d="03.08" t="1" h="4"/>
        <day d="05.01" t="1" h="5"/>
        <day d="05.02" t="1" f="05.01"/>
        <day d="05.03" t="1" f="01.01"/>
        <day d="05.09" t="1" h="6"/>
        <day d="05.10" t="1" f="01.02"/>
        <day d="06.12" t="1" h="7"/>
        <day d="06.13" t="1" f="06.12"/>
        <day d="11.03" t="2"/>
        <day d="11.04" t="1" h="8"/>
    </days>
</calendar>
$xml$::xml);

SELECT @extschema@.load_xmlcalendar($xml$
<calendar year="2023" lang="ru" date="2022.08.07" country="ru">
    <holidays>
        <holiday id="1" title="Новогодние каникулы"/>
        <holiday id="2" title="Рождество Христово"/>
        <holiday id="3" title="День защитника Отечества"/>
        <holiday id="4" title="Международный женский день"/>
        <holiday id="5" title="Праздник Весны и Труда"/>
        <holiday id="6" title="День Победы"/>
        <holiday id="7" title="День России"/>
        <holiday id="8" title="День народного единства"/>
    </holidays>
    <days>
        <day d="01.01" t="1" h="1"/>
        <day d="01.02" t="1" h="1"/>
        <day d="01.03" t="1" h="1"/>
        <day d="01.04" t="1" h="1"/>
        <day d="01.05" t="1" h="1"/>
        <day d="01.06" t="1" h="1"/>
        <day d="01.07" t="1" h="2"/>
        <day d="01.08" t="1" h="1"/>
        <day d="02.22" t="2"/>
        <day d="02.23" t="1" h="3"/>
        <day d="02.24" t="1" f="01.01"/>
        <day d="03.07" t="2"/>
        <day d="03.08" t="1" h="4"/>
        <day d="05.01" t="1" h="5"/>
        <day d="05.08" t="1" f="01.08"/>
        <day d="05.09" t="1" h="6"/>
        <day d="06.12" t="1" h="7"/>
        <day d="11.03" t="2"/>
        <day d="11.04" t="1" h="8"/>
        <day d="11.06" t="1" f="11.04"/>
    </days>
</calendar>
$xml$::xml);

SELECT @extschema@.load_xmlcalendar($xml$
<calendar year="2024" lang="ru" date="2023.09.30">
    <holidays>
        <holiday id="1" title="Новогодние каникулы"/>
        <holiday id="2" title="Рождество Христово"/>
        <holiday id="3" title="День защитника Отечества"/>
        <holiday id="4" title="Международный женский день"/>
        <holiday id="5" title="Праздник Весны и Труда"/>
        <holiday id="6" title="День Победы"/>
        <holiday id="7" title="День России"/>
        <holiday id="8" title="День народного единства"/>
    </holidays>
    <days>
        <day d="01.01" t="1" h="1"/>
        <day d="01.02" t="1" h="1"/>
        <day d="01.03" t="1" h="1"/>
        <day d="01.04" t="1" h="1"/>
        <day d="01.05" t="1" h="1"/>
        <day d="01.06" t="1" h="1"/>
        <day d="01.07" t="1" h="2"/>
        <day d="01.08" t="1" h="1"/>
        <day d="02.22" t="2"/>
        <day d="02.23" t="1" h="3"/>
        <day d="03.07" t="2"/>
        <day d="03.08" t="1" h="4"/>
        <day d="04.27" t="3" />
        <day d="04.29" t="1" f="04.27"/>
        <day d="04.30" t="1" f="11.02"/>
        <day d="05.01" t="1" h="5"/>
        <day d="05.08" t="2"/>
        <day d="05.09" t="1" h="6"/>
        <day d="05.10" t="1" f="01.06"/>
        <day d="06.11" t="2"/>
        <day d="06.12" t="1" h="7"/>
        <day d="11.02" t="2"/>
        <day d="11.04" t="1" h="8"/>
        <day d="12.28" t="3"/>
        <day d="12.30" t="1" f="12.28"/>
        <day d="12.31" t="1" f="01.07"/>
    </days>
</calendar>
$xml$::xml);

SELECT @extschema@.load_xmlcalendar($xml$
<calendar year="2025" lang="ru" date="2024.12.01">
    <holidays>
        <holiday id="1" title="Новогодние каникулы"/>
        <holiday id="2" title="Рождество Христово"/>
        <holiday id="3" title="День защитника Отечества"/>
        <holiday id="4" title="Международный женский день"/>
        <holiday id="5" title="Праздник Весны и Труда"/>
        <holiday id="6" title="День Победы"/>
        <holiday id="7" title="День России"/>
        <holiday id="8" title="День народного единства"/>
    </holidays>
    <days>
        <day d="01.01" t="1" h="1"/>
        <day d="01.02" t="1" h="1"/>
        <day d="01.03" t="1" h="1"/>
        <day d="01.04" t="1" h="1"/>
        <day d="01.05" t="1" h="1"/>
        <day d="01.06" t="1" h="1"/>
        <day d="01.07" t="1" h="2"/>
        <day d="01.08" t="1" h="1"/>
        <day d="02.23" t="1" h="3"/>
        <day d="03.07" t="2"/>
        <day d="03.08" t="1" h="4"/>
        <day d="04.30" t="2"/>
        <day d="05.01" t="1" h="5"/>
        <day d="05.02" t="1" f="01.04"/>
        <day d="05.08" t="1" f="02.23"/>
        <day d="05.09" t="1" h="6"/>
        <day d="06.11" t="2"/>
        <day d="06.12" t="1" h="7"/>
        <day d="06.13" t="1" f="03.08"/>
        <day d="11.01" t="2"/>
        <day d="11.03" t="1" f="11.01"/>
        <day d="11.04" t="1" h="8"/>
        <day d="12.31" t="1" f="01.05"/>
    </days>
</calendar>
$xml$::xml);

SELECT @extschema@.load_xmlcalendar($xml$
<calendar year="2026" lang="ru" date="2025.09.30" country="ru">
    <holidays>
        <holiday id="1" title="Новогодние каникулы"/>
        <holiday id="2" title="Рождество Христово"/>
        <holiday id="3" title="День защитника Отечества"/>
        <holiday id="4" title="Международный женский день"/>
        <holiday id="5" title="Праздник Весны и Труда"/>
        <holiday id="6" title="День Победы"/>
        <holiday id="7" title="День России"/>
        <holiday id="8" title="День народного единства"/>
    </holidays>
    <days>
        <day d="01.01" t="1" h="1"/>
        <day d="01.02" t="1" h="1"/>
        <day d="01.03" t="1" h="1"/>
        <day d="01.04" t="1" h="1"/>
        <day d="01.05" t="1" h="1"/>
        <day d="01.06" t="1" h="1"/>
        <day d="01.07" t="1" h="2"/>
        <day d="01.08" t="1" h="1"/>
        <day d="01.09" t="1" f="01.03"/>
        <day d="02.23" t="1" h="3"/>
        <day d="03.08" t="1" h="4"/>
        <day d="03.09" t="1" f="03.08"/>
        <day d="04.30" t="2"/>
        <day d="05.01" t="1" h="5"/>
        <day d="05.08" t="2"/>
        <day d="05.09" t="1" h="6"/>
        <day d="05.11" t="1" f="05.09"/>
        <day d="06.11" t="2"/>
        <day d="06.12" t="1" h="7"/>
        <day d="11.03" t="2"/>
        <day d="11.04" t="1" h="8"/>
        <day d="12.31" t="1" f="01.04"/>
    </days>
</calendar>
$xml$::xml);
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Deadline policies (59-ФЗ and the ЦУР regulations), settings of the
-- deadline machinery, and examples of fixed-date regional holidays.

INSERT INTO @extschema@.deadline_policy (event, kind, channel, expedited, term, note) VALUES
    ('registration', NULL, NULL, NULL, '3 cd', '59-ФЗ ст. 8 ч. 2: регистрация в течение трёх дней'),
    ('redirect', NULL, NULL, NULL, '7 cd', '59-ФЗ ст. 8 ч. 3: переадресация в течение семи дней'),
    ('document_request', NULL, NULL, NULL, '15 cd', '59-ФЗ ст. 10 ч. 2: ответ на запрос документов в течение 15 дней'),
    ('answer', NULL, NULL, NULL, '30 cd', '59-ФЗ ст. 12 ч. 1: рассмотрение в течение 30 дней'),
    ('answer', NULL, NULL, true, '10 cd', 'ускоренный порядок рассмотрения: 10 календарных дней'),
    ('extension', NULL, NULL, NULL, '30 cd', '59-ФЗ ст. 12 ч. 2: продление не более чем на 30 дней'),
    ('first_response', NULL, 'social_network', NULL, '8 wh', 'первичный ответ на сообщение в социальной сети'),
    ('reprocess', NULL, NULL, NULL, '30 cd', 'повторное рассмотрение вышестоящим органом после негативной оценки'),
    ('reprocess', NULL, NULL, true, '10 cd', 'повторное рассмотрение в ускоренном порядке');

INSERT INTO @extschema@.setting (name, value, description) VALUES
    ('decree_days_move_deadlines', 'true',
     'Whether non-working days declared by presidential decree (2020, 2021) move deadlines like holidays. Courts have read them differently; the production calendars count them as days off. Default true.'),
    ('near_due_share', '0.8',
     'cuvr.run_maintenance() marks an open appeal as near its deadline once this share of its term has passed. Default 0.8.'),
    ('notify_parent_on_overdue', 'false',
     'When an appeal passes its deadline unanswered, also notify the parent of the responsible body. Default false.');

-- Examples of fixed-date regional non-working holidays.  The DBA checks
-- them against the region's current law and maintains the list.
INSERT INTO @extschema@.regional_holiday (region_code, month, day, name, law) VALUES
    (21, 6, 24, 'День Чувашской Республики', 'Закон Чувашской Республики о праздничных днях'),
    (16, 8, 30, 'День Республики Татарстан', 'Закон Республики Татарстан «О праздничных и памятных днях»'),
    (16, 11, 6, 'День Конституции Республики Татарстан', 'Закон Республики Татарстан «О праздничных и памятных днях»'),
    (2, 10, 11, 'День Республики Башкортостан', 'Закон Республики Башкортостан «О праздничных и памятных днях»'),
    (14, 4, 27, 'День Республики Саха (Якутия)', 'Закон Республики Саха (Якутия) о праздниках'),
    (17, 8, 15, 'День Республики Тыва', 'Конституционный закон Республики Тыва о праздниках'),
    (6, 6, 4, 'День образования Республики Ингушетия', 'Закон Республики Ингушетия о праздничных днях');
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Everything seeded so far ships with the extension.
UPDATE @extschema@.region SET builtin = true;
UPDATE @extschema@.channel SET builtin = true;
UPDATE @extschema@.appeal_kind SET builtin = true;
UPDATE @extschema@.theme SET builtin = true;
UPDATE @extschema@.category SET builtin = true;
UPDATE @extschema@.setting SET builtin = true;
UPDATE @extschema@.answer_template SET builtin = true;
UPDATE @extschema@.secret SET builtin = true;
UPDATE @extschema@.deadline_policy SET builtin = true;
UPDATE @extschema@.regional_holiday SET builtin = true;
UPDATE @extschema@.calendar_year SET builtin = true;
UPDATE @extschema@.calendar_day SET builtin = true;
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Least privilege.  Nothing is granted to PUBLIC.  Each group role gets what
-- its job needs; row-level security (forced) limits executors to the appeals
-- of their bodies and subordinate bodies; only operators and admins read
-- personal data; analysts read only cuvr_bi.

REVOKE ALL ON ALL TABLES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA @extschema@ FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA cuvr_bi FROM PUBLIC;

GRANT USAGE ON SCHEMA @extschema@ TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT USAGE ON SCHEMA cuvr_bi TO cuvr_admin, cuvr_operator, cuvr_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA cuvr_bi TO cuvr_admin, cuvr_operator, cuvr_analyst;

-- Reference data: everyone working reads it, admins maintain it.
GRANT SELECT ON @extschema@.region, @extschema@.body, @extschema@.channel, @extschema@.appeal_kind,
                @extschema@.theme, @extschema@.category, @extschema@.setting, @extschema@.answer_template,
                @extschema@.body_grant
   TO cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.region, @extschema@.body, @extschema@.channel,
                @extschema@.appeal_kind, @extschema@.theme, @extschema@.category, @extschema@.setting,
                @extschema@.answer_template, @extschema@.body_grant
   TO cuvr_admin;
GRANT USAGE, SELECT ON SEQUENCE @extschema@.body_id_seq, @extschema@.theme_id_seq,
                @extschema@.category_id_seq, @extschema@.answer_template_id_seq,
                @extschema@.deadline_policy_id_seq
   TO cuvr_admin;
-- Calendars and deadline policies, likewise.
GRANT SELECT ON @extschema@.calendar_year, @extschema@.calendar_day, @extschema@.regional_holiday,
                @extschema@.deadline_policy, @extschema@.routing_rule, @extschema@.keyword_rule,
                @extschema@.classifier_model, @extschema@.classifier_class
   TO cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.calendar_year, @extschema@.calendar_day,
                @extschema@.regional_holiday, @extschema@.deadline_policy, @extschema@.routing_rule,
                @extschema@.keyword_rule, @extschema@.classifier_model, @extschema@.classifier_class,
                @extschema@.classifier_feature
   TO cuvr_admin;
GRANT USAGE, SELECT ON SEQUENCE @extschema@.routing_rule_id_seq, @extschema@.keyword_rule_id_seq,
                @extschema@.classifier_model_id_seq
   TO cuvr_admin;

-- Appeals, answers and ratings are written only by the lifecycle functions
-- (SECURITY DEFINER, see 41_lifecycle.sql); working roles read them under
-- row-level security.  Admins may repair appeals directly; such changes are
-- journalled as "update".
GRANT SELECT ON @extschema@.appeal TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT INSERT ON @extschema@.appeal TO cuvr_admin;
GRANT UPDATE (status, body_id, category_id, category_confirmed, due_at, extended_at, answered_at,
              closed_at, escalation_level)
   ON @extschema@.appeal TO cuvr_admin;

GRANT SELECT, INSERT, UPDATE ON @extschema@.applicant TO cuvr_admin, cuvr_operator;
GRANT SELECT ON @extschema@.appeal_event TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT ON @extschema@.answer TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT ON @extschema@.rating TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT ON @extschema@.outbox TO cuvr_admin, cuvr_operator, cuvr_integration;
GRANT UPDATE (claimed_at, attempts, delivered_at) ON @extschema@.outbox TO cuvr_admin, cuvr_integration;
-- Bulk intake.  COPY FROM refuses tables with row-level security, so the
-- intake has none: integrations may only add rows and read their own
-- rejected rows through cuvr.my_intake.
GRANT INSERT ON @extschema@.intake TO cuvr_admin, cuvr_operator, cuvr_integration;
GRANT SELECT, UPDATE, DELETE ON @extschema@.intake TO cuvr_admin, cuvr_operator;
GRANT SELECT ON @extschema@.my_intake TO cuvr_admin, cuvr_operator, cuvr_integration;

-- Functions.  Internal helpers (lock_appeal, may_act, label_change, check_body,
-- require_reason, the payload parsers and the hooks) run only inside the
-- SECURITY DEFINER functions and are granted to no one.
GRANT EXECUTE ON FUNCTION
    @extschema@.acting_role(), @extschema@.setting_value(text), @extschema@.appeal_region(bigint),
    @extschema@.acting_bodies(name), @extschema@.render_template(text, bigint),
    @extschema@.coordinator_body(integer)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
-- The term type and deadline arithmetic are for every working role.
GRANT EXECUTE ON FUNCTION
    @extschema@.term(integer, text), @extschema@.term_value(@extschema@.term), @extschema@.term_unit(@extschema@.term),
    @extschema@.term_eq(@extschema@.term, @extschema@.term), @extschema@.term_ne(@extschema@.term, @extschema@.term),
    @extschema@.term_lt(@extschema@.term, @extschema@.term), @extschema@.term_le(@extschema@.term, @extschema@.term),
    @extschema@.term_gt(@extschema@.term, @extschema@.term), @extschema@.term_ge(@extschema@.term, @extschema@.term),
    @extschema@.term_cmp(@extschema@.term, @extschema@.term), @extschema@.term_hash(@extschema@.term),
    @extschema@.term_hash_extended(@extschema@.term, bigint),
    @extschema@.deadline(timestamptz, @extschema@.term, integer),
    @extschema@.due_date(timestamptz, @extschema@.term, smallint), @extschema@.due_date(timestamptz, @extschema@.term, integer),
    @extschema@.add_term(timestamptz, @extschema@.term, smallint), @extschema@.add_term(timestamptz, @extschema@.term, integer),
    @extschema@.is_working_day(date, smallint), @extschema@.is_working_day(date, integer),
    @extschema@.working_days_between(timestamptz, timestamptz, smallint),
    @extschema@.working_days_between(timestamptz, timestamptz, integer),
    @extschema@.policy_term(text, text, text, boolean)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
-- The classifier code types are for every working role.
GRANT EXECUTE ON FUNCTION
    @extschema@.tok_level(@extschema@.tok_code), @extschema@.tok_parent(@extschema@.tok_code),
    @extschema@.tok_code_eq(@extschema@.tok_code, @extschema@.tok_code), @extschema@.tok_code_ne(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.tok_code_lt(@extschema@.tok_code, @extschema@.tok_code), @extschema@.tok_code_le(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.tok_code_gt(@extschema@.tok_code, @extschema@.tok_code), @extschema@.tok_code_ge(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.tok_code_cmp(@extschema@.tok_code, @extschema@.tok_code), @extschema@.tok_code_hash(@extschema@.tok_code),
    @extschema@.tok_code_hash_extended(@extschema@.tok_code, bigint),
    @extschema@.tok_code_contains(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.tok_code_contained_by(@extschema@.tok_code, @extschema@.tok_code),
    @extschema@.oktmo_level(@extschema@.oktmo), @extschema@.oktmo_parent(@extschema@.oktmo),
    @extschema@.oktmo_prefix(@extschema@.oktmo), @extschema@.oktmo_region(@extschema@.oktmo),
    @extschema@.oktmo_eq(@extschema@.oktmo, @extschema@.oktmo), @extschema@.oktmo_ne(@extschema@.oktmo, @extschema@.oktmo),
    @extschema@.oktmo_lt(@extschema@.oktmo, @extschema@.oktmo), @extschema@.oktmo_le(@extschema@.oktmo, @extschema@.oktmo),
    @extschema@.oktmo_gt(@extschema@.oktmo, @extschema@.oktmo), @extschema@.oktmo_ge(@extschema@.oktmo, @extschema@.oktmo),
    @extschema@.oktmo_cmp(@extschema@.oktmo, @extschema@.oktmo), @extschema@.oktmo_hash(@extschema@.oktmo),
    @extschema@.oktmo_hash_extended(@extschema@.oktmo, bigint),
    @extschema@.oktmo_contains(@extschema@.oktmo, @extschema@.oktmo),
    @extschema@.oktmo_contained_by(@extschema@.oktmo, @extschema@.oktmo)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT EXECUTE ON FUNCTION @extschema@.run_maintenance(), @extschema@.kpi_merge() TO cuvr_admin, cuvr_operator;
GRANT EXECUTE ON FUNCTION @extschema@.kpi_rebuild() TO cuvr_admin;
GRANT SELECT ON @extschema@.kpi_delta, @extschema@.kpi_rollup, @extschema@.kpi_recomputed, @extschema@.kpi_current,
    @extschema@.kpi_monthly, @extschema@.kpi_monthly_current TO cuvr_admin;
GRANT EXECUTE ON FUNCTION
    @extschema@.matching_rules(smallint, integer, @extschema@.oktmo, text),
    @extschema@.route(smallint, integer, @extschema@.oktmo, text, integer),
    @extschema@.explain_route(bigint)
   TO cuvr_admin, cuvr_operator, cuvr_executor;
GRANT EXECUTE ON FUNCTION @extschema@.classify(text), @extschema@.classify_top(text, integer),
    @extschema@.classify_tokens(text)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT EXECUTE ON FUNCTION @extschema@.train_classifier() TO cuvr_admin;
GRANT EXECUTE ON FUNCTION @extschema@.text_signature(text), @extschema@.signature_distance(bigint, bigint),
    @extschema@.signature_keys(bigint, integer, @extschema@.oktmo)
   TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT SELECT ON @extschema@.problem TO cuvr_admin, cuvr_operator, cuvr_executor, cuvr_integration;
GRANT EXECUTE ON FUNCTION @extschema@.load_xmlcalendar(xml, smallint) TO cuvr_admin;
GRANT EXECUTE ON FUNCTION @extschema@.register_appeal(jsonb), @extschema@.intake_payload(@extschema@.intake),
    @extschema@.rate(bigint, integer, text, timestamptz)
   TO cuvr_admin, cuvr_operator, cuvr_integration;
GRANT EXECUTE ON FUNCTION @extschema@.assign(bigint, integer), @extschema@.reclassify(bigint, text),
    @extschema@.close(bigint, text), @extschema@.reject(bigint, text), @extschema@.intake_retry()
   TO cuvr_admin, cuvr_operator;
GRANT EXECUTE ON FUNCTION @extschema@.redirect(bigint, integer, text), @extschema@.take(bigint),
    @extschema@.extend(bigint, text), @extschema@.answer(bigint, text, text, timestamptz, text)
   TO cuvr_admin, cuvr_operator, cuvr_executor;
GRANT EXECUTE ON FUNCTION @extschema@.grant_body(name, integer), @extschema@.revoke_body(name, integer)
   TO cuvr_admin;
GRANT EXECUTE ON FUNCTION @extschema@.outbox_fetch(integer), @extschema@.outbox_ack(bigint[])
   TO cuvr_admin, cuvr_integration;

-- Row-level security, forced so that a non-superuser owner is bound too.
ALTER TABLE @extschema@.appeal ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.appeal FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.appeal TO cuvr_admin, cuvr_operator USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.appeal IS 'ЦУР operators and admins see every appeal (admins may also repair one)';
CREATE POLICY integration_read ON @extschema@.appeal FOR SELECT TO cuvr_integration USING (true);
COMMENT ON POLICY integration_read ON @extschema@.appeal IS 'integrations follow the appeals they deliver';
CREATE POLICY executor_read ON @extschema@.appeal FOR SELECT TO cuvr_executor
    USING (body_id OPERATOR(pg_catalog.=) ANY (coalesce((SELECT @extschema@.acting_bodies()), '{}')));
COMMENT ON POLICY executor_read ON @extschema@.appeal IS 'an executor sees the appeals of its bodies and their subordinate bodies';

ALTER TABLE @extschema@.applicant ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.applicant FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.applicant TO cuvr_admin, cuvr_operator USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.applicant IS 'only ЦУР operators and admins handle personal data';

ALTER TABLE @extschema@.appeal_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.appeal_event FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.appeal_event FOR SELECT TO cuvr_admin, cuvr_operator, cuvr_integration USING (true);
COMMENT ON POLICY staff ON @extschema@.appeal_event IS 'operators, admins and integrations read every history';
CREATE POLICY executor_read ON @extschema@.appeal_event FOR SELECT TO cuvr_executor
    USING (EXISTS (SELECT 1 FROM @extschema@.appeal AS a
                    WHERE a.region_code OPERATOR(pg_catalog.=) appeal_event.region_code
                      AND a.id OPERATOR(pg_catalog.=) appeal_event.appeal_id));
COMMENT ON POLICY executor_read ON @extschema@.appeal_event IS 'an executor reads the history of the appeals it sees';

ALTER TABLE @extschema@.answer ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.answer FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.answer FOR SELECT TO cuvr_admin, cuvr_operator USING (true);
COMMENT ON POLICY staff ON @extschema@.answer IS 'operators and admins read every answer';
CREATE POLICY integration_read ON @extschema@.answer FOR SELECT TO cuvr_integration USING (true);
COMMENT ON POLICY integration_read ON @extschema@.answer IS 'integrations deliver answers to applicants';
CREATE POLICY executor_read ON @extschema@.answer FOR SELECT TO cuvr_executor
    USING (EXISTS (SELECT 1 FROM @extschema@.appeal AS a
                    WHERE a.region_code OPERATOR(pg_catalog.=) answer.region_code
                      AND a.id OPERATOR(pg_catalog.=) answer.appeal_id));
COMMENT ON POLICY executor_read ON @extschema@.answer IS 'an executor reads the answers of the appeals it sees';

ALTER TABLE @extschema@.rating ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.rating FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.rating FOR SELECT TO cuvr_admin, cuvr_operator, cuvr_integration USING (true);
COMMENT ON POLICY staff ON @extschema@.rating IS 'operators, admins and integrations read every rating';
CREATE POLICY executor_read ON @extschema@.rating FOR SELECT TO cuvr_executor
    USING (EXISTS (SELECT 1 FROM @extschema@.appeal AS a
                    WHERE a.region_code OPERATOR(pg_catalog.=) rating.region_code
                      AND a.id OPERATOR(pg_catalog.=) rating.appeal_id));
COMMENT ON POLICY executor_read ON @extschema@.rating IS 'an executor reads the ratings of the appeals it sees';

ALTER TABLE @extschema@.outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY staff ON @extschema@.outbox TO cuvr_admin, cuvr_operator, cuvr_integration USING (true) WITH CHECK (true);
COMMENT ON POLICY staff ON @extschema@.outbox IS 'deliverers (integrations) and staff work the outbox';
\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- pg_dump keeps every table's rows and every sequence's position.  Seeded
-- rows come back through merge_builtin_row(), restored appeals through the
-- unlabelled-insert path of the guard and journal triggers.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.region', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.body', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.channel', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal_kind', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.theme', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.category', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.setting', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.answer_template', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.body_grant', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.secret', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.applicant', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal_event', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.answer', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rating', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.intake', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_year', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_day', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.regional_holiday', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.deadline_policy', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.deadline_policy_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.applicant_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.body_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.theme_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.category_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.answer_template_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.appeal_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.answer_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rating_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.intake_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.routing_rule', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.routing_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.classifier_model', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.classifier_class', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.classifier_feature', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.keyword_rule', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.classifier_model_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.keyword_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.problem', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.problem_id_seq', '');
