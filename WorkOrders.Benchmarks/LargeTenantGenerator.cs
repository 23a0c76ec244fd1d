using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Data;

namespace WorkOrders.Benchmarks;

/// <summary>
/// Grows the demo company (Prairie Fuel) into one large tenant: 100 facilities, 20 approvers, 10 dispatchers,
/// 50 technicians and any number of work orders over three years of schedules, with action items, history and a
/// few notes and estimate lines. Everything is set-based SQL in one transaction, so a million work orders take
/// about a minute instead of hours through EF entity by entity.
/// </summary>
/// <remarks>
/// Spread (deterministic, from a hash of the row number): work orders created more than 45 days ago are mostly
/// finished — 20 % resolved (with a visit on the calendar), 75 % closed, 2 % denied, 3 % abandoned drafts; the last
/// 45 days hold the open work — 20 % draft, 25 % submitted, 15 % approved, 10 % dispatched (visits over the next
/// four weeks), 10 % resolved, 20 % denied. That puts about 1,000–1,500 visits in a week of the dispatch calendar
/// (50 technicians, 4–6 visits a day each). Visits last 1–4 hours; one in 200 lasts 2–5 days.
/// The SQL here is SQLite's (a recursive CTE for the row numbers, dates as EF's sortable integers); the same tenant
/// on PostgreSQL is made by <see cref="GeneratePostgreSqlAsync"/> (<c>generate_series</c>, <c>timestamptz</c> arithmetic).
/// </remarks>
public static partial class LargeTenantGenerator
{
    public const int Facilities = 100, Approvers = 20, Dispatchers = 10, Technicians = 50;
    private const string Company = "Prairie Fuel Co.";

    public static async Task GenerateAsync(string path, int workOrders, TextWriter log)
    {
        var watch = Stopwatch.StartNew();
        path = Path.GetFullPath(path);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // The app's own start-up creates the schema (all migrations) and the demo data.
        await using (var seeded = await BenchmarkDatabase.OpenAsync(path, copy: false))
        {
            await using var db = await seeded.Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
            if (await db.WorkOrders.CountAsync() > 100) throw new InvalidOperationException($"{path} is not a fresh database.");
        }
        SqliteConnection.ClearAllPools();
        log.WriteLine($"schema and demo data: {watch.Elapsed.TotalSeconds:F1} s");

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // Index pages of a million random keys stay in memory instead of being re-read from disk for every row.
            pragma.CommandText = "PRAGMA cache_size = -2000000; PRAGMA temp_store = MEMORY;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-3 * 365);
        var parameters = new Dictionary<string, object>
        {
            ["$n"] = workOrders,
            // EF stores a UTC DateTimeOffset as (ticks / 1000) << 11; one second is 10,000 such units.
            ["$base"] = start.UtcTicks / 1000,
            ["$span"] = (long)(now - start).TotalSeconds,
            ["$recent"] = (long)(now.AddDays(-45) - start).TotalSeconds,
            ["$now"] = (long)(now - start).TotalSeconds,
        };

        async Task Run(string step, string sql)
        {
            var stepWatch = Stopwatch.StartNew();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 0;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            var rows = await command.ExecuteNonQueryAsync();
            log.WriteLine($"{step}: {rows:N0} rows, {stepWatch.Elapsed.TotalSeconds:F1} s");
        }

        await Run("people and places", PeopleAndPlaces);
        await Run("work orders", WorkOrdersSql);
        await Run("action items", ActionItemsSql);
        await Run("history (created)", HistoryCreatedSql);
        await Run("history (last step)", HistoryLastStepSql);
        await Run("notes", NotesSql);
        await Run("estimate lines", EstimateLinesSql);
        await Run("longest visit", LongestVisitSql);
        await Run("clean up", "DROP TABLE gen_people; DROP TABLE gen_facilities; DROP TABLE gen_rows;");
        await transaction.CommitAsync();
        await using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        log.WriteLine($"{workOrders.ToString("N0", CultureInfo.InvariantCulture)} work orders in {path}: {watch.Elapsed.TotalSeconds:F1} s, {new FileInfo(path).Length / 1024 / 1024} MB");
    }

