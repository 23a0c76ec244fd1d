using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Data;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>Nothing is lost while nobody is looking: what was sent meanwhile is there on the next visit.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReloadResilienceTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task SignIn_AfterSubmitWhileAway_BellListAndInboxShowIt()
    {
        var clock = Stopwatch.StartNew();
        SetDefaultExpectTimeout(10_000);
        var steps = new WorkOrderScreenSteps(browser);
        var unreadBefore = await UnreadAsync(Demo.Admin);

        // The approver has no page open while the dispatcher submits.
        var dispatcher = await browser.SignInAsync(Demo.Dispatcher);
        var (id, number) = await steps.CreateDraftAsync(dispatcher, "Station 31 – Topeka", ["Water in under-dispenser sump, dispenser 6"],
            "Dispenser 6 sump water");
        await steps.SubmitAsync(dispatcher, id, "Morgan Avery");
        await dispatcher.Context.CloseAsync();

        var approver = await browser.SignInAsync(Demo.Admin);
        var bell = approver.Locator("[data-test=bell-badge] [role=button]");
        await Expect(bell).ToHaveAccessibleNameAsync($"Notifications, {unreadBefore + 1} unread");
        await bell.ClickAsync();
        var item = approver.Locator("[data-test=bell-item]").First;
        await Expect(item).ToContainTextAsync(number);
        await Expect(item.GetByLabel("Unread")).ToHaveCountAsync(1);
        // The menu has faded in, so the picture shows it.
        await approver.WaitForFunctionAsync("() => [...document.querySelectorAll('.mud-popover-open')].some(p => getComputedStyle(p).opacity === '1')");
        await BrowserFixture.ScreenshotAsync(approver, "reload-bell");

        await approver.GetByText("All notifications").ClickAsync();
        await approver.WaitForURLAsync("**/notifications");
        var row = approver.Locator("[data-test=notification-row]").Filter(new() { HasText = number });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByLabel("Unread")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(approver, "reload-notifications");

        await approver.GotoAsync(browser.BaseUrl + "/inbox");
        await Expect(approver.Locator("[data-test=inbox-row]").Filter(new() { HasText = number })).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(approver, "reload-inbox");

        await approver.Context.CloseAsync();
        output.WriteLine($"Reload resilience took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task<int> UnreadAsync(string email)
    {
        var factory = browser.App.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null);
    }
}
