#!/usr/bin/env bash
# The performance harness keeps working: test/bench/run --quick with tiny
# sizes in the test cluster, checking that its table has every row and that
# its figures are numbers.  Timings are printed, never compared.
set -uo pipefail
here=$(cd "$(dirname "$0")/../bench" && pwd)
n=0; failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
out=$(BENCH_INGEST_ROWS=2000 BENCH_CHUNK=500 BENCH_TRAIN=500 BENCH_SECONDS=2 BENCH_CLIENTS="1 8 32" \
      BENCH_CALLS=20000 BENCH_MICRO_ROWS=20000 BENCH_EXTRA_ROWS=200 "$here/run" --quick 2>/dev/null)
ok $? "test/bench/run --quick with tiny sizes runs to the end"
echo "$out" | grep -q '^| figure | baseline | cuvr | ratio | target |$'
ok $? "the table is printed"

num='-?[0-9]+(\.[0-9]+)?'
# row <figure prefix> <regex of the baseline, cuvr and ratio cells>
row() {
    echo "$out" | grep -F "| $1" | grep -Eq "$2"
    ok $? "row: $1"
}
row "ingest: COPY 2000 appeals, chunks of 500 rows" "\| $num \(plain[^|]*\| $num \($num µs/appeal\) \| $num \(cuvr/baseline\) \|"
row "ingest: rows/s of the first → the last chunk" "\| $num → $num \| $num → $num \|"
row "ingest: rows registered / kept" "\| $num bad rows generated \($num %\) \| $num registered \($num % routed to a body\), $num kept \|"
row "intake of appeals without a category: classification's cost" \
    "\| $num \(classifier_enabled = false[^|]*\| $num \([-+]$num µs; $num % classified, $num % routed to a body\) \| $num \(baseline/cuvr\) \|"
row "intake: what classification alone adds" \
    "\| $num \(the classifier's category supplied[^|]*\| $num \([-+]$num µs; the classifier guesses it\) \| $num \(baseline/cuvr\) \|"
row "ingest profile: self time per appeal" "\| $num µs per appeal in all[^|]*\| ([a-z_]+ $num, ){9}[a-z_]+ $num \|"
row "ingest floor: storing what cuvr stores" "\| $num \(INSERT[^|]*\| $num \(whole pipeline, above\) \| $num \(cuvr/floor\) \| 35 000 appeals/s is $num × the floor \|"
for c in 1 8 32; do
    row "lifecycle, $c client(s): register → assign → answer → rate (20 % negative), tps" \
        "\| $num \(plain[^|]*\| $num \| $num \(cuvr/baseline\) \|"
    row "lifecycle, $c client(s): p50 / p99 latency" "\| $num / $num \| $num / $num \| $num / $num \(baseline/cuvr\) \|"
done
for f in "term_in" "term_out" "tok_code_in / tok_code_out" "oktmo_in / oktmo_out" "add_term" "due_date" \
         "is_working_day" "working_days_between" "classify" "text_signature"; do
    row "memory: $f" "\| $num → $num kB \([-+]$num\), [^|]+\| $num → $num kB \([-+]$num\) \|"
done
row "lifecycle: WAL written per lifecycle" "\| $num \(plain[^|]*\| $num \| $num \(baseline/cuvr\) \|"
row "deadline: cuvr.add_term" "\| $num \(floor[^|]*\| $num \| $num \(baseline/cuvr\) \|"
row "classification: cuvr.classify" "\| $num \(to_tsvector[^|]*\| $num \($num per second\) \| $num \(baseline/cuvr\) \|"
rows=$(echo "$out" | grep '^| [a-z]' | grep -vc '^| figure |')
[ "$rows" = 26 ]
ok $? "26 figures in the table ($rows)"
kept=$(echo "$out" | sed -n 's/^| ingest: rows registered.* \([0-9]*\) bad rows generated.* \([0-9]*\) kept .*/\1 \2/p')
[ -n "$kept" ] && [ "$(echo "$kept" | cut -d' ' -f1)" = "$(echo "$kept" | cut -d' ' -f2)" ]
ok $? "every bad row is kept with its error, no good row is ($kept)"
echo "$out" | grep -E '^\| (ingest|lifecycle, 8)' | sed 's/^/# /'
echo "1..$n"
exit $((failed > 0))
