using System.Security.Claims;

namespace WorkOrders.Core.Organizations;

/// <summary>
/// Who is acting. Every use case and query takes one, so no caller can skip authorization
/// or tenant isolation.
/// </summary>
public sealed record Actor(string UserId, int OrganizationId, OrganizationKind OrganizationKind, OrganizationRole Role, bool IsSystemAdmin = false)
{
    public bool IsAdmin => Role == OrganizationRole.Admin;
    public bool IsCompanyUser => OrganizationKind == OrganizationKind.Company;
    public bool IsProviderAdmin => OrganizationKind == OrganizationKind.ServiceProvider && IsAdmin;

    public static Actor From(AppUser user, OrganizationKind kind) =>
        new(user.Id, user.OrganizationId, kind, user.Role, user.IsSystemAdmin);
}

/// <summary>The claims that carry an <see cref="Actor"/> inside the sign-in cookie.</summary>
public static class ActorClaims
{
    public const string OrganizationId = "wo:org";
    public const string OrganizationKind = "wo:orgkind";
    public const string Role = "wo:role";
    public const string SystemAdmin = "wo:sysadmin";
    public const string DisplayName = "wo:name";
    public const string Culture = "wo:culture";

    public static IEnumerable<Claim> For(AppUser user, OrganizationKind kind)
    {
        yield return new Claim(OrganizationId, user.OrganizationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new Claim(OrganizationKind, kind.ToString());
        yield return new Claim(Role, user.Role.ToString());
        yield return new Claim(DisplayName, user.DisplayName);
        if (user.IsSystemAdmin) yield return new Claim(SystemAdmin, "true");
        yield return new Claim(Culture, Common.Formats.Culture(user.Culture).Name);
    }

    /// <summary>The culture the person chose (en-US when none, or for a principal without the claim).</summary>
    public static System.Globalization.CultureInfo CultureOf(ClaimsPrincipal principal) => Common.Formats.Culture(principal.FindFirstValue(Culture));

    /// <summary>The actor of a signed-in principal, or null when the principal is anonymous or incomplete.</summary>
    public static Actor? ToActor(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null
            || !int.TryParse(principal.FindFirstValue(OrganizationId), out var orgId)
            || !Enum.TryParse<OrganizationKind>(principal.FindFirstValue(OrganizationKind), out var kind)
            || !Enum.TryParse<OrganizationRole>(principal.FindFirstValue(Role), out var role))
        {
            return null;
        }
        return new Actor(userId, orgId, kind, role, principal.HasClaim(SystemAdmin, "true"));
    }
}
