using System.Globalization;

namespace WorkOrders.Benchmarks;

/// <summary>
/// The generated large tenant the query benchmarks share: made once (by the <c>generate</c> command or on first
/// use) and reused. WORKORDERS_BENCH_DB picks the file, WORKORDERS_BENCH_WORK_ORDERS its size when it is made.
/// </summary>
public static class LargeTenant
{
    public static string DefaultPath => Environment.GetEnvironmentVariable("WORKORDERS_BENCH_DB") ?? Path.Combine(Path.GetTempPath(), "wo-1m.db");

    private static int Size =>
        Environment.GetEnvironmentVariable("WORKORDERS_BENCH_WORK_ORDERS") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 1_000_000;

    public static async Task<string> EnsureAsync()
    {
        var path = DefaultPath;
        if (!File.Exists(path)) await LargeTenantGenerator.GenerateAsync(path, Size, Console.Out);
        return path;
    }

    public const string Approver = "admin@prairiefuel.example";
    public const string Dispatcher = "dispatcher@prairiefuel.example";
    public const string Technician = "tech@prairiefuel.example";
}
