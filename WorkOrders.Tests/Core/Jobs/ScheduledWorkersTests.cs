using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Diagnostics;
using WorkOrders.Core.Email;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Jobs;

/// <summary>
/// Each timer worker, running on two servers over one database, does its job once per period: every server looks
/// each period, one runs it and the other skips it. Time moves only by the fake clocks; each look is awaited through
/// the job-check metric it records.
/// </summary>
public abstract class ScheduledWorkersTests : DatabaseTest
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    public static TheoryData<string> Jobs => [DailyDigestWorker.JobName, ProviderResponseWatch.JobName, AttachmentSweeper.JobName];

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task Worker_TwoServersOnOneDatabase_JobRunsOncePerPeriod(string job)
    {
        const int periods = 3;
        await using var first = await StartCoreAsync(seedDemoData: false, configure: WithoutTimerWorkers);
        await using var second = await StartCoreAsync(seedDemoData: false, configure: WithoutTimerWorkers, settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:WorkOrders"] = first.Get<IConfiguration>().GetConnectionString("WorkOrders")
                                               ?? $"Data Source={Path.Combine(first.Folder, "workorders.db")}",
        });
        var servers = new[] { first, second };
        var recorders = servers.Select(s => new MeterRecorder(s.Get<WorkOrdersMetrics>().Meter)).ToList();
        var made = servers.Select(s => Worker(s, job)).ToList();
        var (workers, period) = (made.Select(m => m.Worker).ToList(), made[0].Period);
        try
        {
            foreach (var worker in workers) await worker.StartAsync(CancellationToken.None);
            for (var p = 1; p <= periods; p++)
            {
                var checks = new List<string>();
                foreach (var recorder in recorders)
                {
                    var seen = await recorder.WaitForAsync(WorkOrdersMetrics.JobChecks, p, Hang);
                    checks.Add((string)seen[p - 1].Tags["outcome"]!);
                    Assert.All(seen, m => Assert.Equal(job, m.Tags["job"]));
                }
                Assert.Equal(["ran", "skipped"], checks.Order());
                if (p < periods) foreach (var server in servers) server.Clock.Advance(period);
            }
        }
        finally
        {
            foreach (var worker in workers) await worker.StopAsync(CancellationToken.None);
            foreach (var recorder in recorders) recorder.Dispose();
        }
        Assert.All(recorders, r => Assert.Equal(periods, r.Of(WorkOrdersMetrics.JobChecks).Count));
    }

    /// <summary>The worker as the app registers it, built by hand so the test decides when it starts.</summary>
    private static (BackgroundService Worker, TimeSpan Period) Worker(CoreHost server, string job)
    {
        // The digest and the response watch run only where e-mail goes out in the background.
        var email = Options.Create(new EmailOptions { SendInBackground = true });
        return job switch
        {
            DailyDigestWorker.JobName => (ActivatorUtilities.CreateInstance<DailyDigestWorker>(server.Services, email),
                server.Get<IOptions<DigestOptions>>().Value.CheckInterval),
            ProviderResponseWatch.JobName => (ActivatorUtilities.CreateInstance<ProviderResponseWatch>(server.Services, email), ProviderResponseWatch.Interval),
            AttachmentSweeper.JobName => (ActivatorUtilities.CreateInstance<AttachmentSweeper>(server.Services), AttachmentSweeper.Interval),
            _ => throw new ArgumentOutOfRangeException(nameof(job)),
        };
    }

    private static void WithoutTimerWorkers(IServiceCollection services)
    {
        var timers = new[] { typeof(DailyDigestWorker), typeof(ProviderResponseWatch), typeof(AttachmentSweeper) };
        foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && timers.Contains(d.ImplementationType)).ToList()) services.Remove(hosted);
    }

    public sealed class OnSqlite : ScheduledWorkersTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : ScheduledWorkersTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
