#!/usr/bin/env bash
# Crash safety: kill -9 the server while appeals are being written, restart
# it, let crash recovery run, then check that
#   - every appeal whose COMMIT was acknowledged to its client is there,
#     and a COPY batch is there whole or not at all;
#   - every appeal has its journal (a first 'register' event, one event per
#     row version, the latest event showing its status and body), its route
#     (a body; triage at the ЦУР), its deadline (recomputed from the policy
#     and the start of its current term), its answers, ratings and
#     escalations with their events, and an outbox row per event;
#   - foreign keys and sequences hold;
#   - the KPI rollup plus the delta equal cuvr.kpi_recomputed, and after
#     cuvr.kpi_merge() the daily and monthly rollups alone do;
#   - amcheck finds every btree index of cuvr and cuvr_bi clean
#     (bt_index_check and bt_index_parent_check, heapallindexed),
#     verify_heapam finds every table clean, and the GIN signature index
#     finds every signed appeal;
#   - the recovered database goes on working.
# Two crashes of one private cluster:
#   (a) kill -9 of the postmaster during a bulk intake.  Three clients
#       register appeals one per transaction and log each id after COMMIT
#       returned; a fourth COPYs batches of 100 rows into cuvr.intake (5 %
#       bad rows, which must stay there with their error) and logs each
#       batch after COPY returned.
#   (b) kill -9 of the postmaster and all its children while pgbench runs
#       the lifecycle register -> assign -> answer -> rate; 20 % of the
#       ratings are negative and escalate, and half of those are answered
#       and rated again.  pgbench's per-transaction log lists the
#       acknowledged lifecycles.  A CHECKPOINT falls in the middle of the
#       load, and a cuvr.kpi_merge() is left uncommitted at the kill.
# cuvr.run_maintenance() (overdue marks and the KPI merge) runs in a loop
# during both loads.  The test starts the load, waits until some thousand
# rows have committed, then kills.
#
# The cluster is private: initdb in a temporary directory (as the postgres
# OS user when run as root), its Unix socket there, no TCP, removed at the
# end, so killing it cannot disturb the cluster test/run made.  It uses the
# PostgreSQL of $PG_CONFIG (default /usr/lib/postgresql/15/bin/pg_config),
# where cuvr, amcheck (postgresql-contrib) and pgbench must be installed.
# About a minute on two cores.  CRASH_SAFETY_KEEP=1 leaves the cluster
# running for inspection.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
[ -x "$PG_CONFIG" ] || PG_CONFIG=pg_config
bindir=$("$PG_CONFIG" --bindir)
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); return 1; fi; }
bail() { echo "Bail out! $*"; exit 1; }
diag() { sed 's/^/# /'; }
started=$(date +%s)

# --- the private cluster -------------------------------------------------
work=$(mktemp -d /tmp/cuvr-crash.XXXXXX)
chmod 755 "$work"
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$work"
    as_pg() { (cd "$work" && runuser -u postgres -- "$@"); }
else
    as_pg() { (cd "$work" && "$@"); }
