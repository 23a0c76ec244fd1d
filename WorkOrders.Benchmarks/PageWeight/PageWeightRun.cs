using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace WorkOrders.Benchmarks.PageWeight;

/// <summary>
/// Cold first-load weight of pages and the GC heap each open page's circuit costs, measured with Debian's
/// Chromium against the published app. Run:
/// <c>dotnet run -c Release --project WorkOrders.Benchmarks -- pageweight [publish folder] [pages per step]</c>.
/// </summary>
public static class PageWeightRun
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string Password = "Demo123!";
    private static readonly string[] WeightPaths = ["/", "/inbox", "/calendar"];
    private static readonly string[] CircuitPaths = ["/_diagnostics/empty", "/inbox", "/calendar"];

    public static async Task<int> RunAsync(string[] args)
    {
        var publishFolder = args.Length > 0 ? args[0] : "/tmp/pw-publish";
        var pagesPerStep = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 25;
        const int steps = 2;
        var user = args.Length > 2 ? args[2] : "admin@prairiefuel.example";

        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        await using var app = await PublishedApp.StartAsync(publishFolder);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--renderer-process-limit=8"],
        });
        var signedIn = await SignInAsync(browser, app.BaseUrl, user);

        Console.WriteLine();
        Console.WriteLine($"Cold first load signed in as {user} (new browser context, empty cache; bytes on the wire incl. headers):");
        Console.WriteLine("| page | requests | HTTP bytes | of it fonts | WebSocket bytes received | total |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var weightPaths = Environment.GetEnvironmentVariable("PAGEWEIGHT_SKIP_WEIGHT") == "1" ? [] : WeightPaths;
        foreach (var path in weightPaths)
        {
            var w = await MeasureColdLoadAsync(browser, signedIn, app.BaseUrl + path);
            Console.WriteLine($"| `{path}` | {w.Requests} | {Kb(w.HttpBytes)} | {Kb(w.FontBytes)} | {Kb(w.WebSocketBytes)} | {Kb(w.HttpBytes + w.WebSocketBytes)} |");
            foreach (var (url, bytes, encoding) in w.Largest) Console.WriteLine($"    {Kb(bytes),10} {encoding,-5} {url}");
        }

        Console.WriteLine();
        Console.WriteLine($"GC heap per idle circuit ({pagesPerStep * steps} tabs per page in steps of {pagesPerStep}; heap after forced full compacting GC):");
        Console.WriteLine("| page | heap with 0 tabs | heap with N tabs | N | per circuit (slope) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        // PAGEWEIGHT_CIRCUIT_PATHS=/inbox,/calendar measures only those pages' circuits.
        var circuitPaths = Environment.GetEnvironmentVariable("PAGEWEIGHT_CIRCUIT_PATHS")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? CircuitPaths;
        foreach (var path in circuitPaths)
        {
            var r = await MeasureCircuitsAsync(browser, signedIn, app, path, pagesPerStep, steps);
            Console.WriteLine($"| `{path}` | {Kb(r.Readings[0].Heap)} | {Kb(r.Readings[^1].Heap)} | {r.Readings[^1].Tabs} | {r.SlopeBytes / 1024.0:N0} KB |");
        }
        Console.WriteLine();
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task<string> SignInAsync(IBrowser browser, string baseUrl, string email)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/Identity/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", Password);
        await page.ClickAsync("#sign-in");
        await WaitForInteractiveAsync(page);
        return await context.StorageStateAsync();
    }

    private static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("span[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 120_000 });

    private sealed record Weight(int Requests, long HttpBytes, long FontBytes, long WebSocketBytes, List<(string Url, long Bytes, string Encoding)> Largest);

    private static async Task<Weight> MeasureColdLoadAsync(IBrowser browser, string storageState, string url)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { StorageState = storageState });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") Console.Error.WriteLine($"  console {m.Type} on {url}: {m.Text}"); };
        page.PageError += (_, e) => Console.Error.WriteLine($"  page error on {url}: {e}");
        var cdp = await context.NewCDPSessionAsync(page);
        var requests = new Dictionary<string, (string Url, string Type, string Encoding)>();
        var finished = new List<(string Id, long Bytes)>();
        long webSocket = 0;
        var gate = new object();
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is null) return;
            var response = e.Value.GetProperty("response");
            var encoding = "";
            foreach (var header in response.GetProperty("headers").EnumerateObject())
            {
                if (header.Name.Equals("content-encoding", StringComparison.OrdinalIgnoreCase)) encoding = header.Value.GetString() ?? "";
            }
            lock (gate) requests[e.Value.GetProperty("requestId").GetString()!] = (response.GetProperty("url").GetString()!, e.Value.GetProperty("type").GetString()!, encoding);
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is null) return;
            lock (gate) finished.Add((e.Value.GetProperty("requestId").GetString()!, (long)e.Value.GetProperty("encodedDataLength").GetDouble()));
        };
        cdp.Event("Network.webSocketFrameReceived").OnEvent += (_, e) =>
        {
            if (e is null) return;
            var payload = e.Value.GetProperty("response").GetProperty("payloadData").GetString() ?? "";
            var opcode = e.Value.GetProperty("response").GetProperty("opcode").GetDouble();
            // Binary frames arrive base64-encoded.
            Interlocked.Add(ref webSocket, opcode == 2 ? payload.Length * 3 / 4 : payload.Length);
        };
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.setCacheDisabled", new Dictionary<string, object> { ["cacheDisabled"] = true });

        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 120_000 });
        await WaitForInteractiveAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.EvaluateAsync("document.fonts.ready");
        await Task.Delay(1500);
        // Which icon-font glyphs the page shows (Radzen draws icons as ligatures of its 1 MB icon font).
        var icons = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('.rzi')].map(e => (e.closest('button,a,div')?.className ?? '') + ' :: ' + e.textContent)");
        foreach (var icon in icons.Distinct()) Console.Error.WriteLine($"  icon on {new Uri(url).AbsolutePath}: {icon}");
        if (Environment.GetEnvironmentVariable("PAGEWEIGHT_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "cold" + new Uri(url).AbsolutePath.Replace('/', '-') + ".png") });
        }

        lock (gate)
        {
            var rows = finished.Select(f => (Info: requests.GetValueOrDefault(f.Id, (f.Id, "Other", "")), f.Bytes)).ToList();
            var largest = rows.OrderByDescending(r => r.Bytes).Take(8)
                .Select(r => (Shorten(r.Info.Item1), r.Bytes, r.Info.Item3)).ToList();
            return new Weight(rows.Count, rows.Sum(r => r.Bytes), rows.Where(r => r.Info.Item2 == "Font").Sum(r => r.Bytes), Interlocked.Read(ref webSocket), largest);
        }
    }

    private sealed record CircuitResult(List<(int Tabs, long Heap)> Readings, double SlopeBytes);

    private static async Task<CircuitResult> MeasureCircuitsAsync(IBrowser browser, string storageState, PublishedApp app, string path, int perStep, int steps)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { StorageState = storageState });
        var pages = new List<IPage>();
        try
        {
            var start = await app.ReadMemoryAsync();
            var baseCircuits = start.OpenCircuits;
            var readings = new List<(int Tabs, long Heap)> { (0, (await app.ReadMemoryAsync()).GcHeapBytes) };
            for (var step = 1; step <= steps; step++)
            {
                for (var i = 0; i < perStep; i++)
                {
                    var page = await context.NewPageAsync();
                    await page.GotoAsync(app.BaseUrl + path, new PageGotoOptions { Timeout = 120_000 });
                    await WaitForInteractiveAsync(page);
                    pages.Add(page);
                }
                var reading = await WaitForCircuitsAsync(app, baseCircuits + pages.Count);
                await Task.Delay(2000);
                reading = await app.ReadMemoryAsync();
                readings.Add((pages.Count, reading.GcHeapBytes));
                Console.Error.WriteLine($"  {path}: {pages.Count} tabs, {reading.OpenCircuits} circuits, heap {Kb(reading.GcHeapBytes)}");
            }
            // PAGEWEIGHT_HOLD_SECONDS keeps the tabs open a while, e.g. for `dotnet-gcdump collect` on the app.
            if (int.TryParse(Environment.GetEnvironmentVariable("PAGEWEIGHT_HOLD_SECONDS"), out var hold) && hold > 0)
            {
                Console.Error.WriteLine($"  holding {pages.Count} tabs of {path} open for {hold} s");
                await Task.Delay(TimeSpan.FromSeconds(hold));
            }
            return new CircuitResult(readings, Slope(readings));
        }
        finally
        {
            foreach (var page in pages) await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
            await context.CloseAsync();
            await WaitForCircuitsToCloseAsync(app);
        }
    }

    private static async Task<MemoryReading> WaitForCircuitsAsync(PublishedApp app, int expected)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var reading = await app.ReadMemoryAsync();
            if (reading.ConnectedCircuits >= expected || DateTime.UtcNow > deadline) return reading;
            await Task.Delay(500);
        }
    }

    private static async Task WaitForCircuitsToCloseAsync(PublishedApp app)
    {
        // Closed tabs tell the server; any circuit that did not is dropped after the retention period.
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline && (await app.ReadMemoryAsync()).OpenCircuits > 0) await Task.Delay(1000);
    }

    /// <summary>Least-squares slope of heap over tabs: the bytes one more open page costs.</summary>
    private static double Slope(List<(int Tabs, long Heap)> points)
    {
        var meanX = points.Average(p => (double)p.Tabs);
        var meanY = points.Average(p => (double)p.Heap);
        var num = points.Sum(p => (p.Tabs - meanX) * (p.Heap - meanY));
        var den = points.Sum(p => (p.Tabs - meanX) * (p.Tabs - meanX));
        return num / den;
    }

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KB";

    private static string Shorten(string url)
    {
        var uri = new Uri(url);
        return uri.PathAndQuery.Length > 90 ? uri.PathAndQuery[..90] : uri.PathAndQuery;
    }
}
