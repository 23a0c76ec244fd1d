using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web;

/// <summary>The web app on its own SQLite file with the demo data: sign-in of disabled users and the invitation link.</summary>
public sealed partial class SignInAndInvitationTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "workorders-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> app = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Testing")
            .UseSetting("WorkOrders:DataFolder", folder)
            .UseSetting("WorkOrders:PublicBaseUrl", "http://localhost")
            .UseSetting("WorkOrders:SeedDemoData", "true")
            .UseSetting("Logging:LogLevel:Default", "Warning"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task SignIn_DisabledUser_Refused()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await DisableAsync(Demo.Tech);

        var response = await PostLoginAsync(client, Demo.Tech, DemoData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(WorkOrders.Web.Areas.Identity.Pages.Account.AccountPage.SignInFailed), await response.Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var user = await signIn.UserManager.FindByEmailAsync(Demo.Tech);
        Assert.False(await signIn.CanSignInAsync(user!));
    }

    [Fact]
    public async Task SignIn_ActiveUser_Redirected()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await PostLoginAsync(client, Demo.Tech, DemoData.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [InlineData("/work-orders/5", "/work-orders/5")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task RefreshSignIn_SignedIn_NewCookieThenOnlyALocalAddress(string returnUrl, string expected)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await PostLoginAsync(client, Demo.Admin, DemoData.Password)).StatusCode);

        var response = await client.GetAsync(WorkOrders.Web.Identity.SignInRefresh.Path + "?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcceptInvitation_ValidToken_SetsPasswordSignsInAndLinkIsSpent()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await InviteAsync("newbie@prairiefuel.example");

        var page = await client.GetStringAsync($"/Identity/Account/AcceptInvitation?token={token}");
        Assert.Contains("Welcome, Nico Newbie", page);
        var response = await client.PostAsync("/Identity/Account/AcceptInvitation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["Input.Password"] = "Welcome123!",
            ["Input.ConfirmPassword"] = "Welcome123!",
            ["__RequestVerificationToken"] = Antiforgery(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal));
        var again = await client.GetStringAsync($"/Identity/Account/AcceptInvitation?token={token}");
        Assert.Contains("not valid any more", again);
        using var fresh = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await PostLoginAsync(fresh, "newbie@prairiefuel.example", "Welcome123!")).StatusCode);
    }

    [Fact]
    public async Task AcceptInvitation_CommonPassword_RefusedWithThePolicysReason()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await InviteAsync("weak@prairiefuel.example");
        var page = await client.GetStringAsync($"/Identity/Account/AcceptInvitation?token={token}");

        var response = await client.PostAsync("/Identity/Account/AcceptInvitation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["Input.Password"] = "password1234",
            ["Input.ConfirmPassword"] = "password1234",
            ["__RequestVerificationToken"] = Antiforgery(page),
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("one of the most common passwords", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> InviteAsync(string email)
    {
        var admin = await ActorAsync(Demo.Admin);
        var result = await app.Services.GetRequiredService<UserAdministration>().InviteAsync(admin, email, "Nico Newbie", OrganizationRole.Member);
        Assert.True(result.IsOk, result.Message);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var mail = await db.Outbox.SingleAsync(m => m.ToAddress == email);
        return TokenPattern().Match(mail.TextBody).Groups[1].Value;
    }

    private async Task DisableAsync(string email)
    {
        var admin = await ActorAsync(Demo.Admin);
        var id = (await ActorAsync(email)).UserId;
        var result = await app.Services.GetRequiredService<UserAdministration>().SetActiveAsync(admin, id, false);
        Assert.True(result.IsOk, result.Message);
    }

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Identity/Account/Login");
        return await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = Antiforgery(page),
        }));
    }

    private static string Antiforgery(string html) => AntiforgeryPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex(@"token=([A-Za-z0-9_\-]+)")]
    private static partial Regex TokenPattern();
}
