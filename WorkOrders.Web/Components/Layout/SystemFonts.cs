using MudBlazor;

namespace WorkOrders.Web.Components.Layout;

/// <summary>
/// Text is set in the device's own sans-serif font: no web font is downloaded. "Roboto" is left out on
/// purpose — Radzen's theme on the calendar pages declares a Roboto web font (750 KB) that the name would pull in.
/// </summary>
public static class SystemFonts
{
    public static readonly string[] Stack = ["system-ui", "-apple-system", "Segoe UI", "Helvetica Neue", "Arial", "Noto Sans", "Liberation Sans", "sans-serif"];

    public static MudTheme Apply(MudTheme theme)
    {
        var t = theme.Typography;
        BaseTypography[] all = [t.Default, t.H1, t.H2, t.H3, t.H4, t.H5, t.H6, t.Subtitle1, t.Subtitle2, t.Body1, t.Body2, t.Button, t.Caption, t.Overline];
        foreach (var typography in all) typography.FontFamily = Stack;
        return theme;
    }
}
