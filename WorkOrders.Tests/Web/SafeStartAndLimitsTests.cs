using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WorkOrders.Core.Data;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web;

/// <summary>Start-up with no or bad settings, the absolute session lifetime on a fake clock, and the rate limits: each on an app of its own.</summary>
public sealed class SafeStartAndLimitsTests
{
    [Fact]
    public async Task Start_ProductionWithNoSettings_CreatesNoUserAndTheDemoPasswordSignsNobodyIn()
    {
        await using var app = new AccountsWebApp("Production");
        var client = app.Browser();

        var signIn = await WebAppFactory.SignInAsync(client, Demo.Admin, DemoData.Password);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        await using var db = await app.DbAsync();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.Organizations.CountAsync());
        Assert.DoesNotContain("Demo logins", await client.GetStringAsync("/Identity/Account/Login"));
    }

    [Fact]
    public async Task Start_SeedDemoDataTrueOutsideDevelopment_Seeds()
    {
        await using var app = new AccountsWebApp("Production", new Dictionary<string, string?> { ["WorkOrders:SeedDemoData"] = "true" });
        var signIn = await WebAppFactory.SignInAsync(app.Browser(), Demo.Admin, DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Password1!")]
    public async Task Start_SystemAdminPasswordAgainstThePolicy_Refused(string password)
    {
        await using var app = new AccountsWebApp("Production", new Dictionary<string, string?>
        {
            ["WorkOrders:SystemAdmin:Email"] = "operator@example.com",
            ["WorkOrders:SystemAdmin:Password"] = password,
        });

        var refused = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("WorkOrders:SystemAdmin:Password is refused by the password policy", refused.Message);
    }

    [Fact]
    public async Task Session_ActiveForTwelveHours_EndsAtTheAbsoluteLifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new AccountsWebApp(clock: clock);
        var client = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await WebAppFactory.SignInAsync(client, Demo.Dispatcher)).StatusCode);

        // Active every 20 minutes, well inside the idle timeout, for almost 12 hours.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.6); elapsed += TimeSpan.FromMinutes(20))
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True((await client.GetAsync("/my-work")).StatusCode == HttpStatusCode.OK, $"signed in after {elapsed + TimeSpan.FromMinutes(20)}");
        }
        clock.Advance(TimeSpan.FromMinutes(25));

        var after = await client.GetAsync("/my-work");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Identity/Account/Login", after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SignIn_TooManyForOneAddress_429ForKnownAndUnknownAlike()
    {
        await using var app = new AccountsWebApp(settings: new Dictionary<string, string?> { ["WorkOrders:RateLimits:SignInPerAddressPermits"] = "3" });
        foreach (var email in new[] { Demo.Tech, "nobody@prairiefuel.example" })
        {
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await WebAppFactory.SignInAsync(app.Browser(), email, "wrong password")).StatusCode);
            var limited = await WebAppFactory.SignInAsync(app.Browser(), email, "wrong password");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Contains("Too many attempts", await limited.Content.ReadAsStringAsync());
        }
        // Another address is not held back by them.
        Assert.Equal(HttpStatusCode.Redirect, (await WebAppFactory.SignInAsync(app.Browser(), Demo.Dispatcher)).StatusCode);
    }

    [Fact]
    public async Task AccountForms_TooManyFromOneClient_429()
    {
        await using var app = new AccountsWebApp(settings: new Dictionary<string, string?> { ["WorkOrders:RateLimits:PerClientPermits"] = "4" });
        var client = app.Browser();
        for (var i = 0; i < 4; i++) await WebAppFactory.SignInAsync(client, $"someone{i}@example.com", "wrong password");

        var limited = await WebAppFactory.SignInAsync(client, "another@example.com", "wrong password");
        var reset = await AccountsWebApp.PostFormAsync(client, "/Identity/Account/ForgotPassword", new() { ["Email"] = "another@example.com" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, reset.StatusCode);
        Assert.Contains("Too many attempts", await reset.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForgotPassword_TooManyForOneAddress_429()
    {
        await using var app = new AccountsWebApp(settings: new Dictionary<string, string?> { ["WorkOrders:RateLimits:ResetPerAddressPermits"] = "2" });
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AccountsWebApp.PostFormAsync(app.Browser(), "/Identity/Account/ForgotPassword", new() { ["Email"] = Demo.Tech })).StatusCode);
        }
        var limited = await AccountsWebApp.PostFormAsync(app.Browser(), "/Identity/Account/ForgotPassword", new() { ["Email"] = Demo.Tech });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        await using var db = await app.DbAsync();
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.ToAddress == Demo.Tech));
    }

    [Fact]
    public async Task AcceptInvitation_TooManyForOneLink_429()
    {
        await using var app = new AccountsWebApp(settings: new Dictionary<string, string?> { ["WorkOrders:RateLimits:InvitationPerLinkPermits"] = "2" });
        // A link nobody issued renders no form; the sign-in page gives the client its antiforgery token.
        Task<HttpResponseMessage> TryAsync(string token) => AccountsWebApp.PostFormAsync(app.Browser(), "/Identity/Account/Login",
            new() { ["Token"] = token, ["Input.Password"] = "tractor lantern", ["Input.ConfirmPassword"] = "tractor lantern" }, "/Identity/Account/AcceptInvitation");
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await TryAsync("guessed-link")).StatusCode);

        var limited = await TryAsync("guessed-link");
        var otherLink = await TryAsync("another-link");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many attempts", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, otherLink.StatusCode);
    }
}
