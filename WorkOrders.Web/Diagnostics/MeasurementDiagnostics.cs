using System.Net;
using System.Runtime;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WorkOrders.Web.Diagnostics;

/// <summary>
/// What memory and load measurements (WorkOrders.Benchmarks: pageweight, circuits) need from inside the server:
/// <c>GET /_diagnostics/memory</c> forces full compacting collections and reports the GC heap, the working set and the
/// open and connected circuits; <c>/_diagnostics/empty</c> is an interactive page with nothing on it, the floor any
/// circuit of this app costs. Off unless <c>WorkOrders:Diagnostics:Measurements</c> is true, and then the memory
/// reading answers loopback callers only (a forced collection stalls the app); a production configuration never turns it on.
/// </summary>
public static class MeasurementDiagnostics
{
    public const string Setting = "WorkOrders:Diagnostics:Measurements";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(Setting);

    public static IHostApplicationBuilder AddMeasurementDiagnostics(this IHostApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration)) return builder;
        builder.Services.AddSingleton<OpenCircuits>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<CircuitHandler, OpenCircuits>(sp => sp.GetRequiredService<OpenCircuits>()));
        return builder;
    }

    public static IEndpointRouteBuilder MapMeasurementDiagnostics(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!IsEnabled(configuration)) return app;
        app.MapGet("/_diagnostics/memory", (HttpContext http, OpenCircuits circuits) =>
            {
                if (http.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip)) return Results.NotFound();
                // Two full, compacting collections (large objects too) so that what remains is what the open circuits hold.
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                for (var i = 0; i < 2; i++)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                }
                var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
                return Results.Json(new MemoryReading(
                    GC.GetTotalMemory(forceFullCollection: false), info.HeapSizeBytes, Environment.WorkingSet, circuits.Open, circuits.Connected));
            })
            .AllowAnonymous();
        return app;
    }

    public sealed record MemoryReading(long GcHeapBytes, long HeapSizeAfterFullGcBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits);

    /// <summary>Counts circuits as the server sees them (open = not yet disposed; connected = has a live connection).</summary>
    internal sealed class OpenCircuits : CircuitHandler
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
