using Microsoft.Playwright;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task SignIn_Dispatcher_SeesCompanyFacilitiesOnly()
    {
        var page = await browser.SignInAsync(Demo.Dispatcher);

        var names = await page.Locator(".facility-name").AllInnerTextsAsync();
        Assert.Equal(["Station 12 – Wichita East", "Station 31 – Topeka", "Station 7 – Denver Colfax"], names);
        await BrowserFixture.ScreenshotAsync(page, "facilities-dispatcher");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_Facilities_FiltersWithoutReload()
    {
        var page = await browser.SignInAsync(Demo.Admin);

        await page.GetByLabel("Search facilities").FillAsync("denver");

        await Assertions.Expect(page.Locator(".facility-name")).ToHaveTextAsync(["Station 7 – Denver Colfax"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WrongPassword_StaysOnLoginWithMessage()
    {
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/");
        await page.FillAsync("#Input_Email", Demo.Tech);
        await page.FillAsync("#Input_Password", "not-it");
        await page.ClickAsync("#sign-in");

        await Assertions.Expect(page.GetByText(WorkOrders.Web.Areas.Identity.Pages.Account.AccountPage.SignInFailed)).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "login-error");
        await context.CloseAsync();
    }
}
