using WorkOrders.Core.Facilities;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Web.Components.Pages.Scheduling;

public enum CalendarColoring { Assignee, Status }

/// <summary>A work order as the scheduler draws it: wall-clock Start/End in the zone the calendar shows.</summary>
public sealed record CalendarAppointment(CalendarEntry Entry, DateTime Start, DateTime End, string Text, string Tooltip, string Color)
{
    public bool IsResolved => Entry.Status == WorkOrderStatus.Resolved;
}

/// <summary>
/// Between Core's instants and the scheduler's wall-clock DateTimes. The scheduler knows no time zones,
/// so every value it shows or returns is read in one display zone, named on the page.
/// </summary>
public static class CalendarMapping
{
    /// <summary>Dark enough for white text (WCAG AA for bold text).</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#1565c0", "#2e7d32", "#6a1b9a", "#c62828", "#00695c", "#d84315", "#4e342e", "#ad1457", "#283593", "#37474f"];

    public static readonly IReadOnlyDictionary<WorkOrderStatus, string> StatusColors = new Dictionary<WorkOrderStatus, string>
    {
        [WorkOrderStatus.Dispatched] = "#1565c0",
        [WorkOrderStatus.Resolved] = "#2e7d32",
    };

    /// <summary>One colour per assignee, in the order of the legend, so the legend and the appointments agree.</summary>
    public static IReadOnlyDictionary<string, string> AssigneeColors(IEnumerable<CalendarPerson> people) =>
        people.Select((p, i) => (p.Id, Color: Palette[i % Palette.Count])).ToDictionary(p => p.Id, p => p.Color);

    public static IReadOnlyList<CalendarAppointment> ToAppointments(
        IEnumerable<CalendarEntry> entries, string displayZone, CalendarColoring coloring, IReadOnlyDictionary<string, string> assigneeColors) =>
        entries.Select(e => new CalendarAppointment(
                e,
                TimeZones.ToLocal(e.Start, displayZone).DateTime,
                TimeZones.ToLocal(e.End, displayZone).DateTime,
                Label(e),
                Tooltip(e),
                ColorOf(e, coloring, assigneeColors)))
            .ToList();

    public static string Label(CalendarEntry e) => $"{e.Number} · {e.FacilityName} · {e.AssigneeName ?? "unassigned"}";

    /// <summary>The facility's own clock, which may differ from the zone the calendar shows.</summary>
    public static string Tooltip(CalendarEntry e) =>
        string.Join('\n',
            $"{e.Number} {e.Title}",
            e.FacilityName,
            $"Facility time: {Window(e.LocalStart, e.LocalEnd)} ({e.TimeZoneId})",
            $"Assignee: {e.AssigneeName ?? "none"}",
            $"Status: {e.Status}");

    public static string Window(DateTimeOffset start, DateTimeOffset end) => Display.Window(start, end);

    public static string ColorOf(CalendarEntry e, CalendarColoring coloring, IReadOnlyDictionary<string, string> assigneeColors) =>
        coloring == CalendarColoring.Status
            ? StatusColors.GetValueOrDefault(e.Status, "#37474f")
            : e.AssigneeId is { } id && assigneeColors.TryGetValue(id, out var color) ? color : Palette[^1];

    /// <summary>The instant of a wall-clock time in the zone; a time skipped by a clock change moves forward to one that exists.</summary>
    public static DateTimeOffset ToInstant(DateTime wallClock, string zone)
    {
        for (var shift = 0; shift <= 4; shift++)
        {
            if (TimeZones.FromLocal(wallClock.AddMinutes(30 * shift), zone) is { } instant) return instant;
        }
        return new DateTimeOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), TimeSpan.Zero);
    }

    /// <summary>The query range of the view the scheduler shows.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) ToRange(DateTime viewStart, DateTime viewEnd, string displayZone) =>
        (ToInstant(viewStart, displayZone), ToInstant(viewEnd, displayZone));

    /// <summary>
    /// The window a clicked slot proposes: a slot of a day view keeps its start and lasts two hours;
    /// a whole-day slot (month view) starts at 8 am.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End) ProposedWindow(DateTime slotStart, DateTime slotEnd, string displayZone)
    {
        var start = slotEnd - slotStart >= TimeSpan.FromDays(1) ? slotStart.Date.AddHours(8) : slotStart;
        return (ToInstant(start, displayZone), ToInstant(start.AddHours(2), displayZone));
    }
}