    /// <summary>Facilities and people of the company, numbered so the work orders can pick them by arithmetic.</summary>
    private static readonly string PeopleAndPlaces = $"""
        CREATE TEMP TABLE gen_people (Kind TEXT NOT NULL, K INTEGER NOT NULL, Id TEXT NOT NULL, PRIMARY KEY (Kind, K));
        CREATE TEMP TABLE gen_facilities (K INTEGER PRIMARY KEY, Id INTEGER NOT NULL);

        -- The demo people come first: the demo approver, dispatcher and technician get their share of the work.
        INSERT INTO gen_people SELECT 'approver', 0, Id FROM AspNetUsers WHERE Email = 'admin@prairiefuel.example';
        INSERT INTO gen_people SELECT 'dispatcher', 0, Id FROM AspNetUsers WHERE Email = 'dispatcher@prairiefuel.example';
        INSERT INTO gen_people SELECT 'technician', 0, Id FROM AspNetUsers WHERE Email = 'tech@prairiefuel.example';

        WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {Technicians - 1}),
             kinds(Kind, Count, Label, Role) AS (VALUES ('approver', {Approvers - 1}, 'Approver', 'Admin'),
                                                       ('dispatcher', {Dispatchers - 1}, 'Dispatcher', 'Member'),
                                                       ('technician', {Technicians - 1}, 'Technician', 'Member'))
        INSERT INTO gen_people SELECT Kind, i, lower(hex(randomblob(16))) FROM kinds JOIN k ON i <= Count;

        -- Everyone signs in with the demo password, so the large tenant can be tried in the browser too.
        INSERT INTO AspNetUsers (Id, DisplayName, OrganizationId, Role, IsActive, IsSystemAdmin, UserName, NormalizedUserName, Email, NormalizedEmail,
                                 EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
        SELECT p.Id, upper(substr(p.Kind, 1, 1)) || substr(p.Kind, 2) || ' ' || printf('%02d', p.K), d.OrganizationId,
               CASE p.Kind WHEN 'approver' THEN 'Admin' ELSE 'Member' END, 1, 0,
               p.Kind || printf('%02d', p.K) || '@prairiefuel.example', upper(p.Kind || printf('%02d', p.K) || '@prairiefuel.example'),
               p.Kind || printf('%02d', p.K) || '@prairiefuel.example', upper(p.Kind || printf('%02d', p.K) || '@prairiefuel.example'),
               1, d.PasswordHash, lower(hex(randomblob(16))), lower(hex(randomblob(16))), 0, 0, 1, 0
        FROM gen_people p JOIN AspNetUsers d ON d.Email = 'dispatcher@prairiefuel.example'
        WHERE p.K > 0;

        INSERT INTO gen_facilities SELECT row_number() OVER (ORDER BY f.Id) - 1, f.Id
        FROM Facilities f JOIN Organizations o ON o.Id = f.CompanyId WHERE o.Name = '{Company}';

        WITH RECURSIVE k(i) AS (SELECT (SELECT COUNT(*) FROM gen_facilities) UNION ALL SELECT i + 1 FROM k WHERE i < {Facilities - 1})
        INSERT INTO Facilities (CompanyId, Name, Address, TimeZoneId)
        SELECT o.Id, 'Station ' || (100 + i) || ' – ' || CASE i % 4 WHEN 0 THEN 'Wichita' WHEN 1 THEN 'Topeka' WHEN 2 THEN 'Denver' ELSE 'Omaha' END,
               (1000 + i * 7) || ' Main St', CASE i % 4 WHEN 2 THEN 'America/Denver' ELSE 'America/Chicago' END
        FROM k JOIN Organizations o ON o.Name = '{Company}';

        INSERT INTO gen_facilities SELECT row_number() OVER (ORDER BY f.Id) - 1 + (SELECT COUNT(*) FROM gen_facilities), f.Id
        FROM Facilities f JOIN Organizations o ON o.Id = f.CompanyId
        WHERE o.Name = '{Company}' AND f.Id NOT IN (SELECT Id FROM gen_facilities);
        """;

