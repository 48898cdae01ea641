-- CREATE EXTENSION, DROP EXTENSION, CREATE EXTENSION again; every object
-- carries a comment; the version and the owned schemas are right.
-- With CUVR_UPGRADE_FROM set (test/run-in-cluster), the extension is
-- installed at that older version and updated instead, and every later test
-- runs on the updated catalog; the output is the same.
\set SHOW_CONTEXT never
\getenv upgrade_from CUVR_UPGRADE_FROM
\if :{?upgrade_from}
CREATE EXTENSION cuvr VERSION :'upgrade_from';
ALTER EXTENSION cuvr UPDATE;
-- An update keeps notify as 0.1 had it (true); the tests expect 0.2's default.
UPDATE cuvr.setting SET value = 'false' WHERE name = 'notify';
\else
CREATE EXTENSION cuvr;
\endif
SELECT extname, extversion = default_version AS current_version, extrelocatable, extnamespace::regnamespace AS schema
  FROM pg_extension JOIN pg_available_extensions ON name = extname WHERE extname = 'cuvr';
-- Objects of the extension without a comment (expect none).
SELECT pg_describe_object(d.classid, d.objid, 0) AS uncommented
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'cuvr')
   AND d.deptype = 'e'
   AND d.classid IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_namespace'::regclass,
                     'pg_policy'::regclass)
   AND obj_description(d.objid, d.classid::regclass::text) IS NULL
   AND NOT (d.classid = 'pg_class'::regclass
            AND (SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('S') AND
            EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass
                       AND i.objid = d.objid AND i.deptype = 'i'))
 ORDER BY 1;
-- Columns of tables and views without a comment (expect none).
SELECT c.oid::regclass AS relation, a.attname AS uncommented_column
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
   AND c.relkind IN ('r', 'v')
   AND col_description(c.oid, a.attnum) IS NULL
 ORDER BY 1, 2;
-- Every function pins its search_path.
SELECT p.oid::regprocedure AS unpinned
  FROM pg_proc p
 WHERE p.pronamespace = 'cuvr'::regnamespace
   AND p.prolang NOT IN (SELECT oid FROM pg_language WHERE lanname IN ('c', 'internal'))
   AND NOT coalesce(p.proconfig, '{}') @> '{"search_path=pg_catalog, pg_temp"}'
 ORDER BY 1;
-- SECURITY DEFINER functions, each justified in its comment.
SELECT p.oid::regprocedure AS security_definer, has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
  FROM pg_proc p WHERE p.pronamespace = 'cuvr'::regnamespace AND p.prosecdef ORDER BY p.oid::regprocedure::text;
-- The five group roles exist and cannot log in.
SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'cuvr\_%' ORDER BY 1;
DROP EXTENSION cuvr;
SELECT count(*) AS cuvr_bi_left FROM pg_namespace WHERE nspname = 'cuvr_bi';
\getenv upgrade_from CUVR_UPGRADE_FROM
\if :{?upgrade_from}
CREATE EXTENSION cuvr VERSION :'upgrade_from';
ALTER EXTENSION cuvr UPDATE;
-- An update keeps notify as 0.1 had it (true); the tests expect 0.2's default.
UPDATE cuvr.setting SET value = 'false' WHERE name = 'notify';
\else
CREATE EXTENSION cuvr;
\endif
SELECT count(*) AS regions FROM cuvr.region;
