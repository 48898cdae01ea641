#!/usr/bin/env bash
# cuvr demo, run by test/demo/run inside a throwaway cluster of pg_virtualenv
# (which exports PGHOST, PGPORT, PGUSER, PGPASSWORD): generates the appeals
# with gen_appeals.py and runs the SQL steps 10..50 in a fresh database.
# CUVR_DEMO_DATA names the St Petersburg data set; when it is missing, the
# texts are generated from templates.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$here/gen_appeals.py" "$work" "${CUVR_DEMO_DATA:-}"

export PGDATABASE=cuvr_demo
createdb cuvr_demo
sql() { psql -X -q -v ON_ERROR_STOP=1 -P pager=off "$@"; }

sql -f "$here/10_bodies.sql"                             # extension, bodies, routing rules
sql -f "$here/20_register.sql" < "$work/incoming.csv"    # register_appeal() for half
sql -f "$here/30_intake.sql" < "$work/intake.csv"        # COPY cuvr.intake for the rest
sql -f "$here/35_classify.sql"                           # train, classify and route a batch without category
sql -f "$here/40_lifecycle.sql"                          # triage queue, redirect, take, answer, rate, ...
sql -f "$here/50_summary.sql"                            # the report
