#!/usr/bin/env bash
# Checks that the large-tenant generator makes the same tenant on SQLite and on PostgreSQL: generates a small one on
# each (a throwaway PostgreSQL when WORKORDERS_BENCH_POSTGRES is not set) and compares work orders by status, approver,
# assignee and facility, and the row counts of the child tables.
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
  if diff <(lite "$2") <(psql "$3") >/dev/null; then echo "same: $1"; else echo "DIFFERENT: $1"; diff <(lite "$2") <(psql "$3") | head; failed=1; fi
}
failed=0
same "work orders by status" \
  "SELECT Status, COUNT(*), COUNT(AssigneeId), COUNT(ScheduledStart) FROM WorkOrders GROUP BY 1 ORDER BY 1" \
  'SELECT "Status", COUNT(*), COUNT("AssigneeId"), COUNT("ScheduledStart") FROM "WorkOrders" GROUP BY 1 ORDER BY 1 COLLATE "C"'
for role in Approver Assignee; do
  same "work orders by ${role,,} and status" \
    "SELECT u.Email, w.Status, COUNT(*) FROM WorkOrders w JOIN AspNetUsers u ON u.Id = w.${role}Id GROUP BY 1, 2 ORDER BY 1, 2" \
    "SELECT u.\"Email\", w.\"Status\", COUNT(*) FROM \"WorkOrders\" w JOIN \"AspNetUsers\" u ON u.\"Id\" = w.\"${role}Id\" GROUP BY 1, 2 ORDER BY 1 COLLATE \"C\", 2 COLLATE \"C\""
done
same "work orders by facility" \
  "SELECT f.Name, COUNT(*) FROM WorkOrders w JOIN Facilities f ON f.Id = w.FacilityId GROUP BY 1 ORDER BY 1" \
  'SELECT f."Name", COUNT(*) FROM "WorkOrders" w JOIN "Facilities" f ON f."Id" = w."FacilityId" GROUP BY 1 ORDER BY 1 COLLATE "C"'
for table in ActionItems WorkOrderHistory WorkOrderNotes EstimateLines; do
  same "rows in $table" "SELECT COUNT(*) FROM $table" "SELECT COUNT(*) FROM \"$table\""
done
same "status counts kept by the database" \
  "SELECT Status, COUNT(*) FROM WorkOrders GROUP BY 1 ORDER BY 1" \
  'SELECT "Status", SUM("Count") FROM "WorkOrderStatusCounts" GROUP BY 1 HAVING SUM("Count") > 0 ORDER BY 1 COLLATE "C"'
exit "$failed"
