using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace WorkOrders.Benchmarks.PageWeight;

/// <summary>
/// The published web app as production runs it (Production environment, its own SQLite file with the
/// demo data), on a free loopback port, with the measurement diagnostics switched on for this run only.
/// </summary>
public sealed class PublishedApp : IAsyncDisposable
{
    private readonly Process process;
    private readonly string dataFolder;

    public string BaseUrl { get; }
    public HttpClient Http { get; }

    private PublishedApp(Process process, string baseUrl, string dataFolder)
    {
        this.process = process;
        this.dataFolder = dataFolder;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <param name="environment">Settings on top of the defaults, e.g. <c>ConnectionStrings__WorkOrders</c> for a large database.</param>
    public static async Task<PublishedApp> StartAsync(string publishFolder, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(publishFolder, "WorkOrders.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"No published app at {publishFolder}. Run: dotnet publish WorkOrders.Web -c Release -o {publishFolder}", dll);
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var dataFolder = Path.Combine(Path.GetTempPath(), "workorders-pageweight", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = publishFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        start.Environment["WorkOrders__DataFolder"] = dataFolder;
        start.Environment["WorkOrders__SeedDemoData"] = "true";
        start.Environment["WorkOrders__Diagnostics__Measurements"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        // The console logger writes to standard output: show warnings and failures, such as a circuit's unhandled exception.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null && (e.Data.StartsWith("fail", StringComparison.Ordinal) || e.Data.StartsWith("warn", StringComparison.Ordinal) || e.Data.StartsWith("      ", StringComparison.Ordinal))) Console.Error.WriteLine("app: " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new PublishedApp(process, baseUrl, dataFolder);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode}.");
            try
            {
                if ((await app.Http.GetAsync("/Identity/Account/Login")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The app did not answer within two minutes.");
            await Task.Delay(250);
        }
    }

    /// <summary>The app process's CPU time so far (user and system, all threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Forces a full compacting collection in the app and reads its heap and circuit counts.</summary>
    public async Task<MemoryReading> ReadMemoryAsync()
    {
        var json = await Http.GetStringAsync("/_diagnostics/memory");
        return JsonSerializer.Deserialize<MemoryReading>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record MemoryReading(long GcHeapBytes, long HeapSizeAfterFullGcBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits);
