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

/// <summary>A dashboard figure in Chromium: its link opens the list narrowed to it, with as many rows as it counted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardLinkBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Dashboard_ApprovalStepsClicked_ListShowsThatManyWorkOrdersAndTheChip()
    {
        await ApprovedWorkOrderAsync($"Approved for the dashboard {Guid.NewGuid():N}"[..40]);
        var page = await browser.SignInAsync(Demo.Admin);
        await page.GotoAsync($"{browser.BaseUrl}/dashboard");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var link = page.Locator("#median-link-0");
        await Expect(link).ToContainTextAsync("steps");
        var steps = int.Parse((await link.InnerTextAsync()).Split(' ')[0].Replace(",", ""));
        Assert.InRange(steps, 1, 25);
        await BrowserFixture.ScreenshotAsync(page, "dashboard-links");

        await link.ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/work-orders\?step=Approve&step-from="));
        await Expect(page.Locator("#chip-step")).ToContainTextAsync("Approved");
        await Expect(page.Locator(".wo-number")).ToHaveCountAsync(steps);
        await BrowserFixture.ScreenshotAsync(page, "work-orders-approved-in-window");
        await page.Context.CloseAsync();
    }

    private async Task ApprovedWorkOrderAsync(string title)
    {
        var services = browser.App.Services;
        async Task<Actor> ActorAsync(string email)
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
            var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
            return Actor.From(user, user.Organization!.Kind);
        }
        var (dispatcher, admin) = (await ActorAsync(Demo.Dispatcher), await ActorAsync(Demo.Admin));
        int facility;
        await using (var db = await services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync())
        {
            facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 31")).Select(f => f.Id).SingleAsync();
        }
        var item = await services.GetRequiredService<ActionItemService>().CreateAsync(dispatcher, facility, new ActionItemInput(title, null, Priority.High, null, null));
        Assert.True(item.IsOk, item.Message);
        var service = services.GetRequiredService<WorkOrderService>();
        var queries = services.GetRequiredService<WorkOrderQueries>();
        var id = (await service.CreateAsync(dispatcher, facility, title, [item.Value])).Value;
        Assert.True((await service.SubmitAsync(dispatcher, id, (await queries.GetAsync(dispatcher, id)).Value!.Version, admin.UserId)).IsOk);
        Assert.True((await service.ApproveAsync(admin, id, (await queries.GetAsync(admin, id)).Value!.Version, null)).IsOk);
    }
}
