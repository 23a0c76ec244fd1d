using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Benchmarks;

/// <summary>
/// Transitions on a copy of the large tenant, with the e-mail sender running. Through Core each one reads the
/// work order, applies the lifecycle, writes history, in-app notifications and outbox rows and commits with the
/// version check. The floor does the least a transition can: read + version-checked update + history + outbox
/// insert in one transaction, in raw ADO.NET.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class TransitionBenchmarks
{
    private BenchmarkDatabase database = null!;
    private WorkOrderService service = null!;
    private Actor dispatcher = null!, approver = null!;
    private int workOrderId, version, rawId, rawVersion, companyId;
    private string connectionString = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        database = await BenchmarkDatabase.OpenAsync(await LargeTenant.EnsureAsync(), copy: true);
        service = database.Get<WorkOrderService>();
        dispatcher = await database.ActorAsync(LargeTenant.Dispatcher);
        approver = await database.ActorAsync(LargeTenant.Approver);
        connectionString = database.ConnectionString;
        await using var db = await database.Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var drafts = await db.WorkOrders.Where(w => w.Status == WorkOrderStatus.Draft && w.CreatorId == dispatcher.UserId)
            .OrderByDescending(w => w.Id).Select(w => new { w.Id, w.Version, w.CompanyId }).Take(2).ToListAsync();
        (workOrderId, version, companyId) = (drafts[0].Id, drafts[0].Version, drafts[0].CompanyId);
        (rawId, rawVersion) = (drafts[1].Id, drafts[1].Version);
    }

    internal CommandLog Log => database.Get<CommandLog>();

    [GlobalCleanup]
    public async Task CleanupAsync() => await database.DisposeAsync();

    /// <summary>Three transitions that bring the work order back to Draft, so every invocation does the same work.</summary>
    [Benchmark(Description = "Core: submit + deny + reset (3 transitions)")]
    public async Task SubmitDenyReset()
    {
        Check(await service.SubmitAsync(dispatcher, workOrderId, version++, approver.UserId));
        Check(await service.DenyAsync(approver, workOrderId, version++, "Benchmark"));
        Check(await service.ResetAsync(dispatcher, workOrderId, version++));
    }

    [Benchmark(Baseline = true, Description = "floor: 3 × (read + versioned update + history + outbox), raw ADO.NET")]
    public async Task RawFloor()
    {
        await RawTransitionAsync("Draft", "Submitted", "Submit", dispatcher.UserId);
        await RawTransitionAsync("Submitted", "Denied", "Deny", approver.UserId);
        await RawTransitionAsync("Denied", "Draft", "Reset", dispatcher.UserId);
    }

    /// <summary>SQLite's SQL; for another provider only the connection type and the date encoding change.</summary>
    private async Task RawTransitionAsync(string from, string to, string action, string actorId)
    {
        var now = (DateTimeOffset.UtcNow.UtcTicks / 1000) << 11;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT Status, Version, Title, FacilityId, CreatorId, SubmitterId, ApproverId FROM WorkOrders WHERE Id = $id AND CompanyId = $company";
            read.Parameters.AddWithValue("$id", rawId);
            read.Parameters.AddWithValue("$company", companyId);
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync() || reader.GetString(0) != from || reader.GetInt32(1) != rawVersion) throw new InvalidOperationException("Unexpected state.");
        }
        await using (var write = connection.CreateCommand())
        {
            write.CommandText = """
                UPDATE WorkOrders SET Status = $to, Version = $version + 1, UpdatedAt = $now WHERE Id = $id AND Version = $version;
                INSERT INTO WorkOrderHistory (WorkOrderId, Action, "From", "To", ActorId, At, Comment) VALUES ($id, $action, $from, $to, $actor, $now, NULL);
                INSERT INTO Outbox (Id, ToAddress, ToName, Subject, TextBody, HtmlBody, UserId, WorkOrderId, CreatedAt, Status, Attempts, NextAttemptAt)
                VALUES ($guid, 'dispatcher@prairiefuel.example', 'Dana Brooks', $action, 'Text', '<p>Html</p>', $actor, $id, $now, 'Queued', 0, $now);
                """;
            write.Parameters.AddWithValue("$id", rawId);
            write.Parameters.AddWithValue("$to", to);
            write.Parameters.AddWithValue("$from", from);
            write.Parameters.AddWithValue("$action", action);
            write.Parameters.AddWithValue("$actor", actorId);
            write.Parameters.AddWithValue("$version", rawVersion);
            write.Parameters.AddWithValue("$now", now);
            write.Parameters.AddWithValue("$guid", Guid.NewGuid().ToString().ToUpperInvariant());
            // One row updated (the version matched), one history row, one outbox row.
            if (await write.ExecuteNonQueryAsync() != 3) throw new InvalidOperationException("Version conflict.");
        }
        await transaction.CommitAsync();
        rawVersion++;
    }

    private static void Check(WorkOrders.Core.Common.Result result)
    {
        if (!result.IsOk) throw new InvalidOperationException(result.Message);
    }
}
