#!/usr/bin/env bash
# Upgrades in place.  A database made with cuvr 0.1 and holding data is
# updated to the current version with ALTER EXTENSION cuvr UPDATE:
#   - its data stays as it was and goes on working;
#   - its catalog equals a fresh install of the current version, fact by
#     fact (test/tools/catalog_snapshot.sql), and so do the seeded rows;
#   - it survives pg_dump and restore.
# The rest of the suite also runs on an updated catalog (test/run-in-cluster,
# CUVR_UPGRADE_FROM).  Needs PGHOST/PGPORT/PGUSER of a server (test/run).
set -uo pipefail
here=$(dirname "$0")
psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

from=0.1
current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$here/../../cuvr.control")
snapshot() { psql_ -d "$1" -f "$here/../tools/catalog_snapshot.sql"; }
# Every table of the extension, rows and all, in a stable order.  The
# secret is random per install: only its row count is compared; so are the
# times seeded rows were loaded.  NULLs are left out, so that a column an
# update adds (NULL in old rows) does not count as a change.
rows() {
    psql_ -d "$1" -c "SELECT t FROM (SELECT c.oid::regclass::text AS t FROM pg_class c
                       WHERE c.relnamespace = 'cuvr'::regnamespace AND c.relkind = 'r') r ORDER BY t COLLATE \"C\"" |
    while read -r t; do
        printf '%s ' "$t"
        if [ "$t" = cuvr.secret ]; then
            psql_ -d "$1" -c "SELECT count(*) FROM $t"
        else
            psql_ -d "$1" -c "SELECT count(*) || ':' || coalesce(md5(string_agg(j, '|' ORDER BY j)), '')
                                FROM (SELECT jsonb_strip_nulls(to_jsonb(x) - '{loaded_at,trained_at,granted_at}'::text[]
                                                               - CASE WHEN '$t' = 'cuvr.setting' THEN '${2:-}' ELSE '' END)::text AS j
                                        FROM $t x) r"
        fi
    done
}
kpi() {
    psql_ -d "$1" -c "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM cuvr_bi.kpi_daily x"
}

dbs="cuvr_up_data cuvr_up_empty cuvr_up_fresh cuvr_up_restored"
for db in $dbs; do
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $db"
    psql_ -d postgres -c "CREATE DATABASE $db"
done

# 0.1 with data: the fixture of the dump test, written against 0.1.
psql_ -d cuvr_up_data -c "CREATE EXTENSION cuvr VERSION '$from'" &&
    psql_ -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dump_exec') THEN CREATE ROLE dump_exec IN ROLE cuvr_executor; END IF; END \$\$" &&
    psql_ -d cuvr_up_data -f "$here/../fixtures/dump_restore.sql" >/dev/null
ok $? "cuvr $from installed and loaded with appeals, answers, ratings, escalations and rejected intake rows"
# The update rewrites the description of a seeded setting (notify), so the
# before/after comparison leaves setting descriptions out.
before=$(rows cuvr_up_data description)
kpi_before=$(kpi cuvr_up_data)

psql_ -d cuvr_up_data -c "ALTER EXTENSION cuvr UPDATE"
ok $? "ALTER EXTENSION cuvr UPDATE from $from"
[ "$(psql_ -d cuvr_up_data -c "SELECT extversion FROM pg_extension WHERE extname = 'cuvr'")" = "$current" ]
ok $? "the extension is at $current"
out=$(psql_ -d cuvr_up_data -c "ALTER EXTENSION cuvr UPDATE" 2>&1)
[ $? = 0 ] && echo "$out" | grep -q "already installed"
ok $? "a second update is a no-op with a notice"

diff <(echo "$before") <(rows cuvr_up_data description)
ok $? "every table keeps its rows through the update"
diff <(echo "$kpi_before") <(kpi cuvr_up_data)
ok $? "the KPIs are unchanged by the update"
out=$(psql_ -d cuvr_up_data -c "SELECT cuvr.kpi_merge() >= 0" -c "
    SELECT count(*) FROM ((SELECT * FROM cuvr.kpi_rollup EXCEPT SELECT * FROM cuvr.kpi_recomputed)
                          UNION ALL (SELECT * FROM cuvr.kpi_recomputed EXCEPT SELECT * FROM cuvr.kpi_rollup)) d" 2>&1)
[ "$(echo $out)" = "t 0" ]
ok $? "after a merge the rollup equals the recomputation ($(echo $out))"
out=$(psql_ -d cuvr_up_data -c "
    SELECT cuvr.register_appeal('{\"source\":\"after\",\"external_id\":\"1\",\"region\":71,\"channel\":\"email\",\"text\":\"Яма на дороге после обновления\",\"applicant\":{\"email\":\"new@example.ru\"}}')
           > (SELECT max(id) FROM cuvr.appeal WHERE source <> 'after');
    SELECT count(*) FROM cuvr.appeal_event e JOIN cuvr.appeal a ON a.id = e.appeal_id WHERE a.source = 'after';
    SELECT (cuvr.classify('Яма на дороге')).category;" 2>&1)
[ "$(echo $out)" = "t 1 roads.other" ]
ok $? "the updated database registers, journals and classifies ($(echo $out))"

# The catalog: updated (with and without data) against fresh.
psql_ -d cuvr_up_empty -c "CREATE EXTENSION cuvr VERSION '$from'" -c "ALTER EXTENSION cuvr UPDATE" &&
    psql_ -d cuvr_up_fresh -c "CREATE EXTENSION cuvr"
ok $? "one database updated from $from, one installed fresh at $current"
fresh=$(snapshot cuvr_up_fresh)
[ "$(echo "$fresh" | wc -l)" -gt 1000 ]
ok $? "the catalog snapshot covers the extension ($(echo "$fresh" | wc -l) facts)"
diff <(snapshot cuvr_up_empty) <(echo "$fresh")
ok $? "updated catalog equals a fresh install: same objects, same definitions, comments and privileges"
diff <(snapshot cuvr_up_data) <(echo "$fresh")
ok $? "the same holds for the database that held data"
# One seeded value differs on purpose: an update keeps notify as it was
# (0.1's default, true); a fresh 0.2 defaults to false.
out=$(psql_ -d cuvr_up_empty -c "SELECT value FROM cuvr.setting WHERE name = 'notify'")
[ "$out" = true ] && [ "$(psql_ -d cuvr_up_fresh -c "SELECT value FROM cuvr.setting WHERE name = 'notify'")" = false ]
ok $? "the update keeps notify as it was (true); a fresh install defaults to false"
psql_ -d cuvr_up_empty -c "UPDATE cuvr.setting SET value = 'false' WHERE name = 'notify'" >/dev/null
diff <(rows cuvr_up_empty) <(rows cuvr_up_fresh)
ok $? "the seeded reference rows of the updated database equal a fresh install's"

# The updated database goes through pg_dump and restore.
dumpfile=$(mktemp)
trap 'rm -f "$dumpfile"' EXIT
pg_dump -Fc -f "$dumpfile" cuvr_up_data && pg_restore --exit-on-error -d cuvr_up_restored "$dumpfile"
ok $? "the updated database dumps and restores"
diff <(rows cuvr_up_data | grep -v '^cuvr\.kpi_') <(rows cuvr_up_restored | grep -v '^cuvr\.kpi_')
ok $? "the restored copy holds the same rows (the KPI tables are rebuilt, not dumped)"
diff <(kpi cuvr_up_data) <(kpi cuvr_up_restored)
ok $? "and the same KPIs"

for db in $dbs; do
    psql_ -d postgres -c "DROP DATABASE $db"
done
echo "1..$n"
exit $((failed > 0))
