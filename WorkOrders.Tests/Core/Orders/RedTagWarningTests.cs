using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>The seeded approved Topeka work order holds a critical item due 2026-12-04 (America/Chicago).</summary>
public abstract class RedTagWarningTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private WorkOrderService Service => host.Get<WorkOrderService>();

    /// <summary>Local 16:00–18:00 in Chicago on the given day.</summary>
    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 22, 0, 0, TimeSpan.Zero);

    private async Task<List<WorkOrderHistoryEntry>> HistoryAsync(int id)
    {
        await using var db = await host.DbAsync();
        return await db.WorkOrderHistory.Where(h => h.WorkOrderId == id).OrderBy(h => h.Id).ToListAsync();
    }

    [Fact]
    public async Task Dispatch_VisitEndsAfterDueDate_WarnsAndSavesNothing()
    {
        var wo = await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle);
        var start = At(2026, 12, 5);

        var result = await Service.DispatchAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, await host.UserIdAsync(Demo.Tech), start, start.AddHours(2));

        Assert.Equal(ResultStatus.NeedsConfirmation, result.Status);
        Assert.Contains("2026-12-04", result.Message);
        var after = await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle);
        Assert.Equal((WorkOrderStatus.Approved, wo.Version, (DateTimeOffset?)null), (after.Status, after.Version, after.ScheduledStart));
    }

    [Fact]
    public async Task Dispatch_ConfirmedPastDueDate_SavedAndHistoryRecordsTheOverrideAndWho()
    {
        var wo = await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var start = At(2026, 12, 5);

        var result = await Service.DispatchAsync(dispatcher, wo.Id, wo.Version, await host.UserIdAsync(Demo.Tech), start, start.AddHours(2), overrideDueDate: true);

        Assert.True(result.IsOk, result.Message);
        var last = (await HistoryAsync(wo.Id))[^1];
        Assert.Equal((WorkOrderAction.Dispatch, true, dispatcher.UserId), (last.Action, last.DueDateOverridden, last.ActorId));
        Assert.Contains("Due date 2026-12-04 overridden", last.Comment);
        var shown = (await host.Get<WorkOrderQueries>().GetAsync(dispatcher, wo.Id)).Value!.History[^1];
        Assert.True(shown.DueDateOverridden);
        Assert.Equal("Dana Brooks", shown.Actor.DisplayName);
    }

    [Fact]
    public async Task Dispatch_EndsOnTheDueDateAtTheFacility_NoWarningNoOverride()
    {
        var wo = await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle);
        // 23:00 local on the due date is 05:00 UTC the next day: still the due date at the facility.
        var end = new DateTimeOffset(2026, 12, 5, 5, 0, 0, TimeSpan.Zero);

        var result = await Service.DispatchAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, await host.UserIdAsync(Demo.Tech), end.AddHours(-2), end);

        Assert.True(result.IsOk, result.Message);
        Assert.False((await HistoryAsync(wo.Id))[^1].DueDateOverridden);
    }

    [Fact]
    public async Task Reschedule_MovedPastDueDate_WarnsThenConfirmedIsRecorded()
    {
        var wo = await SchedulingFixture.DispatchApprovedAsync(host, At(2026, 11, 25), TimeSpan.FromHours(2), keepDueDate: true);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var later = At(2026, 12, 10);

        var warned = await Service.RescheduleAsync(dispatcher, wo.Id, wo.Version, wo.AssigneeId!, later, later.AddHours(2));
        Assert.Equal(ResultStatus.NeedsConfirmation, warned.Status);
        Assert.Equal(At(2026, 11, 25), (await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle)).ScheduledStart);

        var confirmed = await Service.RescheduleAsync(dispatcher, wo.Id, wo.Version, wo.AssigneeId!, later, later.AddHours(2), overrideDueDate: true);
        Assert.True(confirmed.IsOk, confirmed.Message);
        var last = (await HistoryAsync(wo.Id))[^1];
        Assert.True(last.DueDateOverridden);
        Assert.StartsWith("new time. Due date 2026-12-04 overridden", last.Comment);
    }

    [Fact]
    public async Task Dispatch_ByNonSubmitterPastDueDate_RefusedAsNotAllowedNotWarned()
    {
        var wo = await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle);
        var start = At(2026, 12, 20);

        var result = await Service.DispatchAsync(await host.ActorAsync(Demo.Tech), wo.Id, wo.Version, await host.UserIdAsync(Demo.Tech), start, start.AddHours(1));

        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    public sealed class OnSqlite : RedTagWarningTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : RedTagWarningTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
