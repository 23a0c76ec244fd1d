using PdfSharp.Fonts;

namespace WorkOrders.Core.Reports;

/// <summary>
/// PDFsharp draws with font files it is given. The server's DejaVu Sans (Debian's fonts-dejavu-core, which most
/// Linux servers have) covers most scripts; where it is missing, the Segoe WP faces PDFsharp ships are used, so a
/// report is always produced.
/// </summary>
internal sealed class ReportFonts : IFontResolver
{
    public const string Family = "Report";

    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"];

    private static readonly Lazy<(byte[] Regular, byte[] Bold)> Faces = new(() =>
    {
        foreach (var folder in Folders)
        {
            var regular = Path.Combine(folder, "DejaVuSans.ttf");
            var bold = Path.Combine(folder, "DejaVuSans-Bold.ttf");
            if (File.Exists(regular) && File.Exists(bold)) return (File.ReadAllBytes(regular), File.ReadAllBytes(bold));
        }
        return (PdfSharp.WPFonts.FontDataHelper.SegoeWP, PdfSharp.WPFonts.FontDataHelper.SegoeWPBold);
    });

    private static readonly Lock Gate = new();

    /// <summary>PDFsharp's font settings are process-wide and may be set once.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is ReportFonts) return;
            GlobalFontSettings.FontResolver ??= new ReportFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "report-bold" : "report-regular");

    public byte[]? GetFont(string faceName) => faceName == "report-bold" ? Faces.Value.Bold : Faces.Value.Regular;
}
