using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.TestSupport;

/// <summary>Moves seeded demo work orders into the states the calendar tests need.</summary>
internal static class SchedulingFixture
{
    public const string ApprovedTitle = "Replace line leak detector, regular";
    public const string DispatchedTitle = "Diesel spill bucket and Stage I adaptor";
    public const string ResolvedTitle = "Fire extinguisher inspection, island 1";
    public const string ProviderTitle = "STP sump sensor, tank 2";

    /// <summary>The demo's work order the provider accepted: Sam Rivera's visit at Denver the day after tomorrow.</summary>
    public const string SeededProviderVisitTitle = "Replace tank 1 gauge probe";

    public static async Task<WorkOrder> FindAsync(CoreHost host, string title)
    {
        await using var db = await host.DbAsync();
        return await db.WorkOrders.AsNoTracking().SingleAsync(w => w.Title == title);
    }

    /// <summary>Dispatches the seeded approved Topeka work order (America/Chicago) to the company technician.</summary>
    /// <param name="keepDueDate">False: the seeded item's due date is cleared first, so visits on any date need no red-tag confirmation.</param>
    public static async Task<WorkOrder> DispatchApprovedAsync(CoreHost host, DateTimeOffset start, TimeSpan length, string? assigneeEmail = null, bool keepDueDate = false)
    {
        if (!keepDueDate) await ClearDueDateAsync(host, ApprovedTitle);
        var wo = await FindAsync(host, ApprovedTitle);
        var result = await host.Get<WorkOrderService>().DispatchAsync(
            await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, await host.UserIdAsync(assigneeEmail ?? Demo.Tech), start, start + length);
        Assert.True(result.IsOk, result.Message);
        return await FindAsync(host, ApprovedTitle);
    }

    /// <summary>Approves the provider-created Denver work order and has the provider admin dispatch it to the provider technician.</summary>
    public static async Task<WorkOrder> DispatchProviderWorkAsync(CoreHost host, DateTimeOffset start)
    {
        var service = host.Get<WorkOrderService>();
        await ClearDueDateAsync(host, ProviderTitle);
        var wo = await FindAsync(host, ProviderTitle);
        Assert.True((await service.ApproveAsync(await host.ActorAsync(Demo.Admin), wo.Id, wo.Version, null)).IsOk);
        wo = await FindAsync(host, ProviderTitle);
        var result = await service.DispatchAsync(await host.ActorAsync(Demo.ProviderAdmin), wo.Id, wo.Version, await host.UserIdAsync(Demo.ProviderTech), start, start.AddHours(2));
        Assert.True(result.IsOk, result.Message);
        return await FindAsync(host, ProviderTitle);
    }

    private static async Task ClearDueDateAsync(CoreHost host, string title)
    {
        await using var db = await host.DbAsync();
        await db.WorkOrders.Where(w => w.Title == title).ExecuteUpdateAsync(s => s.SetProperty(w => w.DueDate, (DateOnly?)null));
    }
}
