#!/usr/bin/env bash
# pg_dump / restore round trip, custom and plain format: reference data (with
# a DBA's edits of seeded rows), appeals, their history, answers, ratings,
# the outbox, rejected intake rows, the roadmap, settings, keys and sequence
# positions all come back intact, and the restored database keeps working.
# Needs PGHOST/PGPORT/PGUSER of a server with cuvr installed (test/run).
set -uo pipefail
here=$(dirname "$0")
psql_() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
n=0
failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

tables="region body channel appeal_kind theme category setting answer_template body_grant secret
        calendar_year calendar_day regional_holiday deadline_policy
        routing_rule keyword_rule classifier_model classifier_class classifier_feature
        applicant appeal appeal_event answer rating outbox intake
        roadmap_indicator roadmap_target roadmap_fact roadmap_item"
fingerprint() {
    for t in $tables; do
        printf '%s ' "$t"
        psql_ -d "$1" -c "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM cuvr.$t x"
    done
    # The KPI rollup is not dumped: the restored rows write their KPI terms
    # again, so the KPIs come back equal to the source's.
    printf 'kpi_daily '
    psql_ -d "$1" -c "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM cuvr_bi.kpi_daily x"
}

for db in cuvr_dump_src cuvr_dump_custom cuvr_dump_plain; do
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $db"
done
psql_ -d postgres -c "CREATE DATABASE cuvr_dump_src"
psql_ -d cuvr_dump_src -c "CREATE EXTENSION cuvr"
psql_ -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dump_exec') THEN CREATE ROLE dump_exec IN ROLE cuvr_executor; END IF; END \$\$"
psql_ -d cuvr_dump_src -f "$here/../fixtures/dump_restore.sql" >/dev/null
ok $? "source database loaded"

src=$(fingerprint cuvr_dump_src)
dumpfile=$(mktemp)
trap 'rm -f "$dumpfile" "$dumpfile.sql"' EXIT

pg_dump -Fc -f "$dumpfile" cuvr_dump_src
ok $? "pg_dump custom format"
psql_ -d postgres -c "CREATE DATABASE cuvr_dump_custom"
pg_restore --exit-on-error -d cuvr_dump_custom "$dumpfile"
ok $? "pg_restore custom format without errors"
diff <(echo "$src") <(fingerprint cuvr_dump_custom)
ok $? "custom format: every table identical after restore"

pg_dump -Fp -f "$dumpfile.sql" cuvr_dump_src
ok $? "pg_dump plain format"
psql_ -d postgres -c "CREATE DATABASE cuvr_dump_plain"
psql_ -d cuvr_dump_plain -f "$dumpfile.sql" >/dev/null
ok $? "plain format restores without errors"
diff <(echo "$src") <(fingerprint cuvr_dump_plain)
ok $? "plain format: every table identical after restore"

# After a merge the restored rollup alone equals the from-scratch GROUP BY.
for db in cuvr_dump_custom cuvr_dump_plain; do
    out=$(psql_ -d "$db" -c "SELECT cuvr.kpi_merge() > 0" -c "
        SELECT count(*) FROM ((SELECT * FROM cuvr.kpi_rollup EXCEPT SELECT * FROM cuvr.kpi_recomputed)
                              UNION ALL (SELECT * FROM cuvr.kpi_recomputed EXCEPT SELECT * FROM cuvr.kpi_rollup)) d" 2>&1)
    [ "$(echo $out)" = "t 0" ]
    ok $? "$db: the KPI rollup after restore and merge equals the recomputation ($(echo $out))"
done

# The restored database goes on: sequences continue, the journal works.
for db in cuvr_dump_custom cuvr_dump_plain; do
    out=$(psql_ -d "$db" -c "
        SELECT cuvr.register_appeal('{\"source\":\"after\",\"external_id\":\"1\",\"region\":71,\"channel\":\"email\",\"text\":\"После восстановления\",\"applicant\":{\"email\":\"new@example.ru\"}}')
               > (SELECT max(id) FROM cuvr.appeal WHERE source <> 'after');
        SELECT count(*) FROM cuvr.appeal_event e JOIN cuvr.appeal a ON a.id = e.appeal_id WHERE a.source = 'after';
        SELECT cuvr.setting_value('notify');
        SELECT federal_district = 'Центральный федеральный округ' AND cuvr.coordinator_body(71) IS NOT NULL
          FROM cuvr.region WHERE code = 71;
        SELECT (cuvr.classify('Яма на дороге')).category;" 2>&1)
    [ "$(echo $out)" = "t 1 true t roads.other" ]
    ok $? "$db: new appeal gets a fresh id and is journalled; edited seeded rows and the model kept ($(echo $out))"
done

for db in cuvr_dump_src cuvr_dump_custom cuvr_dump_plain; do
    psql_ -d postgres -c "DROP DATABASE $db"
done
echo "1..$n"
exit $((failed > 0))
