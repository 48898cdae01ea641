#!/usr/bin/env bash
# BI over ODBC: an analyst (a login role that is a member of cuvr_analyst
# only) connects through psqlODBC and unixODBC with a password, as Power BI
# and Excel do, finds every cuvr_bi view and its columns through the ODBC
# catalog functions with standard ODBC SQL types, reads every view, and is
# refused the personal data in cuvr.applicant.
# Needs PGHOST/PGPORT/PGUSER/PGPASSWORD of a server with cuvr installed
# (test/run) and the Debian packages odbc-postgresql, unixodbc and
# unixodbc-dev (test/setup installs them).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

driver=$(ls /usr/lib/*/odbc/psqlodbcw.so 2>/dev/null | head -n 1)
if [ -z "$driver" ]; then
    echo "1..0 # SKIP psqlODBC driver (Debian package odbc-postgresql) is not installed"
    exit 0
fi

psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
diag() { sed 's/^/# /' >&2; }

db=cuvr_odbc_tap
analyst=cuvr_odbc_analyst
password=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
tmp=$(mktemp -d)
cleanup() {
    psql_ -d postgres -c "SET client_min_messages = warning" \
          -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $analyst"
    rm -rf "$tmp"
}
trap cleanup EXIT

psql_ -d postgres -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $analyst" -c "CREATE DATABASE $db"
psql_ -d $db -c "CREATE EXTENSION cuvr" \
      -c "CREATE ROLE $analyst LOGIN PASSWORD '$password' IN ROLE cuvr_analyst"

# A little data, loaded as the superuser: three appeals, two assigned and
# answered, one rated 5 and one rated 2 (which escalates it), so that most
# views have rows.
psql_ -d $db >/dev/null <<'SQL'
SET client_min_messages = error;
INSERT INTO cuvr.body (id, region_code, level, kind, name) VALUES (301, 71, 'regional', 'oiv', 'Министерство транспорта');
SELECT cuvr.register_appeal(jsonb_build_object('source', 'odbc', 'external_id', '1', 'region', 71, 'channel', 'pos_app',
    'text', 'Автобус не пришёл', 'category', 'transport.other', 'due_at', now() + interval '10 days',
    'applicant', jsonb_build_object('name', 'Кузнецов', 'email', 'k@example.ru'))) AS x \gset
SELECT cuvr.register_appeal('{"source":"odbc","external_id":"2","region":71,"channel":"pos_app","text":"Снова автобус","applicant":{"email":"k@example.ru"}}') AS y \gset
SELECT cuvr.register_appeal('{"source":"odbc","external_id":"3","region":77,"channel":"email","text":"Яма на дороге","applicant":{"email":"p@example.ru"}}');
SELECT cuvr.assign(:x, 301);
SELECT cuvr.answer(:x, 'Расписание восстановлено', 'measures_taken');
SELECT cuvr.rate(:x, 5);
SELECT cuvr.assign(:y, 301);
SELECT cuvr.answer(:y, 'Проверим', 'explained');
SELECT cuvr.rate(:y, 2);
SQL
ok $? "data loaded as superuser: 3 appeals, two answered and rated"

# A private odbcinst.ini and odbc.ini, as an analyst's machine would have:
# the Unicode driver, BoolsAsChar=0 so that booleans are SQL_BIT, not text.
cat >"$tmp/odbcinst.ini" <<EOF
[PostgreSQL Unicode]
Description=psqlODBC, Unicode
Driver=$driver
EOF
cat >"$tmp/odbc.ini" <<EOF
[cuvr_bi]
Driver=PostgreSQL Unicode
Servername=${PGHOST:-localhost}
Port=${PGPORT:-5432}
Database=$db
SSLMode=prefer
BoolsAsChar=0
EOF
export ODBCSYSINI=$tmp ODBCINI=$tmp/odbc.ini
# ODBC clients get only what the DSN and the analyst give: not the
# superuser's libpq variables.
odbc() { env -u PGPASSWORD -u PGUSER -u PGDATABASE -u PGSERVICE "$@"; }
isql_() { odbc isql -b -v -d'|' cuvr_bi "$analyst" "$password"; }

# The reference: what pg_catalog says cuvr_bi holds (not a fixed list:
# views added later are tested too).  Analysts read every relation there,
# so any table or materialized view is checked as well.
views=$(psql_ -d $db -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'cuvr_bi'::regnamespace
                           AND c.relkind = 'v' ORDER BY c.relname COLLATE \"C\"")
relations=$(psql_ -d $db -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'cuvr_bi'::regnamespace
                               AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY c.relname COLLATE \"C\"")
[ -n "$views" ]
ok $? "pg_catalog lists the cuvr_bi views ($(echo $views))"

out=$(echo "SELECT current_user" | isql_ 2>&1)
[ "$out" = "$analyst" ]
ok $? "isql connects through psqlODBC with the analyst's password"
out=$(echo "SELECT 1" | odbc isql -b -v cuvr_bi "$analyst" "not-$password" 2>&1)
echo "$out" | grep -q "password authentication failed"
ok $? "a wrong password is refused"

# Catalog discovery.  isql's "help" calls SQLTables with no filter: the views
# must be among the relations it lists, with their schema.
out=$(echo "help" | isql_ 2>&1)
missing=$(for v in $views; do echo "$out" | grep -q "^$db|cuvr_bi|$v|VIEW|" || echo "$v"; done)
[ -z "$missing" ]
ok $? "isql help (SQLTables) lists every cuvr_bi view as VIEW${missing:+; missing: $(echo $missing)}"

# isql's "help TABLE" passes no schema to SQLColumns, and psqlODBC then looks
# only on the search_path, where cuvr_bi is not: a tiny ODBC client does what
# BI tools do, SQLTables and SQLColumns with the schema cuvr_bi.
gcc -O -Wall -o "$tmp/odbc_catalog" "$here/tools/odbc_catalog.c" -lodbc 2>&1 | diag
ok "${PIPESTATUS[0]}" "test/tools/odbc_catalog.c compiles against unixODBC"
catalog=$(odbc "$tmp/odbc_catalog" "DSN=cuvr_bi;UID=$analyst;PWD=$password" cuvr_bi 2>&1)
ok $? "SQLTables and SQLColumns on schema cuvr_bi as the analyst"

listed=$(echo "$catalog" | awk -F'|' '$1 == "T" && $2 == "cuvr_bi" { print $3 }' | LC_ALL=C sort)
listed_views=$(echo "$catalog" | awk -F'|' '$1 == "T" && $2 == "cuvr_bi" && $4 == "VIEW" { print $3 }' | LC_ALL=C sort)
diff <(echo "$relations") <(echo "$listed") | diag
[ "$relations" = "$listed" ] && [ "$views" = "$listed_views" ]
ok $? "SQLTables(schema cuvr_bi) lists exactly the relations of cuvr_bi in pg_catalog, the views as VIEW"

# SQLColumns must give, for every relation, its columns in order, each with
# the standard ODBC SQL type of its SQL type; the allowed SQL types are those
# sql/bi.sql allows in cuvr_bi.  The reference is pg_attribute rather than
# information_schema.columns, which leaves out materialized views; for the
# views the two agree (checked below).
expected=$(psql_ -d $db -c "
    SELECT c.relname || '|' || a.attnum || '|' || a.attname || '|' ||
           CASE format_type(a.atttypid, NULL)
                WHEN 'smallint' THEN '5' WHEN 'integer' THEN '4' WHEN 'bigint' THEN '-5'
                WHEN 'numeric' THEN '2' WHEN 'double precision' THEN '8'
                WHEN 'text' THEN '-1' WHEN 'boolean' THEN '-7' WHEN 'date' THEN '91'
                WHEN 'timestamp with time zone' THEN '93'
                ELSE 'no ODBC mapping for ' || format_type(a.atttypid, NULL) END
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relnamespace = 'cuvr_bi'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
     ORDER BY c.relname COLLATE \"C\", a.attnum")
infoschema=$(psql_ -d $db -c "SELECT count(*) FROM information_schema.columns c JOIN pg_views v
                                ON v.schemaname = c.table_schema AND v.viewname = c.table_name
                               WHERE c.table_schema = 'cuvr_bi'")
got_views=$(echo "$catalog" | awk -F'|' -v views=" $(echo $views) " '$1 == "C" && index(views, " " $2 " ") { n++ } END { print n + 0 }')
[ "$infoschema" = "$got_views" ]
ok $? "SQLColumns gives as many view columns as information_schema.columns ($got_views, $infoschema)"
got=$(echo "$catalog" | awk -F'|' '$1 == "C" { print $2 "|" $3 "|" $4 "|" $5 }' | LC_ALL=C sort -t'|' -k1,1 -k2,2n)
diff <(echo "$expected") <(echo "$got") | diag
[ -n "$expected" ] && [ "$expected" = "$got" ]
ok $? "SQLColumns: every column of every relation, in order, with its standard ODBC type ($(echo "$got" | wc -l) columns)"

bad=$(echo "$catalog" | awk -F'|' '$1 == "C" && ($6 == "" || $6 == "unknown" || $6 !~ /^(int2|int4|int8|numeric|float8|text|bool|date|timestamptz)$/) { print $2 "." $4 ":" $6 }')
[ -z "$bad" ]
ok $? "SQLColumns type names are built-in PostgreSQL types, none unknown or custom${bad:+: $(echo $bad)}"

# Every relation reads through ODBC, as many rows as the superuser sees.
for v in $relations; do
    out=$(echo "SELECT * FROM cuvr_bi.$v LIMIT 5" | isql_ 2>&1)
    rc=$?
    want=$(psql_ -d $db -c "SELECT count(*) FROM (SELECT * FROM cuvr_bi.$v LIMIT 5) x")
    if [ $rc != 0 ] || echo "$out" | grep -q 'ERROR'; then
        echo "$out" | diag; rows=error; false
    else
        rows=$(echo -n "$out" | grep -c '')
        [ "$rows" = "$want" ]
    fi
    ok $? "isql: SELECT * FROM cuvr_bi.$v LIMIT 5 gives $rows rows (expected $want)"
done

out=$(echo "SELECT count(*), count(*) FILTER (WHERE rating = 5 AND on_time) FROM cuvr_bi.appeal_facts" | isql_ 2>&1)
[ "$out" = "3|1" ]
ok $? "appeal_facts through ODBC: 3 appeals, 1 answered on time and rated 5 ($out)"
out=$(echo "SELECT sum(received), sum(answered), sum(ratings), sum(rating_sum), count(DISTINCT channel) FROM cuvr_bi.kpi_daily" | isql_ 2>&1)
[ "$out" = "3|2|2|7|2" ]
ok $? "kpi_daily through ODBC: 3 received, 2 answered, ratings 5 and 2, 2 channels ($out)"
out=$(echo "SELECT sum(escalations) FROM cuvr_bi.escalations" | isql_ 2>&1)
[ "$out" = "1" ]
ok $? "escalations through ODBC: the rating of 2 escalated once ($out)"

out=$(echo "SELECT * FROM cuvr.applicant" | isql_ 2>&1)
echo "$out" | grep -q '42501' && echo "$out" | grep -qi 'permission denied' && ! echo "$out" | grep -q 'example.ru'
ok $? "the analyst is refused cuvr.applicant through ODBC (42501 permission denied)"

echo "1..$n"
exit $((failed > 0))