fi
data=$work/data
unset PGSERVICE PGSERVICEFILE PGPASSWORD PGPASSFILE PGSSLMODE PGOPTIONS PGHOSTADDR
export PGHOST=$work PGPORT=5432 PGUSER=postgres PGDATABASE=cuvr_crash PGAPPNAME=crash_safety
psql_() { "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
bg_pids=()
cleanup() {
    for p in "${bg_pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    if [ -n "${CRASH_SAFETY_KEEP:-}" ]; then
        echo "# kept: PGHOST=$work PGPORT=5432 PGUSER=postgres PGDATABASE=cuvr_crash; stop with: $bindir/pg_ctl -D $data stop"
        return
    fi
    as_pg "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

as_pg "$bindir/initdb" -N -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1
ok $? "initdb of a private cluster in $work" || bail "initdb failed: $(tail -5 "$work/initdb.log")"
# Small shared buffers, so that dirty pages are evicted during the load and
# recovery replays full-page images over pages written in between.
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
port = 5432
shared_buffers = 4MB
max_connections = 20
checkpoint_timeout = 1h
max_wal_size = 1GB
log_min_messages = warning
track_commit_timestamp = on
restart_after_crash = off
EOF
start() { as_pg "$bindir/pg_ctl" -D "$data" -l "$work/server.log" -w -t 120 start >/dev/null; }
start
ok $? "private cluster started" || bail "the private cluster does not start: $(tail -5 "$work/server.log")"
psql_ -d postgres -c "CREATE DATABASE cuvr_crash"
psql_ -f "$here/bench/setup.sql" >/dev/null &&
psql_ >/dev/null <<'EOF'
CREATE EXTENSION amcheck;
CREATE SCHEMA crashtest;
-- Acknowledged writes, loaded from the clients' logs after each crash.
CREATE TABLE crashtest.reg_ack (source text, external_id text, appeal_id bigint);
CREATE TABLE crashtest.copy_row (batch integer, external_id text, good boolean);
CREATE TABLE crashtest.copy_ack (batch integer);
CREATE TABLE crashtest.bench_ack (client integer, tx integer);

-- Per appeal: its events.
CREATE VIEW crashtest.ev AS
SELECT region_code, appeal_id, count(*) AS n, min(id) AS first_id, max(id) AS last_id,
       count(*) FILTER (WHERE action = 'register') AS n_register,
       min(id) FILTER (WHERE action = 'register') AS register_id,
       count(*) FILTER (WHERE action = 'answer') AS n_answer,
       count(*) FILTER (WHERE action = 'rate') AS n_rate,
       count(*) FILTER (WHERE action = 'escalate') AS n_escalate,
       max(at) FILTER (WHERE action = 'escalate') AS last_escalation
  FROM cuvr.appeal_event GROUP BY 1, 2;

-- Rows of child tables of cuvr whose parent row is missing, per foreign key
-- (MATCH SIMPLE: a key with a NULL column references nothing).
CREATE FUNCTION crashtest.fk_orphans() RETURNS TABLE (fk text, orphans bigint) LANGUAGE plpgsql AS $$
DECLARE
    c record;
    cond text;
    nonnull text;
BEGIN
    FOR c IN SELECT con.conname, con.conrelid::regclass AS child, con.confrelid::regclass AS parent,
                    con.conkey, con.confkey
               FROM pg_constraint con JOIN pg_namespace s ON s.oid = con.connamespace
              WHERE con.contype = 'f' AND s.nspname IN ('cuvr', 'cuvr_bi') LOOP
        SELECT string_agg(format('p.%I = c.%I', pa.attname, ca.attname), ' AND '),
               string_agg(format('c.%I IS NOT NULL', ca.attname), ' AND ')
          INTO cond, nonnull
          FROM unnest(c.conkey, c.confkey) AS k(ck, pk)
          JOIN pg_attribute ca ON ca.attrelid = c.child AND ca.attnum = k.ck
          JOIN pg_attribute pa ON pa.attrelid = c.parent AND pa.attnum = k.pk;
        fk := c.conname;
        EXECUTE format('SELECT count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)',
                       c.child, nonnull, c.parent, cond) INTO orphans;
        RETURN NEXT;
    END LOOP;
END $$;

-- Sequences behind the largest id of their table (after a crash a
-- sequence may jump ahead, never back).
CREATE FUNCTION crashtest.sequences_behind() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    t text;
    behind integer := 0;
    m bigint;
    s bigint;
BEGIN
    FOREACH t IN ARRAY ARRAY['appeal_event', 'answer', 'rating', 'outbox', 'intake', 'problem'] LOOP
        EXECUTE format('SELECT max(id) FROM cuvr.%I', t) INTO m;
        EXECUTE format('SELECT last_value FROM %s', pg_get_serial_sequence('cuvr.' || t, 'id')) INTO s;
        behind := behind + coalesce(m > s, false)::integer;
    END LOOP;
    SELECT max(id % 1000000000000) INTO m FROM cuvr.appeal;
    SELECT last_value INTO s FROM cuvr.appeal_seq;
    behind := behind + coalesce(m > s, false)::integer;
    SELECT max(id) INTO m FROM cuvr.applicant;
    SELECT last_value INTO s FROM cuvr.applicant_id_seq;
    RETURN behind + coalesce(m > s, false)::integer;
END $$;

-- amcheck over every btree index of cuvr and cuvr_bi: the failures.
CREATE FUNCTION crashtest.btree_failures(OUT checked integer, OUT failures text) LANGUAGE plpgsql AS $$
DECLARE
    i regclass;
BEGIN
    checked := 0;
    FOR i IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
               JOIN pg_am am ON am.oid = c.relam
              WHERE s.nspname IN ('cuvr', 'cuvr_bi') AND c.relkind = 'i' AND am.amname = 'btree' LOOP
        BEGIN
            PERFORM bt_index_check(i, heapallindexed => true);
            PERFORM bt_index_parent_check(i, heapallindexed => true, rootdescend => true);
            checked := checked + 1;
        EXCEPTION WHEN OTHERS THEN
            failures := concat_ws('; ', failures, i::text || ': ' || SQLERRM);
        END;
    END LOOP;
END $$;

-- The KPI rollup plus the unmerged delta against the from-scratch GROUP BY,
-- daily and monthly, both ways (as test/pgtap/kpi_random_workload.sql).
CREATE VIEW crashtest.kpi_diff AS
WITH cur AS (
    SELECT region_code, day, body_id, category_id, channel, response_days,
           sum(received) AS received, sum(answered) AS answered, sum(answered_on_time) AS answered_on_time,
           sum(overdue_open) AS overdue_open, sum(ratings) AS ratings, sum(rating_sum) AS rating_sum,
           sum(negative_ratings) AS negative_ratings, sum(escalations) AS escalations
      FROM cuvr.kpi_current GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(received) <> 0 OR sum(answered) <> 0 OR sum(answered_on_time) <> 0 OR sum(overdue_open) <> 0
        OR sum(ratings) <> 0 OR sum(rating_sum) <> 0 OR sum(negative_ratings) <> 0 OR sum(escalations) <> 0)
(SELECT 'missing' AS side, * FROM cuvr.kpi_recomputed EXCEPT SELECT 'missing', * FROM cur)
UNION ALL
(SELECT 'extra', * FROM cur EXCEPT SELECT 'extra', * FROM cuvr.kpi_recomputed);
CREATE VIEW crashtest.kpi_monthly_diff AS
WITH cur AS (
    SELECT region_code, month, body_id, response_days, sum(received) AS received, sum(answered) AS answered,
           sum(answered_on_time) AS answered_on_time, sum(overdue_open) AS overdue_open, sum(ratings) AS ratings,
           sum(rating_sum) AS rating_sum, sum(negative_ratings) AS negative_ratings, sum(escalations) AS escalations
      FROM cuvr.kpi_monthly_current GROUP BY 1, 2, 3, 4
    HAVING sum(received) <> 0 OR sum(answered) <> 0 OR sum(answered_on_time) <> 0 OR sum(overdue_open) <> 0
        OR sum(ratings) <> 0 OR sum(rating_sum) <> 0 OR sum(negative_ratings) <> 0 OR sum(escalations) <> 0),
scratch AS (
    SELECT region_code, date_trunc('month', day::timestamp)::date AS month, body_id, response_days,
           sum(received) AS received, sum(answered) AS answered, sum(answered_on_time) AS answered_on_time,
           sum(overdue_open) AS overdue_open, sum(ratings) AS ratings, sum(rating_sum) AS rating_sum,
           sum(negative_ratings) AS negative_ratings, sum(escalations) AS escalations
      FROM cuvr.kpi_recomputed GROUP BY 1, 2, 3, 4)
(SELECT 'missing' AS side, * FROM scratch EXCEPT SELECT 'missing', * FROM cur)
UNION ALL
(SELECT 'extra', * FROM cur EXCEPT SELECT 'extra', * FROM scratch);
EOF
ok $? "database with cuvr, the bench bodies, amcheck and the check helpers" || bail "cannot set up the database"

# --- helpers ---------------------------------------------------------------
# check "description" "SQL returning the number of violations"
check() {
    local out
    out=$(psql_ -c "$2" 2>&1)
    [ "$out" = 0 ]
    local rc=$?
    [ $rc = 0 ] && out=
    ok $rc "$1${out:+ ($(echo $out | cut -c1-300))}"
}
# Wait until the SQL count reaches a number while the load runs; 1 if the
# load stopped or 90 s passed first.
wait_for() {
    local sql=$1 target=$2 i got
    for i in $(seq 1 450); do
        got=$(psql_ -c "$sql" 2>/dev/null)
        [ "${got:-0}" -ge "$target" ] && return 0
        for p in "${load_pids[@]}"; do kill -0 "$p" 2>/dev/null || return 1; done
        sleep 0.2
    done
    return 1
}
now_ms() { date +%s%3N; }
in_flight=0
# Children of a process, and which of some processes still exist (zombies
# included), from /proc: procps may not be installed.
children_of() {
    local parent=$1 d st
    for d in /proc/[0-9]*; do
        read -r st 2>/dev/null <"$d/stat" || continue
        st=${st##*) }   # after "pid (comm) ": state ppid ...
        set -- $st
        [ "$2" = "$parent" ] && echo "${d#/proc/}"
    done
    return 0
}
alive() {
    local p
    for p in "$@"; do [ -e "/proc/$p" ] && echo "$p"; done
    return 0
}
# crash postmaster: kill -9 the postmaster alone.  Its backends, orphaned,
#   finish the statement at hand and exit at their next wait ("terminating
#   connection due to unexpected postmaster exit"); a commit they make
#   meanwhile is acknowledged and must survive like any other.
# crash all: kill -9 the postmaster and all its children (backends,
#   checkpointer, WAL writer, ...) at once, as a machine crash would.  They
#   are stopped first, so that none sees the others die.  (A process group
#   kill would not do: every child of the postmaster is a session leader.)
crash() {
    # Open write transactions at the moment of the kill.
    read -r in_flight evicted <<<"$(psql_ -c "SELECT count(*) FILTER (WHERE backend_type = 'client backend' AND backend_xid IS NOT NULL)
                                                   || ' ' || (SELECT buffers_backend + buffers_clean FROM pg_stat_bgwriter)
                                              FROM pg_stat_activity")"
    local pm children i
    pm=$(head -1 "$data/postmaster.pid")
    # A stopped postmaster forks no more, so the list of children is final.
    kill -STOP "$pm"
    children=$(children_of "$pm")
    if [ "$1" = postmaster ]; then
        kill -9 "$pm"
    else
        kill -STOP $children 2>/dev/null
        kill -9 "$pm" $children 2>/dev/null
    fi
    kill_at=$(now_ms)
    # Until all are gone (and reaped): a new postmaster refuses to start
    # while the old one's pid or its shared memory is in use.
    for i in $(seq 1 300); do
        [ -z "$(alive "$pm" $children)" ] && break
        sleep 0.1
    done
    orphans_ms=$(( $(now_ms) - kill_at ))
    if [ -n "$(alive "$pm" $children)" ]; then
        echo "server processes still there 30 s after the kill, killed: $(alive "$pm" $children | tr '\n' ' ')" | diag
        kill -9 "$pm" $children 2>/dev/null
        sleep 1
    fi
}
restart() {
    local t0 t1
    rm -f "$work/server.log.new"
    t0=$(now_ms)
    as_pg "$bindir/pg_ctl" -D "$data" -l "$work/server.log.new" -w -t 120 start >"$work/pg_ctl.out" 2>&1
    ok $? "$1: the server restarts after kill -9" || bail "the server does not restart: $(tail -5 "$work/server.log.new")"
    t1=$(now_ms)
    recovery_ms=$((t1 - t0))   # data directory fsync, redo, end-of-recovery checkpoint
    grep -q "automatic recovery in progress" "$work/server.log.new"
    ok $? "$1: crash recovery ran ($(grep -o 'redo done at.*' "$work/server.log.new" | sed 's/ system usage.*elapsed/, elapsed/'))"
    grep -E "PANIC|FATAL|ERROR" "$work/server.log.new" | grep -v "the database system is starting up" | diag
    grep -E "database system was|redo starts|redo done|ready to accept" "$work/server.log.new" | cut -c1-160 | diag
    cat "$work/server.log.new" >>"$work/server.log"
}

# The checks after each recovery, over every appeal in the database.
consistency() {
    local p=$1 t0
    t0=$(now_ms)
    # Crash recovery discards the cumulative statistics, so autovacuum has
    # not analysed the new rows yet.
    psql_ -c "ANALYZE"
    check "$p: every appeal has exactly one 'register' event, its first, into its initial status" "
        SELECT count(*) FROM cuvr.appeal a
          LEFT JOIN crashtest.ev e ON e.region_code = a.region_code AND e.appeal_id = a.id
          LEFT JOIN cuvr.appeal_event r ON r.region_code = a.region_code AND r.id = e.register_id
         WHERE e.n_register IS DISTINCT FROM 1 OR e.register_id <> e.first_id
            OR r.from_status IS NOT NULL OR r.to_status NOT IN ('registered', 'triage', 'assigned')"
    check "$p: journal complete: one event per row version, the latest shows the current status and body" "
        SELECT count(*) FROM cuvr.appeal a
          JOIN crashtest.ev e ON e.region_code = a.region_code AND e.appeal_id = a.id
          JOIN cuvr.appeal_event l ON l.region_code = a.region_code AND l.id = e.last_id
         WHERE e.n <> a.version OR l.to_status <> a.status OR l.to_body IS DISTINCT FROM a.body_id"
    check "$p: every event has exactly one outbox row for the source, naming the event and its status" "
        SELECT count(*) FROM cuvr.appeal_event e
          LEFT JOIN (SELECT region_code, event_id, count(*) AS n,
                            bool_and((payload->>'event')::bigint = event_id) AS names_event, min(payload->>'status') AS status
                       FROM cuvr.outbox WHERE recipient_kind = 'source' GROUP BY 1, 2) o
            ON o.region_code = e.region_code AND o.event_id = e.id
         WHERE o.n IS DISTINCT FROM 1 OR NOT o.names_event OR o.status IS DISTINCT FROM e.to_status"
    check "$p: every appeal has its route: an active body, the ЦУР in triage" "
        SELECT count(*) FROM cuvr.appeal a LEFT JOIN cuvr.body b ON b.id = a.body_id
         WHERE b.id IS NULL OR NOT b.active
            OR (a.status = 'triage' AND a.body_id IS DISTINCT FROM cuvr.coordinator_body(a.region_code))"
    check "$p: every deadline equals the policy's from the start of the current term (registration or the latest escalation), or the source's" "
        SELECT count(*) FROM cuvr.appeal a
          JOIN crashtest.ev e ON e.region_code = a.region_code AND e.appeal_id = a.id
         WHERE a.due_at IS NULL OR a.due_at <= a.received_at
            OR a.term_started_at IS DISTINCT FROM coalesce(e.last_escalation, a.registered_at)
            OR (NOT a.due_at_supplied OR a.escalation_level > 0) AND a.due_at IS DISTINCT FROM
               (cuvr.step_deadline(CASE WHEN a.escalation_level > 0 THEN 'reprocess' ELSE 'answer' END,
                                   a.region_code, a.kind, a.channel, a.expedited, a.term_started_at)).due_at
            OR a.overdue_at IS NOT NULL AND a.overdue_at < a.due_at"
    check "$p: answers: one 'answer' event each; an answered appeal shows its latest answer and the deadline it met" "
        SELECT (SELECT count(*) FROM cuvr.answer n
                 WHERE (SELECT count(*) FROM cuvr.appeal_event e
                         WHERE e.region_code = n.region_code AND e.appeal_id = n.appeal_id
                           AND e.action = 'answer' AND e.ref = n.id AND e.to_status = 'answered') <> 1)
             + (SELECT count(*) FROM cuvr.appeal_event e
                 WHERE e.action = 'answer' AND NOT EXISTS (SELECT 1 FROM cuvr.answer n
                        WHERE n.region_code = e.region_code AND n.appeal_id = e.appeal_id AND n.id = e.ref))
             + (SELECT count(*) FROM cuvr.appeal a
                  LEFT JOIN LATERAL (SELECT * FROM cuvr.answer n WHERE n.region_code = a.region_code AND n.appeal_id = a.id
                                      ORDER BY n.id DESC LIMIT 1) l ON true
                 WHERE a.status IN ('answered', 'escalated') AND l.id IS NULL
                    OR a.status = 'answered' AND (l.answered_at <> a.answered_at OR l.due_at IS DISTINCT FROM a.due_at
                                                  OR l.working_days IS DISTINCT FROM a.response_working_days
                                                  OR l.body_id IS DISTINCT FROM a.body_id))"
    check "$p: ratings: one 'rate' event each, of an answer of the same appeal; negative ones have one 'escalate' event up the tree" "
        SELECT (SELECT count(*) FROM cuvr.rating x
                  LEFT JOIN cuvr.answer n ON n.region_code = x.region_code AND n.id = x.answer_id
                 WHERE n.appeal_id IS DISTINCT FROM x.appeal_id
                    OR (SELECT count(*) FROM cuvr.appeal_event e
                         WHERE e.region_code = x.region_code AND e.appeal_id = x.appeal_id
                           AND e.action = 'rate' AND e.ref = x.id) <> 1
                    OR (SELECT count(*) FROM cuvr.appeal_event e
                          JOIN cuvr.body b ON b.id = n.body_id
                         WHERE e.region_code = x.region_code AND e.appeal_id = x.appeal_id
                           AND e.action = 'escalate' AND e.ref = x.id AND e.to_status = 'escalated'
                           AND e.from_body = n.body_id
                           AND (e.to_body = b.parent_id OR e.note LIKE '%manual control%'))
                       <> (x.score <= 2)::integer)
             + (SELECT count(*) FROM cuvr.appeal_event e
                 WHERE e.action IN ('rate', 'escalate') AND NOT EXISTS (SELECT 1 FROM cuvr.rating x
                        WHERE x.region_code = e.region_code AND x.appeal_id = e.appeal_id AND x.id = e.ref))"
    check "$p: escalation level equals the escalations journalled; ratings do not outnumber answers; escalated exactly when the latest answer was rated negative" "
        SELECT count(*) FROM cuvr.appeal a
          JOIN crashtest.ev e ON e.region_code = a.region_code AND e.appeal_id = a.id
          LEFT JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM cuvr.rating x
                                             WHERE x.region_code = a.region_code AND x.appeal_id = a.id AND x.score <= 2
                                               AND x.answer_id = (SELECT max(n.id) FROM cuvr.answer n
                                                                   WHERE n.region_code = a.region_code AND n.appeal_id = a.id))
                             AS latest_answer_negative) l ON true
         WHERE a.escalation_level <> e.n_escalate OR e.n_rate > e.n_answer
            OR a.status = 'escalated' AND NOT l.latest_answer_negative
            OR l.latest_answer_negative AND a.status NOT IN ('escalated', 'in_progress', 'assigned')"
    check "$p: cuvr.intake keeps only rejected rows, each with its error" "
        SELECT count(*) FROM cuvr.intake WHERE error IS NULL OR error_sqlstate IS NULL"
    check "$p: no foreign key of cuvr has an orphan" "
        SELECT coalesce(sum(orphans), 0) FROM crashtest.fk_orphans()"
    check "$p: sequences are ahead of every id they gave" "
        SELECT crashtest.sequences_behind()"
    check "$p: the KPI rollup plus the unmerged delta equal cuvr.kpi_recomputed" "
        SELECT count(*) FROM crashtest.kpi_diff"
    local merged
    merged=$(psql_ -c "SELECT cuvr.kpi_merge()" 2>&1)
    check "$p: after cuvr.kpi_merge() ($merged delta rows) the delta is empty and the daily rollup alone equals the recomputation" "
        SELECT (SELECT count(*) FROM cuvr.kpi_delta)
             + (SELECT count(*) FROM ((SELECT * FROM cuvr.kpi_rollup EXCEPT SELECT * FROM cuvr.kpi_recomputed)
                              UNION ALL (SELECT * FROM cuvr.kpi_recomputed EXCEPT SELECT * FROM cuvr.kpi_rollup)) d)"
    check "$p: ... and the monthly rollup equals the recomputation by month" "
        SELECT count(*) FROM crashtest.kpi_monthly_diff"
    local checked failures
    IFS='|' read -r checked failures <<<"$(psql_ -c "SELECT checked, failures FROM crashtest.btree_failures()" 2>&1)"
    [ -z "$failures" ] && [ "$checked" -gt 20 ] 2>/dev/null
    ok $? "$p: amcheck: bt_index_check and bt_index_parent_check (heapallindexed) find all ${checked} btree indexes of cuvr and cuvr_bi clean${failures:+ ($failures)}"
    check "$p: amcheck: verify_heapam finds every table of cuvr and cuvr_bi clean, TOAST included" "
        SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace,
               LATERAL verify_heapam(c.oid, check_toast => true)
         WHERE s.nspname IN ('cuvr', 'cuvr_bi') AND c.relkind IN ('r', 'm')"
    check "$p: the GIN signature index finds every signed appeal" "
        SET enable_seqscan = off; SET enable_indexscan = off;
        SELECT (SELECT count(*) FROM cuvr.appeal WHERE signature IS NOT NULL)
             - (SELECT count(*) FROM cuvr.appeal a
                 WHERE cuvr.signature_keys(a.signature, a.category_id, a.territory, a.received_at)
                       && (SELECT array_agg(DISTINCT k) FROM cuvr.appeal x, unnest(cuvr.signature_keys(x.signature, x.category_id, x.territory, x.received_at)) k
                            WHERE x.signature IS NOT NULL)
                   AND a.signature IS NOT NULL)"
    echo "$p: the checks took $(( $(now_ms) - t0 )) ms" | diag
}

# The recovered database goes on: a new appeal through its life.
goes_on() {
    local out
    out=$(psql_ 2>&1 <<EOF
SELECT cuvr.register_appeal('{"source":"after-$1","external_id":"1","region":71,"channel":"email","text":"После сбоя: яма на дороге"}') AS id \gset
SELECT cuvr.assign(:id, (SELECT min(id) FROM cuvr.body WHERE name LIKE 'bench body %'))
 WHERE (SELECT status FROM cuvr.appeal WHERE id = :id) = 'triage';
SELECT cuvr.answer(:id, 'Яма заделана', 'measures_taken') > 0;
SELECT cuvr.rate(:id, 1);
SELECT status || ' ' || version || ' ' || (id > (SELECT max(id) FROM cuvr.appeal WHERE source NOT LIKE 'after-%'))
  FROM cuvr.appeal WHERE id = :id;
EOF
)
    out=$(echo $out)
    case "$out" in "t escalated "*" true") true ;; *) false ;; esac
    ok $? "$1: the recovered database goes on: a new appeal gets a fresh id and is registered, answered, rated and escalated ($out)"
}

