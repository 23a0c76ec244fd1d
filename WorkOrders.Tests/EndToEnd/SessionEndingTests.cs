using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>
/// Two apps beside the shared one: one whose open pages re-check their user every few seconds, to prove
/// the revalidation path with changes made behind the app's back; one that re-checks only every ten
/// minutes, so whatever happens within the test's 90 seconds there came through the pushed message.
/// </summary>
public sealed class SessionEndingApps : IAsyncLifetime
{
    public BrowserFixture.LiveApp Revalidating { get; } = new(new Dictionary<string, string?> { ["WorkOrders:Session:RevalidationInterval"] = "00:00:03" });
    public BrowserFixture.LiveApp Pushed { get; } = new(new Dictionary<string, string?> { ["WorkOrders:Session:RevalidationInterval"] = "00:10:00" });

    public Task InitializeAsync()
    {
        Revalidating.StartServer();
        Pushed.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Revalidating.DisposeAsync();
        await Pushed.DisposeAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class SessionEndingTests(BrowserFixture browser, SessionEndingApps apps) : IClassFixture<SessionEndingApps>
{
    /// <summary>The bound: an open page lands on the sign-in page within 90 seconds without anyone touching it.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Within90s = new() { Timeout = 90_000 };

    [Fact]
    public async Task DisableByAdmin_MembersOpenPage_PushedToSignInWithReasonAndNoData()
    {
        var app = apps.Pushed;
        var member = await browser.SignInAsync(Demo.Dispatcher, baseUrl: app.BaseUrl);
        await Expect(member.Locator(".facility-name").First).ToBeVisibleAsync();
        var admin = await browser.SignInAsync(Demo.Admin, baseUrl: app.BaseUrl);
        await admin.GotoAsync(app.BaseUrl + "/admin/users");
        await BrowserFixture.WaitForInteractiveAsync(admin);

        var row = admin.Locator("tr", new() { HasText = "Dana Brooks" });
        await Flow.ClickToOpenAsync(row.GetByRole(AriaRole.Button, new() { Name = "Disable" }), admin.Locator(".mud-dialog"));
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(admin.GetByText("Dana Brooks is disabled.")).ToBeVisibleAsync();

        await ExpectSignInPageAsync(member, "Your account was disabled.");
        Assert.Contains("reason=disabled", member.Url);
        await BrowserFixture.ScreenshotAsync(member, "session-ended-disabled");
        await admin.Context.CloseAsync();
        await member.Context.CloseAsync();
    }

    [Fact]
    public async Task DisabledBehindTheAppsBack_OpenPage_RevalidationSendsItToSignIn()
    {
        var app = apps.Revalidating;
        var member = await browser.SignInAsync(Demo.Tech, baseUrl: app.BaseUrl);
        await Expect(member.Locator(".facility-name").First).ToBeVisibleAsync();

        // Straight in the database: nothing is pushed, only the periodic re-check can notice.
        await SetAsync(app, Demo.Tech, u => u.IsActive = false);

        await ExpectSignInPageAsync(member, "Your account was disabled.");
        await member.Context.CloseAsync();
    }

    [Fact]
    public async Task DisableByAdmin_ThenInAppClick_NeverShowsDataOrTheErrorBar()
    {
        var app = apps.Pushed;
        var member = await browser.SignInAsync(Demo.Tech, baseUrl: app.BaseUrl);
        await Expect(member.Locator(".facility-name").First).ToBeVisibleAsync();
        var errors = new List<string>();
        member.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };

        await DisableThroughTheAppAsync(app, Demo.Tech);
        // The page may already be gone; if the link is still there, the click must not bring data back.
        try
        {
            await member.GetByRole(AriaRole.Link, new() { Name = "Work orders" }).ClickAsync(new() { Timeout = 2_000 });
        }
        catch (TimeoutException)
        {
        }

        await ExpectSignInPageAsync(member, "Your account was disabled.");
        await Expect(member.Locator("#work-orders-empty, .mud-table")).ToHaveCountAsync(0);
        Assert.DoesNotContain(errors, e => e.Contains("unhandled", StringComparison.OrdinalIgnoreCase));
        await member.Context.CloseAsync();
    }

    [Fact]
    public async Task DemoteByAdmin_AdminPageOpen_LeavesForTheStartPageAndTheMenuLosesAdministration()
    {
        var app = apps.Pushed;
        await SetAsync(app, Demo.ProviderTech, u => u.Role = OrganizationRole.Admin);
        var demoted = await browser.SignInAsync(Demo.ProviderTech, baseUrl: app.BaseUrl);
        await demoted.GotoAsync(app.BaseUrl + "/admin/users");
        await BrowserFixture.WaitForInteractiveAsync(demoted);
        await Expect(demoted.Locator("h1")).ToHaveTextAsync("Users and roles");
        var admin = await browser.SignInAsync(Demo.ProviderAdmin, baseUrl: app.BaseUrl);
        await admin.GotoAsync(app.BaseUrl + "/admin/users");
        await BrowserFixture.WaitForInteractiveAsync(admin);

        var row = admin.Locator("tr", new() { HasText = "Sam Rivera" });
        await Flow.ClickToOpenAsync(row.GetByRole(AriaRole.Button, new() { Name = "Edit" }), admin.Locator(".mud-dialog"));
        await admin.Locator(".mud-dialog").GetByText("Technician").ClickAsync();
        await admin.Locator(".mud-dialog [data-test=save]").ClickAsync();
        await Expect(admin.GetByText("User saved.")).ToBeVisibleAsync();

        await ExpectLeftAdminPageAsync(app, demoted);
        await BrowserFixture.ScreenshotAsync(demoted, "session-role-downgraded");

        // An in-app navigation to the page the role no longer allows does not show it either.
        await demoted.EvaluateAsync("() => Blazor.navigateTo('/admin/users')");
        await ExpectLeftAdminPageAsync(app, demoted);
        await admin.Context.CloseAsync();
        await demoted.Context.CloseAsync();
    }

    [Fact]
    public async Task DemotedBehindTheAppsBack_AdminPageOpen_RevalidationLeavesIt()
    {
        var app = apps.Revalidating;
        await SetAsync(app, Demo.Dispatcher, u => u.Role = OrganizationRole.Admin);
        var demoted = await browser.SignInAsync(Demo.Dispatcher, baseUrl: app.BaseUrl);
        await demoted.GotoAsync(app.BaseUrl + "/admin/users");
        await BrowserFixture.WaitForInteractiveAsync(demoted);
        await Expect(demoted.Locator("h1")).ToHaveTextAsync("Users and roles");

        await SetAsync(app, Demo.Dispatcher, u => u.Role = OrganizationRole.Member);

        await ExpectLeftAdminPageAsync(app, demoted);
        await demoted.Context.CloseAsync();
    }

    [Fact]
    public async Task SignOut_InOneTab_OtherTabsOfTheBrowserShowSignInWithReason()
    {
        var app = apps.Revalidating;
        var first = await browser.SignInAsync(Demo.OtherCompanyAdmin, baseUrl: app.BaseUrl);
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(app.BaseUrl + "/work-orders");
        await BrowserFixture.WaitForInteractiveAsync(second);
        await Expect(second.Locator("h1")).ToHaveTextAsync("Work orders");

        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await ExpectSignInPageAsync(second, "You were signed out.");
        await first.Context.CloseAsync();
    }

    private static async Task ExpectSignInPageAsync(IPage page, string reason)
    {
        await Expect(page.Locator("#session-ended")).ToBeVisibleAsync(Within90s);
        await Expect(page.Locator("#session-ended")).ToHaveTextAsync(reason);
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator(".facility-name")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Station");
        await Expect(page.Locator("#blazor-error-ui")).Not.ToBeVisibleAsync();
    }

    private static async Task ExpectLeftAdminPageAsync(BrowserFixture.LiveApp app, IPage page)
    {
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/", new() { Timeout = 90_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Facilities");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users and roles" })).ToHaveCountAsync(0);
        await Expect(page.GetByText("Administration")).ToHaveCountAsync(0);
        await Expect(page.Locator("#blazor-error-ui")).Not.ToBeVisibleAsync();
        // Still signed in, with the new role.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>Changes a user straight in the database, as another server or an operator would: nothing is pushed.</summary>
    private static async Task SetAsync(BrowserFixture.LiveApp app, string email, Action<AppUser> change)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        change(await db.Users.SingleAsync(u => u.Email == email));
        await db.SaveChangesAsync();
    }

    private static async Task DisableThroughTheAppAsync(BrowserFixture.LiveApp app, string email)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var admin = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == Demo.Admin);
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var result = await app.Services.GetRequiredService<WorkOrders.Core.Administration.UserAdministration>()
            .SetActiveAsync(Actor.From(admin, admin.Organization!.Kind), userId, false);
        Assert.True(result.IsOk, result.Message);
    }
}
