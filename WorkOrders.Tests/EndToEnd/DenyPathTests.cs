using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
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

        // docs/product.md, "Who is told": submit → approver + submitter; deny → submitter; reset → nobody; close → approver.
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
