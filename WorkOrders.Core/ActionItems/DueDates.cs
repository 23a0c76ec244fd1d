using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.ActionItems;

/// <summary>How close an open item (or a work order, by its earliest item) is to its due date.</summary>
public enum DueState { None, DueSoon, Overdue }

/// <summary>Which items and work orders a list shows: all, only the overdue ones, or those due within <see cref="DueDates.SoonDays"/> (overdue included).</summary>
public enum DueFilter { Any, Overdue, DueSoon }

/// <summary>A company's default days to the due date, by priority; null leaves an item without a due date.</summary>
public sealed record DueDateDefaults(int? Critical, int? High, int? Medium, int? Low)
{
    public const int MaxDays = 3650;

    public int? DaysFor(Priority priority) => priority switch
    {
        Priority.Critical => Critical,
        Priority.High => High,
        Priority.Medium => Medium,
        _ => Low,
    };

    /// <summary>The due date an item recorded today gets when none is given.</summary>
    public DateOnly? DueDateFor(Priority priority, DateOnly today) => DaysFor(priority) is { } days ? today.AddDays(days) : null;

    public IEnumerable<string> Validate()
    {
        foreach (var (name, days) in new[] { ("critical", Critical), ("high", High), ("medium", Medium), ("low", Low) })
        {
            if (days is < 0 or > MaxDays) yield return $"The days for {name} priority must be between 0 and {MaxDays} (or empty for no default).";
        }
    }
}

/// <summary>
/// The due-date rules in one place: an item is overdue the day after its due date and due soon from
/// <see cref="SoonDays"/> days before it, counted in the organisation's time zone.
/// </summary>
public static class DueDates
{
    public const int SoonDays = 7;

    public static DateOnly Today(TimeProvider clock, string timeZoneId) => DateOnly.FromDateTime(TimeZones.ToLocal(clock.GetUtcNow(), timeZoneId).DateTime);

    public static DueState State(DateOnly? dueDate, DateOnly today) =>
        dueDate is not { } due ? DueState.None
        : due < today ? DueState.Overdue
        : due <= today.AddDays(SoonDays) ? DueState.DueSoon
        : DueState.None;

    /// <summary>Only open items, and work orders still being worked, can be late.</summary>
    public static DueState StateOfItem(DateOnly? dueDate, ActionItemStatus status, DateOnly today) =>
        status == ActionItemStatus.Open ? State(dueDate, today) : DueState.None;

    /// <summary>The last due date a filter shows: before today for overdue, within the soon window for due soon.</summary>
    public static DateOnly? LatestShown(DueFilter filter, DateOnly today) => filter switch
    {
        DueFilter.Overdue => today.AddDays(-1),
        DueFilter.DueSoon => today.AddDays(SoonDays),
        _ => null,
    };

    /// <summary>The visit ends, at the facility, on a day after the due date: the red-tag warning of dispatching.</summary>
    public static bool EndsAfter(DateOnly? dueDate, DateTimeOffset visitEnd, string facilityTimeZoneId) =>
        dueDate is { } due && DateOnly.FromDateTime(TimeZones.ToLocal(visitEnd, facilityTimeZoneId).DateTime) > due;
}

/// <summary>Reads an organisation's day ("today") for the due-date rules.</summary>
public sealed class OrganizationCalendar(Microsoft.EntityFrameworkCore.IDbContextFactory<Data.WorkOrdersDbContext> dbFactory, TimeProvider clock)
{
    public async Task<DateOnly> TodayAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await TodayAsync(db, actor.OrganizationId, ct);
    }

    internal async Task<DateOnly> TodayAsync(Data.WorkOrdersDbContext db, int organizationId, CancellationToken ct) =>
        (await DayAsync(db, organizationId, ct)).Today;

    /// <summary>Today and the time zone that days are counted in (for date filters, <see cref="Common.OrganizationDays"/>).</summary>
    internal async Task<(DateOnly Today, string TimeZoneId)> DayAsync(Data.WorkOrdersDbContext db, int organizationId, CancellationToken ct)
    {
        var zone = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId), ct);
        return (Today(zone), zone ?? "UTC");
    }

    /// <summary>Today in an organisation's zone already read with another query (a missing one counts in UTC).</summary>
    internal DateOnly Today(string? organizationTimeZoneId) => DueDates.Today(clock, organizationTimeZoneId ?? "UTC");
}

/// <summary>
/// The due filters as database queries, so every list (work orders, inbox, tray, calendar, a facility's items,
/// exports) picks the same rows the badges call overdue or due soon.
/// </summary>
public static class DueQueries
{
    private static readonly Orders.WorkOrderStatus[] FinalStatuses = [Orders.WorkOrderStatus.Resolved, Orders.WorkOrderStatus.Closed];

    public static IQueryable<Orders.WorkOrder> WithDue(this IQueryable<Orders.WorkOrder> query, DueFilter filter, DateOnly today) =>
        DueDates.LatestShown(filter, today) is { } latest
            ? query.Where(w => w.DueDate != null && w.DueDate <= latest && !FinalStatuses.Contains(w.Status))
            : query;

    public static IQueryable<ActionItem> WithDue(this IQueryable<ActionItem> query, DueFilter filter, DateOnly today) =>
        DueDates.LatestShown(filter, today) is { } latest
            ? query.Where(i => i.Status == ActionItemStatus.Open && i.DueDate != null && i.DueDate <= latest)
            : query;
}
