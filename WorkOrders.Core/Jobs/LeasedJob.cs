using Microsoft.Extensions.Logging;
using WorkOrders.Core.Diagnostics;

namespace WorkOrders.Core.Jobs;

/// <summary>
/// The loop every scheduled job shares: every server ticks each period, the lease lets one of them run the job, a
/// failure is logged and tried again next period, and each tick's outcome is counted (ran, skipped, failed).
/// </summary>
public static class LeasedJob
{
    public static async Task RunEveryAsync(string name, TimeSpan period, TimeProvider clock, IJobLeases leases, WorkOrdersMetrics metrics,
        ILogger logger, string failure, Func<CancellationToken, Task> job, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, clock);
        do
        {
            var outcome = JobOutcome.Skipped;
            try
            {
                if (await leases.TryAcquireAsync(name, period, stoppingToken))
                {
                    await job(stoppingToken);
                    outcome = JobOutcome.Ran;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                outcome = JobOutcome.Failed;
                logger.LogError(ex, "{Failure}", failure);
            }
            metrics.JobChecked(name, outcome);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
