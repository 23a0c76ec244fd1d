#!/usr/bin/env bash
# Checks that the large-tenant generator makes the same tenant on SQLite and on PostgreSQL: generates a small one on
# each (a throwaway PostgreSQL when WORKORDERS_BENCH_POSTGRES is not set) and compares work orders by status, approver,
# assignee and facility, and the row counts of the child tables; then, on each engine, that every table the database
# keeps for the dashboard (ADR-020, ADR-022) equals a GROUP BY of the generated rows.
#   scripts/check-large-tenant-generator.sh [work orders, default 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-2000}"
work="$(mktemp -d /tmp/wo-gencheck.XXXXXX)"
pgdir=""
cleanup() { [ -n "$pgdir" ] && ./scripts/throwaway-postgres.sh stop "$pgdir"; rm -rf "$work"; }
trap cleanup EXIT
if [ -n "${WORKORDERS_BENCH_POSTGRES:-}" ]; then
  server="$WORKORDERS_BENCH_POSTGRES"
else
  out="$(./scripts/throwaway-postgres.sh start)"; pgdir="$(echo "$out" | head -n 1)"; server="$(echo "$out" | tail -n 1)"
fi
dotnet build -c Release WorkOrders.Benchmarks -v q -nologo >/dev/null
bench() { dotnet WorkOrders.Benchmarks/bin/Release/net10.0/WorkOrders.Benchmarks.dll "$@"; }
bench generate --work-orders "$count" --out "$work/small.db" | tail -n 1
bench generate --provider PostgreSQL --connection "$server;Database=wo_gencheck" --work-orders "$count" | tail -n 1

