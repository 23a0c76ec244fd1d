using System.Diagnostics;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>One approver, two tabs, two different decisions: the first wins and the second is told so.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConflictTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Deny_AfterApproveInOtherTab_ConflictMessageAndApprovedState()
    {
        var clock = Stopwatch.StartNew();
        SetDefaultExpectTimeout(10_000);
        var steps = new WorkOrderScreenSteps(browser);
        var dispatcher = await browser.SignInAsync(Demo.Dispatcher);
        var (id, number) = await steps.CreateDraftAsync(dispatcher, "Station 31 – Topeka", ["Release detection records missing for August"],
            "August release detection records");
        await steps.SubmitAsync(dispatcher, id, "Morgan Avery");
        await dispatcher.Context.CloseAsync();

        var first = await browser.SignInAsync(Demo.Admin);
        var second = await first.Context.NewPageAsync();
        await steps.OpenDetailAsync(first, id);
        await steps.OpenDetailAsync(second, id);

        // The second tab is mid-way through denying when the first tab approves; the open page itself follows
        // the approval live, so the deny dialog is the only place left where the two can collide.
        await second.Locator("#action-deny").ClickAsync();
        await second.Locator(".mud-dialog textarea").First.FillAsync("Too expensive.");
        await steps.TransitionAsync(first, id, "approve", null, reopen: false);
        await Expect(first.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", "Approved");

        await second.Locator("#transition-confirm").ClickAsync();

        var message = $"{number} was changed by someone else in the meantime; it is now Approved.";
        await Expect(second.Locator(".mud-snackbar").Filter(new() { HasText = message })).ToBeVisibleAsync();
        await Expect(second.Locator("#transition-error")).ToContainTextAsync("no longer available");
        await Expect(second.Locator("#transition-confirm")).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(second, "conflict-second-tab");
        await second.Locator("#transition-cancel").ClickAsync();
        await Expect(second.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", "Approved");
        await Expect(second.Locator("#action-deny")).ToHaveCountAsync(0);
        await Expect(second.Locator(".history-timeline")).Not.ToContainTextAsync("Too expensive.");
        await BrowserFixture.ScreenshotAsync(second, "conflict-second-tab-after");

        await first.Context.CloseAsync();
        output.WriteLine($"Conflict took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
