using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Scheduling;

public abstract class RescheduleTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = default!;
    private WorkOrderService Service => host.Get<WorkOrderService>();

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<WorkOrder> DispatchedAsync() => SchedulingFixture.DispatchApprovedAsync(host, CoreHost.Start.AddDays(2), TimeSpan.FromHours(2));

    private async Task<List<Notification>> NotificationsAsync(int workOrderId, WorkOrderAction action)
    {
        await using var db = await host.DbAsync();
        return await db.Notifications.Where(n => n.WorkOrderId == workOrderId && n.Event == action).ToListAsync();
    }

    [Fact]
    public async Task Reschedule_BySubmitter_MovesTheWindowAndRecordsHistory()
    {
        var wo = await DispatchedAsync();
        var newStart = wo.ScheduledStart!.Value.AddDays(1);

        var result = await Service.RescheduleAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, wo.AssigneeId!, newStart, newStart.AddHours(3));

        Assert.True(result.IsOk, result.Message);
        var detail = (await host.Get<WorkOrderQueries>().GetAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id)).Value!;
        Assert.Equal(WorkOrderStatus.Dispatched, detail.Status);
        Assert.Equal(newStart, detail.ScheduledStart);
        Assert.Equal(newStart.AddHours(3), detail.ScheduledEnd);
        var last = detail.History[^1];
        Assert.Equal(WorkOrderAction.Reschedule, last.Action);
        Assert.Equal("new time", last.Comment);
        Assert.Equal("Dana Brooks", last.Actor.DisplayName);
        Assert.Equal([await host.UserIdAsync(Demo.Tech)], (await NotificationsAsync(wo.Id, WorkOrderAction.Reschedule)).Select(n => n.UserId));
    }

    [Fact]
    public async Task Reassign_BySubmitter_TellsOldAndNewAssignee()
    {
        var wo = await DispatchedAsync();
        var admin = await host.UserIdAsync(Demo.Admin);

        var result = await Service.RescheduleAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, admin, wo.ScheduledStart!.Value, wo.ScheduledEnd!.Value);

        Assert.True(result.IsOk, result.Message);
        var told = (await NotificationsAsync(wo.Id, WorkOrderAction.Reschedule)).Select(n => n.UserId).Order().ToList();
        Assert.Equal(new[] { admin, await host.UserIdAsync(Demo.Tech) }.Order(), told);
        var detail = (await host.Get<WorkOrderQueries>().GetAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id)).Value!;
        Assert.Equal(admin, detail.Assignee!.Id);
        Assert.Equal("reassigned to Morgan Avery", detail.History[^1].Comment);
    }

    [Theory]
    [InlineData(Demo.Admin)]
    [InlineData(Demo.Tech)]
    public async Task Reschedule_ByAnyoneButTheSubmitter_IsNotAllowedAndChangesNothing(string email)
    {
        var wo = await DispatchedAsync();

        var result = await Service.RescheduleAsync(await host.ActorAsync(email), wo.Id, wo.Version, wo.AssigneeId!, wo.ScheduledStart!.Value.AddDays(1), wo.ScheduledEnd!.Value.AddDays(1));

        Assert.Equal(ResultStatus.NotAllowed, result.Status);
        var after = await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle);
        Assert.Equal(wo.ScheduledStart, after.ScheduledStart);
        Assert.Equal(wo.Version, after.Version);
        Assert.Empty(await NotificationsAsync(wo.Id, WorkOrderAction.Reschedule));
    }

    [Fact]
    public async Task Reschedule_FromAnotherTenant_IsNotFound()
    {
        var wo = await DispatchedAsync();

        var result = await Service.RescheduleAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), wo.Id, wo.Version, wo.AssigneeId!, wo.ScheduledStart!.Value.AddDays(1), wo.ScheduledEnd!.Value.AddDays(1));

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Reschedule_WithAStaleVersion_IsAConflict()
    {
        var wo = await DispatchedAsync();
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        Assert.True((await Service.RescheduleAsync(dispatcher, wo.Id, wo.Version, wo.AssigneeId!, wo.ScheduledStart!.Value.AddHours(1), wo.ScheduledEnd!.Value.AddHours(1))).IsOk);

        var second = await Service.RescheduleAsync(dispatcher, wo.Id, wo.Version, wo.AssigneeId!, wo.ScheduledStart!.Value.AddHours(5), wo.ScheduledEnd!.Value.AddHours(5));

        Assert.Equal(ResultStatus.Conflict, second.Status);
    }

    [Fact]
    public async Task Reschedule_ToAnAssigneeOfAnotherOrganisation_IsInvalid()
    {
        var wo = await DispatchedAsync();

        var result = await Service.RescheduleAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, await host.UserIdAsync(Demo.ProviderTech), wo.ScheduledStart!.Value, wo.ScheduledEnd!.Value);

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task Reschedule_WithNothingChanged_IsInvalid()
    {
        var wo = await DispatchedAsync();

        var result = await Service.RescheduleAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, wo.AssigneeId!, wo.ScheduledStart!.Value, wo.ScheduledEnd!.Value);

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    public sealed class OnSqlite : RescheduleTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : RescheduleTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
