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

-- The term of a step for an appeal; NULL when no policy matches.  An
-- unknown step is a mistake, not a step without a policy.  In C
-- (src/policy.c), with the policies cached per backend: registration looks
-- up two terms per appeal.
CREATE FUNCTION @extschema@.policy_term(event text, kind text, channel text, expedited boolean)
RETURNS @extschema@.term
    LANGUAGE C STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'cuvr_policy_term';
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
COMMENT ON TRIGGER cache_changed ON @extschema@.calendar_day IS 'drops the per-backend caches built from the table when it changes';
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.calendar_year
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
COMMENT ON TRIGGER cache_changed ON @extschema@.calendar_year IS 'drops the per-backend caches built from the table when it changes';
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.regional_holiday
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
COMMENT ON TRIGGER cache_changed ON @extschema@.regional_holiday IS 'drops the per-backend caches built from the table when it changes';
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.region
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
COMMENT ON TRIGGER cache_changed ON @extschema@.region IS 'drops the per-backend caches built from the table when it changes';
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.setting
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
COMMENT ON TRIGGER cache_changed ON @extschema@.setting IS 'drops the per-backend caches built from the table when it changes';
CREATE TRIGGER cache_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.deadline_policy
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cache_changed();
COMMENT ON TRIGGER cache_changed ON @extschema@.deadline_policy IS 'drops the per-backend caches built from the table when it changes';

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
    IF doc IS NULL THEN
        RAISE EXCEPTION 'xmlcalendar document must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT pg_catalog.xpath_exists('/calendar', doc) THEN
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
    EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
        cal_year := NULL;
    END;
    IF cal_year IS NULL OR cal_year NOT BETWEEN 2000 AND 2099 THEN
        RAISE EXCEPTION 'xmlcalendar document has no valid year'
            USING ERRCODE = 'invalid_xml_content',
                  DETAIL = 'Attribute year of <calendar> must be a year from 2000 to 2099.';
    END IF;

    FOREACH holiday_node IN ARRAY pg_catalog.xpath('/calendar/holidays/holiday', doc) LOOP
        h := ((pg_catalog.xpath('/holiday/@id', holiday_node))[1])::text;
        IF h IS NULL THEN
            RAISE EXCEPTION 'invalid holiday in xmlcalendar %: it has no id', cal_year
                USING ERRCODE = 'invalid_xml_content',
                      DETAIL = 'Each <holiday> has an attribute id, which the days refer to in h="...".';
        END IF;
        titles := titles OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
            h, ((pg_catalog.xpath('/holiday/@title', holiday_node))[1])::text);
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
