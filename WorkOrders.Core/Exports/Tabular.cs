using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace WorkOrders.Core.Exports;

public enum ExportFormat { Csv, Xlsx }

public enum CellKind { Text, Number, Date }

public sealed record ExportColumn(string Header, CellKind Kind = CellKind.Text);

/// <summary>A table whose rows are read from the database while they are written, never all held at once.</summary>
public sealed record ExportTable(string Name, IReadOnlyList<ExportColumn> Columns, IAsyncEnumerable<object?[]> Rows);

/// <summary>
/// Text that a spreadsheet would run as a formula — starting with = + - @, a tab or a carriage return — is written
/// with a leading apostrophe, which spreadsheets read as "this is text". One rule for CSV and Excel alike.
/// </summary>
public static class SpreadsheetText
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string Neutralise(string text) =>
        text.Length > 0 && FormulaStarts.Contains(text[0]) ? "'" + text : text;
}

/// <summary>Writes an <see cref="ExportTable"/> as CSV (CsvHelper) or .xlsx (the Open XML SDK's forward-only writer in a forward-only zip), streaming.</summary>
public static class TabularWriter
{
    public static string ContentType(ExportFormat format) => format == ExportFormat.Csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    public static Task WriteAsync(ExportFormat format, ExportTable table, Stream destination, CancellationToken ct) =>
        format == ExportFormat.Csv ? WriteCsvAsync(table, destination, ct) : WriteXlsxAsync(table, destination, ct);

    public static async Task WriteCsvAsync(ExportTable table, Stream destination, CancellationToken ct)
    {
        // The UTF-8 byte order mark makes Excel read names with accents correctly.
        await destination.WriteAsync(new byte[] { 0xEF, 0xBB, 0xBF }, ct);
        await using var csv = CsvWriter.Create(destination, new CsvWriterOptions(), leaveOpen: true);
        await csv.WriteRecordAsync(table.Columns.Select(c => c.Header).ToArray(), ct);
        var fields = new string[table.Columns.Count];
        await foreach (var row in table.Rows.WithCancellation(ct))
        {
            for (var i = 0; i < fields.Length; i++) fields[i] = CsvText(row[i], table.Columns[i].Kind);
            await csv.WriteRecordAsync(fields, ct);
        }
        await csv.FlushAsync(ct);
    }

    private static string CsvText(object? value, CellKind kind) => value switch
    {
        null => "",
        string s => SpreadsheetText.Neutralise(s),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC",
        IFormattable f when kind == CellKind.Number => f.ToString(null, CultureInfo.InvariantCulture),
        _ => SpreadsheetText.Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>
    /// The zip is written forward-only (<see cref="ZipArchiveMode.Create"/>), each entry compressed as it is written, and
    /// the sheet through the Open XML SDK's <see cref="OpenXmlWriter"/>; so rows go out as they are read and nothing holds
    /// the workbook. The SDK's own package needs to read back what it wrote, which a response body cannot do.
    /// Strings are inline (no shared-string table to keep in memory); dates are numbers with a date style.
    /// </summary>
    public static async Task WriteXlsxAsync(ExportTable table, Stream destination, CancellationToken ct)
    {
        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """);
            Part(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Part(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """);
            Part(zip, "xl/workbook.xml", new Workbook(new Sheets(new Sheet { Name = SheetName(table.Name), SheetId = 1, Id = "rId1" })).OuterXml);
            Part(zip, "xl/styles.xml", Styles().OuterXml);

            await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            using var writer = OpenXmlWriter.Create(sheet);
            writer.WriteStartDocument();
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, table.Columns.Select(c => (object?)c.Header).ToArray(), table.Columns.Select(_ => CellKind.Text).ToArray(), header: true);
            var kinds = table.Columns.Select(c => c.Kind).ToArray();
            await foreach (var row in table.Rows.WithCancellation(ct)) WriteRow(writer, row, kinds, header: false);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.Close();
        }
        await destination.FlushAsync(ct);
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var bytes = System.Text.Encoding.UTF8.GetBytes(xml.StartsWith("<?xml", StringComparison.Ordinal) ? xml : "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + xml);
        stream.Write(bytes);
    }

    private static void WriteRow(OpenXmlWriter writer, object?[] values, CellKind[] kinds, bool header)
    {
        writer.WriteStartElement(new Row());
        for (var i = 0; i < values.Length; i++)
        {
            switch (values[i])
            {
                case null:
                    writer.WriteElement(new Cell());
                    break;
                case DateOnly d:
                    writer.WriteElement(new Cell { StyleIndex = 1, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)) });
                    break;
                case DateTimeOffset t:
                    writer.WriteElement(new Cell { StyleIndex = 2, CellValue = new CellValue(t.UtcDateTime.ToOADate().ToString(CultureInfo.InvariantCulture)) });
                    break;
                case IFormattable n when kinds[i] == CellKind.Number:
                    writer.WriteElement(new Cell { DataType = CellValues.Number, CellValue = new CellValue(n.ToString(null, CultureInfo.InvariantCulture)) });
                    break;
                case var text:
                    var s = SpreadsheetText.Neutralise(Convert.ToString(text, CultureInfo.InvariantCulture) ?? "");
                    writer.WriteElement(new Cell(new InlineString(new Text(s) { Space = SpaceProcessingModeValues.Preserve }))
                    {
                        DataType = CellValues.InlineString,
                        StyleIndex = header ? 3u : null,
                    });
                    break;
            }
        }
        writer.WriteEndElement();
    }

    /// <summary>0 plain, 1 date, 2 date and time (UTC), 3 bold header.</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }) { Count = 4 });

    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return clean.Length > 31 ? clean[..31] : clean.Length == 0 ? "Export" : clean;
    }
}
