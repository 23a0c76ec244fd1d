using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Scheduling;

public abstract class CalendarQueriesTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = default!;
    private CalendarQueries Queries => host.Get<CalendarQueries>();

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private static CalendarRange Around(DateTimeOffset at, CalendarScope scope = CalendarScope.Dispatch) => new(at.AddDays(-7), at.AddDays(7), scope);

    [Fact]
    public async Task Range_OverlappingWindowsOnly_ExcludesWorkOutsideTheRange()
    {
        var start = CoreHost.Start.AddDays(3);
        var wo = await SchedulingFixture.DispatchApprovedAsync(host, start, TimeSpan.FromHours(2));
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);

        // [from, to): touching the end is outside, overlapping by a minute is inside.
        Assert.DoesNotContain(await Queries.RangeAsync(dispatcher, new CalendarRange(start.AddHours(2), start.AddDays(1))), e => e.Id == wo.Id);
        Assert.DoesNotContain(await Queries.RangeAsync(dispatcher, new CalendarRange(start.AddDays(-1), start)), e => e.Id == wo.Id);
        Assert.Contains(await Queries.RangeAsync(dispatcher, new CalendarRange(start.AddHours(1).AddMinutes(59), start.AddDays(1))), e => e.Id == wo.Id);
        Assert.Contains(await Queries.RangeAsync(dispatcher, new CalendarRange(start.AddDays(-1), start.AddMinutes(1))), e => e.Id == wo.Id);
    }

    [Fact]
    public async Task Range_Entry_CarriesFacilityZoneAssigneeAndNumber()
    {
        var start = new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
        var wo = await SchedulingFixture.DispatchApprovedAsync(host, start, TimeSpan.FromHours(2));

        var entry = Assert.Single(await Queries.RangeAsync(await host.ActorAsync(Demo.Dispatcher), Around(start)), e => e.Id == wo.Id);

        Assert.Equal(wo.Number, entry.Number);
        Assert.Equal("Station 31 – Topeka", entry.FacilityName);
        Assert.Equal("America/Chicago", entry.TimeZoneId);
        Assert.Equal("Luis Ortega", entry.AssigneeName);
        Assert.Equal(WorkOrderStatus.Dispatched, entry.Status);
        Assert.Equal(start, entry.Start);
        Assert.Equal(new DateTime(2026, 11, 24, 9, 0, 0), entry.LocalStart.DateTime);
        Assert.True(entry.CanReschedule);
    }

    [Fact]
    public async Task Range_VisitsAtTwoFacilities_InStartOrderEachWithItsOwnFacilityZoneAndAssignee()
    {
        // Dispatched in the reverse of their start order, at two facilities in two zones, to two assignees.
        var start = CoreHost.Start.AddDays(2);
        var later = await SchedulingFixture.DispatchApprovedAsync(host, start.AddHours(3), TimeSpan.FromHours(1));
        var earlier = await SchedulingFixture.DispatchProviderWorkAsync(host, start);

        // The seeded resolved visit, six days back, starts before both: statuses apart in the index, one order on the calendar.
        var seen = await Queries.RangeAsync(await host.ActorAsync(Demo.Admin), Around(CoreHost.Start));

        Assert.Equal(WorkOrderStatus.Resolved, seen[0].Status);
        Assert.Equal(seen.OrderBy(e => e.Start).ThenBy(e => e.Id).Select(e => e.Id), seen.Select(e => e.Id));
        var first = Assert.Single(seen, e => e.Id == earlier.Id);
        var second = Assert.Single(seen, e => e.Id == later.Id);
        Assert.Equal(("Sam Rivera", "America/Denver"), (first.AssigneeName, first.TimeZoneId));
        Assert.Equal(("Luis Ortega", "Station 31 – Topeka", "America/Chicago"), (second.AssigneeName, second.FacilityName, second.TimeZoneId));
        Assert.NotEqual(first.FacilityId, second.FacilityId);
    }

    [Fact]
    public async Task Range_CompanyUser_SeesCompanysWorkButMayRescheduleOnlyOwnDispatches()
    {
        var start = CoreHost.Start.AddDays(2);
        var provider = await SchedulingFixture.DispatchProviderWorkAsync(host, start);
        var own = await SchedulingFixture.DispatchApprovedAsync(host, start, TimeSpan.FromHours(1));

        var seenByAdmin = await Queries.RangeAsync(await host.ActorAsync(Demo.Admin), Around(start));

        Assert.Contains(seenByAdmin, e => e.Id == provider.Id);
        Assert.Contains(seenByAdmin, e => e.Id == own.Id);
        Assert.All(seenByAdmin, e => Assert.False(e.CanReschedule));
    }

    [Fact]
    public async Task Range_ProviderAdmin_SeesOnlyProvidersWork()
    {
        var start = CoreHost.Start.AddDays(2);
        var provider = await SchedulingFixture.DispatchProviderWorkAsync(host, start);
        await SchedulingFixture.DispatchApprovedAsync(host, start, TimeSpan.FromHours(1));

        var seen = await Queries.RangeAsync(await host.ActorAsync(Demo.ProviderAdmin), Around(start));

        var seeded = await SchedulingFixture.FindAsync(host, SchedulingFixture.SeededProviderVisitTitle);
        Assert.Equal(new[] { provider.Id, seeded.Id }.Order(), seen.Select(e => e.Id).Order());
        Assert.All(seen, e => Assert.True(e.CanReschedule));
    }

    [Fact]
    public async Task Range_ProviderTechnician_SeesOnlyOwnAssignments()
    {
        var start = CoreHost.Start.AddDays(2);
        var provider = await SchedulingFixture.DispatchProviderWorkAsync(host, start);

        var seeded = await SchedulingFixture.FindAsync(host, SchedulingFixture.SeededProviderVisitTitle);
        Assert.Equal(new[] { provider.Id, seeded.Id }.Order(),
            (await Queries.RangeAsync(await host.ActorAsync(Demo.ProviderTech), Around(start))).Select(e => e.Id).Order());
        Assert.Empty(await Queries.RangeAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), Around(start)));
    }

    [Fact]
    public async Task Range_MineScope_ShowsOnlyWorkAssignedToTheActor()
    {
        var start = CoreHost.Start.AddDays(2);
        await SchedulingFixture.DispatchApprovedAsync(host, start, TimeSpan.FromHours(1), Demo.Admin);

        var techSchedule = await Queries.RangeAsync(await host.ActorAsync(Demo.Tech), Around(start, CalendarScope.Mine));
        var dispatcherSchedule = await Queries.RangeAsync(await host.ActorAsync(Demo.Dispatcher), Around(start, CalendarScope.Mine));

        Assert.NotEmpty(techSchedule);
        Assert.All(techSchedule, e => Assert.Equal("Luis Ortega", e.AssigneeName));
        Assert.Empty(dispatcherSchedule);
    }

    [Fact]
    public async Task Range_FacilityAndAssigneeFilters_NarrowTheResult()
    {
        var start = CoreHost.Start.AddDays(1);
        var topeka = await SchedulingFixture.DispatchApprovedAsync(host, start, TimeSpan.FromHours(1), Demo.Admin);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var range = Around(start);

        var byFacility = await Queries.RangeAsync(dispatcher, range with { FacilityId = topeka.FacilityId });
        var byAssignee = await Queries.RangeAsync(dispatcher, range with { AssigneeId = await host.UserIdAsync(Demo.Admin) });

        Assert.All(byFacility, e => Assert.Equal(topeka.FacilityId, e.FacilityId));
        Assert.Contains(byFacility, e => e.Id == topeka.Id);
        Assert.Equal([topeka.Id], byAssignee.Select(e => e.Id));
    }

    [Fact]
    public async Task Range_MoreVisitsThanTheCap_DrawsTheEarliestInStartOrderAndCountsThemAll()
    {
        // Two months ahead, where the demo has no visits: the range holds exactly the copies, of both statuses, at times
        // that interleave the statuses (so the cut merges two ranges of the index) and repeat (so ties go by number).
        var template = await SchedulingFixture.DispatchApprovedAsync(host, CoreHost.Start.AddDays(1), TimeSpan.FromHours(1));
        var monday = CoreHost.Start.AddDays(60);
        var extra = 7;
        var starts = Enumerable.Range(0, CalendarQueries.MaxVisitsShown + extra).Select(i => monday.AddMinutes(50 * (i / 2))).ToList();
        var dispatched = await SchedulingFixture.CopyVisitsAsync(host, template, starts.Where((_, i) => i % 2 == 0));
        var resolved = await SchedulingFixture.CopyVisitsAsync(host, template, starts.Where((_, i) => i % 2 == 1), WorkOrderStatus.Resolved);
        var expected = dispatched.Zip(starts.Where((_, i) => i % 2 == 0)).Concat(resolved.Zip(starts.Where((_, i) => i % 2 == 1)))
            .OrderBy(v => v.Second).ThenBy(v => v.First).Select(v => v.First).Take(CalendarQueries.MaxVisitsShown).ToList();

        var period = await Queries.RangeAsync(await host.ActorAsync(Demo.Dispatcher), new CalendarRange(monday.AddHours(-1), monday.AddDays(7)));

        Assert.Equal(expected, period.Select(e => e.Id));
        Assert.Equal(CalendarQueries.MaxVisitsShown + extra, period.Total);
        Assert.True(period.IsCut);
        Assert.Contains(period, e => e.Status == WorkOrderStatus.Resolved);
        Assert.All(period, e => Assert.Equal(("Station 31 – Topeka", "Luis Ortega"), (e.FacilityName, e.AssigneeName)));
    }

    [Fact]
    public async Task Range_FiltersUnderTheCap_ShowEveryVisitOfTheRange()
    {
        var template = await SchedulingFixture.DispatchApprovedAsync(host, CoreHost.Start.AddDays(1), TimeSpan.FromHours(1));
        var denver = await SchedulingFixture.FindAsync(host, SchedulingFixture.DispatchedTitle);
        var monday = CoreHost.Start.AddDays(60);
        await SchedulingFixture.CopyVisitsAsync(host, template, Enumerable.Range(0, CalendarQueries.MaxVisitsShown + 1).Select(i => monday.AddMinutes(30 * i)));
        var admins = await SchedulingFixture.CopyVisitsAsync(host, template, [monday.AddDays(6), monday.AddDays(6).AddHours(2)],
            facilityId: denver.FacilityId, assigneeId: await host.UserIdAsync(Demo.Admin));
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var week = new CalendarRange(monday, monday.AddDays(7));

        var all = await Queries.RangeAsync(dispatcher, week);
        var byFacility = await Queries.RangeAsync(dispatcher, week with { FacilityId = denver.FacilityId });
        var byAssignee = await Queries.RangeAsync(dispatcher, week with { AssigneeId = await host.UserIdAsync(Demo.Admin) });

        // Unfiltered, the admin's two visits at the end of the week are past the cap; either filter shows both, uncut.
        Assert.Equal((CalendarQueries.MaxVisitsShown, CalendarQueries.MaxVisitsShown + 3), (all.Count, all.Total));
        Assert.DoesNotContain(all, e => admins.Contains(e.Id));
        Assert.Equal(admins, byFacility.Select(e => e.Id));
        Assert.Equal(admins, byAssignee.Select(e => e.Id));
        Assert.Equal((2, false, 2, false), (byFacility.Total, byFacility.IsCut, byAssignee.Total, byAssignee.IsCut));
    }

    [Fact]
    public async Task Range_VisitOfDaysStartingFurtherBackThanADay_IsShownAndWidensTheCompanysReach()
    {
        // Three days from the start, read from two days in: the visit starts further before the range than a day.
        var start = CoreHost.Start.AddDays(20);
        var wo = await SchedulingFixture.DispatchApprovedAsync(host, start, TimeSpan.FromDays(3));
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);

        var period = await Queries.RangeAsync(dispatcher, new CalendarRange(start.AddDays(2), start.AddDays(9)));

        Assert.Contains(period, e => e.Id == wo.Id);
        Assert.Equal(3 * 24 * 60, await LongestVisitMinutesAsync(dispatcher.OrganizationId));
    }

    [Fact]
    public async Task Dispatch_VisitOfADayOrLess_LeavesTheCompanysReachAtADay()
    {
        await SchedulingFixture.DispatchApprovedAsync(host, CoreHost.Start.AddDays(2), TimeSpan.FromDays(1));

        Assert.Equal(VisitReach.ShortestBoundMinutes, await LongestVisitMinutesAsync((await host.ActorAsync(Demo.Dispatcher)).OrganizationId));
    }

    [Fact]
    public async Task Reschedule_ToAVisitOfDaysAndBack_ShowsItFromTheRangeItReachesAndKeepsTheWiderReach()
    {
        var start = CoreHost.Start.AddDays(20);
        var wo = await SchedulingFixture.DispatchApprovedAsync(host, start, TimeSpan.FromHours(2));
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var service = host.Get<WorkOrderService>();
        var longer = await service.RescheduleAsync(dispatcher, wo.Id, wo.Version, wo.AssigneeId!, start, start.AddDays(5), overrideDueDate: true);
        Assert.True(longer.IsOk, longer.Message);

        var seen = await Queries.RangeAsync(dispatcher, new CalendarRange(start.AddDays(4), start.AddDays(11)));
        var shorter = await service.RescheduleAsync(dispatcher, wo.Id, wo.Version + 1, wo.AssigneeId!, start, start.AddHours(2));

        Assert.Contains(seen, e => e.Id == wo.Id);
        Assert.True(shorter.IsOk, shorter.Message);
        // The bound only grows: a shorter bound would need every visit of the company read again to prove it.
        Assert.Equal(5 * 24 * 60, await LongestVisitMinutesAsync(dispatcher.OrganizationId));
    }

    [Fact]
    public async Task Range_ProviderAdmin_SeesALongVisitOfItsWorkFromTheRangeItReaches()
    {
        // A provider's calendar spans many companies' work: it looks back the whole 31 days, whatever one company's bound.
        var start = CoreHost.Start.AddDays(20);
        var wo = await SchedulingFixture.DispatchProviderWorkAsync(host, start);
        var providerAdmin = await host.ActorAsync(Demo.ProviderAdmin);
        var result = await host.Get<WorkOrderService>().RescheduleAsync(
            providerAdmin, wo.Id, wo.Version, wo.AssigneeId!, start, start.AddDays(10), overrideDueDate: true);
        Assert.True(result.IsOk, result.Message);

        var seen = await Queries.RangeAsync(providerAdmin, new CalendarRange(start.AddDays(9), start.AddDays(16)));

        Assert.Contains(seen, e => e.Id == wo.Id);
        Assert.Equal(VisitReach.ShortestBoundMinutes, await LongestVisitMinutesAsync(providerAdmin.OrganizationId));
    }

    private async Task<int> LongestVisitMinutesAsync(int organizationId)
    {
        await using var db = await host.DbAsync();
        return await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.LongestVisitMinutes).SingleAsync();
    }

    [Fact]
    public async Task ReadyToDispatch_ListsApprovedWorkTheActorSubmitted()
    {
        var approved = await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle);

        var mine = await Queries.ReadyToDispatchAsync(await host.ActorAsync(Demo.Dispatcher));
        var admins = await Queries.ReadyToDispatchAsync(await host.ActorAsync(Demo.Admin));

        var item = Assert.Single(mine);
        Assert.Equal(approved.Id, item.Id);
        Assert.Equal(1, item.ActionItemCount);
        Assert.Empty(admins);
    }

    [Fact]
    public async Task MyWork_Assignee_GetsTodayUpcomingAndRecentlyResolved()
    {
        // 15:00 UTC is 09:00 in Chicago: a job at 17:00 UTC is today there; the seeded Denver job is tomorrow.
        var today = await SchedulingFixture.DispatchApprovedAsync(host, CoreHost.Start.AddHours(2), TimeSpan.FromHours(1));
        var upcoming = await SchedulingFixture.FindAsync(host, SchedulingFixture.DispatchedTitle);
        var resolved = await SchedulingFixture.FindAsync(host, SchedulingFixture.ResolvedTitle);

        var work = await Queries.MyWorkAsync(await host.ActorAsync(Demo.Tech));

        var job = Assert.Single(work.Today);
        Assert.Equal(today.Id, job.Id);
        Assert.Equal("1801 SW Wanamaker Rd, Topeka, KS 66604", job.FacilityAddress);
        Assert.Equal(1, job.ActionItemCount);
        Assert.Equal([upcoming.Id], work.Upcoming.Select(j => j.Id));
        Assert.Equal([resolved.Id], work.RecentlyResolved.Select(j => j.Id));
        Assert.Empty((await Queries.MyWorkAsync(await host.ActorAsync(Demo.Dispatcher))).Today);
    }

    [Fact]
    public async Task MyWork_JobPastItsEnd_IsOverdueAndListedWithToday()
    {
        var wo = await SchedulingFixture.DispatchApprovedAsync(host, CoreHost.Start.AddDays(-2), TimeSpan.FromHours(1));

        var work = await Queries.MyWorkAsync(await host.ActorAsync(Demo.Tech));

        Assert.Equal(MyJobWhen.Overdue, Assert.Single(work.Today, j => j.Id == wo.Id).When);
    }

    [Fact]
    public async Task Assignees_OfTheCalendar_AreTheVisibleAssigneesOnly()
    {
        await SchedulingFixture.DispatchProviderWorkAsync(host, CoreHost.Start.AddDays(1));

        var company = await Queries.AssigneesAsync(await host.ActorAsync(Demo.Dispatcher));
        var provider = await Queries.AssigneesAsync(await host.ActorAsync(Demo.ProviderAdmin));

        Assert.Equal(["Luis Ortega", "Sam Rivera"], company.Select(p => p.DisplayName));
        Assert.Equal(["Sam Rivera"], provider.Select(p => p.DisplayName));
    }

    public sealed class OnSqlite : CalendarQueriesTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : CalendarQueriesTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
