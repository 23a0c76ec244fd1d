using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace WorkOrders.Web.Circuits;

/// <summary>
/// How much a Blazor circuit may hold on the server. Each open page keeps a circuit; a closed tab or a
/// tablet that went to sleep leaves a disconnected one that still holds its components until it expires.
/// </summary>
public sealed class CircuitLimits
{
    public const string Section = "WorkOrders:Circuits";

    /// <summary>Disconnected circuits kept for a reconnect; the oldest beyond this are dropped.</summary>
    [Range(0, 100_000)]
    public int DisconnectedCircuitMaxRetained { get; set; } = 100;

    /// <summary>How long a disconnected circuit waits for its browser to come back (a flaky tablet link, a laptop lid).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan DisconnectedCircuitRetentionPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A JavaScript call the browser does not answer in this time fails instead of holding the circuit.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan JSInteropDefaultCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Render batches a slow browser may leave unacknowledged before the server stops rendering for it.</summary>
    [Range(1, 100)]
    public int MaxBufferedUnacknowledgedRenderBatches { get; set; } = 10;

    internal void ApplyTo(CircuitOptions options)
    {
        options.DisconnectedCircuitMaxRetained = DisconnectedCircuitMaxRetained;
        options.DisconnectedCircuitRetentionPeriod = DisconnectedCircuitRetentionPeriod;
        options.JSInteropDefaultCallTimeout = JSInteropDefaultCallTimeout;
        options.MaxBufferedUnacknowledgedRenderBatches = MaxBufferedUnacknowledgedRenderBatches;
    }
}

public static class CircuitRegistration
{
    /// <summary>Binds <see cref="CircuitLimits"/> (validated at start) and hands them to Blazor's circuit options.</summary>
    public static IServiceCollection AddCircuitLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CircuitLimits>().Bind(configuration.GetSection(CircuitLimits.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CircuitOptions>().Configure<IOptions<CircuitLimits>>((options, limits) => limits.Value.ApplyTo(options));
        return services;
    }
}
