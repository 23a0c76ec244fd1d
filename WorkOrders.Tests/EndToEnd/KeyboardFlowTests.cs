using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>The main flows with the keyboard alone: Tab, Enter, typing; no pointer.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Keyboard_SignInOpenWorkOrderAndApproveFromInbox_NoPointerNeeded()
    {
        var number = WorkOrder.FormatNumber(await NewSubmittedAsync(Flow.Tag()));
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/Identity/Account/Login");

        await TabToAsync(page, "el => el.id === 'Input_Email'");
        await page.Keyboard.TypeAsync(Demo.Admin);
        await TabToAsync(page, "el => el.id === 'Input_Password'");
        await page.Keyboard.TypeAsync(WorkOrders.Core.Data.DemoData.Password);
        await page.Keyboard.PressAsync("Enter");
        await BrowserFixture.WaitForInteractiveAsync(page);

        // Open the work order from the list.
        await page.GotoAsync(browser.BaseUrl + "/work-orders");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".wo-number", new() { HasText = number })).ToBeVisibleAsync();
        await TabToAsync(page, $"el => el.tagName === 'A' && el.textContent.trim() === '{number}'");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex(@"/work-orders/\d+$"));
        await Expect(page.Locator("#lifecycle [data-current=true]")).ToHaveAttributeAsync("data-state", "Submitted");

        // Approve it from the inbox.
        await page.GotoAsync(browser.BaseUrl + "/inbox");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-test=inbox-row]", new() { HasText = number })).ToBeVisibleAsync();
        await TabToAsync(page, $"el => el.tagName === 'BUTTON' && el.textContent.includes('Approve') && el.closest('tr')?.querySelector('[data-test=inbox-row]')?.textContent.trim() === '{number}'");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#transition-confirm")).ToBeVisibleAsync();
        await TabToAsync(page, "el => el.matches('#transition-confirm')");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("[data-test=inbox-row]", new() { HasText = number })).ToHaveCountAsync(0, new() { Timeout = Flow.Live });
        await context.CloseAsync();
    }

    /// <summary>Presses Tab until the focused element matches; fails when it is never reached.</summary>
    private static async Task TabToAsync(IPage page, string predicate)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await page.EvaluateAsync<bool>($"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}")) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached an element where {predicate}.");
    }

    private WorkOrderService Service => browser.App.Services.GetRequiredService<WorkOrderService>();

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = await Flow.Db(browser);
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    private async Task<int> NewSubmittedAsync(string tag)
    {
        var facility = await Flow.FacilityIdAsync(browser, "Station 31 – Topeka");
        await Flow.RecordActionItemsAsync(browser, facility, tag, [$"Keyboard check {tag}"]);
        int[] ids;
        await using (var db = await Flow.Db(browser)) ids = await db.ActionItems.Where(a => a.Title == $"Keyboard check {tag}").Select(a => a.Id).ToArrayAsync();
        var (dispatcher, admin) = (await ActorAsync(Demo.Dispatcher), await ActorAsync(Demo.Admin));
        var created = await Service.CreateAsync(dispatcher, facility, $"Keyboard check {tag}", ids);
        Assert.True(created.IsOk, created.Message);
        int version;
        await using (var db = await Flow.Db(browser)) version = await db.WorkOrders.Where(w => w.Id == created.Value).Select(w => w.Version).SingleAsync();
        Assert.True((await Service.SubmitAsync(dispatcher, created.Value, version, admin.UserId)).IsOk);
        return created.Value;
    }
}
