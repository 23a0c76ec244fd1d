using WorkOrders.Core.Notifications;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Web.Live;

/// <summary>
/// The live updates of one circuit (scoped: one per circuit). Every <see cref="LiveUpdates"/> of the circuit joins it;
/// it holds one bus subscription per topic however many parts listen, and turns the messages of one event into one
/// run: the parts concerned re-read (shared reads, ADR-011), and the parts whose shown key changed render together in
/// one render batch. A message only takes note on the publisher's thread (a set of parts, a flag); the run is queued
/// once for everything noted before it starts, so an event told on the user's and the organisation's topic, or a
/// burst, costs a circuit one run. See docs/decisions/ADR-027-one-live-run-per-circuit.md.
/// </summary>
public sealed class LiveCircuit(ILiveBus bus, ILogger<LiveCircuit> logger) : ILiveListener, IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (IDisposable Subscription, HashSet<LiveUpdates> Parts)> topics = [];
    private readonly HashSet<LiveUpdates> dirty = [];
    private bool? pausedNews;
    private RunState state;
    private bool disposed;

    private enum RunState { Idle, Queued, Running, RunningAgain }

    /// <summary>Listens for the part on exactly these topics (leaving any others it listened on).</summary>
    internal void Join(LiveUpdates part, IReadOnlyCollection<string> wanted)
    {
        lock (gate)
        {
            if (disposed) return;
            LeaveLocked(part, keep: wanted);
            foreach (var topic in wanted)
            {
                if (!topics.TryGetValue(topic, out var entry))
                {
                    entry = (bus.Subscribe(topic, this), []);
                    topics[topic] = entry;
                }
                entry.Parts.Add(part);
            }
        }
    }

    internal void Leave(LiveUpdates part)
    {
        lock (gate) LeaveLocked(part, keep: []);
    }

    private void LeaveLocked(LiveUpdates part, IReadOnlyCollection<string> keep)
    {
        foreach (var (topic, entry) in topics.ToList())
        {
            if (keep.Contains(topic) || !entry.Parts.Remove(part) || entry.Parts.Count > 0) continue;
            entry.Subscription.Dispose();
            topics.Remove(topic);
        }
        if (keep.Count == 0) dirty.Remove(part);
    }

    bool ILiveListener.Note(string topic, LiveMessage message)
    {
        lock (gate)
        {
            if (disposed || !topics.TryGetValue(topic, out var entry)) return false;
            switch (message.Kind)
            {
                case LiveMessageKind.AccessChanged:
                    return false; // the session check (RevalidatingActorStateProvider) answers it for the whole circuit
                case LiveMessageKind.Paused:
                    pausedNews = true;
                    break;
                case LiveMessageKind.Resync:
                    // Some messages may have been missed while paused: every part re-reads.
                    pausedNews = false;
                    dirty.UnionWith(entry.Parts);
                    break;
                default:
                    foreach (var part in entry.Parts)
                    {
                        if (part.Concerns(message.WorkOrderId)) dirty.Add(part);
                    }
                    break;
            }
            if (dirty.Count == 0 && pausedNews is null) return false;
            switch (state)
            {
                case RunState.Idle:
                    state = RunState.Queued;
                    return true;
                case RunState.Running:
                    state = RunState.RunningAgain;
                    return false;
                default:
                    return false;
            }
        }
    }

    void ILiveListener.NotQueued()
    {
        lock (gate)
        {
            if (state == RunState.Queued) state = RunState.Idle;
        }
    }

    async Task ILiveListener.RunAsync()
    {
        while (true)
        {
            LiveUpdates? pump;
            lock (gate)
            {
                pump = disposed ? null : topics.Values.SelectMany(t => t.Parts).FirstOrDefault(p => !p.IsDisposed);
                if (pump is null)
                {
                    state = RunState.Idle;
                    return;
                }
            }
            try
            {
                await pump.OnCircuitAsync(() => RefreshAsync(pump));
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A live update of this circuit failed; its pages are correct again on their next read");
            }
            lock (gate)
            {
                if (state != RunState.RunningAgain)
                {
                    state = RunState.Idle;
                    return;
                }
            }
        }
    }

    // On the circuit's dispatcher: one part after another re-reads (most reads are shared and already done), then
    // every part whose key changed renders in the same batch.
    private async Task RefreshAsync(LiveUpdates pump)
    {
        List<LiveUpdates> parts;
        List<LiveUpdates> tell;
        bool? paused;
        lock (gate)
        {
            // Taken here rather than when the run was queued: whatever was noted while it waited for the circuit joins it.
            state = RunState.Running;
            parts = [.. dirty];
            dirty.Clear();
            paused = pausedNews;
            pausedNews = null;
            tell = paused is null ? [] : [.. topics.Values.SelectMany(t => t.Parts).Distinct()];
        }
        foreach (var part in tell.Where(p => !p.IsDisposed)) await part.TellPausedAsync(paused!.Value);
        var changed = new List<LiveUpdates>(parts.Count);
        foreach (var part in parts)
        {
            if (part.IsDisposed) continue;
            try
            {
                if (await part.ReloadAsync()) changed.Add(part);
            }
            catch (Exception ex)
            {
                // One part that cannot read must not keep the others of the page stale.
                logger.LogWarning(ex, "A live part failed to re-read; it is correct again on its next read");
            }
        }
        if (changed.Count > 0 && !pump.IsDisposed) pump.RenderTogether(changed);
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var (subscription, _) in topics.Values) subscription.Dispose();
            topics.Clear();
            dirty.Clear();
        }
    }
}
