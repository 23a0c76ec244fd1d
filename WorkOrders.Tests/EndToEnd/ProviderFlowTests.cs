using System.Diagnostics;
using Microsoft.Playwright;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>A service provider works at a facility it is linked to; the facility's company keeps the approval.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProviderFlowTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task ProviderFlow_ProviderAdminCreates_OnlyCompanyAdminsApproveAndProviderTechResolves()
    {
        var clock = Stopwatch.StartNew();
        var tag = Flow.Tag();
        var titles = new[] { $"Corroded STP lid bolts, tank 4 ({tag})", $"Dispenser sump boot pulled loose, pump 1 ({tag})" };
        var facilityId = await Flow.FacilityIdAsync(browser, "Station 7 – Denver Colfax");
        await Flow.RecordActionItemsAsync(browser, facilityId, tag, titles);

        // Provider admin: a draft at the linked facility, with one estimate line.
        var provider = await browser.SignInAsync(Demo.ProviderAdmin);
        var id = await Flow.CreateWorkOrderAsync(provider, browser.BaseUrl, facilityId, tag, titles, "provider-01-facility");
        var number = WorkOrder.FormatNumber(id);
        await Flow.EstimateLineAsync(provider, 1, "Sump boot and lid bolts, stainless", "1", "126");

        // Submit straight from the editor (it saves first): only the company's admins may approve a provider's work order.
        await provider.Locator("#save-submit").ClickAsync();
        Assert.Equal(["Morgan Avery (admin)"], await Flow.OptionsAsync(provider, "#submit-approver"));
        await Flow.ChooseAsync(provider, "#submit-approver", "Morgan Avery");
        await BrowserFixture.ScreenshotAsync(provider, "provider-02-submit-dialog");
        await provider.Locator("#transition-confirm").ClickAsync();
        await provider.WaitForURLAsync($"**/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(provider);
        await Expect(provider.Locator("#participants")).ToContainTextAsync("Morgan Avery");
        await Flow.ExpectStatusAsync(provider, "Submitted");
        await Expect(provider.Locator(".estimate-table")).ToContainTextAsync("126.00");

        // Company admin approves on the work order itself.
        var approver = await browser.SignInAsync(Demo.Admin);
        await approver.GotoAsync($"{browser.BaseUrl}/work-orders/{id}");
        await BrowserFixture.WaitForInteractiveAsync(approver);
        await approver.Locator("#action-approve").ClickAsync();
        await approver.Locator("#transition-confirm").ClickAsync();
        await Expect(approver.Locator("#action-approve")).ToHaveCountAsync(0);
        await Flow.ExpectStatusAsync(approver, "Approved");
        await BrowserFixture.ScreenshotAsync(approver, "provider-03-approved");

        // Provider admin, still on the work order, sees the approval arrive and dispatches to their own technician.
        await provider.Locator("#action-dispatch").ClickAsync(new() { Timeout = Flow.Live });
        var assignees = await Flow.OptionsAsync(provider, "#schedule-assignee");
        Assert.Contains("Sam Rivera", assignees);
        Assert.DoesNotContain(assignees, a => a.StartsWith("Luis Ortega", StringComparison.Ordinal) || a.StartsWith("Dana Brooks", StringComparison.Ordinal));
        await Flow.ChooseAsync(provider, "#schedule-assignee", "Sam Rivera");
        await BrowserFixture.ScreenshotAsync(provider, "provider-04-dispatch-dialog");
        await provider.Locator("#transition-confirm").ClickAsync();
        await Expect(provider.Locator("#participants")).ToContainTextAsync("Sam Rivera");
        await Expect(provider.Locator("#action-reschedule")).ToBeVisibleAsync();
        await Flow.ExpectStatusAsync(provider, "Dispatched");

        // Provider technician resolves on a tablet.
        var tech = await browser.SignInAsync(Demo.ProviderTech, 1024, 768, touch: true);
        await Flow.ResolveInMyWorkAsync(tech, browser.BaseUrl, id, "Replaced the sump boot and all four lid bolts; sump dry and tested.", "provider-05");

        await Flow.ExpectStatusAsync(provider, "Resolved");
        await Expect(provider.Locator(".action-item-list .item-status")).ToHaveTextAsync(["Resolved", "Resolved"], new() { Timeout = Flow.Live });
        await Expect(provider.Locator("h1")).ToContainTextAsync(number);
        await BrowserFixture.ScreenshotAsync(provider, "provider-06-detail-resolved");

        await Flow.ExpectEmailsAsync(browser, number,
        [
            ($"{number} submitted for approval", Demo.Admin), ($"{number} submitted for approval", Demo.ProviderAdmin),
            ($"{number} approved: ready to dispatch", Demo.ProviderAdmin),
            ($"{number} dispatched to Sam Rivera", Demo.Admin), ($"{number} dispatched to Sam Rivera", Demo.ProviderTech),
            ($"{number} resolved", Demo.ProviderAdmin), ($"{number} resolved", Demo.Admin),
        ]);

        output.WriteLine($"Provider flow took {clock.Elapsed.TotalSeconds:0.0}s");
        await Task.WhenAll(approver.Context.CloseAsync(), provider.Context.CloseAsync(), tech.Context.CloseAsync());
    }
}
