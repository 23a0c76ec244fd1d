using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>
/// A company's work carried to a service provider through the screens alone: dispatch to the provider, its admin
/// accepts from "Incoming work" with a technician and a time, the technician resolves on a tablet, the company sees it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProviderDispatchFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task DispatchToProvider_AcceptedAndResolvedByItsTechnician_CompanySeesResolvedWithExactlyTheTablesEmails()
    {
        var tag = Flow.Tag();
        var titles = new[] { $"Overfill alarm horn silent, tank 1 ({tag})" };
        var facilityId = await Flow.FacilityIdAsync(browser, "Station 7 – Denver Colfax");
        await Flow.RecordActionItemsAsync(browser, facilityId, tag, titles);

        // The company: create, submit, approve.
        var dispatcher = await browser.SignInAsync(Demo.Dispatcher);
        var id = await Flow.CreateWorkOrderAsync(dispatcher, browser.BaseUrl, facilityId, tag, titles, "provider-dispatch-01-facility");
        var number = WorkOrder.FormatNumber(id);
        await dispatcher.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await dispatcher.Locator("#action-submit").ClickAsync();
        await Flow.ChooseAsync(dispatcher, "#submit-approver", "Morgan Avery");
        await dispatcher.Locator("#transition-confirm").ClickAsync();
        await Flow.ExpectStatusAsync(dispatcher, "Submitted");

        var approver = await browser.SignInAsync(Demo.Admin);
        await approver.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(approver);
        await approver.Locator("#action-approve").ClickAsync();
        await approver.Locator("#transition-confirm").ClickAsync();
        await Flow.ExpectStatusAsync(approver, "Approved");

        // The submitter sends it to Summit, which serves Denver.
        await dispatcher.Locator("#action-dispatchtoprovider").ClickAsync(new() { Timeout = Flow.Live });
        await Flow.ChooseAsync(dispatcher, "#provider-choice", "Summit Tank Services");
        await dispatcher.Locator("#transition-text").FillAsync("Horn is silent on test; key at the counter.");
        await BrowserFixture.ScreenshotAsync(dispatcher, "provider-dispatch-02-dialog");
        await dispatcher.Locator("#transition-confirm").ClickAsync();
        await Expect(dispatcher.Locator("#provider-status")).ToContainTextAsync("Waiting for Summit Tank Services to accept");
        await Flow.ExpectStatusAsync(dispatcher, "Dispatched");
        await Expect(dispatcher.Locator("#action-reschedule")).ToHaveCountAsync(0);

        // Summit's admin: the incoming queue offers it; accept with Sam Rivera.
        var providerAdmin = await browser.SignInAsync(Demo.ProviderAdmin);
        await providerAdmin.GotoAsync($"{browser.BaseUrl}/incoming");
        await BrowserFixture.WaitForInteractiveAsync(providerAdmin);
        var item = providerAdmin.Locator($".incoming-item[data-workorder='{id}']");
        await Expect(item).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(providerAdmin, "provider-dispatch-03-incoming");
        await item.Locator(".incoming-accept").ClickAsync();
        var technicians = await Flow.OptionsAsync(providerAdmin, "#schedule-assignee");
        Assert.Contains(technicians, t => t.StartsWith("Sam Rivera", StringComparison.Ordinal));
        Assert.DoesNotContain(technicians, t => t.StartsWith("Luis Ortega", StringComparison.Ordinal));
        await Flow.ChooseAsync(providerAdmin, "#schedule-assignee", "Sam Rivera");
        await providerAdmin.Locator("#transition-confirm").ClickAsync();
        await Expect(item).ToHaveCountAsync(0, new() { Timeout = Flow.Live });

        // The company sees who and when, and may not change it.
        await Expect(dispatcher.Locator("#assignee")).ToContainTextAsync("Sam Rivera", new() { Timeout = Flow.Live });
        await Expect(dispatcher.Locator("#provider-status")).ToContainTextAsync("Accepted by Summit Tank Services");
        await Expect(dispatcher.Locator("#action-reschedule")).ToHaveCountAsync(0);

        // The provider's technician resolves on a tablet.
        var tech = await browser.SignInAsync(Demo.ProviderTech, 1024, 768, touch: true);
        await Flow.ResolveInMyWorkAsync(tech, browser.BaseUrl, id, "Replaced the horn relay; alarm sounds on test.", "provider-dispatch-04");

        await Flow.ExpectStatusAsync(dispatcher, "Resolved");
        await BrowserFixture.ScreenshotAsync(dispatcher, "provider-dispatch-05-company-resolved");

        await Flow.ExpectEmailsAsync(browser, number,
        [
            ($"{number} submitted for approval", Demo.Admin), ($"{number} submitted for approval", Demo.Dispatcher),
            ($"{number} approved: ready to dispatch", Demo.Dispatcher),
            ($"{number} sent to Summit Tank Services to accept", Demo.Admin), ($"{number} sent to Summit Tank Services to accept", Demo.ProviderAdmin),
            ($"{number} accepted by Summit Tank Services: Sam Rivera", Demo.Dispatcher), ($"{number} accepted by Summit Tank Services: Sam Rivera", Demo.ProviderTech),
            ($"{number} resolved", Demo.Dispatcher), ($"{number} resolved", Demo.Admin),
        ]);
        await Task.WhenAll(dispatcher.Context.CloseAsync(), approver.Context.CloseAsync(), providerAdmin.Context.CloseAsync(), tech.Context.CloseAsync());
    }

    [Fact]
    public async Task FacilityPage_ProviderTechnician_OnlyWorkSentToTheProviderAndNoRecordingOffered()
    {
        var facilityId = await Flow.FacilityIdAsync(browser, "Station 12 – Wichita East");
        var tech = await browser.SignInAsync(Demo.ProviderTech);

        await tech.GotoAsync($"{browser.BaseUrl}/facilities/{facilityId}");
        await BrowserFixture.WaitForInteractiveAsync(tech);

        await Expect(tech.Locator(".action-items-table")).ToBeVisibleAsync();
        // The only work order the item table links to is the one the company sent to the provider (demo data).
        int sentToProvider;
        await using (var db = await Flow.Db(browser))
            sentToProvider = await db.WorkOrders.Where(w => w.FacilityId == facilityId && w.ProviderId != null).Select(w => w.Id).SingleAsync();
        await Expect(tech.Locator(".action-items-table a[href^='/work-orders/']")).ToHaveCountAsync(1);
        await Expect(tech.Locator(".action-items-table a[href^='/work-orders/']")).ToHaveAttributeAsync("href", $"/work-orders/{sentToProvider}");
        await Expect(tech.Locator("#facility-header-actions")).ToHaveCountAsync(0);
        await Expect(tech.GetByText("Import action items")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(tech, "provider-dispatch-06-facility-as-provider");
        await tech.Context.CloseAsync();
    }

    [Fact]
    public async Task Decline_ByTheProviderWithAReason_CompanyCanDispatchAgainAndIsToldWhy()
    {
        var (dispatcher, id, number) = await WaitingForSummitAsync("Dispenser 4 nozzle leaks at the swivel", "provider-decline-01");

        // Summit's admin declines from the work order, giving the reason the dialog requires.
        var providerAdmin = await browser.SignInAsync(Demo.ProviderAdmin);
        await providerAdmin.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(providerAdmin);
        await providerAdmin.Locator("#action-decline").ClickAsync();
        await providerAdmin.Locator("#transition-confirm").ClickAsync();
        await Expect(providerAdmin.Locator("#transition-error")).ToBeVisibleAsync();
        await providerAdmin.Locator("#transition-text").FillAsync("No technician certified for this dispenser model this month.");
        await BrowserFixture.ScreenshotAsync(providerAdmin, "provider-decline-02-dialog");
        await providerAdmin.Locator("#transition-confirm").ClickAsync();

        // The company sees it approved again, without a provider, and may dispatch it anew.
        await Flow.ExpectStatusAsync(dispatcher, "Approved");
        await Expect(dispatcher.Locator("#provider-status")).ToHaveCountAsync(0, new() { Timeout = Flow.Live });
        await Expect(dispatcher.Locator("#action-dispatch")).ToBeVisibleAsync(new() { Timeout = Flow.Live });
        await Expect(dispatcher.Locator("#decline-reason")).ToContainTextAsync("No technician certified for this dispenser model this month.");
        await BrowserFixture.ScreenshotAsync(dispatcher, "provider-decline-03-company");

        // The provider no longer sees it.
        await providerAdmin.GotoAsync($"{browser.BaseUrl}/incoming");
        await BrowserFixture.WaitForInteractiveAsync(providerAdmin);
        await Expect(providerAdmin.Locator($".incoming-item[data-workorder='{id}']")).ToHaveCountAsync(0);

        // Exactly the submitter and the approver are told (the table's record for Decline).
        Assert.Equal(
            new[] { $"{number} declined by the provider → {Demo.Admin}", $"{number} declined by the provider → {Demo.Dispatcher}" }.Order(StringComparer.Ordinal),
            await WaitForAsync(browser, number, "declined", 2));
        await Task.WhenAll(dispatcher.Context.CloseAsync(), providerAdmin.Context.CloseAsync());
    }

    [Fact]
    public async Task ResponseTime_PassedWithoutAnAnswer_FlaggedOnBothSidesAndSubmitterEmailedOnce()
    {
        var (dispatcher, id, number) = await WaitingForSummitAsync("Spill bucket cracked at fill port 2", "provider-late-01");

        // The link's response time runs out: the due time is moved into the past, then the check runs twice.
        var services = browser.App.Services;
        await using (var db = await services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync())
        {
            var past = DateTimeOffset.UtcNow.AddMinutes(-5);
            Assert.Equal(1, await db.WorkOrders.Where(w => w.Id == id).ExecuteUpdateAsync(u => u.SetProperty(w => w.ResponseDueAt, past)));
        }
        var watch = services.GetRequiredService<ProviderWork>();
        await watch.FlagOverdueResponsesAsync();
        await watch.FlagOverdueResponsesAsync();

        // The company: on the work order, and in its list.
        await dispatcher.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await Expect(dispatcher.Locator("#provider-status")).ToHaveAttributeAsync("data-overdue", "true");
        await Expect(dispatcher.Locator("#provider-status")).ToContainTextAsync("Response overdue");
        await dispatcher.GotoAsync($"{browser.BaseUrl}/work-orders?q={Uri.EscapeDataString(number)}");
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await Expect(dispatcher.Locator(".provider-response-overdue")).ToContainTextAsync("No answer from Summit Tank Services");
        await BrowserFixture.ScreenshotAsync(dispatcher, "provider-late-02-company-list");

        // The provider: in its incoming queue.
        var providerAdmin = await browser.SignInAsync(Demo.ProviderAdmin);
        await providerAdmin.GotoAsync($"{browser.BaseUrl}/incoming");
        await BrowserFixture.WaitForInteractiveAsync(providerAdmin);
        await Expect(providerAdmin.Locator($".incoming-item[data-workorder='{id}'] .incoming-overdue")).ToHaveTextAsync("Response overdue");
        await BrowserFixture.ScreenshotAsync(providerAdmin, "provider-late-03-incoming");

        Assert.Equal(new[] { $"{number} not accepted in time: Summit Tank Services has not responded → {Demo.Dispatcher}" },
            await WaitForAsync(browser, number, "not accepted in time", 1));
        await Task.WhenAll(dispatcher.Context.CloseAsync(), providerAdmin.Context.CloseAsync());
    }

    /// <summary>A fresh company work order at Denver, submitted, approved and sent to Summit; the submitter's page on it.</summary>
    private async Task<(IPage Dispatcher, int Id, string Number)> WaitingForSummitAsync(string finding, string screenshot)
    {
        var tag = Flow.Tag();
        var titles = new[] { $"{finding} ({tag})" };
        var facilityId = await Flow.FacilityIdAsync(browser, "Station 7 – Denver Colfax");
        await Flow.RecordActionItemsAsync(browser, facilityId, tag, titles);
        var dispatcher = await browser.SignInAsync(Demo.Dispatcher);
        var id = await Flow.CreateWorkOrderAsync(dispatcher, browser.BaseUrl, facilityId, tag, titles, screenshot);
        // Submitted and approved through Core; the screens for those steps are the first flow's.
        await using (var db = await Flow.Db(browser))
        {
            var users = await db.Users.Include(u => u.Organization).Where(u => u.Email == Demo.Dispatcher || u.Email == Demo.Admin).ToListAsync();
            var submitter = users.Single(u => u.Email == Demo.Dispatcher);
            var approver = users.Single(u => u.Email == Demo.Admin);
            var core = browser.App.Services.GetRequiredService<WorkOrderService>();
            var version = await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Version).SingleAsync();
            var submitted = await core.SubmitAsync(Actor.From(submitter, submitter.Organization!.Kind), id, version, approver.Id);
            Assert.True(submitted.IsOk, submitted.Message);
            var approved = await core.ApproveAsync(Actor.From(approver, approver.Organization!.Kind), id, version + 1, null);
            Assert.True(approved.IsOk, approved.Message);
        }
        await dispatcher.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(dispatcher);
        await dispatcher.Locator("#action-dispatchtoprovider").ClickAsync(new() { Timeout = Flow.Live });
        await Flow.ChooseAsync(dispatcher, "#provider-choice", "Summit Tank Services");
        await dispatcher.Locator("#transition-confirm").ClickAsync();
        await Expect(dispatcher.Locator("#provider-status")).ToContainTextAsync("Waiting for Summit Tank Services to accept");
        return (dispatcher, id, WorkOrder.FormatNumber(id));
    }

    /// <summary>The e-mails about the work order whose subject contains <paramref name="kind"/>, once <paramref name="count"/> arrived (or 15 s passed).</summary>
    private static async Task<string[]> WaitForAsync(BrowserFixture browser, string number, string kind, int count)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var found = (await Flow.EmailsAsync(browser, number, 0)).Where(e => e.Contains(kind, StringComparison.Ordinal)).ToArray();
            if (found.Length >= count || deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                await Task.Delay(500); // a duplicate would arrive with the same sender pass
                return (await Flow.EmailsAsync(browser, number, 0)).Where(e => e.Contains(kind, StringComparison.Ordinal)).ToArray();
            }
            await Task.Delay(200);
        }
    }
}
