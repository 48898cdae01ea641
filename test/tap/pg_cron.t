#!/usr/bin/env bash
# Overdue control under pg_cron: cuvr.run_maintenance() scheduled every
# minute by pg_cron marks an appeal whose deadline has passed, as README
# says to set it up.  Also checks that nothing in the extension needs pg_cron.
#
# The server must preload pg_cron; test/run starts its throwaway cluster with
#   shared_preload_libraries = pg_cron
#   cron.database_name = postgres
#   cron.use_background_workers = on
# pg_cron keeps its job table in cron.database_name, a database that must
# exist when the server starts (otherwise its launcher only logs errors and
# retries), so that is "postgres", which always exists, and not cuvr_tap,
# which run-in-cluster makes later.  The job runs in a private database
# through cron.schedule_in_database(); background workers run it without a
# libpq connection, so no password is needed.  pg_cron fires at most once a
# minute, on the minute: the test waits up to 90 s for the run.
# Skips when the server does not preload pg_cron.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
diag() { sed 's/^/# /' >&2; }

# The extension works without pg_cron: no code or SQL of it names the cron
# schema outside comments, and its control file does not require pg_cron.
uses=$(grep -rnE '(^|[^_[:alnum:]])cron\.' "$here/src" "$here"/*.control 2>/dev/null \
       | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(--|/?\*|#|//)')
[ -z "$uses" ] && ! grep -qE '^[[:space:]]*requires.*pg_cron' "$here"/*.control
ok $? "nothing in src/ or the control file depends on pg_cron${uses:+: $uses}"

if ! psql_ -d postgres -c "SHOW shared_preload_libraries" | grep -qw pg_cron; then
    echo "ok $((n + 1)) # SKIP pg_cron is not in shared_preload_libraries of this server (test/run sets it)"
    echo "1..$((n + 1))"
    exit $((failed > 0))
fi

crondb=$(psql_ -d postgres -c "SHOW cron.database_name")
db=cuvr_cron_tap
job=cuvr-maintenance-tap
created_cron=false
jobid=
cleanup() {
    [ -n "$jobid" ] && psql_ -d "$crondb" -c "SELECT cron.unschedule($jobid)" >/dev/null 2>&1
    psql_ -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    $created_cron && psql_ -d "$crondb" -c "DROP EXTENSION pg_cron"
}
trap cleanup EXIT

if [ "$(psql_ -d "$crondb" -c "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'")" = 0 ]; then
    psql_ -d "$crondb" -c "CREATE EXTENSION pg_cron" && created_cron=true
fi
psql_ -d "$crondb" -c "SELECT 1 FROM cron.job WHERE false"
ok $? "pg_cron installed in its database $crondb"

psql_ -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
psql_ -d $db -c "CREATE EXTENSION cuvr"
ok $? "private database $db with cuvr (and without pg_cron)"

# An appeal whose supplied deadline is a day past, not yet marked.
appeal=$(psql_ -d $db -c "SET client_min_messages = error" -c "
    SELECT cuvr.register_appeal(jsonb_build_object('source', 'cron', 'external_id', '1', 'region', 71,
           'channel', 'pos_form', 'text', 'Просрочено', 'received_at', now() - interval '40 days',
           'due_at', now() - interval '1 day'))")
out=$(psql_ -d $db -c "SELECT due_at < now() AND overdue_at IS NULL FROM cuvr.appeal WHERE id = '$appeal'")
[ "$out" = t ]
ok $? "appeal $appeal is past its deadline and not yet marked overdue"

jobid=$(psql_ -d "$crondb" -c "SELECT cron.schedule_in_database('$job', '* * * * *', 'SELECT cuvr.run_maintenance()', '$db')")
[ -n "$jobid" ]
ok $? "run_maintenance scheduled every minute in $db (job $jobid)"

# Wait for the first finished run (pg_cron starts it at the next minute).
started=$SECONDS
status=
while [ $((SECONDS - started)) -lt 90 ]; do
    status=$(psql_ -d "$crondb" -c "SELECT status FROM cron.job_run_details
                                     WHERE jobid = $jobid AND status IN ('succeeded', 'failed')
                                     ORDER BY runid LIMIT 1")
    [ -n "$status" ] && break
    sleep 2
done
[ "$status" = succeeded ]
ok $? "pg_cron ran the job within $((SECONDS - started)) s: ${status:-no finished run in 90 s}"
[ "$status" = failed ] && psql_ -d "$crondb" -c "SELECT return_message FROM cron.job_run_details WHERE jobid = $jobid" | diag

out=$(psql_ -d $db -c "
    SELECT (a.overdue_at IS NOT NULL) || ' ' ||
           (SELECT count(*) FROM cuvr.appeal_event e WHERE e.appeal_id = a.id AND e.action = 'overdue')
      FROM cuvr.appeal a WHERE a.id = '$appeal'")
[ "$out" = "true 1" ]
ok $? "after the cron run the appeal is marked overdue once, with its event ($out)"

# Since the incremental KPI rollup, run_maintenance() also merges
# cuvr.kpi_delta into cuvr.kpi_rollup: after a run the delta is empty.
if [ "$(psql_ -d $db -c "SELECT to_regclass('cuvr.kpi_delta') IS NOT NULL")" = t ]; then
    out=$(psql_ -d $db -c "SELECT count(*) FROM cuvr.kpi_delta")
    [ "$out" = 0 ]
    ok $? "cuvr.kpi_delta is empty after the cron run ($out rows)"
fi
# kpi_daily counts the appeal whether it is computed live or from the rollup.
out=$(psql_ -d $db -c "SELECT sum(received) || ' ' || sum(overdue_open) FROM cuvr_bi.kpi_daily")
[ "$out" = "1 1" ]
ok $? "cuvr_bi.kpi_daily counts the appeal as received and overdue ($out)"

psql_ -d "$crondb" -c "SELECT cron.unschedule($jobid)" >/dev/null
out=$(psql_ -d "$crondb" -c "SELECT count(*) FROM cron.job WHERE jobid = $jobid")
[ "$out" = 0 ] && jobid=
ok $? "job unscheduled"

echo "1..$n"
exit $((failed > 0))