    /// <summary>
    /// One row per work order: its creation second (evenly over three years), a hash for the spread, status and
    /// visit. Times are seconds after $base; dates are written as EF's integers: ($base + seconds * 10000) * 2048.
    /// </summary>
    private static readonly string WorkOrdersSql = $"""
        CREATE TEMP TABLE gen_rows AS
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $n),
             h AS (SELECT i, i * $span / $n AS created, (i * 2654435761) % 1000003 AS r FROM n),
             s AS (SELECT i, created, r,
                          CASE WHEN created < $recent THEN
                                   CASE WHEN r % 100 < 20 THEN 'Resolved' WHEN r % 100 < 95 THEN 'Closed' WHEN r % 100 < 97 THEN 'Denied' ELSE 'Draft' END
                               ELSE
                                   CASE WHEN r % 100 < 20 THEN 'Draft' WHEN r % 100 < 45 THEN 'Submitted' WHEN r % 100 < 60 THEN 'Approved'
                                        WHEN r % 100 < 70 THEN 'Dispatched' WHEN r % 100 < 80 THEN 'Resolved' ELSE 'Denied' END
                          END AS Status
                   FROM h),
             v AS (SELECT s.*,
                          CASE WHEN Status = 'Dispatched' THEN $now + 86400 * (r / 100 % 28)
                               WHEN Status = 'Resolved' AND created >= $recent THEN created + 86400
                               WHEN Status = 'Resolved' THEN created + 86400 * (2 + r % 9)
                          END / 86400 * 86400 + 3600 * (13 + r % 8) AS VisitStart
                   FROM s)
        SELECT i, created, r, Status,
               VisitStart, VisitStart + CASE WHEN r % 200 = 0 THEN 86400 * (2 + r / 200 % 4) ELSE 3600 * (1 + r % 4) END AS VisitEnd,
               CASE Status WHEN 'Draft' THEN created WHEN 'Resolved' THEN MIN($now, VisitStart + 7200) WHEN 'Dispatched' THEN MIN($now, created + 7200)
                           ELSE MIN($now, created + 3600 * (2 + r % 40)) END AS Updated
        FROM v;

        INSERT INTO WorkOrders (Title, FacilityId, CompanyId, CreatedByOrganizationId, CreatedByKind, Status, CreatorId, SubmitterId, ApproverId, AssigneeId,
                                ScheduledStart, ScheduledEnd, EstimateTotal, CreatedAt, UpdatedAt, Version)
        SELECT CASE g.r % 5 WHEN 0 THEN 'Pump calibration' WHEN 1 THEN 'Spill bucket repair' WHEN 2 THEN 'Sump sensor alarm'
                            WHEN 3 THEN 'Dispenser leak' ELSE 'Canopy light out' END || ', island ' || (1 + g.r % 8),
               f.Id, fac.CompanyId, fac.CompanyId, 'Company', g.Status,
               d.Id, CASE WHEN g.Status = 'Draft' THEN NULL ELSE d.Id END,
               CASE WHEN g.Status = 'Draft' THEN NULL ELSE a.Id END,
               CASE WHEN g.Status IN ('Dispatched', 'Resolved') THEN t.Id END,
               CASE WHEN g.Status IN ('Dispatched', 'Resolved') THEN ($base + g.VisitStart * 10000) * 2048 END,
               CASE WHEN g.Status IN ('Dispatched', 'Resolved') THEN ($base + g.VisitEnd * 10000) * 2048 END,
               printf('%d.00', 150 + g.r % 4000), ($base + g.created * 10000) * 2048, ($base + g.Updated * 10000) * 2048,
               CASE g.Status WHEN 'Draft' THEN 1 WHEN 'Submitted' THEN 2 WHEN 'Approved' THEN 3 WHEN 'Denied' THEN 3
                             WHEN 'Dispatched' THEN 4 WHEN 'Resolved' THEN 5 ELSE 4 END
        FROM gen_rows g
        JOIN gen_facilities f ON f.K = g.i * 31 % {Facilities}
        JOIN Facilities fac ON fac.Id = f.Id
        JOIN gen_people d ON d.Kind = 'dispatcher' AND d.K = g.i % {Dispatchers}
        JOIN gen_people a ON a.Kind = 'approver' AND a.K = g.i * 7 % {Approvers}
        JOIN gen_people t ON t.Kind = 'technician' AND t.K = g.r / 100 % {Technicians}
        ORDER BY g.i;
        """;

    private const string NewWorkOrders = "w.Id > (SELECT MAX(Id) FROM WorkOrders) - (SELECT COUNT(*) FROM gen_rows)";