texts=("Во дворе дома не вывозят мусор, контейнеры переполнены"
       "Яма на дороге у остановки, машины объезжают по встречной"
       "В подъезде не работает лифт уже неделю"
       "Не горят фонари на улице, вечером темно и опасно"
       "В поликлинике не принимает терапевт, очередь на месяц"
       "Нет горячей воды в доме с понедельника"
       "Автобус по маршруту ходит раз в час вместо расписания"
       "Протекает крыша над последним этажом, заливает квартиру")

# --- (a) crash during bulk intake ----------------------------------------
# Three registering clients, one COPY client, one maintenance loop.
for c in 1 2 3; do
    awk -v c=$c -v ntexts=${#texts[@]} -v texts="$(printf '%s\n' "${texts[@]}")" 'BEGIN {
        split(texts, t, "\n"); srand(c);
        split("email pos_form pos_app hotline social_network", ch, " ");
        print "\\set ON_ERROR_STOP 1";
        for (k = 1; k <= 4000; k++) {
            printf "BEGIN;\nSELECT cuvr.register_appeal(%c{\"source\":\"crash-reg\",\"external_id\":\"c%d-%d\",\"region\":71,\"channel\":\"%s\",\"text\":\"%s, дом %d\",\"applicant\":{\"email\":\"r%d@example.ru\"}}%c) AS id \\gset\nCOMMIT;\n\\echo crash-reg c%d-%d :id\n",
                39, c, k, ch[1 + int(rand() * 5)], t[1 + int(rand() * ntexts)], int(rand() * 30), int(rand() * 200), 39, c, k;
        }
    }' >"$work/reg$c.sql"
