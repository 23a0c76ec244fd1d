using WorkOrders.Core.Data;

namespace WorkOrders.Web.Operations;

/// <summary>
/// <c>copy-database --from-sqlite &lt;file&gt;</c>: moves a SQLite installation into the PostgreSQL database the usual
/// configuration names (WorkOrders:Database:Provider=PostgreSQL and ConnectionStrings:WorkOrders), then exits
/// without starting the server. Exit code 0 only when every table's count matches.
/// </summary>
public static class CopyDatabaseCommand
{
    public const string Name = "copy-database";
    private const string FromSqlite = "--from-sqlite";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var file = args.Length > 2 && args[1] == FromSqlite ? args[2] : null;
        if (string.IsNullOrWhiteSpace(file))
        {
            await error.WriteLineAsync($"Usage: {Name} {FromSqlite} <path to workorders.db> [--ConnectionStrings:WorkOrders=...]");
            return 2;
        }

        // The rest of the arguments, appsettings and environment variables name the target exactly as they do for the server.
        var configuration = WebApplication.CreateBuilder(args[3..]).Configuration;
        var database = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.Section).Bind(database);
        database.ConnectionString = configuration.GetConnectionString("WorkOrders");
        if (database.Provider != DatabaseProvider.PostgreSQL || string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            await error.WriteLineAsync(
                "The target must be PostgreSQL: set WorkOrders:Database:Provider=PostgreSQL and ConnectionStrings:WorkOrders (appsettings, environment variables or arguments).");
            return 1;
        }

        var result = await DatabaseCopy.CopyAsync(Path.GetFullPath(file), database.ConnectionString, output);
        if (result.Refusal is not null)
        {
            await error.WriteLineAsync("Nothing was copied: " + result.Refusal);
            return 1;
        }
        await output.WriteLineAsync("Check (source → target rows):");
        foreach (var count in result.Counts)
        {
            await output.WriteLineAsync($"  {(count.Matches ? "ok      " : "MISMATCH")} {count.Table}: {count.Source} → {count.Target}");
        }
        if (!result.Succeeded)
        {
            await error.WriteLineAsync("The counts differ: do not switch to PostgreSQL; drop the target database and look at the tables marked MISMATCH.");
            return 1;
        }
        await output.WriteLineAsync("Copied. Switch the server's settings to PostgreSQL and start it.");
        return 0;
    }
}
