using System.Diagnostics;
using System.Globalization;
using WorkOrders.Benchmarks.PageWeight;
using WorkOrders.LoadDriver;

namespace WorkOrders.Benchmarks;

/// <summary>
/// How long the published app takes to answer whole pages (sign-in check, layout, every query the page makes and
/// its prerendered HTML) for a signed-in user, beside the empty interactive page measured in the same run: the
/// floor any page of the app pays for the request, the authentication and the prerender. Run:
/// <c>dotnet run -c Release --project WorkOrders.Benchmarks -- pagetimes --app /tmp/pub --db /tmp/copy-of-1m.db
/// [--pages /dashboard,/inbox] [--samples 40] [--user admin@prairiefuel.example]</c>.
/// The database file is used in place (pass a copy: the app applies pending migrations to it).
/// </summary>
public static class PageTimes
{
    private const string Floor = "/_diagnostics/empty";
    private const string Password = "Demo123!";

    public static async Task<int> RunAsync(string[] args)
    {
        var publishFolder = Option(args, "--app") ?? "/tmp/pw-publish";
        var database = Option(args, "--db");
        var pages = (Option(args, "--pages") ?? "/dashboard").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var samples = Option(args, "--samples") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 40;
        var user = Option(args, "--user") ?? "admin@prairiefuel.example";

        var environment = new Dictionary<string, string>
        {
            // The page's own work only: no e-mail sender querying the same file meanwhile.
            ["Email__SendInBackground"] = "false",
        };
        if (database is not null) environment["ConnectionStrings__WorkOrders"] = $"Data Source={Path.GetFullPath(database)}";
        Console.WriteLine($"load average at start: {LoadAverage()}");
        await using var app = await PublishedApp.StartAsync(publishFolder, environment);
        using var session = await SignedInSession.SignInAsync(new Uri(app.BaseUrl + "/"), user, Password);

        string[] all = [Floor, .. pages];
        // Warm: the JIT, EF's compiled queries, SQLite's page cache.
        for (var i = 0; i < 10; i++)
            foreach (var page in all) await GetAsync(session.Http, page);

        var wall = all.ToDictionary(p => p, _ => new List<double>());
        var cpu = all.ToDictionary(p => p, _ => TimeSpan.Zero);
        var bytes = all.ToDictionary(p => p, _ => 0L);
        for (var i = 0; i < samples; i++)
        {
            // Interleaved, so a busy moment of the machine falls on every page alike.
            foreach (var page in all)
            {
                var cpuBefore = app.ProcessorTime;
                var watch = Stopwatch.StartNew();
                bytes[page] = await GetAsync(session.Http, page);
                wall[page].Add(watch.Elapsed.TotalMilliseconds);
                cpu[page] += app.ProcessorTime - cpuBefore;
            }
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        Console.WriteLine($"{samples} samples per page, signed in as {user}; the app's CPU per request (all its threads)");
        Console.WriteLine();
        Console.WriteLine("| page | median ms | p95 ms | app CPU ms | HTML KB | median ÷ empty page |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var floorMedian = Percentile(wall[Floor], 0.5);
        foreach (var page in all)
        {
            var median = Percentile(wall[page], 0.5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {page} | {median:0.0} | {Percentile(wall[page], 0.95):0.0} | {cpu[page].TotalMilliseconds / samples:0.0} | {bytes[page] / 1024.0:0} | {median / floorMedian:0.0} |"));
        }
        return 0;
    }

    private static async Task<long> GetAsync(HttpClient http, string page)
    {
        using var response = await http.GetAsync(page.TrimStart('/'));
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {page} answered {(int)response.StatusCode} {response.Headers.Location}");
        return body.Length;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
