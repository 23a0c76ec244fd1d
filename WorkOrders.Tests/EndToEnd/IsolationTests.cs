using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Data;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>Another company's admin cannot reach, nor even glimpse, Prairie Fuel's work.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IsolationTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task OpenByUrl_OtherCompanysWork_NotFoundAndNothingListed()
    {
        var clock = Stopwatch.StartNew();
        SetDefaultExpectTimeout(10_000);
        var prairie = await PrairieAsync();
        var page = await browser.SignInAsync(Demo.OtherCompanyAdmin);

        // Straight to the addresses of Prairie's work order, facility and its calendar tab: all "not found".
        string[] addresses =
        [
            $"/work-orders/{prairie.DispatchedId}", $"/work-orders/{prairie.DraftId}/edit", $"/facilities/{prairie.FacilityId}",
            $"/facilities/{prairie.FacilityId}/action-items",
        ];
        foreach (var address in addresses)
        {
            await page.GotoAsync(browser.BaseUrl + address);
            await Expect(page.Locator("#not-found")).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-main-content")).Not.ToContainTextAsync("Prairie");
        }
        await BrowserFixture.ScreenshotAsync(page, "isolation-work-order-not-found");

        // Their own screens show nothing of Prairie.
        await page.GotoAsync(browser.BaseUrl + "/inbox");
        await Expect(page.Locator("[data-test=inbox-empty]")).ToBeVisibleAsync();
        await AssertNothingOfAsync(page, prairie);

        await page.GotoAsync(browser.BaseUrl + "/work-orders");
        await Expect(page.Locator("#work-orders-empty")).ToBeVisibleAsync();
        await AssertNothingOfAsync(page, prairie);

        await page.GotoAsync(browser.BaseUrl + "/notifications");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Notifications");
        await Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);
        await AssertNothingOfAsync(page, prairie);

        await page.GotoAsync(browser.BaseUrl + "/calendar");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("#calendar-zone")).ToBeVisibleAsync();
        await Expect(page.Locator(".calendar-loading")).ToHaveCountAsync(0);
        // The facility filter offers only the company's own facilities (after the clearing "All facilities").
        await Expect(page.Locator("#filter-facility option")).ToHaveTextAsync(["All facilities", "Harbor Point Fuel"]);
        await BrowserFixture.ScreenshotAsync(page, "isolation-calendar");
        await AssertNothingOfAsync(page, prairie);

        // The bell: nothing of Prairie among the latest notifications.
        await page.Locator("[data-test=bell-badge] [role=button]").ClickAsync();
        await Expect(page.Locator(".notification-menu")).ToBeVisibleAsync();
        await AssertNothingOfAsync(page, prairie);
        // The menu has faded in, so the picture shows it.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-popover-open')].some(p => getComputedStyle(p).opacity === '1')");
        await BrowserFixture.ScreenshotAsync(page, "isolation-bell");

        await page.Context.CloseAsync();
        output.WriteLine($"Isolation took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task AssertNothingOfAsync(IPage page, Prairie prairie)
    {
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var word in prairie.Words) Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record Prairie(int FacilityId, int DraftId, int DispatchedId, IReadOnlyList<string> Words);

    private async Task<Prairie> PrairieAsync()
    {
        var factory = browser.App.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var org = await db.Organizations.SingleAsync(o => o.Name == "Prairie Fuel Co.");
        var facilities = await db.Facilities.Where(f => f.CompanyId == org.Id).ToListAsync();
        var facilityIds = facilities.Select(f => f.Id).ToList();
        var orders = await db.WorkOrders.Where(w => facilityIds.Contains(w.FacilityId)).ToListAsync();
        var words = new List<string> { "Prairie", "Wichita", "Topeka", "Denver" };
        words.AddRange(facilities.Select(f => f.Name));
        words.AddRange(orders.Select(w => w.Number));
        return new Prairie(facilities.First(f => f.Name.Contains("Wichita", StringComparison.Ordinal)).Id,
            orders.First(w => w.Status == WorkOrderStatus.Draft).Id, orders.First(w => w.Status == WorkOrderStatus.Dispatched).Id, words);
    }
}
