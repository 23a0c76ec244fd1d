using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Notifications;

/// <summary>A work order waiting for the actor's decision.</summary>
public sealed record ApprovalInboxItem(
    int Id, int Version, string Title, int FacilityId, string FacilityName, string? SubmitterName, string CreatedByOrganization,
    decimal EstimateTotal, string Currency, DateTimeOffset SubmittedAt, DateOnly? DueDate = null, ActionItems.DueState DueState = ActionItems.DueState.None)
{
    public string Number => WorkOrder.FormatNumber(Id);
    public string Link => $"/work-orders/{Id}";

    /// <summary>The chosen approver may approve or deny a submitted work order: the lifecycle table's rule, applied in the query.</summary>
    public static IReadOnlyList<WorkOrderAction> Actions { get; } =
        WorkOrderLifecycle.Rules.Where(r => r.From == WorkOrderStatus.Submitted && r.Who == Party.Approver).Select(r => r.Action).ToList();
}

/// <summary>The inbox's order: longest waiting first, or the earliest due date first (undated last).</summary>
public enum InboxSort { Waiting, DueDate }

/// <summary>The approval inbox: submitted work orders whose chosen approver is the actor.</summary>
public sealed class ApprovalInbox(IDbContextFactory<WorkOrdersDbContext> dbFactory, ActionItems.OrganizationCalendar calendar)
{
    public const int MaxItems = 200;

    /// <summary>Longest waiting first by default, so nothing sits at the bottom for days.</summary>
    public async Task<IReadOnlyList<ApprovalInboxItem>> ListAsync(Actor actor, CancellationToken ct = default, DueFilter due = DueFilter.Any, InboxSort sort = InboxSort.Waiting)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var today = await calendar.TodayAsync(db, actor.OrganizationId, ct);
        var waiting = Waiting(db, actor).WithDue(due, today);
        // The cap keeps the earliest due when sorted by due date, else the longest waiting.
        var rows = await (sort == InboxSort.DueDate ? waiting.OrderBy(w => w.DueDate == null).ThenBy(w => w.DueDate).ThenBy(w => w.Id) : waiting.OrderBy(w => w.Id))
            .Take(MaxItems)
            .Select(w => new
            {
                w.Id, w.Version, w.Title, w.FacilityId, FacilityName = w.Facility!.Name, SubmitterName = w.Submitter!.DisplayName,
                CreatedBy = db.Organizations.Where(o => o.Id == w.CreatedByOrganizationId).Select(o => o.Name).FirstOrDefault(),
                w.EstimateTotal, w.Facility.Company!.Currency, w.UpdatedAt, w.DueDate,
                SubmittedAt = w.History.Where(h => h.Action == WorkOrderAction.Submit).OrderByDescending(h => h.Id).Select(h => (DateTimeOffset?)h.At).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows
            .Select(r => new ApprovalInboxItem(r.Id, r.Version, r.Title, r.FacilityId, r.FacilityName, r.SubmitterName, r.CreatedBy ?? "",
                r.EstimateTotal, r.Currency, r.SubmittedAt ?? r.UpdatedAt, r.DueDate, DueDates.State(r.DueDate, today)));
        var ordered = sort == InboxSort.DueDate
            ? items.OrderBy(r => r.DueDate ?? DateOnly.MaxValue).ThenBy(r => r.SubmittedAt)
            : items.OrderBy(r => r.SubmittedAt);
        return ordered.ThenBy(r => r.Id).ToList();
    }

    public async Task<int> CountAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Waiting(db, actor).CountAsync(ct);
    }

    private static IQueryable<WorkOrder> Waiting(WorkOrdersDbContext db, Actor actor) =>
        db.WorkOrders.VisibleTo(actor).Where(w => w.ApproverId == actor.UserId && w.Status == WorkOrderStatus.Submitted);
}
