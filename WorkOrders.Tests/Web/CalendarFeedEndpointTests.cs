using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Scheduling;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web;

public sealed class CalendarFeedEndpointTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "workorders-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> factory = default!;

    public Task InitializeAsync()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Testing")
            .UseSetting("WorkOrders:SeedDemoData", "true")
            .UseSetting("WorkOrders:DataFolder", folder)
            .UseSetting("WorkOrders:PublicBaseUrl", "https://wo.example.com"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    [Fact]
    public async Task Feed_WithValidToken_IsServedAnonymouslyAsTextCalendar()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var url = (await factory.Services.GetRequiredService<CalendarFeedService>().RotateAsync(await ActorAsync(Demo.Tech))).Value!;

        var response = await client.GetAsync(new Uri(url).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("BEGIN:VCALENDAR", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Feed_WithWrongOrRevokedToken_Is404NotASignInRedirect()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var feeds = factory.Services.GetRequiredService<CalendarFeedService>();
        var actor = await ActorAsync(Demo.Tech);
        var url = (await feeds.RotateAsync(actor)).Value!;
        await feeds.RevokeAsync(actor);

        var revoked = await client.GetAsync(new Uri(url).PathAndQuery);
        var wrong = await client.GetAsync("/calendar/feed/no-such-token.ics");

        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
    }
}
