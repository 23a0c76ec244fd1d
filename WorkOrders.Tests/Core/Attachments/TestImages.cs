using ImageMagick;

namespace WorkOrders.Tests.Core.Attachments;

/// <summary>Photos made in the test, as a phone would send them: large, with EXIF and a GPS position.</summary>
public static class TestImages
{
    public static byte[] JpegWithGps(uint width = 3000, uint height = 2000)
    {
        using var image = new MagickImage(MagickColors.SteelBlue, width, height);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "TestPhone");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(37, 1), new Rational(41, 1), new Rational(3, 1)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(97, 1), new Rational(20, 1), new Rational(7, 1)]);
        image.SetProfile(exif);
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    public static byte[] Png(uint width = 64, uint height = 48)
    {
        using var image = new MagickImage(MagickColors.OrangeRed, width, height);
        return image.ToByteArray(MagickFormat.Png);
    }

    /// <summary>The first bytes of a Windows program, as a file renamed to .jpg would carry them.</summary>
    public static byte[] RenamedExecutable() => [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. new byte[4000]];

    public static byte[] MinimalPdf() => "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    public static bool HasGps(byte[] jpeg)
    {
        using var image = new MagickImage(jpeg);
        return image.GetExifProfile()?.GetValue(ExifTag.GPSLatitude) is not null;
    }
}
