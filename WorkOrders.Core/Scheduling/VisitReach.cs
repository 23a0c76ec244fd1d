using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Data;
using WorkOrders.Core.Orders;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Scheduling;

/// <summary>
/// How far before a calendar range a visit that reaches into it can start (ADR-029). A visit may last 31 days
/// (<see cref="WorkOrder.MaxScheduleLength"/>), but almost none lasts more than a day: a company's calendar looks back
/// only as far as its own longest visit (<see cref="Organization.LongestVisitMinutes"/>), which every schedule write
/// widens before the visit is saved.
/// </summary>
public static class VisitReach
{
    /// <summary>Every company's bound starts here: a visit of a day or less never writes to it.</summary>
    public const int ShortestBoundMinutes = 24 * 60;

    private static readonly int LongestBoundMinutes = (int)WorkOrder.MaxScheduleLength.TotalMinutes;

    /// <summary>
    /// Before the work order's new window is saved, in the same transaction: its company's bound grows to cover the visit.
    /// No command for a step that wrote no window or for a visit of a day or less; one conditional update otherwise (a
    /// no-op when the bound already covers it).
    /// </summary>
    public static async Task WidenAsync(WorkOrdersDbContext db, WorkOrder wo, CancellationToken ct)
    {
        if (wo.ScheduledStart is not { } start || wo.ScheduledEnd is not { } end) return;
        // A window read and kept (a resolve, a note) was covered when it was written.
        var entry = db.Entry(wo);
        if (entry.Property(w => w.ScheduledStart).OriginalValue == start && entry.Property(w => w.ScheduledEnd).OriginalValue == end) return;
        var minutes = (int)Math.Ceiling((end - start).TotalMinutes);
        if (minutes <= ShortestBoundMinutes) return;
        await db.Organizations.Where(o => o.Id == wo.CompanyId && o.LongestVisitMinutes < minutes)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.LongestVisitMinutes, minutes), ct);
    }

    /// <summary>
    /// The earliest start of a visit the actor's calendar can show in a range beginning at <paramref name="from"/>. A
    /// company sees only its own work orders, so its own bound holds; a service provider's calendar spans the work of
    /// many companies and looks back the full 31 days.
    /// </summary>
    public static async Task<DateTimeOffset> EarliestStartAsync(WorkOrdersDbContext db, Actor actor, DateTimeOffset from, CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Company) return from - WorkOrder.MaxScheduleLength;
        var minutes = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.LongestVisitMinutes).FirstOrDefaultAsync(ct);
        return from - TimeSpan.FromMinutes(Math.Clamp(minutes, ShortestBoundMinutes, LongestBoundMinutes));
    }
}
