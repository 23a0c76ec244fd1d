using System.Collections.Concurrent;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Live;

/// <summary>
/// One read per event per audience: pages of the same actor that show the same view share one read of it.
/// The key is the whole <see cref="Actor"/> (user, organisation, its kind, role, system administrator: everything
/// visibility depends on) plus the versions of the actor's user and organisation topics, so a read is only ever
/// reused for an identical actor and never across a live message. Entries live <see cref="Lifetime"/> at most and
/// are swept when unused. See docs/decisions/ADR-011-live-fan-out-and-shared-reads.md.
/// </summary>
public sealed class SharedReads : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    private readonly ILiveBus bus;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<Key, Entry> entries = new();
    private readonly ITimer sweeper;

    public SharedReads(ILiveBus bus, TimeProvider time)
    {
        this.bus = bus;
        this.time = time;
        sweeper = time.CreateTimer(_ => Sweep(), null, Lifetime, Lifetime);
    }

    /// <summary>The view as <paramref name="read"/> gives it for this actor, read once for every page that asks now.</summary>
    public Task<T> GetAsync<T>(string view, Actor actor, Func<Task<T>> read)
    {
        var key = new Key(view, typeof(T), actor,
            bus.VersionOf(LiveTopics.User(actor.UserId)), bus.VersionOf(LiveTopics.Organization(actor.OrganizationId)));
        var now = time.GetUtcNow();
        while (true)
        {
            // Every open page of the audience asks after one event, nearly all of them for a read already there: those
            // calls allocate no entry and no wrapper (the entry holds the typed task; the key includes the type).
            if (entries.TryGetValue(key, out var entry))
            {
                var task = entry.Value.Value;
                if (!task.IsFaulted && !task.IsCanceled && now - entry.CreatedAt < Lifetime) return (Task<T>)task;
                // Too old, or a failed read: this caller reads again rather than sharing the failure.
                entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
                continue;
            }
            var fresh = new Entry(new Lazy<Task>(() => Start(read)), now);
            if (entries.TryAdd(key, fresh)) return (Task<T>)fresh.Value.Value;
        }
    }

    internal int Count => entries.Count;

    // A read that throws before its first await is a failed task like any other, not an exception the entry keeps.
    private static Task<T> Start<T>(Func<Task<T>> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in entries)
        {
            if (now - entry.CreatedAt >= Lifetime) entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
        }
    }

    public void Dispose() => sweeper.Dispose();

    private readonly record struct Key(string View, Type Type, Actor Actor, long UserVersion, long OrganizationVersion);

    private sealed record Entry(Lazy<Task> Value, DateTimeOffset CreatedAt);
}
