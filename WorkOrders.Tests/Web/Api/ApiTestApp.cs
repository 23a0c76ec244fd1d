using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Api;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Tests.Web.Api;

/// <summary>The whole web app over its own seeded SQLite file, with API keys made for the demo users.</summary>
public sealed class ApiTestApp : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string folder = Path.Combine(Path.GetTempPath(), "workorders-tests", "api-" + Guid.NewGuid().ToString("N"));
    /// <summary>Settings over the defaults, set before the first client is made.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("WorkOrders:SeedDemoData", "true");
        builder.UseSetting("WorkOrders:DataFolder", folder);
        builder.UseSetting("WorkOrders:Api:PermitsPerKey", "100000");
        builder.UseSetting("Webhooks:SendInBackground", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<WorkOrdersDbContext> DbAsync() => await Get<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();

    public async Task<Actor> ActorAsync(string email)
    {
        await using var db = await DbAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    public async Task<string> KeyAsync(string email, ApiKeyScope scope = ApiKeyScope.ReadWrite, DateTimeOffset? expires = null) =>
        (await Get<ApiKeys>().CreateAsync(await ActorAsync(email), "test " + Guid.NewGuid().ToString("N")[..6], scope, expires)).Value!.Secret;

    /// <summary>A client that sends the key, follows no redirect and keeps no cookie.</summary>
    public HttpClient ApiClient(string? key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<HttpClient> ClientForAsync(string email, ApiKeyScope scope = ApiKeyScope.ReadWrite) => ApiClient(await KeyAsync(email, scope));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}

public static class ApiHttp
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: ApiTestApp.Json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
