#!/usr/bin/env bash
# sqlsmith against cuvr: random queries over the cuvr tables, types,
# operators and functions of a database with realistic data, and proof that
# no backend crashed.  A backend crash makes the postmaster end every other
# backend and restart, so a psql session opened before the run (as the
# superuser, out of sqlsmith's reach) must still be there afterwards with
# the same backend pid, and the database's statistics must count every
# statement (a crash recovery discards them).
#
# sqlsmith logs in as its own role, a member of cuvr_admin with cuvr on its
# search_path (sqlsmith writes operators unqualified): it reaches every
# cuvr function a working role may call, and calls the others only to be
# refused.  Not as a superuser: that would let it call pg_terminate_backend,
# pg_read_file, lo_import, pg_reload_conf and the like, and a non-superuser
# cannot signal the superuser's sentinel session.  Its settings bound every
# statement.  sqlsmith runs each statement in a transaction it rolls back.
#
# SQLSMITH_QUERIES (default 3000) and SQLSMITH_SECONDS (default 60) bound
# the run, SQLSMITH_SEED repeats one (the seed is printed).  Needs
# PGHOST/PGPORT/PGUSER (a superuser) of a server where cuvr is installable.
set -uo pipefail
# A write to a sentinel that died must fail, not end the script.
trap '' PIPE
here=$(dirname "$0")
psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

if ! command -v sqlsmith >/dev/null; then
    echo "1..0 # SKIP sqlsmith is not installed"
    exit 0
fi

