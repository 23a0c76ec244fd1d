using System.Net;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Webhooks;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Webhooks;

/// <summary>No webhook goes to this server or a private network unless configuration allows it.</summary>
public abstract class WebhookAddressTests : DatabaseTest
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/x")]
    [InlineData("http://localhost/x")]
    [InlineData("http://api.localhost/x")]
    [InlineData("http://[::1]/x")]
    [InlineData("http://10.1.2.3/x")]
    [InlineData("http://172.20.0.1/x")]
    [InlineData("http://192.168.1.1/x")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://100.64.0.1/x")]
    [InlineData("http://0.0.0.0/x")]
    [InlineData("http://[fd00::1]/x")]
    [InlineData("http://[::ffff:127.0.0.1]/x")]
    [InlineData("ftp://example.com/x")]
    [InlineData("https://user:pw@example.com/x")]
    [InlineData("not a url")]
    public void Problem_PrivateOrBadUrl_IsRefused(string url) => Assert.NotNull(WebhookAddressPolicy.Problem(url, allowPrivate: false));

    [Theory]
    [InlineData("https://erp.example.com/hooks")]
    [InlineData("http://93.184.216.34/x")]
    [InlineData("https://[2606:4700::1111]/x")]
    public void Problem_PublicUrl_IsAccepted(string url) => Assert.Null(WebhookAddressPolicy.Problem(url, allowPrivate: false));

    [Fact]
    public void Problem_PrivateUrl_AllowedByConfiguration_IsAccepted() => Assert.Null(WebhookAddressPolicy.Problem("http://127.0.0.1:9/x", allowPrivate: true));

    [Fact]
    public async Task Register_LoopbackUrl_IsInvalid()
    {
        await using var host = await StartCoreAsync();

        var result = await host.Get<WebhookAdmin>().CreateEndpointAsync(await host.ActorAsync(Demo.Admin), "http://127.0.0.1:9/hook", null, [WebhookEvents.WorkOrderCreated]);

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task Deliver_ToAnAddressThatIsPrivateWhenConnecting_IsRefusedAndNothingReachesIt()
    {
        await using var host = await StartCoreAsync(settings: new Dictionary<string, string?> { ["Webhooks:SendInBackground"] = "false" });
        await using var listener = await WebhookListener.StartAsync();
        // Written past registration's check, as a name that later resolves inside would be: the connect-time check must hold.
        var admin = await host.ActorAsync(Demo.Admin);
        await using (var db = await host.DbAsync())
        {
            var endpoint = new WebhookEndpoint(admin.OrganizationId, listener.Url, "", [WebhookEvents.WorkOrderCreated], "secret-secret-secret", admin.UserId, host.Clock.GetUtcNow());
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            db.WebhookDeliveries.Add(new WebhookDelivery(Guid.NewGuid(), endpoint.Id, admin.OrganizationId, WebhookEvents.WorkOrderCreated, "{}", host.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var batch = await host.Get<WebhookSender>().SendDueAsync();

        Assert.Equal(1, batch.Retrying);
        Assert.Empty(listener.Requests);
        await using var check = await host.DbAsync();
        Assert.Contains("not a public address", (await check.WebhookAttempts.SingleAsync()).Error);
        Assert.False(WebhookAddressPolicy.IsPublic(IPAddress.Parse("::ffff:10.0.0.1")));
    }

    public sealed class OnSqlite : WebhookAddressTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : WebhookAddressTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
