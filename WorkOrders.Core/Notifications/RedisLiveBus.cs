using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace WorkOrders.Core.Notifications;

/// <summary>
/// The bus of an installation with several web servers: a message goes to every server over one Redis pub/sub
/// channel, and each server hands it to its own pages. Only ids travel (see <see cref="LiveMessage"/>); the circuits
/// themselves stay on their server.
/// While Redis is unreachable a server keeps working alone: it delivers its own messages locally, tells every page
/// that live updates are paused, and once Redis is back tells every page to re-read, since it may have missed some.
/// </summary>
public sealed class RedisLiveBus : ILiveBus, IDisposable
{
    public const string ChannelName = "workorders:live";

    private static readonly RedisChannel Channel = RedisChannel.Literal(ChannelName);
    private readonly LiveFanOut local;
    private readonly ILogger<RedisLiveBus> logger;
    private readonly ConnectionMultiplexer redis;
    private readonly ISubscriber subscriber;
    private int paused;

    public RedisLiveBus(string connectionString, LiveFanOut local, ILogger<RedisLiveBus> logger)
    {
        this.local = local;
        this.logger = logger;
        var options = ConfigurationOptions.Parse(connectionString);
        // Start and keep running without Redis; try again every second rather than backing off for minutes.
        options.AbortOnConnectFail = false;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        // A message that cannot go now is delivered locally at once; resending it later would only repeat it.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        redis = ConnectionMultiplexer.Connect(options);
        subscriber = redis.GetSubscriber();
        redis.ConnectionFailed += (_, e) => { if (e.ConnectionType == ConnectionType.Subscription) Pause(e.Exception); };
        redis.ConnectionRestored += (_, e) => { if (e.ConnectionType == ConnectionType.Subscription) Resume(); };
        try
        {
            subscriber.Subscribe(Channel, (_, value) => Receive(value));
        }
        catch (RedisException ex)
        {
            // The multiplexer keeps the subscription and makes it when the connection comes up.
            logger.LogWarning(ex, "Redis is unreachable at start; live updates from other servers are paused");
        }
        if (!redis.IsConnected) Pause(null);
    }

    public bool IsPaused => Volatile.Read(ref paused) == 1;

    /// <summary>A round trip to Redis on the bus's own connection; throws when Redis is unreachable.</summary>
    public Task<TimeSpan> PingAsync() => redis.GetDatabase().PingAsync();

    public void Publish(string topic, LiveMessage message)
    {
        if (!IsPaused)
        {
            try
            {
                subscriber.Publish(Channel, Encode(topic, message), CommandFlags.FireAndForget);
                return;
            }
            catch (RedisException ex)
            {
                logger.LogDebug(ex, "Publishing to Redis failed; delivering on this server only");
            }
        }
        local.Deliver(topic, message);
    }

    public IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler) => local.Subscribe(topic, handler);

    public IDisposable Subscribe(string topic, ILiveListener listener) => local.Subscribe(topic, listener);

    public long VersionOf(string topic) => local.VersionOf(topic);

    private void Receive(RedisValue value)
    {
        if (Decode(value) is var (topic, message)) local.Deliver(topic, message);
        else logger.LogWarning("Ignored a malformed live message on {Channel}", ChannelName);
    }

    private void Pause(Exception? cause)
    {
        if (Interlocked.Exchange(ref paused, 1) == 1) return;
        logger.LogWarning(cause, "Lost Redis: live updates from other servers are paused");
        local.DeliverToAll(new LiveMessage(LiveMessageKind.Paused, 0));
    }

    private void Resume()
    {
        if (Interlocked.Exchange(ref paused, 0) == 0) return;
        logger.LogInformation("Redis is back: live updates resume and every page re-reads");
        local.DeliverToAll(new LiveMessage(LiveMessageKind.Resync, 0));
    }

    internal static string Encode(string topic, LiveMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)message.Kind}|{message.WorkOrderId}|{topic}");

    internal static (string Topic, LiveMessage Message)? Decode(string? value)
    {
        var parts = value?.Split('|', 3);
        if (parts is not { Length: 3 }
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var kind) || !Enum.IsDefined((LiveMessageKind)kind)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var id) || parts[2].Length == 0) return null;
        return (parts[2], new LiveMessage((LiveMessageKind)kind, id));
    }

    public void Dispose() => redis.Dispose();
}
