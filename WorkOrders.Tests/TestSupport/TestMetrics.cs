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
    private readonly SemaphoreSlim recorded = new(0);

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

    /// <summary>
    /// Returns once <paramref name="instrument"/> has at least <paramref name="count"/> measurements, woken by each
    /// new one rather than polling; fails after <paramref name="timeout"/>, which only a hang reaches.
    /// </summary>
    public async Task<IReadOnlyList<(double Value, Dictionary<string, object?> Tags)>> WaitForAsync(string instrument, int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Of(instrument) is var seen && seen.Count < count)
        {
            try
            {
                await recorded.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{instrument}: {seen.Count} of {count} measurements after {timeout.TotalSeconds:0} s.");
            }
        }
        return Of(instrument);
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        lock (measurements) measurements.Add((instrument.Name, value, copy));
        recorded.Release();
    }

    public void Dispose() => listener.Dispose();
}
