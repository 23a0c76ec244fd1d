using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>The outcome of re-checking a signed-in user: still the same, ended, or the same user with new claims.</summary>
public sealed record SessionCheck(SessionEndReason? Ended, ClaimsPrincipal? Refreshed)
{
    public static readonly SessionCheck Unchanged = new(null, null);
}

/// <summary>
/// Re-checks the principal an open page or connection holds against the database: a disabled or
/// deleted user ends the session, so does a renewed security stamp (password reset, sign-out
/// everywhere); a changed role or name gives a refreshed principal, so the new role applies at once.
/// </summary>
public sealed class SessionValidator(UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> claims, IOptions<IdentityOptions> options, WorkOrders.Core.Accounts.UserSessions sessions)
{
    public async Task<SessionCheck> CheckAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.IsActive) return new SessionCheck(SessionEndReason.Disabled, null);
        if (users.SupportsUserSecurityStamp
            && principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
        {
            return new SessionCheck(SessionEndReason.SignedOut, null);
        }
        // Signed out elsewhere, or past the session's lifetime: the open page ends too.
        if (!await sessions.ValidateAsync(WorkOrdersSignInManager.SessionIdOf(principal), user.Id, countAsActivity: false))
        {
            return new SessionCheck(SessionEndReason.SignedOut, null);
        }
        var current = await claims.CreateAsync(user);
        // The refreshed principal belongs to the same server-side session as the one it replaces.
        if (principal.FindFirst(WorkOrdersSignInManager.SessionClaim) is { } session && current.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(session.Type, session.Value));
        }
        return SameAccess(principal, current) ? SessionCheck.Unchanged : new SessionCheck(null, current);
    }

    private static bool SameAccess(ClaimsPrincipal held, ClaimsPrincipal current) =>
        ActorClaims.ToActor(held) == ActorClaims.ToActor(current)
        && held.FindFirstValue(ActorClaims.DisplayName) == current.FindFirstValue(ActorClaims.DisplayName);
}
