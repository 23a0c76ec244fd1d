using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Attachments;

/// <summary>
/// A company's admin decides whether a resolution needs at least one photo of the finished work;
/// <see cref="Orders.WorkOrder.Resolve"/> enforces it.
/// </summary>
public sealed class ResolutionPhotoRequirement(IDbContextFactory<WorkOrdersDbContext> dbFactory)
{
    private const string OnlyCompanyAdmins = "Only a company's admins decide what a resolution needs.";

    public async Task<Result<bool>> GetAsync(Actor actor, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageFacilities(actor)) return Result<bool>.From(Result.NotAllowed(OnlyCompanyAdmins));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.RequireResolutionPhoto).SingleAsync(ct);
    }

    public async Task<Result> SetAsync(Actor actor, bool required, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageFacilities(actor)) return Result.NotAllowed(OnlyCompanyAdmins);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Organizations.Where(o => o.Id == actor.OrganizationId)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.RequireResolutionPhoto, required), ct);
        return Result.Ok();
    }
}
