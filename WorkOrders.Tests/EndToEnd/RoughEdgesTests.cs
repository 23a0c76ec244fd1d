using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>What a new user ran into on the screens: long text, field errors, snackbars, tables, dialogs, dragging, dark mode.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoughEdgesTests(BrowserFixture browser)
{
    private const string Wichita = "Station 12 – Wichita East";

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1024, 768)]
    public async Task LongUnbrokenText_EveryScreenShowingIt_PageStaysViewportWide(int width, int height)
    {
        var tag = Flow.Tag();
        var id = await NewDraftAsync(tag, new string('W', WorkOrder.MaxTitleLength));
        var dispatcher = await ActorAsync(Demo.Dispatcher);
        Assert.True((await Service.AddNoteAsync(dispatcher, id, "see:" + new string('x', 3_996))).IsOk);
        var facility = await Flow.FacilityIdAsync(browser, Wichita);
        var page = await browser.SignInAsync(Demo.Dispatcher, width, height);

        foreach (var path in new[] { $"/work-orders/{id}", $"/work-orders/{id}/edit", "/work-orders", $"/facilities/{facility}", $"/facilities/{facility}/action-items" })
        {
            await page.GotoAsync(browser.BaseUrl + path);
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var (scroll, inner) = await WidthsAsync(page);
            Assert.True(scroll <= inner, $"{path} at {width}×{height} is {scroll} px wide in a {inner} px window.");
        }
        await page.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"long-text-{width}x{height}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NegativeQuantity_Editor_ErrorAtTheFieldAndTotalNeverNegative()
    {
        var id = await NewDraftAsync(Flow.Tag(), "Negative quantity check");
        var page = await browser.SignInAsync(Demo.Dispatcher);
        await page.GotoAsync($"{browser.BaseUrl}/work-orders/{id}/edit");
        await BrowserFixture.WaitForInteractiveAsync(page);

        await Flow.EstimateLineAsync(page, 1, "Labour", "-3", "100");
        await BrowserFixture.ScreenshotAsync(page, "editor-negative-quantity");

        var line = page.Locator(".estimate-line[data-line='1']");
        await Expect(line.Locator(".estimate-qty")).ToContainTextAsync("Must be greater than 0.");
        await Expect(page.Locator("#estimate-total")).ToHaveTextAsync("Total USD 0.00");
        Assert.DoesNotContain("-", await line.Locator(".estimate-line-total").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "editor-negative-quantity");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1024, 768)]
    public async Task Snackbar_AfterSavingADraft_CoversNoButton(int width, int height)
    {
        var id = await NewDraftAsync(Flow.Tag(), "Snackbar placement check");
        var page = await browser.SignInAsync(Demo.Dispatcher, width, height);
        await page.GotoAsync($"{browser.BaseUrl}/work-orders/{id}/edit");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Flow.EstimateLineAsync(page, 1, "Labour", "2", "100");
        await page.Locator("#estimate-add").ScrollIntoViewIfNeededAsync();

        await page.Locator("#save").ClickAsync();

        var snackbar = page.Locator(".mud-snackbar").First;
        await Expect(snackbar).ToBeVisibleAsync();
        var bar = (await snackbar.BoundingBoxAsync())!;
        foreach (var button in await page.Locator("main button, main a.mud-button-root").AllAsync())
        {
            if (!await button.IsVisibleAsync() || await button.BoundingBoxAsync() is not { } box) continue;
            var overlaps = box.X < bar.X + bar.Width && bar.X < box.X + box.Width && box.Y < bar.Y + bar.Height && bar.Y < box.Y + box.Height;
            Assert.False(overlaps, $"The snackbar covers \"{await button.InnerTextAsync()}\".");
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots(), $"editor-snackbar-{width}x{height}.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WorkOrderList_People_OneLineEachAndCompactRows()
    {
        var page = await browser.SignInAsync(Demo.Dispatcher, 1280, 800);
        await page.GotoAsync(browser.BaseUrl + "/work-orders");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".people-cell").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "work-orders-list-1280");

        foreach (var name in await page.Locator(".people-cell dd").AllAsync())
        {
            Assert.True((await name.BoundingBoxAsync())!.Height < 24, $"\"{await name.InnerTextAsync()}\" wraps.");
        }
        foreach (var cell in await page.Locator(".people-cell").AllAsync())
        {
            Assert.True((await cell.BoundingBoxAsync())!.Height <= 60, "The people of a row take more than three short lines.");
        }
        // A visit that crosses the facility's midnight names both dates, which takes one more line; the demo's visit
        // under way does that when the suite runs around midnight in a facility's time zone.
        foreach (var row in await page.Locator(".work-order-table tbody tr").AllAsync())
        {
            var schedule = await row.Locator("td[data-label='Schedule']").InnerTextAsync();
            var limit = System.Text.RegularExpressions.Regex.Matches(schedule, @"\d{2}/\d{2}/\d{4}").Count > 1 ? 114 : 90;
            var height = (await row.BoundingBoxAsync())!.Height;
            Assert.True(height < limit, $"A row is {height} px (schedule \"{schedule}\").");
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ActionItems_ViewerWhoMayChangeNothing_NoEmptyActionsColumnAndNumbersOnOneLine()
    {
        var facility = await Flow.FacilityIdAsync(browser, Wichita);
        var page = await browser.SignInAsync(Demo.ProviderAdmin, 1024, 768);
        await page.GotoAsync($"{browser.BaseUrl}/facilities/{facility}/action-items");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("tbody tr").First).ToBeVisibleAsync();

        Assert.Equal(["Action item", "Priority", "Due", "Status"], (await page.Locator("thead th").AllInnerTextsAsync()).Select(t => t.Trim()));
        foreach (var link in await page.Locator("tbody a[href^='/work-orders/']").AllAsync())
        {
            Assert.True((await link.BoundingBoxAsync())!.Height < 24, $"{await link.InnerTextAsync()} wraps.");
        }
        await BrowserFixture.ScreenshotAsync(page, "action-items-provider-1024");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CloseDialog_DeniedWorkOrder_DestructiveButtonSaysWhatItDoes()
    {
        var id = await IdAsync("Replace regular hose, dispenser 4");
        var page = await browser.SignInAsync(Demo.Dispatcher);
        await page.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(page);

        await Flow.ClickToOpenAsync(page.Locator("#action-close"), page.Locator(".mud-dialog"));

        await Expect(page.Locator("#transition-confirm")).ToHaveTextAsync("Close work order");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TrayCard_DraggedOntoASlot_OpensDispatchAtThatTime()
    {
        await NewApprovedAsync(Flow.Tag());
        var page = await browser.SignInAsync(Demo.Dispatcher, 1280, 800);
        await page.GotoAsync(browser.BaseUrl + "/calendar");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "calendar-tray-1280");
        var card = page.Locator(".ready-item[data-drag-workorder]").First;
        await Expect(card).ToBeVisibleAsync();
        var slot = page.Locator(".rz-slot[data-slot-start$='T10:00:00']").Nth(2);
        await Expect(slot).ToHaveAttributeAsync("aria-label", new Regex(@"^Schedule at \w+day, \w+ \d+, 10:00 AM$"));

        await card.DragToAsync(slot);

        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.Locator("#transition-confirm")).ToHaveTextAsync("Dispatch work order");
        // 10:00 on the dispatcher's clock, shown in the facility's zone (Chicago or Denver).
        await Expect(page.Locator("input#schedule-start, #schedule-start input").First).ToHaveValueAsync(new Regex(@"^(10|9):00 AM$"));
        await BrowserFixture.ScreenshotAsync(page, "calendar-drop-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WeekView_OverlappingVisits_NumbersStayReadable()
    {
        var start = DateTimeOffset.UtcNow.Date.AddHours(17);
        for (var i = 0; i < 3; i++) await DispatchNewAsync(Flow.Tag(), new DateTimeOffset(start, TimeSpan.Zero), TimeSpan.FromHours(3));
        var page = await browser.SignInAsync(Demo.Dispatcher, 1024, 768);
        await page.GotoAsync(browser.BaseUrl + "/calendar");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var labels = page.Locator(".rz-week-view .appointment-label");
        await Expect(labels.First).ToBeVisibleAsync();

        foreach (var label in await labels.AllAsync())
        {
            var number = label.Locator("strong");
            var (shown, needed) = await number.EvaluateAsync<int[]>("n => [n.parentElement.clientWidth, n.getBoundingClientRect().width]") switch { var a => (a[0], a[1]) };
            Assert.True(needed <= shown + 1, $"\"{await number.InnerTextAsync()}\" needs {needed} px in {shown} px.");
            Assert.Equal("normal", await label.EvaluateAsync<string>("l => getComputedStyle(l).whiteSpace"));
        }
        await BrowserFixture.ScreenshotAsync(page, "calendar-week-overlap-1024");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DarkMode_SwitchedInOneBrowser_ShownInAnotherFromTheFirstPaintAfterSignIn()
    {
        var first = await browser.SignInAsync(Demo.Tech);
        var light = await BackgroundAsync(first);
        try
        {
            await first.Locator("#dark-mode").ClickAsync();
            await Expect(first.Locator("#dark-mode")).ToHaveAttributeAsync("aria-pressed", "true");
            var dark = await BackgroundAsync(first);
            Assert.NotEqual(light, dark);
            Assert.DoesNotContain(await first.Context.CookiesAsync(), c => c.Name.StartsWith("wo-theme", StringComparison.Ordinal));
            await first.Context.CloseAsync();

            // Another browser context shares nothing with the first: only the account can carry the choice.
            var second = await browser.SignInAsync(Demo.Tech);
            await second.GotoAsync(browser.BaseUrl + "/my-work", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            Assert.Equal(dark, await BackgroundAsync(second));
            await BrowserFixture.WaitForInteractiveAsync(second);
            await Expect(second.Locator("#dark-mode")).ToHaveAttributeAsync("aria-pressed", "true");
            await BrowserFixture.ScreenshotAsync(second, "my-work-dark");
            await second.Locator("#dark-mode").ClickAsync();
            await Expect(second.Locator("#dark-mode")).ToHaveAttributeAsync("aria-pressed", "false");
            Assert.Equal(light, await BackgroundAsync(second));
            await second.Context.CloseAsync();
        }
        finally
        {
            await using var db = await Flow.Db(browser);
            await db.Users.Where(u => u.Email == Demo.Tech).ExecuteUpdateAsync(u => u.SetProperty(x => x.DarkMode, false));
        }
    }

    [Fact]
    public async Task LifecycleDiagram_DrawnInTheBrowser_NoTwoLabelsOverlap()
    {
        var id = await NewApprovedAsync(Flow.Tag());
        var page = await browser.SignInAsync(Demo.Dispatcher, 1366, 900);
        await page.GotoAsync(browser.BaseUrl + "/work-orders/" + id);
        await BrowserFixture.WaitForInteractiveAsync(page);
        var diagram = page.Locator("#lifecycle svg");
        await Expect(diagram).ToBeVisibleAsync();

        // The browser's own text boxes, not an estimate: every pair of edge labels, and every label against every state box.
        var overlaps = await diagram.EvaluateAsync<string[]>("""
            svg => {
              const box = e => e.getBoundingClientRect();
              const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
              const labels = [...svg.querySelectorAll('.lc-edge-label')], rects = [...svg.querySelectorAll('.lc-state rect')];
              const found = [];
              labels.forEach((a, i) => {
                labels.slice(i + 1).forEach(b => { if (hit(box(a), box(b))) found.push(a.textContent + ' / ' + b.textContent); });
                rects.forEach(r => { if (hit(box(a), box(r))) found.push(a.textContent + ' under ' + r.parentNode.dataset.state); });
              });
              return found;
            }
            """);

        Assert.Empty(overlaps);
        await Expect(page.Locator("#lifecycle .lc-edge-label")).ToHaveCountAsync(WorkOrderLifecycle.Rules.Count);
        await diagram.ScreenshotAsync(new() { Path = Path.Combine(Screenshots(), "lifecycle-diagram.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Layout_AnyPage_OneMainLandmarkAndTheBellIsOneButton()
    {
        var page = await browser.SignInAsync(Demo.Admin);

        await Expect(page.Locator("main")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Notifications" })).ToHaveCountAsync(1);
        await Expect(page.Locator("[role=button] button, button [role=button]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private WorkOrderService Service => browser.App.Services.GetRequiredService<WorkOrderService>();

    private static string Screenshots()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<(int Scroll, int Inner)> WidthsAsync(IPage page)
    {
        var w = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (w[0], w[1]);
    }

    private static Task<string> BackgroundAsync(IPage page) => page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = await Flow.Db(browser);
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    private async Task<int> IdAsync(string title)
    {
        await using var db = await Flow.Db(browser);
        return await db.WorkOrders.Where(w => w.Title == title).Select(w => w.Id).SingleAsync();
    }

    private async Task<int> NewDraftAsync(string tag, string title)
    {
        var facility = await Flow.FacilityIdAsync(browser, Wichita);
        var itemTitle = $"{new string('Z', 150)} {tag}";
        await Flow.RecordActionItemsAsync(browser, facility, tag, [itemTitle]);
        int[] ids;
        await using (var db = await Flow.Db(browser)) ids = await db.ActionItems.Where(a => a.Title == itemTitle).Select(a => a.Id).ToArrayAsync();
        var created = await Service.CreateAsync(await ActorAsync(Demo.Dispatcher), facility, title, ids);
        Assert.True(created.IsOk, created.Message);
        return created.Value;
    }

    private async Task<int> NewApprovedAsync(string tag)
    {
        var id = await NewDraftAsync(tag, $"Drag me {tag}");
        var (dispatcher, admin) = (await ActorAsync(Demo.Dispatcher), await ActorAsync(Demo.Admin));
        Assert.True((await Service.SubmitAsync(dispatcher, id, await VersionAsync(id), admin.UserId)).IsOk);
        Assert.True((await Service.ApproveAsync(admin, id, await VersionAsync(id), null)).IsOk);
        return id;
    }

    private async Task DispatchNewAsync(string tag, DateTimeOffset start, TimeSpan length)
    {
        var id = await NewApprovedAsync(tag);
        var tech = await ActorAsync(Demo.Tech);
        var result = await Service.DispatchAsync(await ActorAsync(Demo.Dispatcher), id, await VersionAsync(id), tech.UserId, start, start + length);
        Assert.True(result.IsOk, result.Message);
    }

    private async Task<int> VersionAsync(int id)
    {
        await using var db = await Flow.Db(browser);
        return await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Version).SingleAsync();
    }
}
