using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Live;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web.Live;

public sealed class SharedReadsTests : IDisposable
{
    private static readonly Actor Approver = new("u1", 1, OrganizationKind.Company, OrganizationRole.Admin);
    private readonly LiveFanOut fanOut = new(NullLogger<LiveFanOut>.Instance, TestMetrics.New());
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly InProcessLiveBus bus;
    private readonly SharedReads reads;
    private int count;

    public SharedReadsTests()
    {
        bus = new InProcessLiveBus(fanOut);
        reads = new SharedReads(bus, clock);
    }

    private Task<int> ReadAsync(Actor actor) => reads.GetAsync("view", actor, async () =>
    {
        await Task.Yield();
        return Interlocked.Increment(ref count);
    });

    [Fact]
    public async Task SameActorSameVersion_ManyPages_OneRead()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => ReadAsync(Approver)));

        Assert.All(results, r => Assert.Equal(1, r));
        Assert.Equal(1, count);
    }

    [Theory]
    [InlineData("u2", 1, OrganizationKind.Company, OrganizationRole.Admin, false)]
    [InlineData("u1", 2, OrganizationKind.Company, OrganizationRole.Admin, false)]
    [InlineData("u1", 1, OrganizationKind.ServiceProvider, OrganizationRole.Admin, false)]
    [InlineData("u1", 1, OrganizationKind.Company, OrganizationRole.Member, false)]
    [InlineData("u1", 1, OrganizationKind.Company, OrganizationRole.Admin, true)]
    public async Task AnyPartOfTheActorDiffers_NotShared(string user, int organization, OrganizationKind kind, OrganizationRole role, bool systemAdmin)
    {
        await ReadAsync(Approver);

        var other = await ReadAsync(new Actor(user, organization, kind, role, systemAdmin));

        Assert.Equal(2, other);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("org")]
    [InlineData("resync")]
    public async Task MessageOnTheActorsTopics_ReadAgain(string what)
    {
        await ReadAsync(Approver);

        if (what == "user") bus.Publish(LiveTopics.User(Approver.UserId), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        else if (what == "org") bus.Publish(LiveTopics.Organization(Approver.OrganizationId), new LiveMessage(LiveMessageKind.WorkOrderChanged, 1));
        else fanOut.DeliverToAll(new LiveMessage(LiveMessageKind.Resync, 0));

        Assert.Equal(2, await ReadAsync(Approver));
    }

    [Fact]
    public async Task OtherTopicsMessage_StillShared()
    {
        await ReadAsync(Approver);

        bus.Publish(LiveTopics.Organization(99), new LiveMessage(LiveMessageKind.WorkOrderChanged, 1));

        Assert.Equal(1, await ReadAsync(Approver));
    }

    [Fact]
    public async Task OlderThanItsLifetime_ReadAgainAndSweptWhenUnused()
    {
        await ReadAsync(Approver);

        clock.Advance(SharedReads.Lifetime);
        Assert.Equal(0, reads.Count);
        Assert.Equal(2, await ReadAsync(Approver));
    }

    [Fact]
    public async Task FailedRead_NotShared()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => reads.GetAsync<int>("view", Approver, () => throw new InvalidOperationException("database gone")));

        Assert.Equal(1, await ReadAsync(Approver));
    }

    public void Dispose()
    {
        reads.Dispose();
        fanOut.Dispose();
    }
}
