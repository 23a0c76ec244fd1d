using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.TestSupport;

/// <summary>The demo work orders by the state they are seeded in.</summary>
public abstract class ScreenTestBase : BlazorTestContext
{
    protected const string DraftTitle = "Island 2 signage and UST 1 fill cap";
    protected const string SubmittedTitle = "UST 2 spill bucket and tank 3 sump alarm";
    protected const string ApprovedTitle = "Replace line leak detector, regular";
    protected const string DispatchedTitle = "Diesel spill bucket and Stage I adaptor";
    protected const string ResolvedTitle = "Fire extinguisher inspection, island 1";
    protected const string DeniedTitle = "Replace regular hose, dispenser 4";
    protected const string ProviderSubmittedTitle = "STP sump sensor, tank 2";
    protected const string Wichita = "Station 12 – Wichita East";

    protected async Task<int> WorkOrderIdAsync(string title)
    {
        await using var db = await Core.DbAsync();
        return await db.WorkOrders.Where(w => w.Title == title).Select(w => w.Id).SingleAsync();
    }

    protected async Task<WorkOrder> WorkOrderAsync(int id)
    {
        await using var db = await Core.DbAsync();
        return await db.WorkOrders.Include(w => w.ActionItems).Include(w => w.EstimateLines).AsNoTracking().SingleAsync(w => w.Id == id);
    }

    protected async Task<int> FacilityIdAsync(string name)
    {
        await using var db = await Core.DbAsync();
        return await db.Facilities.Where(f => f.Name == name).Select(f => f.Id).SingleAsync();
    }
}
