using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

/// <summary>An organisation's own time zone and, for a company, the default days to an item's due date by priority.</summary>
public sealed record OrganizationSettingsInput(string TimeZoneId, DueDateDefaults DueDefaults)
{
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(TimeZoneId) || !TimeZones.IsKnown(TimeZoneId.Trim())) errors.Add("Choose a known time zone, such as America/Chicago.");
        errors.AddRange(DueDefaults.Validate());
        return errors;
    }
}

/// <summary>The organisation settings its admins change: its time zone and its due-date defaults.</summary>
public sealed class CompanySettings(IDbContextFactory<WorkOrdersDbContext> dbFactory)
{
    public async Task<Result<OrganizationSettingsInput>> GetAsync(Actor actor, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return Result<OrganizationSettingsInput>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var o = await db.Organizations.SingleAsync(o => o.Id == actor.OrganizationId, ct);
        return new OrganizationSettingsInput(o.TimeZoneId, o.DueDefaults);
    }

    public async Task<Result> SetAsync(Actor actor, OrganizationSettingsInput input, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return NotAdmin;
        var errors = input.Validate();
        if (errors.Count > 0) return Result.Invalid(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var organization = await db.Organizations.SingleAsync(o => o.Id == actor.OrganizationId, ct);
        organization.TimeZoneId = input.TimeZoneId.Trim();
        if (organization.Kind == OrganizationKind.Company) organization.DueDefaults = input.DueDefaults;
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    private static Result NotAdmin => Result.NotAllowed("Only your organisation's admins change its settings.");
}
