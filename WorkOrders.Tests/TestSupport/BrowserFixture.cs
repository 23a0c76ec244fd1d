using Microsoft.Playwright;

namespace WorkOrders.Tests.TestSupport;

/// <summary>The real app on a free loopback port with its own database, and Debian's Chromium to drive it.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public LiveApp App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => App.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}. Run ./test.sh (it installs it) or: apt-get install chromium");
        }
        App.StartServer();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new browser context (its own cookies) signed in through the real login page.</summary>
    public async Task<IPage> SignInAsync(string email, int width = 1366, int height = 900, bool touch = false, string? baseUrl = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = touch,
            IsMobile = false,
            Locale = "en-US",
            TimezoneId = "America/Chicago",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync((baseUrl ?? BaseUrl) + "/Identity/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", WorkOrders.Core.Data.DemoData.Password);
        await page.ClickAsync("#sign-in");
        await WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>Blazor has attached the circuit: clicks now reach the server.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("span[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves a full-page screenshot under TestResults/screenshots for people to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        return dir?.FullName ?? AppContext.BaseDirectory;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>The web app on Kestrel at a free port, so a real browser can reach it; optionally with its own settings.</summary>
    public sealed class LiveApp : WebAppFactory
    {
        private readonly IReadOnlyDictionary<string, string?> settings;

        public LiveApp(IReadOnlyDictionary<string, string?>? settings = null)
        {
            this.settings = settings ?? new Dictionary<string, string?>();
            UseKestrel(0);
        }

        public string BaseUrl => ClientOptions.BaseAddress.ToString().TrimEnd('/');

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The browser tests sign the same demo users in far more often than the sign-in limits allow a person
            // (10 per address per 15 minutes); the limits have tests of their own.
            builder.UseSetting("WorkOrders:RateLimits:PerClientPermits", "100000");
            builder.UseSetting("WorkOrders:RateLimits:SignInPerAddressPermits", "100000");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
