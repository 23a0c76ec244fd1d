using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Re-checks an open circuit's user every minute: a disabled user, or one whose security stamp
/// changed (role change, password reset), is signed out of the open page.
/// </summary>
public sealed class RevalidatingActorStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null || !user.IsActive) return false;
        // Signed out elsewhere, or past the session's lifetime: the open page ends too.
        var sessions = scope.ServiceProvider.GetRequiredService<WorkOrders.Core.Accounts.UserSessions>();
        if (!await sessions.ValidateAsync(WorkOrdersSignInManager.SessionIdOf(authenticationState.User), user.Id, countAsActivity: false, cancellationToken)) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = authenticationState.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}

/// <summary>The signed-in user as Core's <see cref="Actor"/>; every page passes it to Core.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication)
{
    public async Task<Actor> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return ActorClaims.ToActor(state.User) ?? throw new InvalidOperationException("The page requires a signed-in user.");
    }

    public async Task<string> DisplayNameAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(ActorClaims.DisplayName) ?? state.User.Identity?.Name ?? "";
    }
}
