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
        if (provider == DatabaseProvider.PostgreSQL)
        {
            db.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly))
                .ReplaceService<IMethodCallTranslatorProvider, PostgreSqlCaseInsensitiveLike>();
        }
        else
        {
            db.UseSqlite(connectionString)
                .ReplaceService<Microsoft.EntityFrameworkCore.Update.IModificationCommandBatchFactory, SqliteCommandBatching>()
                .AddInterceptors(new SqliteBusyTimeout());
        }
        return db;
    }
}
