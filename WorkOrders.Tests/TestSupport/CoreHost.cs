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
/// WorkOrders.Core as the app composes it, on a fresh SQLite file of its own with migrations applied
/// (and the demo data, unless told otherwise), and a fake clock.
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    private readonly IHost host;

    private CoreHost(IHost host, FakeTimeProvider clock, string folder)
    {
        this.host = host;
        Clock = clock;
        Folder = folder;
    }

    public FakeTimeProvider Clock { get; }
    public string Folder { get; }
    public IServiceProvider Services => host.Services;

    public static async Task<CoreHost> StartAsync(bool seedDemoData = true, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var folder = NewFolder();
        if (seedDemoData)
        {
            // Seeding hashes passwords and walks work orders through their lifecycle: do it once per run, copy the file.
            File.Copy(await SeededTemplate.Value, Path.Combine(folder, "workorders.db"));
        }
        var clock = new FakeTimeProvider(Start);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkOrders:DataFolder"] = folder,
            ["WorkOrders:SeedDemoData"] = seedDemoData ? "true" : "false",
            // Tests send the outbox themselves (OutboxSender.SendDueAsync) so nothing races them.
            ["Email:SendInBackground"] = "false",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddWorkOrdersCore();
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new CoreHost(host, clock, folder);
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
        SqliteConnection.ClearAllPools();
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
