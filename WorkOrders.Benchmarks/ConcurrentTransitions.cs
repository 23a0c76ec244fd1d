using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Email;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Benchmarks;

/// <summary>
/// Transitions per second with several concurrent writers on PostgreSQL, each on its own work order: through
/// <see cref="WorkOrderService"/> (submit, deny, reset, round and round) beside a raw Npgsql floor that does the least a
/// transition can while writing the rows Core writes — read, version-checked update, history, notification and outbox rows, in
/// one transaction — with as many writers,
/// in the same run. Floor and Core alternate in several rounds so that a change in the machine's load hits both.
/// </summary>
public static class ConcurrentTransitions
{
    // WORKORDERS_BENCH_POSTGRES=<connection string> dotnet run -c Release --project WorkOrders.Benchmarks -- writers [--writers 8] [--seconds 10] [--rounds 3]
    public static async Task<int> RunAsync(string[] args)
    {
        if (BenchmarkDatabase.PostgresConnectionString is null)
        {
            Console.Error.WriteLine("Set WORKORDERS_BENCH_POSTGRES to the PostgreSQL database that holds the large tenant.");
            return 2;
        }
        var writers = Option(args, "--writers", 8);
        var seconds = Option(args, "--seconds", 10);
        var rounds = Option(args, "--rounds", 3);

        await using var database = await BenchmarkDatabase.OpenLargeTenantAsync(copy: false);
        var service = database.Get<WorkOrderService>();
        var dispatcher = await database.ActorAsync(LargeTenant.Dispatcher);
        var approver = await database.ActorAsync(LargeTenant.Approver);
        List<(int Id, int Version, int CompanyId)> drafts;
        await using (var db = await database.Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync())
        {
            // On a database with only the demo company the drafts are written here: the figure does not depend on the table's size.
            var facility = await db.Facilities.Where(f => f.CompanyId == dispatcher.OrganizationId).Select(f => f.Id).FirstAsync();
            var missing = writers * 2 - await db.WorkOrders.CountAsync(w => w.Status == WorkOrderStatus.Draft && w.CreatorId == dispatcher.UserId);
            for (var i = 0; i < missing; i++)
            {
                var now = DateTimeOffset.UtcNow;
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "WorkOrders" ("Title", "FacilityId", "CompanyId", "CreatedByOrganizationId", "CreatedByKind", "Status", "CreatorId", "EstimateTotal", "CreatedAt", "UpdatedAt", "Version")
                    VALUES ({"Benchmark writer " + i}, {facility}, {dispatcher.OrganizationId}, {dispatcher.OrganizationId}, 'Company', 'Draft', {dispatcher.UserId}, {100m}, {now}, {now}, 1)
                    """);
            }
            drafts = (await db.WorkOrders.Where(w => w.Status == WorkOrderStatus.Draft && w.CreatorId == dispatcher.UserId)
                    .OrderByDescending(w => w.Id).Select(w => new { w.Id, w.Version, w.CompanyId }).Take(writers * 2).ToListAsync())
                .Select(d => (d.Id, d.Version, d.CompanyId)).ToList();
        }
        if (drafts.Count < writers * 2) throw new InvalidOperationException("Not enough drafts in the large tenant.");
        // Each writer owns one work order through Core and another for the floor: no two writers ever touch the same row.
        var coreOrders = drafts.Take(writers).Select(d => new Order(d.Id, d.Version, d.CompanyId)).ToArray();
        var rawOrders = drafts.Skip(writers).Select(d => new Order(d.Id, d.Version, d.CompanyId)).ToArray();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var outbox = database.Get<OutboxSignal>();

        var sending = Environment.GetEnvironmentVariable("WORKORDERS_BENCH_SEND_MAIL") != "false";
        async Task drain()
        {
            if (!sending) return;
            await using var queued = dataSource.CreateCommand("""SELECT COUNT(*) FROM "Outbox" WHERE "Status" = 'Queued'""");
            while ((long)(await queued.ExecuteScalarAsync())! > 0) await Task.Delay(10);
        }
        Console.WriteLine($"{writers} writers, {seconds} s per measurement, {rounds} rounds; e-mail sender {(Environment.GetEnvironmentVariable("WORKORDERS_BENCH_SEND_MAIL") == "false" ? "off" : "running")}");
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        // Warm-up: every query compiled, every pool filled, and the JIT done (JitWarmup): until a turn of both compiles nothing.
        var compiledBefore = JitWarmup.Compiled;
        var warmTurns = await JitWarmup.UntilSettledAsync(async () =>
        {
            await MeasureAsync(writers, 1, i => RawTransitionsAsync(dataSource, rawOrders[i], dispatcher.UserId, approver.UserId, outbox));
            await MeasureAsync(writers, 1, i => CoreTransitionsAsync(service, coreOrders[i], dispatcher, approver));
        }, minRounds: 3);
        Console.WriteLine($"warm-up until the JIT settled: {warmTurns.Rounds} s per side, {JitWarmup.Compiled - compiledBefore} methods compiled");
        var floors = new List<Figure>();
        var cores = new List<Figure>();
        for (var round = 1; round <= rounds; round++)
        {
            await drain();
            var floor = await MeasureAsync(writers, seconds, i => RawTransitionsAsync(dataSource, rawOrders[i], dispatcher.UserId, approver.UserId, outbox), drain);
            var core = await MeasureAsync(writers, seconds, i => CoreTransitionsAsync(service, coreOrders[i], dispatcher, approver), drain);
            Console.WriteLine($"round {round}: floor {floor}");
            Console.WriteLine($"round {round}: Core  {core}  (Core / floor {core.PerSecond / floor.PerSecond:F2})");
            floors.Add(floor);
            cores.Add(core);
        }
        var floorRate = floors.Average(f => f.PerSecond);
        var coreRate = cores.Average(f => f.PerSecond);
        Console.WriteLine($"methods compiled while measuring: {JitWarmup.Compiled - compiledBefore - warmTurns.Compiled}");
        Console.WriteLine($"mean: floor {floorRate:F0}/s, Core {coreRate:F0}/s (Core / floor {coreRate / floorRate:F2})");
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private sealed class Order(int id, int version, int companyId)
    {
        public int Id { get; } = id;
        public int Version { get; set; } = version;
        public int CompanyId { get; } = companyId;
    }

    private sealed record Figure(int Transitions, double Seconds, double P50, double P95, double CpuPerTransition)
    {
        public double PerSecond => Transitions / Seconds;

        public override string ToString() =>
            $"{PerSecond,7:F0} transitions/s ({Transitions} in {Seconds:F1} s), per transition p50 {P50:F1} ms, p95 {P95:F1} ms, process CPU {CpuPerTransition:F2} ms";
    }

    /// <summary>Each writer runs its loop (three transitions per turn) until the time is up; each transition's latency is kept.</summary>
    /// <param name="drain">When set, the measurement lasts until the e-mail sender has sent what the writers queued: each side pays for its own mail.</param>
    private static async Task<Figure> MeasureAsync(int writers, int seconds, Func<int, Func<Task>> writer, Func<Task>? drain = null)
    {
        var latencies = new List<double>[writers];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = [];
            var turn = writer(i);
            while (watch.Elapsed < until)
            {
                var started = Stopwatch.GetTimestamp();
                await turn();
                // One turn is three transitions; each counts a third of the turn's time.
                var each = Stopwatch.GetElapsedTime(started).TotalMilliseconds / 3;
                mine.Add(each);
                mine.Add(each);
                mine.Add(each);
            }
        })));
        var elapsed = watch.Elapsed.TotalSeconds;
        if (drain is not null) await drain();
        var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Figure(all.Count, elapsed, all[all.Count / 2], all[(int)Math.Ceiling(all.Count * 0.95) - 1], cpuUsed / all.Count);
    }

    private static Func<Task> CoreTransitionsAsync(WorkOrderService service, Order order, Actor dispatcher, Actor approver) => async () =>
    {
        Check(await service.SubmitAsync(dispatcher, order.Id, order.Version++, approver.UserId));
        Check(await service.DenyAsync(approver, order.Id, order.Version++, "Benchmark"));
        Check(await service.ResetAsync(dispatcher, order.Id, order.Version++));
    };

    // The rows Core writes for the same steps (docs/product.md, "Who is told"): submit tells the approver and the
    // submitter, deny the submitter, reset nobody; one notification and one e-mail per person told.
    private static Func<Task> RawTransitionsAsync(NpgsqlDataSource dataSource, Order order, string dispatcherId, string approverId, OutboxSignal outbox) => async () =>
    {
        await RawTransitionAsync(dataSource, order, "Draft", "Submitted", "Submit", dispatcherId, [approverId, dispatcherId], outbox);
        await RawTransitionAsync(dataSource, order, "Submitted", "Denied", "Deny", approverId, [dispatcherId], outbox);
        await RawTransitionAsync(dataSource, order, "Denied", "Draft", "Reset", dispatcherId, [], outbox);
    };

    /// <summary>
    /// Read the work order and the people told, then the versioned update, history, notifications and outbox rows in
    /// one round trip (Npgsql batch), in one transaction.
    /// </summary>
    private static async Task RawTransitionAsync(
        NpgsqlDataSource dataSource, Order order, string from, string to, string action, string actorId, string[] told, OutboxSignal outbox)
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand(
            """SELECT "Status", "Version", "Title", "FacilityId", "CreatorId", "SubmitterId", "ApproverId" FROM "WorkOrders" WHERE "Id" = $1 AND "CompanyId" = $2""",
            connection, transaction))
        {
            read.Parameters.Add(new() { Value = order.Id });
            read.Parameters.Add(new() { Value = order.CompanyId });
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync() || reader.GetString(0) != from || reader.GetInt32(1) != order.Version) throw new InvalidOperationException("Unexpected state.");
        }
        var mail = new List<(string Id, string Name, string Email)>();
        if (told.Length > 0)
        {
            await using var people = new NpgsqlCommand("""
                SELECT u."Id", u."DisplayName", u."Email" FROM "AspNetUsers" u
                WHERE u."Id" = ANY($1) AND u."IsActive" AND u."Email" IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM "EmailOptOuts" o WHERE o."UserId" = u."Id" AND o."Event" = $2)
                """, connection, transaction);
            people.Parameters.Add(new() { Value = told });
            people.Parameters.Add(new() { Value = action });
            await using var reader = await people.ExecuteReaderAsync();
            while (await reader.ReadAsync()) mail.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("""UPDATE "WorkOrders" SET "Status" = $1, "Version" = $2 + 1, "UpdatedAt" = $3 WHERE "Id" = $4 AND "Version" = $2""",
                    to, order.Version, now, order.Id),
                Command("""INSERT INTO "WorkOrderHistory" ("WorkOrderId", "Action", "From", "To", "ActorId", "At", "Comment", "DueDateOverridden") VALUES ($1, $2, $3, $4, $5, $6, NULL, FALSE)""",
                    order.Id, action, from, to, actorId, now),
            },
        };
        foreach (var userId in told)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO "Notifications" ("UserId", "WorkOrderId", "Event", "Title", "Body", "CreatedAt") VALUES ($1, $2, $3, $3, 'Summary', $4)
                """, userId, order.Id, action, now));
        }
        foreach (var person in mail)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO "Outbox" ("Id", "ToAddress", "ToName", "Subject", "TextBody", "HtmlBody", "UserId", "WorkOrderId", "CreatedAt", "Status", "Attempts", "NextAttemptAt")
                VALUES ($1, $2, $3, $4, 'Text', '<p>Html</p>', $5, $6, $7, 'Queued', 0, $7)
                """, Guid.NewGuid(), person.Email, person.Name, action, person.Id, order.Id, now));
        }
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            // The version check: the update touched exactly one row.
            if (batch.BatchCommands[0].RecordsAffected != 1) throw new InvalidOperationException("Version conflict.");
        }
        await transaction.CommitAsync();
        order.Version++;
        // As Core does after its commit: the e-mail sender picks the new mail up now.
        if (mail.Count > 0) outbox.Wake();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    private static void Check(Result result)
    {
        if (!result.IsOk) throw new InvalidOperationException(result.Message);
    }

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
