using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.ActionItems;

/// <summary>
/// Which action items a list shows. Every filter runs in the database, so the facility's table, the register,
/// the editor's picker, the API and the exports pick the same rows for the same choice.
/// </summary>
/// <param name="FacilityId">One facility; null for every facility the actor sees (exports).</param>
/// <param name="Search">Text in the title, description or source, case-insensitive.</param>
/// <param name="Due">Only the open items that are overdue, or due soon (overdue included).</param>
/// <param name="Available">True: only items that may go into a new work order (<see cref="Availability"/>); false: only the others.</param>
public sealed record ActionItemListFilter(
    int? FacilityId = null, ActionItemStatus? Status = null, Priority? Priority = null, string? Search = null,
    DueFilter Due = DueFilter.Any, bool? Available = null,
    DateOnly? CreatedFrom = null, DateOnly? CreatedTo = null, DateOnly? DueFrom = null, DateOnly? DueTo = null);

/// <summary>A facility's action items as the actor may see them, with what the actor may do there.</summary>
public sealed record ActionItemListing(int FacilityId, string FacilityName, string TimeZoneId, bool MayRecord, DateOnly Today, IReadOnlyList<ActionItemRow> Items);

/// <summary>The one list query of action items, and the one projection to <see cref="ActionItemRow"/>.</summary>
public sealed class ActionItemQueries(IDbContextFactory<WorkOrdersDbContext> dbFactory, OrganizationCalendar calendar)
{
    /// <summary>The row as the database fills it; <see cref="WithDueState"/> adds the due state for the company's day.</summary>
    public static readonly Expression<Func<ActionItem, ActionItemRow>> ToRow = i => new ActionItemRow(
        i.Id, i.FacilityId, i.Title, i.Description, i.Priority, i.Status, i.Source, i.DueDate, i.CreatedAt,
        i.ClosedReason, i.WorkOrderId, i.WorkOrder == null ? null : i.WorkOrder.Status, i.Version, DueState.None);

    /// <summary>The filter as SQL; recorded and due days are the organisation's (both ends included) in <paramref name="timeZoneId"/>.</summary>
    public static IQueryable<ActionItem> Filtered(IQueryable<ActionItem> items, ActionItemListFilter filter, DateOnly today, string timeZoneId)
    {
        var (createdFrom, createdBefore) = OrganizationDays.Range(filter.CreatedFrom, filter.CreatedTo, timeZoneId);
        if (createdFrom is { } cf) items = items.Where(i => i.CreatedAt >= cf);
        if (createdBefore is { } cb) items = items.Where(i => i.CreatedAt < cb);
        if (filter.DueFrom is { } dueFrom) items = items.Where(i => i.DueDate != null && i.DueDate >= dueFrom);
        if (filter.DueTo is { } dueTo) items = items.Where(i => i.DueDate != null && i.DueDate <= dueTo);
        if (filter.FacilityId is { } facilityId) items = items.Where(i => i.FacilityId == facilityId);
        if (filter.Status is { } status) items = items.Where(i => i.Status == status);
        if (filter.Priority is { } priority) items = items.Where(i => i.Priority == priority);
        if (filter.Available is { } available) items = items.WhereAvailable(available);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + Like.Escape(filter.Search.Trim()) + "%";
            items = items.Where(i => EF.Functions.Like(i.Title, pattern, Like.EscapeCharacter) || EF.Functions.Like(i.Description, pattern, Like.EscapeCharacter)
                                     || (i.Source != null && EF.Functions.Like(i.Source, pattern, Like.EscapeCharacter)));
        }
        return items.WithDue(filter.Due, today);
    }

    public static ActionItemRow WithDueState(ActionItemRow row, DateOnly today) => row with { DueState = DueDates.StateOfItem(row.DueDate, row.Status, today) };

    /// <summary>
    /// The order of the work: open first, soonest due, most urgent. Enums are stored as text, so it is applied
    /// here rather than in SQL.
    /// </summary>
    public static List<ActionItemRow> InWorkOrder(IEnumerable<ActionItemRow> rows) =>
        rows.OrderBy(i => i.Status).ThenBy(i => i.DueDate ?? DateOnly.MaxValue).ThenByDescending(i => i.Priority).ThenBy(i => i.Id).ToList();

    /// <summary>A facility's items matching the filter; not found when the actor does not see the facility.</summary>
    public async Task<Result<ActionItemListing>> ListAsync(Actor actor, int facilityId, ActionItemListFilter? filter = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facility = await db.Facilities.VisibleTo(actor).Where(f => f.Id == facilityId).Select(f => new { f.Id, f.Name, f.TimeZoneId }).FirstOrDefaultAsync(ct);
        if (facility is null) return Result<ActionItemListing>.From(Result.NotFound("The facility"));
        var (today, zone) = await calendar.DayAsync(db, actor.OrganizationId, ct);
        var rows = await Filtered(db.ActionItems.VisibleTo(actor), (filter ?? new()) with { FacilityId = facilityId }, today, zone)
            .AsNoTracking().Select(ToRow).ToListAsync(ct);
        return new ActionItemListing(facility.Id, facility.Name, facility.TimeZoneId, ActionItemRules.MayRecord(actor), today,
            InWorkOrder(rows.Select(r => WithDueState(r, today))));
    }

    public async Task<Result<ActionItemRow>> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ActionItems.VisibleTo(actor).Where(i => i.Id == id).AsNoTracking().Select(ToRow).FirstOrDefaultAsync(ct);
        if (row is null) return Result<ActionItemRow>.From(Result.NotFound("The action item"));
        return WithDueState(row, await calendar.TodayAsync(db, actor.OrganizationId, ct));
    }
}
