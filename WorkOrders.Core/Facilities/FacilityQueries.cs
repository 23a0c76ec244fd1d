using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Facilities;

public sealed record FacilitySummary(int Id, string Name, string Address, string TimeZoneId, string CompanyName, int OpenActionItems, int ActiveWorkOrders);

/// <summary>A facility as a filter or a time-zone choice shows it: no counts.</summary>
public sealed record FacilityChoice(int Id, string Name, string TimeZoneId);

public sealed record FacilityDetail(
    int Id, string Name, string Address, string TimeZoneId, string CompanyName, string Currency, int OpenActionItems,
    IReadOnlyDictionary<WorkOrderStatus, int> WorkOrdersByStatus, bool MayCreateWorkOrder, bool MayRecordActionItems);

public static class FacilitySearch
{
    /// <summary>Facilities whose name or address contains the text; all of them when it is empty.</summary>
    public static IQueryable<Facility> Matching(this IQueryable<Facility> facilities, string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return facilities;
        var pattern = "%" + Like.Escape(search.Trim()) + "%";
        return facilities.Where(f => EF.Functions.Like(f.Name, pattern, Like.EscapeCharacter) || EF.Functions.Like(f.Address, pattern, Like.EscapeCharacter));
    }
}

/// <summary>Facilities as the actor may see them; their action items are listed by <see cref="ActionItemQueries"/>.</summary>
public sealed class FacilityQueries(IDbContextFactory<WorkOrdersDbContext> dbFactory)
{
    /// <summary>Every status but Resolved and Closed, listed so the count seeks each on the facility's index instead of reading every row.</summary>
    private static readonly WorkOrderStatus[] ActiveStatuses =
        Enum.GetValues<WorkOrderStatus>().Where(s => s is not WorkOrderStatus.Resolved and not WorkOrderStatus.Closed).ToArray();

    public async Task<IReadOnlyList<FacilitySummary>> ListAsync(Actor actor, string? search = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facilities = db.Facilities.VisibleTo(actor).Matching(search);
        var workOrders = db.WorkOrders.VisibleTo(actor);
        var items = db.ActionItems.VisibleTo(actor);
        return await facilities
            .OrderBy(f => f.Name)
            .Select(f => new FacilitySummary(
                f.Id, f.Name, f.Address, f.TimeZoneId, f.Company!.Name,
                items.Count(i => i.FacilityId == f.Id && i.Status == ActionItemStatus.Open),
                workOrders.Count(w => w.FacilityId == f.Id && ActiveStatuses.Contains(w.Status))))
            .ToListAsync(ct);
    }

    /// <summary>
    /// The facilities for a filter, by name. Filters need no counts: at a million work orders the counts of
    /// <see cref="ListAsync"/> cost the calendar and the work order list more than everything else they read.
    /// </summary>
    public async Task<IReadOnlyList<FacilityChoice>> ChoicesAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Facilities.VisibleTo(actor)
            .OrderBy(f => f.Name)
            .Select(f => new FacilityChoice(f.Id, f.Name, f.TimeZoneId))
            .ToListAsync(ct);
    }

    public async Task<Result<FacilityDetail>> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facility = await db.Facilities.VisibleTo(actor)
            .Where(f => f.Id == id)
            .Select(f => new { f.Id, f.Name, f.Address, f.TimeZoneId, f.CompanyId, Company = f.Company!.Name, f.Company.Currency })
            .FirstOrDefaultAsync(ct);
        if (facility is null) return Result<FacilityDetail>.From(Result.NotFound("The facility"));

        // The same items the facility's table lists, so the counters agree with it.
        var open = await db.ActionItems.VisibleTo(actor).CountAsync(i => i.FacilityId == id && i.Status == ActionItemStatus.Open, ct);
        var byStatus = await db.WorkOrders.VisibleTo(actor)
            .Where(w => w.FacilityId == id)
            .GroupBy(w => w.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // Visibility already proved the link for a provider.
        var mayCreate = WorkOrderLifecycle.MayCreate(actor, facility.CompanyId, actorsProviderIsLinked: true);
        return new FacilityDetail(facility.Id, facility.Name, facility.Address, facility.TimeZoneId, facility.Company, facility.Currency, open, byStatus, mayCreate,
            ActionItemRules.MayRecord(actor));
    }
}
