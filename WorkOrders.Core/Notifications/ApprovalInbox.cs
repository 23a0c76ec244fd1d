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
        // Joined once per row shown, no lookup per row: the creating organisation by its key, and "submitted at" from the work
        // order itself. Only Submit leads into Submitted and every transition stamps UpdatedAt, so a submitted work order's
        // UpdatedAt is the moment of its last submission (WorkOrder.Transition; nothing else writes UpdatedAt).
        var ordered = sort == InboxSort.DueDate ? waiting.OrderBy(w => w.DueDate == null).ThenBy(w => w.DueDate).ThenBy(w => w.Id) : waiting.OrderBy(w => w.Id);
        var rows = await (
                from w in ordered.Take(MaxItems)
                join o in db.Organizations on w.CreatedByOrganizationId equals o.Id
                select new
                {
                    w.Id, w.Version, w.Title, w.FacilityId, FacilityName = w.Facility!.Name, SubmitterName = w.Submitter!.DisplayName,
                    CreatedBy = o.Name, w.EstimateTotal, w.Facility.Company!.Currency, SubmittedAt = w.UpdatedAt, w.DueDate,
                })
            .ToListAsync(ct);
        var items = rows
            .Select(r => new ApprovalInboxItem(r.Id, r.Version, r.Title, r.FacilityId, r.FacilityName, r.SubmitterName, r.CreatedBy,
                r.EstimateTotal, r.Currency, r.SubmittedAt, r.DueDate, DueDates.State(r.DueDate, today)));
        var sorted = sort == InboxSort.DueDate
            ? items.OrderBy(r => r.DueDate ?? DateOnly.MaxValue).ThenBy(r => r.SubmittedAt)
            : items.OrderBy(r => r.SubmittedAt);
        return sorted.ThenBy(r => r.Id).ToList();
    }

    public async Task<int> CountAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Waiting(db, actor).CountAsync(ct);
    }

    private static IQueryable<WorkOrder> Waiting(WorkOrdersDbContext db, Actor actor) =>
        db.WorkOrders.VisibleTo(actor).Where(w => w.ApproverId == actor.UserId && w.Status == WorkOrderStatus.Submitted);
}
