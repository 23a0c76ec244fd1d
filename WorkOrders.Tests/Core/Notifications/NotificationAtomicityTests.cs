using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

public abstract class NotificationAtomicityTests : DatabaseTest
{
    [Fact]
    public async Task Approve_SomeoneElseCommitsJustBefore_ConflictAndNoNotificationOrOutboxRow()
    {
        var interceptor = new ConcurrentWriteInterceptor();
        await using var host = await StartCoreAsync(configure: s => s.ConfigureDbContext<WorkOrdersDbContext>(o => o.AddInterceptors(interceptor)));
        var (id, _) = await DemoTransitions.FindAsync(host, DemoTransitions.Submitted);
        interceptor.Arm(id, host);

        var (_, result) = await DemoTransitions.RunAsync(host, "approve");

        Assert.True(interceptor.Fired);
        Assert.Equal(ResultStatus.Conflict, result.Status);
        await using var db = await host.DbAsync();
        Assert.Equal(0, await db.Notifications.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(WorkOrders.Core.Orders.WorkOrderStatus.Submitted, await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Status).SingleAsync());
    }

    /// <summary>The steps that choose a person read that person with everyone they tell, before the version check.</summary>
    [Theory]
    [InlineData("submit", DemoTransitions.Draft, WorkOrders.Core.Orders.WorkOrderStatus.Draft)]
    [InlineData("dispatch", DemoTransitions.Approved, WorkOrders.Core.Orders.WorkOrderStatus.Approved)]
    [InlineData("reassign", DemoTransitions.Dispatched, WorkOrders.Core.Orders.WorkOrderStatus.Dispatched)]
    public async Task ChoosingAPerson_SomeoneElseCommitsJustBefore_ConflictAndNothingWritten(
        string transition, string title, WorkOrders.Core.Orders.WorkOrderStatus before)
    {
        var interceptor = new ConcurrentWriteInterceptor();
        await using var host = await StartCoreAsync(configure: s => s.ConfigureDbContext<WorkOrdersDbContext>(o => o.AddInterceptors(interceptor)));
        var (id, _) = await DemoTransitions.FindAsync(host, title);
        int historyBefore;
        await using (var db = await host.DbAsync()) historyBefore = await db.WorkOrderHistory.CountAsync(h => h.WorkOrderId == id);
        interceptor.Arm(id, host);

        var (_, result) = await DemoTransitions.RunAsync(host, transition);

        Assert.True(interceptor.Fired);
        Assert.Equal(ResultStatus.Conflict, result.Status);
        await using var check = await host.DbAsync();
        Assert.Equal(0, await check.Notifications.CountAsync());
        Assert.Equal(0, await check.Outbox.CountAsync());
        Assert.Equal(historyBefore, await check.WorkOrderHistory.CountAsync(h => h.WorkOrderId == id));
        Assert.Equal(before, await check.WorkOrders.Where(w => w.Id == id).Select(w => w.Status).SingleAsync());
    }

    [Theory]
    [InlineData("deny-without-reason")]
    [InlineData("approve-stale")]
    [InlineData("approve-by-submitter")]
    public async Task Transition_Refused_NoNotificationOrOutboxRow(string attempt)
    {
        await using var host = await StartCoreAsync();
        var service = host.Get<WorkOrders.Core.Orders.WorkOrderService>();
        var (id, version) = await DemoTransitions.FindAsync(host, DemoTransitions.Submitted);

        var result = attempt switch
        {
            "deny-without-reason" => await service.DenyAsync(await host.ActorAsync(Demo.Admin), id, version, "  "),
            "approve-stale" => await service.ApproveAsync(await host.ActorAsync(Demo.Admin), id, version - 1, null),
            _ => await service.ApproveAsync(await host.ActorAsync(Demo.Dispatcher), id, version, null),
        };

        Assert.False(result.IsOk);
        await using var db = await host.DbAsync();
        Assert.Equal(0, await db.Notifications.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task Approve_Committed_PushesToTheToldUserOnlyAfterCommit()
    {
        await using var host = await StartCoreAsync();
        var bus = host.Get<ILiveBus>();
        var dispatcherId = await host.UserIdAsync(Demo.Dispatcher);
        var seenRows = -1;
        using var _ = bus.Subscribe(LiveTopics.User(dispatcherId), async m =>
        {
            await using var db = await host.DbAsync();
            seenRows = await db.Notifications.CountAsync(n => n.UserId == dispatcherId);
        });

        await DemoTransitions.RunAsync(host, "approve");
        await host.LiveDeliveredAsync();

        Assert.Equal(1, seenRows);
    }

    /// <summary>
    /// Plays a second user who commits a change to the same work order just before ours can be saved: when our step's
    /// transaction starts or, without one of its own, when it saves. On SQLite a step holds the write lock from before its
    /// read to its commit, so that moment is before its read; on PostgreSQL it is between its read and its save.
    /// </summary>
    private sealed class ConcurrentWriteInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
    {
        private int workOrderId;
        private CoreHost? host;
        // Only the test's own flow: the host's background workers (e-mail, watches) begin transactions of their own,
        // and firing on one of those wrote "just before" the test had even read its work order.
        private readonly AsyncLocal<bool> armedHere = new();

        public bool Fired { get; private set; }

        public void Arm(int id, CoreHost other)
        {
            workOrderId = id;
            host = other;
            armedHere.Value = true;
        }

        public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<Notification>().Any()) await WriteFirstAsync(cancellationToken);
            return result;
        }

        public async ValueTask<InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(
            System.Data.Common.DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result,
            CancellationToken cancellationToken = default)
        {
            await WriteFirstAsync(cancellationToken);
            return result;
        }

        private async Task WriteFirstAsync(CancellationToken cancellationToken)
        {
            if (host is null || Fired || !armedHere.Value) return;
            Fired = true;
            // Another context, so another connection and transaction: committed before ours saves.
            await using var other = await host.DbAsync();
            await other.WorkOrders.Where(w => w.Id == workOrderId)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.Version, w => w.Version + 1), cancellationToken);
        }
    }

    public sealed class OnSqlite : NotificationAtomicityTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : NotificationAtomicityTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
