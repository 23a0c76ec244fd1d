using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Diagnostics;
using WorkOrders.Core.Email;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Circuits;

namespace WorkOrders.Tests.Core.Diagnostics;

/// <summary>The WorkOrders meter, read with a MeterListener on the host's own meter instance.</summary>
public abstract class WorkOrdersMetricsTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;
    private MeterRecorder recorder = null!;

    public async Task InitializeAsync()
    {
        host = await StartCoreAsync();
        recorder = new MeterRecorder(host.Get<WorkOrdersMetrics>().Meter);
    }

    public async Task DisposeAsync()
    {
        recorder.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Approve_Committed_CountsOneTransitionTaggedApprove()
    {
        var wo = await SubmittedAsync();

        var result = await host.Get<WorkOrderService>().ApproveAsync(await host.ActorAsync(Demo.Admin), wo.Id, wo.Version, null);

        Assert.True(result.IsOk, result.Message);
        var counted = Assert.Single(recorder.Of(WorkOrdersMetrics.Transitions));
        Assert.Equal(1, counted.Value);
        Assert.Equal("Approve", counted.Tags["action"]);
    }

    [Fact]
    public async Task Approve_StaleVersion_CountsNothing()
    {
        var wo = await SubmittedAsync();

        var result = await host.Get<WorkOrderService>().ApproveAsync(await host.ActorAsync(Demo.Admin), wo.Id, wo.Version - 1, null);

        Assert.False(result.IsOk);
        Assert.Empty(recorder.Of(WorkOrdersMetrics.Transitions));
    }

    [Fact]
    public async Task OutboxGauges_QueuedMail_ReportCountAndOldestAge()
    {
        await using (var db = await host.DbAsync())
        {
            db.Outbox.RemoveRange(db.Outbox);
            db.Outbox.Add(new OutboxMessage("a@example.com", "A", "s", "t", "h", host.Clock.GetUtcNow().AddMinutes(-10)));
            db.Outbox.Add(new OutboxMessage("b@example.com", "B", "s", "t", "h", host.Clock.GetUtcNow().AddMinutes(-3)));
            await db.SaveChangesAsync();
        }

        await host.Get<OutboxBacklogMonitor>().ReadAsync();
        recorder.Observe();

        Assert.Equal(2, recorder.Of(WorkOrdersMetrics.OutboxBacklog)[^1].Value);
        Assert.Equal(600, recorder.Of(WorkOrdersMetrics.OutboxOldestAge)[^1].Value);
    }

    [Fact]
    public async Task LiveFanOut_MessageDelivered_RecordsLatencyPerSubscriber()
    {
        var bus = host.Get<ILiveBus>();
        using var a = bus.Subscribe("metrics-test", _ => Task.CompletedTask);
        using var b = bus.Subscribe("metrics-test", _ => Task.Delay(20));

        bus.Publish("metrics-test", new LiveMessage(LiveMessageKind.WorkOrderChanged, 1));
        await host.LiveDeliveredAsync();

        var latencies = recorder.Of(WorkOrdersMetrics.LiveFanOutLatency);
        Assert.Equal(2, latencies.Count);
        Assert.Contains(latencies, l => l.Value >= 0.015);
    }

    [Fact]
    public async Task CircuitHandler_OpenedTwiceClosedOnce_NetsOneOpenCircuit()
    {
        var handler = new CircuitMetrics(host.Get<WorkOrdersMetrics>());

        // The handler does not look at the circuit, whose constructor Blazor keeps to itself.
        await handler.OnCircuitOpenedAsync(null!, default);
        await handler.OnCircuitOpenedAsync(null!, default);
        await handler.OnCircuitClosedAsync(null!, default);

        Assert.Equal(1, recorder.Of(WorkOrdersMetrics.OpenCircuits).Sum(m => m.Value));
    }

    private async Task<WorkOrder> SubmittedAsync()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        await using var db = await host.DbAsync();
        return await db.WorkOrders.AsNoTracking().FirstAsync(w => w.Status == WorkOrderStatus.Submitted && w.CompanyId == admin.OrganizationId && w.ApproverId == admin.UserId);
    }

    public sealed class OnSqlite : WorkOrdersMetricsTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : WorkOrdersMetricsTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
