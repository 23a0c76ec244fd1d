using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>Puts the user's organisation and role into the sign-in cookie, from which <see cref="CurrentActor"/> reads them.</summary>
public sealed class ActorClaimsFactory(
    UserManager<AppUser> userManager, IOptions<IdentityOptions> options, IDbContextFactory<WorkOrdersDbContext> dbFactory)
    : UserClaimsPrincipalFactory<AppUser>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var kind = await db.Organizations.Where(o => o.Id == user.OrganizationId).Select(o => o.Kind).SingleAsync();
        identity.AddClaims(ActorClaims.For(user, kind));
        return identity;
    }
}
