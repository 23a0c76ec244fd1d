using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using WorkOrders.Core.Webhooks;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Webhooks;

/// <summary>Several webhook senders on one database (servers of a fleet) post each delivery exactly once.</summary>
public abstract class WebhookFleetTests : DatabaseTest
{
    [Fact]
    public async Task SendDue_TwoSendersAtOnceOnOneDatabase_EachDeliveryPostedExactlyOnce()
    {
        const int count = 120;
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:SendInBackground"] = "false",
            ["Webhooks:BatchSize"] = "10",
        };
        await using var first = await StartCoreAsync(settings: settings);
        // The second server reads the first one's database.
        await using var second = await StartCoreAsync(seedDemoData: false, settings: new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:WorkOrders"] = first.Get<IConfiguration>().GetConnectionString("WorkOrders")
                                               ?? $"Data Source={Path.Combine(first.Folder, "workorders.db")}",
        });
        await using var listener = await WebhookListener.StartAsync();
        var admin = await first.ActorAsync(Demo.Admin);
        await using (var db = await first.DbAsync())
        {
            var endpoint = new WebhookEndpoint(admin.OrganizationId, listener.Url, "", [WebhookEvents.WorkOrderCreated], "secret-secret-secret", admin.UserId, CoreHost.Start);
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            db.WebhookDeliveries.AddRange(Enumerable.Range(1, count).Select(i =>
                new WebhookDelivery(Guid.NewGuid(), endpoint.Id, admin.OrganizationId, WebhookEvents.WorkOrderCreated, $$"""{"n":{{i}}}""", CoreHost.Start)));
            await db.SaveChangesAsync();
        }

        var delivered = await Task.WhenAll(DrainAsync(first.Get<WebhookSender>()), DrainAsync(second.Get<WebhookSender>()));

        Assert.Equal(count, delivered.Sum());
        var received = listener.Requests.Select(r => r.DeliveryId).ToList();
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Distinct().Count());
        await using var check = await second.DbAsync();
        Assert.Equal(count, await check.WebhookDeliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Delivered && d.Attempts == 1));
        Assert.Equal(count, await check.WebhookAttempts.CountAsync());
    }

    private static async Task<int> DrainAsync(WebhookSender sender)
    {
        await Task.Yield();
        var delivered = 0;
        for (WebhookBatchResult batch; (batch = await sender.SendDueAsync()).Total > 0;) delivered += batch.Delivered;
        return delivered;
    }

    public sealed class OnSqlite : WebhookFleetTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : WebhookFleetTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
