using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;
using WorkOrders.Core.Email;
using WorkOrders.Core.Webhooks;
using WorkOrders.Tests.Core.Webhooks;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Jobs;

/// <summary>
/// A sender passes over the row another server is claiming (its row lock held) and takes the next due one at once,
/// neither waiting for that lock nor coming back empty. SQLite has no row locks and is one server per file, so there
/// is nothing to skip: its run only checks the same senders drain the same rows in order.
/// </summary>
public abstract class NextDueRowTests : DatabaseTest
{
    [Fact]
    public async Task OutboxSendDue_OldestRowLockedByAnotherServer_SendsTheNextAtOnce()
    {
        await using var host = await StartCoreAsync(seedDemoData: false, settings: new Dictionary<string, string?> { ["Email:BatchSize"] = "1" });
        var oldest = new OutboxMessage("first@example.com", "First", "First", "text", "<p>html</p>", CoreHost.Start.AddMinutes(-2));
        var next = new OutboxMessage("second@example.com", "Second", "Second", "text", "<p>html</p>", CoreHost.Start.AddMinutes(-1));
        await using (var db = await host.DbAsync())
        {
            db.Outbox.AddRange(oldest, next);
            await db.SaveChangesAsync();
        }
        var sender = host.Get<OutboxSender>();

        await using (await HoldRowAsync(host, "Outbox", oldest.Id))
        {
            var batch = await WithoutWaitingForLocksAsync(host, sender.SendDueAsync());
            Assert.Equal(1, batch.Sent);
            await using var db = await host.DbAsync();
            Assert.Equal(Held(OutboxStatus.Sent, OutboxStatus.Queued), await db.Outbox.Where(m => m.Id == oldest.Id).Select(m => m.Status).SingleAsync());
            Assert.Equal(Held(OutboxStatus.Queued, OutboxStatus.Sent), await db.Outbox.Where(m => m.Id == next.Id).Select(m => m.Status).SingleAsync());
        }

        // Once the other server lets go, the row it held is due again for whoever asks.
        Assert.Equal(1, (await sender.SendDueAsync()).Sent);
        await using var check = await host.DbAsync();
        Assert.Equal(2, await check.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.Attempts == 1));
    }

    [Fact]
    public async Task WebhookSendDue_OldestRowLockedByAnotherServer_PostsTheNextAtOnce()
    {
        await using var host = await StartCoreAsync(settings: new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:SendInBackground"] = "false",
            ["Webhooks:BatchSize"] = "1",
        });
        await using var listener = await WebhookListener.StartAsync();
        var admin = await host.ActorAsync(Demo.Admin);
        WebhookDelivery oldest, next;
        await using (var db = await host.DbAsync())
        {
            var endpoint = new WebhookEndpoint(admin.OrganizationId, listener.Url, "", [WebhookEvents.WorkOrderCreated], "secret-secret-secret", admin.UserId, CoreHost.Start);
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            oldest = new WebhookDelivery(Guid.NewGuid(), endpoint.Id, admin.OrganizationId, WebhookEvents.WorkOrderCreated, """{"n":1}""", CoreHost.Start.AddMinutes(-2));
            next = new WebhookDelivery(Guid.NewGuid(), endpoint.Id, admin.OrganizationId, WebhookEvents.WorkOrderCreated, """{"n":2}""", CoreHost.Start.AddMinutes(-1));
            db.WebhookDeliveries.AddRange(oldest, next);
            await db.SaveChangesAsync();
        }
        var sender = host.Get<WebhookSender>();

        await using (await HoldRowAsync(host, "WebhookDeliveries", oldest.Id))
        {
            var batch = await WithoutWaitingForLocksAsync(host, sender.SendDueAsync());
            Assert.Equal(1, batch.Delivered);
            Assert.Equal([Held(oldest.Id, next.Id).ToString()], listener.Requests.Select(r => r.DeliveryId));
        }

        Assert.Equal(1, (await sender.SendDueAsync()).Delivered);
        Assert.Equal(2, listener.Requests.Select(r => r.DeliveryId).Distinct().Count());
    }

    /// <summary>On PostgreSQL the value for the locked run; on SQLite, where nothing can be held, the plain one.</summary>
    private T Held<T>(T unlocked, T locked) => Database == TestDatabase.PostgreSQL ? locked : unlocked;

    /// <summary>
    /// PostgreSQL: another server's claim in flight, a transaction holding the row's lock until disposed.
    /// SQLite: nothing (a write lock there would hold the whole file, which is what one server per file means).
    /// </summary>
    private async Task<IAsyncDisposable> HoldRowAsync(CoreHost host, string table, Guid id)
    {
        if (Database == TestDatabase.Sqlite) return new NothingHeld();
        var connection = new NpgsqlConnection(host.Get<IConfiguration>().GetConnectionString("WorkOrders"));
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"""SELECT 1 FROM "{table}" WHERE "Id" = @id FOR UPDATE""", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteScalarAsync());
        return connection;
    }

    /// <summary>
    /// The sender's call, failed as soon as any session of this database is seen waiting for a row lock: a pick that
    /// waits for the held row (FOR UPDATE without SKIP LOCKED, or no lock and a blocked claim) is caught in the act.
    /// </summary>
    private async Task<T> WithoutWaitingForLocksAsync<T>(CoreHost host, Task<T> send)
    {
        if (Database == TestDatabase.Sqlite) return await send;
        await using var watcher = new NpgsqlConnection(host.Get<IConfiguration>().GetConnectionString("WorkOrders"));
        await watcher.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
        while (!send.IsCompleted)
        {
            if ((long)(await waiting.ExecuteScalarAsync())! > 0) Assert.Fail("The sender waited for the row another server holds instead of skipping it.");
            await Task.WhenAny(send, Task.Delay(20));
        }
        return await send;
    }

    private sealed class NothingHeld : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public sealed class OnSqlite : NextDueRowTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : NextDueRowTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
