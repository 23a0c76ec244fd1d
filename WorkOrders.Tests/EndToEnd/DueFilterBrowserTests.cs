using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>The list's overdue filter in Chromium: chosen from the select, kept in the address, only red "Overdue" rows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DueFilterBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task WorkOrderList_OverdueChosen_AddressKeepsItAndOnlyOverdueRowsShow()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (lateTitle, laterTitle) = ($"Overdue check {tag}", $"Not yet due {tag}");
        await CreateWorkOrderAsync(lateTitle, -5);
        await CreateWorkOrderAsync(laterTitle, 40);
        var page = await browser.SignInAsync(Demo.Dispatcher);
        await page.GotoAsync($"{browser.BaseUrl}/work-orders?q={tag}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("tr", new() { HasText = laterTitle })).ToHaveCountAsync(1);

        await Flow.ChooseAsync(page, "#filter-due", "Overdue");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("due=Overdue"));
        var late = page.Locator("tr", new() { HasText = lateTitle });
        await Expect(late).ToHaveCountAsync(1);
        await Expect(late.Locator(".due-overdue")).ToContainTextAsync("Overdue");
        await Expect(page.Locator("tr", new() { HasText = laterTitle })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "work-orders-overdue-filter");
        await page.Context.CloseAsync();
    }

    private async Task CreateWorkOrderAsync(string title, int dueInDays)
    {
        var services = browser.App.Services;
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == Demo.Dispatcher);
        var actor = Actor.From(user, user.Organization!.Kind);
        var facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 31")).Select(f => f.Id).SingleAsync();
        var today = await services.GetRequiredService<OrganizationCalendar>().TodayAsync(actor);
        var item = await services.GetRequiredService<ActionItemService>().CreateAsync(actor, facility,
            new ActionItemInput(title, null, Priority.High, null, today.AddDays(dueInDays)));
        Assert.True(item.IsOk, item.Message);
        var created = await services.GetRequiredService<WorkOrderService>().CreateAsync(actor, facility, title, [item.Value]);
        Assert.True(created.IsOk, created.Message);
    }
}
