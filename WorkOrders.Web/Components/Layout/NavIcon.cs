using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace WorkOrders.Web.Components.Layout;

/// <summary>
/// A menu entry's icon as plain SVG markup with MudBlazor's classes. The menu is on every page, so its
/// entries are Blazor <c>NavLink</c>s with MudBlazor's look rather than <c>MudNavLink</c>s, which cost
/// every open page three components each.
/// </summary>
public static class NavIcon
{
    public static RenderFragment For(string icon) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", "mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default");
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    };
}
