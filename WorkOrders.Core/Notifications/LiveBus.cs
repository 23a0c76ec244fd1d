using Microsoft.Extensions.Logging;

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
}

public static class LiveTopics
{
    public static string User(string userId) => "user:" + userId;
    public static string Organization(int organizationId) => "org:" + organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Delivers live messages to the pages (circuits, hub connections) subscribed to a topic.</summary>
public interface ILiveBus
{
    Task PublishAsync(string topic, LiveMessage message);
    IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler);
}

/// <summary>The single-server bus: delivers to the subscribers of this process.</summary>
public sealed class InProcessLiveBus(ILogger<InProcessLiveBus> logger) : ILiveBus
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Func<LiveMessage, Task>[]> topics = [];

    public async Task PublishAsync(string topic, LiveMessage message)
    {
        Func<LiveMessage, Task>[]? handlers;
        lock (gate)
        {
            if (!topics.TryGetValue(topic, out handlers)) return;
        }
        // Pages re-read in parallel: the user who acted waits for the slowest page, not for the sum of them.
        await Task.WhenAll(handlers.Select(handler => DeliverAsync(topic, handler, message)));
    }

    private async Task DeliverAsync(string topic, Func<LiveMessage, Task> handler, LiveMessage message)
    {
        try
        {
            await handler(message);
        }
        catch (Exception ex)
        {
            // One broken page must not stop the others from hearing about the change.
            logger.LogWarning(ex, "A live subscriber of {Topic} failed", topic);
        }
    }

    public IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler)
    {
        lock (gate)
        {
            topics[topic] = topics.TryGetValue(topic, out var existing) ? [.. existing, handler] : [handler];
        }
        return new Subscription(() =>
        {
            lock (gate)
            {
                if (!topics.TryGetValue(topic, out var existing)) return;
                var rest = existing.Where(h => h != handler).ToArray();
                if (rest.Length == 0) topics.Remove(topic);
                else topics[topic] = rest;
            }
        });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) dispose();
        }
    }
}
