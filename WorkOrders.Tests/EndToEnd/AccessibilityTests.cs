using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>WCAG 2.2 AA as axe checks it: every page, as the user who uses it, with no serious or critical violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    };

    public static TheoryData<string, string> PagesByUser() => new()
    {
        // /notifications is checked on its own below: its open finding is written down in docs/screens.md.
        { Demo.Dispatcher, "/|/facilities/{wichita}|/facilities/{wichita}/action-items|/work-orders|/work-orders/{draft}|/work-orders/{draft}/edit|/work-orders/{dispatched}|/calendar|/notifications/preferences|/profile/calendar|/action-items/import|/Identity/Account/Profile" },
        { Demo.Admin, "/inbox|/work-orders/{submitted}|/work-orders/{denied}|/admin/facilities|/admin/users|/admin/provider-links|/admin/outbox" },
        { Demo.Tech, "/my-work|/my-work/{dispatched}|/my-work/calendar" },
        { Demo.ProviderAdmin, "/incoming|/work-orders|/calendar|/work-orders/{provider}|/admin/users|/profile/api-keys" },
    };

    [Theory]
    [MemberData(nameof(PagesByUser))]
    public async Task Axe_EveryPage_NoSeriousOrCriticalViolations(string user, string paths)
    {
        var page = await browser.SignInAsync(user);
        var found = new List<string>();
        foreach (var path in paths.Split('|'))
        {
            var address = await ResolveAsync(path);
            await page.GotoAsync(browser.BaseUrl + address);
            if (!address.StartsWith("/Identity")) await BrowserFixture.WaitForInteractiveAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            found.AddRange(await SeriousAsync(page, address));
        }
        await page.Context.CloseAsync();

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task Axe_DarkMode_MainPages_NoSeriousOrCriticalViolations()
    {
        await SetDarkModeAsync(Demo.Dispatcher, true);
        var found = new List<string>();
        try
        {
            var page = await browser.SignInAsync(Demo.Dispatcher);
            foreach (var path in new[] { "/", "/work-orders", "/work-orders/{dispatched}", "/calendar", "/notifications/preferences" })
            {
                var address = await ResolveAsync(path);
                await page.GotoAsync(browser.BaseUrl + address);
                await BrowserFixture.WaitForInteractiveAsync(page);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await Microsoft.Playwright.Assertions.Expect(page.Locator("#dark-mode")).ToHaveAttributeAsync("aria-pressed", "true");
                found.AddRange(await SeriousAsync(page, "dark " + address));
            }
            await BrowserFixture.ScreenshotAsync(page, "work-order-calendar-dark");
            await page.Context.CloseAsync();
        }
        finally
        {
            await SetDarkModeAsync(Demo.Dispatcher, false);
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private async Task SetDarkModeAsync(string email, bool dark)
    {
        await using var db = await Flow.Db(browser);
        await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.DarkMode, dark));
    }

    [Fact]
    public async Task Axe_NotificationsPage_NoSeriousOrCriticalViolations()
    {
        var page = await browser.SignInAsync(Demo.Dispatcher);
        await page.GotoAsync(browser.BaseUrl + "/notifications");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var found = await SeriousAsync(page, "/notifications");
        await page.Context.CloseAsync();

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task Axe_SignInPage_NoSeriousOrCriticalViolations()
    {
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/Identity/Account/Login");

        var found = await SeriousAsync(page, "/Identity/Account/Login");
        await context.CloseAsync();

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    internal static async Task<List<string>> SeriousAsync(IPage page, string where)
    {
        var result = await page.RunAxe(Wcag22AA);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes
                // Known exception: Radzen draws its previous/next arrows as an icon-font ligature inside an aria-hidden
                // <i>, which axe reads as visible text beside the buttons' "Previous"/"Next" names; docs/screens.md lists it as open.
                .Where(n => !(v.Id == "label-content-name-mismatch" && (n.Html.Contains("rz-prev") || n.Html.Contains("rz-next"))))
                .Select(n => $"{where}: {v.Impact} {v.Id} ({v.Help}) at {n.Target}: {Short(n.Html)}"))
            .ToList();
    }

    private static string Short(string html) => html.Length > 160 ? html[..160] + "…" : html;

    private async Task<string> ResolveAsync(string path)
    {
        if (!path.Contains('{')) return path;
        await using var db = await Flow.Db(browser);
        async Task<int> Wo(WorkOrderStatus status) =>
            await db.WorkOrders.Where(w => w.Status == status && w.Facility!.Name.StartsWith("Station")).OrderBy(w => w.Id).Select(w => w.Id).FirstAsync();
        return path
            .Replace("{wichita}", (await Flow.FacilityIdAsync(browser, "Station 12 – Wichita East")).ToString())
            .Replace("{draft}", path.Contains("{draft}") ? (await Wo(WorkOrderStatus.Draft)).ToString() : "")
            .Replace("{submitted}", path.Contains("{submitted}") ? (await Wo(WorkOrderStatus.Submitted)).ToString() : "")
            .Replace("{denied}", path.Contains("{denied}") ? (await Wo(WorkOrderStatus.Denied)).ToString() : "")
            .Replace("{dispatched}", path.Contains("{dispatched}") ? (await Wo(WorkOrderStatus.Dispatched)).ToString() : "")
            .Replace("{provider}", path.Contains("{provider}")
                ? (await db.WorkOrders.Where(w => w.ProviderId != null || w.CreatedByKind == OrganizationKind.ServiceProvider).OrderBy(w => w.Id).Select(w => w.Id).FirstAsync()).ToString()
                : "");
    }
}
