using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Exports;

/// <summary>
/// The work-order list and the action items as tables to download, with the filters on screen and the same visibility
/// as the screens (the lists' own filter code). Rows are read as they are written: nothing holds the whole export.
/// </summary>
public sealed class ExportQueries(IDbContextFactory<WorkOrdersDbContext> dbFactory, OrganizationCalendar calendar)
{
    private static readonly ExportColumn[] WorkOrderColumns =
    [
        new("Number"), new("Title"), new("Status"), new("Facility"), new("Due date", CellKind.Date), new("Due"), new("Submitter"), new("Approver"),
        new("Assignee"), new("Scheduled start (UTC)", CellKind.Date), new("Scheduled end (UTC)", CellKind.Date), new("Estimate", CellKind.Number),
        new("Currency"), new("Created (UTC)", CellKind.Date), new("Updated (UTC)", CellKind.Date),
    ];

    private static readonly ExportColumn[] ActionItemColumns =
    [
        new("Id", CellKind.Number), new("Facility"), new("Title"), new("Description"), new("Priority"), new("Status"), new("Due date", CellKind.Date),
        new("Due"), new("Source"), new("Work order"), new("Recorded (UTC)", CellKind.Date),
    ];

    public ExportTable WorkOrders(Actor actor, WorkOrderFilter filter) => new("Work orders", WorkOrderColumns, WorkOrderRowsAsync(actor, filter));

    public ExportTable ActionItems(Actor actor, ActionItemListFilter filter) => new("Action items", ActionItemColumns, ActionItemRowsAsync(actor, filter));

    private async IAsyncEnumerable<object?[]> WorkOrderRowsAsync(Actor actor, WorkOrderFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (today, zone) = await calendar.DayAsync(db, actor.OrganizationId, ct);
        var rows = WorkOrderQueries.Ordered(WorkOrderQueries.Filtered(db, actor, filter, today, zone), filter.Sort)
            .AsNoTracking()
            .Select(w => new
            {
                w.Id, w.Title, w.Status, Facility = w.Facility!.Name, w.DueDate, Submitter = w.Submitter!.DisplayName, Approver = w.Approver!.DisplayName,
                Assignee = w.Assignee!.DisplayName, w.ScheduledStart, w.ScheduledEnd, w.EstimateTotal, w.Facility.Company!.Currency, w.CreatedAt, w.UpdatedAt,
            })
            .AsAsyncEnumerable();
        await foreach (var w in rows.WithCancellation(ct))
        {
            yield return
            [
                WorkOrder.FormatNumber(w.Id), w.Title, w.Status.ToString(), w.Facility, w.DueDate, Label(WorkOrderQueries.StateOf(w.DueDate, w.Status, today)),
                w.Submitter, w.Approver, w.Assignee, w.ScheduledStart, w.ScheduledEnd, w.EstimateTotal, w.Currency, w.CreatedAt, w.UpdatedAt,
            ];
        }
    }

    private async IAsyncEnumerable<object?[]> ActionItemRowsAsync(Actor actor, ActionItemListFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (today, zone) = await calendar.DayAsync(db, actor.OrganizationId, ct);
        var rows = ActionItemQueries.Filtered(db.ActionItems.VisibleTo(actor), filter, today, zone).AsNoTracking()
            .OrderBy(i => i.FacilityId).ThenBy(i => i.Id)
            .Select(i => new { i.Id, Facility = i.Facility!.Name, i.Title, i.Description, i.Priority, i.Status, i.DueDate, i.Source, i.WorkOrderId, i.CreatedAt })
            .AsAsyncEnumerable();
        await foreach (var i in rows.WithCancellation(ct))
        {
            yield return
            [
                i.Id, i.Facility, i.Title, i.Description, i.Priority.ToString(), i.Status.ToString(), i.DueDate, Label(DueDates.StateOfItem(i.DueDate, i.Status, today)),
                i.Source, i.WorkOrderId is { } wo ? WorkOrder.FormatNumber(wo) : null, i.CreatedAt,
            ];
        }
    }

    public static string? Label(DueState state) => state switch
    {
        DueState.Overdue => "Overdue",
        DueState.DueSoon => "Due soon",
        _ => null,
    };
}
