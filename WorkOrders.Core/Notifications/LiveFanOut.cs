using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WorkOrders.Core.Diagnostics;

namespace WorkOrders.Core.Notifications;

/// <summary>
/// This server's half of every bus: who listens to which topic here, and the deliveries to them. A message
/// becomes one queued delivery per subscriber, except that an <see cref="ILiveListener"/> (a page's circuit) only
/// takes note and is queued once for everything it noted before its run starts; a fixed set of workers runs the
/// deliveries, so at most <see cref="Concurrency"/> circuits re-read at once, never one after the other, and never on
/// the publisher's time. When the queue is full the delivery is dropped and logged: the page is correct again on its
/// next read.
/// </summary>
public sealed class LiveFanOut : IDisposable
{
    public const int Concurrency = 16;
    public const int QueueCapacity = 100_000;

    private readonly ILogger<LiveFanOut> logger;
    private readonly WorkOrdersMetrics metrics;
    private readonly ConcurrentDictionary<string, Topic> topics = new();
    private readonly ConcurrentDictionary<string, long> versions = new();
    private readonly Channel<Delivery> queue = Channel.CreateBounded<Delivery>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = false });
    private readonly Task[] workers;
    private long epoch;
    private long pending;

    public LiveFanOut(ILogger<LiveFanOut> logger, WorkOrdersMetrics metrics)
    {
        this.logger = logger;
        this.metrics = metrics;
        workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    /// <summary>Queues the message for every subscriber of the topic in this process.</summary>
    public void Deliver(string topic, LiveMessage message)
    {
        versions.AddOrUpdate(topic, 1, (_, v) => v + 1);
        Enqueue(topic, message, MembersOf(topic));
    }

    /// <summary>Queues the message for every subscriber in this process, whatever its topic (pause and resync).</summary>
    public void DeliverToAll(LiveMessage message)
    {
        Interlocked.Increment(ref epoch);
        foreach (var (name, topic) in topics) Enqueue(name, message, topic.Members());
    }

    public long VersionOf(string topic) =>
        (Interlocked.Read(ref epoch) << 40) + (versions.TryGetValue(topic, out var v) ? v : 0);

    /// <summary>Deliveries queued or running; zero when every page has been told.</summary>
    public long Pending => Interlocked.Read(ref pending);

    /// <summary>
    /// Adds a subscriber in constant time: thousands of pages of one organisation subscribe to the same topic, and
    /// copying the topic's list on every page open or close made opening and closing circuits quadratic.
    /// </summary>
    public IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler) => Add(new Subscription(this, topic, handler, null));

    /// <inheritdoc cref="ILiveBus.Subscribe(string, ILiveListener)"/>
    public IDisposable Subscribe(string topic, ILiveListener listener) => Add(new Subscription(this, topic, null, listener));

    private Subscription Add(Subscription subscription)
    {
        var topic = subscription.TopicName;
        while (true)
        {
            var members = topics.GetOrAdd(topic, _ => new Topic());
            if (members.TryAdd(subscription)) return subscription;
            // The topic emptied between the lookup and the add: finish taking it out of the map, then start a new one.
            topics.TryRemove(new KeyValuePair<string, Topic>(topic, members));
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        if (topics.TryGetValue(subscription.TopicName, out var members) && members.Remove(subscription))
            topics.TryRemove(new KeyValuePair<string, Topic>(subscription.TopicName, members));
    }

    private Subscription[] MembersOf(string topic) =>
        topics.TryGetValue(topic, out var members) ? members.Members() : [];

    private void Enqueue(string topic, LiveMessage message, Subscription[] members)
    {
        foreach (var member in members)
        {
            if (member.Listener is not { } listener)
            {
                var handler = member.Handler!;
                TryQueue(topic, message, () => handler(message));
                continue;
            }
            bool wantsRun;
            try
            {
                wantsRun = listener.Note(topic, message);
            }
            catch (Exception ex)
            {
                // Runs on the publisher's thread: a broken listener must neither fail the use case nor stop the others.
                logger.LogWarning(ex, "A live listener of {Topic} failed to take note of {Kind}", topic, message.Kind);
                continue;
            }
            if (wantsRun && !TryQueue(topic, message, listener.RunAsync)) listener.NotQueued();
        }
    }

    private bool TryQueue(string topic, LiveMessage message, Func<Task> run)
    {
        Interlocked.Increment(ref pending);
        if (queue.Writer.TryWrite(new Delivery(topic, run, Stopwatch.GetTimestamp()))) return true;
        Interlocked.Decrement(ref pending);
        logger.LogWarning("Live delivery queue full: a subscriber of {Topic} misses {Kind} and catches up on its next read", topic, message.Kind);
        return false;
    }

    private async Task WorkAsync()
    {
        await foreach (var delivery in queue.Reader.ReadAllAsync())
        {
            // To the back of the thread pool's queue before each delivery. Otherwise, with deliveries waiting, a worker
            // runs one after another on the same thread, and the request of the person who acted (the render that
            // closes their dialog) waits behind the whole audience for a thread to come free.
            await Task.Yield();
            try
            {
                await delivery.Run();
            }
            catch (Exception ex)
            {
                // One broken page must not stop the others from hearing about the change.
                logger.LogWarning(ex, "A live subscriber of {Topic} failed", delivery.Topic);
            }
            finally
            {
                Interlocked.Decrement(ref pending);
                metrics.FanOutDelivered(Stopwatch.GetElapsedTime(delivery.QueuedAt));
            }
        }
    }

    public void Dispose() => queue.Writer.TryComplete();

    private sealed record Delivery(string Topic, Func<Task> Run, long QueuedAt);

    /// <summary>The subscribers of one topic, and the list a delivery reads, rebuilt only after a change.</summary>
    private sealed class Topic
    {
        private readonly HashSet<Subscription> members = [];
        private Subscription[]? snapshot;
        private bool closed;

        public bool TryAdd(Subscription subscription)
        {
            lock (members)
            {
                if (closed) return false;
                members.Add(subscription);
                snapshot = null;
                return true;
            }
        }

        /// <summary>Removes the subscriber; true when the topic is now empty and closed to new ones.</summary>
        public bool Remove(Subscription subscription)
        {
            lock (members)
            {
                if (!members.Remove(subscription)) return false;
                snapshot = null;
                closed = members.Count == 0;
                return closed;
            }
        }

        public Subscription[] Members()
        {
            lock (members)
            {
                return snapshot ??= [.. members];
            }
        }
    }

    private sealed class Subscription(LiveFanOut owner, string topic, Func<LiveMessage, Task>? handler, ILiveListener? listener) : IDisposable
    {
        private int disposed;

        public string TopicName => topic;
        public Func<LiveMessage, Task>? Handler => handler;
        public ILiveListener? Listener => listener;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Unsubscribe(this);
        }
    }
}
