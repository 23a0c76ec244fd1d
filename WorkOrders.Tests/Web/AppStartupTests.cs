using System.Net;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web;

/// <summary>The app as a browser meets it: start-up, sign-in, lockout and what each user sees first.</summary>
public sealed class AppStartupTests(AppStartupTests.Fixture app) : IClassFixture<AppStartupTests.Fixture>
{
    public sealed class Fixture : WebAppFactory;

    [Fact]
    public async Task LoginPage_Development_RendersWithDemoLogins()
    {
        var html = await app.CreateClient().GetStringAsync("/Identity/Account/Login");

        Assert.Contains("Sign in", html);
        Assert.Contains("dispatcher@prairiefuel.example", html);
        Assert.Contains("admin@coastalpetro.example", html);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/facilities")]
    public async Task Page_Anonymous_RedirectsToLogin(string path)
    {
        var response = await app.CreateBrowserlikeClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task StaticAssets_Anonymous_Served()
    {
        var response = await app.CreateBrowserlikeClient().GetAsync("/css/login.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Register_Anonymous_NotFound()
    {
        var response = await app.CreateBrowserlikeClient().GetAsync("/Identity/Account/Register");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(Demo.Dispatcher, new[] { "Station 12 – Wichita East", "Station 31 – Topeka", "Station 7 – Denver Colfax" }, new[] { "Harbor Point Fuel" })]
    [InlineData(Demo.ProviderAdmin, new[] { "Station 12 – Wichita East", "Station 7 – Denver Colfax" }, new[] { "Station 31 – Topeka", "Harbor Point Fuel" })]
    [InlineData(Demo.OtherCompanyAdmin, new[] { "Harbor Point Fuel" }, new[] { "Station 12 – Wichita East", "Station 31 – Topeka", "Station 7 – Denver Colfax" })]
    public async Task FacilitiesPage_SignedIn_ListsExactlyTheUsersFacilities(string email, string[] visible, string[] hidden)
    {
        var client = app.CreateBrowserlikeClient();
        var signIn = await WebAppFactory.SignInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/"));

        Assert.All(visible, name => Assert.Contains(name, html));
        Assert.All(hidden, name => Assert.DoesNotContain(name, html));
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndStaysSignedOut()
    {
        var client = app.CreateBrowserlikeClient();
        var response = await WebAppFactory.SignInAsync(client, Demo.Tech, "wrong-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(WorkOrders.Web.Areas.Identity.Pages.Account.AccountPage.SignInFailed), await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        var client = app.CreateBrowserlikeClient();
        for (var i = 0; i < 5; i++) await WebAppFactory.SignInAsync(client, Demo.ProviderTech, "wrong-password");

        var response = await WebAppFactory.SignInAsync(client, Demo.ProviderTech);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync());
    }
}
