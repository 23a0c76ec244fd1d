using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WorkOrders.LoadDriver;

namespace WorkOrders.Benchmarks;

/// <summary>
/// Circuits under load: publishes the web app in Release, runs it in Production on loopback with a fresh demo database
/// and load diagnostics on, then opens real circuits with the headless driver and measures memory per idle circuit,
/// the actor's wait and commit → render batch at every listener, and how many idle circuits the box holds.
/// Every loop is bounded and the server it started is stopped at the end.
/// </summary>
public static class CircuitLoad
{
    private const string Approver = "admin@prairiefuel.example";
    private const string Dispatcher = "dispatcher@prairiefuel.example";
    private const string Password = "Demo123!";

    public static async Task<int> RunAsync(string[] args)
    {
        var o = Options.Parse(args);
        clientServerTimeout = TimeSpan.FromSeconds(o.ServerTimeoutSeconds);
        var repo = RepositoryRoot();
        var app = o.App is { } given ? Path.GetFullPath(given) : await PublishAsync(repo);
        var data = Path.Combine(Path.GetTempPath(), "workorders-circuits", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        using var server = StartServer(app, data, o.Port);
        var baseUri = new Uri($"http://127.0.0.1:{o.Port}/");
        var report = new List<string>();
        void Say(string line)
        {
            Console.WriteLine(line);
            report.Add(line);
        }
        try
        {
            await WaitUntilUpAsync(baseUri, server);
            var drafts = await AddDraftsAsync(Path.Combine(data, "workorders.db"), (o.Samples + o.Warmup) * o.Listeners.Length + 2);
            using var approver = await SignedInSession.SignInAsync(baseUri, Approver, Password);
            using var dispatcher = await SignedInSession.SignInAsync(baseUri, Dispatcher, Password);
            using var diagnostics = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };

            Say($"# Circuits under load — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average at start: {LoadAverage()}");
            Say($"app: {app} (Release, Production, SQLite, demo data), {baseUri}; driver's client server timeout {o.ServerTimeoutSeconds} s (browser default 30 s)");
            Say("");
            Say($"## Memory per idle circuit ({o.MemoryCircuits} circuits per page, GC heap after forced full GC)");
            Say("| page | GC heap before | GC heap with circuits | per circuit | per circuit above the empty page |");
            Say("|---|---:|---:|---:|---:|");
            var idle = await ReadMemoryAsync(diagnostics);
            double? floor = null;
            // --memory-circuits 0 leaves the memory rows out (a delivery-only run).
            foreach (var (path, session) in o.MemoryCircuits == 0 ? [] : new[] { ("/_diagnostics/empty", approver), ("/inbox", approver), ("/calendar", dispatcher) })
            {
                var before = await ReadMemoryAsync(diagnostics);
                var opened = await OpenAsync(session, path, o.MemoryCircuits, listen: false);
                await Task.Delay(TimeSpan.FromSeconds(2));
                var after = await ReadMemoryAsync(diagnostics);
                var per = (after.GcHeapBytes - before.GcHeapBytes) / (double)opened.Circuits.Count;
                floor ??= per;
                Say($"| `{path}` | {Mb(before.GcHeapBytes)} | {Mb(after.GcHeapBytes)} | {per / 1024:N0} KB | {(per - floor.Value) / 1024:N0} KB |"
                    + (opened.Failures > 0 ? $" ({opened.Failures} failed to open)" : ""));
                if (o.HoldSeconds > 0)
                {
                    // Time to take a heap snapshot of the server with the circuits open (dotnet-gcdump collect -p <pid>).
                    Console.WriteLine($"holding {opened.Circuits.Count} `{path}` circuits for {o.HoldSeconds} s; server pid {server.Id}");
                    await Task.Delay(TimeSpan.FromSeconds(o.HoldSeconds));
                }
                await CloseAsync(opened.Circuits, diagnostics, before.OpenCircuits);
            }
            Say($"load average: {LoadAverage()}");
            if (o.MemoryOnly) return 0;

            var listeners = new List<BlazorCircuit>();
            double? cpuFloor = null;
            var draftQueue = new Queue<int>(drafts);
            foreach (var count in o.Listeners)
            {
                var more = await OpenAsync(approver, "/inbox", count - listeners.Count, listen: true);
                listeners.AddRange(more.Circuits);
                Say("");
                Say($"## Submit with {listeners.Count} approver `/inbox` circuits listening ({more.Failures} failed to open; {o.Warmup} unmeasured submits first, then {o.Samples} measured)");
                var loadBefore = LoadAverage();
                var result = await MeasureSubmitsAsync(server, dispatcher, listeners, draftQueue, o.Warmup, o.Samples, Path.Combine(data, "workorders.db"), o.DumpBatch);
                Say("| measured | p50 | p95 | max |");
                Say("|---|---:|---:|---:|");
                Say($"| actor's wait: click Submit → dialog closed (render batch) | {P(result.ActorWaits, 50)} | {P(result.ActorWaits, 95)} | {P(result.ActorWaits, 100)} |");
                Say($"| transition saved → listener's render batch showing the row (all listeners) | {P(result.Deliveries, 50)} | {P(result.Deliveries, 95)} | {P(result.Deliveries, 100)} |");
                Say($"| transition saved → last listener's row, per submit | {P(result.LastDeliveries, 50)} | {P(result.LastDeliveries, 95)} | {P(result.LastDeliveries, 100)} |");
                Say($"render batches per listener per submit: mean {Mean(result.Batches):N2}, max {(result.Batches.Count == 0 ? 0 : result.Batches.Max()):N0}, "
                    + $"carrying {Mean(result.Bytes):N0} bytes and {Mean(result.Edits):N0} edits per listener per submit (mean); "
                    + $"server CPU per submit (click → every listener quiet for {QuietMs} ms): mean {Mean(result.ServerCpuMs):N0} ms"
                    + (listeners.Count > 0 && cpuFloor is { } f ? $", above the 0-listener row {Mean(result.ServerCpuMs) - f:N0} ms = {(Mean(result.ServerCpuMs) - f) / listeners.Count:N2} ms per listener per event" : ""));
                if (listeners.Count == 0) cpuFloor = Mean(result.ServerCpuMs);
                Say($"missed (no row within 60 s): {result.Missed} of {result.Expected}; listeners in error: {listeners.Count(l => l.Error is not null)}{Reasons(listeners)}; load average: {loadBefore} → {LoadAverage()}");
            }

            // The capacity count starts from fresh circuits that have seen no event.
            await CloseAsync(listeners, diagnostics, 0);
            if (o.Capacity is [0]) return 0;
            Say("");
            Say("## Idle `/inbox` circuits held");
            Say("| circuits asked | working (client) | failed to open | in error after 30 s idle | server: open / connected | GC heap | working set | heap above idle server, per open circuit | load average |");
            Say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var failed = 0;
            foreach (var target in o.Capacity)
            {
                if (target > listeners.Count)
                {
                    var more = await OpenAsync(approver, "/inbox", target - listeners.Count, listen: false);
                    listeners.AddRange(more.Circuits);
                    failed += more.Failures;
                }
                await Task.Delay(TimeSpan.FromSeconds(30));
                var m = await ReadMemoryAsync(diagnostics);
                var inError = listeners.Count(l => l.Error is not null);
                Say($"| {target:N0} | {listeners.Count - inError:N0} | {failed} | {inError}{Reasons(listeners)} | {m.OpenCircuits:N0} / {m.ConnectedCircuits:N0} | {Mb(m.GcHeapBytes)} | {Mb(m.WorkingSetBytes)} | {(m.GcHeapBytes - idle.GcHeapBytes) / (double)Math.Max(1, m.OpenCircuits) / 1024:N0} KB | {LoadAverage()} |");
                if (failed > target / 10) break;
            }
            await CloseAsync(listeners, diagnostics, 0);
            return 0;
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            var file = Path.Combine(repo, "artifacts", "circuits-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture) + ".md");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllLinesAsync(file, report);
            Console.WriteLine($"report: {file}");
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Why circuits stopped working, most frequent first (messages cut to their start).</summary>
    private static string Reasons(List<BlazorCircuit> circuits)
    {
        var reasons = circuits.Where(c => c.Error is not null)
            .GroupBy(c => c.Error!.Length > 90 ? c.Error[..90] + "…" : c.Error)
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()}× {g.Key}");
        var text = string.Join("; ", reasons);
        return text.Length == 0 ? "" : $" ({text})";
    }

    private sealed record SubmitResult(List<double> ActorWaits, List<double> Deliveries, List<double> LastDeliveries, List<double> Batches, List<double> Bytes, List<double> Edits, List<double> ServerCpuMs, int Missed, int Expected);

    // A submit's deliveries are over when no listener has received a batch for this long.
    private const int QuietMs = 600;

    /// <summary>
    /// The first submits of a row are not measured: they pay for the first JIT of the submit path and of the listeners'
    /// renders, which a running server has long paid, and with few samples p95 would be that cold submit.
    /// </summary>
    private static async Task<SubmitResult> MeasureSubmitsAsync(Process server, SignedInSession dispatcher, List<BlazorCircuit> listeners, Queue<int> drafts, int warmup, int samples, string database, bool dumpBatch)
    {
        var result = new SubmitResult([], [], [], [], [], [], [], 0, 0);
        var missed = 0;
        var expected = 0;
        for (var s = 0; s < warmup + samples && drafts.Count > 0; s++)
        {
            var one = await SubmitOnceAsync(server, dispatcher, listeners, drafts.Dequeue(), database, dumpBatch && s == warmup);
            if (s < warmup) continue;
            result.ActorWaits.Add(one.ActorWait);
            result.Deliveries.AddRange(one.Deliveries);
            if (one.Deliveries.Count > 0) result.LastDeliveries.Add(one.Deliveries.Max());
            result.Batches.AddRange(one.Batches);
            result.Bytes.AddRange(one.Bytes);
            result.Edits.AddRange(one.Edits);
            result.ServerCpuMs.Add(one.ServerCpuMs);
            missed += one.Missed;
            expected += listeners.Count;
        }
        return result with { Missed = missed, Expected = expected };
    }

    private sealed record OneSubmit(double ActorWait, List<double> Deliveries, List<double> Batches, List<double> Bytes, List<double> Edits, double ServerCpuMs, int Missed);

    private static async Task<OneSubmit> SubmitOnceAsync(Process server, SignedInSession dispatcher, List<BlazorCircuit> listeners, int id, string database, bool dump)
    {
        var number = $"WO-{id:D6}";
        await using var actor = await BlazorCircuit.StartAsync(dispatcher, $"/work-orders/{id}");
        await OpenDialogAsync(actor);
        await ChooseApproverAsync(actor);
        var confirm = actor.Dom!.Elements().Single(e => e.Attribute("id") == "transition-confirm");

        var arrivals = new long[listeners.Count];
        var bytes = new long[listeners.Count];
        var edits = new long[listeners.Count];
        var handlers = new Action<ReceivedBatch>[listeners.Count];
        for (var i = 0; i < listeners.Count; i++)
        {
            var index = i;
            handlers[i] = b =>
            {
                Interlocked.Add(ref bytes[index], b.Batch.ByteLength);
                Interlocked.Add(ref edits[index], b.Batch.Diffs.Sum(d => d.Edits.Count));
                if (Volatile.Read(ref arrivals[index]) == 0 && b.Batch.Mentions(number)) Volatile.Write(ref arrivals[index], b.Timestamp);
                if (dump && index == 0) DumpBatch(b.Batch);
            };
            listeners[i].BatchReceived += handlers[i];
        }
        var batchesBefore = listeners.Select(l => l.BatchCount).ToArray();
        server.Refresh();
        var cpuBefore = server.TotalProcessorTime;
        var wallAtStart = DateTimeOffset.UtcNow;
        var clickedAt = Stopwatch.GetTimestamp();
        await actor.ClickAsync(confirm);
        await actor.WaitForAsync(d => !d.Elements().Any(e => e.Attribute("id") == "transition-confirm"), TimeSpan.FromSeconds(120));
        var actorWait = Stopwatch.GetElapsedTime(clickedAt).TotalMilliseconds;

        var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (arrivals.Any(a => Volatile.Read(ref a) == 0) && Stopwatch.GetTimestamp() < deadline) await Task.Delay(50);
        // Later batches of the same event (another part, a second topic) count too: wait until every listener is quiet.
        var seen = listeners.Sum(l => (long)l.BatchCount);
        for (var quietSince = Stopwatch.GetTimestamp(); Stopwatch.GetElapsedTime(quietSince).TotalMilliseconds < QuietMs && Stopwatch.GetTimestamp() < deadline;)
        {
            await Task.Delay(100);
            var now = listeners.Sum(l => (long)l.BatchCount);
            if (now != seen) (seen, quietSince) = (now, Stopwatch.GetTimestamp());
        }
        server.Refresh();
        var cpu = (server.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        for (var i = 0; i < listeners.Count; i++) listeners[i].BatchReceived -= handlers[i];
        var batches = listeners.Select((l, i) => (double)(l.BatchCount - batchesBefore[i])).ToList();

        // The use case stamps UpdatedAt with the server's clock just before it commits: that instant on our clock.
        var saved = await UpdatedAtAsync(database, id);
        var savedAt = clickedAt + (long)((saved - wallAtStart).TotalSeconds * Stopwatch.Frequency);
        var these = arrivals.Where(a => a != 0).Select(a => (a - savedAt) * 1000.0 / Stopwatch.Frequency).ToList();
        return new OneSubmit(actorWait, these, batches, bytes.Select(b => (double)b).ToList(), edits.Select(e => (double)e).ToList(), cpu, arrivals.Count(a => a == 0));
    }

    /// <summary>
    /// Clicks Submit and waits for the dialog. The page renders more than once as it starts (its reads, then its
    /// scripts), and a click sent with the handler id of a render the server has already replaced fails on the server
    /// ("no event handler"), so the dialog never comes: the click is sent again with the button's current handler.
    /// A person cannot click a button the browser has not drawn yet; the driver can.
    /// </summary>
    private static async Task OpenDialogAsync(BlazorCircuit actor)
    {
        for (var attempt = 1; ; attempt++)
        {
            var submit = await actor.FindAsync(e => e.Name == "button" && e.Handlers.ContainsKey("click") && e.Attribute("id") == "action-submit", TimeSpan.FromSeconds(30));
            var clicked = await actor.ClickAsync(submit);
            var dialog = actor.FindAsync(e => e.Attribute("id") == "transition-confirm" && !e.Attributes.ContainsKey("disabled"), TimeSpan.FromSeconds(30));
            if (await Task.WhenAny(dialog, clicked) == clicked && clicked.IsFaulted)
            {
                _ = dialog.ContinueWith(t => t.Exception, TaskScheduler.Default);
                if (attempt == 3) throw new InvalidOperationException($"{actor.Path}: the Submit click failed three times: {clicked.Exception!.InnerException?.Message}");
                Console.WriteLine($"{actor.Path}: the Submit click was refused ({clicked.Exception!.InnerException?.Message}); clicking again");
                await Task.Delay(500);
                continue;
            }
            await dialog;
            return;
        }
    }

    /// <summary>What one listener received, edit by edit, to see which edits are not the new row (--dump-batch).</summary>
    private static void DumpBatch(RenderBatch batch)
    {
        var lines = new List<string> { $"batch {batch.Id}: {batch.ByteLength} bytes, {batch.Diffs.Sum(d => d.Edits.Count)} edits, disposed handlers {batch.DisposedEventHandlerIds.Count}, components {batch.DisposedComponentIds.Count}" };
        foreach (var diff in batch.Diffs)
        {
            lines.Add($"  component {diff.ComponentId}: {diff.Edits.Count} edits");
            foreach (var edit in diff.Edits)
            {
                var frame = edit.Type is EditType.PrependFrame or EditType.SetAttribute or EditType.UpdateText or EditType.UpdateMarkup ? batch.FrameAt(edit.ReferenceFrameIndex) : null;
                var value = frame?.Value is { } v && v.Length > 60 ? v[..60] + "…" : frame?.Value;
                lines.Add($"    {edit.Type} @{edit.SiblingIndex}{(frame is null ? "" : $" {frame.Type} {frame.Name} {value}")}{(edit.RemovedAttributeName is { } r ? $" -{r}" : "")}");
            }
        }
        lock (DumpGate) Console.WriteLine(string.Join(Environment.NewLine, lines));
    }

    private static readonly Lock DumpGate = new();

    private static double Mean(List<double> values) => values.Count == 0 ? 0 : values.Average();

    /// <summary>Picks the demo approver in the dialog's select: mousedown opens its list, a click on the person chooses.</summary>
    private static async Task ChooseApproverAsync(BlazorCircuit actor)
    {
        var select = actor.Dom!.Elements().Last(e => e.Handlers.ContainsKey("mousedown") && e.Descendants().Any(d => d.Attribute("id") == "submit-approver"));
        await actor.MouseAsync(select, "mousedown");
        var person = await actor.FindAsync(e => e.Handlers.ContainsKey("click") && e.InnerText.StartsWith("Morgan Avery", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await actor.ClickAsync(person);
        await actor.WaitForAsync(d => d.Elements().Any(e => e.Attribute("id") == "submit-approver" && e.Attribute("value") is { Length: > 0 }), TimeSpan.FromSeconds(30));
    }

    // The driver's client keep-alive timeout (the browser's is 30 s); longer only when asked, and the report says so.
    private static TimeSpan clientServerTimeout = TimeSpan.FromSeconds(30);

    private sealed record Opened(List<BlazorCircuit> Circuits, int Failures);

    /// <summary>Opens circuits a few at a time, as tabs opening one after another; failures are counted, not retried.</summary>
    private static async Task<Opened> OpenAsync(SignedInSession session, string path, int count, bool listen)
    {
        var circuits = new List<BlazorCircuit>();
        var failures = 0;
        var options = new WorkOrders.LoadDriver.CircuitOptions { TrackDom = !listen, ServerTimeout = clientServerTimeout };
        using var gate = new SemaphoreSlim(4);
        var tasks = Enumerable.Range(0, Math.Max(0, count)).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var c = await BlazorCircuit.StartAsync(session, path, options);
                lock (circuits) circuits.Add(c);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or TaskCanceledException or IOException or System.Net.WebSockets.WebSocketException)
            {
                if (Interlocked.Increment(ref failures) <= 3) Console.Error.WriteLine($"opening {path} failed: {ex.Message}");
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return new Opened(circuits, failures);
    }

    private static async Task CloseAsync(List<BlazorCircuit> circuits, HttpClient diagnostics, int expectedOpen)
    {
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(circuits.Select(async c =>
        {
            await gate.WaitAsync();
            try { await c.DisposeAsync(); } finally { gate.Release(); }
        }));
        circuits.Clear();
        for (var i = 0; i < 60 && (await ReadMemoryAsync(diagnostics)).OpenCircuits > expectedOpen; i++) await Task.Delay(500);
    }

    private sealed record MemoryReading(long GcHeapBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits);

    private static async Task<MemoryReading> ReadMemoryAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<MemoryReading>("_diagnostics/memory", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    private static async Task<List<int>> AddDraftsAsync(string database, int count)
    {
        await using var db = new SqliteConnection($"Data Source={database}");
        await db.OpenAsync();
        var now = new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow);
        await using var insert = db.CreateCommand();
        insert.CommandText = """
            INSERT INTO WorkOrders (Title, FacilityId, CompanyId, CreatedByOrganizationId, CreatedByKind, Status, CreatorId, EstimateTotal, CreatedAt, UpdatedAt, Version)
            SELECT 'Load check ' || $i, f.Id, u.OrganizationId, u.OrganizationId, 'Company', 'Draft', u.Id, '0', $now, $now, 1
            FROM AspNetUsers u JOIN Facilities f ON f.CompanyId = u.OrganizationId
            WHERE u.Email = $email ORDER BY f.Id LIMIT 1
            RETURNING Id
            """;
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$i", i);
            insert.Parameters.AddWithValue("$now", now);
            insert.Parameters.AddWithValue("$email", Dispatcher);
            ids.Add(Convert.ToInt32(await insert.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }
        return ids;
    }

    private static async Task<DateTimeOffset> UpdatedAtAsync(string database, int id)
    {
        await using var db = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT UpdatedAt FROM WorkOrders WHERE Id = $id";
        read.Parameters.AddWithValue("$id", id);
        return (DateTimeOffset)new DateTimeOffsetToBinaryConverter().ConvertFromProvider(Convert.ToInt64(await read.ExecuteScalarAsync(), CultureInfo.InvariantCulture))!;
    }

    private static async Task<string> PublishAsync(string repo)
    {
        var output = Path.Combine(repo, "artifacts", "circuits-app");
        Console.WriteLine($"Publishing WorkOrders.Web (Release) to {output} ...");
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(repo, "WorkOrders.Web"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"]))!;
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException("dotnet publish failed.");
        return Path.Combine(output, "WorkOrders.Web.dll");
    }

    private const string ServerEnvironmentPrefix = "WORKORDERS_SERVER_";

    private static Process StartServer(string app, string data, int port)
    {
        var start = new ProcessStartInfo("dotnet", [app])
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["WorkOrders__DataFolder"] = data;
        start.Environment["WorkOrders__SeedDemoData"] = "true";
        start.Environment["WorkOrders__Diagnostics__Measurements"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Runtime settings for the server alone (GC settings measured against the default), not for this driver:
        // WORKORDERS_SERVER_DOTNET_GCgen0size=... reaches the server as DOTNET_GCgen0size.
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (name.StartsWith(ServerEnvironmentPrefix, StringComparison.Ordinal)) start.Environment[name[ServerEnvironmentPrefix.Length..]] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[server] " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[server] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(Uri baseUri, Process server)
    {
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 240; i++)
        {
            if (server.HasExited) throw new InvalidOperationException("The server exited at start.");
            try
            {
                if ((await http.GetAsync("Identity/Account/Login")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow under load.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("The server did not answer within two minutes.");
    }

    private static string P(List<double> values, double percentile)
    {
        if (values.Count == 0) return "—";
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return $"{sorted[Math.Clamp(index, 0, sorted.Count - 1)]:N0} ms";
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N1} MB";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run from the repository.");
    }

    private sealed record Options(string? App, int Port, int MemoryCircuits, int[] Listeners, int Samples, int[] Capacity, bool MemoryOnly, int HoldSeconds, int ServerTimeoutSeconds, int Warmup, bool DumpBatch)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }
            int[] Ints(string name, string fallback) => (Value(name) ?? fallback).Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var options = new Options(
                Value("--app"),
                int.Parse(Value("--port") ?? "5391", CultureInfo.InvariantCulture),
                int.Parse(Value("--memory-circuits") ?? "100", CultureInfo.InvariantCulture),
                Ints("--listeners", "100,1000"),
                int.Parse(Value("--samples") ?? "10", CultureInfo.InvariantCulture),
                Ints("--capacity", "1000,2000,3000"),
                args.Contains("--memory-only"),
                int.Parse(Value("--hold") ?? "0", CultureInfo.InvariantCulture),
                int.Parse(Value("--server-timeout") ?? "30", CultureInfo.InvariantCulture),
                int.Parse(Value("--warmup") ?? "3", CultureInfo.InvariantCulture),
                args.Contains("--dump-batch"));
            if (options.ServerTimeoutSeconds is < 5 or > 3600) throw new ArgumentException("--server-timeout takes 5–3600 seconds.");
            if (options.HoldSeconds is < 0 or > 3600) throw new ArgumentException("--hold takes 0–3600 seconds.");
            if (options.Listeners.Any(n => n is < 0 or > 5000) || options.Capacity.Append(options.MemoryCircuits).Any(n => n is < 0 or > 5000) || (options.Capacity.Contains(0) && options.Capacity.Length > 1) || options.Samples is < 1 or > 100 || options.Warmup is < 0 or > 20)
            {
                throw new ArgumentException("Circuit counts must be 0–5000 (listeners: 0 is the floor; memory circuits or capacity 0: that section is left out) samples 1–100 and warm-up submits 0–20.");
            }
            return options;
        }
    }
}
