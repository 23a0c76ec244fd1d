using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Data;
using WorkOrders.Core.Email;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Benchmarks;

/// <summary>
/// Transitions on a copy of the large tenant, with the e-mail sender running. Through Core each one reads the
/// work order, applies the lifecycle, writes history, in-app notifications and outbox rows and commits with the
/// version check. The floor does the least a transition can while writing the same rows: read the work order and
/// the people told, then version-checked update + history + notifications + outbox in one transaction, in raw ADO.NET,
/// and it wakes the e-mail sender after its commit as Core does.
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
    private OutboxSignal outboxSignal = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        database = await BenchmarkDatabase.OpenAsync(await LargeTenant.EnsureAsync(), copy: true);
        service = database.Get<WorkOrderService>();
        dispatcher = await database.ActorAsync(LargeTenant.Dispatcher);
        approver = await database.ActorAsync(LargeTenant.Approver);
        connectionString = database.ConnectionString;
        outboxSignal = database.Get<OutboxSignal>();
        await using var db = await database.Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var drafts = await db.WorkOrders.Where(w => w.Status == WorkOrderStatus.Draft && w.CreatorId == dispatcher.UserId)
            .OrderByDescending(w => w.Id).Select(w => new { w.Id, w.Version, w.CompanyId }).Take(2).ToListAsync();
        (workOrderId, version, companyId) = (drafts[0].Id, drafts[0].Version, drafts[0].CompanyId);
        (rawId, rawVersion) = (drafts[1].Id, drafts[1].Version);
        var raw = await db.WorkOrders.Where(w => w.Id == rawId).Select(w => new { w.Title, Facility = w.Facility!.Name }).SingleAsync();
        RenderOnce(raw.Title, raw.Facility);
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

    [Benchmark(Baseline = true, Description = "floor: 3 × (read + versioned update + history + notifications + outbox), raw ADO.NET")]
    public async Task RawFloor()
    {
        // The rows Core writes for the same steps (docs/product.md, "Who is told"): submit tells the approver and the
        // submitter, deny the submitter, reset nobody; one notification and one e-mail per person told. The work order's
        // columns are the ones the step changes in Core: submit names the submitter and the approver, reset clears the approver.
        await RawTransitionAsync("Draft", "Submitted", "Submit", dispatcher.UserId, [approver.UserId, dispatcher.UserId],
            "SubmitterId = $actor, ApproverId = $approver, ", null);
        await RawTransitionAsync("Submitted", "Denied", "Deny", approver.UserId, [dispatcher.UserId], "", "Benchmark");
        await RawTransitionAsync("Denied", "Draft", "Reset", dispatcher.UserId, [], "ApproverId = NULL, ", null);
    }

    /// <summary>
    /// The text of each step's notification and e-mail, rendered once by Core's templates: the floor writes rows of the
    /// size Core writes (and the sender sends mail of that size) without paying for the rendering, which is Core's work.
    /// </summary>
    private Dictionary<string, RenderedEmail> rendered = [];

    private void RenderOnce(string title, string facility)
    {
        foreach (var (name, action, comment) in new[] { ("Submit", WorkOrderAction.Submit, (string?)null), ("Deny", WorkOrderAction.Deny, "Benchmark") })
        {
            rendered[name] = EmailTemplates.Render(new EmailContent(action, $"WO-{rawId}", title, facility, "Morgan Avery", comment, "Approver",
                null, null, null, "UTC", $"http://localhost:5000/work-orders/{rawId}", "http://localhost:5000/notifications/preferences"));
        }
    }

    /// <summary>SQLite's SQL; for another provider only the connection type and the date encoding change.</summary>
    private async Task RawTransitionAsync(string from, string to, string action, string actorId, string[] told, string setColumns, string? comment)
    {
        var now = (DateTimeOffset.UtcNow.UtcTicks / 1000) << 11;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        // Core's connections wait for a busy write lock this way; the floor's must not wait longer or shorter.
        SqliteBusyWait.Install(connection);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using (var read = connection.CreateCommand())
        {
            // With whether the company has webhook endpoints (it has none here: the floor would otherwise have to write deliveries).
            read.CommandText = """
                SELECT Status, Version, Title, FacilityId, CreatorId, SubmitterId, ApproverId,
                       EXISTS (SELECT 1 FROM WebhookEndpoints e WHERE e.OrganizationId = $company)
                FROM WorkOrders WHERE Id = $id AND CompanyId = $company
                """;
            read.Parameters.AddWithValue("$id", rawId);
            read.Parameters.AddWithValue("$company", companyId);
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync() || reader.GetString(0) != from || reader.GetInt32(1) != rawVersion) throw new InvalidOperationException("Unexpected state.");
            if (reader.GetBoolean(7)) throw new InvalidOperationException("The floor writes no webhook deliveries; the tenant must have no endpoints.");
        }
        // The people told: their address and whether they want e-mail for this event.
        var mail = new List<(string Id, string Name, string Email)>();
        if (told.Length > 0)
        {
            await using var people = connection.CreateCommand();
            people.CommandText = """
                SELECT u.Id, u.DisplayName, u.Email FROM AspNetUsers u
                WHERE u.Id IN ($a, $b) AND u.IsActive AND u.Email IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM EmailOptOuts o WHERE o.UserId = u.Id AND o.Event = $action)
                """;
            people.Parameters.AddWithValue("$a", told[0]);
            people.Parameters.AddWithValue("$b", told[^1]);
            people.Parameters.AddWithValue("$action", action);
            await using var reader = await people.ExecuteReaderAsync();
            while (await reader.ReadAsync()) mail.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        await using (var write = connection.CreateCommand())
        {
            var sql = new System.Text.StringBuilder($"""
                UPDATE WorkOrders SET {setColumns}Status = $to, Version = $version + 1, UpdatedAt = $now WHERE Id = $id AND Version = $version;
                INSERT INTO WorkOrderHistory (WorkOrderId, Action, "From", "To", ActorId, At, Comment, DueDateOverridden) VALUES ($id, $action, $from, $to, $actor, $now, $comment, 0);

                """);
            var email = rendered.GetValueOrDefault(action);
            for (var i = 0; i < told.Length; i++)
            {
                sql.Append($"INSERT INTO Notifications (UserId, WorkOrderId, Event, Title, Body, CreatedAt) VALUES ($told{i}, $id, $action, $subject, $summary, $now);\n");
                write.Parameters.AddWithValue($"$told{i}", told[i]);
            }
            for (var i = 0; i < mail.Count; i++)
            {
                sql.Append($"""
                    INSERT INTO Outbox (Id, ToAddress, ToName, Subject, TextBody, HtmlBody, UserId, WorkOrderId, CreatedAt, Status, Attempts, NextAttemptAt)
                    VALUES ($guid{i}, $email{i}, $name{i}, $subject, $text, $html, $user{i}, $id, $now, 'Queued', 0, $now);

                    """);
                write.Parameters.AddWithValue($"$guid{i}", Guid.NewGuid().ToString().ToUpperInvariant());
                write.Parameters.AddWithValue($"$email{i}", mail[i].Email);
                write.Parameters.AddWithValue($"$name{i}", mail[i].Name);
                write.Parameters.AddWithValue($"$user{i}", mail[i].Id);
            }
            write.CommandText = sql.ToString();
            write.Parameters.AddWithValue("$id", rawId);
            write.Parameters.AddWithValue("$to", to);
            write.Parameters.AddWithValue("$from", from);
            write.Parameters.AddWithValue("$action", action);
            write.Parameters.AddWithValue("$actor", actorId);
            write.Parameters.AddWithValue("$approver", approver.UserId);
            write.Parameters.AddWithValue("$comment", (object?)comment ?? DBNull.Value);
            write.Parameters.AddWithValue("$version", rawVersion);
            write.Parameters.AddWithValue("$now", now);
            write.Parameters.AddWithValue("$subject", (object?)email?.Subject ?? DBNull.Value);
            write.Parameters.AddWithValue("$summary", (object?)email?.Summary ?? DBNull.Value);
            write.Parameters.AddWithValue("$text", (object?)email?.Text ?? DBNull.Value);
            write.Parameters.AddWithValue("$html", (object?)email?.Html ?? DBNull.Value);
            // The version check: every statement wrote one row, so the update did too.
            if (await write.ExecuteNonQueryAsync() != 2 + told.Length + mail.Count) throw new InvalidOperationException("Version conflict.");
        }
        await transaction.CommitAsync();
        rawVersion++;
        // As Core does after its commit: the e-mail sender picks the new mail up now, in this run, not in the next one's.
        if (mail.Count > 0) outboxSignal.Wake();
    }

    /// <summary>Returns once the e-mail sender has sent every queued message (at once when it is not running).</summary>
    public async Task DrainOutboxAsync()
    {
        if (Environment.GetEnvironmentVariable("WORKORDERS_BENCH_SEND_MAIL") == "false") return;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var queued = connection.CreateCommand();
        queued.CommandText = "SELECT COUNT(*) FROM Outbox WHERE Status = 'Queued'";
        while (Convert.ToInt64(await queued.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0) await Task.Delay(10);
    }

    private static void Check(WorkOrders.Core.Common.Result result)
    {
        if (!result.IsOk) throw new InvalidOperationException(result.Message);
    }
}
