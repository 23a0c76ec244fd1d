using Microsoft.Playwright;
using WorkOrders.Core.WorkOrders;
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
    public async Task FacilityPage_ProviderTechnician_NoCompanyWorkOrdersAndNoRecordingOffered()
    {
        var facilityId = await Flow.FacilityIdAsync(browser, "Station 12 – Wichita East");
        var tech = await browser.SignInAsync(Demo.ProviderTech);

        await tech.GotoAsync($"{browser.BaseUrl}/facilities/{facilityId}");
        await BrowserFixture.WaitForInteractiveAsync(tech);

        await Expect(tech.Locator(".action-items-table")).ToBeVisibleAsync();
        await Expect(tech.Locator(".action-items-table a[href^='/work-orders/']")).ToHaveCountAsync(0);
        await Expect(tech.Locator("#facility-header-actions")).ToHaveCountAsync(0);
        await Expect(tech.GetByText("Import action items")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(tech, "provider-dispatch-06-facility-as-provider");
        await tech.Context.CloseAsync();
    }
}