port="$(echo "$server" | sed -n 's/.*Port=\([0-9]*\).*/\1/p')"; host="$(echo "$server" | sed -n 's/.*Host=\([^;]*\).*/\1/p')"
psql() { PGPASSWORD=postgres "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h "$host" -p "${port:-5432}" -U postgres -d wo_gencheck -At -c "$1"; }
lite() { sqlite3 "$work/small.db" "$1"; }
same() {
  if diff <(lite "$2") <(psql "$3") >/dev/null; then echo "same: $1"; else echo "DIFFERENT: $1"; diff <(lite "$2") <(psql "$3") | head || true; failed=1; fi
}
failed=0
same "work orders by status" \
  "SELECT Status, COUNT(*), COUNT(AssigneeId), COUNT(ScheduledStart) FROM WorkOrders GROUP BY 1 ORDER BY 1" \
  'SELECT "Status", COUNT(*), COUNT("AssigneeId"), COUNT("ScheduledStart") FROM "WorkOrders" GROUP BY 1 ORDER BY "Status" COLLATE "C"'
for role in Approver Assignee; do
  same "work orders by ${role,,} and status" \
    "SELECT u.Email, w.Status, COUNT(*) FROM WorkOrders w JOIN AspNetUsers u ON u.Id = w.${role}Id GROUP BY 1, 2 ORDER BY 1, 2" \
    "SELECT u.\"Email\", w.\"Status\", COUNT(*) FROM \"WorkOrders\" w JOIN \"AspNetUsers\" u ON u.\"Id\" = w.\"${role}Id\" GROUP BY 1, 2 ORDER BY u.\"Email\" COLLATE \"C\", w.\"Status\" COLLATE \"C\""
done
same "work orders by facility" \
  "SELECT f.Name, COUNT(*) FROM WorkOrders w JOIN Facilities f ON f.Id = w.FacilityId GROUP BY 1 ORDER BY 1" \
  'SELECT f."Name", COUNT(*) FROM "WorkOrders" w JOIN "Facilities" f ON f."Id" = w."FacilityId" GROUP BY 1 ORDER BY f."Name" COLLATE "C"'
for table in ActionItems WorkOrderHistory WorkOrderNotes EstimateLines; do
  same "rows in $table" "SELECT COUNT(*) FROM $table" "SELECT COUNT(*) FROM \"$table\""
done
same "status counts kept by the database" \
  "SELECT Status, COUNT(*) FROM WorkOrders GROUP BY 1 ORDER BY 1" \
  'SELECT "Status", SUM("Count") FROM "WorkOrderStatusCounts" GROUP BY 1 HAVING SUM("Count") > 0 ORDER BY "Status" COLLATE "C"'
# Kept table against its GROUP BY on one engine: $1 engine (lite or psql), $2 label, $3 kept rows, $4 the rows' sum.
# One query after the other: two sqlite3 processes at once can find the file locked by the other's closing checkpoint.
kept() {
  "$1" "$3" >"$work/kept.txt"; "$1" "$4" >"$work/rows.txt"
  if diff "$work/kept.txt" "$work/rows.txt" >/dev/null; then echo "kept right on $1: $2 ($(wc -l <"$work/rows.txt") rows)"
  else echo "KEPT WRONG on $1: $2"; diff "$work/kept.txt" "$work/rows.txt" | head || true; failed=1; fi
}
for engine in lite psql; do
  if [ "$engine" = lite ]; then day='("CreatedAt" >> 11) / 864000000'; item_day='(i."CreatedAt" >> 11) / 864000000'; cents='CAST(ROUND(CAST("EstimateTotal" AS REAL) * 100) AS INTEGER)'; ticks='((h."At" >> 11) - (b."At" >> 11)) * 1000'
  else day='utc_day_number("CreatedAt")'; item_day='utc_day_number(i."CreatedAt")'; cents='ROUND("EstimateTotal" * 100)::bigint'; ticks='(EXTRACT(EPOCH FROM h."At" - b."At") * 10000000)::bigint'; fi
  kept "$engine" "status counts" \
    'SELECT "CompanyId", "Status", "Count" FROM "WorkOrderStatusCounts" WHERE "Count" <> 0 ORDER BY 1, 2' \
    'SELECT "CompanyId", "Status", COUNT(*) FROM "WorkOrders" GROUP BY 1, 2 ORDER BY 1, 2'
  kept "$engine" "estimates per company, UTC day and facility" \
    'SELECT "CompanyId", "Day", "FacilityId", "Cents" FROM "WorkOrderEstimateDays" WHERE "Cents" <> 0 ORDER BY 1, 2, 3' \
    "SELECT \"CompanyId\", $day, \"FacilityId\", SUM($cents) FROM \"WorkOrders\" GROUP BY 1, 2, 3 HAVING SUM($cents) <> 0 ORDER BY 1, 2, 3"
  kept "$engine" "open action items per company and UTC day" \
    'SELECT "CompanyId", "Day", "Count" FROM "OpenActionItemDays" WHERE "Count" <> 0 ORDER BY 1, 2' \
    "SELECT f.\"CompanyId\", $item_day, COUNT(*) FROM \"ActionItems\" i JOIN \"Facilities\" f ON f.\"Id\" = i.\"FacilityId\" WHERE i.\"Status\" = 'Open' GROUP BY 1, 2 ORDER BY 1, 2"
  kept "$engine" "open action items per facility" \
    'SELECT "FacilityId", "Count" FROM "OpenActionItemFacilities" WHERE "Count" <> 0 ORDER BY 1' \
    'SELECT "FacilityId", COUNT(*) FROM "ActionItems" WHERE "Status" = '"'Open'"' GROUP BY 1 ORDER BY 1'
  kept "$engine" "step durations (approve, dispatch, resolve)" \
    'SELECT "HistoryId", "CompanyId", "Action", "Ticks" FROM "WorkOrderStepDurations" ORDER BY 1' \
    "SELECT h.\"Id\", w.\"CompanyId\", h.\"Action\", $ticks FROM \"WorkOrderHistory\" h JOIN \"WorkOrders\" w ON w.\"Id\" = h.\"WorkOrderId\"
     JOIN \"WorkOrderHistory\" b ON b.\"Id\" = (SELECT p.\"Id\" FROM \"WorkOrderHistory\" p WHERE p.\"WorkOrderId\" = h.\"WorkOrderId\" AND p.\"Id\" < h.\"Id\"
       AND p.\"Action\" = CASE h.\"Action\" WHEN 'Approve' THEN 'Submit' WHEN 'Dispatch' THEN 'Approve' WHEN 'Resolve' THEN 'Dispatch' END ORDER BY p.\"Id\" DESC LIMIT 1)
     WHERE h.\"Action\" IN ('Approve', 'Dispatch', 'Resolve') ORDER BY 1"
done
exit "$failed"
