using System.Runtime;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace WorkOrders.Web.Circuits;

/// <summary>
/// Off by default. When <c>WorkOrders:Diagnostics:Memory</c> is true (a benchmark run on loopback, never
/// production), <c>GET /diagnostics/memory</c> forces a full compacting collection and reports the GC heap
/// and the number of open circuits, so the memory one circuit costs can be measured from outside, and
/// <c>/diagnostics/empty</c> is an interactive page with nothing on it: the floor for that measurement.
/// </summary>
public static class MemoryDiagnostics
{
    public const string Setting = "WorkOrders:Diagnostics:Memory";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(Setting);

    public static IServiceCollection AddMemoryDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsEnabled(configuration))
        {
            services.AddSingleton<CircuitCounter>();
            services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<CircuitCounter>());
        }
        return services;
    }

    public static WebApplication MapMemoryDiagnostics(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration)) return app;
        app.MapGet("/diagnostics/memory", (HttpContext http, CircuitCounter circuits) =>
        {
            // A forced full collection stalls the app: only the machine itself may ask for one.
            if (http.Connection.RemoteIpAddress is not { } caller || !System.Net.IPAddress.IsLoopback(caller)) return Results.NotFound();
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            return Results.Ok(new
            {
                heapBytes = GC.GetTotalMemory(forceFullCollection: false),
                heapSizeAfterFullGcBytes = info.HeapSizeBytes,
                workingSetBytes = Environment.WorkingSet,
                openCircuits = circuits.Open,
                connectedCircuits = circuits.Connected,
            });
        }).AllowAnonymous();
        return app;
    }

    /// <summary>Counts circuits so a measurement can wait until every page it opened holds one.</summary>
    public sealed class CircuitCounter : CircuitHandler
    {
        private int open;
        private int connected;

        public int Open => Volatile.Read(ref open);
        public int Connected => Volatile.Read(ref connected);

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref open);
            return Task.CompletedTask;
        }

        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref connected);
            return Task.CompletedTask;
        }

        public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref connected);
            return Task.CompletedTask;
        }
    }
}
