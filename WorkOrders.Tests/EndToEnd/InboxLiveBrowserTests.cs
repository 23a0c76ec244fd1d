using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.WorkOrders;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>The approver's open pages, in a real browser, follow submissions and decisions without reload.</summary>
public sealed class InboxLiveBrowserTests : IAsyncLifetime
{
    private readonly KestrelApp app = new();
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        app.StartServer();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Inbox_SubmitToMeThenApproveInAnotherTab_BothTabsFollowWithoutReload()
    {
        var context = await browser.NewContextAsync(new() { BaseURL = app.ClientOptions.BaseAddress.ToString() });
        var first = await SignedInPageAsync(context, Demo.Admin, "/inbox");
        var rows = first.Locator("[data-test=inbox-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(first.GetByLabel("Notifications, 0 unread")).ToHaveCountAsync(1);

        // The dispatcher submits a draft to this approver.
        var (draftId, version, dispatcher, adminId) = await DraftAsync();
        var submitted = await app.Services.GetRequiredService<WorkOrderService>().SubmitAsync(dispatcher, draftId, version, adminId);
        Assert.True(submitted.IsOk, submitted.Message);

        await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = 2000 });
        await Assertions.Expect(first.GetByLabel("Notifications, 1 unread")).ToHaveCountAsync(1, new() { Timeout = 2000 });
        await Assertions.Expect(first.Locator("[data-test=inbox-badge]")).ToHaveTextAsync("3");

        // A second tab approves the new work order inline; the first tab loses the row.
        var second = await context.NewPageAsync();
        await second.GotoAsync("/inbox");
        await second.Locator("span[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var row = second.Locator("tr").Filter(new() { HasText = WorkOrder.FormatNumber(draftId) });
        await row.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await second.Locator("[data-test=decision-confirm]").ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 2000 });
        await Assertions.Expect(first.Locator("[data-test=inbox-badge]")).ToHaveTextAsync("2");
        await Assertions.Expect(second.Locator("[data-test=inbox-row]")).ToHaveCountAsync(2);

        // Deny asks for a reason and refuses to go on without one.
        var (submittedId, _) = (await FindAsync(DemoTransitions.Submitted), 0);
        row = second.Locator("tr").Filter(new() { HasText = WorkOrder.FormatNumber(submittedId) });
        await row.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();
        await second.Locator("[data-test=decision-confirm]").ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Give the submitter a reason" })).ToBeVisibleAsync();
        await second.Locator(".mud-dialog textarea").FillAsync("Get a second quote first.");
        await second.Locator("[data-test=decision-confirm]").ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = 2000 });
        await Assertions.Expect(first.Locator("[data-test=inbox-badge]")).ToHaveTextAsync("1");
    }

    private async Task<int> FindAsync(string title)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.WorkOrders.Where(w => w.Title == title).Select(w => w.Id).SingleAsync();
    }

    private static async Task<IPage> SignedInPageAsync(IBrowserContext context, string email, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login?ReturnUrl=" + Uri.EscapeDataString(path));
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", DemoData.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**" + path);
        await page.Locator("span[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    private async Task<(int Id, int Version, Actor Dispatcher, string AdminId)> DraftAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var wo = await db.WorkOrders.Where(w => w.Title == DemoTransitions.Draft).Select(w => new { w.Id, w.Version }).SingleAsync();
        var users = await db.Users.Include(u => u.Organization).ToListAsync();
        var dispatcher = users.Single(u => u.Email == Demo.Dispatcher);
        return (wo.Id, wo.Version, Actor.From(dispatcher, dispatcher.Organization!.Kind), users.Single(u => u.Email == Demo.Admin).Id);
    }

    /// <summary>The app on a real Kestrel port, as a browser needs.</summary>
    private sealed class KestrelApp : WebApplicationFactory<Program>
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "workorders-tests", Guid.NewGuid().ToString("N"));

        public KestrelApp() => UseKestrel(0);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Directory.CreateDirectory(folder);
            builder.UseEnvironment("Development");
            builder.UseSetting("WorkOrders:DataFolder", folder);
            builder.UseSetting("Email:SendInBackground", "false");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned by the OS.
            }
        }
    }
}
