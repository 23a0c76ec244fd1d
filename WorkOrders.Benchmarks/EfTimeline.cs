using System.Diagnostics;

namespace WorkOrders.Benchmarks;

/// <summary>
/// EF Core's diagnostic events with their time, while <see cref="Recording"/> is on: where one call spends its time
/// between commands (context creation, query compilation, materialisation, SaveChanges, commit).
/// </summary>
public sealed class EfTimeline : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];
    private readonly List<(long At, string Name)> events = [];

    public EfTimeline() => subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public bool Recording { get; set; }

    /// <summary>Queries EF compiled (a cache miss) while recording.</summary>
    public int Compilations => events.Count(e => e.Name.EndsWith("QueryCompilationStarting", StringComparison.Ordinal));

    public void Clear()
    {
        lock (events) events.Clear();
    }

    /// <summary>One line per event: milliseconds since the first, since the previous, and the event's name.</summary>
    public IEnumerable<string> Lines()
    {
        lock (events)
        {
            if (events.Count == 0) yield break;
            var first = events[0].At;
            var previous = first;
            foreach (var (at, name) in events)
            {
                yield return $"{Stopwatch.GetElapsedTime(first, at).TotalMilliseconds,8:F2} {Stopwatch.GetElapsedTime(previous, at).TotalMilliseconds,7:F2}  {name.Replace("Microsoft.EntityFrameworkCore.", "")}";
                previous = at;
            }
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore") listeners.Add(value.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (!Recording) return;
        lock (events) events.Add((Stopwatch.GetTimestamp(), value.Key));
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        subscription.Dispose();
        listeners.ForEach(l => l.Dispose());
    }
}