done
awk -v ntexts=${#texts[@]} -v texts="$(printf '%s\n' "${texts[@]}")" -v manifest="$work/copy_rows" 'BEGIN {
    split(texts, t, "\n"); srand(4);
    print "\\set ON_ERROR_STOP 1";
    for (b = 1; b <= 100; b++) {
        print "COPY cuvr.intake (source, external_id, region, channel, kind, text, received_at, due_at, category, applicant_email) FROM STDIN;";
        for (i = 1; i <= 100; i++) {
            id = "b" b "-" i; good = (rand() >= 0.05);
            # One row in ten arrived in 2020 with a deadline the source set
            # ten days later: run_maintenance() finds it overdue.
            late = (rand() < 0.1);
            printf "crash-copy\t%s\t71\t%s\tappeal\t%s, подъезд %d\t%s\t%s\t%s\tc%d@example.ru\n", id,
                good ? "pos_form" : "pigeon", t[1 + int(rand() * ntexts)], i,
                late ? "2020-01-01T10:00:00+03:00" : "\\N", late ? "2020-01-10T10:00:00+03:00" : "\\N",
                rand() < 0.3 ? "roads.other" : "\\N", int(rand() * 300);
            printf "%d\t%s\t%s\n", b, id, good ? "t" : "f" > manifest;
        }
        print "\\.";
        printf "\\echo %d\n", b;
    }
}' >"$work/copy.sql"
{ echo "\\set ON_ERROR_STOP 1"; for i in $(seq 1 2000); do echo "SELECT cuvr.run_maintenance(); SELECT pg_sleep(0.3);"; done; } >"$work/maint.sql"
psql_ -c "\\copy crashtest.copy_row FROM '$work/copy_rows'"

