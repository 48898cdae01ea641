-- In the style of contrib/seg's security test: hostile objects planted in
-- public, first on the search_path, must not hijack CREATE EXTENSION, ALTER
-- EXTENSION ... UPDATE or the functions they install.  Every hostile object
-- records that it was called.
\set SHOW_CONTEXT never
DROP EXTENSION cuvr;
CREATE TABLE public.hijacked (what text);
CREATE FUNCTION public.hostile_text_eq(text, text) RETURNS boolean
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('=(text,text)'); SELECT $1 OPERATOR(pg_catalog.=) $2 $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.hostile_text_eq);
CREATE FUNCTION public.hostile_bigint_eq(bigint, bigint) RETURNS boolean
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('=(bigint,bigint)'); SELECT $1 OPERATOR(pg_catalog.=) $2 $$;
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = public.hostile_bigint_eq);
CREATE FUNCTION public.hostile_int_eq(smallint, integer) RETURNS boolean
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('=(smallint,integer)'); SELECT $1 OPERATOR(pg_catalog.=) $2 $$;
CREATE OPERATOR public.= (LEFTARG = smallint, RIGHTARG = integer, FUNCTION = public.hostile_int_eq);
CREATE FUNCTION public.hostile_concat(text, text) RETURNS text
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('||(text,text)'); SELECT $1 OPERATOR(pg_catalog.||) $2 $$;
CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = public.hostile_concat);
-- Functions named like ones cuvr calls, with argument types that would win.
CREATE FUNCTION public.now() RETURNS timestamptz
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('now()'); SELECT pg_catalog.now() $$;
CREATE FUNCTION public.btrim(text, text) RETURNS text
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('btrim'); SELECT pg_catalog.btrim($1, $2) $$;
CREATE FUNCTION public.lower(text) RETURNS text
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('lower'); SELECT pg_catalog.lower($1) $$;
CREATE FUNCTION public.length(text) RETURNS integer
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('length'); SELECT pg_catalog.length($1) $$;
CREATE FUNCTION public.nextval(text) RETURNS bigint
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('nextval'); SELECT pg_catalog.nextval($1::regclass) $$;
CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('set_config'); SELECT pg_catalog.set_config($1, $2, $3) $$;
CREATE FUNCTION public.jsonb_typeof(jsonb) RETURNS text
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('jsonb_typeof'); SELECT pg_catalog.jsonb_typeof($1) $$;
CREATE FUNCTION public.pg_notify(text, text) RETURNS void
    LANGUAGE sql AS $$ INSERT INTO public.hijacked VALUES ('pg_notify'); SELECT pg_catalog.pg_notify($1, $2) $$;
SET search_path = public, pg_catalog;
-- The first release, then its update scripts, must be as safe as the
-- current install script.
CREATE EXTENSION cuvr VERSION '0.1';
SELECT count(*) AS hijacked_during_create_0_1 FROM public.hijacked;
ALTER EXTENSION cuvr UPDATE;
SELECT extversion = default_version AS updated, (SELECT count(*) FROM public.hijacked) AS hijacked_during_update
  FROM pg_extension JOIN pg_available_extensions ON name = extname WHERE extname = 'cuvr';
DROP EXTENSION cuvr;
CREATE EXTENSION cuvr;
SELECT count(*) AS hijacked_during_create FROM public.hijacked;
-- Exercise the installed functions with the hostile search_path in place.
UPDATE cuvr.setting SET value = 'true' WHERE name OPERATOR(pg_catalog.=) 'notify';
INSERT INTO cuvr.body (region_code, level, kind, name) VALUES (71, 'regional', 'cur', 'ЦУР');
SELECT cuvr.register_appeal('{"source":"sec","external_id":"1","region":71,"channel":"email","text":" текст ","applicant":{"name":"А","email":"A@B.RU"}}') AS appeal \gset
SELECT cuvr.register_appeal('{"source":"sec","external_id":"1","region":71,"channel":"email","text":"текст"}') OPERATOR(pg_catalog.=) :appeal AS idempotent;
SELECT cuvr.assign(:appeal, (SELECT id FROM cuvr.body WHERE name OPERATOR(pg_catalog.=) 'ЦУР'));
SELECT cuvr.answer(:appeal, 'ответ', 'explained') IS NOT NULL AS answered;
SELECT cuvr.rate(:appeal, 4);
SELECT cuvr.render_template('registered', :appeal) IS NOT NULL AS rendered;
SELECT cuvr.close(:appeal, 'готово');
SELECT count(*) AS hijacked_during_use FROM public.hijacked;
SELECT DISTINCT what FROM public.hijacked ORDER BY 1;
RESET search_path;
DROP EXTENSION cuvr;
DROP OPERATOR public.= (text, text);
DROP OPERATOR public.= (bigint, bigint);
DROP OPERATOR public.= (smallint, integer);
DROP OPERATOR public.|| (text, text);
DROP FUNCTION public.hostile_text_eq(text, text), public.hostile_bigint_eq(bigint, bigint),
    public.hostile_int_eq(smallint, integer), public.hostile_concat(text, text), public.now(),
    public.btrim(text, text), public.lower(text), public.length(text), public.nextval(text),
    public.set_config(text, text, boolean), public.jsonb_typeof(jsonb), public.pg_notify(text, text);
DROP TABLE public.hijacked;
-- Leave the extension as install.sql made it, updated or fresh.
\getenv upgrade_from CUVR_UPGRADE_FROM
\if :{?upgrade_from}
CREATE EXTENSION cuvr VERSION :'upgrade_from';
ALTER EXTENSION cuvr UPDATE;
-- An update keeps notify as 0.1 had it (true); the tests expect 0.2's default.
UPDATE cuvr.setting SET value = 'false' WHERE name = 'notify';
\else
CREATE EXTENSION cuvr;
\endif
