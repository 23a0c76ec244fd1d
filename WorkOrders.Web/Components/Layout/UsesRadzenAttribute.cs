namespace WorkOrders.Web.Components.Layout;

/// <summary>
/// On a page that shows Radzen's scheduler (WorkCalendar): App.razor adds Radzen's stylesheet to that page's head. The
/// head is drawn by the server, so a component inside the page's interactive island cannot add it there itself.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UsesRadzenAttribute : Attribute;
