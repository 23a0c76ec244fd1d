using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Attachments;
using WorkOrders.Tests.Core.Attachments;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.WorkOrderScreens;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Tests.Web.Components;

/// <summary>The uploader, the gallery and the before/after section, rendered over a real Core.</summary>
public sealed class FileComponentsTests : ScreenTestBase
{
    [Fact]
    public async Task FileUploader_PhotoAndProgramPicked_PhotoStoredProgramRefusedWithItsReason()
    {
        await SignInAsync(Demo.Tech);
        var id = await WorkOrderIdAsync(DispatchedTitle);
        var cut = RenderPage<FileUploader>(p => p
            .Add(x => x.Target, AttachmentTarget.Resolution).Add(x => x.TargetId, id).Add(x => x.Label, "Photos of the finished work"));

        cut.FindComponents<InputFile>()[1].UploadFiles(
            InputFileContent.CreateFromBinary(TestImages.Png(), "after.png"),
            InputFileContent.CreateFromBinary(TestImages.RenamedExecutable(), "holiday.jpg"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".file-row[data-state=Failed]")), TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".file-row[data-state=Done]")), TimeSpan.FromSeconds(30));
        Assert.Contains("holiday.jpg is a program", cut.Find(".file-row[data-state=Failed] .file-error").TextContent);
        Assert.Empty(cut.FindAll(".file-row[data-state=Failed] .file-retry"));
        var stored = Assert.Single(cut.Instance.UploadedIds);
        await using (var db = await Core.DbAsync())
        {
            Assert.Equal(AttachmentState.Draft, (await db.Attachments.SingleAsync(a => a.Id == stored)).State);
        }

        cut.Find(".file-row[data-state=Done] .file-remove").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.Instance.UploadedIds));
        await using (var db = await Core.DbAsync())
        {
            Assert.False(await db.Attachments.AnyAsync(a => a.Id == stored));
        }
    }

    [Fact]
    public void PhotoGallery_PhotoAndPdf_ThumbnailLinksAndRemoveOnlyWhereAllowed()
    {
        var at = DateTimeOffset.UtcNow;
        AttachmentView[] files =
        [
            new(7, AttachmentTarget.ActionItem, "crack.jpg", "image/jpeg", 1000, 640, 480, true, 1, null, "you", at, CanRemove: true),
            new(8, AttachmentTarget.ActionItem, "permit.pdf", "application/pdf", 2000, null, null, false, 1, null, "Ann", at, CanRemove: false),
        ];

        var cut = RenderPage<PhotoGallery>(p => p.Add(x => x.Files, files).Add(x => x.AllowRemove, true).Add(x => x.Label, "Photos of the crack"));

        Assert.Equal(["/files/7", "/files/8"], cut.FindAll(".photo-tile a").Select(a => a.GetAttribute("href")));
        Assert.Equal("/files/7/thumbnail", cut.Find(".photo-tile img").GetAttribute("src"));
        Assert.Equal("crack.jpg", cut.Find(".photo-tile img").GetAttribute("alt"));
        Assert.Equal("Remove crack.jpg", Assert.Single(cut.FindAll(".photo-remove")).GetAttribute("aria-label"));
    }

    [Fact]
    public void PhotoGallery_NoFiles_ShowsTheEmptyText()
    {
        var cut = RenderPage<PhotoGallery>(p => p.Add(x => x.Files, []).Add(x => x.EmptyText, "No photos of this finding."));

        Assert.Contains("No photos of this finding.", cut.Markup);
        Assert.Empty(cut.FindAll(".photo-grid"));
    }

    [Fact]
    public async Task WorkOrderPage_Resolved_OffersTheCompletionReportAsADownload()
    {
        await SignInAsync(Demo.Admin);
        var id = await WorkOrderIdAsync(ResolvedTitle);

        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#completion-report"));
        var link = page.Find("#completion-report");
        Assert.Equal(FileUrls.CompletionReport(id), link.GetAttribute("href"));
        Assert.EndsWith("-completion-report.pdf", link.GetAttribute("download"));
    }
}
