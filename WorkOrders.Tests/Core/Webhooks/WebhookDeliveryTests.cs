using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Email;
using WorkOrders.Core.Webhooks;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Webhooks;

/// <summary>Webhooks end to end in Core: written with the change, signed, delivered to a real listener, retried, never lost.</summary>
public abstract class WebhookDeliveryTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = default!;
    private WebhookListener listener = default!;

    public async Task InitializeAsync()
    {
        host = await StartCoreAsync(settings: new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:SendInBackground"] = "false",
            ["Webhooks:PauseAfterFailures"] = "3",
            ["Webhooks:PauseAfter"] = "01:00:00",
        });
        listener = await WebhookListener.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await listener.DisposeAsync();
        await host.DisposeAsync();
    }

    private async Task<CreatedWebhookEndpoint> RegisterAsync(params string[] events) =>
        (await host.Get<WebhookAdmin>().CreateEndpointAsync(await host.ActorAsync(Demo.Admin), listener.Url, "test", events.Length == 0 ? WebhookEvents.All : events)).Value!;

    /// <summary>A draft at Wichita made by the dispatcher, through the service (so it writes its webhook).</summary>
    private async Task<int> NewDraftAsync()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        await using var db = await host.DbAsync();
        var facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 12")).Select(f => f.Id).SingleAsync();
        var item = await host.Get<ActionItemService>().CreateAsync(dispatcher, facility, new ActionItemInput("Hook " + Guid.NewGuid(), null, Priority.High, null, null));
        return (await host.Get<WorkOrderService>().CreateAsync(dispatcher, facility, "Webhook test", [item.Value])).Value;
    }

    private async Task<int> VersionAsync(int workOrderId)
    {
        await using var db = await host.DbAsync();
        return await db.WorkOrders.Where(w => w.Id == workOrderId).Select(w => w.Version).SingleAsync();
    }

    private Task<WebhookBatchResult> SendAsync(CancellationToken ct = default) => host.Get<WebhookSender>().SendDueAsync(ct);

    private async Task<List<WebhookDelivery>> DeliveriesAsync()
    {
        await using var db = await host.DbAsync();
        return await db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.CreatedAt).ToListAsync();
    }

    [Fact]
    public async Task Transition_WithEndpoint_IsDeliveredAsJsonSignedOverTimestampAndBody()
    {
        var endpoint = await RegisterAsync();
        var id = await NewDraftAsync();
        var submitted = await host.Get<WorkOrderService>().SubmitAsync(await host.ActorAsync(Demo.Dispatcher), id, await VersionAsync(id), await host.UserIdAsync(Demo.Admin));
        Assert.True(submitted.IsOk, submitted.Message);

        var batch = await SendAsync();

        Assert.Equal(3, batch.Delivered); // action_item.created, work_order.created, work_order.submit
        var received = listener.Requests.ToList();
        Assert.Equal(["action_item.created", "work_order.created", "work_order.submit"], received.Select(r => r.Event).ToArray());
        foreach (var r in received)
        {
            Assert.True(WebhookSignature.Verify(endpoint.Secret, r.Signature, r.Body, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
            Assert.False(WebhookSignature.Verify(endpoint.Secret + "x", r.Signature, r.Body, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
            Assert.False(WebhookSignature.Verify(endpoint.Secret, r.Signature, r.Body + " ", host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
            Assert.Equal(r.DeliveryId, JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString());
        }
        var submit = JsonDocument.Parse(received[2].Body).RootElement.GetProperty("data");
        Assert.Equal("Draft", submit.GetProperty("from").GetString());
        Assert.Equal("Submitted", submit.GetProperty("status").GetString());
        Assert.Equal(id, submit.GetProperty("id").GetInt32());
        await using var db = await host.DbAsync();
        Assert.All(await db.WebhookAttempts.ToListAsync(), a => Assert.Equal(200, a.StatusCode));
    }

    [Fact]
    public async Task RotateSecret_DuringGrace_SignedByBothKeys_AfterGrace_OnlyByTheNew()
    {
        var endpoint = await RegisterAsync(WebhookEvents.WorkOrderCreated);
        var admin = await host.ActorAsync(Demo.Admin);
        var rotated = await host.Get<WebhookAdmin>().RotateSecretAsync(admin, endpoint.Id);
        Assert.True(rotated.IsOk, rotated.Message);
        Assert.NotEqual(endpoint.Secret, rotated.Value);
        var listed = (await host.Get<WebhookAdmin>().ListEndpointsAsync(admin)).Value!.Single();
        Assert.Equal(host.Clock.GetUtcNow() + TimeSpan.FromHours(24), listed.PreviousSecretUntil);

        await NewDraftAsync();
        await SendAsync();
        host.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await NewDraftAsync();
        await SendAsync();

        var (during, after) = (listener.Requests.ElementAt(0), listener.Requests.ElementAt(1));
        bool Valid(string secret, WebhookListener.Received r) => WebhookSignature.Verify(secret, r.Signature, r.Body, host.Clock.GetUtcNow(), TimeSpan.FromHours(25));
        Assert.Equal(2, during.Signature.Split(',').Count(p => p.StartsWith("v1=", StringComparison.Ordinal)));
        Assert.True(Valid(endpoint.Secret, during));
        Assert.True(Valid(rotated.Value!, during));
        Assert.Single(after.Signature.Split(','), p => p.StartsWith("v1=", StringComparison.Ordinal));
        Assert.False(Valid(endpoint.Secret, after));
        Assert.True(Valid(rotated.Value!, after));
        Assert.Null((await host.Get<WebhookAdmin>().ListEndpointsAsync(admin)).Value!.Single().PreviousSecretUntil);
    }

    [Fact]
    public async Task RotateSecret_AnotherOrganisationsEndpoint_NotFoundAndUnchanged()
    {
        var endpoint = await RegisterAsync(WebhookEvents.WorkOrderCreated);

        var result = await host.Get<WebhookAdmin>().RotateSecretAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), endpoint.Id);

        Assert.Equal(ResultStatus.NotFound, result.Status);
        await using var db = await host.DbAsync();
        var stored = await db.WebhookEndpoints.SingleAsync(e => e.Id == endpoint.Id);
        Assert.Equal((endpoint.Secret, (string?)null), (stored.Secret, stored.PreviousSecret));
    }

    [Fact]
    public async Task RefusedTransition_WritesNoDelivery_AndUnsubscribedEventsAreNotWritten()
    {
        await RegisterAsync(WebhookEvents.ForAction(WorkOrderAction.Approve));
        var id = await NewDraftAsync();

        var refused = await host.Get<WorkOrderService>().ApproveAsync(await host.ActorAsync(Demo.Tech), id, await VersionAsync(id), null);

        Assert.Equal(ResultStatus.NotAllowed, refused.Status);
        Assert.Empty(await DeliveriesAsync());
    }

    [Fact]
    public async Task Outage_IsRetriedWithBackOff_EachAttemptLoggedWithItsCode()
    {
        await RegisterAsync(WebhookEvents.WorkOrderCreated);
        var down = true;
        listener.Answer = _ => Task.FromResult(down ? 503 : 200);
        await NewDraftAsync();

        var first = await SendAsync();
        var tooEarly = await SendAsync();
        down = false;
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await SendAsync();

        Assert.Equal(1, first.Retrying);
        Assert.Equal(0, tooEarly.Total);
        Assert.Equal(1, second.Delivered);
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        await using var db = await host.DbAsync();
        var codes = await db.WebhookAttempts.Where(a => a.DeliveryId == delivery.Id).OrderBy(a => a.Number).Select(a => a.StatusCode!.Value).ToArrayAsync();
        Assert.Equal(new[] { 503, 200 }, codes);
        // Both attempts carry the same delivery id, so the receiver can drop the repeat.
        Assert.Single(listener.Requests.Select(r => r.DeliveryId).Distinct());
    }

    [Fact]
    public async Task CrashMidDelivery_NothingLost_AtMostOneDuplicateWithTheSameDeliveryId()
    {
        await RegisterAsync(WebhookEvents.WorkOrderCreated);
        await NewDraftAsync();
        await NewDraftAsync();
        using var crash = new CancellationTokenSource();
        var inFlight = new TaskCompletionSource();
        // The receiver gets the first request, and the sender process dies before it hears the answer.
        listener.Answer = async _ =>
        {
            inFlight.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), crash.Token).ContinueWith(_ => { });
            return 200;
        };

        var dying = SendAsync(crash.Token);
        await inFlight.Task;
        crash.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying);

        listener.Answer = _ => Task.FromResult(200);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        // A new sender, as after a restart.
        var restarted = ActivatorUtilities.CreateInstance<WebhookSender>(host.Services);
        await restarted.SendDueAsync();

        var deliveries = await DeliveriesAsync();
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        var received = listener.Requests.GroupBy(r => r.DeliveryId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(deliveries.Select(d => d.Id.ToString()).Order(), received.Keys.Order());
        Assert.Equal(1, received.Values.Count(n => n == 2));
        Assert.All(received.Values, n => Assert.InRange(n, 1, 2));
    }

    [Fact]
    public async Task EndpointFailingForLong_IsPausedAndAdminsEmailed_ResumeSendsWhatWaited()
    {
        await RegisterAsync(WebhookEvents.WorkOrderCreated);
        listener.Answer = _ => Task.FromResult(500);
        await NewDraftAsync();
        for (var i = 0; i < 6; i++)
        {
            await SendAsync();
            host.Clock.Advance(TimeSpan.FromHours(1));
        }

        await using (var db = await host.DbAsync())
        {
            var endpoint = await db.WebhookEndpoints.SingleAsync();
            Assert.Equal(WebhookEndpointStatus.Paused, endpoint.Status);
            Assert.Contains(await db.Outbox.ToListAsync(), m => m.ToAddress == Demo.Admin && m.Subject.StartsWith("Webhook endpoint paused"));
            var attemptsWhenPaused = await db.WebhookAttempts.CountAsync();
            await SendAsync();
            Assert.Equal(attemptsWhenPaused, await db.WebhookAttempts.CountAsync());
        }

        listener.Answer = _ => Task.FromResult(200);
        var admin = await host.ActorAsync(Demo.Admin);
        var endpointId = (await host.Get<WebhookAdmin>().ListEndpointsAsync(admin)).Value!.Single().Id;
        Assert.True((await host.Get<WebhookAdmin>().ResumeAsync(admin, endpointId)).IsOk);
        Assert.Equal(1, (await SendAsync()).Delivered);
    }

    [Fact]
    public async Task Redeliver_ByAdmin_SendsTheSameDeliveryAgain_AnotherTenantsAdminFindsNothing()
    {
        await RegisterAsync(WebhookEvents.WorkOrderCreated);
        await NewDraftAsync();
        await SendAsync();
        var delivery = Assert.Single(await DeliveriesAsync());

        var foreign = await host.Get<WebhookAdmin>().RedeliverAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), delivery.Id);
        var own = await host.Get<WebhookAdmin>().RedeliverAsync(await host.ActorAsync(Demo.Admin), delivery.Id);
        await SendAsync();

        Assert.Equal(ResultStatus.NotFound, foreign.Status);
        Assert.True(own.IsOk);
        Assert.Equal([delivery.Id.ToString(), delivery.Id.ToString()], listener.Requests.Select(r => r.DeliveryId).ToArray());
        Assert.Empty((await host.Get<WebhookAdmin>().ListDeliveriesAsync(await host.ActorAsync(Demo.OtherCompanyAdmin))).Value!.Items);
    }

    [Fact]
    public async Task ProviderCreatedWorkOrder_IsToldToTheProviderAndTheCompany_NotToAnotherTenant()
    {
        var admin = host.Get<WebhookAdmin>();
        await admin.CreateEndpointAsync(await host.ActorAsync(Demo.Admin), listener.Url + "?org=prairie", null, [WebhookEvents.WorkOrderCreated]);
        await admin.CreateEndpointAsync(await host.ActorAsync(Demo.ProviderAdmin), listener.Url + "?org=summit", null, [WebhookEvents.WorkOrderCreated]);
        await admin.CreateEndpointAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), listener.Url + "?org=coastal", null, [WebhookEvents.WorkOrderCreated]);
        await using var db = await host.DbAsync();
        var facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 12")).Select(f => f.Id).SingleAsync();

        var created = await host.Get<WorkOrderService>().CreateAsync(await host.ActorAsync(Demo.ProviderAdmin), facility, "By the provider", []);

        Assert.True(created.IsOk || created.Status == ResultStatus.Invalid, created.Message);
        var orgs = (await DeliveriesAsync()).Select(d => d.OrganizationId).Order().ToList();
        var coastal = await db.Organizations.Where(o => o.Name == "Coastal Petroleum").Select(o => o.Id).SingleAsync();
        if (created.IsOk) Assert.Equal(2, orgs.Count);
        Assert.DoesNotContain(coastal, orgs);
    }

    public sealed class OnSqlite : WebhookDeliveryTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : WebhookDeliveryTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
