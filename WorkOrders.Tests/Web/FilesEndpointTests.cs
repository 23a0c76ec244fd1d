using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.Core.Attachments;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web;

/// <summary>
/// Every file address (the photo, its thumbnail, the completion report) over HTTP, signed in as each kind of user:
/// the company gets the file with safe headers; another tenant and a provider not linked to the facility get 404.
/// </summary>
public sealed class FilesEndpointTests : IClassFixture<FilesEndpointTests.ResolvedWithPhotos>
{
    private readonly ResolvedWithPhotos fixture;

    public FilesEndpointTests(ResolvedWithPhotos fixture) => this.fixture = fixture;

    public static TheoryData<string, bool> People => new()
    {
        { Demo.Admin, true }, { Demo.Dispatcher, true }, { Demo.Tech, true },
        { Demo.OtherCompanyAdmin, false }, { Demo.ProviderAdmin, false }, { Demo.ProviderTech, false },
    };

    [Theory]
    [MemberData(nameof(People))]
    public async Task GetEveryFileUrl_ByWho_CompanyGetsItOthers404(string who, bool sees)
    {
        var client = await fixture.SignedInAsync(who);

        foreach (var url in fixture.Urls)
        {
            var response = await client.GetAsync(url);
            Assert.True((sees ? HttpStatusCode.OK : HttpStatusCode.NotFound) == response.StatusCode, $"{who} {url}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task GetPhoto_Company_InlineNosniffPrivate()
    {
        var client = await fixture.SignedInAsync(Demo.Admin);

        var response = await client.GetAsync(FileUrls.Content(fixture.AfterId));

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("after.jpg", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.False(TestImages.HasGps(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task GetFile_Anonymous_SentToSignInNotServed()
    {
        var client = fixture.Factory.CreateBrowserlikeClient();

        var response = await client.GetAsync(FileUrls.Content(fixture.BeforeId));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task CompletionReport_ResolvedWorkOrder_PdfHoldsNumberItemsAndPhotos()
    {
        var client = await fixture.SignedInAsync(Demo.Admin);

        var response = await client.GetAsync(FileUrls.CompletionReport(fixture.WorkOrderId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var file = Path.Combine(fixture.Factory.DataFolder, "report.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        // Kept where a person can open it after the run.
        File.Copy(file, Path.Combine(Path.GetTempPath(), "workorders-completion-report.pdf"), overwrite: true);

        var text = Run("pdftotext", $"-layout {file} -");
        Assert.Contains(WorkOrder.FormatNumber(fixture.WorkOrderId), text);
        foreach (var title in fixture.ItemTitles) Assert.Contains(title, text);
        Assert.Contains("Before", text);
        Assert.Contains("After", text);
        Assert.Contains("History", text);
        // pdfimages lists one line per image after two header lines: the finding's photo and the finished work's.
        var images = Run("pdfimages", $"-list {file}").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Count();
        Assert.Equal(2, images);
    }

    [Fact]
    public async Task CompletionReport_WorkOrderNotResolved_Refused()
    {
        var client = await fixture.SignedInAsync(Demo.Admin);
        await using var db = await fixture.DbAsync();
        var draft = await db.WorkOrders.Where(w => w.Status == WorkOrderStatus.Draft).Select(w => w.Id).FirstAsync();

        var response = await client.GetAsync(FileUrls.CompletionReport(draft));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    private static string Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    /// <summary>The app with a Topeka work order (a facility no provider is linked to) resolved with a finding photo and an after photo.</summary>
    public sealed class ResolvedWithPhotos : IAsyncLifetime
    {
        public WebAppFactory Factory { get; } = new();
        public int WorkOrderId { get; private set; }
        public int BeforeId { get; private set; }
        public int AfterId { get; private set; }
        public IReadOnlyList<string> ItemTitles { get; private set; } = [];
        public IReadOnlyList<string> Urls => [
            FileUrls.Content(BeforeId), FileUrls.Thumbnail(BeforeId), FileUrls.Content(AfterId), FileUrls.Thumbnail(AfterId),
            FileUrls.CompletionReport(WorkOrderId)];

        public Task<WorkOrdersDbContext> DbAsync() => Factory.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();

        public async Task<HttpClient> SignedInAsync(string email)
        {
            var client = Factory.CreateBrowserlikeClient();
            var signIn = await WebAppFactory.SignInAsync(client, email);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            return client;
        }

        public async Task InitializeAsync()
        {
            _ = Factory.Server;
            await using var db = await DbAsync();
            async Task<Actor> ActorAsync(string email)
            {
                var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
                return Actor.From(user, user.Organization!.Kind);
            }
            var (dispatcher, tech) = (await ActorAsync(Demo.Dispatcher), await ActorAsync(Demo.Tech));
            var wo = await db.WorkOrders.Include(w => w.ActionItems).AsNoTracking()
                .FirstAsync(w => w.Status == WorkOrderStatus.Approved && w.Facility!.Name == "Station 31 – Topeka");
            var service = Factory.Services.GetRequiredService<WorkOrderService>();
            var files = Factory.Services.GetRequiredService<AttachmentService>();
            var start = DateTimeOffset.UtcNow.AddDays(1);
            Check(await service.DispatchAsync(dispatcher, wo.Id, wo.Version, tech.UserId, start, start.AddHours(2)));
            var before = await files.UploadAsync(tech, AttachmentTarget.ActionItem, wo.ActionItems[0].Id, "before.jpg", new MemoryStream(TestImages.JpegWithGps()));
            var after = await files.UploadAsync(tech, AttachmentTarget.Resolution, wo.Id, "after.jpg", new MemoryStream(TestImages.JpegWithGps()));
            Check(before);
            Check(after);
            Check(await service.ResolveAsync(tech, wo.Id, wo.Version + 1, "Replaced the detector and retested the line.", [after.Value!.Id]));
            (WorkOrderId, BeforeId, AfterId) = (wo.Id, before.Value!.Id, after.Value.Id);
            ItemTitles = wo.ActionItems.Select(i => i.Title).ToList();
        }

        private static void Check(WorkOrders.Core.Common.Result result) => Assert.True(result.IsOk, result.Message);

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
