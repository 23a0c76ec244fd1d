using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace WorkOrders.Benchmarks;

/// <summary>
/// For every page of <see cref="LargeTenantQueryBenchmarks"/>: the SQL Core sends, SQLite's plan for exactly that text
/// and those parameters (EXPLAIN QUERY PLAN on the app's own SQLite library), the raw floor and Core's time, in one run.
/// The plan a command-line client shows can differ (another SQLite version, literals instead of parameters).
/// </summary>
public static class QueryPlans
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        var benchmarks = new LargeTenantQueryBenchmarks();
        await benchmarks.SetupAsync();
        try
        {
            Console.WriteLine($"{await ServerVersionAsync(benchmarks)}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            // An optional second argument names the one page to show (e.g. "plans 20 dashboard").
            foreach (var (key, commands, core) in benchmarks.Pages().Where(p => args.Length < 2 || p.Key == args[1]))
            {
                Console.WriteLine($"\n## {key}: {commands.Count} command(s)");
                await using var connection = await benchmarks.OpenRawAsync();
                foreach (var command in commands)
                {
                    Console.WriteLine($"\n{command.Sql}");
                    foreach (var p in command.Parameters) Console.WriteLine($"  {p.Name} = {p.Value} ({p.DbType})");
                    foreach (var line in await command.PlanAsync(connection)) Console.WriteLine($"  plan: {line}");
                    var alone = await TimeAsync(rounds, () => command.RunAsync(connection));
                    Console.WriteLine($"  this command alone: median {alone.Median:F2} ms, p95 {alone.P95:F2} ms, CPU {alone.Cpu:F2} ms per run");
                    var stepped = await TimeAsync(rounds, () => command.StepAsync(connection));
                    Console.WriteLine($"  rows stepped, no value read: median {stepped.Median:F2} ms, CPU {stepped.Cpu:F2} ms per run");
                }
                // Both sides until the JIT has settled: a sub-millisecond page timed after three rounds ran partly unoptimised code.
                var warmFloor = await JitWarmup.UntilSettledAsync(() => benchmarks.RawFloorAsync(key));
                var warmCore = await JitWarmup.UntilSettledAsync(core);
                Console.WriteLine($"\nwarm-up until the JIT settled: floor {warmFloor.Rounds} rounds ({warmFloor.Compiled} methods compiled), Core {warmCore.Rounds} rounds ({warmCore.Compiled})");
                var floor = await TimeAsync(rounds, () => benchmarks.RawFloorAsync(key));
                var through = await TimeAsync(rounds, core);
                Console.WriteLine($"floor   median {floor.Median:F2} ms, p95 {floor.P95:F2} ms, CPU {floor.Cpu:F2} ms per run");
                Console.WriteLine($"Core    median {through.Median:F2} ms, p95 {through.P95:F2} ms, CPU {through.Cpu:F2} ms per run  ({through.Median / floor.Median:F1} x floor; CPU {through.Cpu / floor.Cpu:F1} x)");
            }
            Console.WriteLine($"\nload average {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            await benchmarks.CleanupAsync();
        }
        return 0;
    }

    /// <summary>
    /// Transitions (submit + deny + reset) through Core beside the raw floor, with each command's execution time for
    /// one round; WORKORDERS_BENCH_SEND_MAIL=false runs them without the e-mail sender.
    /// </summary>
    public static async Task<int> TransitionsAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        var benchmarks = new TransitionBenchmarks();
        await benchmarks.SetupAsync();
        try
        {
            Console.WriteLine($"e-mail sender {(Environment.GetEnvironmentVariable("WORKORDERS_BENCH_SEND_MAIL") == "false" ? "off" : "running")}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            var warmFloor = await JitWarmup.UntilSettledAsync(benchmarks.RawFloor);
            var warmCore = await JitWarmup.UntilSettledAsync(benchmarks.SubmitDenyReset);
            Console.WriteLine($"warm-up until the JIT settled: floor {warmFloor.Rounds} rounds ({warmFloor.Compiled} methods compiled), Core {warmCore.Rounds} rounds ({warmCore.Compiled})");
            var compiled = JitWarmup.Compiled;
            // Each side's mail is sent inside its own measurement: without the wait the floor's backlog went out during Core's.
            await benchmarks.DrainOutboxAsync();
            var (waits, waited) = (WorkOrders.Core.Data.SqliteBusyWait.Waits, WorkOrders.Core.Data.SqliteBusyWait.Waited);
            var floor = await TimeAsync(rounds, benchmarks.RawFloor, benchmarks.DrainOutboxAsync);
            var floorWaits = (Count: WorkOrders.Core.Data.SqliteBusyWait.Waits - waits, Time: WorkOrders.Core.Data.SqliteBusyWait.Waited - waited);
            (waits, waited) = (WorkOrders.Core.Data.SqliteBusyWait.Waits, WorkOrders.Core.Data.SqliteBusyWait.Waited);
            var core = await TimeAsync(rounds, benchmarks.SubmitDenyReset, benchmarks.DrainOutboxAsync);
            var coreWaits = (Count: WorkOrders.Core.Data.SqliteBusyWait.Waits - waits, Time: WorkOrders.Core.Data.SqliteBusyWait.Waited - waited);
            Console.WriteLine($"methods compiled while measuring: {JitWarmup.Compiled - compiled}");
            // Subscribed only now: a listener turns on every EF diagnostic event, whose payloads Core alone would pay for while timed.
            using var timeline = new EfTimeline();
            // Warm: every query is compiled by now, so a compilation here is a query EF cannot cache.
            timeline.Recording = true;
            await benchmarks.SubmitDenyReset();
            timeline.Recording = false;
            Console.WriteLine($"EF events of one warm round ({timeline.Compilations} query compilations): ms since start, since previous");
            foreach (var line in timeline.Lines()) Console.WriteLine("  " + line);
            var log = benchmarks.Log;
            log.Timings = [];
            await benchmarks.SubmitDenyReset();
            foreach (var (sql, duration) in log.Timings)
            {
                Console.WriteLine($"  {duration.TotalMilliseconds,8:F2} ms  {sql.Split('\n')[0][..Math.Min(110, sql.Split('\n')[0].Length)]}");
            }
            Console.WriteLine($"  {log.Timings.Count} commands for 3 transitions");
            log.Timings = null;
            Console.WriteLine($"floor (3 transitions)  median {floor.Median:F2} ms, p95 {floor.P95:F2} ms, CPU {floor.Cpu:F2} ms per run");
            Console.WriteLine($"Core  (3 transitions)  median {core.Median:F2} ms, p95 {core.P95:F2} ms, CPU {core.Cpu:F2} ms per run  (floor / Core {floor.Median / core.Median:F2})");
            // Any connection's, the sender's included: how often someone found SQLite's single write lock taken, per run.
            Console.WriteLine($"waits for the write lock per run: floor {floorWaits.Count / (double)rounds:F1} ({floorWaits.Time.TotalMilliseconds / rounds:F2} ms), " +
                $"Core {coreWaits.Count / (double)rounds:F1} ({coreWaits.Time.TotalMilliseconds / rounds:F2} ms)");
            Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            await benchmarks.CleanupAsync();
        }
        return 0;
    }

    private static async Task<string> ServerVersionAsync(LargeTenantQueryBenchmarks benchmarks)
    {
        await using var connection = await benchmarks.OpenRawAsync();
        return $"{connection.GetType().Name} {connection.ServerVersion}";
    }

    /// <summary>
    /// Wall time (median, p95) and the process's CPU time per run: on a machine whose load average is many times its
    /// cores, wall time is mostly waiting for a core, while CPU time is what the query itself costs.
    /// </summary>
    /// <param name="settle">Runs after the timed rounds and before the CPU is read: the background work the rounds caused.</param>
    private static async Task<(double Median, double P95, double Cpu)> TimeAsync(int rounds, Func<Task> action, Func<Task>? settle = null)
    {
        for (var i = 0; i < 3; i++) await action();
        if (settle is not null) await settle();
        var times = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        if (settle is not null) await settle();
        var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / rounds;
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], cpuPerRun);
    }
}
