using System.Text;

namespace WorkOrders.Core.ActionItems;

/// <summary>
/// Spreadsheets save CSV as UTF-8, UTF-16 or the Windows "ANSI" code page. The parser reads UTF-8, so any other
/// file is converted first, and the preview says so: read as UTF-8, "Café" in Windows-1252 became "Caf�" unnoticed.
/// </summary>
public static class CsvEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file as UTF-8, and a note for the preview when it was converted (null when it already was UTF-8).</summary>
    public static async Task<(Stream Utf8, string? Note)> ToUtf8Async(Stream csv, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await csv.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();

        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble)) return (new MemoryStream(bytes), null);
        if (bytes.AsSpan().StartsWith(Encoding.Unicode.Preamble)) return Converted(bytes, Encoding.Unicode, "UTF-16");
        if (bytes.AsSpan().StartsWith(Encoding.BigEndianUnicode.Preamble)) return Converted(bytes, Encoding.BigEndianUnicode, "UTF-16");
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return (new MemoryStream(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            var windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
            return Converted(bytes, windows1252, "Windows-1252 (Western European)");
        }
    }

    private static (Stream, string) Converted(byte[] bytes, Encoding from, string name)
    {
        var text = from.GetString(bytes).TrimStart('\uFEFF');
        var note = $"This file is not UTF-8; it was read as {name}. Check that accented letters below look right; " +
                   "if they do not, save the file as \"CSV UTF-8\" and upload it again.";
        return (new MemoryStream(Encoding.UTF8.GetBytes(text)), note);
    }
}
