using Bunit;
using WorkOrders.Core.Notifications;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Tests.Web.Live;

public sealed class LiveUpdatesTests : BlazorTestContext
{
    private ILiveBus Bus => Core.Get<ILiveBus>();

    [Fact]
    public async Task Burst_WhileReading_OneMoreReadAtTheEndNotOneEach()
    {
        var reads = 0;
        var gate = new TaskCompletionSource();
        Render<LiveUpdates>(p => p.Add(c => c.User, "u").Add(c => c.OnChange, async () =>
        {
            Interlocked.Increment(ref reads);
            await gate.Task;
        }));

        Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        await WaitAsync(() => Volatile.Read(ref reads) == 1);
        for (var i = 0; i < 10; i++) Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, i));
        await WaitAsync(() => Core.Get<LiveFanOut>().Pending == 1);
        gate.SetResult();
        await Core.LiveDeliveredAsync();

        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task WorkOrderId_OtherWorkOrdersIgnored_ItsOwnAndUnnamedOnesRead()
    {
        var reads = new List<int>();
        Render<LiveUpdates>(p => p.Add(c => c.Organization, 77).Add(c => c.WorkOrderId, 5).Add(c => c.OnChange, () => reads.Add(reads.Count)));

        foreach (var id in new[] { 6, 5, 0 })
        {
            Bus.Publish(LiveTopics.Organization(77), new LiveMessage(LiveMessageKind.WorkOrderChanged, id));
            await Core.LiveDeliveredAsync();
        }

        Assert.Equal(2, reads.Count);
    }

    [Fact]
    public async Task PausedThenResync_ToldBothWays_ReadOnlyOnResync()
    {
        var paused = new List<bool>();
        var reads = 0;
        Render<LiveUpdates>(p => p.Add(c => c.User, "u").Add(c => c.OnChange, () => reads++).Add(c => c.OnPausedChanged, paused.Add));

        Core.Get<LiveFanOut>().DeliverToAll(new LiveMessage(LiveMessageKind.Paused, 0));
        await Core.LiveDeliveredAsync();
        var readsWhilePaused = reads;
        Core.Get<LiveFanOut>().DeliverToAll(new LiveMessage(LiveMessageKind.Resync, 0));
        await Core.LiveDeliveredAsync();

        Assert.Equal([true, false], paused);
        Assert.Equal((0, 1), (readsWhilePaused, reads));
    }

    [Fact]
    public async Task Disposed_NoLongerSubscribed()
    {
        var reads = 0;
        var rendered = Render<LiveUpdates>(p => p.Add(c => c.User, "u").Add(c => c.OnChange, () => reads++));

        await DisposeComponentsAsync();
        Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        await Core.LiveDeliveredAsync();

        Assert.Equal(0, reads);
        Assert.NotNull(rendered);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2_000 && !condition(); i++) await Task.Delay(5);
        Assert.True(condition());
    }
}
