using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Tests.Web.Notifications;
using WorkOrders.Web.Identity;

namespace WorkOrders.Tests.Web.Identity;

/// <summary>
/// The open page's user (the circuit's authentication state), over the whole app
/// and a real database. The app re-checks every minute, so anything seen here within seconds came through
/// the pushed message; the "behind the app's back" tests use an app that re-checks every second.
/// </summary>
public sealed class SessionRevalidationTests : IAsyncLifetime
{
    private readonly NotificationsWebApp app = new();
    private readonly NotificationsWebApp quick = new(s => s.Configure<RevalidationOptions>(o => o.RevalidationInterval = TimeSpan.FromSeconds(1)));

    public Task InitializeAsync()
    {
        _ = app.Server;
        _ = quick.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await quick.DisposeAsync();
    }

    [Fact]
    public async Task OpenPage_UserDisabledByAdmin_BecomesAnonymousAtOnceWithReasonDisabled()
    {
        await using var page = await OpenPageAsync(app, Demo.Tech);
        var changed = page.NextChange();

        await DisableAsync(app, Demo.Tech);

        var state = await changed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(state.User.Identity?.IsAuthenticated);
        Assert.Equal(SessionEndReason.Disabled, page.Provider.Ended);
    }

    [Fact]
    public async Task OpenPage_RoleChangedByAdmin_KeepsTheUserWithTheNewRoleAtOnce()
    {
        await using var page = await OpenPageAsync(app, Demo.Dispatcher);
        var changed = page.NextChange();

        var result = await app.Services.GetRequiredService<UserAdministration>()
            .UpdateAsync(await ActorAsync(app, Demo.Admin), await IdAsync(app, Demo.Dispatcher), new UserEdit("Dana Brooks", OrganizationRole.Admin));

        Assert.True(result.IsOk, result.Message);
        var state = await changed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(OrganizationRole.Admin, ActorClaims.ToActor(state.User)?.Role);
        Assert.Null(page.Provider.Ended);
    }

    [Fact]
    public async Task OpenPage_UserDisabledInTheDatabase_EndsAtTheNextRevalidation()
    {
        await using var page = await OpenPageAsync(quick, Demo.Tech);
        var changed = page.NextChange();

        await SetAsync(quick, Demo.Tech, u => u.IsActive = false);

        var state = await changed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(state.User.Identity?.IsAuthenticated);
        Assert.Equal(SessionEndReason.Disabled, page.Provider.Ended);
    }

    [Fact]
    public async Task OpenPage_NothingChanged_KeepsTheSameUser()
    {
        await using var page = await OpenPageAsync(quick, Demo.Admin);
        var before = await page.Provider.GetAuthenticationStateAsync();

        await page.Provider.RevalidateAsync();

        Assert.Same(before, await page.Provider.GetAuthenticationStateAsync());
        Assert.Null(page.Provider.Ended);
    }

    [Fact]
    public async Task Check_SecurityStampRenewed_EndsAsSignedOut()
    {
        ClaimsPrincipal principal;
        await using (var signIn = app.Services.CreateAsyncScope()) principal = await PrincipalAsync(signIn, Demo.ProviderTech);
        await SetAsync(app, Demo.ProviderTech, u => u.SecurityStamp = Guid.NewGuid().ToString("N"));

        // A scope per check, as the open page and the hub do.
        await using var scope = app.Services.CreateAsyncScope();
        var check = await scope.ServiceProvider.GetRequiredService<SessionValidator>().CheckAsync(principal);

        Assert.Equal(SessionEndReason.SignedOut, check.Ended);
    }

    [Fact]
    public async Task Startup_RevalidationIntervalZero_RefusedWithTheSettingsName()
    {
        await using var bad = new NotificationsWebApp(s => s.Configure<RevalidationOptions>(o => o.RevalidationInterval = TimeSpan.Zero));

        var error = Assert.ThrowsAny<Exception>(() => bad.Server);

        Assert.Contains("WorkOrders:Session:RevalidationInterval", error.ToString());
    }

    /// <summary>One open page: a circuit's scope with its authentication state provider, started as the circuit starts it.</summary>
    private sealed class OpenPage(AsyncServiceScope scope, RevalidatingActorStateProvider provider) : IAsyncDisposable
    {
        public RevalidatingActorStateProvider Provider => provider;

        public Task<AuthenticationState> NextChange()
        {
            var next = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
            provider.AuthenticationStateChanged += async task => next.TrySetResult(await task);
            return next.Task;
        }

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }

    private static async Task<OpenPage> OpenPageAsync(NotificationsWebApp app, string email)
    {
        var scope = app.Services.CreateAsyncScope();
        var provider = (RevalidatingActorStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(await PrincipalAsync(scope, email))));
        return new OpenPage(scope, provider);
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(AsyncServiceScope scope, string email)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        // As a real sign-in does: the principal carries its server-side session.
        var session = await scope.ServiceProvider.GetRequiredService<WorkOrders.Core.Accounts.UserSessions>().StartAsync(user.Id, false, CancellationToken.None);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(WorkOrdersSignInManager.SessionClaim, session.SessionId));
        return principal;
    }

    private static async Task DisableAsync(NotificationsWebApp app, string email)
    {
        var result = await app.Services.GetRequiredService<UserAdministration>()
            .SetActiveAsync(await ActorAsync(app, Demo.Admin), await IdAsync(app, email), false);
        Assert.True(result.IsOk, result.Message);
    }

    private static async Task<Actor> ActorAsync(NotificationsWebApp app, string email)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    private static async Task<string> IdAsync(NotificationsWebApp app, string email)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>Changes a user straight in the database, as another server or an operator would: nothing is pushed.</summary>
    private static async Task SetAsync(NotificationsWebApp app, string email, Action<AppUser> change)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        change(await db.Users.SingleAsync(u => u.Email == email));
        await db.SaveChangesAsync();
    }
}
