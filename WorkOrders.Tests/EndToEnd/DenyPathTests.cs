using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>Denied twice, reset and edited in between, then closed for good.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DenyPathTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Deny_ResetEditResubmitDenyClose_ItemsClosedAndEmailsAsSpec()
    {
        var clock = Stopwatch.StartNew();
        SetDefaultExpectTimeout(10_000);
        var steps = new WorkOrderScreenSteps(browser);
        var dispatcher = await browser.SignInAsync(Demo.Dispatcher);
        var approver = await browser.SignInAsync(Demo.Admin);

        var (id, number) = await steps.CreateDraftAsync(dispatcher, "Station 31 – Topeka",
            ["Canopy light out over pump 3", "Vent pipe cap missing, UST 2"], "Topeka canopy light and vent cap",
            ("Canopy LED fixture", "240"));
        await steps.SubmitAsync(dispatcher, id, "Morgan Avery");

        // First denial, from the approver's detail page.
        await steps.TransitionAsync(approver, id, "deny", "Get a second quote for the fixture.");
        await Expect(approver.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", "Denied");

        // The submitter reads the reason in the history, resets and edits.
        await dispatcher.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await Expect(dispatcher.Locator("#denial-reason")).ToContainTextAsync("Denied by Morgan Avery");
        await Expect(dispatcher.Locator("#denial-reason")).ToContainTextAsync("Get a second quote for the fixture.");
        await Expect(dispatcher.Locator(".history-entry").Last).ToContainTextAsync("Get a second quote for the fixture.");
        await BrowserFixture.ScreenshotAsync(dispatcher, "deny-path-denied-submitter");
        await steps.TransitionAsync(dispatcher, id, "reset", null);
        await dispatcher.WaitForURLAsync($"**/work-orders/{id}/edit");
        await Expect(dispatcher.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", "Draft");
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await dispatcher.GetByLabel("Unit price (USD)").First.FillAsync("185");
        await dispatcher.Locator("input#title").FillAsync("Topeka canopy light and vent cap (second quote)");
        await Expect(dispatcher.Locator("#estimate-total")).ToContainTextAsync("185.00");

        // Resubmitted straight from the editor, which saves the changes first.
        await Expect(dispatcher.Locator("#save-submit")).ToHaveTextAsync("Save and submit…");
        await dispatcher.Locator("#save-submit").ClickAsync();
        await steps.ChooseApproverAndSubmitAsync(dispatcher, "Morgan Avery");
        await dispatcher.WaitForURLAsync($"**/work-orders/{id}");
        await Expect(dispatcher.Locator("h1")).ToContainTextAsync("(second quote)");
        await Expect(dispatcher.Locator("body")).ToContainTextAsync("USD 185.00");

        // Denied again; this time the submitter gives up and closes it.
        await steps.TransitionAsync(approver, id, "deny", "Not this quarter.");
        await dispatcher.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await Expect(dispatcher.Locator("#denial-reason")).ToContainTextAsync("Not this quarter.");
        await steps.TransitionAsync(dispatcher, id, "close", "Deferred to next year's budget.");
        await Expect(dispatcher.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", "Closed");
        await Expect(dispatcher.Locator(".mud-snackbar").Filter(new() { HasText = $"{number} closed." })).ToBeVisibleAsync();
        await Expect(dispatcher.Locator("#denial-reason")).ToHaveCountAsync(0);
        await Expect(dispatcher.Locator("#action-reset")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(dispatcher, "deny-path-closed");

        var statuses = await steps.ItemStatusesAsync(id);
        Assert.Equal([ActionItemStatus.Closed, ActionItemStatus.Closed], statuses);

        // SPEC §3: submit → approver + submitter; deny → submitter; reset → nobody; close → approver.
        string[] expected =
        [
            $"{number} closed → {Demo.Admin}",
            $"{number} denied → {Demo.Dispatcher}",
            $"{number} denied → {Demo.Dispatcher}",
            $"{number} submitted for approval → {Demo.Admin}",
            $"{number} submitted for approval → {Demo.Admin}",
            $"{number} submitted for approval → {Demo.Dispatcher}",
            $"{number} submitted for approval → {Demo.Dispatcher}",
        ];
        Assert.Equal(expected, await steps.EmailsAsync(number, expected.Length));

        await dispatcher.Context.CloseAsync();
        await approver.Context.CloseAsync();
        output.WriteLine($"Deny path took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}

/// <summary>The screens a dispatcher and an approver go through, shared by the flows that need a fresh work order.</summary>
internal sealed class WorkOrderScreenSteps(BrowserFixture browser)
{
    public async Task<int> FacilityIdAsync(string name)
    {
        await using var db = await Db();
        return await db.Facilities.Where(f => f.Name == name).Select(f => f.Id).SingleAsync();
    }

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
        var number = WorkOrders.Core.WorkOrders.WorkOrder.FormatNumber(id);
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
        await page.Locator("#submit-confirm").ClickAsync();
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

    /// <summary>The e-mails about one work order in the pickup folder as "subject → recipient", sorted; waits for the sender.</summary>
    public async Task<List<string>> EmailsAsync(string number, int expectedCount)
    {
        var folder = Path.Combine(browser.App.DataFolder, "mail-pickup");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<string> found;
        while (true)
        {
            found = Directory.Exists(folder)
                ? Directory.GetFiles(folder, "*.eml").Select(f => MimeMessage.Load(f))
                    .Where(m => (m.Subject ?? "").Contains(number + " ", StringComparison.Ordinal))
                    .SelectMany(m => m.To.Mailboxes.Select(to => $"{m.Subject} → {to.Address}"))
                    .Order(StringComparer.Ordinal).ToList()
                : [];
            if (found.Count >= expectedCount || DateTime.UtcNow > deadline) return found;
            await Task.Delay(200);
        }
    }

    private Task<WorkOrdersDbContext> Db() =>
        browser.App.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
}
