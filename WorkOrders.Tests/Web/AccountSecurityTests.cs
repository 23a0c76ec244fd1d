using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Areas.Identity.Pages.Account;
using Xunit.Abstractions;

namespace WorkOrders.Tests.Web;

/// <summary>The account pages as an attacker or a careless user meets them, on one app with the demo data.</summary>
public sealed partial class AccountSecurityTests(AccountSecurityTests.Fixture app, ITestOutputHelper output) : IClassFixture<AccountSecurityTests.Fixture>
{
    public sealed class Fixture() : IAsyncLifetime
    {
        public AccountsWebApp App { get; } = new();
        public Task InitializeAsync() => Task.CompletedTask;
        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private const string Password = "tank gauge calibration";
    private AccountsWebApp App => app.App;

    /// <summary>A fresh active user of Prairie Fuel with <see cref="Password"/>, so tests do not share accounts.</summary>
    private async Task<AppUser> NewUserAsync(string? passwordHash = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var db = await App.DbAsync();
        var org = await db.Organizations.SingleAsync(o => o.Name == "Prairie Fuel Co.");
        var email = $"u{Guid.NewGuid():N}@prairiefuel.example";
        var user = new AppUser { UserName = email, Email = email, DisplayName = "Test User", OrganizationId = org.Id, Role = OrganizationRole.Member, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        if (passwordHash is not null)
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, passwordHash));
        }
        return user;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = Password, bool keep = false) =>
        AccountsWebApp.PostFormAsync(client, "/Identity/Account/Login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = keep ? "true" : "false",
            ["ReturnUrl"] = "/",
        });

    public static TheoryData<string> StockIdentityPages() =>
    [
        "/Identity/Account/Register", "/Identity/Account/RegisterConfirmation", "/Identity/Account/ConfirmEmail",
        "/Identity/Account/ConfirmEmailChange", "/Identity/Account/ExternalLogin", "/Identity/Account/LoginWith2fa",
        "/Identity/Account/LoginWithRecoveryCode", "/Identity/Account/Lockout", "/Identity/Account/AccessDenied",
        "/Identity/Account/ResendEmailConfirmation", "/Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/ResetPasswordConfirmation",
        "/Identity/Account/Manage", "/Identity/Account/Manage/Index", "/Identity/Account/Manage/Email", "/Identity/Account/Manage/ChangePassword",
        "/Identity/Account/Manage/SetPassword", "/Identity/Account/Manage/TwoFactorAuthentication", "/Identity/Account/Manage/EnableAuthenticator",
        "/Identity/Account/Manage/ResetAuthenticator", "/Identity/Account/Manage/Disable2fa", "/Identity/Account/Manage/GenerateRecoveryCodes",
        "/Identity/Account/Manage/ShowRecoveryCodes", "/Identity/Account/Manage/PersonalData", "/Identity/Account/Manage/DownloadPersonalData",
        "/Identity/Account/Manage/DeletePersonalData", "/Identity/Account/Manage/ExternalLogins", "/Identity/Error",
    ];

    [Theory]
    [MemberData(nameof(StockIdentityPages))]
    public async Task StockIdentityPage_AnonymousOrSignedIn_NotFound(string path)
    {
        var anonymous = App.Browser();
        var signedIn = App.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(signedIn, (await NewUserAsync()).Email!)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await signedIn.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await signedIn.PostAsync(path, new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task SignOut_CopiedCookie_RedirectedToSignIn()
    {
        var user = await NewUserAsync();
        var browser = App.Browser();
        var cookie = AccountsWebApp.SignInCookie(await SignInAsync(browser, user.Email!));
        var thief = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        HttpRequestMessage Copied() => new(HttpMethod.Get, "/") { Headers = { { "Cookie", cookie } } };
        Assert.Equal(HttpStatusCode.OK, (await thief.SendAsync(Copied())).StatusCode);

        var signedOut = await AccountsWebApp.PostFormAsync(browser, "/Identity/Account/Logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var again = await thief.SendAsync(Copied());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("/Identity/Account/Login", again.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SignIn_UnknownWrongPasswordDisabledOrLocked_OneAndTheSameAnswer()
    {
        var wrong = await NewUserAsync();
        var disabled = await NewUserAsync();
        var locked = await NewUserAsync();
        await using (var db = await App.DbAsync())
        {
            await db.Users.Where(u => u.Id == disabled.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false));
            await db.Users.Where(u => u.Id == locked.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(10)));
        }

        var answers = new[]
        {
            await SignInAsync(App.Browser(), "nobody-here@prairiefuel.example"),
            await SignInAsync(App.Browser(), wrong.Email!, "not the password at all"),
            await SignInAsync(App.Browser(), disabled.Email!), // the right password of a disabled account
            await SignInAsync(App.Browser(), locked.Email!),   // the right password of a locked account
        };

        var errors = new List<string>();
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            errors.Add(ErrorsOf(await answer.Content.ReadAsStringAsync()));
        }
        Assert.All(errors, e => Assert.Equal(AccountPage.SignInFailed, e));
    }

    [Fact]
    public async Task SignIn_KnownAndUnknownAddress_SimilarTiming()
    {
        var known = await NewUserAsync();
        var client = App.Browser();
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var round = 0; round < 14; round++)
        {
            foreach (var (email, times) in round % 2 == 0
                         ? new[] { (known.Email!, knownTimes), ($"nobody{round}@prairiefuel.example", unknownTimes) }
                         : new[] { ($"nobody{round}@prairiefuel.example", unknownTimes), (known.Email!, knownTimes) })
            {
                var page = await client.GetStringAsync("/Identity/Account/Login");
                var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Email"] = email, ["Input.Password"] = "a wrong password", ["__RequestVerificationToken"] = AccountsWebApp.Antiforgery(page),
                });
                var watch = Stopwatch.StartNew();
                using var response = await client.PostAsync("/Identity/Account/Login", form);
                watch.Stop();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                if (round >= 2) times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        var knownMedian = Median(knownTimes);
        var unknownMedian = Median(unknownTimes);
        output.WriteLine($"median known {knownMedian:F1} ms, unknown {unknownMedian:F1} ms over {knownTimes.Count} tries each");
        // Generous: the unprotected sign-in differed 10 to 20 times (3-14 ms against 60-122 ms).
        Assert.InRange(unknownMedian / knownMedian, 0.5, 2.0);
    }

    [Fact]
    public async Task SignIn_HashOfTheOldCost_RehashedAtPolicyCost()
    {
        var old = new PasswordHasher<AppUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));
        var user = await NewUserAsync(old.HashPassword(new AppUser(), Password));
        Assert.Equal(100_000u, await IterationsOfAsync(user.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(App.Browser(), user.Email!)).StatusCode);

        Assert.Equal((uint)PasswordPolicy.HashIterations, await IterationsOfAsync(user.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(App.Browser(), user.Email!)).StatusCode);
    }

    [Fact]
    public async Task TwoFactor_AuthenticatorSetUp_SignInNeedsCodeOrRecoveryCode()
    {
        var user = await NewUserAsync();
        var browser = App.Browser();
        await SignInAsync(browser, user.Email!);
        var setup = await browser.GetStringAsync("/Identity/Account/Authenticator");
        var key = SharedKey().Match(setup).Groups[1].Value;
        Assert.Contains("<svg", setup);

        var enabled = await AccountsWebApp.PostFormAsync(browser, "/Identity/Account/Authenticator",
            new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) }, "/Identity/Account/Authenticator?handler=Enable");
        var enabledPage = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("Two-factor sign-in is on.", enabledPage);
        var recoveryCodes = RecoveryCode().Matches(enabledPage).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        // With the password alone: no session, only the second step.
        var second = App.Browser();
        var step = await SignInAsync(second, user.Email!);
        Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);
        Assert.Contains("/Identity/Account/TwoFactor", step.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/")).StatusCode);
        var wrongCode = await AccountsWebApp.PostFormAsync(second, step.Headers.Location!.ToString(), new() { ["Code"] = "000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000" });
        Assert.Contains("That code is not correct", await wrongCode.Content.ReadAsStringAsync());
        var done = await AccountsWebApp.PostFormAsync(second, step.Headers.Location!.ToString(), new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/")).StatusCode);

        // A recovery code works once.
        var third = App.Browser();
        var thirdStep = await SignInAsync(third, user.Email!);
        var byRecovery = await AccountsWebApp.PostFormAsync(third, thirdStep.Headers.Location!.ToString(), new() { ["Code"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.Redirect, byRecovery.StatusCode);
        var fourth = App.Browser();
        var fourthStep = await SignInAsync(fourth, user.Email!);
        var reused = await AccountsWebApp.PostFormAsync(fourth, fourthStep.Headers.Location!.ToString(), new() { ["Code"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
    }

    [Fact]
    public async Task TwoFactor_OrganisationRequiresIt_NoSessionUntilAnAuthenticatorIsSetUp()
    {
        await using (var db = await App.DbAsync())
        {
            await db.Organizations.Where(o => o.Name == "Summit Tank Services").ExecuteUpdateAsync(o => o.SetProperty(x => x.RequireTwoFactor, true));
        }
        var browser = App.Browser();

        var step = await SignInAsync(browser, Demo.ProviderAdmin, WorkOrders.Core.Data.DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);
        var twoFactor = await browser.GetAsync(step.Headers.Location!.ToString());
        Assert.Contains("/Identity/Account/SetUpTwoFactor", twoFactor.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);

        var setupUrl = twoFactor.Headers.Location!.ToString();
        var setup = await browser.GetStringAsync(setupUrl);
        var key = SharedKey().Match(setup).Groups[1].Value;
        var done = await AccountsWebApp.PostFormAsync(browser, setupUrl, new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        var donePage = await done.Content.ReadAsStringAsync();
        Assert.Contains("Two-factor sign-in is set up", donePage);
        Assert.Equal(10, RecoveryCode().Matches(donePage).Count);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        // Turning it off is refused while the organisation requires it.
        var off = await AccountsWebApp.PostFormAsync(browser, "/Identity/Account/Authenticator", [], "/Identity/Account/Authenticator?handler=Disable");
        Assert.Contains("requires two-factor sign-in", AccountsWebApp.Text(await off.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ForgotPassword_KnownAndUnknownAddress_SameAnswerAndTheLinkWorksOnce()
    {
        var user = await NewUserAsync();
        var known = await AccountsWebApp.PostFormAsync(App.Browser(), "/Identity/Account/ForgotPassword", new() { ["Email"] = user.Email! });
        var unknown = await AccountsWebApp.PostFormAsync(App.Browser(), "/Identity/Account/ForgotPassword", new() { ["Email"] = "nobody-at-all@prairiefuel.example" });
        Assert.Equal(
            (await known.Content.ReadAsStringAsync()).Replace(user.Email!, "X", StringComparison.Ordinal),
            (await unknown.Content.ReadAsStringAsync()).Replace("nobody-at-all@prairiefuel.example", "X", StringComparison.Ordinal));

        await using var db = await App.DbAsync();
        Assert.False(await db.Outbox.AnyAsync(m => m.ToAddress == "nobody-at-all@prairiefuel.example"));
        var mail = await db.Outbox.SingleAsync(m => m.ToAddress == user.Email);
        var link = new Uri(ResetLink().Match(mail.TextBody).Value);
        var browser = App.Browser();
        var signedIn = App.Browser();
        var cookie = AccountsWebApp.SignInCookie(await SignInAsync(signedIn, user.Email!));

        var common = await AccountsWebApp.PostFormAsync(browser, link.PathAndQuery, new() { ["Input.Password"] = "Password1!", ["Input.ConfirmPassword"] = "Password1!" });
        Assert.Contains("most common passwords", await common.Content.ReadAsStringAsync());
        var reset = await AccountsWebApp.PostFormAsync(browser, link.PathAndQuery, new() { ["Input.Password"] = "silo ladder at dawn", ["Input.ConfirmPassword"] = "silo ladder at dawn" });
        Assert.Contains("Your password has been changed", await reset.Content.ReadAsStringAsync());
        var again = await AccountsWebApp.PostFormAsync(browser, link.PathAndQuery, new() { ["Input.Password"] = "another silo ladder", ["Input.ConfirmPassword"] = "another silo ladder" });
        Assert.Contains("not valid any more", await again.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(App.Browser(), user.Email!, "silo ladder at dawn")).StatusCode);
        var old = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.Redirect, (await old.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Cookie", cookie } } })).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_CommonThenGood_RefusedThenChangedAndOtherDevicesSignedOut()
    {
        var user = await NewUserAsync();
        var browser = App.Browser();
        var other = App.Browser();
        await SignInAsync(browser, user.Email!);
        await SignInAsync(other, user.Email!);

        var common = await AccountsWebApp.PostFormAsync(browser, "/Identity/Account/ChangePassword",
            new() { ["CurrentPassword"] = Password, ["Input.Password"] = "qwertyuiop", ["Input.ConfirmPassword"] = "qwertyuiop" });
        Assert.Contains("most common passwords", await common.Content.ReadAsStringAsync());
        var changed = await AccountsWebApp.PostFormAsync(browser, "/Identity/Account/ChangePassword",
            new() { ["CurrentPassword"] = Password, ["Input.Password"] = "a much longer pass phrase", ["Input.ConfirmPassword"] = "a much longer pass phrase" });

        Assert.Contains("Your password has been changed", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Profile_SignedIn_ShowsTheAccountAndOffersNoDelete()
    {
        var browser = App.Browser();
        await SignInAsync(browser, (await NewUserAsync()).Email!);

        var page = AccountsWebApp.Text(await browser.GetStringAsync("/Identity/Account/Profile"));

        Assert.Contains("Member of Prairie Fuel Co.", page);
        Assert.Contains("Change password", page);
        Assert.DoesNotContain("Delete", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, (await App.Browser().GetAsync("/Identity/Account/Profile")).StatusCode);
    }

    private async Task<uint> IterationsOfAsync(string userId)
    {
        await using var db = await App.DbAsync();
        var hash = Convert.FromBase64String(await db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash!).SingleAsync());
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string ErrorsOf(string html) => AccountsWebApp.Text(ErrorList().Match(html).Groups[1].Value).Trim();

    [GeneratedRegex("<div class=\"errors validation-summary-errors\"[^>]*><ul><li>(.*?)</li>")]
    private static partial Regex ErrorList();

    [GeneratedRegex("<kbd id=\"shared-key\">([a-z0-9 ]+)</kbd>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li><kbd>([A-Za-z0-9-]+)</kbd></li>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex(@"http://localhost:5000/Identity/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLink();
}
