using ImageMagick;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Common;

namespace WorkOrders.Tests.Core.Attachments;

public sealed class FileProcessorTests
{
    [Fact]
    public void Process_JpegWithGps_StoredWithoutAnyExifAndDownscaled()
    {
        var input = TestImages.JpegWithGps(4000, 3000);
        Assert.True(TestImages.HasGps(input));

        var result = FileProcessor.Process(input, "IMG_0001.jpg");

        Assert.True(result.IsOk, result.Message);
        var stored = result.Value!;
        Assert.False(TestImages.HasGps(stored.Content));
        using var image = new MagickImage(stored.Content);
        Assert.Null(image.GetExifProfile());
        Assert.Equal("image/jpeg", stored.ContentType);
        Assert.Equal(FileProcessor.MaxImageEdge, (int)Math.Max(image.Width, image.Height));
        Assert.NotNull(stored.Thumbnail);
        Assert.False(TestImages.HasGps(stored.Thumbnail!));
    }

    [Fact]
    public void Process_RealHeicFile_AcceptedAndKeptAsJpeg()
    {
        var input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Core", "Attachments", "Samples", "iphone-like.heic"));
        Assert.Equal(SniffedType.Heic, FileProcessor.Sniff(input));

        var result = FileProcessor.Process(input, "IMG_0002.HEIC");

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(("image/jpeg", 640, 480), (result.Value!.ContentType, result.Value.Width, result.Value.Height));
        using var image = new MagickImage(result.Value.Content);
        Assert.Equal(MagickFormat.Jpeg, image.Format);
        Assert.NotNull(result.Value.Thumbnail);
    }

    [Fact]
    public void Process_RenamedExecutable_RefusedAsAProgram()
    {
        var result = FileProcessor.Process(TestImages.RenamedExecutable(), "photo.jpg");

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("photo.jpg is a program", result.Message);
    }

    [Fact]
    public void Process_TextNamedLikeAPhoto_RefusedByItsContent()
    {
        var result = FileProcessor.Process("just text, not a picture"u8.ToArray(), "photo.png");

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("is not a photo", result.Message);
    }

    [Fact]
    public void Process_PngNamedPdf_KeptAsPngByItsContent()
    {
        var result = FileProcessor.Process(TestImages.Png(), "scan.pdf");

        Assert.True(result.IsOk, result.Message);
        Assert.Equal("image/png", result.Value!.ContentType);
        Assert.Equal(".png", result.Value.Extension);
    }

    [Fact]
    public void Process_Pdf_KeptAsItIs()
    {
        var pdf = TestImages.MinimalPdf();

        var result = FileProcessor.Process(pdf, "certificate.pdf");

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(pdf, result.Value!.Content);
        Assert.Null(result.Value.Thumbnail);
    }

    [Fact]
    public void Process_OverTwentyMegabytes_RefusedWithTheLimit()
    {
        var big = new byte[FileProcessor.MaxBytes + 1];
        TestImages.MinimalPdf().CopyTo(big, 0);

        var result = FileProcessor.Process(big, "huge.pdf");

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("larger than 20 MB", result.Message);
    }

    [Fact]
    public void Process_TruncatedJpeg_RefusedAsUnreadable()
    {
        var result = FileProcessor.Process(TestImages.JpegWithGps(200, 100)[..40], "broken.jpg");

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\photos\\pump.jpg", "pump.jpg")]
    [InlineData("a\"b\r\n.jpg", "ab.jpg")]
    [InlineData("", "file")]
    public void CleanFileName_PathsAndControlCharacters_Removed(string name, string expected) =>
        Assert.Equal(expected, FileProcessor.CleanFileName(name));
}
