using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkOrders.Core.Data;
using WorkOrders.Core.Diagnostics;
using WorkOrders.Core.Email;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web.Operations;

/// <summary>/health/live and /health/ready over the whole app: status codes, the checks they run, and what they do not say.</summary>
public sealed class HealthEndpointTests
{
    /// <summary>The app with extra settings; the outbox is not sent in the background, so queued mail stays queued.</summary>
    private sealed class App(Dictionary<string, string?> settings) : WebAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Email:SendInBackground", "false");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }

    [Fact]
    public async Task Live_Anonymous_200WithNoChecks()
    {
        await using var app = new App([]);

        var (status, json) = await GetAsync(app, "/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.Empty(json.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Ready_SqliteWithoutRedis_200WithStatusNamesOnly()
    {
        await using var app = new App([]);

        var (status, json) = await GetAsync(app, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["database", "outbox"], Checks(json).Keys.Order());
        Assert.All(Checks(json).Values, v => Assert.Equal("Healthy", v));
        Assert.Equal(["checks", "status"], json.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Ready_RedisConfiguredButUnreachable_503AndLiveStill200()
    {
        // A loopback port in this suite's range that nothing listens on.
        await using var app = new App(new() { ["ConnectionStrings:Redis"] = "127.0.0.1:32417,connectTimeout=500,password=not-to-be-shown" });

        var (status, json) = await GetAsync(app, "/health/ready");
        var body = json.GetRawText();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", json.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", Checks(json)["redis"]);
        Assert.Equal("Healthy", Checks(json)["database"]);
        Assert.DoesNotContain("32417", body);
        Assert.DoesNotContain("not-to-be-shown", body);
        Assert.DoesNotContain("Redis does not answer", body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/health/live")).Status);
    }

    [RedisFact(needsOwnProcess: true)]
    public async Task Ready_RedisUpThenKilled_200Then503()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var app = new App(new() { ["ConnectionStrings:Redis"] = redis.ConnectionString });

        var (before, json) = await GetAsync(app, "/health/ready");
        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal("Healthy", Checks(json)["redis"]);

        await redis.KillAsync();
        var (after, _) = await GetAsync(app, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, after);
    }

    [Fact]
    public async Task Ready_OutboxOlderThanLimit_503()
    {
        await using var app = new App(new() { ["WorkOrders:Health:OutboxMaxAge"] = "00:30:00" });
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/health/ready")).Status);

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync())
        {
            db.Outbox.Add(new OutboxMessage("late@example.com", "Late", "s", "t", "h", DateTimeOffset.UtcNow.AddMinutes(-31)));
            await db.SaveChangesAsync();
        }
        var (status, json) = await GetAsync(app, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", Checks(json)["outbox"]);
        Assert.Equal("Healthy", Checks(json)["database"]);
    }

    [Fact]
    public async Task DatabaseCheck_MigrationsNotApplied_Unhealthy()
    {
        var file = Path.Combine(Path.GetTempPath(), "workorders-tests", $"unmigrated-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var options = new DbContextOptionsBuilder<WorkOrdersDbContext>().UseSqlite($"Data Source={file}").Options;
        var check = new DatabaseHealthCheck(new Factory(options));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public void HealthOptions_OutboxMaxAgeOutOfRange_RefusedAtStart()
    {
        using var app = new App(new() { ["WorkOrders:Health:OutboxMaxAge"] = "00:00:05" });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("OutboxMaxAge", error.ToString());
    }

    private static Dictionary<string, string> Checks(JsonElement json) =>
        json.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    private static async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(WebAppFactory app, string path)
    {
        // Anonymous: no sign-in, no cookies.
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private sealed class Factory(DbContextOptions<WorkOrdersDbContext> options) : IDbContextFactory<WorkOrdersDbContext>
    {
        public WorkOrdersDbContext CreateDbContext() => new(options);
    }
}
