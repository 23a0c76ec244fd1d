using Microsoft.Extensions.Logging.Abstractions;
using WorkOrders.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

public sealed class LiveBusTests : IDisposable
{
    private readonly LiveFanOut fanOut = new(NullLogger<LiveFanOut>.Instance, TestMetrics.New());
    private readonly InProcessLiveBus bus;
    private static readonly LiveMessage Changed = new(LiveMessageKind.WorkOrderChanged, 7);

    public LiveBusTests() => bus = new InProcessLiveBus(fanOut);

    [Fact]
    public async Task Publish_Topic_ReachesItsSubscribersOnly()
    {
        var mine = new List<LiveMessage>();
        var theirs = new List<LiveMessage>();
        using var a = bus.Subscribe(LiveTopics.User("me"), m => { lock (mine) mine.Add(m); return Task.CompletedTask; });
        using var b = bus.Subscribe(LiveTopics.User("you"), m => { lock (theirs) theirs.Add(m); return Task.CompletedTask; });

        bus.Publish(LiveTopics.User("me"), Changed);
        await DeliveredAsync();

        Assert.Equal([Changed], mine);
        Assert.Empty(theirs);
    }

    [Fact]
    public async Task Publish_AfterDispose_NoLongerDelivers()
    {
        var received = 0;
        var subscription = bus.Subscribe(LiveTopics.Organization(1), _ => { Interlocked.Increment(ref received); return Task.CompletedTask; });
        bus.Publish(LiveTopics.Organization(1), Changed);
        await DeliveredAsync();

        subscription.Dispose();
        subscription.Dispose();
        bus.Publish(LiveTopics.Organization(1), Changed);
        await DeliveredAsync();

        Assert.Equal(1, received);
    }

    [Fact]
    public async Task Publish_OneSubscriberThrows_OthersStillHearIt()
    {
        var received = 0;
        using var broken = bus.Subscribe("t", _ => throw new InvalidOperationException("page gone"));
        using var failing = bus.Subscribe("t", async _ => { await Task.Yield(); throw new InvalidOperationException("async failure"); });
        using var working = bus.Subscribe("t", _ => { Interlocked.Increment(ref received); return Task.CompletedTask; });

        bus.Publish("t", Changed);
        await DeliveredAsync();

        Assert.Equal(1, received);
    }

    [Fact]
    public async Task Publish_SubscribersStillReading_ReturnsAtOnce()
    {
        var gate = new TaskCompletionSource();
        var finished = 0;
        using var a = bus.Subscribe("t", async _ => { await gate.Task; Interlocked.Increment(ref finished); });

        bus.Publish("t", Changed);

        Assert.Equal(0, Volatile.Read(ref finished));
        gate.SetResult();
        await DeliveredAsync();
        Assert.Equal(1, finished);
    }

    [Fact]
    public async Task Publish_ManySlowSubscribers_SideBySideButAtMostTheBound()
    {
        var gate = new TaskCompletionSource();
        int running = 0, most = 0, done = 0;
        var subscriptions = Enumerable.Range(0, 100).Select(_ => bus.Subscribe("t", async _ =>
        {
            var now = Interlocked.Increment(ref running);
            lock (gate) most = Math.Max(most, now);
            await gate.Task;
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref done);
        })).ToList();

        bus.Publish("t", Changed);
        for (var i = 0; i < 400 && Volatile.Read(ref running) < LiveFanOut.Concurrency; i++) await Task.Delay(5);
        await Task.Delay(50);

        Assert.Equal(LiveFanOut.Concurrency, Volatile.Read(ref running));
        gate.SetResult();
        await DeliveredAsync();
        Assert.Equal(100, done);
        Assert.Equal(LiveFanOut.Concurrency, most);
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Subscribe_AfterTheTopicsLastSubscriberLeft_IsDelivered()
    {
        var received = 0;
        bus.Subscribe("t", _ => Task.CompletedTask).Dispose();

        using var again = bus.Subscribe("t", _ => { Interlocked.Increment(ref received); return Task.CompletedTask; });
        bus.Publish("t", Changed);
        await DeliveredAsync();

        Assert.Equal(1, received);
    }

    [Fact]
    public async Task Subscribe_SameHandlerTwice_DeliveredTwiceAndLeavesOneByOne()
    {
        var received = 0;
        Func<LiveMessage, Task> handler = _ => { Interlocked.Increment(ref received); return Task.CompletedTask; };
        var first = bus.Subscribe("t", handler);
        using var second = bus.Subscribe("t", handler);

        bus.Publish("t", Changed);
        await DeliveredAsync();
        first.Dispose();
        bus.Publish("t", Changed);
        await DeliveredAsync();

        Assert.Equal(3, received);
    }

