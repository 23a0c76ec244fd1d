using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Dashboard;
using WorkOrders.Core.Exports;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Dashboard;

/// <summary>
/// Coastal Petroleum (America/Los_Angeles; 2026-11-20 07:00 when the clock starts) is a small tenant of its own: its two
/// seeded items plus the ones each test adds by hand, so every figure can be counted on fingers.
/// </summary>
public abstract class DashboardTests : DatabaseTest, IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<(Actor Admin, Actor Member, int Facility)> CoastalAsync()
    {
        var admin = await host.ActorAsync(Demo.OtherCompanyAdmin);
        await using var db = await host.DbAsync();
        var member = new AppUser { UserName = "ops@coastalpetro.example", Email = "ops@coastalpetro.example", DisplayName = "Pat Ops", OrganizationId = admin.OrganizationId, Role = OrganizationRole.Member };
        db.Users.Add(member);
        await db.SaveChangesAsync();
        var facility = await db.Facilities.Where(f => f.CompanyId == admin.OrganizationId).Select(f => f.Id).SingleAsync();
        return (admin, new Actor(member.Id, admin.OrganizationId, OrganizationKind.Company, OrganizationRole.Member), facility);
    }

    private async Task<int> ItemAsync(int facility, string title, int createdDaysAgo, DateOnly? due)
    {
        await using var db = await host.DbAsync();
        var item = new ActionItem(facility, title, "", Priority.High, host.Clock.GetUtcNow().AddDays(-createdDaysAgo), null, due);
        db.ActionItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private static void Ok(Result result) => Assert.True(result.IsOk, result.Message);

    [Fact]
    public async Task Load_HandCountedTenant_EveryFigureAsCounted()
    {
        var admin = await HandCountedTenantAsync();

        var result = await host.Get<DashboardQueries>().LoadAsync(admin, 30);

        Assert.True(result.IsOk, result.Message);
        var d = result.Value!;
        Assert.Equal(Today, d.Today);
        Assert.Equal(new Dictionary<WorkOrderStatus, int> { [WorkOrderStatus.Resolved] = 1, [WorkOrderStatus.Approved] = 1 }, d.WorkOrdersByStatus);
        Assert.Equal((1, 1, 1), (d.OverdueItems, d.DueSoonItems, d.OverdueWorkOrders));
        // Open: overdue (2 days old), the two seeded ones (9 days), soon (40), old (100); "Fixed" was resolved.
        Assert.Equal([1, 2, 1, 1], d.OpenItemsByAge.Select(a => a.Count));
        Assert.Equal(5, Assert.Single(d.OpenItemsByFacility).Count);
        Assert.Equal(1, d.OverdueTrend.Sum(w => w.Count));
        var week = Assert.Single(d.OverdueTrend, w => w.Count == 1).WeekStart;
        Assert.InRange(Today.AddDays(-10).DayNumber - week.DayNumber, 0, 6);
        Assert.Equal([3.0, 3.0, 4.0], d.Medians.Select(m => m.MedianHours!.Value));
        Assert.Equal([2, 1, 1], d.Medians.Select(m => m.Count));
        Assert.Equal(201.00m, d.EstimatesByMonth.Single(m => m.Month == new DateOnly(2026, 11, 1)).Total);
        Assert.Equal(201.00m, Assert.Single(d.EstimatesByFacility).Total);
    }

    [Fact]
    public async Task Load_HandCountedTenant_EveryFigureEqualsTheListItLinksTo()
    {
        var admin = await HandCountedTenantAsync();
        var d = (await host.Get<DashboardQueries>().LoadAsync(admin, 30)).Value!;
        var exports = host.Get<ExportQueries>();
        var list = host.Get<WorkOrderQueries>();
        async Task<int> ItemsAsync(ActionItemListFilter filter) => await exports.ActionItems(admin, filter).Rows.CountAsync();

        foreach (var age in d.OpenItemsByAge)
        {
            Assert.Equal(age.Count, await ItemsAsync(new ActionItemListFilter(Status: ActionItemStatus.Open, CreatedFrom: age.FirstDay, CreatedTo: age.LastDay)));
        }
        foreach (var w in d.OverdueTrend)
        {
            Assert.Equal(w.Count, await ItemsAsync(new ActionItemListFilter(Status: ActionItemStatus.Open, DueFrom: w.WeekStart, DueTo: w.LastDay)));
        }
        foreach (var m in d.Medians)
        {
            Assert.Equal(m.Count, (await list.ListAsync(admin, new WorkOrderFilter(Step: m.Action, StepFrom: m.FirstDay, StepTo: m.LastDay))).TotalCount);
        }
        foreach (var m in d.EstimatesByMonth)
        {
            var rows = (await list.ListAsync(admin, new WorkOrderFilter(CreatedFrom: m.Month, CreatedTo: m.Month.AddMonths(1).AddDays(-1), PageSize: 200))).Items;
            Assert.Equal(m.Total, rows.Sum(r => r.EstimateTotal));
        }
        Assert.Equal([1, 2, 1, 1], d.OpenItemsByAge.Select(a => a.Count));
    }

    [Fact]
    public async Task List_CreatedDaysOfTheOrganisation_IncludeBothEndsInItsTimeZone()
    {
        var (admin, _, facility) = await CoastalAsync();
        var service = host.Get<WorkOrderService>();
        // 07:00 in Los Angeles on Nov 20 is 15:00 UTC; at 23:30 local it is already Nov 21 in UTC.
        var morning = (await service.CreateAsync(admin, facility, "Morning", [await ItemAsync(facility, "A", 0, null)])).Value;
        host.Clock.Advance(TimeSpan.FromHours(16.5));
        var lateEvening = (await service.CreateAsync(admin, facility, "Late evening", [await ItemAsync(facility, "B", 0, null)])).Value;
        host.Clock.Advance(TimeSpan.FromHours(1));
        var nextDay = (await service.CreateAsync(admin, facility, "Next day", [await ItemAsync(facility, "C", 0, null)])).Value;
        var list = host.Get<WorkOrderQueries>();
        async Task<List<int>> IdsAsync(DateOnly? from, DateOnly? to) =>
            (await list.ListAsync(admin, new WorkOrderFilter(CreatedFrom: from, CreatedTo: to))).Items.Select(r => r.Id).Order().ToList();

        Assert.Equal([morning, lateEvening], await IdsAsync(Today, Today));
        Assert.Equal([nextDay], await IdsAsync(Today.AddDays(1), null));
        Assert.Equal([morning, lateEvening, nextDay], await IdsAsync(null, Today.AddDays(1)));
        Assert.Empty(await IdsAsync(Today.AddDays(2), null));
    }

    [Fact]
    public async Task List_StepTaken_OnlyWorkOrdersWithThatStepInTheDays()
    {
        var (admin, member, facility) = await CoastalAsync();
        var service = host.Get<WorkOrderService>();
        var queries = host.Get<WorkOrderQueries>();
        var approved = (await service.CreateAsync(admin, facility, "Approved", [await ItemAsync(facility, "A", 0, null)])).Value;
        var submitted = (await service.CreateAsync(admin, facility, "Submitted", [await ItemAsync(facility, "B", 0, null)])).Value;
        Ok(await service.SubmitAsync(admin, approved, (await queries.GetAsync(admin, approved)).Value!.Version, member.UserId));
        Ok(await service.SubmitAsync(admin, submitted, (await queries.GetAsync(admin, submitted)).Value!.Version, member.UserId));
        Ok(await service.ApproveAsync(member, approved, (await queries.GetAsync(admin, approved)).Value!.Version, null));
        async Task<List<int>> IdsAsync(DateOnly from, DateOnly to) =>
            (await queries.ListAsync(admin, new WorkOrderFilter(Step: WorkOrderAction.Approve, StepFrom: from, StepTo: to))).Items.Select(r => r.Id).ToList();

        Assert.Equal([approved], await IdsAsync(Today, Today));
        Assert.Empty(await IdsAsync(Today.AddDays(1), Today.AddDays(30)));
    }

    /// <summary>The hand-counted tenant: four items of Coastal's own, two work orders taken through the steps the medians time.</summary>
    private async Task<Actor> HandCountedTenantAsync()
    {
        var (admin, member, facility) = await CoastalAsync();
        var overdue = await ItemAsync(facility, "Overdue", 2, Today.AddDays(-10));
        await ItemAsync(facility, "Soon", 40, Today.AddDays(3));
        await ItemAsync(facility, "Old, no date", 100, null);
        var fixedItem = await ItemAsync(facility, "Fixed", 0, null);
        var service = host.Get<WorkOrderService>();
        var queries = host.Get<WorkOrderQueries>();
        async Task<int> VersionAsync(int id) => (await queries.GetAsync(admin, id)).Value!.Version;

        // One: submitted, approved 2 h later, dispatched 3 h after that, resolved 4 h after that. Estimate 100.
        var one = (await service.CreateAsync(admin, facility, "One", [fixedItem])).Value;
        Ok(await service.EditAsync(admin, one, await VersionAsync(one), new WorkOrderDraft("One", [fixedItem], [new EstimateLineInput("Work", 1, 100m)])));
        Ok(await service.SubmitAsync(admin, one, await VersionAsync(one), member.UserId));
        host.Clock.Advance(TimeSpan.FromHours(2));
        Ok(await service.ApproveAsync(member, one, await VersionAsync(one), null));
        host.Clock.Advance(TimeSpan.FromHours(3));
        var start = host.Clock.GetUtcNow().AddHours(1);
        Ok(await service.DispatchAsync(admin, one, await VersionAsync(one), member.UserId, start, start.AddHours(1)));
        host.Clock.Advance(TimeSpan.FromHours(4));
        Ok(await service.ResolveAsync(member, one, await VersionAsync(one), "Done"));
        // Two: holds the overdue item, approved 4 h after submitting. Estimate 2 × 50.50.
        var two = (await service.CreateAsync(admin, facility, "Two", [overdue])).Value;
        Ok(await service.EditAsync(admin, two, await VersionAsync(two), new WorkOrderDraft("Two", [overdue], [new EstimateLineInput("Parts", 2, 50.50m)])));
        Ok(await service.SubmitAsync(admin, two, await VersionAsync(two), member.UserId));
        host.Clock.Advance(TimeSpan.FromHours(4));
        Ok(await service.ApproveAsync(member, two, await VersionAsync(two), null));
        return admin;
    }

    /// <summary>
    /// Rows a minute either side of the organisation's midnights (a month's start, an age's boundary) count on their own side:
    /// Los Angeles starts its day at 07:00 or 08:00 UTC, Tokyo at 15:00 UTC, and UTC at a kept day's start.
    /// </summary>
    [Theory]
    [InlineData("America/Los_Angeles")]
    [InlineData("Asia/Tokyo")]
    [InlineData("UTC")]
    public async Task Load_RowsBesideTheOrganisationsMidnights_CountOnTheirSide(string zone)
    {
        var (admin, _, facility) = await CoastalAsync();
        await using (var db = await host.DbAsync())
            await db.Organizations.Where(o => o.Id == admin.OrganizationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, zone));
        var today = (await host.Get<DashboardQueries>().LoadAsync(admin)).Value!.Today;
        var ageBoundary = OrganizationDays.Start(today.AddDays(-6), zone);
        var monthStart = OrganizationDays.Start(new DateOnly(today.Year, today.Month, 1), zone);
        await using (var db = await host.DbAsync())
        {
            db.ActionItems.Add(new ActionItem(facility, "Seven days old", "", Priority.High, ageBoundary.AddMinutes(-1)));
            db.ActionItems.Add(new ActionItem(facility, "Six days old", "", Priority.High, ageBoundary));
            await db.SaveChangesAsync();
        }
        var service = host.Get<WorkOrderService>();
        async Task CreatedAtAsync(string title, decimal estimate, DateTimeOffset at)
        {
            var item = await ItemAsync(facility, title, 0, null);
            var id = (await service.CreateAsync(admin, facility, title, [item])).Value;
            var version = (await host.Get<WorkOrderQueries>().GetAsync(admin, id)).Value!.Version;
            Ok(await service.EditAsync(admin, id, version, new WorkOrderDraft(title, [item], [new EstimateLineInput("Work", 1, estimate)])));
            await using var db = await host.DbAsync();
            await db.WorkOrders.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.CreatedAt, at));
        }
        await CreatedAtAsync("Last month", 1.25m, monthStart.AddMinutes(-1));
        await CreatedAtAsync("This month", 10.50m, monthStart);

        var d = (await host.Get<DashboardQueries>().LoadAsync(admin)).Value!;

        // Under 7 days: "Six days old" and the two drafts' items (today); 7–29: "Seven days old" and the two seeded ones.
        Assert.Equal([3, 3, 0, 0], d.OpenItemsByAge.Select(a => a.Count));
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        Assert.Equal(10.50m, d.EstimatesByMonth.Single(m => m.Month == thisMonth).Total);
        Assert.Equal(1.25m, d.EstimatesByMonth.Single(m => m.Month == thisMonth.AddMonths(-1)).Total);
    }

    [Fact]
    public async Task Load_ServiceProvider_NotAllowed()
    {
        var result = await host.Get<DashboardQueries>().LoadAsync(await host.ActorAsync(Demo.ProviderAdmin));

        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task Load_OtherWindow_Invalid()
    {
        var result = await host.Get<DashboardQueries>().LoadAsync(await host.ActorAsync(Demo.Admin), 45);

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task Load_PrairieFuel_SeesNothingOfCoastal()
    {
        var (_, _, coastalFacility) = await CoastalAsync();
        var result = await host.Get<DashboardQueries>().LoadAsync(await host.ActorAsync(Demo.Admin));

        Assert.DoesNotContain(result.Value!.OpenItemsByFacility, f => f.FacilityId == coastalFacility);
    }

    public sealed class OnSqlite : DashboardTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : DashboardTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
