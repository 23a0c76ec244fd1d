using System.Diagnostics;
using Npgsql;

namespace WorkOrders.Tests.TestSupport;

/// <summary>The engines a Core service test runs on.</summary>
public enum TestDatabase { Sqlite, PostgreSQL }

/// <summary>
/// The PostgreSQL server the tests use: the one named by WORKORDERS_TEST_POSTGRES (a connection string without a
/// database; test.sh sets it), or else a throwaway cluster started here by scripts/throwaway-postgres.sh and
/// stopped when the test run ends. Each test gets a database of its own, copied from a template, and drops it.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "WORKORDERS_TEST_POSTGRES";

    private static readonly string RunPrefix = "wo_" + Guid.NewGuid().ToString("N")[..8];
    private static readonly Lazy<string> Server = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly List<string> Templates = [];

    public static string ServerConnectionString => Server.Value;

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;

    /// <summary>Creates an empty database, or a copy of <paramref name="template"/>, and returns its name.</summary>
    public static async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = $"{RunPrefix}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return name;
    }

    /// <summary>Marks a database as a template, which is dropped when the run ends.</summary>
    public static void KeepAsTemplate(string database)
    {
        ClearPools(database);
        lock (Templates) Templates.Add(database);
    }

    public static async Task DropDatabaseAsync(string database)
    {
        ClearPools(database);
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    // The app's connections use its own connection string (with Max Auto Prepare), which is a pool of its own.
    private static void ClearPools(string database)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(database)));
        NpgsqlConnection.ClearPool(new NpgsqlConnection(WorkOrders.Core.Data.DatabaseProviders.WithAutoPrepare(ConnectionString(database))));
    }

    private static async Task ExecuteAsync(string sql)
    {
        // Copying a template fails while another session is still leaving it: retry briefly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string Resolve()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplates();
            return named;
        }

        var script = Path.Combine(RepositoryRoot(), "scripts", "throwaway-postgres.sh");
        var start = Process.Start(new ProcessStartInfo(script, "start") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = start.StandardOutput.ReadToEnd();
        var error = start.StandardError.ReadToEnd();
        start.WaitForExit();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (start.ExitCode != 0 || lines.Length < 2)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests: set {Variable} to a server's connection string, or install Debian's postgresql package. {error}");
        }
        var folder = lines[^2];
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            Process.Start(new ProcessStartInfo(script, $"stop {folder}") { UseShellExecute = false })?.WaitForExit(10_000);
        return lines[^1];
    }

    private static void DropTemplates()
    {
        NpgsqlConnection.ClearAllPools();
        string[] templates;
        lock (Templates) templates = [.. Templates];
        foreach (var template in templates)
        {
            try
            {
                ExecuteAsync($"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)").GetAwaiter().GetResult();
            }
            catch (NpgsqlException)
            {
                // The server went away first; nothing is left to clean.
            }
        }
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "test.sh"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root (with test.sh) was not found above " + AppContext.BaseDirectory);
    }
}
