using Microsoft.Playwright;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>The server-drawn layout in a real browser: its menu and administration toggles, enhanced navigation between
/// interactive pages, and the screens at desktop and tablet width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Toggles_ClickedOnDesktop_CloseAndStayClosedAcrossNavigation()
    {
        var page = await browser.SignInAsync(Demo.Admin);
        var drawer = page.Locator("#nav-drawer");
        var users = drawer.GetByText("Users and roles");
        await Expect(users).ToBeVisibleAsync();

        await page.GetByLabel("Toggle Administration").ClickAsync();
        await Expect(users).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Toggle Administration")).ToHaveAttributeAsync("aria-expanded", "false");

        // An enhanced navigation redraws the layout as the server sends it; the tab's choice comes back.
        await drawer.Locator("a[href='/work-orders']").ClickAsync();
        await page.WaitForURLAsync("**/work-orders");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(drawer.Locator("a[href='/work-orders']")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(users).ToBeHiddenAsync();

        await page.GetByLabel("Menu", new() { Exact = true }).ClickAsync();
        await Expect(drawer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-drawer--closed"));
        await Expect(page.GetByLabel("Menu", new() { Exact = true })).ToHaveAttributeAsync("aria-expanded", "false");
        await page.GetByLabel("Menu", new() { Exact = true }).ClickAsync();
        await Expect(drawer).ToBeInViewportAsync();
        await page.GetByLabel("Toggle Administration").ClickAsync();
        await Expect(users).ToBeVisibleAsync();

        // Radzen's stylesheet comes with the calendar page's head, on an enhanced navigation too.
        await drawer.Locator("a[href='/calendar']").ClickAsync();
        await page.WaitForURLAsync("**/calendar");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("head link[href*='Radzen.Blazor/css/material-base.css']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".rz-scheduler")).ToBeVisibleAsync();

        // The islands started on the first page still act after the navigation: the bell opens its menu.
        await page.Locator("[data-test=bell-badge] [role=button]").ClickAsync();
        await Expect(page.GetByText("All notifications")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Drawer_Tablet_HiddenUntilOpenedAndClosesOnNavigation()
    {
        var page = await browser.SignInAsync(Demo.Admin, width: 768, height: 1024, touch: true);
        var drawer = page.Locator("#nav-drawer");
        await Expect(drawer).Not.ToBeInViewportAsync();

        await page.GetByLabel("Menu", new() { Exact = true }).ClickAsync();
        await Expect(drawer).ToBeInViewportAsync(new() { Ratio = 1 });
        await BrowserFixture.ScreenshotAsync(page, "layout-drawer-768");
        await drawer.Locator("a[href='/dashboard']").ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(drawer).Not.ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(768, 1024)]
    public async Task Screens_DesktopAndTablet_DrawnForPeopleToLookAt(int width, int height)
    {
        var page = await browser.SignInAsync(Demo.Admin, width, height);
        await using var db = await Flow.Db(browser);
        var workOrder = db.WorkOrders.OrderBy(w => w.Id).Select(w => w.Id).First();
        var screens = new[]
        {
            ("/inbox", "inbox", "[data-test=inbox-count]"), ("/calendar", "calendar", ".rz-scheduler"),
            ($"/work-orders/{workOrder}", "work-order", ".status-chip"), ("/dashboard", "dashboard", "h1"),
        };
        foreach (var (address, name, shown) in screens)
        {
            await page.GotoAsync(browser.BaseUrl + address);
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(shown).First).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
            await BrowserFixture.ScreenshotAsync(page, $"islands-{name}-{width}");
        }
        await page.Context.CloseAsync();
    }
}
