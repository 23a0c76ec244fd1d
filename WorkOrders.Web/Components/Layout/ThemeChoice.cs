using MudBlazor;

namespace WorkOrders.Web.Components.Layout;

/// <summary>
/// The light and dark palettes. Which one a person sees is kept with their account (<c>MyAccount.DarkModeAsync</c>), read
/// by App.razor when the server draws the page so the first paint is already in the chosen mode.
/// </summary>
public static class ThemeChoice
{
    public static readonly MudTheme Theme = SystemFonts.Apply(new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            // Used for supporting text (addresses, organisations): a muted slate that stays readable (5.4:1 on white).
            Secondary = "#546e7a",
            AppbarBackground = "#0d47a1",
            Background = "#f5f7fa",
            // White text on the status and priority chips, and these colours as text on white, reach 4.5:1 (WCAG AA).
            Success = "#2e7d32",
            Info = "#01579b",
            Warning = "#a64d00",
            Error = "#c62828",
            TextSecondary = "#505a66",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#90caf9",
            PrimaryContrastText = "#0b1a2b",
            Secondary = "#b0bec5",
            AppbarBackground = "#10243f",
            // MudBlazor's dark defaults (white at 70% and 50%) leave secondary text and field labels under 4.5:1 on the dark surface.
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.72)",
            Success = "#81c784",
            SuccessContrastText = "#0b1f0c",
            Info = "#81d4fa",
            InfoContrastText = "#062033",
            Warning = "#ffb74d",
            WarningContrastText = "#2b1700",
            Error = "#ef9a9a",
            ErrorContrastText = "#2b0707",
            Dark = "#9e9e9e",
            DarkContrastText = "#111111",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    });
}
