using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using WorkOrders.Core.Accounts;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Every request with a sign-in cookie: its server-side session must still be alive (not signed
/// out, not past its absolute lifetime, not idle too long), then Identity's security-stamp check.
/// </summary>
public sealed class SessionCookieEvents(UserSessions sessions) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        if (!await sessions.ValidateAsync(WorkOrdersSignInManager.SessionIdOf(principal), principal.FindFirstValue(ClaimTypes.NameIdentifier), ct: context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
