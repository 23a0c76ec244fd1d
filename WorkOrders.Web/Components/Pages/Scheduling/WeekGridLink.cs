namespace WorkOrders.Web.Components.Pages.Scheduling;

/// <summary>
/// The week grid a calendar shows right now, if any: the calendar's one browser listener reports slots to the calendar,
/// which hands them to the grid that drew them. Null while the day or month view is shown.
/// </summary>
public sealed class WeekGridLink
{
    public WeekSlotGrid? Grid { get; internal set; }
}
