using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>The approver's open pages, in a real browser, follow submissions and decisions without reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxLiveBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Inbox_SubmitToMeThenApproveInAnotherTab_BothTabsFollowWithoutReload()
    {
        // Other flows share this app's database, so counts are taken relative to what is there now.
        var first = await browser.SignInAsync(Demo.Admin);
        // Through the menu: an enhanced navigation, so the app bar's islands are the ones the start page started.
        await first.Locator("#nav-drawer a[href='/inbox']").ClickAsync();
        await first.WaitForURLAsync("**/inbox");
        await BrowserFixture.WaitForInteractiveAsync(first);
        var rows = first.Locator("[data-test=inbox-row]");
        var badge = first.Locator("[data-test=inbox-badge]");
        await Assertions.Expect(first.Locator("[data-test=inbox-count]")).ToBeVisibleAsync();
        var waiting = await rows.CountAsync();
        var unread = await Flow.UnreadAsync(first);

        // The dispatcher submits a draft to this approver.
        var (draftId, version, dispatcher, adminId) = await DraftAsync();
        var submitted = await browser.App.Services.GetRequiredService<WorkOrderService>().SubmitAsync(dispatcher, draftId, version, adminId);
        Assert.True(submitted.IsOk, submitted.Message);
        var clock = Stopwatch.StartNew();

        await Assertions.Expect(rows).ToHaveCountAsync(waiting + 1, new() { Timeout = Flow.Live });
        output.WriteLine($"Inbox row appeared {clock.ElapsedMilliseconds} ms after the submit");
        await Assertions.Expect(first.GetByRole(AriaRole.Button, new() { Name = $"Notifications, {unread + 1} unread", Exact = true })).ToHaveCountAsync(1, new() { Timeout = Flow.Live });
        output.WriteLine($"Bell counted it {clock.ElapsedMilliseconds} ms after the submit");
        await Assertions.Expect(badge).ToHaveTextAsync($"{waiting + 1}");

        // A second tab approves the new work order inline; the first tab loses the row.
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(browser.BaseUrl + "/inbox");
        await BrowserFixture.WaitForInteractiveAsync(second);
        var row = second.Locator("tr").Filter(new() { HasText = WorkOrder.FormatNumber(draftId) });
        await Flow.ClickToOpenAsync(row.GetByRole(AriaRole.Button, new() { Name = "Approve" }), second.Locator("#transition-confirm"));
        await second.Locator("#transition-confirm").ClickAsync();
        clock.Restart();

        await Assertions.Expect(rows).ToHaveCountAsync(waiting, new() { Timeout = Flow.Live });
        output.WriteLine($"The other tab dropped the row {clock.ElapsedMilliseconds} ms after the approval");
        await Assertions.Expect(badge).ToHaveTextAsync($"{waiting}");
        await Assertions.Expect(second.Locator("[data-test=inbox-row]")).ToHaveCountAsync(waiting);

        // Deny asks for a reason and refuses to go on without one.
        var submittedId = await FindAsync(DemoTransitions.Submitted);
        row = second.Locator("tr").Filter(new() { HasText = WorkOrder.FormatNumber(submittedId) });
        await Flow.ClickToOpenAsync(row.GetByRole(AriaRole.Button, new() { Name = "Deny" }), second.Locator("#transition-confirm"));
        await second.Locator("#transition-confirm").ClickAsync();
        await Assertions.Expect(second.Locator("#transition-error[role=alert]")).ToContainTextAsync("reason for the denial is required");
        await second.Locator(".mud-dialog textarea").FillAsync("Get a second quote first.");
        await second.Locator("#transition-confirm").ClickAsync();
        clock.Restart();

        await Assertions.Expect(rows).ToHaveCountAsync(waiting - 1, new() { Timeout = Flow.Live });
        output.WriteLine($"The other tab dropped the denied row {clock.ElapsedMilliseconds} ms after the denial");
        await Assertions.Expect(badge).ToHaveTextAsync($"{waiting - 1}");
        await first.Context.CloseAsync();
    }

    private async Task<int> FindAsync(string title)
    {
        var factory = browser.App.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.WorkOrders.Where(w => w.Title == title).Select(w => w.Id).SingleAsync();
    }

    private async Task<(int Id, int Version, Actor Dispatcher, string AdminId)> DraftAsync()
    {
        var factory = browser.App.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var wo = await db.WorkOrders.Where(w => w.Title == DemoTransitions.Draft).Select(w => new { w.Id, w.Version }).SingleAsync();
        var users = await db.Users.Include(u => u.Organization).ToListAsync();
        var dispatcher = users.Single(u => u.Email == Demo.Dispatcher);
        return (wo.Id, wo.Version, Actor.From(dispatcher, dispatcher.Organization!.Kind), users.Single(u => u.Email == Demo.Admin).Id);
    }
}
