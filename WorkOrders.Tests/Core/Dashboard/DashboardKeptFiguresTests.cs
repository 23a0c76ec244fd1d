using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Dashboard;

/// <summary>
/// The sums the database keeps for the dashboard (ADR-022) always equal a GROUP BY of the rows: estimates per company, UTC day
/// and facility; open items per company and UTC day and per facility; each step's time since the step before it.
/// </summary>
public abstract class DashboardKeptFiguresTests : DatabaseTest, IAsyncLifetime
{
    private static readonly string[] Measured = [nameof(WorkOrderAction.Approve), nameof(WorkOrderAction.Dispatch), nameof(WorkOrderAction.Resolve)];
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private static int Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).DayNumber;

    private async Task AssertKeptEqualsRowsAsync()
    {
        await using var db = await host.DbAsync();
        var orders = await db.WorkOrders.Select(w => new { w.CompanyId, w.CreatedAt, w.FacilityId, w.EstimateTotal }).ToListAsync();
        Assert.Equal(
            orders.GroupBy(w => (w.CompanyId, Day: Day(w.CreatedAt), w.FacilityId))
                .Select(g => (g.Key, Cents: g.Sum(w => (long)(w.EstimateTotal * 100)))).Where(g => g.Cents != 0)
                .Select(g => $"{g.Key.CompanyId}/{g.Key.Day}/{g.Key.FacilityId}={g.Cents}").Order(),
            (await db.Database.SqlQuery<EstimateDay>($"""SELECT "CompanyId", "Day", "FacilityId", "Cents" FROM "WorkOrderEstimateDays" WHERE "Cents" <> 0""").ToListAsync())
                .Select(k => $"{k.CompanyId}/{k.Day}/{k.FacilityId}={k.Cents}").Order());

        var open = await db.ActionItems.Where(i => i.Status == ActionItemStatus.Open)
            .Select(i => new { i.Facility!.CompanyId, i.FacilityId, i.CreatedAt }).ToListAsync();
        Assert.Equal(
            open.GroupBy(i => (i.CompanyId, Day: Day(i.CreatedAt))).Select(g => $"{g.Key.CompanyId}/{g.Key.Day}={g.Count()}").Order(),
            (await db.Database.SqlQuery<OpenDay>($"""SELECT "CompanyId", "Day", "Count" FROM "OpenActionItemDays" WHERE "Count" <> 0""").ToListAsync())
                .Select(k => $"{k.CompanyId}/{k.Day}={k.Count}").Order());
        Assert.Equal(
            open.GroupBy(i => i.FacilityId).Select(g => $"{g.Key}={g.Count()}").Order(),
            (await db.Database.SqlQuery<OpenFacility>($"""SELECT "FacilityId", "Count" FROM "OpenActionItemFacilities" WHERE "Count" <> 0""").ToListAsync())
                .Select(k => $"{k.FacilityId}={k.Count}").Order());

        var history = (await db.WorkOrderHistory.Select(h => new { h.Id, h.WorkOrderId, h.Action, h.At }).ToListAsync())
            .Select(h => new { h.Id, h.WorkOrderId, Action = h.Action?.ToString(), h.At }).ToList();
        var companies = await db.WorkOrders.ToDictionaryAsync(w => w.Id, w => w.CompanyId);
        string? Before(string action) => action switch { "Approve" => "Submit", "Dispatch" => "Approve", "Resolve" => "Dispatch", _ => null };
        var expected = history.Where(h => h.Action is { } a && Measured.Contains(a))
            .Select(h => (h, b: history.Where(p => p.WorkOrderId == h.WorkOrderId && p.Id < h.Id && p.Action == Before(h.Action!)).MaxBy(p => p.Id)))
            .Where(x => x.b is not null)
            .Select(x => $"{x.h.Id}/{companies[x.h.WorkOrderId]}/{x.h.Action}={(x.h.At - x.b!.At).Ticks}").Order().ToList();
        Assert.Equal(expected,
            (await db.Database.SqlQuery<StepDuration>($"""SELECT "HistoryId", "CompanyId", "Action", "Ticks" FROM "WorkOrderStepDurations" """).ToListAsync())
                .Select(k => $"{k.HistoryId}/{k.CompanyId}/{k.Action}={k.Ticks}").Order());
    }

    private sealed record EstimateDay(int CompanyId, int Day, int FacilityId, long Cents);
    private sealed record OpenDay(int CompanyId, int Day, int Count);
    private sealed record OpenFacility(int FacilityId, int Count);
    private sealed record StepDuration(int HistoryId, int CompanyId, string Action, long Ticks);

    [Fact]
    public async Task Kept_SeededDemoData_EqualTheRows() => await AssertKeptEqualsRowsAsync();

    [Fact]
    public async Task Kept_CreateEstimateStepsCloseImportAndDelete_FollowEveryChange()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        (int Id, string Name) facility;
        await using (var db = await host.DbAsync())
        {
            var first = await db.Facilities.Where(f => f.CompanyId == admin.OrganizationId).OrderBy(f => f.Id).Select(f => new { f.Id, f.Name }).FirstAsync();
            facility = (first.Id, first.Name);
        }
        var service = host.Get<WorkOrderService>();
        var queries = host.Get<WorkOrderQueries>();
        async Task<int> VersionAsync(int id) => (await queries.GetAsync(admin, id)).Value!.Version;
        static void Ok(WorkOrders.Core.Common.Result r) => Assert.True(r.IsOk, r.Message);

        var item = (await host.Get<ActionItemService>().CreateAsync(dispatcher, facility.Id, new ActionItemInput("Kept", "", Priority.High, null, null))).Value;
        await AssertKeptEqualsRowsAsync();
        var id = (await service.CreateAsync(dispatcher, facility.Id, "Kept", [item])).Value;
        await AssertKeptEqualsRowsAsync();
        Ok(await service.EditAsync(dispatcher, id, await VersionAsync(id), new WorkOrderDraft("Kept", [item], [new EstimateLineInput("Parts", 3, 33.33m)])));
        await AssertKeptEqualsRowsAsync();
        Ok(await service.SubmitAsync(dispatcher, id, await VersionAsync(id), admin.UserId));
        host.Clock.Advance(TimeSpan.FromMinutes(95));
        Ok(await service.ApproveAsync(admin, id, await VersionAsync(id), null));
        host.Clock.Advance(TimeSpan.FromHours(26));
        var start = host.Clock.GetUtcNow().AddHours(1);
        Ok(await service.DispatchAsync(dispatcher, id, await VersionAsync(id), dispatcher.UserId, start, start.AddHours(1)));
        host.Clock.Advance(TimeSpan.FromSeconds(7));
        Ok(await service.ResolveAsync(dispatcher, id, await VersionAsync(id), "Done"));
        await AssertKeptEqualsRowsAsync();

        var other = (await host.Get<ActionItemService>().CreateAsync(dispatcher, facility.Id, new ActionItemInput("Closed", "", Priority.Low, null, null))).Value;
        var version = (await host.Get<ActionItemQueries>().GetAsync(dispatcher, other)).Value!.Version;
        Ok(await host.Get<ActionItemService>().CloseAsync(dispatcher, other, version, "Not needed"));
        await AssertKeptEqualsRowsAsync();
        var imported = await host.Get<ActionItemImport>().ImportRowsAsync(dispatcher,
            [new ImportRowInput(facility.Name, "Imported one", "", "High", "", null), new ImportRowInput(facility.Name, "Imported two", "", "Low", "", "2027-01-15")]);
        Assert.True(imported.IsOk, imported.Message);
        await AssertKeptEqualsRowsAsync();

        await using (var db = await host.DbAsync())
        {
            await db.ActionItems.Where(i => i.WorkOrderId == id || i.Id == other).ExecuteDeleteAsync();
            await db.WorkOrders.Where(w => w.Id == id).ExecuteDeleteAsync();
        }
        await AssertKeptEqualsRowsAsync();
    }

    public sealed class OnSqlite : DashboardKeptFiguresTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : DashboardKeptFiguresTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
