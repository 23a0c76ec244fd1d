using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Accounts;

/// <summary>
/// An organisation's admin may require two-factor sign-in of all its people. Sign-in asks
/// <see cref="IsRequiredForAsync"/> and lets nobody in without the second factor when it is on.
/// </summary>
public sealed class TwoFactorRequirement(IDbContextFactory<WorkOrdersDbContext> dbFactory)
{
    public async Task<bool> IsRequiredForAsync(AppUser user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Organizations.Where(o => o.Id == user.OrganizationId).Select(o => o.RequireTwoFactor).SingleOrDefaultAsync(ct);
    }

    public async Task<Result<bool>> GetAsync(Actor actor, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return Result<bool>.From(Result.NotAllowed("Only your organisation's admins manage sign-in settings."));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.RequireTwoFactor).SingleAsync(ct);
    }

    /// <summary>
    /// Turning it on signs out everyone of the organisation who has no authenticator yet (their
    /// security stamp changes), so they set one up at their next sign-in.
    /// </summary>
    public async Task<Result> SetAsync(Actor actor, bool required, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return Result.NotAllowed("Only your organisation's admins manage sign-in settings.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var organization = await db.Organizations.SingleAsync(o => o.Id == actor.OrganizationId, ct);
        if (organization.RequireTwoFactor == required) return Result.Ok();
        if (required && !await db.Users.AnyAsync(u => u.Id == actor.UserId && u.TwoFactorEnabled, ct))
        {
            return Result.Invalid("Set up two-factor sign-in for your own account first (Profile), so you are not locked out.");
        }
        organization.RequireTwoFactor = required;
        await db.SaveChangesAsync(ct);
        if (required)
        {
            await db.Users.Where(u => u.OrganizationId == organization.Id && !u.TwoFactorEnabled)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, Guid.NewGuid().ToString("N")), ct);
        }
        return Result.Ok();
    }
}
