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

    /// <summary>
    /// Copies of a scheduled work order as further visits (of an hour unless told), written straight into the database: the
    /// calendar reads rows, so a hundred visits need not go through a hundred lifecycles. Every other column is the template's;
    /// the long-visit marker is written as the lifecycle would (the lifecycle's own tests check that it does).
    /// </summary>
    public static async Task<List<int>> CopyVisitsAsync(CoreHost host, WorkOrder template, IEnumerable<DateTimeOffset> starts,
        WorkOrderStatus? status = null, int? facilityId = null, string? assigneeId = null, TimeSpan? length = null)
    {
        var visitLength = length ?? TimeSpan.FromHours(1);
        await using var db = await host.DbAsync();
        var copies = new List<WorkOrder>();
        foreach (var start in starts)
        {
            var copy = (WorkOrder)Activator.CreateInstance(typeof(WorkOrder), nonPublic: true)!;
            var entry = db.Entry(copy);
            entry.CurrentValues.SetValues(template);
            entry.Property(w => w.Id).CurrentValue = 0;
            entry.Property(w => w.ScheduledStart).CurrentValue = start;
            entry.Property(w => w.ScheduledEnd).CurrentValue = start + visitLength;
            entry.Property(w => w.IsLongVisit).CurrentValue = visitLength > WorkOrder.ShortVisitLength;
            if (status is { } s) entry.Property(w => w.Status).CurrentValue = s;
            if (facilityId is { } f) entry.Property(w => w.FacilityId).CurrentValue = f;
            if (assigneeId is not null) entry.Property(w => w.AssigneeId).CurrentValue = assigneeId;
            entry.State = EntityState.Added;
            copies.Add(copy);
        }
        await db.SaveChangesAsync();
        return copies.Select(c => c.Id).ToList();
    }

    private static async Task ClearDueDateAsync(CoreHost host, string title)
    {
        await using var db = await host.DbAsync();
        await db.WorkOrders.Where(w => w.Title == title).ExecuteUpdateAsync(s => s.SetProperty(w => w.DueDate, (DateOnly?)null));
    }
}
