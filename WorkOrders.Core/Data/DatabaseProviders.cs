using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace WorkOrders.Core.Data;

/// <summary>How a <see cref="WorkOrdersDbContext"/> is pointed at each engine; the app, the tools and the copy command share it.</summary>
public static class DatabaseProviders
{
    /// <summary>PostgreSQL's migrations live in their own assembly beside SQLite's (which live in Core).</summary>
    public const string PostgreSqlMigrationsAssembly = "WorkOrders.Migrations.PostgreSQL";

    public static TBuilder UseWorkOrdersDatabase<TBuilder>(this TBuilder db, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        db.AddInterceptors(new AfterCommit());
        if (provider == DatabaseProvider.PostgreSQL)
        {
            db.UseNpgsql(WithAutoPrepare(connectionString), o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly))
                .ReplaceService<IMethodCallTranslatorProvider, PostgreSqlCaseInsensitiveLike>();
        }
        else
        {
            db.UseSqlite(connectionString)
                .ReplaceService<Microsoft.EntityFrameworkCore.Update.IModificationCommandBatchFactory, SqliteCommandBatching>()
                .AddInterceptors(new SqliteBusyWait());
        }
        return db;
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a connection runs often, so PostgreSQL plans each query once per connection
    /// instead of on every call: at a million work orders planning the detail page's joins cost 40× executing them.
    /// A connection string that names "Max Auto Prepare" itself (0 turns it off, e.g. behind a pooler that cannot hold
    /// prepared statements) is left as it is.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        if (connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            || connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase)) return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 100 }.ConnectionString;
    }
}
