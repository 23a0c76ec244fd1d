using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.WorkOrders;
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
        await dispatcher.Locator("#submit-confirm").ClickAsync();
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
        await approver.Locator("[data-test=decision-confirm]").ClickAsync();
        var approvedAt = Stopwatch.StartNew();
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = Flow.Live });

        // Dispatcher: the bell counts the approval without a reload.
        await Expect(dispatcher.GetByLabel($"Notifications, {unreadBefore + 1} unread")).ToHaveCountAsync(1, new() { Timeout = Flow.Live });
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
        await Expect(dispatcher.Locator("#schedule-summary")).ToContainTextAsync("Station 31 – Topeka");
        await Flow.ChooseAsync(dispatcher, "#schedule-assignee", "Luis Ortega");
        await BrowserFixture.ScreenshotAsync(dispatcher, "company-07-schedule-dialog");
        await dispatcher.Locator("#schedule-save").ClickAsync();
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

        // SPEC §3: submit → approver + submitter; approve → submitter; dispatch → approver + assignee; resolve → submitter + approver.
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

/// <summary>Steps the browser flows share.</summary>
internal static class Flow
{
    /// <summary>How long a live update may take on a loaded machine (the target is a second).</summary>
    public const float Live = 10_000;

    public static string Tag() => "ref " + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>
    /// Clicks a button that opens a dialog. A live update can redraw the row under the pointer at the moment
    /// of the click, and a lost click is a test artefact, not a user's experience (they click again).
    /// </summary>
    public static async Task ClickToOpenAsync(ILocator button, ILocator dialog)
    {
        for (var attempt = 1; ; attempt++)
        {
            await button.ClickAsync();
            try
            {
                await Assertions.Expect(dialog).ToBeVisibleAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (Exception ex) when (attempt < 3 && ex is PlaywrightException or System.TimeoutException)
            {
            }
        }
    }

    public static async Task<int> FacilityIdAsync(BrowserFixture browser, string name)
    {
        await using var db = await Db(browser);
        return await db.Facilities.Where(f => f.Name == name).Select(f => f.Id).SingleAsync();
    }

    /// <summary>Records open action items as the company admin would, each carrying the tag so the flow can find them.</summary>
    public static async Task RecordActionItemsAsync(BrowserFixture browser, int facilityId, string tag, IEnumerable<string> titles)
    {
        Actor admin;
        await using (var db = await Db(browser))
        {
            var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == Demo.Admin);
            admin = Actor.From(user, user.Organization!.Kind);
        }
        var service = browser.App.Services.GetRequiredService<ActionItemService>();
        foreach (var title in titles)
        {
            var result = await service.CreateAsync(admin, facilityId, new ActionItemInput(title, $"Found on the walkthrough, {tag}.", Priority.Medium, "Monthly walkthrough", null));
            Assert.True(result.IsOk, result.Message);
        }
    }

