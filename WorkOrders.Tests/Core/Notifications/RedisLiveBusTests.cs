using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using WorkOrders.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

/// <summary>Two web servers' buses on one real Redis, and a real redis-server killed and started again.</summary>
public sealed class RedisLiveBusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [RedisFact]
    public async Task Publish_OnServerA_ReachesTheSubscribersOfServerBAndOfAOnce()
    {
        await using var own = RedisServer.Given is null ? await RedisServer.StartAsync() : null;
        var redis = RedisServer.Given ?? own!.ConnectionString;
        using var a = new Server(redis);
        using var b = new Server(redis);
        var topic = LiveTopics.Organization(Random.Shared.Next(1_000_000, 2_000_000));
        using var onA = a.Listen(topic);
        using var onB = b.Listen(topic);
        using var elsewhere = b.Listen(LiveTopics.Organization(3));

        a.Bus.Publish(topic, new LiveMessage(LiveMessageKind.WorkOrderChanged, 42));

        Assert.Equal(new LiveMessage(LiveMessageKind.WorkOrderChanged, 42), await onB.NextAsync(Patience));
        Assert.Equal(new LiveMessage(LiveMessageKind.WorkOrderChanged, 42), await onA.NextAsync(Patience));
        await Task.Delay(300);
        Assert.Empty(onA.Received);
        Assert.Empty(elsewhere.Received);
        Assert.False(a.Bus.IsPaused || b.Bus.IsPaused);
    }

    [RedisFact(needsOwnProcess: true)]
    public async Task RedisKilled_PagesToldPausedKeepLocalMessages_ThenResyncWhenItIsBack()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = new Server(redis.ConnectionString);
        using var b = new Server(redis.ConnectionString);
        var topic = LiveTopics.User("page-owner");
        using var onA = a.Listen(topic);
        using var onB = b.Listen(topic);
        a.Bus.Publish(topic, new LiveMessage(LiveMessageKind.WorkOrderChanged, 1));
        await onB.NextAsync(Patience);
        await onA.NextAsync(Patience);

        await redis.KillAsync();

        Assert.Equal(LiveMessageKind.Paused, (await onB.NextAsync(Patience)).Kind);
        Assert.Equal(LiveMessageKind.Paused, (await onA.NextAsync(Patience)).Kind);
        Assert.True(a.Bus.IsPaused && b.Bus.IsPaused);
        var versionBefore = b.Bus.VersionOf(topic);
        // Alone, a server still tells its own pages.
        a.Bus.Publish(topic, new LiveMessage(LiveMessageKind.WorkOrderChanged, 2));
        Assert.Equal(new LiveMessage(LiveMessageKind.WorkOrderChanged, 2), await onA.NextAsync(Patience));

        await redis.StartAgainAsync();

        Assert.Equal(LiveMessageKind.Resync, (await onB.NextAsync(Patience)).Kind);
        Assert.Equal(LiveMessageKind.Resync, (await onA.NextAsync(Patience)).Kind);
        Assert.False(a.Bus.IsPaused || b.Bus.IsPaused);
        Assert.NotEqual(versionBefore, b.Bus.VersionOf(topic));
        await WaitForSubscriptionAsync(a, b, topic, onB);
    }

    [Fact]
    public async Task StartWithoutRedis_PausedFromTheStartAndLocalMessagesStillArrive()
    {
        using var alone = new Server("127.0.0.1:1,connectTimeout=200");
        using var page = alone.Listen("t");

        alone.Bus.Publish("t", new LiveMessage(LiveMessageKind.NotificationsChanged, 5));

        Assert.True(alone.Bus.IsPaused);
        Assert.Equal(new LiveMessage(LiveMessageKind.NotificationsChanged, 5), await page.NextAsync(Patience));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0|1")]
    [InlineData("9|1|org:1")]
    [InlineData("x|1|org:1")]
    [InlineData("0|y|org:1")]
    [InlineData("0|1|")]
    public void Decode_Malformed_Ignored(string value) => Assert.Null(RedisLiveBus.Decode(value));

    [Fact]
    public void Decode_Encoded_SameTopicAndMessage()
    {
        var message = new LiveMessage(LiveMessageKind.AccessChanged, 0);

        Assert.Equal(("user:a|b", message), RedisLiveBus.Decode(RedisLiveBus.Encode("user:a|b", message)));
    }

    /// <summary>After a reconnect the channel subscription is made again a moment later; publish until B hears A.</summary>
    private static async Task WaitForSubscriptionAsync(Server a, Server b, string topic, Listener onB)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            a.Bus.Publish(topic, new LiveMessage(LiveMessageKind.WorkOrderChanged, 3));
            try
            {
                var next = await onB.NextAsync(TimeSpan.FromMilliseconds(500));
                if (next == new LiveMessage(LiveMessageKind.WorkOrderChanged, 3)) return;
            }
            catch (TimeoutException)
            {
                // Not subscribed again yet.
            }
        }
        Assert.Fail($"B never heard A again after Redis came back (B paused: {b.Bus.IsPaused}).");
    }

    /// <summary>One web server's half: its own fan-out and its Redis bus.</summary>
    private sealed class Server : IDisposable
    {
        private readonly LiveFanOut fanOut = new(NullLogger<LiveFanOut>.Instance, TestMetrics.New());

        public Server(string redis) => Bus = new RedisLiveBus(redis, fanOut, NullLogger<RedisLiveBus>.Instance);

        public RedisLiveBus Bus { get; }

        public Listener Listen(string topic) => new(Bus, topic);

        public void Dispose()
        {
            Bus.Dispose();
            fanOut.Dispose();
        }
    }

    private sealed class Listener : IDisposable
    {
        private readonly IDisposable subscription;
        private readonly SemaphoreSlim arrived = new(0);

        public Listener(ILiveBus bus, string topic) => subscription = bus.Subscribe(topic, m =>
        {
            Received.Enqueue(m);
            arrived.Release();
            return Task.CompletedTask;
        });

        public ConcurrentQueue<LiveMessage> Received { get; } = new();

        public async Task<LiveMessage> NextAsync(TimeSpan within)
        {
            if (!await arrived.WaitAsync(within)) throw new TimeoutException("No live message arrived.");
            Assert.True(Received.TryDequeue(out var message));
            return message;
        }

        public void Dispose() => subscription.Dispose();
    }
}
