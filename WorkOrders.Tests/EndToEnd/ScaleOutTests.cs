using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Data;
using WorkOrders.Core.Email;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.Deploy;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>
/// The installation of docs/deploy.md on loopback: one PostgreSQL database, a real Redis, two WorkOrders servers and
/// the shipped nginx configuration in front, with a real SMTP server. Chromium drives people whose pages sit on
/// different servers: live rows cross servers, a cookie from one server opens pages on the other, two servers'
/// simultaneous decisions leave exactly one, every e-mail goes out once, and a Redis outage pauses and then recovers.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How long a live update may take here: two servers, Redis, nginx and Chromium on a loaded 2-core box.</summary>
    private const float Live = 20_000;

    private const string ServedBy = "X-Test-Served-By";
    private const string Affinity = "workorders_affinity";

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private RedisServer redis = null!;
    private ScriptedSmtpServer smtp = null!;
    private string database = "";
    private Server a = null!;
    private Server b = null!;
    private NginxServer nginx = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private string origin = "";
    private readonly Dictionary<string, string> affinityFor = [];

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        smtp = new ScriptedSmtpServer((_, _) => null);
        database = await TestPostgres.CreateDatabaseAsync();
        // nginx is written first so the servers know the address people open, as deploy/compose.yaml tells them.
        var (portA, portB) = (NginxServer.FreePort(), NginxServer.FreePort());
        nginx = new NginxServer(portA, portB);
        origin = $"https://127.0.0.1:{nginx.HttpsPort}";
        var settings = new Dictionary<string, string?>
        {
            ["WorkOrders:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:WorkOrders"] = TestPostgres.ConnectionString(database),
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Security"] = "None",
            // The circuits accept this origin (nginx passes the host without its port, as on 443).
            ["WorkOrders:PublicBaseUrl"] = origin,
            // Both senders look for work every second, so they really do race for each message.
            ["Email:PollInterval"] = "00:00:01",
        };
        // A first, alone: it applies the migrations and seeds the demo data; B then starts on the seeded database.
        a = new Server("A", portA, settings);
        a.StartServer();
        b = new Server("B", portB, settings);
        b.StartServer();
        await nginx.StartAsync();
        await FindAffinitiesAsync();

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        SetDefaultExpectTimeout(15_000);
        output.WriteLine($"Started PostgreSQL database, Redis, A, B and nginx in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [ScaleOutFact]
    public async Task TwoServersBehindNginx_LiveCookiesRacesMailAndRedisOutage_BehaveAsOne()
    {
        // b. The approver signs in through A; the same browser is then sent to B (as nginx does when A leaves).
        var approverOnB = await SignInAsync(Demo.Admin, "A");
        await PinAsync(approverOnB, "B");
        var response = await approverOnB.GotoAsync(origin + "/inbox");
        Assert.Equal("B", response!.Headers[ServedBy.ToLowerInvariant()]);
        await BrowserFixture.WaitForInteractiveAsync(approverOnB);
        await Expect(approverOnB.Locator("h1")).ToHaveTextAsync("Approval inbox");
        Assert.EndsWith("/inbox", approverOnB.Url, StringComparison.Ordinal);
        output.WriteLine($"b. A's cookie opened /inbox on B at {clock.Elapsed.TotalSeconds:0.0} s");

        // a. The dispatcher's page is on A; the submit made there reaches the approver's open inbox on B.
        var rowsOnB = approverOnB.Locator("[data-test=inbox-row]");
        var waiting = await rowsOnB.CountAsync();
        var dispatcher = await SignInAsync(Demo.Dispatcher, "A");
        var (draftId, _) = await FindAsync(DemoTransitions.Draft);
        var number = WorkOrder.FormatNumber(draftId);
        await OpenDetailAsync(dispatcher, draftId, "A");
        await dispatcher.Locator("#action-submit").ClickAsync();
        await dispatcher.Locator(".mud-dialog .mud-input-control.mud-select").ClickAsync();
        await dispatcher.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Morgan Avery" }).ClickAsync();
        await dispatcher.Locator("#transition-confirm").ClickAsync();
        await Expect(dispatcher.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", "Submitted");
        var submitted = Stopwatch.StartNew();
        await Expect(rowsOnB).ToHaveCountAsync(waiting + 1, new() { Timeout = Live });
        await Expect(rowsOnB.Filter(new() { HasText = number })).ToHaveCountAsync(1);
        output.WriteLine($"a. The row appeared on B {submitted.ElapsedMilliseconds} ms after the submit on A");
        await BrowserFixture.ScreenshotAsync(approverOnB, "scale-out-a-inbox-on-b");

        // c. The same approver in two browsers, one on each server: approve on A and deny on B at the same moment.
        var approverOnA = await SignInAsync(Demo.Admin, "A");
        await OpenDetailAsync(approverOnA, draftId, "A");
        await OpenDetailAsync(approverOnB, draftId, "B");
        await Flow.ClickToOpenAsync(approverOnA.Locator("#action-approve"), approverOnA.Locator("#transition-confirm"));
        await Flow.ClickToOpenAsync(approverOnB.Locator("#action-deny"), approverOnB.Locator("#transition-confirm"));
        await approverOnB.Locator(".mud-dialog textarea").First.FillAsync("Get a second quote first.");
        await Task.WhenAll(approverOnA.Locator("#transition-confirm").ClickAsync(), approverOnB.Locator("#transition-confirm").ClickAsync());

        var decided = await WaitForStatusAsync(draftId, WorkOrderStatus.Submitted);
        Assert.Contains(decided, new[] { WorkOrderStatus.Approved, WorkOrderStatus.Denied });
        var (winner, loser) = decided == WorkOrderStatus.Approved ? (approverOnA, approverOnB) : (approverOnB, approverOnA);
        await Expect(winner.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Expect(loser.Locator("#transition-error")).ToContainTextAsync("was changed by someone else");
        await Expect(loser.Locator("#transition-error")).ToContainTextAsync("no longer available");
        await Expect(loser.Locator("#transition-confirm")).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(loser, "scale-out-c-refused");
        await loser.Locator("#transition-cancel").ClickAsync();
        foreach (var page in new[] { approverOnA, approverOnB })
        {
            await Expect(page.Locator(".status-chip").First).ToHaveAttributeAsync("data-status", decided.ToString(), new() { Timeout = Live });
        }
        Assert.Single(await DecisionsAsync(draftId));
        output.WriteLine($"c. {decided} won ({(decided == WorkOrderStatus.Approved ? "A" : "B")}); one decision in the history");

        // e. Redis goes away: both servers' pages say live updates are paused, and work still saves.
        var (waitingId, waitingVersion) = await FindAsync(DemoTransitions.Submitted);
        var waitingNumber = WorkOrder.FormatNumber(waitingId);
        await OpenInboxAsync(approverOnA, "A");
        await OpenInboxAsync(approverOnB, "B");
        await Expect(approverOnB.Locator("tr").Filter(new() { HasText = waitingNumber })).ToHaveCountAsync(1);
        await redis.KillAsync();
        foreach (var page in new[] { approverOnA, approverOnB })
        {
            await Expect(page.Locator("[data-test=live-paused]")).ToContainTextAsync("Live updates are paused", new() { Timeout = Live });
        }
        var row = approverOnA.Locator("tr").Filter(new() { HasText = waitingNumber });
        await Flow.ClickToOpenAsync(row.GetByRole(AriaRole.Button, new() { Name = "Approve" }), approverOnA.Locator("#transition-confirm"));
        await approverOnA.Locator("#transition-confirm").ClickAsync();
        await Expect(approverOnA.Locator("tr").Filter(new() { HasText = waitingNumber })).ToHaveCountAsync(0, new() { Timeout = Live });
        Assert.Equal(WorkOrderStatus.Approved, await WaitForStatusAsync(waitingId, WorkOrderStatus.Submitted));
        // B cannot hear A now: its page still lists the work order A just approved.
        await Expect(approverOnB.Locator("tr").Filter(new() { HasText = waitingNumber })).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(approverOnB, "scale-out-e-paused-on-b");
        output.WriteLine($"e. Paused on both; approved {waitingNumber} on A during the outage (version {waitingVersion})");

        // Redis is back: the notice goes and B's page re-reads, so the change made during the outage appears.
        await redis.StartAgainAsync();
        var restarted = Stopwatch.StartNew();
        foreach (var page in new[] { approverOnA, approverOnB })
        {
            await Expect(page.Locator("[data-test=live-paused]")).ToHaveCountAsync(0, new() { Timeout = Live });
        }
        await Expect(approverOnB.Locator("tr").Filter(new() { HasText = waitingNumber })).ToHaveCountAsync(0, new() { Timeout = Live });
        output.WriteLine($"e. Recovered {restarted.ElapsedMilliseconds} ms after Redis started again");
        await BrowserFixture.ScreenshotAsync(approverOnB, "scale-out-e-recovered-on-b");

        // d. Both servers' senders ran all along: every queued e-mail reached the SMTP server once, and the flow's
        // e-mails are the ones docs/product.md names (submit: approver and submitter; decision, approval: submitter).
        var sent = await WaitForOutboxSentAsync();
        Assert.Equal(sent.Select(m => $"<{m.MessageId}>").Order(), smtp.Delivered.Order());
        Assert.Equal([Demo.Admin, Demo.Dispatcher, Demo.Dispatcher], sent.Where(m => m.WorkOrderId == draftId).Select(m => m.ToAddress).Order());
        Assert.Equal([Demo.Dispatcher], sent.Where(m => m.WorkOrderId == waitingId).Select(m => m.ToAddress));
        output.WriteLine($"d. {smtp.Delivered.Count} e-mails, each delivered once; whole flow {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Asks nginx with made-up affinity values until one lands on each server.</summary>
    private async Task FindAffinitiesAsync()
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        for (var i = 0; i < 64 && affinityFor.Count < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, origin + "/Identity/Account/Login");
            request.Headers.Add("Cookie", $"{Affinity}=scale-out-{i}");
            using var answer = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            affinityFor.TryAdd(answer.Headers.GetValues(ServedBy).Single(), $"scale-out-{i}");
        }
        Assert.Equal(["A", "B"], affinityFor.Keys.Order());
    }

    /// <summary>A new browser whose affinity cookie sends it to <paramref name="server"/>, signed in through the login page there.</summary>
    private async Task<IPage> SignInAsync(string email, string server)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-US",
            TimezoneId = "America/Chicago",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        // What a failure needs explaining: the circuit's own errors and refused requests.
        page.Console += (_, m) => { if (m.Type == "error") output.WriteLine($"[{email} on {server}] {m.Text}"); };
        page.Response += (_, r) => { if (r.Status >= 400) output.WriteLine($"[{email} on {server}] {r.Status} {r.Url}"); };
        await PinAsync(page, server);
        var login = await page.GotoAsync(origin + "/Identity/Account/Login");
        Assert.Equal(server, login!.Headers[ServedBy.ToLowerInvariant()]);
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", DemoData.Password);
        var signedIn = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.Contains("/Identity/Account/Login", StringComparison.Ordinal));
        await page.ClickAsync("#sign-in");
        Assert.Equal(server, (await signedIn).Headers[ServedBy.ToLowerInvariant()]);
        await BrowserFixture.WaitForInteractiveAsync(page);
        return page;
    }

    private Task PinAsync(IPage page, string server) =>
        page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = Affinity, Value = affinityFor[server], Url = origin, Secure = true, HttpOnly = true }]);

    private async Task OpenDetailAsync(IPage page, int id, string server)
    {
        var response = await page.GotoAsync($"{origin}/work-orders/{id}");
        Assert.Equal(server, response!.Headers[ServedBy.ToLowerInvariant()]);
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".status-chip").First).ToBeVisibleAsync();
    }

    private async Task OpenInboxAsync(IPage page, string server)
    {
        var response = await page.GotoAsync(origin + "/inbox");
        Assert.Equal(server, response!.Headers[ServedBy.ToLowerInvariant()]);
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-test=inbox-count]")).ToBeVisibleAsync();
    }

    private async Task<(int Id, int Version)> FindAsync(string title)
    {
        await using var db = await a.DbAsync();
        var wo = await db.WorkOrders.Where(w => w.Title == title).Select(w => new { w.Id, w.Version }).SingleAsync();
        return (wo.Id, wo.Version);
    }

    private async Task<List<WorkOrderAction?>> DecisionsAsync(int id)
    {
        await using var db = await a.DbAsync();
        return await db.WorkOrderHistory
            .Where(h => h.WorkOrderId == id && (h.Action == WorkOrderAction.Approve || h.Action == WorkOrderAction.Deny))
            .Select(h => h.Action).ToListAsync();
    }

    /// <summary>Polls the shared database until the work order has left <paramref name="from"/>; returns its new status.</summary>
    private async Task<WorkOrderStatus> WaitForStatusAsync(int id, WorkOrderStatus from)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var db = await a.DbAsync();
            var status = await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Status).SingleAsync();
            if (status != from || deadline.Elapsed > TimeSpan.FromSeconds(30)) return status;
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until nothing is queued and the SMTP server has as many messages as the outbox has sent; returns the sent ones.</summary>
    private async Task<List<OutboxMessage>> WaitForOutboxSentAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var db = await a.DbAsync();
            var all = await db.Outbox.AsNoTracking().ToListAsync();
            var settled = all.All(m => m.Status == OutboxStatus.Sent) && smtp.Delivered.Count >= all.Count;
            if (settled || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.All(all, m => Assert.Equal(OutboxStatus.Sent, m.Status));
                return all;
            }
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (nginx is not null) await nginx.DisposeAsync();
        if (b is not null) await b.DisposeAsync();
        if (a is not null) await a.DisposeAsync();
        if (smtp is not null) await smtp.DisposeAsync();
        if (redis is not null) await redis.DisposeAsync();
        if (database.Length > 0) await TestPostgres.DropDatabaseAsync(database);
    }

    /// <summary>One WorkOrders web server on a free loopback port; every answer names it, so the test knows where nginx sent a browser.</summary>
    private sealed class Server : WebAppFactory
    {
        private readonly string name;
        private readonly IReadOnlyDictionary<string, string?> settings;

        public Server(string name, int port, IReadOnlyDictionary<string, string?> settings)
        {
            this.name = name;
            this.settings = settings;
            UseKestrel(port);
        }

        public Task<WorkOrdersDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The browsers sign in more often than the sign-in limits allow a person; the limits have tests of their own.
            builder.UseSetting("WorkOrders:RateLimits:PerClientPermits", "100000");
            builder.UseSetting("WorkOrders:RateLimits:SignInPerAddressPermits", "100000");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new NameEveryAnswer(name)));
        }
    }

    private sealed class NameEveryAnswer(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Response.Headers[ServedBy] = name;
                return following();
            });
            next(app);
        };
    }
}

/// <summary>
/// The scale-out test needs nginx and a redis-server it can stop (PostgreSQL it finds or starts through
/// <see cref="TestPostgres"/>): skipped where either is missing, except under CI, where it fails.
/// </summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute() => Skip = NginxServer.Missing ?? RedisServer.Missing(needsOwnProcess: true);
}
