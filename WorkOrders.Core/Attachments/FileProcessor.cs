using ImageMagick;
using WorkOrders.Core.Common;

namespace WorkOrders.Core.Attachments;

/// <summary>What an upload's first bytes say it is.</summary>
public enum SniffedType { Unknown, Jpeg, Png, WebP, Heic, Pdf, Executable }

/// <summary>A file as it will be stored: cleaned, and for an image its thumbnail.</summary>
public sealed record ProcessedFile(byte[] Content, string ContentType, string Extension, int? Width, int? Height, byte[]? Thumbnail);

/// <summary>
/// Turns an upload into what is stored. The type comes from the content (magic bytes), never from the name;
/// images are decoded only with the decoder of that type, turned upright, stripped of every profile (EXIF, GPS,
/// XMP, IPTC, comments), downscaled to <see cref="MaxImageEdge"/> and re-encoded, and get a thumbnail. PDFs are
/// kept as they are.
/// </summary>
public static class FileProcessor
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxImageEdge = 2560;
    public const int ThumbnailEdge = 320;

    /// <summary>Beyond this an image is refused before it is decoded (a small file can claim a huge canvas).</summary>
    public const int MaxSourceEdge = 16_384;

    public const string Accepted = "a photo (JPEG, PNG, WebP or HEIC) or a PDF";

    static FileProcessor()
    {
        ResourceLimits.Width = MaxSourceEdge;
        ResourceLimits.Height = MaxSourceEdge;
    }

    public static SniffedType Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith<byte>([0xFF, 0xD8, 0xFF])) return SniffedType.Jpeg;
        if (head.StartsWith<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return SniffedType.Png;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return SniffedType.WebP;
        if (head.StartsWith("%PDF-"u8)) return SniffedType.Pdf;
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && IsHeifBrand(head[8..12])) return SniffedType.Heic;
        if (head.StartsWith("MZ"u8) || head.StartsWith<byte>([0x7F, 0x45, 0x4C, 0x46]) || head.StartsWith("#!"u8)
            || head.StartsWith<byte>([0xCF, 0xFA, 0xED, 0xFE]) || head.StartsWith<byte>([0xCA, 0xFE, 0xBA, 0xBE]))
        {
            return SniffedType.Executable;
        }
        return SniffedType.Unknown;
    }

    private static bool IsHeifBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8)
        || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);

    /// <summary>A clear refusal for anything that is not an allowed type, or an image that does not decode.</summary>
    public static Result<ProcessedFile> Process(byte[] content, string fileName)
    {
        if (content.Length == 0) return Refuse($"{fileName} is empty.");
        if (content.Length > MaxBytes) return Refuse(TooLarge(fileName));
        var type = Sniff(content.AsSpan(0, Math.Min(content.Length, 32)));
        switch (type)
        {
            case SniffedType.Pdf:
                return new ProcessedFile(content, "application/pdf", ".pdf", null, null, null);
            case SniffedType.Executable:
                return Refuse($"{fileName} is a program, not {Accepted}; it was not uploaded.");
            case SniffedType.Unknown:
                return Refuse($"{fileName} is not {Accepted}; it was not uploaded.");
        }
        try
        {
            return ProcessImage(content, type);
        }
        catch (MagickException)
        {
            return Refuse($"{fileName} looks like an image but could not be read; it was not uploaded.");
        }
    }

    public static string TooLarge(string fileName) => $"{fileName} is larger than {MaxBytes / (1024 * 1024)} MB; it was not uploaded.";

    private static Result<ProcessedFile> Refuse(string message) => Result<ProcessedFile>.From(Result.Invalid(message));

    private static ProcessedFile ProcessImage(byte[] content, SniffedType type)
    {
        // Only the decoder the magic bytes name: ImageMagick never guesses (no SVG, MVG or script coders).
        var format = type switch
        {
            SniffedType.Jpeg => MagickFormat.Jpeg,
            SniffedType.Png => MagickFormat.Png,
            SniffedType.WebP => MagickFormat.WebP,
            _ => MagickFormat.Heic,
        };
        var info = new MagickImageInfo(content, new MagickReadSettings { Format = format });
        if (info.Width > MaxSourceEdge || info.Height > MaxSourceEdge) throw new MagickResourceLimitErrorException("The image is too large.");

        using var image = new MagickImage(content, new MagickReadSettings { Format = format });
        image.AutoOrient();
        image.Strip();
        image.Resize(new MagickGeometry(MaxImageEdge, MaxImageEdge) { Greater = true });

        // HEIC is shown by few browsers: it is kept as JPEG. The others keep their format (PNG keeps transparency).
        var (outFormat, contentType, extension) = type switch
        {
            SniffedType.Png => (MagickFormat.Png, "image/png", ".png"),
            SniffedType.WebP => (MagickFormat.WebP, "image/webp", ".webp"),
            _ => (MagickFormat.Jpeg, "image/jpeg", ".jpg"),
        };
        image.Quality = 85;
        var stored = image.ToByteArray(outFormat);

        using var thumb = image.Clone();
        thumb.Thumbnail(new MagickGeometry(ThumbnailEdge, ThumbnailEdge) { Greater = true });
        thumb.BackgroundColor = MagickColors.White;
        thumb.Alpha(AlphaAction.Remove);
        thumb.Quality = 80;
        return new ProcessedFile(stored, contentType, extension, (int)image.Width, (int)image.Height, thumb.ToByteArray(MagickFormat.Jpeg));
    }

    /// <summary>A JPEG of at most <paramref name="edge"/> pixels for documents that take only JPEG (the completion report).</summary>
    public static byte[] ToJpeg(byte[] image, int edge)
    {
        using var img = new MagickImage(image);
        img.Resize(new MagickGeometry((uint)edge, (uint)edge) { Greater = true });
        img.BackgroundColor = MagickColors.White;
        img.Alpha(AlphaAction.Remove);
        img.Strip();
        img.Quality = 80;
        return img.ToByteArray(MagickFormat.Jpeg);
    }

    /// <summary>A name safe to show and to put in Content-Disposition: no folders, no control characters, bounded.</summary>
    public static string CleanFileName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var cleaned = new string(bare.Where(c => !char.IsControl(c) && c is not '"' and not '/' and not ':' and not '*' and not '?' and not '<' and not '>' and not '|').ToArray()).Trim();
        if (cleaned.Length == 0) cleaned = "file";
        return cleaned.Length <= Attachment.MaxFileNameLength ? cleaned : cleaned[..(Attachment.MaxFileNameLength - 10)] + Path.GetExtension(cleaned)[..Math.Min(10, Path.GetExtension(cleaned).Length)];
    }
}
