using Microsoft.Extensions.Configuration;
using WorkOrders.Core.Jobs;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Jobs;

/// <summary>A scheduled job runs once per period across every server sharing the database.</summary>
public abstract class JobLeasesTests : DatabaseTest
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task TryAcquire_SamePeriodThenNext_OnlyFirstOfEachPeriodRuns()
    {
        await using var host = await StartCoreAsync(seedDemoData: false);
        var leases = host.Get<IJobLeases>();

        Assert.True(await leases.TryAcquireAsync("digest", Hour));
        Assert.False(await leases.TryAcquireAsync("digest", Hour));
        Assert.True(await leases.TryAcquireAsync("clean-up", Hour));
        host.Clock.Advance(Hour - TimeSpan.FromSeconds(1));
        Assert.False(await leases.TryAcquireAsync("digest", Hour));
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await leases.TryAcquireAsync("digest", Hour));
    }

    [Fact]
    public async Task TryAcquire_TwoServersAskingAtOnce_ExactlyOneRunsEachPeriod()
    {
        await using var first = await StartCoreAsync(seedDemoData: false);
        await using var second = await StartCoreAsync(seedDemoData: false, settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:WorkOrders"] = first.Get<IConfiguration>().GetConnectionString("WorkOrders")
                                               ?? $"Data Source={Path.Combine(first.Folder, "workorders.db")}",
        });

        for (var period = 0; period < 3; period++)
        {
            var asks = Enumerable.Range(0, 16).Select(async i =>
            {
                await Task.Yield();
                return await (i % 2 == 0 ? first : second).Get<IJobLeases>().TryAcquireAsync("reminders", Hour);
            });
            Assert.Single(await Task.WhenAll(asks), won => won);
            first.Clock.Advance(Hour);
            second.Clock.Advance(Hour);
        }
    }

    [Fact]
    public async Task TryAcquire_NoPeriod_Refused()
    {
        await using var host = await StartCoreAsync(seedDemoData: false);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Get<IJobLeases>().TryAcquireAsync("digest", TimeSpan.Zero));
    }

    public sealed class OnSqlite : JobLeasesTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : JobLeasesTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
