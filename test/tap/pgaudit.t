#!/usr/bin/env bash
# The pgaudit configuration of README's Security section, applied as
# written: every read or change of personal data (cuvr.applicant, the
# rejected rows of cuvr.intake, the pseudonymisation key) and every DDL and
# privilege change is logged with the role that did it, and no personal
# data reaches the log.  Needs a server with pgaudit in
# shared_preload_libraries (test/run preloads it); skips otherwise.
set -uo pipefail
psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

if ! psql_ -d postgres -c "SHOW shared_preload_libraries" | grep -q pgaudit; then
    echo "1..0 # SKIP pgaudit is not in shared_preload_libraries"
    exit 0
fi
# The server log: pg_virtualenv's cluster logs to the file pg_lsclusters names.
port=${PGPORT:-5432}
logfile=$(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p { print $7 }')
if [ -z "$logfile" ] || [ ! -r "$logfile" ]; then
    echo "1..0 # SKIP cannot find the server log of port $port"
    exit 0
fi

db=cuvr_audit
psql_ -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql_ -d "$db" -c "CREATE EXTENSION cuvr"
# --- README: pgaudit configuration (database level here; postgresql.conf in production)
psql_ -d "$db" <<SQL
CREATE EXTENSION pgaudit;
ALTER DATABASE $db SET pgaudit.log = 'ddl, role';
ALTER DATABASE $db SET pgaudit.log_relation = on;
ALTER DATABASE $db SET pgaudit.log_statement = off;
ALTER DATABASE $db SET pgaudit.log_parameter = off;
ALTER DATABASE $db SET pgaudit.role = 'cuvr_auditor';
DO \$\$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cuvr_auditor') THEN
        CREATE ROLE cuvr_auditor NOLOGIN;
    END IF;
END \$\$;
GRANT SELECT, INSERT, UPDATE, DELETE ON cuvr.applicant, cuvr.intake, cuvr.secret TO cuvr_auditor;
SQL
ok $? "pgaudit configured as README shows"

psql_ -d "$db" -c "DO \$\$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_operator') THEN
        CREATE ROLE audit_operator LOGIN PASSWORD 'audit-operator-pw' IN ROLE cuvr_operator;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_integration') THEN
        CREATE ROLE audit_integration LOGIN PASSWORD 'audit-integration-pw' IN ROLE cuvr_integration;
    END IF;
END \$\$"
psql_ -d "$db" -c "INSERT INTO cuvr.body (region_code, level, kind, name) VALUES (71, 'regional', 'cur', 'ЦУР')"

start=$(wc -c < "$logfile")
# An integration registers an appeal with personal data; an operator reads
# it.  Each logs in as itself, so the log line prefix (%u) names it.
PGUSER=audit_integration PGPASSWORD=audit-integration-pw psql_ -d "$db" -c "
    SELECT cuvr.register_appeal('{\"source\":\"audit\",\"external_id\":\"1\",\"region\":71,\"channel\":\"email\",\"text\":\"Яма\",\"applicant\":{\"name\":\"Аудитова Вера\",\"email\":\"vera.auditova@example.ru\"}}')" >/dev/null
ok $? "an integration registers an appeal with personal data"
PGUSER=audit_operator PGPASSWORD=audit-operator-pw psql_ -d "$db" -c "SELECT name, email FROM cuvr.applicant WHERE email = 'vera.auditova@example.ru'" >/dev/null
ok $? "an operator reads the applicant"
psql_ -d "$db" -c "CREATE TABLE public.audit_probe (x int)" -c "GRANT SELECT ON public.audit_probe TO cuvr_analyst" \
    -c "DROP TABLE public.audit_probe"
sleep 1
log=$(tail -c +$((start + 1)) "$logfile")
[ -n "${AUDIT_DEBUG:-}" ] && echo "$log" | grep AUDIT >&2

# pgaudit 1.7 does not object-log the statements of a SECURITY DEFINER
# function called by a non-superuser; cuvr's own journal names the caller.
[ "$(psql_ -d "$db" -c "SELECT actor FROM cuvr.appeal_event e JOIN cuvr.appeal a ON a.id = e.appeal_id
                         WHERE a.source = 'audit' AND e.action = 'register'")" = audit_integration ]
ok $? "the registration that wrote personal data is journalled with the integration as actor"
echo "$log" | grep 'AUDIT: OBJECT,.*,READ,SELECT,TABLE,cuvr.applicant' | grep -q 'audit_operator'
ok $? "the operator's read of cuvr.applicant is logged with the operator's name"
echo "$log" | grep -q 'AUDIT: SESSION,.*,DDL,CREATE TABLE'
ok $? "DDL is logged"
echo "$log" | grep -q 'AUDIT: SESSION,.*,ROLE,GRANT'
ok $? "privilege changes are logged"
! echo "$log" | grep -qi 'auditova\|Аудитова'
ok $? "no personal data reaches the log (statement text and parameters are not logged)"

psql_ -d postgres -c "DROP DATABASE $db"
echo "1..$n"
exit $((failed > 0))
