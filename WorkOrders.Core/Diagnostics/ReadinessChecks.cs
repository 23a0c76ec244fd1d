using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Data;
using WorkOrders.Core.Notifications;

namespace WorkOrders.Core.Diagnostics;

/// <summary>The database answers and has every migration this build knows applied.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<WorkOrdersDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database does not answer.");
        // A server started on a newer build than the schema (migrations still running elsewhere) must not take requests yet.
        return (await db.Database.GetPendingMigrationsAsync(ct)).Any()
            ? HealthCheckResult.Unhealthy("Migrations are pending.")
            : HealthCheckResult.Healthy();
    }
}

/// <summary>Redis, when the live bus runs over it, answers a ping on the bus's own connection.</summary>
public sealed class RedisHealthCheck(ILiveBus bus) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (bus is not RedisLiveBus redis) return HealthCheckResult.Healthy("Not in use.");
        try
        {
            await redis.PingAsync().WaitAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", ex);
        }
    }
}

/// <summary>The oldest queued e-mail is younger than <see cref="HealthOptions.OutboxMaxAge"/>.</summary>
public sealed class OutboxHealthCheck(OutboxBacklogMonitor monitor, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var reading = await monitor.ReadAsync(ct);
        return reading.OldestAge > options.Value.OutboxMaxAge
            ? HealthCheckResult.Unhealthy($"The oldest queued e-mail has waited {reading.OldestAge:c}.")
            : HealthCheckResult.Healthy();
    }
}
