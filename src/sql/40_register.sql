\echo Use "CREATE EXTENSION cuvr" to load this file. \quit

-- Registration: cuvr.register_appeal(), in C (src/register.c): it checks the
-- payload key by key, finds or creates the applicant, classifies, routes,
-- computes the deadlines and inserts the appeal.  Mass-appeal grouping is
-- the PL/pgSQL cuvr.attach_problem() below, which it calls.

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
    -- Near-duplicates come from the signature index, which holds the day of
    -- receipt: only the appeals of the window's days are read, so the cost
    -- follows the traffic of the window, not the size of the history.  One
    -- already in a problem decides; else mass_min_group of them make one.
    -- Both queries stop at their first rows, however large the group.  A
    -- near-duplicate has a signature within max_distance bits, was received
    -- within win of it and, when both have coordinates, lies within radius
    -- metres (equirectangular distance).  The test is written out in both
    -- queries, not called as a function: a SQL function with a pinned
    -- search_path is not inlined and was planned again for every appeal.
    SELECT x.problem_id INTO problem
      FROM @extschema@.appeal AS x
     WHERE @extschema@.signature_keys(x.signature, x.category_id, x.territory, x.received_at) OPERATOR(pg_catalog.&&)
           @extschema@.signature_probe(a.signature, a.category_id, a.territory,
                                       a.received_at OPERATOR(pg_catalog.-) win, a.received_at OPERATOR(pg_catalog.+) win)
       AND x.signature IS NOT NULL
       AND x.region_code OPERATOR(pg_catalog.=) a.region_code
       AND x.id OPERATOR(pg_catalog.<>) a.id
       AND x.category_id OPERATOR(pg_catalog.=) a.category_id
       AND (x.territory IS NULL AND a.territory IS NULL OR x.territory OPERATOR(@extschema@.=) a.territory)
       AND @extschema@.signature_distance(x.signature, a.signature) OPERATOR(pg_catalog.<=) max_distance
       AND x.received_at BETWEEN (a.received_at OPERATOR(pg_catalog.-) win) AND (a.received_at OPERATOR(pg_catalog.+) win)
       AND (x.lat IS NULL OR a.lat IS NULL OR
            pg_catalog.sqrt(pg_catalog.power((x.lat OPERATOR(pg_catalog.-) a.lat) OPERATOR(pg_catalog.*) 111320, 2)
                OPERATOR(pg_catalog.+) pg_catalog.power((x.lon OPERATOR(pg_catalog.-) a.lon) OPERATOR(pg_catalog.*) 111320
                    OPERATOR(pg_catalog.*) pg_catalog.cos(pg_catalog.radians(a.lat)), 2))
            OPERATOR(pg_catalog.<=) radius)
       AND x.problem_id IS NOT NULL
     LIMIT 1;
    IF problem IS NULL THEN
        SELECT pg_catalog.array_agg(n.id) INTO near
          FROM (SELECT x.id FROM @extschema@.appeal AS x
             WHERE @extschema@.signature_keys(x.signature, x.category_id, x.territory, x.received_at) OPERATOR(pg_catalog.&&)
                   @extschema@.signature_probe(a.signature, a.category_id, a.territory,
                                               a.received_at OPERATOR(pg_catalog.-) win, a.received_at OPERATOR(pg_catalog.+) win)
               AND x.signature IS NOT NULL
               AND x.region_code OPERATOR(pg_catalog.=) a.region_code
               AND x.id OPERATOR(pg_catalog.<>) a.id
               AND x.category_id OPERATOR(pg_catalog.=) a.category_id
               AND (x.territory IS NULL AND a.territory IS NULL OR x.territory OPERATOR(@extschema@.=) a.territory)
               AND @extschema@.signature_distance(x.signature, a.signature) OPERATOR(pg_catalog.<=) max_distance
               AND x.received_at BETWEEN (a.received_at OPERATOR(pg_catalog.-) win) AND (a.received_at OPERATOR(pg_catalog.+) win)
               AND (x.lat IS NULL OR a.lat IS NULL OR
                    pg_catalog.sqrt(pg_catalog.power((x.lat OPERATOR(pg_catalog.-) a.lat) OPERATOR(pg_catalog.*) 111320, 2)
                        OPERATOR(pg_catalog.+) pg_catalog.power((x.lon OPERATOR(pg_catalog.-) a.lon) OPERATOR(pg_catalog.*) 111320
                            OPERATOR(pg_catalog.*) pg_catalog.cos(pg_catalog.radians(a.lat)), 2))
                    OPERATOR(pg_catalog.<=) radius)
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
LANGUAGE C VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'cuvr_register_appeal';
COMMENT ON FUNCTION @extschema@.register_appeal(jsonb) IS
    'registers an appeal from a JSON payload and returns its id; idempotent on (source, external_id); SECURITY DEFINER to write personal data the caller may not read';
REVOKE ALL ON FUNCTION @extschema@.register_appeal(jsonb) FROM PUBLIC;