    /// <summary>
    /// Pages open and close on many threads at once while messages go out: afterwards exactly the subscribers still
    /// open hear a message, each once, whatever the interleaving.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task SubscribeAndDispose_ManyThreadsOneTopic_ExactlyTheOpenOnesHearTheNextMessage(int seed)
    {
        var heard = new int[2_000];
        var kept = new bool[heard.Length];
        var random = new Random(seed);
        for (var i = 0; i < kept.Length; i++) kept[i] = random.Next(3) == 0;
        var open = new IDisposable?[heard.Length];

        await Parallel.ForAsync(0, heard.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var index = i;
            var subscription = bus.Subscribe(i % 2 == 0 ? "t" : LiveTopics.Organization(1), _ => { Interlocked.Increment(ref heard[index]); return Task.CompletedTask; });
            if (i % 97 == 0) bus.Publish("t", Changed); // deliveries read the list while it changes
            await Task.Yield();
            if (kept[index]) open[index] = subscription;
            else subscription.Dispose();
        });
        await DeliveredAsync();
        Array.Clear(heard);

        bus.Publish("t", Changed);
        bus.Publish(LiveTopics.Organization(1), Changed);
        await DeliveredAsync();

        Assert.Equal(kept.Select(k => k ? 1 : 0), heard);
        foreach (var subscription in open) subscription?.Dispose();
    }

    [Fact]
    public void VersionOf_ChangesWithEveryMessageOnTheTopicAndEveryResync()
    {
        var before = (bus.VersionOf("a"), bus.VersionOf("b"));

        bus.Publish("a", Changed);
        var afterMessage = (bus.VersionOf("a"), bus.VersionOf("b"));
        fanOut.DeliverToAll(new LiveMessage(LiveMessageKind.Resync, 0));
        var afterResync = (bus.VersionOf("a"), bus.VersionOf("b"));

        Assert.NotEqual(before.Item1, afterMessage.Item1);
        Assert.Equal(before.Item2, afterMessage.Item2);
        Assert.NotEqual(afterMessage.Item1, afterResync.Item1);
        Assert.NotEqual(afterMessage.Item2, afterResync.Item2);
    }

    [Fact]
    public async Task Publish_ListenerOnTwoTopics_NotedTwiceRunOnceForBoth()
    {
        var listener = new CountingListener();
        using var a = bus.Subscribe(LiveTopics.User("me"), listener);
        using var b = bus.Subscribe(LiveTopics.Organization(1), listener);
        listener.Hold = new TaskCompletionSource();

        // The run waits at its start, as a circuit's run waits for its dispatcher; both messages are noted before it.
        bus.Publish(LiveTopics.Organization(1), Changed);
        bus.Publish(LiveTopics.User("me"), new LiveMessage(LiveMessageKind.NotificationsChanged, 7));
        listener.Hold.SetResult();
        await DeliveredAsync();

        Assert.Equal((2, 1), (listener.Noted, listener.Runs));
    }

    [Fact]
    public async Task Publish_ListenerNoteThrows_PublisherUnharmedAndOthersHearIt()
    {
        var broken = new CountingListener { Throw = true };
        var working = new CountingListener();
        using var a = bus.Subscribe("t", broken);
        using var b = bus.Subscribe("t", working);

        bus.Publish("t", Changed);
        await DeliveredAsync();

        Assert.Equal((0, 1), (broken.Runs, working.Runs));
    }

    /// <summary>Asks for a run only when none is queued, as a page's circuit does.</summary>
    private sealed class CountingListener : ILiveListener
    {
        private int queued;

        public int Noted;
        public int Runs;
        public bool Throw;
        public TaskCompletionSource? Hold;

        public bool Note(string topic, LiveMessage message)
        {
            if (Throw) throw new InvalidOperationException("broken");
            Interlocked.Increment(ref Noted);
            return Interlocked.Exchange(ref queued, 1) == 0;
        }

        public void NotQueued() => Volatile.Write(ref queued, 0);

        public async Task RunAsync()
        {
            if (Hold is { } hold) await hold.Task;
            Volatile.Write(ref queued, 0);
            Interlocked.Increment(ref Runs);
        }
    }

    private async Task DeliveredAsync()
    {
        for (var waited = 0; fanOut.Pending > 0 && waited < 10_000; waited += 5) await Task.Delay(5);
    }

    public void Dispose() => fanOut.Dispose();
}
