using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>The work order list is paged and filtered in SQL, so it stays usable at 100,000 rows.</summary>
public abstract class WorkOrderListPagingTests(BulkWorkOrders bulk) : DatabaseTest
{
    private const int Bulk = BulkWorkOrders.Count;
    private readonly CoreHost core = bulk.Core;
    private readonly int demoCount = bulk.DemoCount;


    [Fact]
    public async Task ListAsync_100kRows_FirstAndLastPagesComeFromSql()
    {
        var admin = await core.ActorAsync(Demo.Admin);
        var queries = core.Get<WorkOrderQueries>();
        await using var db = await core.DbAsync();
        var total = await db.WorkOrders.CountAsync(w => w.CompanyId == db.Users.Single(u => u.Id == admin.UserId).OrganizationId);

        var first = await queries.ListAsync(admin, new WorkOrderFilter(PageIndex: 0, PageSize: 25));
        var lastIndex = (total - 1) / 25;
        var last = await queries.ListAsync(admin, new WorkOrderFilter(PageIndex: lastIndex, PageSize: 25));

        // The first page counts only up to 1,000 ("1,000+"); the last page counts past it and knows the exact total.
        Assert.Equal((WorkOrderQueries.CountStep, true), (first.TotalCount, first.TotalIsCapped));
        Assert.Equal((total, false), (last.TotalCount, last.TotalIsCapped));
        // The other tenant's demo work orders are not counted; every bulk row is Prairie Fuel's.
        Assert.True(total >= Bulk && total <= Bulk + demoCount);
        Assert.Equal(25, first.Items.Count);
        Assert.Equal(first.Items.Select(i => i.Id).OrderByDescending(i => i), first.Items.Select(i => i.Id));
        Assert.Equal("Bulk " + Bulk, first.Items[0].Title);
        Assert.Equal(total - lastIndex * 25, last.Items.Count);
        Assert.Equal(1, last.Items[^1].Id);
    }

    [Fact]
    public async Task ListAsync_100kRows_CountReachesPastThePageShown()
    {
        var admin = await core.ActorAsync(Demo.Admin);

        var page = await core.Get<WorkOrderQueries>().ListAsync(admin, new WorkOrderFilter(PageIndex: 79, PageSize: 25));

        Assert.Equal((3000, true), (page.TotalCount, page.TotalIsCapped));
        Assert.Equal(25, page.Items.Count);
    }

    [Fact]
    public async Task ListAsync_100kRows_WaitingForMeCountsOnlyMine()
    {
        var admin = await core.ActorAsync(Demo.Admin);
        var queries = core.Get<WorkOrderQueries>();
        await using var db = await core.DbAsync();

        var page = await queries.ListAsync(admin, new WorkOrderFilter(WorkOrderScope.WaitingForMe, PageIndex: 10, PageSize: 50));
        var lastPage = await queries.ListAsync(admin, new WorkOrderFilter(WorkOrderScope.WaitingForMe, PageIndex: (Bulk / 4 + 1) / 50, PageSize: 50));

        Assert.True(page.TotalIsCapped);
        Assert.Equal((Bulk / 4 + 2, false), (lastPage.TotalCount, lastPage.TotalIsCapped));
        Assert.Equal(50, page.Items.Count);
        Assert.All(page.Items, i => Assert.Equal(WorkOrderStatus.Submitted, i.Status));
    }

    [Fact]
    public async Task ListAsync_100kRows_SearchByNumberOrTitle()
    {
        var dispatcher = await core.ActorAsync(Demo.Dispatcher);
        var queries = core.Get<WorkOrderQueries>();

        var byNumber = await queries.ListAsync(dispatcher, new WorkOrderFilter(Search: "WO-050000"));
        var byTitle = await queries.ListAsync(dispatcher, new WorkOrderFilter(Search: "Bulk 9999", PageSize: 200));

        Assert.Contains(byNumber.Items, i => i.Id == 50_000);
        Assert.Contains(byTitle.Items, i => i.Title == "Bulk 9999");
        Assert.All(byTitle.Items, i => Assert.StartsWith("Bulk 9999", i.Title));
    }

    [Fact]
    public async Task ListAsync_PageSizeAboveMaximum_IsClamped()
    {
        var admin = await core.ActorAsync(Demo.Admin);

        var page = await core.Get<WorkOrderQueries>().ListAsync(admin, new WorkOrderFilter(PageSize: 100_000));

        Assert.Equal(WorkOrderQueries.MaxPageSize, page.Items.Count);
    }

    public sealed class OnSqlite(BulkWorkOrders.OnSqlite bulk) : WorkOrderListPagingTests(bulk), IClassFixture<BulkWorkOrders.OnSqlite>
    {
        protected override TestDatabase Database => TestDatabase.Sqlite;
    }

    public sealed class OnPostgreSQL(BulkWorkOrders.OnPostgreSQL bulk) : WorkOrderListPagingTests(bulk), IClassFixture<BulkWorkOrders.OnPostgreSQL>
    {
        protected override TestDatabase Database => TestDatabase.PostgreSQL;
    }
}

/// <summary>The demo data plus 100,000 copies of a submitted work order, seeded once with one SQL statement.</summary>
public abstract class BulkWorkOrders : IAsyncLifetime
{
    public const int Count = 100_000;

    public CoreHost Core { get; private set; } = null!;
    public int DemoCount { get; private set; }

    protected abstract TestDatabase Database { get; }

    public async Task InitializeAsync()
    {
        Core = await CoreHost.StartAsync(database: Database);
        await using var db = await Core.DbAsync();
        DemoCount = await db.WorkOrders.CountAsync();
        var template = await db.WorkOrders.Where(w => w.Title == "UST 2 spill bucket and tank 3 sump alarm").Select(w => w.Id).SingleAsync();
        // 100,000 rows in one statement can outlast the default 30 s command timeout on a loaded test machine.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        // One statement, copying a submitted demo work order: every fourth copy waits for the same approver.
        // Quoted names and standard SQL, so the one statement runs on both engines.
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Count})
            INSERT INTO "WorkOrders" ("Title", "FacilityId", "CompanyId", "CreatedByOrganizationId", "CreatedByKind", "Status", "CreatorId", "SubmitterId",
                                    "ApproverId", "AssigneeId", "ScheduledStart", "ScheduledEnd", "EstimateTotal", "CreatedAt", "UpdatedAt", "Version")
            SELECT 'Bulk ' || n.i, t."FacilityId", t."CompanyId", t."CreatedByOrganizationId", t."CreatedByKind",
                   CASE WHEN n.i % 4 = 0 THEN 'Submitted' ELSE 'Draft' END, t."CreatorId", t."SubmitterId",
                   t."ApproverId", NULL, NULL, NULL, t."EstimateTotal", t."CreatedAt", t."UpdatedAt", 1
            FROM n, (SELECT * FROM "WorkOrders" WHERE "Id" = {template}) AS t
            """);
    }

    public async Task DisposeAsync() => await Core.DisposeAsync();

    public sealed class OnSqlite : BulkWorkOrders { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : BulkWorkOrders { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
