using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace WorkOrders.Core.Reports;

/// <summary>A top-to-bottom writer on A4/Letter-neutral pages: wraps text, places photos two to a row, starts new pages as needed.</summary>
internal sealed class ReportPage : IDisposable
{
    public static readonly XFont Regular = new(ReportFonts.Family, 10, XFontStyleEx.Regular);
    public static readonly XFont Bold = new(ReportFonts.Family, 10, XFontStyleEx.Bold);
    public static readonly XFont Small = new(ReportFonts.Family, 8, XFontStyleEx.Regular);
    private static readonly XFont TitleFont = new(ReportFonts.Family, 16, XFontStyleEx.Bold);
    private static readonly XFont HeadingFont = new(ReportFonts.Family, 12, XFontStyleEx.Bold);

    private const double Margin = 48;
    private const double PhotoWidth = 240, PhotoHeight = 180, PhotoGap = 12;

    private readonly PdfDocument document;
    private XGraphics graphics = null!;
    private PdfPage current = null!;
    private double y;

    public ReportPage(PdfDocument document)
    {
        this.document = document;
        NewPage();
    }

    private double Width => current.Width.Point - 2 * Margin;
    private double Bottom => current.Height.Point - Margin;

    public void Title(string text) => Wrapped(text, TitleFont, 4);
    public void Heading(string text) { Gap(10); Wrapped(text, HeadingFont, 4); }
    public void Line(string text, XFont? font = null) => Wrapped(text, font ?? Regular, 2);
    public void Gap(double points) => y += points;

    public void Field(string label, string value)
    {
        var labelWidth = 80;
        var lines = Wrap(value, Regular, Width - labelWidth);
        Ensure(lines.Count * LineHeight(Regular));
        graphics.DrawString(label, Small, XBrushes.Gray, new XRect(Margin, y, labelWidth, LineHeight(Regular)), XStringFormats.TopLeft);
        foreach (var line in lines)
        {
            graphics.DrawString(line, Regular, XBrushes.Black, new XRect(Margin + labelWidth, y, Width - labelWidth, LineHeight(Regular)), XStringFormats.TopLeft);
            y += LineHeight(Regular);
        }
        y += 2;
    }

    public void Photos(IEnumerable<(byte[] Jpeg, string Caption)> photos)
    {
        var column = 0;
        foreach (var (jpeg, caption) in photos)
        {
            if (column == 0) Ensure(PhotoHeight + 14);
            var x = Margin + column * (PhotoWidth + PhotoGap);
            using var image = XImage.FromStream(new MemoryStream(jpeg));
            var scale = Math.Min(PhotoWidth / image.PointWidth, PhotoHeight / image.PointHeight);
            var (w, h) = (image.PointWidth * scale, image.PointHeight * scale);
            graphics.DrawImage(image, x, y, w, h);
            var captionLine = Wrap(caption, Small, PhotoWidth).FirstOrDefault() ?? "";
            graphics.DrawString(captionLine, Small, XBrushes.Gray, new XRect(x, y + PhotoHeight + 2, PhotoWidth, 10), XStringFormats.TopLeft);
            column = (column + 1) % 2;
            if (column == 0) y += PhotoHeight + 16;
        }
        if (column != 0) y += PhotoHeight + 16;
    }

    private bool finished;

    /// <summary>Writes the last page's content; call before saving the document.</summary>
    public void Finish()
    {
        if (finished) return;
        finished = true;
        graphics.Dispose();
    }

    public void Dispose() => Finish();

    private void Wrapped(string text, XFont font, double after)
    {
        foreach (var line in Wrap(text, font, Width))
        {
            Ensure(LineHeight(font));
            graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin, y, Width, LineHeight(font)), XStringFormats.TopLeft);
            y += LineHeight(font);
        }
        y += after;
    }

    private static double LineHeight(XFont font) => font.Size * 1.35;

    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (graphics.MeasureString(candidate, font).Width <= width || line.Length == 0 && !TooWide(word, font, width))
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                line = word;
                // A word longer than the line (a long URL) is cut wherever it must be.
                while (TooWide(line, font, width))
                {
                    var fit = line.Length - 1;
                    while (fit > 1 && graphics.MeasureString(line[..fit], font).Width > width) fit--;
                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    private bool TooWide(string text, XFont font, double width) => graphics.MeasureString(text, font).Width > width;

    private void Ensure(double height)
    {
        if (y + height <= Bottom) return;
        graphics.Dispose();
        NewPage();
    }

    private void NewPage()
    {
        current = document.AddPage();
        graphics = XGraphics.FromPdfPage(current);
        y = Margin;
    }
}
