using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace WorkOrders.Web.Components.Layout;

/// <summary>
/// MudBlazor's icons as plain SVG markup with MudBlazor's classes. The app bar and the menu are on every page,
/// so they are markup with MudBlazor's look rather than MudBlazor components, which every open page's circuit
/// would hold (docs/decisions/ADR-007-light-pages-and-circuits.md).
/// </summary>
public static class NavIcon
{
    /// <summary>A menu entry's icon.</summary>
    public static RenderFragment For(string icon) =>
        Svg(icon, "mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default");

    /// <summary>The chevron of a menu group, turned while the group is open.</summary>
    public static RenderFragment Expand(bool open) =>
        Svg(MudBlazor.Icons.Material.Filled.ArrowDropDown, "mud-icon-root mud-svg-icon mud-icon-size-medium mud-nav-link-expand-icon" + (open ? " mud-transform" : ""));

    /// <summary>An icon inside a button (icon buttons, a button's start icon).</summary>
    public static RenderFragment Button(string icon) => Svg(icon, "mud-icon-root mud-svg-icon mud-icon-size-medium");

    /// <summary>The icon at the start of a small chip (the due and provider badges).</summary>
    public static RenderFragment Chip(string icon) => Svg(icon, "mud-icon-root mud-svg-icon mud-icon-size-small mud-chip-icon");

    private static RenderFragment Svg(string icon, string classes) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", classes);
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    };
}
