using System.Data.Common;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Data;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;

namespace WorkOrders.Benchmarks;

/// <summary>
/// Every page's queries on the generated large tenant (one million work orders by default). Each query through
/// Core stands beside its floor: the very SQL Core sent (recorded once in the setup), run through raw ADO.NET and
/// read row by row, in the same run. <see cref="OpenRawAsync"/> is the one place that knows the provider.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(PercentileConfig))]
public class LargeTenantQueryBenchmarks
{
    private BenchmarkDatabase database = null!;
    private Actor approver = null!, dispatcher = null!;
    private CalendarRange week = null!;
    private int detailId;
    private readonly Dictionary<string, IReadOnlyList<RecordedCommand>> floors = [];

    private ApprovalInbox Inbox => database.Get<ApprovalInbox>();
    private WorkOrderQueries WorkOrders => database.Get<WorkOrderQueries>();
    private CalendarQueries Calendars => database.Get<CalendarQueries>();
    private FacilityQueries Facilities => database.Get<FacilityQueries>();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        database = await BenchmarkDatabase.OpenLargeTenantAsync(copy: false);
        approver = await database.ActorAsync(LargeTenant.Approver);
        dispatcher = await database.ActorAsync(LargeTenant.Dispatcher);
        // This week, Monday to Monday, as the dispatcher's calendar opens: resolved visits behind, dispatched ahead.
        var today = DateTimeOffset.UtcNow.Date;
        var monday = new DateTimeOffset(today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), TimeSpan.Zero);
        week = new CalendarRange(monday, monday.AddDays(7));
        await using (var db = await database.Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync())
        {
            // A work order with notes and estimate lines, resolved: the fullest detail page.
            detailId = await db.WorkOrders.Where(w => w.Id % 10 == 0 && w.Status == WorkOrderStatus.Resolved)
                .OrderByDescending(w => w.Id).Select(w => w.Id).FirstAsync();
        }

        var log = database.Get<CommandLog>();
        floors["badge"] = await log.RecordAsync(NavBadge);
        floors["inbox"] = await log.RecordAsync(InboxPage);
        floors["list"] = await log.RecordAsync(ListFirstPage);
        floors["week"] = await log.RecordAsync(CalendarWeek);
        floors["calendar"] = await log.RecordAsync(CalendarPage);
        floors["detail"] = await log.RecordAsync(Detail);
        // The pages only read: a write recorded meanwhile is a background worker's (the daily digest), not the page's,
        // and replaying it would fail on its unique key.
        floors["dashboard"] = (await log.RecordAsync(DashboardPage)).Where(c => !c.Sql.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            && !c.Sql.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)).ToList();
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await database.DisposeAsync();


    private string? rawConnectionString;

    internal string RawConnectionString => rawConnectionString ??= database.ConnectionString;

    internal Task<int> RawFloorAsync(string key) => RawAsync(key);

    /// <summary>Each page's recorded commands and the call through Core, for <see cref="QueryPlans"/>.</summary>
    internal IEnumerable<(string Key, IReadOnlyList<RecordedCommand> Commands, Func<Task> Core)> Pages() =>
    [
        ("badge", floors["badge"], NavBadge), ("inbox", floors["inbox"], InboxPage), ("list", floors["list"], ListFirstPage),
        ("week", floors["week"], CalendarWeek), ("calendar", floors["calendar"], CalendarPage), ("detail", floors["detail"], Detail),
        ("dashboard", floors["dashboard"], DashboardPage),
    ];

    internal Task<DbConnection> OpenRawAsync() => database.OpenRawAsync();

    private async Task<int> RawAsync(string key)
    {
        await using var connection = await OpenRawAsync();
        var values = 0;
        foreach (var command in floors[key]) values += await command.RunAsync(connection);
        return values;
    }

    [BenchmarkCategory("1 nav badge"), Benchmark(Description = "Core: ApprovalInbox.CountAsync")]
    public Task NavBadge() => Inbox.CountAsync(approver);

    [BenchmarkCategory("1 nav badge"), Benchmark(Baseline = true, Description = "floor: same SQL, raw ADO.NET")]
    public Task<int> NavBadgeFloor() => RawAsync("badge");

    [BenchmarkCategory("2 inbox"), Benchmark(Description = "Core: ApprovalInbox.ListAsync")]
    public Task InboxPage() => Inbox.ListAsync(approver);

    [BenchmarkCategory("2 inbox"), Benchmark(Baseline = true, Description = "floor: same SQL, raw ADO.NET")]
    public Task<int> InboxFloor() => RawAsync("inbox");

    [BenchmarkCategory("3 list"), Benchmark(Description = "Core: first page, count to 1,000+")]
    public Task ListFirstPage() => WorkOrders.ListAsync(dispatcher, new WorkOrderFilter());

    [BenchmarkCategory("3 list"), Benchmark(Baseline = true, Description = "floor: same SQL, raw ADO.NET")]
    public Task<int> ListFloor() => RawAsync("list");

    [BenchmarkCategory("4 calendar week"), Benchmark(Description = "Core: CalendarQueries.RangeAsync (this week)")]
    public Task CalendarWeek() => Calendars.RangeAsync(dispatcher, week);

    [BenchmarkCategory("4 calendar week"), Benchmark(Baseline = true, Description = "floor: same SQL, raw ADO.NET")]
    public Task<int> CalendarWeekFloor() => RawAsync("week");

    /// <summary>Everything /calendar reads when it opens: facilities, assignee filter, both trays (as the page asks), this week.</summary>
    [BenchmarkCategory("5 calendar page"), Benchmark(Description = "Core: facilities + assignees + trays + week")]
    public async Task CalendarPage()
    {
        await Facilities.ChoicesAsync(dispatcher);
        await Calendars.AssigneesAsync(dispatcher);
        await Calendars.ReadyToDispatchAsync(dispatcher, soonestDueFirst: true);
        await database.Get<WorkOrders.Core.Orders.ProviderWork>().AwaitingAsync(dispatcher);
        await Calendars.RangeAsync(dispatcher, week);
    }

    [BenchmarkCategory("5 calendar page"), Benchmark(Baseline = true, Description = "floor: same SQL, raw ADO.NET")]
    public Task<int> CalendarPageFloor() => RawAsync("calendar");

    [BenchmarkCategory("6 detail"), Benchmark(Description = "Core: WorkOrderQueries.GetAsync")]
    public Task Detail() => WorkOrders.GetAsync(dispatcher, detailId);

    [BenchmarkCategory("6 detail"), Benchmark(Baseline = true, Description = "floor: same SQL, raw ADO.NET")]
    public Task<int> DetailFloor() => RawAsync("detail");

    /// <summary>Everything /dashboard reads (30-day window), as the company admin sees it.</summary>
    [BenchmarkCategory("7 dashboard"), Benchmark(Description = "Core: DashboardQueries.LoadAsync (30 days)")]
    public Task DashboardPage() => database.Get<WorkOrders.Core.Dashboard.DashboardQueries>().LoadAsync(approver, 30);

    [BenchmarkCategory("7 dashboard"), Benchmark(Baseline = true, Description = "floor: same SQL, raw ADO.NET")]
    public Task<int> DashboardFloor() => RawAsync("dashboard");
}

/// <summary>Adds p95 to BenchmarkDotNet's columns.</summary>
public sealed class PercentileConfig : ManualConfig
{
    public PercentileConfig() => AddColumn(BenchmarkDotNet.Columns.StatisticColumn.P95);
}
