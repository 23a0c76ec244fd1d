using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Identity;

namespace WorkOrders.Tests.Web.Identity;

/// <summary>Many open pages of one session cost one timed check and one activity write, not one per page.</summary>
public sealed class SessionSharingTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SharedSessionChecks shared;
    private int checks;

    public SessionSharingTests() => shared = new SharedSessionChecks(
        clock, Options.Create(new RevalidationOptions { RevalidationInterval = TimeSpan.FromMinutes(1) }), Options.Create(new IdentityOptions()));

    private static ClaimsPrincipal Page(string user = "u1", string session = "s1", OrganizationRole role = OrganizationRole.Admin)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user),
            new Claim(ActorClaims.OrganizationId, "1"),
            new Claim(ActorClaims.OrganizationKind, nameof(OrganizationKind.Company)),
            new Claim(ActorClaims.Role, role.ToString()),
            new Claim(ActorClaims.DisplayName, "Morgan Avery"),
            new Claim(WorkOrdersSignInManager.SessionClaim, session),
        ], "test");
        return new ClaimsPrincipal(identity);
    }

    private Task<SessionCheck> CheckAsync(ClaimsPrincipal page, bool fresh = false) => shared.GetAsync(page, async () =>
    {
        await Task.Yield();
        Interlocked.Increment(ref checks);
        return SessionCheck.Unchanged;
    }, fresh);

    [Fact]
    public async Task TimedCheck_ThousandPagesOfOneSession_OneCheck()
    {
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => CheckAsync(Page())));

        Assert.Equal(1, checks);
    }

    [Fact]
    public async Task TimedCheck_HalfAnIntervalLater_ChecksAgain()
    {
        await CheckAsync(Page());
        clock.Advance(TimeSpan.FromSeconds(29));
        await CheckAsync(Page());
        clock.Advance(TimeSpan.FromSeconds(1));
        await CheckAsync(Page());

        Assert.Equal(2, checks);
    }

    [Fact]
    public async Task FreshCheck_AnswerShared_StillAsksTheDatabase()
    {
        await CheckAsync(Page());
        await CheckAsync(Page(), fresh: true);
        await CheckAsync(Page());

        Assert.Equal(2, checks);
    }

    [Theory]
    [InlineData("u2", "s1", OrganizationRole.Admin)]
    [InlineData("u1", "s2", OrganizationRole.Admin)]
    [InlineData("u1", "s1", OrganizationRole.Member)]
    public async Task TimedCheck_OtherUserSessionOrHeldRole_NotShared(string user, string session, OrganizationRole role)
    {
        await CheckAsync(Page());
        await CheckAsync(Page(user, session, role));

        Assert.Equal(2, checks);
    }

    [Fact]
    public async Task TimedCheck_Failed_NextPageAsksAgain()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => shared.GetAsync(Page(), async () =>
        {
            await Task.Yield();
            throw new TimeoutException("database unreachable");
        }, fresh: false));

        await CheckAsync(Page());

        Assert.Equal(1, checks);
    }

    /// <summary>A dispatcher's fresh session (30 minutes' idle timeout) and the activity writer under test.</summary>
    private static async Task<(CoreHost Core, UserSessions Sessions, string SessionId, string UserId, SessionActivity Activity)> SessionAsync()
    {
        var core = await CoreHost.StartAsync();
        var userId = await core.UserIdAsync(Demo.Dispatcher);
        var sessions = core.Get<UserSessions>();
        var started = await sessions.StartAsync(userId, keepSignedIn: false);
        return (core, sessions, started.SessionId, userId, new SessionActivity(sessions, core.Clock, NullLogger<SessionActivity>.Instance));
    }

    [Fact]
    public async Task Touch_ManyPagesOfOneSessionWithinAMinute_OneWrite()
    {
        var (core, sessions, sessionId, userId, activity) = await SessionAsync();
        await using (core)
        {
            core.Clock.Advance(TimeSpan.FromMinutes(25));
            await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => activity.Touch(sessionId, userId)));
            core.Clock.Advance(TimeSpan.FromSeconds(50));
            await activity.Touch(sessionId, userId); // within the minute: not written
            core.Clock.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(30));

            // Idle 30 min 20 s since the write at 25 min (the later touch, 29 min 30 s ago, was not written): ended.
            Assert.False(await sessions.ValidateAsync(sessionId, userId, countAsActivity: false));
        }
    }

    [Fact]
    public async Task Touch_AfterTheInterval_KeepsTheSessionAlive()
    {
        var (core, sessions, sessionId, userId, activity) = await SessionAsync();
        await using (core)
        {
            core.Clock.Advance(TimeSpan.FromMinutes(25));
            await activity.Touch(sessionId, userId);
            core.Clock.Advance(TimeSpan.FromMinutes(25));

            Assert.True(await sessions.ValidateAsync(sessionId, userId, countAsActivity: false));
        }
    }
}
