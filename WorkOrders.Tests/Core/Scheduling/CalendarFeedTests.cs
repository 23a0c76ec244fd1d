using Ical.Net;
using WorkOrders.Core.Common;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Scheduling;

public abstract class CalendarFeedTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = default!;
    private CalendarFeedService Feeds => host.Get<CalendarFeedService>();

    public async Task InitializeAsync() => host = await StartCoreAsync(settings: new Dictionary<string, string?> { ["WorkOrders:PublicBaseUrl"] = "https://wo.example.com" });
    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<string> TokenForAsync(string email)
    {
        var url = (await Feeds.RotateAsync(await host.ActorAsync(email))).Value!;
        Assert.StartsWith("https://wo.example.com/calendar/feed/", url);
        return url["https://wo.example.com/calendar/feed/".Length..^".ics".Length];
    }

    private async Task<string> FeedAsync(string token)
    {
        var result = await Feeds.RenderAsync(token);
        Assert.True(result.IsOk, result.Message);
        return result.Value!;
    }

    [Fact]
    public async Task Feed_OfAssignee_HasTheirJobsInFacilityZoneWithStableUidAndLink()
    {
        var denver = await SchedulingFixture.FindAsync(host, SchedulingFixture.DispatchedTitle);

        var text = await FeedAsync(await TokenForAsync(Demo.Tech));

        var calendar = Calendar.Load(text)!;
        var ev = Assert.Single(calendar.Events, e => e.Uid == $"workorder-{denver.Id}@wo.example.com");
        Assert.Equal("America/Denver", ev.DtStart!.TzId);
        Assert.Equal(9, ev.DtStart.Value.Hour);
        Assert.Equal(new Uri($"https://wo.example.com/work-orders/{denver.Id}"), ev.Url);
        Assert.Contains(denver.Number, ev.Summary);
        Assert.Contains($"https://wo.example.com/work-orders/{denver.Id}", ev.Description);
        Assert.Contains("BEGIN:VTIMEZONE", text);
        Assert.Contains("TZID:America/Denver", text);
        Assert.Contains("DTSTART;TZID=America/Denver:", text);
    }

    [Fact]
    public async Task Feed_OfDispatcher_HasTheWorkTheyDispatched()
    {
        var denver = await SchedulingFixture.FindAsync(host, SchedulingFixture.DispatchedTitle);
        var resolved = await SchedulingFixture.FindAsync(host, SchedulingFixture.ResolvedTitle);

        var calendar = Calendar.Load(await FeedAsync(await TokenForAsync(Demo.Dispatcher)))!;

        Assert.Contains(calendar.Events, e => e.Uid == $"workorder-{denver.Id}@wo.example.com");
        Assert.Contains(calendar.Events, e => e.Uid == $"workorder-{resolved.Id}@wo.example.com" && e.Summary!.StartsWith('✓'));
    }

    [Fact]
    public async Task Feed_AfterReschedule_KeepsTheUidAndRaisesTheSequence()
    {
        var token = await TokenForAsync(Demo.Tech);
        var wo = await SchedulingFixture.FindAsync(host, SchedulingFixture.DispatchedTitle);
        var before = Calendar.Load(await FeedAsync(token))!.Events.Single(e => e.Uid == $"workorder-{wo.Id}@wo.example.com");
        Assert.True((await host.Get<WorkOrderService>().RescheduleAsync(
            await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, wo.AssigneeId!, wo.ScheduledStart!.Value.AddHours(2), wo.ScheduledEnd!.Value.AddHours(2))).IsOk);

        var after = Calendar.Load(await FeedAsync(token))!.Events.Single(e => e.Uid == $"workorder-{wo.Id}@wo.example.com");

        Assert.Equal(before.DtStart!.Value.AddHours(2), after.DtStart!.Value);
        Assert.True(after.Sequence > before.Sequence);
    }

    [Fact]
    public async Task Feed_NeverContainsAnotherTenantsWork()
    {
        await SchedulingFixture.DispatchProviderWorkAsync(host, CoreHost.Start.AddDays(1));
        var provider = await SchedulingFixture.FindAsync(host, SchedulingFixture.ProviderTitle);

        var providerFeed = Calendar.Load(await FeedAsync(await TokenForAsync(Demo.ProviderTech)))!;
        var otherCompanyFeed = Calendar.Load(await FeedAsync(await TokenForAsync(Demo.OtherCompanyAdmin)))!;

        var seeded = await SchedulingFixture.FindAsync(host, SchedulingFixture.SeededProviderVisitTitle);
        Assert.Equal(new[] { provider.Id, seeded.Id }.Order().Select(id => $"workorder-{id}@wo.example.com"), providerFeed.Events.Select(e => e.Uid).Order());
        Assert.Empty(otherCompanyFeed.Events);
    }

    [Fact]
    public async Task Feed_WithRevokedToken_IsNotFound()
    {
        var token = await TokenForAsync(Demo.Tech);
        Assert.True((await Feeds.RevokeAsync(await host.ActorAsync(Demo.Tech))).IsOk);

        Assert.Equal(ResultStatus.NotFound, (await Feeds.RenderAsync(token)).Status);
        Assert.False(await Feeds.HasFeedAsync(await host.ActorAsync(Demo.Tech)));
    }

    [Fact]
    public async Task Feed_WithRotatedOrWrongToken_IsNotFound()
    {
        var old = await TokenForAsync(Demo.Tech);
        var current = await TokenForAsync(Demo.Tech);

        Assert.Equal(ResultStatus.NotFound, (await Feeds.RenderAsync(old)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Feeds.RenderAsync("not-a-token")).Status);
        Assert.True((await Feeds.RenderAsync(current)).IsOk);
    }

    [Fact]
    public async Task Token_IsStoredOnlyAsItsHash()
    {
        var token = await TokenForAsync(Demo.Tech);

        await using var db = await host.DbAsync();
        var stored = db.Users.Single(u => u.Email == Demo.Tech).CalendarFeedToken;
        Assert.NotEqual(token, stored);
        Assert.Equal(CalendarFeedService.Hash(token), stored);
        Assert.True(token.Length >= 43);
    }

    public sealed class OnSqlite : CalendarFeedTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : CalendarFeedTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
