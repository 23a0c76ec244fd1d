using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WorkOrders.Web.Diagnostics;

/// <summary>
/// What load measurements need from inside the server: the GC heap after a forced full collection and how many
/// circuits are open. Off unless <c>Diagnostics:LoadMeasurements</c> is true, and then answered only to loopback
/// callers; a production configuration never turns it on.
/// </summary>
public static class LoadDiagnostics
{
    public const string Setting = "Diagnostics:LoadMeasurements";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(Setting);

    public static IHostApplicationBuilder AddLoadDiagnostics(this IHostApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration)) return builder;
        builder.Services.AddSingleton<OpenCircuits>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<CircuitHandler, OpenCircuits>(sp => sp.GetRequiredService<OpenCircuits>()));
        return builder;
    }

    public static IEndpointRouteBuilder MapLoadDiagnostics(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!IsEnabled(configuration)) return app;
        app.MapGet("/_diagnostics/memory", (HttpContext http, OpenCircuits circuits) =>
            {
                if (http.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip)) return Results.NotFound();
                // Two full, compacting collections so that what remains is what the open circuits really hold.
                for (var i = 0; i < 2; i++)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                }
                using var process = Process.GetCurrentProcess();
                return Results.Json(new MemoryReading(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, circuits.Open, circuits.Connected));
            })
            .AllowAnonymous();
        return app;
    }

    public sealed record MemoryReading(long GcHeapBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits);

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
