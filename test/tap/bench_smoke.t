#!/usr/bin/env bash
# The benchmark scripts keep working: a short pgbench run of the lifecycle
# through cuvr and of its plain-SQL baseline, then checks that every appeal
# went through its whole life and was journalled.
set -uo pipefail
here=$(cd "$(dirname "$0")/../bench" && pwd)
db=cuvr_bench_smoke
n=0; failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
psql -X -q -d $db -f "$here/setup.sql" >/dev/null
ok $? "bench setup"
pgbench -n -f "$here/lifecycle_cuvr.sql" -c 4 -j 2 -t 25 $db >/dev/null 2>&1
ok $? "pgbench cuvr lifecycle, 4 clients x 25"
pgbench -n -f "$here/lifecycle_plain.sql" -c 4 -j 2 -t 25 $db >/dev/null 2>&1
ok $? "pgbench plain baseline, 4 clients x 25"
out=$(psql -X -A -t -d $db -c "
    SELECT count(*) FILTER (WHERE status IN ('answered', 'escalated')) || ' ' ||
           (SELECT count(*) FROM cuvr.rating) || ' ' ||
           ((SELECT count(*) FROM cuvr.appeal_event WHERE action <> 'escalate') = 400) || ' ' ||
           ((SELECT count(*) FROM cuvr.appeal_event WHERE action = 'escalate')
            = (SELECT count(*) FROM cuvr.rating WHERE score <= 2)) || ' ' ||
           (SELECT count(*) FROM plain_rating)
      FROM cuvr.appeal")
[ "$out" = "100 100 true true 100" ]
ok $? "100 appeals answered and rated, 4 events each, one escalation per negative rating; baseline did the same ($out)"
psql -X -q -d postgres -c "DROP DATABASE $db"
echo "1..$n"
exit $((failed > 0))