db=cuvr_sqlsmith
role=cuvr_sqlsmith
queries=${SQLSMITH_QUERIES:-3000}
seconds=${SQLSMITH_SECONDS:-60}
seed=${SQLSMITH_SEED:-$(( (RANDOM << 15 | RANDOM) % 1000000 + 1 ))}
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
work=$(mktemp -d)
sentinel_pid=
cleanup() {
    if [ -n "$sentinel_pid" ]; then
        kill "$sentinel_pid" 2>/dev/null
        wait "$sentinel_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A database with cuvr and the data of the dump/restore test: bodies,
# appeals through their life, the outbox, intake, routing and keyword rules,
# a trained model, the roadmap.
psql_ -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db"
psql_ -d postgres -c "CREATE DATABASE $db" &&
    psql_ -d "$db" -c "CREATE EXTENSION cuvr" &&
    psql_ -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dump_exec') THEN CREATE ROLE dump_exec IN ROLE cuvr_executor; END IF; END \$\$" &&
    psql_ -d "$db" -f "$here/../fixtures/dump_restore.sql" >/dev/null
ok $? "database $db with cuvr and realistic data"

psql_ -d postgres >/dev/null <<SQL
SET client_min_messages = warning;
DO \$\$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role') THEN
        CREATE ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
END \$\$;
ALTER ROLE $role PASSWORD '$password';
GRANT cuvr_admin TO $role;
ALTER ROLE $role IN DATABASE $db SET search_path = cuvr, cuvr_bi, public;
ALTER ROLE $role IN DATABASE $db SET statement_timeout = '2s';
ALTER ROLE $role IN DATABASE $db SET lock_timeout = '1s';
ALTER ROLE $role IN DATABASE $db SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE $role IN DATABASE $db SET temp_file_limit = '256MB';
SQL
out=$(psql_ -d "$db" -c "SELECT rolsuper FROM pg_roles WHERE rolname = '$role'" \
            -c "SELECT pg_has_role('$role', 'cuvr_admin', 'MEMBER')")
[ "$(echo $out)" = "f t" ]
ok $? "sqlsmith's role $role: no superuser, member of cuvr_admin ($(echo $out))"

fingerprint() {
    psql_ -d "$db" -c "
        SELECT string_agg(t || ':' || n, ' ' ORDER BY t) FROM (
            SELECT 'appeal' t, count(*) n FROM cuvr.appeal UNION ALL
            SELECT 'appeal_event', count(*) FROM cuvr.appeal_event UNION ALL
            SELECT 'answer', count(*) FROM cuvr.answer UNION ALL
            SELECT 'rating', count(*) FROM cuvr.rating UNION ALL
            SELECT 'outbox', count(*) FROM cuvr.outbox UNION ALL
            SELECT 'intake', count(*) FROM cuvr.intake UNION ALL
            SELECT 'body', count(*) FROM cuvr.body UNION ALL
            SELECT 'calendar_day', count(*) FROM cuvr.calendar_day UNION ALL
            SELECT 'classifier_model', count(*) FROM cuvr.classifier_model UNION ALL
            SELECT 'routing_rule', count(*) FROM cuvr.routing_rule) c"
}
data_before=$(fingerprint)
start_before=$(psql_ -d "$db" -c "SELECT pg_postmaster_start_time()")
xacts_before=$(psql_ -d "$db" -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$db'")

# The sentinel: a superuser session that must outlive the run.
coproc SENTINEL { exec psql -X -q -A -t -d "$db" 2>&1; }
sentinel_pid=$SENTINEL_PID
exec {sent_in}>&"${SENTINEL[1]}" {sent_out}<&"${SENTINEL[0]}"
echo "SET application_name = 'cuvr_sqlsmith_sentinel'; SELECT pg_backend_pid();" >&$sent_in
read -r -t 10 backend <&$sent_out
[[ "$backend" =~ ^[0-9]+$ ]]
ok $? "sentinel session open (backend $backend)"

echo "# sqlsmith: seed $seed, at most $queries queries or $seconds s (SQLSMITH_SEED=$seed repeats it)"
t0=$SECONDS
PGPASSWORD=$password timeout "$seconds" sqlsmith --target="dbname=$db user=$role" \
    --seed="$seed" --max-queries="$queries" --exclude-catalog --verbose --dump-all-queries \
    >"$work/queries.sql" 2>"$work/sqlsmith.log"
rc=$?
elapsed=$((SECONDS - t0))
# sqlsmith prints a character per statement: . ok, e error, t timeout,
# S syntax error, C connection lost (a crash).
progress=$(grep -E '^[.etSC]+$' "$work/sqlsmith.log" | tr -d '\n')
total=${#progress}
count() { local s=${progress//[^$1]/}; echo ${#s}; }
okq=$(count .); errq=$(count e); timeq=$(count t); synq=$(count S); crashq=$(count C)
echo "# sqlsmith: $total queries in $elapsed s: $okq ok, $errq errors, $timeq timeouts, $synq syntax errors, $crashq connections lost (exit $rc)"
[ "$rc" = 0 ] || [ "$rc" = 124 ]
ok $? "sqlsmith ran ($total queries, exit $rc)"
[ "$total" -ge 100 ] && [ "$okq" -ge 1 ]
ok $? "sqlsmith ran at least 100 queries, some of them without error"

# The errors, most frequent first, with those that look like bugs in cuvr
# (internal errors, failed lookups, assertions, crashes) named apart.
# sqlsmith's last report counts them all (it truncates each message).
awk '/^queries: /{buf = ""} /^[0-9]+\t/{buf = buf $0 "\n"} END{printf "%s", buf}' \
    "$work/sqlsmith.log" >"$work/errors.txt"
suspicious=$(grep -E -i 'cache lookup failed|unrecognized|unexpected|internal error|assert|TRAP|could not find|invalid memory alloc|not supported for|server closed|terminat|corrupt|out of range for|no such' "$work/errors.txt" |
    grep -E -i -v 'permission denied|must be superuser' || true)
echo "# distinct error messages: $(wc -l <"$work/errors.txt"); the 15 most frequent:"
sort -t$'\t' -k1,1nr "$work/errors.txt" | awk 'NR <= 15 { print "#   " $0 }'
if [ -n "$suspicious" ]; then
    echo "# errors worth a look:"
    echo "$suspicious" | sed 's/^/#   /'
fi
[ "$crashq" = 0 ]
ok $? "sqlsmith never lost its connection"

echo "SELECT pg_backend_pid();" >&$sent_in
read -r -t 10 backend_after <&$sent_out
[ "$backend_after" = "$backend" ]
ok $? "the sentinel session survived: no backend crashed (backend ${backend_after:-gone})"
alive=$(psql_ -d "$db" -c "SELECT count(*) FROM pg_stat_activity WHERE pid = ${backend:-0} AND application_name = 'cuvr_sqlsmith_sentinel'")
[ "$alive" = 1 ]
ok $? "the sentinel's backend is still in pg_stat_activity"
# Every statement sqlsmith sends is a transaction of its own, counted in
# pg_stat_database once its backend has exited and flushed; a crash
# recovery discards the statistics, so the count would fall short.
start_after=$(psql_ -d "$db" -c "SELECT pg_postmaster_start_time()")
for i in $(seq 1 20); do
    xacts_after=$(psql_ -d "$db" -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$db'")
    [ "$((xacts_after - xacts_before))" -ge "$total" ] && break
    sleep 0.5
done
[ "$start_after" = "$start_before" ] && [ "$((xacts_after - xacts_before))" -ge "$total" ]
ok $? "same postmaster, and the database counted at least $total more transactions ($xacts_before -> $xacts_after): no crash recovery"
data_after=$(fingerprint)
[ "$data_after" = "$data_before" ]
ok $? "sqlsmith's statements were rolled back: the data is unchanged"

if [ "$failed" -gt 0 ]; then
    echo "# the last queries sqlsmith sent:"
    tail -c 4000 "$work/queries.sql" | sed 's/^/#   /'
fi

echo '\q' >&$sent_in
wait "$sentinel_pid" 2>/dev/null
sentinel_pid=
psql_ -d postgres -c "DROP DATABASE $db"
psql_ -d postgres -c "DROP ROLE $role"
echo "1..$n"
exit $((failed > 0))
