using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>A company's own people take a work order from triage to resolved, each in their own browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CompanyFlowTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task CompanyFlow_DispatcherApproverTechnician_WorkOrderResolvedWithNotificationsAndEmails()
    {
        var clock = Stopwatch.StartNew();
        // Fresh items of its own, so this flow does not depend on what other flows took from the demo data.
        var tag = Flow.Tag();
        var titles = new[] { $"Leaking dispenser filter housing, pump 5 ({tag})", $"Loose island bollard, island 3 ({tag})", $"Faded fill port colour code, UST 3 ({tag})" };
        var facilityId = await Flow.FacilityIdAsync(browser, "Station 31 – Topeka");
        await Flow.RecordActionItemsAsync(browser, facilityId, tag, titles);

        // The approver's inbox is open before anything is submitted.
        var approver = await browser.SignInAsync(Demo.Admin);
        await approver.GotoAsync(browser.BaseUrl + "/inbox");
        await BrowserFixture.WaitForInteractiveAsync(approver);
        await Expect(approver.Locator("[data-test=inbox-count]")).ToBeVisibleAsync();

        // Dispatcher: facility → three items → new draft.
        var dispatcher = await browser.SignInAsync(Demo.Dispatcher);
        var id = await Flow.CreateWorkOrderAsync(dispatcher, browser.BaseUrl, facilityId, tag, titles, "company-01-facility");
        var number = WorkOrder.FormatNumber(id);
        output.WriteLine($"{number} created at {clock.Elapsed.TotalSeconds:0.0}s");

        // Editor: two estimate lines and a note, then save.
        await Flow.EstimateLineAsync(dispatcher, 1, "Filter housing and gasket kit", "1", "84.50");
        await Flow.EstimateLineAsync(dispatcher, 2, "Labor (hours)", "2", "95");
        await Expect(dispatcher.Locator("#estimate-total")).ToContainTextAsync("274.50");
        await dispatcher.Locator("#note-text").FillAsync("Please combine with the Topeka canopy visit; gate code 4471.");
        await dispatcher.Locator("#note-add").ClickAsync();
        await Expect(dispatcher.Locator(".notes-thread .note")).ToHaveCountAsync(1);
        await dispatcher.Locator("#save").ClickAsync();
        await Expect(dispatcher.Locator("#unsaved")).ToHaveCountAsync(0);
        await Expect(dispatcher.GetByText($"{number} saved.")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-02-editor");

        // Detail: submit to the approver.
        await dispatcher.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await dispatcher.Locator("#action-submit").ClickAsync();
        await Flow.ChooseAsync(dispatcher, "#submit-approver", "Morgan Avery");
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-03-submit-dialog");
        var submittedAt = Stopwatch.StartNew();
        await dispatcher.Locator("#transition-confirm").ClickAsync();
        await Expect(dispatcher.Locator("#action-submit")).ToHaveCountAsync(0);
        await Flow.ExpectStatusAsync(dispatcher, "Submitted");
        var unreadBefore = await Flow.UnreadAsync(dispatcher);

        // Approver: the new row arrives without a reload; approve inline.
        var row = approver.Locator("tr").Filter(new() { HasText = number });
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = Flow.Live });
        output.WriteLine($"Inbox row appeared {submittedAt.ElapsedMilliseconds} ms after the submit was confirmed");
        await BrowserFixture.ScreenshotAsync(approver, "company-04-inbox");
        await row.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await approver.Locator(".mud-dialog textarea").FillAsync("Approved; keep it under 300.");
        await approver.Locator("#transition-confirm").ClickAsync();
        var approvedAt = Stopwatch.StartNew();
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = Flow.Live });

        // Dispatcher: the bell counts the approval without a reload.
        await Expect(dispatcher.GetByRole(AriaRole.Button, new() { Name = $"Notifications, {unreadBefore + 1} unread", Exact = true })).ToHaveCountAsync(1, new() { Timeout = Flow.Live });
        output.WriteLine($"Dispatcher's bell changed {approvedAt.ElapsedMilliseconds} ms after the approval was confirmed");
        // The work order the dispatcher is looking at follows too, offering the next step.
        await Expect(dispatcher.Locator("#action-dispatch")).ToBeVisibleAsync(new() { Timeout = Flow.Live });
        await Flow.ExpectStatusAsync(dispatcher, "Approved");
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-05-detail-approved-live");

        // Dispatch calendar: schedule from the tray for the technician.
        await dispatcher.GotoAsync(browser.BaseUrl + "/calendar");
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        var trayItem = dispatcher.Locator($".ready-item[data-workorder='{id}']");
        await Expect(trayItem).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-06-calendar-tray");
        await trayItem.Locator(".ready-schedule").ClickAsync();
        await Expect(dispatcher.Locator("#transition-summary")).ToContainTextAsync("Station 31 – Topeka");
        await Flow.ChooseAsync(dispatcher, "#schedule-assignee", "Luis Ortega");
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-07-schedule-dialog");
        await dispatcher.Locator("#transition-confirm").ClickAsync();
        await Expect(trayItem).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-08-calendar-dispatched");

        // Technician on a tablet: My work → the job → resolve with a note.
        var tech = await browser.SignInAsync(Demo.Tech, 1024, 768, touch: true);
        await Flow.ResolveInMyWorkAsync(tech, browser.BaseUrl, id, "Replaced the filter housing gasket and re-torqued; bollard re-anchored; fill port repainted.", "company-09");

        // Every action item resolved, seen on the detail page.
        await dispatcher.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await Flow.ExpectStatusAsync(dispatcher, "Resolved");
        await Expect(dispatcher.Locator(".action-item-list .item-status")).ToHaveTextAsync(["Resolved", "Resolved", "Resolved"]);
        await Expect(dispatcher.Locator("#participants")).ToContainTextAsync("Luis Ortega");
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-10-detail-resolved");

        // Each person's notifications about this work order.
        await Flow.ExpectNotificationsAsync(dispatcher, browser.BaseUrl, number, 3);
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-11-dispatcher-notifications");
        await Flow.ExpectNotificationsAsync(approver, browser.BaseUrl, number, 3);

        // docs/product.md, "Who is told": submit → approver + submitter; approve → submitter; dispatch → approver + assignee; resolve → submitter + approver.
        await Flow.ExpectEmailsAsync(browser, number,
        [
            ($"{number} submitted for approval", Demo.Admin), ($"{number} submitted for approval", Demo.Dispatcher),
            ($"{number} approved: ready to dispatch", Demo.Dispatcher),
            ($"{number} dispatched to Luis Ortega", Demo.Admin), ($"{number} dispatched to Luis Ortega", Demo.Tech),
            ($"{number} resolved", Demo.Dispatcher), ($"{number} resolved", Demo.Admin),
        ]);

        output.WriteLine($"Company flow took {clock.Elapsed.TotalSeconds:0.0}s");
        await Task.WhenAll(approver.Context.CloseAsync(), dispatcher.Context.CloseAsync(), tech.Context.CloseAsync());
    }
}
