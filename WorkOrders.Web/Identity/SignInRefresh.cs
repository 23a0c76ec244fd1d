using Microsoft.AspNetCore.Identity;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Re-issues the sign-in cookie from the database and goes on to a page of the app. An open page calls it when its
/// circuit has seen the user's role change: the layout and the menu are drawn by the server from the cookie, which
/// would otherwise carry the old role until its next validation (docs/decisions/ADR-006-session-ending.md).
/// </summary>
public static class SignInRefresh
{
    public const string Path = "/Identity/Account/RefreshSignIn";

    /// <summary>The refresh, then <paramref name="returnUrl"/> (a base-relative address of the app).</summary>
    public static string Address(string returnUrl) => $"{Path}?returnUrl={Uri.EscapeDataString("/" + returnUrl.TrimStart('/'))}";

    public static IEndpointRouteBuilder MapSignInRefresh(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (string? returnUrl, HttpContext http, SignInManager<AppUser> signIn) =>
        {
            // A disabled user or a renewed stamp gets no new cookie; the sign-in page follows from the redirect below.
            if (await signIn.ValidateSecurityStampAsync(http.User) is { } user) await signIn.RefreshSignInAsync(user);
            else await signIn.SignOutAsync();
            var local = returnUrl is ['/', not '/' and not '\\', ..] or "/" ? returnUrl : "/";
            return Results.LocalRedirect(local);
        });
        return app;
    }
}
