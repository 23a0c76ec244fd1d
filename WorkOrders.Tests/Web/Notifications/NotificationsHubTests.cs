using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Data;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.WorkOrders;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Notifications;

namespace WorkOrders.Tests.Web.Notifications;

public sealed class NotificationsHubTests : IAsyncLifetime
{
    private readonly NotificationsWebApp app = new();

    public Task InitializeAsync()
    {
        _ = app.Server; // Starts the app: migrations and demo data.
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Hub_SignedInUsers_EachReceiveTheirOwnEventsAndNeverAnotherUsers()
    {
        var adminEvents = new ConcurrentQueue<HubNotification>();
        var techEvents = new ConcurrentQueue<HubNotification>();
        await using var admin = app.Hub(await app.SignInAsync(Demo.Admin));
        await using var tech = app.Hub(await app.SignInAsync(Demo.Tech));
        admin.On<HubNotification>(NotificationsHub.ClientMethod, adminEvents.Enqueue);
        tech.On<HubNotification>(NotificationsHub.ClientMethod, techEvents.Enqueue);
        await admin.StartAsync();
        await tech.StartAsync();

        // The dispatcher submits a draft to the admin: the admin is told, the technician is not.
        var (id, version, dispatcher, adminId, techId) = await DraftAsync();
        var submitted = await app.Services.GetRequiredService<WorkOrderService>().SubmitAsync(dispatcher, id, version, adminId);
        Assert.True(submitted.IsOk, submitted.Message);
        await UntilAsync(() => !adminEvents.IsEmpty);

        // Something for the technician only.
        await app.Services.GetRequiredService<ILiveBus>().PublishAsync(LiveTopics.User(techId), new LiveMessage(LiveMessageKind.NotificationsChanged, 4242));
        await UntilAsync(() => !techEvents.IsEmpty);

        Assert.Equal([new HubNotification(nameof(LiveMessageKind.NotificationsChanged), id)], adminEvents);
        Assert.Equal([new HubNotification(nameof(LiveMessageKind.NotificationsChanged), 4242)], techEvents);
    }

    [Fact]
    public async Task Hub_Anonymous_RefusedWith401()
    {
        await using var anonymous = app.Hub(cookieHeader: null);
        using var client = app.CreateDefaultClient();

        await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
        using var negotiate = await client.PostAsync(NotificationsHub.Path + "/negotiate?negotiateVersion=1", null);

        Assert.Equal(HubConnectionState.Disconnected, anonymous.State);
        Assert.True(negotiate.StatusCode == System.Net.HttpStatusCode.Unauthorized, $"{negotiate.StatusCode} {negotiate.Headers.Location}");
    }

    [Fact]
    public async Task Hub_Disconnected_SubscriptionDisposed()
    {
        var counting = new CountingBus();
        await using var countingApp = new NotificationsWebApp(s => s.AddSingleton<ILiveBus>(counting));
        var cookie = await countingApp.SignInAsync(Demo.Admin);
        var before = counting.Active;
        var connection = countingApp.Hub(cookie);

        await connection.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (counting.Active == before && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.Equal(before + 1, counting.Active);
        await connection.DisposeAsync();
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (counting.Active != before && DateTime.UtcNow < deadline) await Task.Delay(25);

        Assert.Equal(before, counting.Active);
    }

    /// <summary>The in-process bus, counting live subscriptions.</summary>
    private sealed class CountingBus : ILiveBus
    {
        private readonly InProcessLiveBus inner = new(Microsoft.Extensions.Logging.Abstractions.NullLogger<InProcessLiveBus>.Instance);
        private int active;

        public int Active => Volatile.Read(ref active);

        public Task PublishAsync(string topic, LiveMessage message) => inner.PublishAsync(topic, message);

        public IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler)
        {
            var subscription = inner.Subscribe(topic, handler);
            Interlocked.Increment(ref active);
            var disposed = 0;
            return new Disposer(() =>
            {
                if (Interlocked.Exchange(ref disposed, 1) == 1) return;
                subscription.Dispose();
                Interlocked.Decrement(ref active);
            });
        }

        private sealed class Disposer(Action dispose) : IDisposable
        {
            public void Dispose() => dispose();
        }
    }

    private async Task<(int Id, int Version, Actor Dispatcher, string AdminId, string TechId)> DraftAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var wo = await db.WorkOrders.Where(w => w.Title == DemoTransitions.Draft).Select(w => new { w.Id, w.Version }).SingleAsync();
        var users = await db.Users.Include(u => u.Organization).ToListAsync();
        var dispatcher = users.Single(u => u.Email == Demo.Dispatcher);
        return (wo.Id, wo.Version, Actor.From(dispatcher, dispatcher.Organization!.Kind),
            users.Single(u => u.Email == Demo.Admin).Id, users.Single(u => u.Email == Demo.Tech).Id);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.True(condition(), "Timed out waiting for the hub.");
        // Room for any wrong delivery to arrive before the test looks.
        await Task.Delay(300);
    }
}