    /// <summary>On the facility page: find the tagged items, tick each, create the draft; returns its id from the editor's address.</summary>
    public static async Task<int> CreateWorkOrderAsync(IPage page, string baseUrl, int facilityId, string tag, IReadOnlyList<string> titles, string screenshot)
    {
        await page.GotoAsync($"{baseUrl}/facilities/{facilityId}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByLabel("Search action items").FillAsync(tag);
        await Expect(page.Locator(".action-items-table tbody tr")).ToHaveCountAsync(titles.Count);
        for (var i = 0; i < titles.Count; i++)
        {
            await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {titles[i]}" }).ClickAsync();
            await Expect(page.Locator("#create-work-order")).ToContainTextAsync($"({i + 1})");
        }
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        await page.Locator("#create-work-order").ClickAsync();
        await page.Locator("#create-confirm").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/work-orders/\d+/edit$"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".action-item-list .mud-list-item")).ToHaveCountAsync(titles.Count);
        return int.Parse(Regex.Match(page.Url, @"/work-orders/(\d+)/edit").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task EstimateLineAsync(IPage page, int n, string description, string quantity, string unitPrice)
    {
        await page.Locator("#estimate-add").ClickAsync();
        var line = page.Locator($".estimate-line[data-line='{n}']");
        await line.Locator(".estimate-description input").FillAsync(description);
        await line.Locator(".estimate-qty input").FillAsync(quantity);
        await line.Locator(".estimate-price input").FillAsync(unitPrice);
        await line.Locator(".estimate-price input").BlurAsync();
    }

    /// <summary>Opens a MudSelect and picks the option whose text starts with <paramref name="option"/>.</summary>
    public static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.Locator(select).Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = option }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>The options a MudSelect offers, read from its open list, which is then closed again.</summary>
    public static async Task<IReadOnlyList<string>> OptionsAsync(IPage page, string select)
    {
        await page.Locator(select).Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        var items = page.Locator(".mud-popover-open .mud-list-item");
        await Expect(items.First).ToBeVisibleAsync();
        var texts = (await items.AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        await page.Keyboard.PressAsync("Escape");
        return texts;
    }

    /// <summary>The status chip beside the work order's heading.</summary>
    public static Task ExpectStatusAsync(IPage page, string status) =>
        Expect(page.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", status, new() { Timeout = Live });

    public static async Task<int> UnreadAsync(IPage page)
    {
        var label = await page.Locator("button[aria-label^='Notifications, ']").GetAttributeAsync("aria-label");
        return int.Parse(Regex.Match(label!, @"Notifications, (\d+) unread").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The technician's tablet: the job card in My work, the job, Mark resolved with a note.</summary>
    public static async Task ResolveInMyWorkAsync(IPage tech, string baseUrl, int id, string note, string screenshot)
    {
        await tech.GotoAsync(baseUrl + "/my-work");
        await BrowserFixture.WaitForInteractiveAsync(tech);
        var card = tech.Locator($".job-card[data-workorder='{id}']");
        await Expect(card).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(tech, screenshot + "-my-work-tablet");
        await card.TapAsync();
        await tech.WaitForURLAsync($"**/my-work/{id}");
        await BrowserFixture.WaitForInteractiveAsync(tech);
        await Expect(tech.Locator("#job-status")).ToHaveTextAsync("Dispatched");
        await tech.Locator("#mark-resolved").TapAsync();
        await tech.Locator("#resolution-note").FillAsync(note);
        await BrowserFixture.ScreenshotAsync(tech, screenshot + "-resolve-tablet");
        await tech.Locator("#resolve-confirm").TapAsync();
        await Expect(tech.Locator("#job-status")).ToHaveTextAsync("Resolved");
        await Expect(tech.Locator("#resolution")).ToContainTextAsync(note);
        await Expect(tech.Locator("#action-items .item-status")).ToHaveTextAsync(Enumerable.Repeat("Resolved", await tech.Locator("#action-items .item-status").CountAsync()).ToArray());
        await BrowserFixture.ScreenshotAsync(tech, screenshot + "-resolved-tablet");
    }

    /// <summary>The notifications page lists <paramref name="count"/> notifications about the work order.</summary>
    public static async Task ExpectNotificationsAsync(IPage page, string baseUrl, string number, int count)
    {
        await page.GotoAsync(baseUrl + "/notifications");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-test=notification-row]").Filter(new() { HasText = number })).ToHaveCountAsync(count);
    }

    /// <summary>Waits for the background sender, then compares (subject, recipient) pairs for the work order exactly.</summary>
    public static async Task ExpectEmailsAsync(BrowserFixture browser, string number, IReadOnlyList<(string Subject, string To)> expected)
    {
        var folder = Path.Combine(browser.App.DataFolder, "mail-pickup");
        var want = expected.Select(e => $"{e.Subject} → {e.To}").Order(StringComparer.Ordinal).ToList();
        var deadline = Stopwatch.StartNew();
        List<string> got;
        while (true)
        {
            got = [];
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            {
                using var message = await MimeMessage.LoadAsync(file);
                if (!(message.Subject ?? "").StartsWith(number + " ", StringComparison.Ordinal)) continue;
                got.AddRange(message.To.Mailboxes.Select(m => $"{message.Subject} → {m.Address}"));
            }
            got.Sort(StringComparer.Ordinal);
            if (got.Count >= want.Count || deadline.Elapsed > TimeSpan.FromSeconds(15)) break;
            await Task.Delay(200);
        }
        Assert.Equal(want, got);
    }

    private static Task<WorkOrdersDbContext> Db(BrowserFixture browser) =>
        browser.App.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
}
