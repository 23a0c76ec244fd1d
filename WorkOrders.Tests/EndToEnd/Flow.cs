using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

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
        try
        {
            await page.WaitForURLAsync(new Regex(@"/work-orders/\d+/edit$"), new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            // Say why the editor did not open: a refusal shows in the dialog; otherwise the page is kept to look at.
            await BrowserFixture.ScreenshotAsync(page, screenshot + "-not-created");
            var refusal = string.Join(" ", await page.Locator("#create-error").AllInnerTextsAsync());
            throw new TimeoutException($"The draft was not created within 30 s; the dialog says: {(refusal.Length > 0 ? refusal : "nothing")}.");
        }
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".action-item-list .action-item-row")).ToHaveCountAsync(titles.Count);
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
        var label = await page.Locator("[data-test=bell-name]").TextContentAsync();
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
        await tech.Locator("#transition-text").FillAsync(note);
        await BrowserFixture.ScreenshotAsync(tech, screenshot + "-resolve-tablet");
        await tech.Locator("#transition-confirm").TapAsync();
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
        var want = expected.Select(e => $"{e.Subject} → {e.To}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(want, await EmailsAsync(browser, number, want.Count));
    }

    /// <summary>The e-mails about one work order in the pickup folder as "subject → recipient", sorted; waits up to 15 s for the sender.</summary>
    public static async Task<List<string>> EmailsAsync(BrowserFixture browser, string number, int expectedCount)
    {
        var folder = Path.Combine(browser.App.DataFolder, "mail-pickup");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var found = new List<string>();
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            {
                using var message = await MimeMessage.LoadAsync(file);
                if (!(message.Subject ?? "").StartsWith(number + " ", StringComparison.Ordinal)) continue;
                found.AddRange(message.To.Mailboxes.Select(m => $"{message.Subject} → {m.Address}"));
            }
            found.Sort(StringComparer.Ordinal);
            if (found.Count >= expectedCount || deadline.Elapsed > TimeSpan.FromSeconds(15)) return found;
            await Task.Delay(200);
        }
    }

    public static Task<WorkOrdersDbContext> Db(BrowserFixture browser) =>
        browser.App.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
}
