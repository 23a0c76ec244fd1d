using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WorkOrders.Core.Data;

namespace WorkOrders.Benchmarks;

/// <summary>
/// The same large tenant on PostgreSQL, made on the server: the row numbers come from <c>generate_series</c>, the
/// spread from the same hash as the SQLite SQL (so both engines hold the same work orders), dates are
/// <c>timestamptz</c> arithmetic. A million work orders take minutes instead of the hours EF inserts take.
/// </summary>
public static partial class LargeTenantGenerator
{
    // The bulk tables' secondary indexes are dropped inside the load's transaction and built again at its end:
    // one sort per index is far cheaper than a million random insertions into each of a dozen B-trees.
    private static readonly string[] BulkTables = ["WorkOrders", "ActionItems", "WorkOrderHistory", "WorkOrderNotes", "EstimateLines"];

    /// <summary>
    /// Drops and creates the database the connection string names, applies the PostgreSQL migrations and the demo
    /// data through the app's own start-up, then grows the demo company with set-based SQL in one transaction and
    /// analyses the result. The user needs the right to create databases and to set <c>session_replication_role</c>
    /// (a superuser, as in a throwaway server).
    /// </summary>
    public static async Task GeneratePostgreSqlAsync(string connectionString, int workOrders, TextWriter log)
    {
        var watch = Stopwatch.StartNew();
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database)) throw new ArgumentException("The connection string names no database (Database=...).", nameof(connectionString));
        await RecreateDatabaseAsync(target);

        await using (var seeded = await BenchmarkDatabase.OpenPostgreSqlAsync(target.ConnectionString))
        {
            await using var db = await seeded.Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
            if (await db.WorkOrders.CountAsync() > 100) throw new InvalidOperationException($"{target.Database} is not a fresh database.");
        }
        NpgsqlConnection.ClearAllPools();
        log.WriteLine($"schema and demo data: {watch.Elapsed.TotalSeconds:F1} s");

        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-3 * 365);
        // Literals rather than parameters: CREATE TABLE AS takes none, and these are numbers the program made.
        var values = new (string Name, string Value)[]
        {
            ("$recent", ((long)(now.AddDays(-45) - start).TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            ("$start", $"TIMESTAMPTZ '{start.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'"),
            ("$span", ((long)(now - start).TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            ("$now", ((long)(now - start).TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            ("$n", workOrders.ToString(CultureInfo.InvariantCulture)),
        };

        async Task<int> Run(string step, string sql)
        {
            var stepWatch = Stopwatch.StartNew();
            foreach (var (name, value) in values) sql = sql.Replace(name, value, StringComparison.Ordinal);
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            var rows = await command.ExecuteNonQueryAsync();
            log.WriteLine($"{step}: {rows:N0} rows, {stepWatch.Elapsed.TotalSeconds:F1} s");
            return rows;
        }

        // Replica mode skips the foreign-key checks and every trigger, including those that keep the dashboard's sums
        // (ADR-020, ADR-022); the sums are taken again from the rows at the end, and the generated keys are consistent
        // by construction.
        await Run("settings", "SET LOCAL session_replication_role = replica; SET LOCAL maintenance_work_mem = '512MB'; SET LOCAL work_mem = '256MB';");
        var indexes = new List<string>();
        await using (var read = new NpgsqlCommand(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """, connection, transaction))
        {
            read.Parameters.AddWithValue("tables", BulkTables);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) indexes.Add(reader.GetString(1));
        }
        await Run($"drop {indexes.Count} secondary indexes", string.Join("\n", indexes.Select(d => $"DROP INDEX \"{IndexName(d)}\";")));

        await Run("people and places", PostgreSqlPeopleAndPlaces);
        await Run("work orders", PostgreSqlWorkOrders);
        await Run("action items", PostgreSqlActionItems);
        await Run("history", PostgreSqlHistory);
        await Run("notes and estimate lines", PostgreSqlNotesAndLines);
        await Run("build indexes again", string.Join(";\n", indexes) + ";");
        // Statistics of the loaded rows first (ANALYZE sees this transaction's rows), so the sums' joins are planned on them.
        await Run("analyze", "ANALYZE;");
        await Run("kept sums", PostgreSqlKeptSums);
        await Run("longest visit", $"""
            UPDATE "Organizations" AS o SET "LongestVisitMinutes" = GREATEST(1440, (
                SELECT CEIL(EXTRACT(EPOCH FROM MAX(w."ScheduledEnd" - w."ScheduledStart")) / 60)::integer
                FROM "WorkOrders" AS w WHERE w."CompanyId" = o."Id" AND w."ScheduledStart" IS NOT NULL))
            WHERE o."Name" = '{Company}';
            """);
        await transaction.CommitAsync();

        // VACUUM sets the visibility map, without which counts cannot be answered from the index alone.
        await using (var analyze = new NpgsqlCommand("VACUUM (ANALYZE);", connection) { CommandTimeout = 0 })
        {
            var analyzeWatch = Stopwatch.StartNew();
            await analyze.ExecuteNonQueryAsync();
            log.WriteLine($"vacuum and analyze: {analyzeWatch.Elapsed.TotalSeconds:F1} s");
        }
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database()) / 1024 / 1024", connection);
        log.WriteLine($"{workOrders.ToString("N0", CultureInfo.InvariantCulture)} work orders in {target.Database}: {watch.Elapsed.TotalSeconds:F1} s, {await size.ExecuteScalarAsync()} MB");
    }

    /// <summary>
    /// Every table the triggers keep, rebuilt from the rows as the migrations <c>DashboardAtScale</c> and
    /// <c>DashboardKeptAggregates</c> fill them: with the triggers off during the load they hold only the demo data. Each
    /// step's predecessor is found with one window over the history sorted by work order (the migration's lookup per step
    /// is planned on the (Action, At, WorkOrderId) index and reads every submit step once per approval at this size).
    /// </summary>
    private const string PostgreSqlKeptSums = """
        DELETE FROM "WorkOrderStatusCounts";
        INSERT INTO "WorkOrderStatusCounts" ("CompanyId", "Status", "Count") SELECT "CompanyId", "Status", COUNT(*) FROM "WorkOrders" GROUP BY 1, 2;

        DELETE FROM "WorkOrderEstimateDays";
        INSERT INTO "WorkOrderEstimateDays" ("CompanyId", "Day", "FacilityId", "Cents")
        SELECT "CompanyId", utc_day_number("CreatedAt"), "FacilityId", SUM(ROUND("EstimateTotal" * 100)::bigint) FROM "WorkOrders" GROUP BY 1, 2, 3;

        DELETE FROM "OpenActionItemDays";
        INSERT INTO "OpenActionItemDays" ("CompanyId", "Day", "Count")
        SELECT f."CompanyId", utc_day_number(i."CreatedAt"), COUNT(*)
        FROM "ActionItems" i JOIN "Facilities" f ON f."Id" = i."FacilityId" WHERE i."Status" = 'Open' GROUP BY 1, 2;
        DELETE FROM "OpenActionItemFacilities";
        INSERT INTO "OpenActionItemFacilities" ("FacilityId", "Count") SELECT "FacilityId", COUNT(*) FROM "ActionItems" WHERE "Status" = 'Open' GROUP BY 1;

        DELETE FROM "WorkOrderStepDurations";
        INSERT INTO "WorkOrderStepDurations" ("HistoryId", "CompanyId", "Action", "At", "Ticks")
        SELECT s."Id", w."CompanyId", s."Action", s."At", (EXTRACT(EPOCH FROM s."At" - b."At") * 10000000)::bigint
        FROM (SELECT h."Id", h."WorkOrderId", h."Action", h."At",
                     CASE h."Action" WHEN 'Approve' THEN MAX(CASE WHEN h."Action" = 'Submit' THEN h."Id" END) OVER earlier
                                     WHEN 'Dispatch' THEN MAX(CASE WHEN h."Action" = 'Approve' THEN h."Id" END) OVER earlier
                                     WHEN 'Resolve' THEN MAX(CASE WHEN h."Action" = 'Dispatch' THEN h."Id" END) OVER earlier END AS "Before"
              FROM "WorkOrderHistory" h WHERE h."Action" IN ('Submit', 'Approve', 'Dispatch', 'Resolve')
              WINDOW earlier AS (PARTITION BY h."WorkOrderId" ORDER BY h."Id" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) s
        JOIN "WorkOrderHistory" b ON b."Id" = s."Before"
        JOIN "WorkOrders" w ON w."Id" = s."WorkOrderId"
        WHERE s."Action" IN ('Approve', 'Dispatch', 'Resolve');
        """;

    private static string IndexName(string definition) =>
        definition.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w != "INDEX").Skip(1).First().Trim('"');

    private static async Task RecreateDatabaseAsync(NpgsqlConnectionStringBuilder target)
    {
        var server = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        var name = target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
    }

    private static readonly string PostgreSqlPeopleAndPlaces = $"""
        CREATE TEMP TABLE gen_people (kind text NOT NULL, k integer NOT NULL, id text NOT NULL, PRIMARY KEY (kind, k)) ON COMMIT DROP;
        CREATE TEMP TABLE gen_facilities (k integer PRIMARY KEY, id integer NOT NULL) ON COMMIT DROP;

        INSERT INTO gen_people SELECT 'approver', 0, "Id" FROM "AspNetUsers" WHERE "Email" = 'admin@prairiefuel.example';
        INSERT INTO gen_people SELECT 'dispatcher', 0, "Id" FROM "AspNetUsers" WHERE "Email" = 'dispatcher@prairiefuel.example';
        INSERT INTO gen_people SELECT 'technician', 0, "Id" FROM "AspNetUsers" WHERE "Email" = 'tech@prairiefuel.example';
        INSERT INTO gen_people
        SELECT kinds.kind, i, gen_random_uuid()::text
        FROM (VALUES ('approver', {Approvers - 1}), ('dispatcher', {Dispatchers - 1}), ('technician', {Technicians - 1})) AS kinds(kind, count)
        CROSS JOIN generate_series(1, {Technicians - 1}) AS i WHERE i <= kinds.count;

        INSERT INTO "AspNetUsers" ("Id", "DisplayName", "OrganizationId", "Role", "IsActive", "IsSystemAdmin", "DarkMode", "UserName", "NormalizedUserName",
                                   "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed",
                                   "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
        SELECT p.id, initcap(p.kind) || ' ' || lpad(p.k::text, 2, '0'), d."OrganizationId",
               CASE p.kind WHEN 'approver' THEN 'Admin' ELSE 'Member' END, true, false, false,
               p.kind || lpad(p.k::text, 2, '0') || '@prairiefuel.example', upper(p.kind || lpad(p.k::text, 2, '0') || '@prairiefuel.example'),
               p.kind || lpad(p.k::text, 2, '0') || '@prairiefuel.example', upper(p.kind || lpad(p.k::text, 2, '0') || '@prairiefuel.example'),
               true, d."PasswordHash", gen_random_uuid()::text, gen_random_uuid()::text, false, false, true, 0
        FROM gen_people p JOIN "AspNetUsers" d ON d."Email" = 'dispatcher@prairiefuel.example'
        WHERE p.k > 0;

        INSERT INTO gen_facilities SELECT row_number() OVER (ORDER BY f."Id") - 1, f."Id"
        FROM "Facilities" f JOIN "Organizations" o ON o."Id" = f."CompanyId" WHERE o."Name" = '{Company}';

        INSERT INTO "Facilities" ("CompanyId", "Name", "Address", "TimeZoneId")
        SELECT o."Id", 'Station ' || (100 + i) || ' – ' || CASE i % 4 WHEN 0 THEN 'Wichita' WHEN 1 THEN 'Topeka' WHEN 2 THEN 'Denver' ELSE 'Omaha' END,
               (1000 + i * 7) || ' Main St', CASE i % 4 WHEN 2 THEN 'America/Denver' ELSE 'America/Chicago' END
        FROM generate_series((SELECT COUNT(*) FROM gen_facilities)::integer, {Facilities - 1}) AS i JOIN "Organizations" o ON o."Name" = '{Company}';

        INSERT INTO gen_facilities SELECT row_number() OVER (ORDER BY f."Id") - 1 + (SELECT COUNT(*) FROM gen_facilities), f."Id"
        FROM "Facilities" f JOIN "Organizations" o ON o."Id" = f."CompanyId"
        WHERE o."Name" = '{Company}' AND f."Id" NOT IN (SELECT id FROM gen_facilities);
        """;

    /// <summary>The spread of <see cref="WorkOrdersSql"/>: the same hash, statuses and visits, in seconds after $start.</summary>
    private static readonly string PostgreSqlWorkOrders = $"""
        CREATE TEMP TABLE gen_rows ON COMMIT DROP AS
        WITH h AS (SELECT i, i * $span / $n AS created, (i * 2654435761) % 1000003 AS r FROM generate_series(1::bigint, $n) AS i),
             s AS (SELECT i, created, r,
                          CASE WHEN created < $recent THEN
                                   CASE WHEN r % 100 < 20 THEN 'Resolved' WHEN r % 100 < 95 THEN 'Closed' WHEN r % 100 < 97 THEN 'Denied' ELSE 'Draft' END
                               ELSE
                                   CASE WHEN r % 100 < 20 THEN 'Draft' WHEN r % 100 < 45 THEN 'Submitted' WHEN r % 100 < 60 THEN 'Approved'
                                        WHEN r % 100 < 70 THEN 'Dispatched' WHEN r % 100 < 80 THEN 'Resolved' ELSE 'Denied' END
                          END AS status
                   FROM h),
             v AS (SELECT s.*,
                          CASE WHEN status = 'Dispatched' THEN $now + 86400 * (r / 100 % 28)
                               WHEN status = 'Resolved' AND created >= $recent THEN created + 86400
                               WHEN status = 'Resolved' THEN created + 86400 * (2 + r % 9)
                          END / 86400 * 86400 + 3600 * (13 + r % 8) AS visit_start
                   FROM s)
        SELECT i, created, r, status,
               visit_start, visit_start + CASE WHEN r % 200 = 0 THEN 86400 * (2 + r / 200 % 4) ELSE 3600 * (1 + r % 4) END AS visit_end,
               CASE status WHEN 'Draft' THEN created WHEN 'Resolved' THEN LEAST($now, visit_start + 7200) WHEN 'Dispatched' THEN LEAST($now, created + 7200)
                           ELSE LEAST($now, created + 3600 * (2 + r % 40)) END AS updated
        FROM v;

        INSERT INTO "WorkOrders" ("Title", "FacilityId", "CompanyId", "CreatedByOrganizationId", "CreatedByKind", "Status", "CreatorId", "SubmitterId",
                                  "ApproverId", "AssigneeId", "ScheduledStart", "ScheduledEnd", "EstimateTotal", "CreatedAt", "UpdatedAt", "Version")
        SELECT CASE g.r % 5 WHEN 0 THEN 'Pump calibration' WHEN 1 THEN 'Spill bucket repair' WHEN 2 THEN 'Sump sensor alarm'
                            WHEN 3 THEN 'Dispenser leak' ELSE 'Canopy light out' END || ', island ' || (1 + g.r % 8),
               f.id, fac."CompanyId", fac."CompanyId", 'Company', g.status,
               d.id, CASE WHEN g.status = 'Draft' THEN NULL ELSE d.id END,
               CASE WHEN g.status = 'Draft' THEN NULL ELSE a.id END,
               CASE WHEN g.status IN ('Dispatched', 'Resolved') THEN t.id END,
               CASE WHEN g.status IN ('Dispatched', 'Resolved') THEN $start + g.visit_start * INTERVAL '1 second' END,
               CASE WHEN g.status IN ('Dispatched', 'Resolved') THEN $start + g.visit_end * INTERVAL '1 second' END,
               150 + g.r % 4000, $start + g.created * INTERVAL '1 second', $start + g.updated * INTERVAL '1 second',
               CASE g.status WHEN 'Draft' THEN 1 WHEN 'Submitted' THEN 2 WHEN 'Approved' THEN 3 WHEN 'Denied' THEN 3
                             WHEN 'Dispatched' THEN 4 WHEN 'Resolved' THEN 5 ELSE 4 END
        FROM gen_rows g
        JOIN gen_facilities f ON f.k = g.i * 31 % {Facilities}
        JOIN "Facilities" fac ON fac."Id" = f.id
        JOIN gen_people d ON d.kind = 'dispatcher' AND d.k = g.i % {Dispatchers}
        JOIN gen_people a ON a.kind = 'approver' AND a.k = g.i * 7 % {Approvers}
        JOIN gen_people t ON t.kind = 'technician' AND t.k = g.r / 100 % {Technicians}
        ORDER BY g.i;
        """;

    private const string PostgreSqlNewWorkOrders = """w."Id" > (SELECT MAX("Id") FROM "WorkOrders") - (SELECT COUNT(*) FROM gen_rows)""";

    private const string PostgreSqlActionItems = $"""
        INSERT INTO "ActionItems" ("FacilityId", "Title", "Description", "Priority", "Source", "DueDate", "CreatedAt", "Status", "ClosedReason", "WorkOrderId", "Version")
        SELECT w."FacilityId", 'Finding ' || k.j || ' of ' || w."Title", 'Found during the monthly walkthrough.',
               CASE (w."Id" + k.j) % 4 WHEN 0 THEN 'Low' WHEN 1 THEN 'Medium' WHEN 2 THEN 'High' ELSE 'Critical' END,
               'Monthly walkthrough', NULL, w."CreatedAt",
               CASE w."Status" WHEN 'Resolved' THEN 'Resolved' WHEN 'Closed' THEN 'Closed' ELSE 'Open' END,
               CASE w."Status" WHEN 'Closed' THEN 'Closed with WO-' || lpad(w."Id"::text, 6, '0') || ', not fixed.' END,
               w."Id", 1
        FROM "WorkOrders" w JOIN (VALUES (1), (2), (3)) AS k(j) ON k.j <= 1 + w."Id" % 3
        WHERE {PostgreSqlNewWorkOrders}
        ORDER BY w."Id", k.j;
        """;

    /// <summary>The creation of each work order, then the step that brought it to its status.</summary>
    private const string PostgreSqlHistory = $"""
        INSERT INTO "WorkOrderHistory" ("WorkOrderId", "Action", "From", "To", "ActorId", "At", "Comment", "DueDateOverridden")
        SELECT w."Id", NULL, NULL, 'Draft', w."CreatorId", w."CreatedAt", NULL, false FROM "WorkOrders" w WHERE {PostgreSqlNewWorkOrders} ORDER BY w."Id";

        INSERT INTO "WorkOrderHistory" ("WorkOrderId", "Action", "From", "To", "ActorId", "At", "Comment", "DueDateOverridden")
        SELECT w."Id",
               CASE w."Status" WHEN 'Submitted' THEN 'Submit' WHEN 'Approved' THEN 'Approve' WHEN 'Denied' THEN 'Deny'
                               WHEN 'Dispatched' THEN 'Dispatch' WHEN 'Resolved' THEN 'Resolve' ELSE 'Close' END,
               CASE w."Status" WHEN 'Submitted' THEN 'Draft' WHEN 'Approved' THEN 'Submitted' WHEN 'Denied' THEN 'Submitted'
                               WHEN 'Dispatched' THEN 'Approved' WHEN 'Resolved' THEN 'Dispatched' ELSE 'Denied' END,
               w."Status",
               CASE w."Status" WHEN 'Approved' THEN w."ApproverId" WHEN 'Denied' THEN w."ApproverId" WHEN 'Resolved' THEN w."AssigneeId" ELSE w."SubmitterId" END,
               w."UpdatedAt",
               CASE w."Status" WHEN 'Denied' THEN 'Not in this quarter''s budget.' WHEN 'Resolved' THEN 'Fixed and tested.' END,
               false
        FROM "WorkOrders" w WHERE {PostgreSqlNewWorkOrders} AND w."Status" <> 'Draft' ORDER BY w."Id";
        """;

    private const string PostgreSqlNotesAndLines = $"""
        INSERT INTO "WorkOrderNotes" ("WorkOrderId", "AuthorId", "Text", "CreatedAt")
        SELECT w."Id", w."CreatorId", 'Site contact is the station manager; call ahead.', w."CreatedAt"
        FROM "WorkOrders" w WHERE {PostgreSqlNewWorkOrders} AND w."Id" % 10 = 0 ORDER BY w."Id";

        INSERT INTO "EstimateLines" ("WorkOrderId", "Description", "Quantity", "UnitPrice")
        SELECT w."Id", 'Labour and parts', 1, w."EstimateTotal" FROM "WorkOrders" w WHERE {PostgreSqlNewWorkOrders} AND w."Id" % 10 = 0 ORDER BY w."Id";
        """;
}