load_pids=()
for c in 1 2 3; do
    "$bindir/psql" -X -q -A -t -f "$work/reg$c.sql" >"$work/reg$c.ack" 2>"$work/reg$c.err" &
    load_pids+=($!)
done
"$bindir/psql" -X -q -A -t -f "$work/copy.sql" >"$work/copy.ack" 2>"$work/copy.err" &
load_pids+=($!)
"$bindir/psql" -X -q -A -t -f "$work/maint.sql" >/dev/null 2>"$work/maint.err" &
maint_pid=$!
bg_pids=("${load_pids[@]}" "$maint_pid")
load_start=$(now_ms)
# Kill somewhere after 1500 to 2500 committed appeals.
target=$((1500 + RANDOM % 1000))
wait_for "SELECT count(*) FROM cuvr.appeal" $target
ok $? "(a) load running: $target appeals committed by 4 writers"
crash postmaster
for p in "${load_pids[@]}" "$maint_pid"; do wait "$p" 2>/dev/null; done
bg_pids=()
cat "$work"/reg?.ack | grep '^crash-reg ' | tr ' ' '\t' >"$work/reg.ack"
grep -E '^[0-9]+$' "$work/copy.ack" >"$work/copy_batches.ack"
acked_reg=$(wc -l <"$work/reg.ack")
acked_batches=$(wc -l <"$work/copy_batches.ack")
echo "(a) kill -9 of the postmaster after $(( (kill_at - load_start) )) ms of load; its orphaned backends were gone $orphans_ms ms later; $acked_reg registrations and $acked_batches COPY batches of 100 rows acknowledged; $in_flight write transactions open at the kill; $evicted dirty pages evicted to disk since the start" | diag
grep -h -E 'connection|terminat|closed' "$work"/reg?.err "$work/copy.err" | sort | uniq -c | head -3 | diag
[ "$acked_reg" -gt 0 ] && [ "$acked_batches" -gt 0 ]
ok $? "(a) the clients logged acknowledged commits ($acked_reg registrations, $acked_batches COPY batches)"