    /// <summary>One to three findings per work order, in the state its work order left them.</summary>
    private const string ActionItemsSql = $"""
        WITH k(j) AS (VALUES (1), (2), (3))
        INSERT INTO ActionItems (FacilityId, Title, Description, Priority, Source, DueDate, CreatedAt, Status, ClosedReason, WorkOrderId, Version)
        SELECT w.FacilityId, 'Finding ' || k.j || ' of ' || w.Title, 'Found during the monthly walkthrough.',
               CASE (w.Id + k.j) % 4 WHEN 0 THEN 'Low' WHEN 1 THEN 'Medium' WHEN 2 THEN 'High' ELSE 'Critical' END,
               'Monthly walkthrough', NULL, w.CreatedAt,
               CASE w.Status WHEN 'Resolved' THEN 'Resolved' WHEN 'Closed' THEN 'Closed' ELSE 'Open' END,
               CASE w.Status WHEN 'Closed' THEN 'Closed with WO-' || printf('%06d', w.Id) || ', not fixed.' END,
               w.Id, 1
        FROM WorkOrders w JOIN k ON k.j <= 1 + w.Id % 3
        WHERE {NewWorkOrders}
        ORDER BY w.Id, k.j;
        """;

    private const string HistoryCreatedSql = $"""
        INSERT INTO WorkOrderHistory (WorkOrderId, Action, "From", "To", ActorId, At, Comment)
        SELECT w.Id, NULL, NULL, 'Draft', w.CreatorId, w.CreatedAt, NULL FROM WorkOrders w WHERE {NewWorkOrders} ORDER BY w.Id;
        """;

    /// <summary>The step that brought each work order to its status (the inbox shows when it was submitted).</summary>
    private const string HistoryLastStepSql = $"""
        INSERT INTO WorkOrderHistory (WorkOrderId, Action, "From", "To", ActorId, At, Comment)
        SELECT w.Id,
               CASE w.Status WHEN 'Submitted' THEN 'Submit' WHEN 'Approved' THEN 'Approve' WHEN 'Denied' THEN 'Deny'
                             WHEN 'Dispatched' THEN 'Dispatch' WHEN 'Resolved' THEN 'Resolve' ELSE 'Close' END,
               CASE w.Status WHEN 'Submitted' THEN 'Draft' WHEN 'Approved' THEN 'Submitted' WHEN 'Denied' THEN 'Submitted'
                             WHEN 'Dispatched' THEN 'Approved' WHEN 'Resolved' THEN 'Dispatched' ELSE 'Denied' END,
               w.Status,
               CASE w.Status WHEN 'Approved' THEN w.ApproverId WHEN 'Denied' THEN w.ApproverId WHEN 'Resolved' THEN w.AssigneeId ELSE w.SubmitterId END,
               w.UpdatedAt,
               CASE w.Status WHEN 'Denied' THEN 'Not in this quarter''s budget.' WHEN 'Resolved' THEN 'Fixed and tested.' END
        FROM WorkOrders w WHERE {NewWorkOrders} AND w.Status <> 'Draft' ORDER BY w.Id;
        """;

    /// <summary>The company's longest visit, as the app keeps it when it schedules one (ADR-029).</summary>
    private const string LongestVisitSql = $"""
        UPDATE Organizations SET LongestVisitMinutes = MAX(1440, (
            SELECT (MAX(ScheduledEnd - ScheduledStart) / 2048 * 1000 + 599999999) / 600000000
            FROM WorkOrders WHERE CompanyId = Organizations.Id AND ScheduledStart IS NOT NULL))
        WHERE Name = '{Company}';
        """;

    private const string NotesSql = $"""
        INSERT INTO WorkOrderNotes (WorkOrderId, AuthorId, Text, CreatedAt)
        SELECT w.Id, w.CreatorId, 'Site contact is the station manager; call ahead.', w.CreatedAt
        FROM WorkOrders w WHERE {NewWorkOrders} AND w.Id % 10 = 0 ORDER BY w.Id;
        """;

    private const string EstimateLinesSql = $"""
        INSERT INTO EstimateLines (WorkOrderId, Description, Quantity, UnitPrice)
        SELECT w.Id, 'Labour and parts', '1', w.EstimateTotal FROM WorkOrders w WHERE {NewWorkOrders} AND w.Id % 10 = 0 ORDER BY w.Id;
        """;
}
