using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Api;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Api;

/// <summary>
/// Authenticates the REST API's requests by API key (<c>Authorization: Bearer wo_…</c>). The principal carries the
/// same actor claims as the sign-in cookie, built from the key's user as that user is now, so
/// <see cref="ActorClaims.ToActor"/> gives the same Actor and Core applies the same rules. Only the API's
/// endpoints use this scheme; the pages never accept a key, and the API never accepts the cookie.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "wo:apikey";
    public const string ScopeClaim = "wo:apikey:scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var identity = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail("The API key is wrong, revoked or expired, or its user is disabled.");

        var actor = identity.Actor;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, actor.UserId),
            new(ActorClaims.OrganizationId, actor.OrganizationId.ToString(CultureInfo.InvariantCulture)),
            new(ActorClaims.OrganizationKind, actor.OrganizationKind.ToString()),
            new(ActorClaims.Role, actor.Role.ToString()),
            new(KeyIdClaim, identity.KeyId.ToString(CultureInfo.InvariantCulture)),
            new(ScopeClaim, identity.Scope.ToString()),
        };
        if (actor.IsSystemAdmin) claims.Add(new Claim(ActorClaims.SystemAdmin, "true"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"WorkOrders API\"";
        return Task.CompletedTask;
    }
}
