using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Diagnostics;

namespace WorkOrders.Tests.TestSupport;

/// <summary>The product's meter for tests that build parts by hand, and a listener of one meter instance.</summary>
public static class TestMetrics
{
    public static WorkOrdersMetrics New() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}

/// <summary>Collects every measurement of one <see cref="Meter"/> instance, so other hosts in the same test run do not count.</summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> measurements = [];

    public MeterRecorder(Meter meter)
    {
        listener.InstrumentPublished = (instrument, l) => { if (ReferenceEquals(instrument.Meter, meter)) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
    }

    /// <summary>Asks the observable instruments (the gauges) for their current values.</summary>
    public void Observe() => listener.RecordObservableInstruments();

    public IReadOnlyList<(double Value, Dictionary<string, object?> Tags)> Of(string instrument)
    {
        lock (measurements) return measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags)).ToList();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        lock (measurements) measurements.Add((instrument.Name, value, copy));
    }

    public void Dispose() => listener.Dispose();
}
