using System.Text;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Common;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.ActionItems;

/// <summary>Today at the demo company (America/Chicago) is 2026-11-20 when the fake clock starts.</summary>
public abstract class DueDateTests : DatabaseTest, IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<int> FacilityAsync(string name)
    {
        await using var db = await host.DbAsync();
        return await db.Facilities.Where(f => f.Name.StartsWith(name)).Select(f => f.Id).SingleAsync();
    }

    private async Task<DateOnly?> DueOfAsync(int itemId)
    {
        await using var db = await host.DbAsync();
        return await db.ActionItems.Where(i => i.Id == itemId).Select(i => i.DueDate).SingleAsync();
    }

    [Theory]
    [InlineData(null, DueState.None)]
    [InlineData(-1, DueState.Overdue)]
    [InlineData(0, DueState.DueSoon)]
    [InlineData(7, DueState.DueSoon)]
    [InlineData(8, DueState.None)]
    public void State_DaysFromToday_OverdueAfterTheDaySoonWithinSeven(int? days, DueState expected) =>
        Assert.Equal(expected, DueDates.State(days is { } d ? Today.AddDays(d) : null, Today));

    [Theory]
    [InlineData(ActionItemStatus.Resolved)]
    [InlineData(ActionItemStatus.Closed)]
    public void StateOfItem_FinishedItemPastItsDate_NotLate(ActionItemStatus status) =>
        Assert.Equal(DueState.None, DueDates.StateOfItem(Today.AddDays(-30), status, Today));

    [Theory]
    [InlineData(Priority.Critical, 7)]
    [InlineData(Priority.High, 30)]
    [InlineData(Priority.Medium, 60)]
    [InlineData(Priority.Low, 90)]
    public async Task Create_WithoutDueDate_GetsTheCompanyDefaultForItsPriority(Priority priority, int days)
    {
        var created = await host.Get<ActionItemService>().CreateAsync(await host.ActorAsync(Demo.Dispatcher), await FacilityAsync("Station 31"),
            new ActionItemInput("Probe reading", null, priority, null, null));

        Assert.True(created.IsOk, created.Message);
        Assert.Equal(Today.AddDays(days), await DueOfAsync(created.Value));
    }

    [Fact]
    public async Task Create_WithDueDate_KeepsIt()
    {
        var given = new DateOnly(2027, 1, 15);
        var created = await host.Get<ActionItemService>().CreateAsync(await host.ActorAsync(Demo.Dispatcher), await FacilityAsync("Station 31"),
            new ActionItemInput("Probe reading", null, Priority.Critical, null, given));

        Assert.Equal(given, await DueOfAsync(created.Value));
    }

    [Fact]
    public async Task Create_AfterTheAdminChangedDefaultsAndTimeZone_UsesTheNewOnesCountedFromThatZonesToday()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        // 15:00 UTC is already the next day in Auckland.
        var saved = await host.Get<CompanySettings>().SetAsync(admin, new OrganizationSettingsInput("Pacific/Auckland", new DueDateDefaults(3, null, null, null)));
        Assert.True(saved.IsOk, saved.Message);
        var service = host.Get<ActionItemService>();
        var facility = await FacilityAsync("Station 31");

        var critical = await service.CreateAsync(admin, facility, new ActionItemInput("Critical one", null, Priority.Critical, null, null));
        var low = await service.CreateAsync(admin, facility, new ActionItemInput("Low one", null, Priority.Low, null, null));

        Assert.Equal(Today.AddDays(1 + 3), await DueOfAsync(critical.Value));
        Assert.Null(await DueOfAsync(low.Value));
    }

    [Theory]
    [InlineData("Mars/Olympus", 7)]
    [InlineData("America/Chicago", -1)]
    [InlineData("America/Chicago", 100000)]
    public async Task SetSettings_BadInput_InvalidAndNothingChanges(string zone, int criticalDays)
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var result = await host.Get<CompanySettings>().SetAsync(admin, new OrganizationSettingsInput(zone, new DueDateDefaults(criticalDays, 30, 60, 90)));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        var now = (await host.Get<CompanySettings>().GetAsync(admin)).Value!;
        Assert.Equal(("America/Chicago", (int?)7), (now.TimeZoneId, now.DueDefaults.Critical));
    }

    [Fact]
    public async Task SetSettings_NotAnAdmin_NotAllowed()
    {
        var result = await host.Get<CompanySettings>().SetAsync(await host.ActorAsync(Demo.Dispatcher),
            new OrganizationSettingsInput("UTC", new DueDateDefaults(1, 1, 1, 1)));

        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task Import_RowsWithAndWithoutDueDate_DefaultOnlyWhereMissing()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var import = host.Get<ActionItemImport>();
        var csv = "facility,title,description,priority,source,due date\n"
                  + "Station 31 – Topeka,Vent cap missing,,High,,\n"
                  + "Station 31 – Topeka,Sump lid cracked,,Critical,,2027-02-01\n";
        var preview = await import.PreviewAsync(admin, new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        Assert.True((await import.ImportAsync(admin, preview.Value!)).IsOk);

        await using var db = await host.DbAsync();
        var due = await db.ActionItems.Where(i => i.Title == "Vent cap missing" || i.Title == "Sump lid cracked").ToDictionaryAsync(i => i.Title, i => i.DueDate);
        Assert.Equal(Today.AddDays(30), due["Vent cap missing"]);
        Assert.Equal(new DateOnly(2027, 2, 1), due["Sump lid cracked"]);
    }

    [Fact]
    public async Task CreateWorkOrder_ItemsWithDueDates_WorkOrderShowsTheEarliestAndListsFilterAndSortByIt()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var facility = await FacilityAsync("Station 12");
        int overdueItem;
        await using (var db = await host.DbAsync())
        {
            overdueItem = await db.ActionItems.Where(i => i.Title.StartsWith("Failed cathodic")).Select(i => i.Id).SingleAsync();
        }
        var later = await host.Get<ActionItemService>().CreateAsync(dispatcher, facility, new ActionItemInput("Later", null, Priority.Low, null, Today.AddDays(40)));
        var created = await host.Get<WorkOrderService>().CreateAsync(dispatcher, facility, "Cathodic protection", [overdueItem, later.Value]);
        Assert.True(created.IsOk, created.Message);

        var queries = host.Get<WorkOrderQueries>();
        var detail = (await queries.GetAsync(dispatcher, created.Value)).Value!;
        Assert.Equal((Today.AddDays(-3), DueState.Overdue), (detail.DueDate, detail.DueState));

        var overdue = await queries.ListAsync(dispatcher, new WorkOrderFilter(Due: DueFilter.Overdue));
        Assert.Equal([created.Value], overdue.Items.Select(w => w.Id));
        Assert.Equal(DueState.Overdue, overdue.Items[0].DueState);
        var byDue = await queries.ListAsync(dispatcher, new WorkOrderFilter(Sort: WorkOrderSort.DueDate));
        Assert.Equal(created.Value, byDue.Items[0].Id);
        var dated = byDue.Items.Where(w => w.DueDate is not null).Select(w => w.DueDate!.Value).ToList();
        Assert.Equal(dated.Order(), dated);
    }

    public sealed class OnSqlite : DueDateTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : DueDateTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
