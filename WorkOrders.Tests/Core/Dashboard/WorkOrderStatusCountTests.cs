using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Dashboard;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Dashboard;

/// <summary>The counts the database keeps per company and status (ADR-020) always equal a count of the work orders.</summary>
public abstract class WorkOrderStatusCountTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task AssertCountsMatchRowsAsync()
    {
        await using var db = await host.DbAsync();
        var counted = await db.WorkOrders.GroupBy(w => new { w.CompanyId, w.Status }).Select(g => new { g.Key.CompanyId, g.Key.Status, Count = g.Count() }).ToListAsync();
        var kept = await db.Database.SqlQuery<KeptCount>($"""SELECT "CompanyId", "Status", "Count" FROM "WorkOrderStatusCounts" WHERE "Count" <> 0""").ToListAsync();
        Assert.Equal(
            counted.Select(c => $"{c.CompanyId}/{c.Status}={c.Count}").Order(),
            kept.Select(k => $"{k.CompanyId}/{k.Status}={k.Count}").Order());
    }

    private sealed record KeptCount(int CompanyId, string Status, int Count);

    [Fact]
    public async Task Counts_SeededDemoData_EqualTheRows() => await AssertCountsMatchRowsAsync();

    [Fact]
    public async Task Counts_CreateSubmitDenyResetAndDelete_FollowEveryChange()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        int facility;
        await using (var db = await host.DbAsync()) facility = await db.Facilities.Where(f => f.CompanyId == admin.OrganizationId).Select(f => f.Id).FirstAsync();
        var service = host.Get<WorkOrderService>();
        var queries = host.Get<WorkOrderQueries>();
        async Task<int> VersionAsync(int id) => (await queries.GetAsync(admin, id)).Value!.Version;

        var item = new ActionItem(facility, "Counted", "", Priority.High, host.Clock.GetUtcNow());
        await using (var db = await host.DbAsync())
        {
            db.ActionItems.Add(item);
            await db.SaveChangesAsync();
        }
        var created = await service.CreateAsync(dispatcher, facility, "Counted", [item.Id]);
        Assert.True(created.IsOk, created.Message);
        var id = created.Value;
        await AssertCountsMatchRowsAsync();
        var submitted = await service.SubmitAsync(dispatcher, id, await VersionAsync(id), admin.UserId);
        Assert.True(submitted.IsOk, submitted.Message);
        await AssertCountsMatchRowsAsync();
        var denied = await service.DenyAsync(admin, id, await VersionAsync(id), "Too dear");
        Assert.True(denied.IsOk, denied.Message);
        await AssertCountsMatchRowsAsync();
        var reset = await service.ResetAsync(dispatcher, id, await VersionAsync(id));
        Assert.True(reset.IsOk, reset.Message);
        await AssertCountsMatchRowsAsync();

        await using (var db = await host.DbAsync()) await db.WorkOrders.Where(w => w.Id == id).ExecuteDeleteAsync();
        await AssertCountsMatchRowsAsync();
    }

    [Fact]
    public async Task Dashboard_ByStatus_EqualsTheListFilteredToEachStatus()
    {
        var admin = await host.ActorAsync(Demo.Admin);

        var data = (await host.Get<DashboardQueries>().LoadAsync(admin)).Value!;

        foreach (var status in Enum.GetValues<WorkOrderStatus>())
        {
            var list = await host.Get<WorkOrderQueries>().ListAsync(admin, new WorkOrderFilter(Status: status));
            Assert.Equal(list.TotalCount, data.WorkOrdersByStatus.GetValueOrDefault(status));
        }
    }

    public sealed class OnSqlite : WorkOrderStatusCountTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : WorkOrderStatusCountTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
