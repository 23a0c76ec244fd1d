using WorkOrders.Core.Facilities;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Scheduling;

/// <summary>Whose work a calendar shows.</summary>
public enum CalendarScope
{
    /// <summary>Everything the actor dispatches or oversees: see <see cref="CalendarQueries"/>.</summary>
    Dispatch,

    /// <summary>Only the work assigned to the actor.</summary>
    Mine,
}

/// <summary>A half-open range [From, To) of instants plus optional filters.</summary>
public sealed record CalendarRange(DateTimeOffset From, DateTimeOffset To, CalendarScope Scope = CalendarScope.Dispatch, string? AssigneeId = null, int? FacilityId = null,
    ActionItems.DueFilter Due = ActionItems.DueFilter.Any);

/// <summary>A scheduled work order as a calendar shows it. Start and End are instants; TimeZoneId is the facility's.</summary>
public sealed record CalendarEntry(
    int Id, string Title, int FacilityId, string FacilityName, string TimeZoneId, string? AssigneeId, string? AssigneeName,
    WorkOrderStatus Status, DateTimeOffset Start, DateTimeOffset End, int Version, bool CanReschedule)
{
    public string Number => WorkOrder.FormatNumber(Id);
    public DateTimeOffset LocalStart => TimeZones.ToLocal(Start, TimeZoneId);
    public DateTimeOffset LocalEnd => TimeZones.ToLocal(End, TimeZoneId);
}

/// <summary>
/// What a calendar draws for a range: at most <see cref="CalendarQueries.MaxVisitsShown"/> visits, the earliest first, and
/// <see cref="Total"/>, how many visits the range holds for the same filters.
/// </summary>
public sealed class CalendarPeriod(IReadOnlyList<CalendarEntry> visits, int total) : IReadOnlyList<CalendarEntry>
{
    public static readonly CalendarPeriod Empty = new([], 0);

    public int Total { get; } = total;

    /// <summary>The range holds more visits than are drawn.</summary>
    public bool IsCut => Total > visits.Count;

    public int Count => visits.Count;
    public CalendarEntry this[int index] => visits[index];
    public IEnumerator<CalendarEntry> GetEnumerator() => visits.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>An approved work order its submitter may now put on the calendar.</summary>
public sealed record ReadyToDispatch(int Id, string Title, int FacilityId, string FacilityName, string TimeZoneId, int ActionItemCount, int Version, DateTimeOffset ApprovedAt,
    DateOnly? DueDate = null, ActionItems.DueState DueState = ActionItems.DueState.None)
{
    public string Number => WorkOrder.FormatNumber(Id);
}

public enum MyJobWhen { Overdue, Today, Upcoming, Resolved }

/// <summary>A job of the assignee's "My work" list.</summary>
public sealed record MyJob(
    int Id, string Title, string FacilityName, string FacilityAddress, string TimeZoneId,
    DateTimeOffset Start, DateTimeOffset End, int ActionItemCount, WorkOrderStatus Status, MyJobWhen When)
{
    public string Number => WorkOrder.FormatNumber(Id);
    public DateTimeOffset LocalStart => TimeZones.ToLocal(Start, TimeZoneId);
    public DateTimeOffset LocalEnd => TimeZones.ToLocal(End, TimeZoneId);
}

public sealed record MyWorkList(IReadOnlyList<MyJob> Today, IReadOnlyList<MyJob> Upcoming, IReadOnlyList<MyJob> RecentlyResolved);

/// <summary>Someone whose work appears on the actor's calendar (filter and legend).</summary>
public sealed record CalendarPerson(string Id, string DisplayName);
