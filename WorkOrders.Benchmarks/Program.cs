using System.Globalization;
using BenchmarkDotNet.Running;
using WorkOrders.Benchmarks;
using WorkOrders.Benchmarks.PageWeight;

// dotnet run -c Release --project WorkOrders.Benchmarks -- generate --work-orders 1000000 --out /tmp/wo-1m.db
//   ... generate --provider PostgreSQL --connection "Host=...;Database=wo1m" --work-orders 1000000 (drops and makes that database)
// dotnet run -c Release --project WorkOrders.Benchmarks -- pageweight [publish folder] [tabs per step] [user]
// dotnet run -c Release --project WorkOrders.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == "generate")
{
    var count = Option("--work-orders") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 1_000_000;
    if (string.Equals(Option("--provider"), "PostgreSQL", StringComparison.OrdinalIgnoreCase))
    {
        var connection = Option("--connection") ?? BenchmarkDatabase.PostgresConnectionString
            ?? throw new ArgumentException("--provider PostgreSQL needs --connection \"Host=...;Database=...\" (or WORKORDERS_BENCH_POSTGRES).");
        await LargeTenantGenerator.GeneratePostgreSqlAsync(connection, count, Console.Out);
    }
    else await LargeTenantGenerator.GenerateAsync(Option("--out") ?? LargeTenant.DefaultPath, count, Console.Out);
    return 0;
}
// dotnet run -c Release --project WorkOrders.Benchmarks -- circuits [--listeners 100,1000] [--capacity 1000,2000,3000 | 0] [--memory-circuits 100 | 0] [--dump-batch] [--memory-only] [--hold seconds] [--server-timeout 30]
if (args is ["circuits", ..]) return await WorkOrders.Benchmarks.CircuitLoad.RunAsync(args[1..]);
// dotnet run -c Release --project WorkOrders.Benchmarks -- plans [rounds]: each page's SQL, SQLite's plan, floor and Core time
if (args is ["plans", ..]) return await QueryPlans.RunAsync(args[1..]);
// dotnet run -c Release --project WorkOrders.Benchmarks -- transitions [rounds]: Core beside the raw floor, each command's time
if (args is ["transitions", ..]) return await QueryPlans.TransitionsAsync(args[1..]);
// WORKORDERS_BENCH_POSTGRES=<connection string> dotnet run -c Release --project WorkOrders.Benchmarks -- writers [--writers 8] [--seconds 10]
if (args is ["writers", ..]) return await ConcurrentTransitions.RunAsync(args[1..]);
// dotnet run -c Release --project WorkOrders.Benchmarks -- pagetimes --app <publish folder> --db <copy of a database> [--pages /dashboard] [--samples 40]
if (args is ["pagetimes", ..]) return await PageTimes.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "pageweight") return await PageWeightRun.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(LargeTenant).Assembly).Run(args);
return 0;

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
