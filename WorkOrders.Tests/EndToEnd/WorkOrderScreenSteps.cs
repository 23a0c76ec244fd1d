using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>The screens a dispatcher and an approver go through, shared by the flows that need a fresh work order.</summary>
internal sealed class WorkOrderScreenSteps(BrowserFixture browser)
{
    public Task<int> FacilityIdAsync(string name) => Flow.FacilityIdAsync(browser, name);

    /// <summary>Facility page → tick the items → create → editor (with one estimate line) → saved draft.</summary>
    public async Task<(int Id, string Number)> CreateDraftAsync(IPage page, string facility, string[] items, string title,
        (string Description, string UnitPrice)? line = null)
    {
        await page.GotoAsync($"{browser.BaseUrl}/facilities/{await FacilityIdAsync(facility)}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        foreach (var item in items)
        {
            var row = page.Locator("tr").Filter(new() { HasText = item });
            await row.Locator(".item-select input[type=checkbox]").CheckAsync(new() { Force = true });
        }
        await Expect(page.Locator("#create-work-order")).ToContainTextAsync($"({items.Length})");
        await page.Locator("#create-work-order").ClickAsync();
        await page.Locator(".mud-dialog input").First.FillAsync(title);
        await page.Locator("#create-confirm").ClickAsync();

        await BrowserFixture.ScreenshotAsync(page, "create-dialog");
        await page.WaitForURLAsync(new Regex(@"/work-orders/\d+/edit$"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        var id = int.Parse(Regex.Match(page.Url, @"/work-orders/(\d+)/edit").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var number = WorkOrders.Core.Orders.WorkOrder.FormatNumber(id);
        await Expect(page.Locator("h1")).ToContainTextAsync($"Edit {number}");
        if (line is { } l)
        {
            await page.Locator("#estimate-add").ClickAsync();
            await page.GetByLabel("Line 1: description").FillAsync(l.Description);
            await page.GetByLabel("Unit price (USD)").First.FillAsync(l.UnitPrice);
            await page.Locator("#save").ClickAsync();
            await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = $"{number} saved." })).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(page, $"editor-{id}");
        }
        return (id, number);
    }

    /// <summary>Detail page → Submit → choose the approver → confirm; ends on the detail page, Submitted.</summary>
    public async Task SubmitAsync(IPage page, int id, string approver)
    {
        await OpenDetailAsync(page, id);
        await page.Locator("#action-submit").ClickAsync();
        await ChooseApproverAndSubmitAsync(page, approver);
    }

    /// <summary>In the open submit dialog: pick the approver, confirm, and wait for Submitted.</summary>
    public async Task ChooseApproverAndSubmitAsync(IPage page, string approver)
    {
        await page.Locator(".mud-dialog .mud-input-control.mud-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = approver }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "dialog-submit");
        await page.Locator("#transition-confirm").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Expect(page.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", "Submitted");
    }

    /// <summary>Detail page → the action's button → its dialog (with the text if it asks for one) → confirm.</summary>
    public async Task TransitionAsync(IPage page, int id, string action, string? text, bool reopen = true)
    {
        if (reopen) await OpenDetailAsync(page, id);
        await page.Locator("#action-" + action).ClickAsync();
        if (text is not null) await page.Locator(".mud-dialog textarea").First.FillAsync(text);
        await BrowserFixture.ScreenshotAsync(page, $"dialog-{action}");
        await page.Locator("#transition-confirm").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
    }

    public async Task OpenDetailAsync(IPage page, int id)
    {
        await page.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".status-chip").First).ToBeVisibleAsync();
    }

    public async Task<List<ActionItemStatus>> ItemStatusesAsync(int workOrderId)
    {
        await using var db = await Db();
        return await db.ActionItems.Where(i => i.WorkOrderId == workOrderId).Select(i => i.Status).ToListAsync();
    }

    public Task<List<string>> EmailsAsync(string number, int expectedCount) => Flow.EmailsAsync(browser, number, expectedCount);

    private Task<WorkOrdersDbContext> Db() => Flow.Db(browser);
}
