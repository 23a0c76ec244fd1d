using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using netDumbster.smtp;
using WorkOrders.Core.Email;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Email;

/// <summary>Several senders on one database (servers of a fleet) deliver each message exactly once over real SMTP.</summary>
public abstract class OutboxFleetTests : DatabaseTest
{
    [Fact]
    public async Task SendDue_TwoSendersAtOnceOnOneDatabase_EachMessageSentExactlyOnce()
    {
        const int count = 120;
        using var server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        var smtp = new Dictionary<string, string?>
        {
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:Port"] = server.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Security"] = "None",
            ["Email:BatchSize"] = "10",
        };
        await using var first = await StartCoreAsync(seedDemoData: false, settings: smtp);
        // The second server reads the first one's database.
        await using var second = await StartCoreAsync(seedDemoData: false, settings: new Dictionary<string, string?>(smtp)
        {
            ["ConnectionStrings:WorkOrders"] = first.Get<Microsoft.Extensions.Configuration.IConfiguration>().GetConnectionString("WorkOrders")
                                               ?? $"Data Source={Path.Combine(first.Folder, "workorders.db")}",
        });
        await using (var db = await first.DbAsync())
        {
            db.Outbox.AddRange(Enumerable.Range(1, count).Select(i =>
                new OutboxMessage($"person{i}@example.com", $"Person {i}", $"Message {i}", "text", "<p>html</p>", CoreHost.Start)));
            await db.SaveChangesAsync();
        }

        var sent = await Task.WhenAll(DrainAsync(first.Get<OutboxSender>()), DrainAsync(second.Get<OutboxSender>()));

        Assert.Equal(count, sent.Sum());
        var received = server.ReceivedEmail.Select(m => m.Headers["Message-ID"]).ToList();
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Distinct().Count());
        await using var check = await second.DbAsync();
        Assert.Equal(count, await check.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.Attempts == 1));
    }

    private static async Task<int> DrainAsync(OutboxSender sender)
    {
        await Task.Yield();
        var sent = 0;
        for (OutboxBatchResult batch; (batch = await sender.SendDueAsync()).Total > 0;) sent += batch.Sent;
        return sent;
    }

    public sealed class OnSqlite : OutboxFleetTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : OutboxFleetTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