restart "(a)"
echo "(a) recovery (pg_ctl start until connections are accepted): $recovery_ms ms" | diag
psql_ -c "\\copy crashtest.reg_ack FROM '$work/reg.ack'" -c "\\copy crashtest.copy_ack FROM '$work/copy_batches.ack'"
check "(a) every acknowledged registration is there with the id its client got ($acked_reg)" "
    SELECT count(*) FROM crashtest.reg_ack k
     WHERE NOT EXISTS (SELECT 1 FROM cuvr.appeal a WHERE a.source = k.source AND a.external_id = k.external_id AND a.id = k.appeal_id)"
check "(a) every row of every acknowledged COPY batch is there: good rows as appeals, bad rows kept in cuvr.intake with their error ($acked_batches batches)" "
    SELECT count(*) FROM crashtest.copy_row r JOIN crashtest.copy_ack USING (batch)
     WHERE (SELECT count(*) FROM cuvr.appeal a WHERE a.source = 'crash-copy' AND a.external_id = r.external_id) <> r.good::integer
        OR (SELECT count(*) FROM cuvr.intake i WHERE i.source = 'crash-copy' AND i.external_id = r.external_id
               AND i.error_sqlstate = '22023') <> (NOT r.good)::integer"
check "(a) COPY batches are atomic: each is there whole or not at all" "
    SELECT count(*) FROM (SELECT r.batch, count(a.id) + count(i.id) AS found, count(*) AS size
                            FROM crashtest.copy_row r
                            LEFT JOIN cuvr.appeal a ON a.source = 'crash-copy' AND a.external_id = r.external_id
                            LEFT JOIN cuvr.intake i ON i.source = 'crash-copy' AND i.external_id = r.external_id
                           GROUP BY r.batch) b
     WHERE found NOT IN (0, size)"
