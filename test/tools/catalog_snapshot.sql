-- One line per catalog fact of the cuvr extension, sorted, so that two
-- databases can be compared with diff: an updated catalog against a fresh
-- install (test/tap/upgrade.t).  Names only, never OIDs.
--   psql -X -A -t -f test/tools/catalog_snapshot.sql DB
\set ON_ERROR_STOP 1
SET search_path = pg_catalog;
WITH ext AS (
    SELECT oid FROM pg_extension WHERE extname = 'cuvr'
), member AS (
    SELECT d.classid, d.objid
      FROM pg_depend d, ext
     WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
), rel AS (
    SELECT c.* FROM pg_class c
     WHERE c.relnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
), facts(line) AS (
    -- The extension itself and what it dumps.
    SELECT format('extension %s relocatable=%s schema=%s', e.extversion, e.extrelocatable,
                  e.extnamespace::regnamespace)
      FROM pg_extension e WHERE e.extname = 'cuvr'
    UNION ALL
    SELECT format('config_dump %s where %L', c::regclass, coalesce(e.extcondition[i], ''))
      FROM pg_extension e, generate_subscripts(e.extconfig, 1) AS i, LATERAL (SELECT e.extconfig[i] AS c) x
     WHERE e.extname = 'cuvr'
    -- Every member object.
    UNION ALL
    SELECT 'member ' || pg_describe_object(m.classid, m.objid, 0) FROM member m
    -- Comments on members and on columns.
    UNION ALL
    SELECT format('comment %s: %s', pg_describe_object(m.classid, m.objid, 0),
                  obj_description(m.objid, m.classid::regclass::name))
      FROM member m WHERE obj_description(m.objid, m.classid::regclass::name) IS NOT NULL
    UNION ALL
    SELECT format('comment %s.%s: %s', r.oid::regclass, a.attname, col_description(r.oid, a.attnum))
      FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE col_description(r.oid, a.attnum) IS NOT NULL
    -- Schemas.
    UNION ALL
    SELECT format('schema %s owner=%s acl=%s', n.nspname, n.nspowner::regrole, n.nspacl)
      FROM pg_namespace n WHERE n.nspname IN ('cuvr', 'cuvr_bi')
    -- Functions: whole definition, privileges, cost, rows.
    UNION ALL
    SELECT format('function %s acl=%s cost=%s rows=%s leakproof=%s %s', p.oid::regprocedure,
                  p.proacl, p.procost, p.prorows, p.proleakproof,
                  CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid)
                       ELSE p.prokind::text END)
      FROM pg_proc p WHERE p.pronamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
    -- Relations: kind, persistence, options, row security, privileges.
    UNION ALL
    SELECT format('relation %s kind=%s persistence=%s options=%s rls=%s force=%s acl=%s',
                  r.oid::regclass, r.relkind, r.relpersistence, r.reloptions,
                  r.relrowsecurity, r.relforcerowsecurity, r.relacl)
      FROM rel r
    -- Columns in their order (dropped ones left out), with column privileges.
    UNION ALL
    SELECT format('column %s #%s %s %s notnull=%s default=%s identity=%s generated=%s collation=%s acl=%s',
                  r.oid::regclass,
                  row_number() OVER (PARTITION BY r.oid ORDER BY a.attnum),
                  a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,
                  CASE WHEN a.attcollation <> 0 THEN a.attcollation::regcollation::text END,
                  a.attacl)
      FROM rel r
      JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef ad ON ad.adrelid = r.oid AND ad.adnum = a.attnum
    -- Constraints, indexes, triggers, policies, rules of those relations.
    UNION ALL
    SELECT format('constraint %s %s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
      FROM pg_constraint c JOIN rel r ON r.oid = c.conrelid
    UNION ALL
    SELECT format('domain_constraint %s %s %s', c.contypid::regtype, c.conname, pg_get_constraintdef(c.oid))
      FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid
     WHERE t.typnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
    UNION ALL
    SELECT 'index ' || pg_get_indexdef(i.indexrelid)
      FROM pg_index i JOIN rel r ON r.oid = i.indrelid
    UNION ALL
    SELECT format('trigger %s enabled=%s', pg_get_triggerdef(t.oid), t.tgenabled)
      FROM pg_trigger t JOIN rel r ON r.oid = t.tgrelid WHERE NOT t.tgisinternal
    UNION ALL
    SELECT format('policy %s %s %s permissive=%s roles=%s using=%s check=%s',
                  p.polrelid::regclass, p.polname, p.polcmd, p.polpermissive,
                  (SELECT string_agg(CASE WHEN o = 0 THEN 'public' ELSE o::regrole::text END, ',' ORDER BY 1)
                     FROM unnest(p.polroles) o),
                  pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
      FROM pg_policy p JOIN rel r ON r.oid = p.polrelid
    UNION ALL
    SELECT format('view %s %s', r.oid::regclass, pg_get_viewdef(r.oid))
      FROM rel r WHERE r.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('sequence %s %s start=%s inc=%s min=%s max=%s cache=%s cycle=%s',
                  s.seqrelid::regclass, s.seqtypid::regtype, s.seqstart, s.seqincrement,
                  s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
      FROM pg_sequence s JOIN rel r ON r.oid = s.seqrelid
    -- Types, operators, operator classes and families, casts.
    UNION ALL
    SELECT format('type %s type=%s len=%s byval=%s align=%s storage=%s in=%s out=%s recv=%s send=%s base=%s acl=%s',
                  t.oid::regtype, t.typtype, t.typlen, t.typbyval, t.typalign, t.typstorage,
                  t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc, t.typsend::regproc,
                  nullif(t.typbasetype, 0)::regtype, t.typacl)
      FROM pg_type t
     WHERE t.typnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
       AND t.typrelid = 0 AND t.typelem = 0
    UNION ALL
    SELECT format('operator %s fn=%s com=%s neg=%s restrict=%s join=%s hashes=%s merges=%s',
                  o.oid::regoperator, o.oprcode::regproc, nullif(o.oprcom, 0)::regoperator,
                  nullif(o.oprnegate, 0)::regoperator, o.oprrest::regproc, o.oprjoin::regproc,
                  o.oprcanhash, o.oprcanmerge)
      FROM pg_operator o WHERE o.oprnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
    UNION ALL
    SELECT format('opclass %s %s for %s default=%s family=%s', am.amname, c.opcname,
                  c.opcintype::regtype, c.opcdefault, f.opfname)
      FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily
     WHERE c.opcnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
    UNION ALL
    SELECT format('amop %s %s strategy %s %s purpose=%s', am.amname, f.opfname, ao.amopstrategy,
                  ao.amopopr::regoperator, ao.amoppurpose)
      FROM pg_amop ao JOIN pg_opfamily f ON f.oid = ao.amopfamily JOIN pg_am am ON am.oid = f.opfmethod
     WHERE f.opfnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
    UNION ALL
    SELECT format('amproc %s %s %s,%s %s %s', am.amname, f.opfname, ap.amproclefttype::regtype,
                  ap.amprocrighttype::regtype, ap.amprocnum, ap.amproc::regprocedure)
      FROM pg_amproc ap JOIN pg_opfamily f ON f.oid = ap.amprocfamily JOIN pg_am am ON am.oid = f.opfmethod
     WHERE f.opfnamespace IN ('cuvr'::regnamespace, 'cuvr_bi'::regnamespace)
    UNION ALL
    SELECT format('cast %s as %s via %s context=%s', c.castsource::regtype, c.casttarget::regtype,
                  nullif(c.castfunc, 0)::regprocedure, c.castcontext)
      FROM pg_cast c JOIN member m ON m.classid = 'pg_cast'::regclass AND m.objid = c.oid
)
-- One fact per line: a function or view body keeps its line breaks as \n.
SELECT fact FROM (SELECT replace(line, E'\n', '\n') AS fact FROM facts) f ORDER BY fact COLLATE "C";
