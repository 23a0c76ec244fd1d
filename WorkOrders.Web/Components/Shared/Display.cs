using System.Collections.Concurrent;
using System.Globalization;
using MudBlazor;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Orders;

namespace WorkOrders.Web.Components.Shared;

/// <summary>How the screens write money, times, statuses and results; one place so every page reads the same.</summary>
public static class Display
{
    /// <summary>
    /// The signed-in person's culture: the request (and so the circuit) runs in it (<see cref="UserCulture"/>); any
    /// other culture, such as a server's invariant one, reads as en-US.
    /// </summary>
    public static CultureInfo Culture => Formats.Culture(CultureInfo.CurrentCulture.Name);

    /// <summary>"USD 1,234.50": the currency code avoids guessing a symbol for a company's currency.</summary>
    public static string Money(decimal amount, string currency) => Formats.Money(amount, currency, Culture);

    public static string Number(decimal value) => Formats.Number(value, Culture);

    /// <summary>A calendar day, e.g. "12/01/2026" (due dates).</summary>
    public static string Date(DateOnly date) => Formats.Date(date, Culture);

    /// <summary>A day within the weeks around today, e.g. "Dec 1" (charts, lists of recent days).</summary>
    public static string Day(DateOnly date) => Formats.Day(date, Culture);

    /// <summary>A month, e.g. "Dec 2026".</summary>
    public static string Month(DateOnly month) => Formats.Month(month, Culture);

    /// <summary>An instant as the facility's clock shows it, e.g. "Fri 11/21/2026 9:00 AM".</summary>
    public static string Local(DateTimeOffset instant, string timeZoneId) => Formats.DateTime(TimeZones.ToLocal(instant, timeZoneId).DateTime, Culture);

    /// <summary>A window on one clock, e.g. "Sat 11/21/2026 9:00 AM – 12:00 PM" (calendars, a technician's jobs).</summary>
    public static string Window(DateTimeOffset localStart, DateTimeOffset localEnd) => Formats.Window(localStart.DateTime, localEnd.DateTime, Culture);

    public static string Schedule(DateTimeOffset? start, DateTimeOffset? end, string timeZoneId) =>
        start is { } s && end is { } e ? Window(TimeZones.ToLocal(s, timeZoneId), TimeZones.ToLocal(e, timeZoneId)) : "Not scheduled";

    public static Color StatusColor(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.Draft => Color.Default,
        WorkOrderStatus.Submitted => Color.Warning,
        WorkOrderStatus.Approved => Color.Info,
        WorkOrderStatus.Denied => Color.Error,
        WorkOrderStatus.Dispatched => Color.Primary,
        WorkOrderStatus.Resolved => Color.Success,
        WorkOrderStatus.Closed => Color.Dark,
        _ => Color.Default,
    };

    public static Color PriorityColor(Priority priority) => priority switch
    {
        Priority.Critical => Color.Error,
        Priority.High => Color.Warning,
        Priority.Medium => Color.Info,
        _ => Color.Default,
    };

    public static string ActionLabel(WorkOrderAction action) => LifecycleActions.Of(action).ButtonLabel;

    /// <summary>What a history entry says happened.</summary>
    public static string HistoryLabel(HistoryView entry) => entry.Action is { } action ? LifecycleActions.Of(action).HistoryLabel : "Created the draft";

    /// <summary>How each tone of <see cref="ActionTone"/> looks: the one place actions get a colour and a weight.</summary>
    public static (Color Color, MudBlazor.Variant Variant) Look(ActionTone tone) => tone switch
    {
        ActionTone.Primary => (Color.Primary, MudBlazor.Variant.Filled),
        ActionTone.Positive => (Color.Success, MudBlazor.Variant.Filled),
        ActionTone.Destructive => (Color.Error, MudBlazor.Variant.Outlined),
        _ => (Color.Primary, MudBlazor.Variant.Outlined),
    };

    /// <summary>The confirm button of an action's dialog: filled, in the tone's colour.</summary>
    public static Color ConfirmColor(ActionTone tone) => tone switch
    {
        ActionTone.Destructive => Color.Error,
        ActionTone.Positive => Color.Success,
        _ => Color.Primary,
    };

    private static readonly ConcurrentDictionary<string, string> IconCache = new();

    /// <summary>The SVG of a record's Material icon name (MudBlazor's Icons.Material.Filled).</summary>
    public static string Icon(string name) => IconCache.GetOrAdd(name, n =>
        typeof(MudBlazor.Icons.Material.Filled).GetField(n)?.GetValue(null) as string ?? MudBlazor.Icons.Material.Filled.PlayArrow);

    public static Severity SeverityOf(Result result) => result.Status switch
    {
        ResultStatus.Ok => Severity.Success,
        ResultStatus.Invalid => Severity.Warning,
        _ => Severity.Error,
    };

    /// <summary>Refusals that mean the page shows an out-of-date state and must reload.</summary>
    public static bool NeedsReload(Result result) =>
        result.Status is ResultStatus.Conflict or ResultStatus.NotAllowed or ResultStatus.NotFound;

    public static string ActionId(WorkOrderAction action) => "action-" + action.ToString().ToLowerInvariant();
}
