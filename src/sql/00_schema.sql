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
