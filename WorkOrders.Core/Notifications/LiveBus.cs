namespace WorkOrders.Core.Notifications;

/// <summary>
/// A push that something changed. It carries ids only: a subscriber re-reads what it shows from the
/// database through the usual visibility rules, so a message can never leak data and a missed one
/// loses nothing.
/// </summary>
public sealed record LiveMessage(LiveMessageKind Kind, int WorkOrderId);

public enum LiveMessageKind
{
    WorkOrderChanged,
    NotificationsChanged,

    /// <summary>A user was disabled or their role changed: their open pages and connections re-check who they are at once.</summary>
    AccessChanged,

    /// <summary>This server stopped hearing other servers' messages (Redis is unreachable): pages still work but are no longer pushed to.</summary>
    Paused,

    /// <summary>This server hears messages again after a pause: every page re-reads, since it may have missed some.</summary>
    Resync,
}

public static class LiveTopics
{
    public static string User(string userId) => "user:" + userId;
    public static string Organization(int organizationId) => "org:" + organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A subscriber that coalesces: the fan-out hands it each message at once (<see cref="Note"/>, on the publisher's
/// thread, so it must only take note) and queues one <see cref="RunAsync"/> for everything noted until that run starts.
/// One event published on two topics, or a burst, then costs one run instead of one per message.
/// </summary>
public interface ILiveListener
{
    /// <summary>Takes note of the message, cheaply and without I/O; true when a run must be queued for it.</summary>
    bool Note(string topic, LiveMessage message);

    /// <summary>The run asked for could not be queued (the queue is full): the next message must ask again.</summary>
    void NotQueued();

    /// <summary>Acts on everything noted so far; messages noted while it runs ask for another run.</summary>
    Task RunAsync();
}

/// <summary>
/// Delivers live messages to the pages subscribed to a topic, on every server of the installation.
/// <see cref="Paused"/> and <see cref="LiveMessageKind.Resync"/> are delivered to every local subscriber, whatever its topic.
/// </summary>
public interface ILiveBus
{
    /// <summary>Queues the message and returns at once: the caller never waits for the pages that listen.</summary>
    void Publish(string topic, LiveMessage message);

    IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler);

    /// <summary>
    /// Subscribes a listener that gathers messages and is run once for all it gathered (see <see cref="ILiveListener"/>).
    /// One listener may subscribe to several topics.
    /// </summary>
    IDisposable Subscribe(string topic, ILiveListener listener);

    /// <summary>True while messages from other servers cannot arrive (the shared bus is unreachable).</summary>
    bool IsPaused { get; }

    /// <summary>
    /// Changes whenever this server delivers a message on the topic or resynchronises, so a read keyed by it
    /// is never reused across an event.
    /// </summary>
    long VersionOf(string topic);
}

/// <summary>The single-server bus: delivers to the subscribers of this process.</summary>
public sealed class InProcessLiveBus(LiveFanOut local) : ILiveBus
{
    public void Publish(string topic, LiveMessage message) => local.Deliver(topic, message);

    public IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler) => local.Subscribe(topic, handler);

    public IDisposable Subscribe(string topic, ILiveListener listener) => local.Subscribe(topic, listener);

    public bool IsPaused => false;

    public long VersionOf(string topic) => local.VersionOf(topic);
}
