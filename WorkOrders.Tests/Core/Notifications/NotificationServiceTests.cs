using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

public abstract class NotificationServiceTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;
    private NotificationService service = null!;

    public async Task InitializeAsync()
    {
        host = await StartCoreAsync();
        service = host.Get<NotificationService>();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task MarkRead_AnotherUsersNotification_NotFoundAndStillUnread()
    {
        await DemoTransitions.RunAsync(host, "submit"); // Tells the admin and the dispatcher.
        var admin = await host.ActorAsync(Demo.Admin);
        var tech = await host.ActorAsync(Demo.Tech);
        var adminsNotification = (await service.ListAsync(admin)).Items.Single();

        var result = await service.MarkReadAsync(tech, adminsNotification.Id);

        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Equal(1, await service.UnreadCountAsync(admin));
        Assert.Empty((await service.ListAsync(tech)).Items);
    }

    [Fact]
    public async Task MarkAllRead_MarksOnlyTheActorsOwnAndPushesToTheirTopicOnly()
    {
        await DemoTransitions.RunAsync(host, "submit");
        var admin = await host.ActorAsync(Demo.Admin);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var bus = host.Get<ILiveBus>();
        var adminPushes = 0;
        var dispatcherPushes = 0;
        using var a = bus.Subscribe(LiveTopics.User(admin.UserId), _ => { adminPushes++; return Task.CompletedTask; });
        using var d = bus.Subscribe(LiveTopics.User(dispatcher.UserId), _ => { dispatcherPushes++; return Task.CompletedTask; });

        var marked = await service.MarkAllReadAsync(admin);
        await host.LiveDeliveredAsync();

        Assert.Equal(1, marked);
        Assert.Equal(0, await service.UnreadCountAsync(admin));
        Assert.Equal(1, await service.UnreadCountAsync(dispatcher));
        Assert.Equal((1, 0), (adminPushes, dispatcherPushes));
        Assert.Equal(0, await service.MarkAllReadAsync(admin));
        await host.LiveDeliveredAsync();
        Assert.Equal(1, adminPushes); // Nothing changed, nothing pushed.
    }

    [Fact]
    public async Task MarkRead_OwnNotification_ReadAtTheClocksTime()
    {
        await DemoTransitions.RunAsync(host, "approve");
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var notification = (await service.ListAsync(dispatcher)).Items.Single();
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True((await service.MarkReadAsync(dispatcher, notification.Id)).IsOk);

        var read = (await service.ListAsync(dispatcher)).Items.Single();
        Assert.Equal(host.Clock.GetUtcNow(), read.ReadAt);
        Assert.Empty((await service.ListAsync(dispatcher, unreadOnly: true)).Items);
    }

    [Fact]
    public async Task List_ManyNotifications_PagedNewestFirst()
    {
        foreach (var transition in new[] { "submit", "approve", "dispatch" })
        {
            await DemoTransitions.RunAsync(host, transition);
            host.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var admin = await host.ActorAsync(Demo.Admin); // Told of the submit and the dispatch.

        var first = await service.ListAsync(admin, pageIndex: 0, pageSize: 1);
        var second = await service.ListAsync(admin, pageIndex: 1, pageSize: 1);

        Assert.Equal(2, first.TotalCount);
        Assert.Equal(WorkOrderAction.Dispatch, first.Items.Single().Event);
        Assert.Equal(WorkOrderAction.Submit, second.Items.Single().Event);
        Assert.StartsWith("/work-orders/", first.Items.Single().Link);
    }

    [Fact]
    public async Task ApprovalInbox_ListsOnlySubmittedWorkOrdersWaitingForTheActor()
    {
        var inbox = host.Get<ApprovalInbox>();
        var admin = await host.ActorAsync(Demo.Admin);

        var items = await inbox.ListAsync(admin);

        Assert.Equal([DemoTransitions.Submitted, DemoTransitions.SubmittedByProvider], items.Select(i => i.Title));
        var first = items[0];
        Assert.Equal("Station 12 – Wichita East", first.FacilityName);
        Assert.Equal("Dana Brooks", first.SubmitterName);
        Assert.Equal(685.00m, first.EstimateTotal);
        Assert.Equal("USD", first.Currency);
        Assert.Equal(CoreHost.Start.AddDays(-1), first.SubmittedAt);
        Assert.Equal("Summit Tank Services", items[1].CreatedByOrganization);
        Assert.Equal(2, await inbox.CountAsync(admin));
        Assert.Empty(await inbox.ListAsync(await host.ActorAsync(Demo.Dispatcher)));
        Assert.Empty(await inbox.ListAsync(await host.ActorAsync(Demo.OtherCompanyAdmin)));
        Assert.Equal([WorkOrderAction.Approve, WorkOrderAction.Deny], ApprovalInboxItem.Actions);
    }

    [Fact]
    public async Task ApprovalInbox_SubmittedAgainAfterDenial_ShowsTheLastSubmission()
    {
        var service = host.Get<WorkOrderService>();
        var admin = await host.ActorAsync(Demo.Admin);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var (id, version) = await DemoTransitions.FindAsync(host, DemoTransitions.Submitted);
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await service.DenyAsync(admin, id, version, "Get a second quote.")).IsOk);
        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await service.ResetAsync(dispatcher, id, version + 1)).IsOk);
        host.Clock.Advance(TimeSpan.FromHours(3));
        var resubmittedAt = host.Clock.GetUtcNow();
        Assert.True((await service.SubmitAsync(dispatcher, id, version + 2, await host.UserIdAsync(Demo.Admin))).IsOk);

        var item = Assert.Single(await host.Get<ApprovalInbox>().ListAsync(admin), i => i.Id == id);

        Assert.Equal(resubmittedAt, item.SubmittedAt);
        Assert.Equal("Prairie Fuel Co.", item.CreatedByOrganization);
    }

    [Fact]
    public async Task ApprovalInbox_AfterDecision_GoneFromTheList()
    {
        await DemoTransitions.RunAsync(host, "deny");

        var items = await host.Get<ApprovalInbox>().ListAsync(await host.ActorAsync(Demo.Admin));

        Assert.Equal([DemoTransitions.SubmittedByProvider], items.Select(i => i.Title));
    }

    public sealed class OnSqlite : NotificationServiceTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : NotificationServiceTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
