using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace WorkOrders.Core.Diagnostics;

public static class DiagnosticsRegistration
{
    /// <summary>Tag of the checks <c>/health/ready</c> runs; <c>/health/live</c> runs none.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The <c>WorkOrders</c> meter, the outbox backlog reading and the readiness checks.</summary>
    internal static void AddWorkOrdersDiagnostics(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection(HealthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<OutboxBacklogMonitor>();
        services.AddSingleton<WorkOrdersMetrics>();
        services.AddHostedService<OutboxBacklogSampler>();

        var timeout = TimeSpan.FromSeconds(5);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: timeout)
            .AddCheck<OutboxHealthCheck>("outbox", tags: [ReadyTag], timeout: timeout);
        // Decided when first resolved, as the live bus is, so a connection string added by the environment is seen.
        services.AddOptions<HealthCheckServiceOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (configuration.GetConnectionString("Redis") is not { Length: > 0 }) return;
            options.Registrations.Add(new HealthCheckRegistration("redis",
                sp => ActivatorUtilities.CreateInstance<RedisHealthCheck>(sp), HealthStatus.Unhealthy, [ReadyTag], timeout));
        });
    }
}
