using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Data;
using WorkOrders.Core.Email;

namespace WorkOrders.Core.Diagnostics;

/// <summary>How much mail waits in the outbox and for how long the oldest of it has waited.</summary>
public sealed record OutboxBacklogReading(int Queued, TimeSpan OldestAge, DateTimeOffset ReadAt);

/// <summary>
/// Reads the outbox backlog for the readiness check (fresh, on each call) and hands each reading to the gauges,
/// which a background loop keeps fresh every <see cref="HealthOptions.OutboxSampleInterval"/>. The outbox is
/// shared by every server, so each one reports the same fleet-wide figure.
/// </summary>
public sealed class OutboxBacklogMonitor(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, WorkOrdersMetrics metrics)
{
    public async Task<OutboxBacklogReading> ReadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var queued = db.Outbox.Where(m => m.Status == OutboxStatus.Queued);
        var count = await queued.CountAsync(ct);
        var oldest = count == 0 ? null : await queued.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        var reading = new OutboxBacklogReading(count, oldest is { } at && at < now ? now - at : TimeSpan.Zero, now);
        metrics.OutboxRead(reading);
        return reading;
    }
}

/// <summary>Keeps the outbox gauges fresh.</summary>
public sealed class OutboxBacklogSampler(OutboxBacklogMonitor monitor, IOptions<HealthOptions> options, TimeProvider clock, ILogger<OutboxBacklogSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OutboxSampleInterval, clock);
        do
        {
            try
            {
                await monitor.ReadAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The readiness check reports an unreachable database; the gauges keep their last value.
                logger.LogDebug(ex, "Reading the outbox backlog failed");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
