using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Whether a user may still open an address of the app, asked by an open page when its user's role changes. The router
/// is drawn by the server per request, so it cannot take an open page away itself; this applies the same
/// <c>[Authorize]</c> attributes and policies the server applies when the page is requested.
/// </summary>
public sealed class PageAccess(IAuthorizationService authorization, IAuthorizationPolicyProvider policies)
{
    private static readonly IReadOnlyList<(TemplateMatcher Route, IAuthorizeData[] Rules)> Pages = typeof(PageAccess).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttribute<AllowAnonymousAttribute>() is null)
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (
            new TemplateMatcher(new RouteTemplate(RoutePatternFactory.Parse(r.Template)), new RouteValueDictionary()),
            t.GetCustomAttributes(true).OfType<IAuthorizeData>().ToArray())))
        .ToArray();

    /// <summary>False when a page at this base-relative address requires what the user no longer has.</summary>
    public async Task<bool> MayOpenAsync(ClaimsPrincipal user, string relativeAddress)
    {
        var path = new PathString("/" + relativeAddress.Split('?', '#')[0].TrimEnd('/'));
        foreach (var (route, rules) in Pages)
        {
            // Route constraints are not checked, so an address can match more than one page: each one must allow it.
            if (!route.TryMatch(path, new RouteValueDictionary())) continue;
            if (await AuthorizationPolicy.CombineAsync(policies, rules) is not { } policy) continue;
            if (!(await authorization.AuthorizeAsync(user, policy)).Succeeded) return false;
        }
        return true;
    }
}