unacked=$(psql_ -c "SELECT (SELECT count(*) FROM cuvr.appeal WHERE source = 'crash-reg') - (SELECT count(*) FROM crashtest.reg_ack)
                           || ' ' || (SELECT count(DISTINCT r.batch) FROM crashtest.copy_row r JOIN cuvr.appeal a
                                       ON a.source = 'crash-copy' AND a.external_id = r.external_id)
                                     - (SELECT count(*) FROM crashtest.copy_ack)
                           || ' ' || (SELECT count(*) FROM cuvr.appeal)
                           || ' ' || (SELECT count(*) FROM cuvr.appeal_event WHERE action = 'overdue')")
read -r unacked_reg unacked_batches total overdue <<<"$unacked"
# Commits made by the orphaned backends after the postmaster died (commit
# timestamps of the 'register' events).
late=$(psql_ -c "SELECT count(*) FILTER (WHERE a.source = 'crash-reg') || ' ' || count(k.appeal_id)
                        || ' ' || count(*) FILTER (WHERE a.source = 'crash-copy') || ' ' || count(c.batch)
                   FROM cuvr.appeal_event e JOIN cuvr.appeal a ON a.region_code = e.region_code AND a.id = e.appeal_id
                   LEFT JOIN crashtest.reg_ack k ON k.appeal_id = a.id
                   LEFT JOIN crashtest.copy_row r ON a.source = 'crash-copy' AND r.external_id = a.external_id
                   LEFT JOIN crashtest.copy_ack c ON c.batch = r.batch
                  WHERE e.action = 'register' AND pg_xact_commit_timestamp(e.xmin) > to_timestamp($kill_at / 1000.0)")
read -r late_reg late_reg_ack late_copy late_copy_ack <<<"$late"
echo "(a) committed by the orphaned backends after the postmaster was killed: $late_reg registrations ($late_reg_ack acknowledged), $late_copy COPY rows ($late_copy_ack in acknowledged batches)" | diag
echo "(a) committed but not acknowledged (commit reached the WAL, the reply did not reach the client): $unacked_reg registrations, $unacked_batches COPY batches; $total appeals in all, $overdue found overdue by run_maintenance" | diag
consistency "(a)"
goes_on "(a)"

# --- (b) crash during a pgbench run of the lifecycle -----------------------
cat >"$work/lifecycle.sql" <<'EOF'
-- One appeal through its life (test/bench/lifecycle_cuvr.sql): register ->
-- assign -> answer -> rate; 20 % of ratings are negative and escalate, and
-- half of those are taken, answered and rated again by the higher body.
-- :n counts this client's transactions, as pgbench's log does.
\set n :n + 1
\set body random(1, 40)
\set r random(1, 10)
\set score case when :r <= 2 then :r else 3 + :r % 3 end
SELECT cuvr.register_appeal(jsonb_build_object('source', 'crash-bench', 'external_id', 'c' || :client_id || '-' || :n,
       'region', 71, 'channel', 'pos_form', 'kind', 'appeal',
       'text', 'Во дворе дома не вывозят мусор, контейнеры переполнены',
       'applicant', jsonb_build_object('name', 'Житель', 'email', 'r' || :client_id || '@example.ru'))) AS id \gset
SELECT cuvr.assign(:id, (SELECT min(id) + :body - 1 FROM cuvr.body WHERE name LIKE 'bench body %'));
SELECT cuvr.answer(:id, 'Контейнеры вывезены', 'measures_taken');
SELECT cuvr.rate(:id, :score);
\if :r = 1
SELECT cuvr.take(:id);
SELECT cuvr.answer(:id, 'Повторно: контейнеры вывезены, график вывоза изменён', 'supported');
SELECT cuvr.rate(:id, 4);
\endif
EOF
load_pids=()
(cd "$work" && exec "$bindir/pgbench" -n -D n=0 -f "$work/lifecycle.sql" -c 4 -j 2 -T 300 -l --log-prefix="$work/pgbench_log" \
     >"$work/pgbench.out" 2>&1) &
load_pids+=($!)
"$bindir/psql" -X -q -A -t -f "$work/maint.sql" >/dev/null 2>"$work/maint.err" &
maint_pid=$!
bg_pids=("${load_pids[@]}" "$maint_pid")
load_start=$(now_ms)
rated="SELECT count(*) FROM cuvr.rating x JOIN cuvr.appeal a ON a.id = x.appeal_id WHERE a.source = 'crash-bench'"
wait_for "$rated" 200
ok $? "(b) pgbench lifecycle running: 200 ratings committed"
psql_ -c "CHECKPOINT"
ok $? "(b) a checkpoint in the middle of the load"
# A KPI merge left open: its DELETE of the delta and its upserts of the
# rollups are written but not committed at the kill, and must vanish.
# It waits for the maintenance loop's merge and takes the merge's lock
# first (advisory locks are re-entrant), then lets the delta fill a little.
cat >"$work/merge_open.sql" <<'EOF'
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cuvr.kpi_merge')::bigint);
SELECT pg_sleep(0.5);
SELECT cuvr.kpi_merge();
SELECT pg_sleep(600);
EOF
"$bindir/psql" -X -q -A -t -f "$work/merge_open.sql" >"$work/merge_open.out" 2>&1 &
bg_pids+=($!)
wait_for "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(600);'" 1
ok $? "(b) a cuvr.kpi_merge() runs in a transaction left open"
target=$((400 + RANDOM % 300))
wait_for "$rated" $target
ok $? "(b) load still running after the checkpoint: $target ratings committed"
crash all
for p in "${load_pids[@]}" "$maint_pid"; do wait "$p" 2>/dev/null; done
bg_pids=()
merge_open=$(grep -E '^[0-9]+$' "$work/merge_open.out" | head -1)
cat "$work"/pgbench_log* 2>/dev/null | awk '{print $1 "\t" $2}' >"$work/bench.ack"
acked_bench=$(wc -l <"$work/bench.ack")
echo "(b) kill -9 of the postmaster and all its children after $(( (kill_at - load_start) )) ms of load: $acked_bench lifecycles acknowledged (pgbench's per-transaction log); $in_flight write transactions open at the kill, one of them a KPI merge of $merge_open delta rows; $evicted dirty pages evicted to disk since the last restart" | diag
grep -E 'aborted|connection' "$work/pgbench.out" | head -2 | diag
[ "$acked_bench" -gt 0 ] && grep -q "aborted" "$work/pgbench.out"
ok $? "(b) pgbench logged acknowledged lifecycles, and its clients were cut off by the crash"
[ "${merge_open:-0}" -gt 0 ]
ok $? "(b) the KPI merge left open at the kill had moved delta rows (${merge_open:-none})"

restart "(b)"
echo "(b) recovery (pg_ctl start until connections are accepted): $recovery_ms ms" | diag
psql_ -c "\\copy crashtest.bench_ack FROM '$work/bench.ack'"
check "(b) every acknowledged lifecycle is there whole: answered and rated once, or escalated by a negative rating and answered and rated again ($acked_bench)" "
    SELECT count(*) FROM crashtest.bench_ack k
      LEFT JOIN cuvr.appeal a ON a.source = 'crash-bench' AND a.external_id = 'c' || k.client || '-' || k.tx
      LEFT JOIN LATERAL (SELECT count(*) AS answers FROM cuvr.answer n
                          WHERE n.region_code = a.region_code AND n.appeal_id = a.id) n ON true
      LEFT JOIN LATERAL (SELECT count(*) AS ratings, count(*) FILTER (WHERE x.score <= 2) AS negative FROM cuvr.rating x
                          WHERE x.region_code = a.region_code AND x.appeal_id = a.id) x ON true
     WHERE a.id IS NULL OR n.answers NOT IN (1, 2) OR x.ratings <> n.answers OR x.negative <> n.answers - 1 + (a.status = 'escalated')::integer
        OR a.status NOT IN ('answered', 'escalated') OR a.escalation_level <> x.negative"
check "(a) still after the second crash: every acknowledged registration and COPY row is there" "
    SELECT (SELECT count(*) FROM crashtest.reg_ack k
             WHERE NOT EXISTS (SELECT 1 FROM cuvr.appeal a WHERE a.source = k.source AND a.external_id = k.external_id AND a.id = k.appeal_id))
         + (SELECT count(*) FROM crashtest.copy_row r JOIN crashtest.copy_ack USING (batch)
             WHERE (SELECT count(*) FROM cuvr.appeal a WHERE a.source = 'crash-copy' AND a.external_id = r.external_id)
                 + (SELECT count(*) FROM cuvr.intake i WHERE i.source = 'crash-copy' AND i.external_id = r.external_id) <> 1)"
figures=$(psql_ -c "SELECT count(*) || ' appeals, ' || count(*) FILTER (WHERE status = 'escalated') || ' escalated, '
                           || (SELECT count(*) FROM cuvr.answer) || ' answers, ' || (SELECT count(*) FROM cuvr.rating) || ' ratings, '
                           || (SELECT count(*) FROM cuvr.appeal_event) || ' events'
                      FROM cuvr.appeal WHERE source = 'crash-bench'")
echo "(b) crash-bench: $figures" | diag
consistency "(b)"
goes_on "(b)"

echo "run time $(( $(date +%s) - started )) s" | diag
echo "1..$n"
exit $((failed > 0))
