using System.Diagnostics.Metrics;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Diagnostics;

/// <summary>
/// The product's own measurements on the <c>WorkOrders</c> meter, for whatever listens (OpenTelemetry when an
/// exporter is configured, <c>dotnet-counters</c>, a test's MeterListener). Recording costs next to nothing when
/// nobody listens, so the call sites never check.
/// </summary>
public sealed class WorkOrdersMetrics
{
    public const string MeterName = "WorkOrders";

    public const string Transitions = "workorders.transitions";
    public const string OutboxBacklog = "workorders.outbox.backlog";
    public const string OutboxOldestAge = "workorders.outbox.oldest_age";
    public const string LiveFanOutLatency = "workorders.live.fan_out.latency";
    public const string OpenCircuits = "workorders.circuits.open";
    public const string JobChecks = "workorders.jobs.checks";

    private readonly Counter<long> transitions;
    private readonly Histogram<double> fanOutLatency;
    private readonly UpDownCounter<long> openCircuits;
    private readonly Counter<long> jobChecks;

    private OutboxBacklogReading? outbox;

    public WorkOrdersMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        transitions = Meter.CreateCounter<long>(Transitions, "{transition}", "Work order steps committed, by action (a rate gives transitions per second).");
        fanOutLatency = Meter.CreateHistogram<double>(LiveFanOutLatency, "s",
            "From a live message reaching this server to one subscribing page having handled it.");
        openCircuits = Meter.CreateUpDownCounter<long>(OpenCircuits, "{circuit}", "Blazor circuits open on this server, connected or waiting for a reconnect.");
        jobChecks = Meter.CreateCounter<long>(JobChecks, "{check}",
            "A server's periodic look at a scheduled job, by job and outcome: ran, skipped (another server has it this period) or failed.");
        // Observed from the last reading: an exporter's collection must never wait for a database.
        Meter.CreateObservableGauge(OutboxBacklog, () => LastOutboxReading is { } r ? [new Measurement<long>(r.Queued)] : Array.Empty<Measurement<long>>(),
            "{message}", "E-mails queued in the outbox, waiting to be sent.");
        Meter.CreateObservableGauge(OutboxOldestAge, () => LastOutboxReading is { } r ? [new Measurement<double>(r.OldestAge.TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s", "Age of the oldest e-mail still queued in the outbox; 0 when it is empty.");
    }

    /// <summary>The meter itself, so a listener can tell this host's measurements from another's in the same process.</summary>
    public Meter Meter { get; }

    /// <summary>The outbox as <see cref="OutboxBacklogMonitor"/> last read it; null before its first reading.</summary>
    public OutboxBacklogReading? LastOutboxReading => Volatile.Read(ref outbox);

    public void OutboxRead(OutboxBacklogReading reading) => Volatile.Write(ref outbox, reading);

    public void TransitionCommitted(WorkOrderAction action) =>
        transitions.Add(1, new KeyValuePair<string, object?>("action", action.ToString()));

    public void FanOutDelivered(TimeSpan latency) => fanOutLatency.Record(latency.TotalSeconds);

    public void CircuitOpened() => openCircuits.Add(1);

    public void CircuitClosed() => openCircuits.Add(-1);

    public void JobChecked(string job, JobOutcome outcome) =>
        jobChecks.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
}

/// <summary>What one server did when a scheduled job's time came.</summary>
public enum JobOutcome
{
    Ran,
    Skipped,
    Failed,
}
