using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Data;

namespace WorkOrders.Core.Organizations;

public sealed record OrganizationPerson(string Id, string DisplayName, string? Email, OrganizationRole Role, bool IsActive);

/// <summary>The people of the actor's own organisation, as anyone in it may see them (to choose an approver or assignee).</summary>
public sealed class OrganizationPeople(IDbContextFactory<WorkOrdersDbContext> dbFactory)
{
    public async Task<IReadOnlyList<OrganizationPerson>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.OrganizationId == actor.OrganizationId && !u.IsSystemAdmin)
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new OrganizationPerson(u.Id, u.DisplayName, u.Email, u.Role, u.IsActive))
            .ToListAsync(ct);
    }

    public async Task<OrganizationPerson?> GetAsync(Actor actor, string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == id && u.OrganizationId == actor.OrganizationId && !u.IsSystemAdmin)
            .Select(u => new OrganizationPerson(u.Id, u.DisplayName, u.Email, u.Role, u.IsActive))
            .FirstOrDefaultAsync(ct);
    }
}
