#!/usr/bin/env bash
# The KPI benchmark keeps working: a tiny run of test/bench/kpi in the test
# cluster, checking that its figures come out and its own checks hold (the
# dashboard equals the from-scratch GROUP BY, the reader is not blocked by
# an open merge, a committed appeal counts at once).  Timings are printed,
# never compared.
set -uo pipefail
here=$(cd "$(dirname "$0")/../bench" && pwd)
n=0; failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
out=$("$here/kpi" 3000 1 2000 300 2>&1)
ok $? "test/bench/kpi 3000 1 2000 300 runs to the end"
echo "$out" | grep -q "^3000 appeals, "
ok $? "the history is generated"
echo "$out" | grep -q "; 0 rows differ)"
ok $? "the dashboard from the rollup equals the GROUP BY over the base tables"
echo "$out" | grep -q "(not blocked)"
ok $? "a dashboard read during an open merge returns"
grown=$(echo "$out" | sed -n 's/.*: \([0-9]*\) -> \([0-9]*\) received this month.*/\1 \2/p' | awk '{print $2 - $1}')
[ "$grown" = 1 ]
ok $? "a committed appeal counts at the next read"
echo "$out" | grep -Eq "^register_appeal\(\), 1 client, .* appeals/s"
ok $? "the ingest figures are printed"
echo "$out" | grep -E "^(month|merge|bulk|register)" | sed 's/^/# /'
echo "1..$n"
exit $((failed > 0))
