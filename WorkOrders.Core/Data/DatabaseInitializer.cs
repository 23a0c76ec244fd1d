using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Administration;

namespace WorkOrders.Core.Data;

/// <summary>
/// Brings the database up to date before the app takes requests: applies migrations and, on an
/// empty database, seeds the demo data when configured to.
/// </summary>
public sealed class DatabaseInitializer(
    IServiceProvider services, IHostEnvironment environment, IOptions<WorkOrdersOptions> options, IOptions<SystemAdminOptions> systemAdmin, DataFolder dataFolder, TimeProvider clock, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataFolder.Path);
        var factory = services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer commits; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var seed = options.Value.ShouldSeedDemoData(environment.EnvironmentName);
        if (seed && !environment.IsDevelopment())
        {
            logger.LogWarning(
                "WorkOrders:SeedDemoData is true in the {Environment} environment: an empty database gets the demo users, whose password is published. Never do this on a server people can reach.",
                environment.EnvironmentName);
        }
        if (seed && !await db.Organizations.AnyAsync(cancellationToken))
        {
            await DemoData.SeedAsync(db, clock.GetUtcNow(), cancellationToken);
            logger.LogInformation("Seeded the demo data into an empty database");
        }

        // After the demo data, whose seeding needs an empty database.
        if (await SystemAdministrator.EnsureAsync(db, systemAdmin.Value, cancellationToken))
        {
            logger.LogInformation("Created the configured system administrator {Email}", systemAdmin.Value.Email);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
