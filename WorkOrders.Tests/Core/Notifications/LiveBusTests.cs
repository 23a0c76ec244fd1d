using Microsoft.Extensions.Logging.Abstractions;
using WorkOrders.Core.Notifications;

namespace WorkOrders.Tests.Core.Notifications;

public sealed class LiveBusTests
{
    private readonly InProcessLiveBus bus = new(NullLogger<InProcessLiveBus>.Instance);
    private static readonly LiveMessage Changed = new(LiveMessageKind.WorkOrderChanged, 7);

    [Fact]
    public async Task PublishAsync_Topic_ReachesItsSubscribersOnly()
    {
        var mine = new List<LiveMessage>();
        var theirs = new List<LiveMessage>();
        using var a = bus.Subscribe(LiveTopics.User("me"), m => { mine.Add(m); return Task.CompletedTask; });
        using var b = bus.Subscribe(LiveTopics.User("you"), m => { theirs.Add(m); return Task.CompletedTask; });

        await bus.PublishAsync(LiveTopics.User("me"), Changed);

        Assert.Equal([Changed], mine);
        Assert.Empty(theirs);
    }

    [Fact]
    public async Task PublishAsync_AfterDispose_NoLongerDelivers()
    {
        var received = 0;
        var subscription = bus.Subscribe(LiveTopics.Organization(1), _ => { received++; return Task.CompletedTask; });
        await bus.PublishAsync(LiveTopics.Organization(1), Changed);

        subscription.Dispose();
        subscription.Dispose();
        await bus.PublishAsync(LiveTopics.Organization(1), Changed);

        Assert.Equal(1, received);
    }

    [Fact]
    public async Task PublishAsync_OneSubscriberThrows_OthersStillHearIt()
    {
        var received = 0;
        using var broken = bus.Subscribe("t", _ => throw new InvalidOperationException("page gone"));
        using var failing = bus.Subscribe("t", async _ => { await Task.Yield(); throw new InvalidOperationException("async failure"); });
        using var working = bus.Subscribe("t", _ => { received++; return Task.CompletedTask; });

        await bus.PublishAsync("t", Changed);

        Assert.Equal(1, received);
    }

    [Fact]
    public async Task PublishAsync_SlowSubscribers_RunSideBySide()
    {
        var gate = new TaskCompletionSource();
        var started = 0;
        Func<LiveMessage, Task> slow = async _ => { Interlocked.Increment(ref started); await gate.Task; };
        using var a = bus.Subscribe("t", slow);
        using var b = bus.Subscribe("t", slow);

        var publishing = bus.PublishAsync("t", Changed);

        Assert.Equal(2, Volatile.Read(ref started));
        Assert.False(publishing.IsCompleted);
        gate.SetResult();
        await publishing;
    }
}
