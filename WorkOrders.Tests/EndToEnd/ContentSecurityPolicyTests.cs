using Microsoft.Playwright;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>The pages work in Chromium under the content security policy with no violation reported, and oversize input gets a message.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser)
{
    [Fact]
    public async Task EveryScreen_UnderTheContentSecurityPolicy_InteractiveWithNoViolationOrScriptError()
    {
        var problems = new List<string>();
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) problems.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => problems.Add($"{page.Url}: {error}");

        // The sign-in page: its demo-login buttons fill the form by script.
        await page.GotoAsync(browser.BaseUrl + "/Identity/Account/Login");
        await page.Locator($".demo-login[data-email='{Demo.Admin}']").ClickAsync();
        Assert.Equal(Demo.Admin, await page.InputValueAsync("#Input_Email"));
        await page.ClickAsync("#sign-in");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var facility = await page.Locator("a[href^='facilities/'], a[href^='/facilities/']").First.GetAttributeAsync("href");
        await page.GotoAsync(browser.BaseUrl + "/work-orders");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var workOrder = await page.Locator("a[href^='work-orders/'], a[href^='/work-orders/']").First.GetAttributeAsync("href");

        string[] paths =
        [
            "/", "/" + facility!.TrimStart('/'), "/" + workOrder!.TrimStart('/'), "/work-orders", "/inbox", "/calendar", "/my-work",
            "/notifications", "/notifications/preferences", "/profile/calendar", "/action-items/import",
            "/admin/facilities", "/admin/users", "/admin/provider-links", "/admin/outbox", "/my-work/calendar",
        ];
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(browser.BaseUrl + path);
            Assert.Contains("default-src 'self'", await response!.HeaderValueAsync("content-security-policy"));
            await BrowserFixture.WaitForInteractiveAsync(page);
        }

        // A MudBlazor popover opened through the live circuit: scripts and styles both work.
        await page.GotoAsync(browser.BaseUrl + "/");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByLabel("Search facilities").FillAsync("denver");
        await Assertions.Expect(page.Locator(".facility-name")).ToHaveTextAsync(["Station 7 – Denver Colfax"]);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Note_SixtyThousandCharacters_MessageAtTheFieldAndTheCircuitLives()
    {
        var page = await browser.SignInAsync(Demo.Dispatcher);
        await page.GotoAsync(browser.BaseUrl + "/work-orders?scope=CreatedByMe");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var workOrder = await page.Locator("a[href^='work-orders/'], a[href^='/work-orders/']").First.GetAttributeAsync("href");
        await page.GotoAsync(browser.BaseUrl + "/" + workOrder!.TrimStart('/'));
        await BrowserFixture.WaitForInteractiveAsync(page);

        await page.Locator("#note-text").FillAsync(new string('x', 60_000));
        await page.ClickAsync("#note-add");

        await Assertions.Expect(page.GetByText($"at most {WorkOrders.Core.Orders.WorkOrder.MaxTextLength} characters").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
