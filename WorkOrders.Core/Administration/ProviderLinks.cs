using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

public sealed record ProviderOption(int Id, string Name);

public sealed record FacilityLinksRow(int FacilityId, string FacilityName, string Address, IReadOnlyList<ProviderOption> Providers)
{
    /// <summary>Each linked provider's "respond within" hours, by provider id.</summary>
    public IReadOnlyDictionary<int, int> RespondWithinHours { get; init; } = new Dictionary<int, int>();
}

/// <summary>A facility a provider serves, as the provider's admin sees it.</summary>
public sealed record LinkedFacilityRow(int FacilityId, string FacilityName, string Address, string CompanyName);

/// <summary>
/// Which service providers serve which facilities. Only the company that owns a facility links or
/// unlinks; the directory of providers (names only) is open to every company admin so they can choose.
/// </summary>
public sealed class ProviderLinks(IDbContextFactory<WorkOrdersDbContext> dbFactory, ILiveBus bus)
{
    public async Task<Result<IReadOnlyList<ProviderOption>>> ProvidersAsync(Actor actor, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageProviderLinks(actor)) return Result<IReadOnlyList<ProviderOption>>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var providers = await db.Organizations.Where(o => o.Kind == OrganizationKind.ServiceProvider)
            .OrderBy(o => o.Name).Select(o => new ProviderOption(o.Id, o.Name)).ToListAsync(ct);
        return Result<IReadOnlyList<ProviderOption>>.Ok(providers);
    }

    public async Task<Result<IReadOnlyList<FacilityLinksRow>>> ListAsync(Actor actor, string? search = null, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageProviderLinks(actor)) return Result<IReadOnlyList<FacilityLinksRow>>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facilities = db.Facilities.VisibleTo(actor);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + Like.Escape(search.Trim()) + "%";
            facilities = facilities.Where(f => EF.Functions.Like(f.Name, pattern, Like.EscapeCharacter)
                                               || f.ProviderLinks.Any(l => EF.Functions.Like(l.Provider!.Name, pattern, Like.EscapeCharacter)));
        }
        var rows = await facilities.OrderBy(f => f.Name)
            .Select(f => new
            {
                f.Id, f.Name, f.Address,
                Providers = f.ProviderLinks.Select(l => new { l.ProviderId, l.Provider!.Name, l.RespondWithinHours }).ToList(),
            })
            .ToListAsync(ct);
        return Result<IReadOnlyList<FacilityLinksRow>>.Ok(
            rows.Select(r => new FacilityLinksRow(r.Id, r.Name, r.Address, r.Providers.Select(p => new ProviderOption(p.ProviderId, p.Name)).OrderBy(p => p.Name).ToList())
            {
                RespondWithinHours = r.Providers.ToDictionary(p => p.ProviderId, p => p.RespondWithinHours),
            }).ToList());
    }

    public async Task<Result> LinkAsync(Actor actor, int facilityId, int providerId, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageProviderLinks(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Facilities.VisibleTo(actor).AnyAsync(f => f.Id == facilityId, ct)) return Result.NotFound("The facility");
        var provider = await db.Organizations.FirstOrDefaultAsync(o => o.Id == providerId && o.Kind == OrganizationKind.ServiceProvider, ct);
        if (provider is null) return Result.Invalid("Choose a service provider.");
        if (await db.FacilityProviderLinks.AnyAsync(l => l.FacilityId == facilityId && l.ProviderId == providerId, ct)) return Result.Ok();
        db.FacilityProviderLinks.Add(new FacilityProviderLink { FacilityId = facilityId, ProviderId = providerId });
        await db.SaveChangesAsync(ct);
        VisibilityChanged(providerId);
        return Result.Ok();
    }

    /// <summary>How long the provider has to accept or decline work dispatched to it at this facility; applies to work dispatched from now on.</summary>
    public async Task<Result> SetRespondWithinAsync(Actor actor, int facilityId, int providerId, int hours, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageProviderLinks(actor)) return NotAdmin;
        if (hours < 1 || hours > FacilityProviderLink.MaxRespondWithinHours)
        {
            return Result.Invalid($"The response time must be between 1 and {FacilityProviderLink.MaxRespondWithinHours} hours.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Facilities.VisibleTo(actor).AnyAsync(f => f.Id == facilityId, ct)) return Result.NotFound("The facility");
        var changed = await db.FacilityProviderLinks.Where(l => l.FacilityId == facilityId && l.ProviderId == providerId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RespondWithinHours, hours), ct);
        return changed == 0 ? Result.NotFound("The link") : Result.Ok();
    }

    /// <summary>
    /// The provider loses sight of the facility at once, including work orders it created there; they
    /// stay with the company and come back if the link is made again.
    /// </summary>
    public async Task<Result> UnlinkAsync(Actor actor, int facilityId, int providerId, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageProviderLinks(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Facilities.VisibleTo(actor).AnyAsync(f => f.Id == facilityId, ct)) return Result.NotFound("The facility");
        if (await db.FacilityProviderLinks.Where(l => l.FacilityId == facilityId && l.ProviderId == providerId).ExecuteDeleteAsync(ct) > 0)
            VisibilityChanged(providerId);
        return Result.Ok();
    }

    /// <summary>For a provider admin: the companies' facilities the provider is linked to.</summary>
    public async Task<Result<IReadOnlyList<LinkedFacilityRow>>> LinkedFacilitiesAsync(Actor actor, string? search = null, CancellationToken ct = default)
    {
        if (!actor.IsProviderAdmin) return Result<IReadOnlyList<LinkedFacilityRow>>.From(Result.NotAllowed("Only a service provider's admin sees its links."));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facilities = db.Facilities.VisibleTo(actor);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + Like.Escape(search.Trim()) + "%";
            facilities = facilities.Where(f => EF.Functions.Like(f.Name, pattern, Like.EscapeCharacter) || EF.Functions.Like(f.Company!.Name, pattern, Like.EscapeCharacter));
        }
        var rows = await facilities.OrderBy(f => f.Company!.Name).ThenBy(f => f.Name)
            .Select(f => new LinkedFacilityRow(f.Id, f.Name, f.Address, f.Company!.Name)).ToListAsync(ct);
        return Result<IReadOnlyList<LinkedFacilityRow>>.Ok(rows);
    }

    private static Result NotAdmin => Result.NotAllowed("Only a company admin may link service providers to its facilities.");

    // What the provider's people may see changed: their open pages re-read, and no shared read from before is reused.
    private void VisibilityChanged(int providerId) =>
        bus.Publish(LiveTopics.Organization(providerId), new LiveMessage(LiveMessageKind.WorkOrderChanged, 0));
}
