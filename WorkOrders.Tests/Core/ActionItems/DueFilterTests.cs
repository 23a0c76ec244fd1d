using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.ActionItems;

/// <summary>The due filters as Core queries: a facility's items, the approval inbox, the dispatch tray and the calendar.</summary>
public abstract class DueFilterTests : DatabaseTest, IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task SetDueAsync(string title, DateOnly? due)
    {
        await using var db = await host.DbAsync();
        Assert.Equal(1, await db.WorkOrders.Where(w => w.Title == title).ExecuteUpdateAsync(s => s.SetProperty(w => w.DueDate, due)));
    }

    [Fact]
    public async Task FacilityActionItems_DueFilter_OnlyOpenItemsOverdueOrWithinSevenDays()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        int facility;
        await using (var db = await host.DbAsync())
        {
            facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 12")).Select(f => f.Id).SingleAsync();
        }
        var items = host.Get<ActionItemService>();
        await items.CreateAsync(dispatcher, facility, new ActionItemInput("Soon", null, Priority.Low, null, Today.AddDays(3)));
        await items.CreateAsync(dispatcher, facility, new ActionItemInput("Later", null, Priority.Low, null, Today.AddDays(40)));
        var queries = host.Get<ActionItemQueries>();

        async Task<List<string>> TitlesAsync(DueFilter due) =>
            (await queries.ListAsync(dispatcher, facility, new ActionItemListFilter(Due: due))).Value!.Items.Select(i => i.Title).ToList();

        var overdue = await TitlesAsync(DueFilter.Overdue);
        var soon = await TitlesAsync(DueFilter.DueSoon);
        var any = await TitlesAsync(DueFilter.Any);
        Assert.Contains(overdue, t => t.StartsWith("Failed cathodic"));
        Assert.DoesNotContain("Soon", overdue);
        Assert.Contains("Soon", soon);
        Assert.Contains(soon, t => t.StartsWith("Failed cathodic"));
        Assert.DoesNotContain("Later", soon);
        Assert.Contains("Later", any);
    }

    [Fact]
    public async Task ApprovalInbox_DueFilterAndSort_PicksAndOrdersByDueDate()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var inbox = host.Get<ApprovalInbox>();
        await SetDueAsync("UST 2 spill bucket and tank 3 sump alarm", Today.AddDays(30));
        await SetDueAsync("STP sump sensor, tank 2", Today.AddDays(-2));

        var waiting = (await inbox.ListAsync(admin)).Select(i => i.Title).ToList();
        var byDue = (await inbox.ListAsync(admin, sort: InboxSort.DueDate)).Select(i => i.Title).ToList();
        var overdue = await inbox.ListAsync(admin, due: DueFilter.Overdue);

        Assert.Equal(["UST 2 spill bucket and tank 3 sump alarm", "STP sump sensor, tank 2"], waiting);
        Assert.Equal(["STP sump sensor, tank 2", "UST 2 spill bucket and tank 3 sump alarm"], byDue);
        var only = Assert.Single(overdue);
        Assert.Equal(("STP sump sensor, tank 2", DueState.Overdue), (only.Title, only.DueState));
        Assert.Equal(["STP sump sensor, tank 2"], (await inbox.ListAsync(admin, due: DueFilter.DueSoon)).Select(i => i.Title));
    }

    [Theory]
    [InlineData(-1, DueFilter.Overdue, true)]
    [InlineData(3, DueFilter.Overdue, false)]
    [InlineData(3, DueFilter.DueSoon, true)]
    [InlineData(30, DueFilter.DueSoon, false)]
    [InlineData(30, DueFilter.Any, true)]
    public async Task ReadyTrayAndCalendar_DueFilter_ShowOnlyWhatIsLate(int dueInDays, DueFilter filter, bool shown)
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        await SetDueAsync("Replace line leak detector, regular", Today.AddDays(dueInDays));
        await SetDueAsync("Diesel spill bucket and Stage I adaptor", Today.AddDays(dueInDays));
        var calendars = host.Get<CalendarQueries>();

        var tray = await calendars.ReadyToDispatchAsync(dispatcher, soonestDueFirst: true, due: filter);
        var now = host.Clock.GetUtcNow();
        var visits = await calendars.RangeAsync(dispatcher, new CalendarRange(now.AddDays(-1), now.AddDays(7), Due: filter));

        Assert.Equal(shown, tray.Any(r => r.Title == "Replace line leak detector, regular"));
        Assert.Equal(shown, visits.Any(v => v.Title == "Diesel spill bucket and Stage I adaptor"));
    }

    public sealed class OnSqlite : DueFilterTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : DueFilterTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
