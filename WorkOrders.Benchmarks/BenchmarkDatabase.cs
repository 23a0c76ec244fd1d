using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkOrders.Core;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Benchmarks;

/// <summary>Core over a fresh SQLite file with the demo data and, optionally, many extra work orders.</summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly IHost host;

    private BenchmarkDatabase(IHost host, string folder)
    {
        this.host = host;
        Folder = folder;
    }

    public string Folder { get; }
    public IServiceProvider Services => host.Services;

    public static async Task<BenchmarkDatabase> StartAsync(int extraWorkOrders)
    {
        var database = await StartHostAsync(NewFolder(), connectionString: null, sendMail: true);
        if (extraWorkOrders > 0) await database.AddWorkOrdersAsync(extraWorkOrders);
        return database;
    }

    /// <summary>
    /// Core over an existing database file (one made by <see cref="LargeTenantGenerator"/>): a copy of it when the
    /// benchmark writes, else the file itself. The e-mail sender runs as in the app, writing to a pickup folder.
    /// </summary>
    public static async Task<BenchmarkDatabase> OpenAsync(string databasePath, bool copy)
    {
        var folder = NewFolder();
        var path = databasePath;
        if (copy)
        {
            path = Path.Combine(folder, "workorders.db");
            File.Copy(databasePath, path);
        }
        return await StartHostAsync(folder, $"Data Source={path}", SendMail);
    }

    /// <summary>
    /// WORKORDERS_BENCH_POSTGRES, when set, names a PostgreSQL database that holds the large tenant (made by
    /// <c>generate --provider PostgreSQL</c>): the benchmarks then run on it instead of a file.
    /// </summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("WORKORDERS_BENCH_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>Core over the large tenant: the PostgreSQL database when one is named, else the SQLite file (copied when the benchmark writes).</summary>
    public static async Task<BenchmarkDatabase> OpenLargeTenantAsync(bool copy) =>
        PostgresConnectionString is { } postgres
            ? await StartHostAsync(NewFolder(), postgres, SendMail, DatabaseProvider.PostgreSQL)
            : await OpenAsync(await LargeTenant.EnsureAsync(), copy);

    /// <summary>Core over a PostgreSQL database: its start-up applies the migrations and the demo data when they are missing.</summary>
    public static Task<BenchmarkDatabase> OpenPostgreSqlAsync(string connectionString) =>
        StartHostAsync(NewFolder(), connectionString, sendMail: false, DatabaseProvider.PostgreSQL);

    public DatabaseProvider Provider { get; private init; }

    // WORKORDERS_BENCH_SEND_MAIL=false stops the background e-mail sender, to see what it costs a transition.
    private static bool SendMail => Environment.GetEnvironmentVariable("WORKORDERS_BENCH_SEND_MAIL") != "false";

    /// <summary>A raw ADO.NET connection to the database under test, opened (pooled, as EF's is): the floors' one provider switch.</summary>
    public async Task<System.Data.Common.DbConnection> OpenRawAsync()
    {
        System.Data.Common.DbConnection connection = Provider == DatabaseProvider.PostgreSQL
            ? new Npgsql.NpgsqlConnection(ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The connection string of the database under test, for the raw ADO.NET floors.</summary>
    public string ConnectionString
    {
        get
        {
            using var db = Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContext();
            return db.Database.GetConnectionString()!;
        }
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "workorders-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task<BenchmarkDatabase> StartHostAsync(string folder, string? connectionString, bool sendMail, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, EnvironmentName = "Benchmark" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkOrders:DataFolder"] = folder,
            ["ConnectionStrings:WorkOrders"] = connectionString,
            ["WorkOrders:Database:Provider"] = provider.ToString(),
            ["Email:SendInBackground"] = sendMail ? "true" : "false",
            // The generator and the benchmarks start from the demo company; only Development seeds it unasked.
            ["WorkOrders:SeedDemoData"] = "true",
        });
        builder.Logging.ClearProviders();
        builder.AddWorkOrdersCore();
        builder.Services.AddSingleton<CommandLog>();
        // The daily digest reads the whole tenant once per person and day, on the host's first check: seconds of CPU at a
        // million work orders that would land in whichever measurement happens to be running. It is not part of any figure.
        foreach (var digest in builder.Services.Where(d => d.ImplementationType == typeof(WorkOrders.Core.Notifications.DailyDigestWorker)).ToList())
        {
            builder.Services.Remove(digest);
        }
        builder.Services.ConfigureDbContext<WorkOrdersDbContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<CommandLog>()));
        var host = builder.Build();
        await host.StartAsync();
        return new BenchmarkDatabase(host, folder) { Provider = provider };
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<Actor> ActorAsync(string email)
    {
        await using var db = await Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    /// <summary>
    /// Work orders at the demo company's facilities in every status, written with one SQL statement
    /// (going through the lifecycle for each would take minutes and measure nothing of interest here).
    /// </summary>
    private async Task AddWorkOrdersAsync(int count)
    {
        await using var db = await Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var dispatcher = await db.Users.Where(u => u.Email == "dispatcher@prairiefuel.example").Select(u => new { u.Id, u.OrganizationId }).SingleAsync();
        var admin = await db.Users.Where(u => u.Email == "admin@prairiefuel.example").Select(u => u.Id).SingleAsync();
        var facilities = await db.Facilities.Where(f => f.CompanyId == dispatcher.OrganizationId).Select(f => f.Id).ToListAsync();
        var now = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow);
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO WorkOrders (Title, FacilityId, CompanyId, CreatedByOrganizationId, CreatedByKind, Status, CreatorId, SubmitterId, ApproverId,
                                    EstimateTotal, CreatedAt, UpdatedAt, Version)
            SELECT 'Bulk job ' || i || CASE i % 5 WHEN 0 THEN ' pump calibration' WHEN 1 THEN ' spill bucket' ELSE ' sump sensor' END,
                   CASE i % 3 WHEN 0 THEN {facilities[0]} WHEN 1 THEN {facilities[1]} ELSE {facilities[2]} END,
                   {dispatcher.OrganizationId}, {dispatcher.OrganizationId}, 'Company',
                   CASE i % 6 WHEN 0 THEN 'Draft' WHEN 1 THEN 'Submitted' WHEN 2 THEN 'Approved' WHEN 3 THEN 'Denied' WHEN 4 THEN 'Resolved' ELSE 'Closed' END,
                   {dispatcher.Id}, {dispatcher.Id}, {admin}, '100.00', {now}, {now}, 1
            FROM n;
            """);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
