\echo Use "ALTER EXTENSION cuvr UPDATE TO '0.2'" to load this file. \quit

-- cuvr 0.1 -> 0.2.  Every change made to src/sql/ after 0.1 is repeated
-- here, so that an updated catalog equals a fresh 0.2 install
-- (test/tap/upgrade.t compares them object by object).

-- sqlsmith: a routing rule with a territory and no region was refused as
-- "territory ... is not in region <NULL>"; the NOT NULL constraint now
-- names the missing column.
CREATE OR REPLACE FUNCTION @extschema@.routing_rule_check()
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
    -- A rule without a region is left to the NOT NULL constraint, which
    -- names the column, rather than called outside region NULL.
    IF NEW.territory IS NOT NULL AND NEW.region_code IS NOT NULL
       AND @extschema@.oktmo_region(NEW.territory) IS DISTINCT FROM NEW.region_code THEN
        RAISE EXCEPTION 'territory % is not in region %', NEW.territory, NEW.region_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The first two digits of an OKTMO code name the region (cuvr.region.oktmo_prefix).';
    END IF;
    RETURN NEW;
END
$$;
