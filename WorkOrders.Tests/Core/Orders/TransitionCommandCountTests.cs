using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.Core.Attachments;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>
/// Each step of the lifecycle — read, rules, history, notifications, outbox, versioned save — goes to the
/// database in at most <see cref="MaxCommands"/> SQL commands. A count, not a timing: how fast they run is
/// measured in WorkOrders.Benchmarks.
/// </summary>
public abstract class TransitionCommandCountTests : DatabaseTest, IAsyncLifetime
{
    private const int MaxCommands = 6;
    private readonly CommandCounter counter = new();
    private CoreHost host = null!;
    private WorkOrderService Service => host.Get<WorkOrderService>();

    public async Task InitializeAsync() => host = await StartCoreAsync(configure: services =>
        services.ConfigureDbContext<WorkOrdersDbContext>(options => options.AddInterceptors(counter)));

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task EveryTransition_DemoWorkOrder_AtMostSixSqlCommands()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var admin = await host.ActorAsync(Demo.Admin);
        var tech = await host.ActorAsync(Demo.Tech);
        var (fixedId, deniedId) = (await CreateAsync(dispatcher, 2), await CreateAsync(dispatcher, 1));
        var start = CoreHost.Start.AddDays(1);

        var counts = new List<(string Step, int Commands)>();
        async Task Step(string name, Func<Task<Result>> transition)
        {
            counter.Reset();
            var result = await transition();
            Assert.True(result.IsOk, $"{name}: {result.Message}");
            counts.Add((name, counter.Count));
        }

        await Step("edit", () => Service.EditAsync(dispatcher, fixedId, 0, new WorkOrderDraft("Fix both", ItemsOf(fixedId), [new("Parts", 1, 10m)])));
        await Step("submit", () => Service.SubmitAsync(dispatcher, fixedId, 1, admin.UserId));
        await Step("approve", () => Service.ApproveAsync(admin, fixedId, 2, "Go ahead"));
        await Step("dispatch", () => Service.DispatchAsync(dispatcher, fixedId, 3, tech.UserId, start, start.AddHours(2)));
        await Step("reschedule", () => Service.RescheduleAsync(dispatcher, fixedId, 4, tech.UserId, start.AddHours(1), start.AddHours(3)));
        // Resolved with a photo of the finished work, as a company that requires one does: the drafts are read too.
        var photo = await host.Get<AttachmentService>().UploadAsync(tech, AttachmentTarget.Resolution, fixedId, "after.png", new MemoryStream(TestImages.Png()));
        Assert.True(photo.IsOk, photo.Message);
        await Step("resolve", () => Service.ResolveAsync(tech, fixedId, 5, "Fixed and tested.", [photo.Value!.Id]));
        await Step("submit (2)", () => Service.SubmitAsync(dispatcher, deniedId, 0, admin.UserId));
        await Step("deny", () => Service.DenyAsync(admin, deniedId, 1, "Not this quarter."));
        await Step("reset", () => Service.ResetAsync(dispatcher, deniedId, 2));
        await Step("submit (3)", () => Service.SubmitAsync(dispatcher, deniedId, 3, admin.UserId));
        await Step("deny (2)", () => Service.DenyAsync(admin, deniedId, 4, "Still not."));
        await Step("close", () => Service.CloseAsync(dispatcher, deniedId, 5, null));

        var report = string.Join(", ", counts.Select(c => $"{c.Step} {c.Commands}"));
        Console.WriteLine($"SQL commands per transition: {report}");
        Assert.All(counts, c => Assert.True(c.Commands <= MaxCommands, $"{c.Step} sent {c.Commands} SQL commands ({report})."));
        // The counter itself must see the work: a transition cannot be done in fewer than a read and a write.
        Assert.All(counts, c => Assert.True(c.Commands >= 2, report));
    }

    [Fact]
    public async Task DispatchAndResolve_VisitOfDays_OnlyTheWindowsWriteWidensTheCalendarsReach()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var admin = await host.ActorAsync(Demo.Admin);
        var tech = await host.ActorAsync(Demo.Tech);
        var start = CoreHost.Start.AddDays(1);
        async Task<(int Dispatch, int Resolve)> CountAsync(TimeSpan length)
        {
            var id = await CreateAsync(dispatcher, 1);
            Assert.True((await Service.SubmitAsync(dispatcher, id, 0, admin.UserId)).IsOk);
            Assert.True((await Service.ApproveAsync(admin, id, 1, null)).IsOk);
            counter.Reset();
            var dispatched = await Service.DispatchAsync(dispatcher, id, 2, tech.UserId, start, start + length, overrideDueDate: true);
            var dispatch = counter.Count;
            Assert.True(dispatched.IsOk, dispatched.Message);
            counter.Reset();
            var resolved = await Service.ResolveAsync(tech, id, 3, "Fixed and tested.");
            Assert.True(resolved.IsOk, resolved.Message);
            return (dispatch, counter.Count);
        }

        var hours = await CountAsync(TimeSpan.FromHours(2));
        var days = await CountAsync(TimeSpan.FromDays(3));

        // The window of days is written once, with one more command (ADR-029); resolving it writes no window.
        Assert.Equal((hours.Dispatch + 1, hours.Resolve), days);
    }

    private Dictionary<int, List<int>> itemsByWorkOrder = [];

    private IReadOnlyCollection<int> ItemsOf(int workOrderId) => itemsByWorkOrder[workOrderId];

    private async Task<int> CreateAsync(WorkOrders.Core.Organizations.Actor dispatcher, int items)
    {
        await using var db = await host.DbAsync();
        var facility = await db.Facilities.FirstAsync(f => f.Name == "Station 31 – Topeka");
        var ids = await db.ActionItems
            .Where(i => i.FacilityId == facility.Id && i.Status == ActionItemStatus.Open && i.WorkOrderId == null)
            .OrderBy(i => i.Id).Select(i => i.Id).Take(items).ToListAsync();
        Assert.Equal(items, ids.Count);
        var created = await Service.CreateAsync(dispatcher, facility.Id, "Counted", ids);
        Assert.True(created.IsOk, created.Message);
        itemsByWorkOrder[created.Value] = ids;
        return created.Value;
    }

    /// <summary>
    /// Counts the commands of the flow that reset it last: the host's background work (the e-mail sender, start-up jobs)
    /// runs in flows of its own and, on a loaded machine, would otherwise land in whichever step runs at that moment.
    /// </summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        private readonly AsyncLocal<bool> counting = new();
        private int count;
        public int Count => count;

        public void Reset()
        {
            count = 0;
            counting.Value = true;
        }

        private void Counted()
        {
            if (counting.Value) Interlocked.Increment(ref count);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Counted();
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Counted();
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Counted();
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Counted();
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Counted();
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Counted();
            return ValueTask.FromResult(result);
        }
    }

    public sealed class OnSqlite : TransitionCommandCountTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : TransitionCommandCountTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
