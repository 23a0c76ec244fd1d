using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Data;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.Core.Attachments;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>
/// A technician on a 1024×768 tablet photographs the finding and the repair, resolves, and the company downloads the
/// completion report. Its own app (it resolves a demo work order other browser tests rely on).
/// </summary>
public sealed class PhotoUploadTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ResolveWithPhotos_Tablet_PhotosShownRefusalsExplainedReportDownloaded()
    {
        SetDefaultExpectTimeout(15_000);
        var folder = Directory.CreateTempSubdirectory("workorders-upload-").FullName;
        var before = Path.Combine(folder, "finding.jpg");
        var after = Path.Combine(folder, "repair.jpg");
        var program = Path.Combine(folder, "holiday.jpg");
        var huge = Path.Combine(folder, "scan.pdf");
        await File.WriteAllBytesAsync(before, TestImages.JpegWithGps());
        await File.WriteAllBytesAsync(after, TestImages.JpegWithGps(2400, 1800));
        await File.WriteAllBytesAsync(program, TestImages.RenamedExecutable());
        await File.WriteAllBytesAsync(huge, [.. TestImages.MinimalPdf(), .. new byte[FileProcessor.MaxBytes]]);
        var workOrderId = await DispatchedToTechAsync();

        var page = await browser.SignInAsync(Demo.Tech, 1024, 768, touch: true);
        await page.GotoAsync($"{browser.BaseUrl}/my-work/{workOrderId}");
        await BrowserFixture.WaitForInteractiveAsync(page);

        // The finding, photographed from the job view.
        var item = page.Locator(".before-item").First;
        await item.Locator(".add-item-photos").ClickAsync();
        var chooser = await page.RunAndWaitForFileChooserAsync(() => item.Locator(".file-drop").ClickAsync());
        await chooser.SetFilesAsync(before);
        await Expect(item.Locator(".photo-tile img")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "photos-finding-uploaded");

        // The repair: three files at once; the program and the oversize file are refused with a reason, the photo kept.
        await page.ClickAsync("#mark-resolved");
        var uploader = page.Locator("#resolution-uploader");
        chooser = await page.RunAndWaitForFileChooserAsync(() => uploader.Locator(".file-drop").ClickAsync());
        Assert.True(chooser.IsMultiple);
        await chooser.SetFilesAsync([after, program, huge]);
        await Expect(uploader.Locator(".file-row[data-state=Done]")).ToHaveCountAsync(1);
        await Expect(uploader.Locator(".file-row[data-state=Failed]")).ToHaveCountAsync(2);
        await Expect(uploader).ToContainTextAsync("holiday.jpg is a program");
        await Expect(uploader).ToContainTextAsync("scan.pdf is larger than 20 MB");
        await Expect(uploader.Locator("input[type=file][capture=environment][accept='image/*']")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "photos-resolve-dialog");
        await uploader.Locator(".file-row[data-state=Failed] .file-remove").First.ClickAsync();
        await Expect(uploader.Locator(".file-row[data-state=Failed]")).ToHaveCountAsync(1);

        await page.Locator("#transition-text").FillAsync("Replaced the spill bucket; photos attached.");
        await page.ClickAsync("#transition-confirm");
        // Either the job turns Resolved or the dialog says why not; the refusal's text is the failure message.
        var resolved = page.Locator("#job-status", new() { HasTextString = "Resolved" });
        var refusal = page.Locator("#transition-error");
        await Expect(resolved.Or(refusal)).ToBeVisibleAsync();
        if (await refusal.CountAsync() > 0) Assert.Fail($"Resolving was refused: {await refusal.InnerTextAsync()}");
        await Expect(page.Locator("#job-status")).ToHaveTextAsync("Resolved");

        // The after photo is served to the page: the browser decoded it.
        var afterImage = page.Locator("#work-order-photos .photo-grid[aria-label='Photos of the finished work'] img");
        await Expect(afterImage).ToHaveCountAsync(1);
        await Expect(afterImage).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await afterImage.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        await BrowserFixture.ScreenshotAsync(page, "photos-job-resolved");

        // The company downloads the completion report from the work order.
        var admin = await browser.SignInAsync(Demo.Admin, 1024, 768);
        await admin.GotoAsync($"{browser.BaseUrl}/work-orders/{workOrderId}");
        await Expect(admin.Locator("#work-order-photos img")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(admin, "photos-work-order-gallery");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.ClickAsync("#completion-report"));
        var pdf = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(pdf);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(pdf))[..5]));
        Assert.Equal($"{WorkOrder.FormatNumber(workOrderId)}-completion-report.pdf", download.SuggestedFilename);
    }

    private async Task<int> DispatchedToTechAsync()
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        return await db.WorkOrders.Where(w => w.Status == WorkOrderStatus.Dispatched && w.Assignee!.Email == Demo.Tech).Select(w => w.Id).FirstAsync();
    }
}
