using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using WorkOrders.Core;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Tests.TestSupport;

/// <summary>
/// WorkOrders.Core as the app composes it, on a fresh database of its own — a SQLite file, or a PostgreSQL
/// database on the test server — with migrations applied (and the demo data, unless told otherwise), and a fake clock.
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    private readonly IHost host;

    private readonly string? postgresDatabase;

    private CoreHost(IHost host, FakeTimeProvider clock, string folder, TestDatabase database, string? postgresDatabase)
    {
        this.host = host;
        Clock = clock;
        Folder = folder;
        Database = database;
        this.postgresDatabase = postgresDatabase;
    }

    public TestDatabase Database { get; }

    /// <summary>Whether the database is dropped with the host (templates are kept for the run).</summary>
    private bool keepDatabase;

    public FakeTimeProvider Clock { get; }
    public string Folder { get; }
    public IServiceProvider Services => host.Services;

    public static async Task<CoreHost> StartAsync(
        bool seedDemoData = true, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null, TestDatabase database = TestDatabase.Sqlite)
    {
        var folder = NewFolder();
        string? postgres = null;
        if (database == TestDatabase.PostgreSQL)
        {
            // Migrating and seeding PostgreSQL is slow: done once per run into templates that each test copies.
            postgres = await TestPostgres.CreateDatabaseAsync(await (seedDemoData ? PostgresSeededTemplate : PostgresMigratedTemplate).Value);
        }
        else if (seedDemoData)
        {
            // Seeding hashes passwords and walks work orders through their lifecycle: do it once per run, copy the file.
            File.Copy(await SeededTemplate.Value, Path.Combine(folder, "workorders.db"));
        }
        try
        {
            return await StartOnAsync(folder, database, postgres, seedDemoData, configure, settings);
        }
        catch
        {
            if (postgres is not null) await TestPostgres.DropDatabaseAsync(postgres);
            throw;
        }
    }

    private static async Task<CoreHost> StartOnAsync(
        string folder, TestDatabase database, string? postgres, bool seedDemoData, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var clock = new FakeTimeProvider(Start);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkOrders:DataFolder"] = folder,
            ["WorkOrders:SeedDemoData"] = seedDemoData ? "true" : "false",
            // Tests send the outbox themselves (OutboxSender.SendDueAsync) so nothing races them.
            ["Email:SendInBackground"] = "false",
        });
        if (postgres is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WorkOrders:Database:Provider"] = "PostgreSQL",
                ["ConnectionStrings:WorkOrders"] = TestPostgres.ConnectionString(postgres),
            });
        }
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddWorkOrdersCore();
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new CoreHost(host, clock, folder, database, postgres);
    }

    private static readonly Lazy<Task<string>> SeededTemplate = new(async () =>
    {
        await using var template = await StartAsync(seedDemoData: false, settings: new Dictionary<string, string?> { ["WorkOrders:SeedDemoData"] = "true" });
        var file = Path.Combine(NewFolder(), "template.db");
        await using (var db = await template.DbAsync())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            await db.Database.ExecuteSqlAsync($"VACUUM INTO {file}");
        }
        return file;
    });

    private static readonly Lazy<Task<string>> PostgresMigratedTemplate = new(() => PostgresTemplateAsync(template: null, seed: false));
    private static readonly Lazy<Task<string>> PostgresSeededTemplate = new(async () => await PostgresTemplateAsync(await PostgresMigratedTemplate.Value, seed: true));

    private static async Task<string> PostgresTemplateAsync(string? template, bool seed)
    {
        var name = await TestPostgres.CreateDatabaseAsync(template);
        await using (var host = await StartOnAsync(NewFolder(), TestDatabase.PostgreSQL, name, seed, null, null))
        {
            host.keepDatabase = true;
        }
        TestPostgres.KeepAsTemplate(name);
        return name;
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "workorders-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Waits until every queued live delivery has run (publishing does not wait for them).</summary>
    public async Task LiveDeliveredAsync()
    {
        var fanOut = Get<WorkOrders.Core.Notifications.LiveFanOut>();
        for (var waited = 0; fanOut.Pending > 0 && waited < 10_000; waited += 5) await Task.Delay(5);
    }

    public Task<WorkOrdersDbContext> DbAsync() => Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();

    /// <summary>The actor of a seeded user, as the web app would build it from the sign-in cookie.</summary>
    public async Task<Actor> ActorAsync(string email)
    {
        await using var db = await DbAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    public async Task<string> UserIdAsync(string email)
    {
        await using var db = await DbAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        if (postgresDatabase is null) SqliteConnection.ClearAllPools();
        else if (!keepDatabase) await TestPostgres.DropDatabaseAsync(postgresDatabase);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background task; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>The demo users by part.</summary>
public static class Demo
{
    public const string Admin = "admin@prairiefuel.example";
    public const string Dispatcher = "dispatcher@prairiefuel.example";
    public const string Tech = "tech@prairiefuel.example";
    public const string ProviderAdmin = "admin@summittank.example";
    public const string ProviderTech = "tech@summittank.example";
    public const string OtherCompanyAdmin = "admin@coastalpetro.example";
}
