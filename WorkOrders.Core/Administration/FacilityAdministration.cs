using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

public sealed record FacilityInput(string Name, string Address, string TimeZoneId)
{
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("Enter the facility's name.");
        else if (Name.Trim().Length > 200) errors.Add("The name may have at most 200 characters.");
        if (string.IsNullOrWhiteSpace(Address)) errors.Add("Enter the facility's address.");
        else if (Address.Trim().Length > 400) errors.Add("The address may have at most 400 characters.");
        if (string.IsNullOrWhiteSpace(TimeZoneId) || !TimeZones.IsKnown(TimeZoneId.Trim()))
        {
            errors.Add("Choose a time zone such as America/Chicago.");
        }
        return errors;
    }
}

public sealed record FacilityAdminRow(int Id, string Name, string Address, string TimeZoneId, int ProviderCount, bool HasHistory);

/// <summary>A company admin keeps the company's facilities. Names are unique within the company, so CSV imports can name them.</summary>
public sealed class FacilityAdministration(IDbContextFactory<WorkOrdersDbContext> dbFactory)
{
    public async Task<Result<IReadOnlyList<FacilityAdminRow>>> ListAsync(Actor actor, string? search = null, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageFacilities(actor)) return Result<IReadOnlyList<FacilityAdminRow>>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facilities = db.Facilities.VisibleTo(actor).Matching(search);
        var rows = await facilities.OrderBy(f => f.Name)
            .Select(f => new FacilityAdminRow(f.Id, f.Name, f.Address, f.TimeZoneId, f.ProviderLinks.Count,
                db.ActionItems.Any(i => i.FacilityId == f.Id) || db.WorkOrders.Any(w => w.FacilityId == f.Id)))
            .ToListAsync(ct);
        return Result<IReadOnlyList<FacilityAdminRow>>.Ok(rows);
    }

    public async Task<Result<int>> CreateAsync(Actor actor, FacilityInput input, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageFacilities(actor)) return Result<int>.From(NotAdmin);
        var errors = input.Validate();
        if (errors.Count > 0) return Result<int>.From(Result.Invalid(errors));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await NameTakenAsync(db, actor, input.Name, null, ct)) return Result<int>.From(NameTaken(input.Name));
        var facility = new Facility(actor.OrganizationId, input.Name.Trim(), input.Address.Trim(), input.TimeZoneId.Trim());
        db.Facilities.Add(facility);
        await db.SaveChangesAsync(ct);
        return facility.Id;
    }

    public async Task<Result> UpdateAsync(Actor actor, int id, FacilityInput input, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageFacilities(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facility = await db.Facilities.VisibleTo(actor).FirstOrDefaultAsync(f => f.Id == id, ct);
        if (facility is null) return Result.NotFound("The facility");
        var errors = input.Validate();
        if (errors.Count > 0) return Result.Invalid(errors);
        if (await NameTakenAsync(db, actor, input.Name, id, ct)) return NameTaken(input.Name);
        facility.Name = input.Name.Trim();
        facility.Address = input.Address.Trim();
        facility.TimeZoneId = input.TimeZoneId.Trim();
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>Only a facility without action items or work orders may go; history is never deleted.</summary>
    public async Task<Result> DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageFacilities(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facility = await db.Facilities.VisibleTo(actor).Include(f => f.ProviderLinks).FirstOrDefaultAsync(f => f.Id == id, ct);
        if (facility is null) return Result.NotFound("The facility");
        if (await db.ActionItems.AnyAsync(i => i.FacilityId == id, ct) || await db.WorkOrders.AnyAsync(w => w.FacilityId == id, ct))
        {
            return Result.Invalid($"{facility.Name} has action items or work orders, so it cannot be deleted.");
        }
        db.Facilities.Remove(facility);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    private static Task<bool> NameTakenAsync(WorkOrdersDbContext db, Actor actor, string name, int? exceptId, CancellationToken ct)
    {
        var trimmed = name.Trim().ToLower();
        return db.Facilities.AnyAsync(f => f.CompanyId == actor.OrganizationId && f.Id != exceptId && f.Name.ToLower() == trimmed, ct);
    }

    private static Result NameTaken(string name) => Result.Invalid($"The company already has a facility named \"{name.Trim()}\".");

    private static Result NotAdmin => Result.NotAllowed("Only a company admin may manage facilities.");
}
