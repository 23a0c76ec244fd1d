using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

public sealed class NotificationAtomicityTests
{
    [Fact]
    public async Task Approve_SomeoneElseCommitsBetweenReadAndSave_ConflictAndNoNotificationOrOutboxRow()
    {
        var interceptor = new ConcurrentWriteInterceptor();
        await using var host = await CoreHost.StartAsync(configure: s => s.ConfigureDbContext<WorkOrdersDbContext>(o => o.AddInterceptors(interceptor)));
        var (id, _) = await DemoTransitions.FindAsync(host, DemoTransitions.Submitted);
        interceptor.Arm(id, Path.Combine(host.Folder, "workorders.db"));

        var (_, result) = await DemoTransitions.RunAsync(host, "approve");

        Assert.True(interceptor.Fired);
        Assert.Equal(ResultStatus.Conflict, result.Status);
        await using var db = await host.DbAsync();
        Assert.Equal(0, await db.Notifications.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(WorkOrders.Core.WorkOrders.WorkOrderStatus.Submitted, await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Status).SingleAsync());
    }

    [Theory]
    [InlineData("deny-without-reason")]
    [InlineData("approve-stale")]
    [InlineData("approve-by-submitter")]
    public async Task Transition_Refused_NoNotificationOrOutboxRow(string attempt)
    {
        await using var host = await CoreHost.StartAsync();
        var service = host.Get<WorkOrders.Core.WorkOrders.WorkOrderService>();
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
        await using var host = await CoreHost.StartAsync();
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

    /// <summary>Plays a second user who commits a change to the same work order just before our save.</summary>
    private sealed class ConcurrentWriteInterceptor : SaveChangesInterceptor
    {
        private int workOrderId;
        private string? databasePath;

        public bool Fired { get; private set; }

        public void Arm(int id, string path)
        {
            workOrderId = id;
            databasePath = path;
        }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var staged = eventData.Context!.ChangeTracker.Entries<Notification>().Any();
            if (databasePath is not null && staged && !Fired)
            {
                Fired = true;
                await using var connection = new SqliteConnection($"Data Source={databasePath}");
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE WorkOrders SET Version = Version + 1 WHERE Id = $id";
                command.Parameters.AddWithValue("$id", workOrderId);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return result;
        }
    }
}
