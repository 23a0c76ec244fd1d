using System.Globalization;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Runs each signed-in person's request in the culture they chose on their profile (a claim of the sign-in
/// cookie). A Blazor circuit keeps the culture of the request that opened it, so every screen of that page load
/// writes dates, times and amounts the person's way; changing it takes effect at the next page load.
/// </summary>
public static class UserCulture
{
    public static void Apply(System.Security.Claims.ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || !user.HasClaim(c => c.Type == ActorClaims.Culture)) return;
        var culture = ActorClaims.CultureOf(user);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public static IApplicationBuilder UseUserCulture(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        Apply(http.User);
        return next(http);
    });
}
