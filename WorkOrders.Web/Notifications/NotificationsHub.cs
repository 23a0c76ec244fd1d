using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Notifications;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Notifications;

/// <summary>What a hub client receives: ids only; the client re-reads what it shows through the app.</summary>
public sealed record HubNotification(string Kind, int WorkOrderId);

/// <summary>
/// Pushes a signed-in user's live events to non-Blazor clients (a tablet app, an integration). Each
/// connection subscribes to its own user's topic only, so nobody hears of another user's events.
/// A connection whose user is disabled or signed out everywhere is closed: at once when the app pushes
/// <see cref="LiveMessageKind.AccessChanged"/>, else at the next revalidation.
/// </summary>
[Authorize]
public sealed class NotificationsHub(ILiveBus bus, IHubContext<NotificationsHub> hub, IServiceScopeFactory scopes, TimeProvider time, IOptions<RevalidationOptions> session) : Hub
{
    public const string Path = "/hubs/notifications";

    /// <summary>The client method every event is sent to.</summary>
    public const string ClientMethod = "notification";

    private const string WatchKey = "live-subscription";

    public override async Task OnConnectedAsync()
    {
        if (Context.UserIdentifier is not { } userId)
        {
            Context.Abort();
            return;
        }
        var connectionId = Context.ConnectionId;
        // The hub instance lives for one call only: the subscription and the timer keep the connection's context.
        var connection = Context;
        var subscription = bus.Subscribe(LiveTopics.User(userId), message => message.Kind == LiveMessageKind.AccessChanged
            ? CloseWhenEndedAsync(scopes, connection)
            : hub.Clients.Client(connectionId).SendAsync(ClientMethod, new HubNotification(message.Kind.ToString(), message.WorkOrderId)));
        var interval = session.Value.RevalidationInterval;
        var timer = time.CreateTimer(_ => _ = CloseWhenEndedAsync(scopes, connection), null, interval, interval);
        Context.Items[WatchKey] = new Watch(subscription, timer);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(WatchKey, out var watch) && watch is IDisposable disposable)
        {
            disposable.Dispose();
            Context.Items.Remove(WatchKey);
        }
        await base.OnDisconnectedAsync(exception);
    }

    private static async Task CloseWhenEndedAsync(IServiceScopeFactory scopes, HubCallerContext connection)
    {
        SessionCheck check;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            check = await scope.ServiceProvider.GetRequiredService<SessionValidator>().CheckAsync(connection.User!);
        }
        catch (Exception)
        {
            // As open pages do: a user who cannot be checked is not kept.
            check = new SessionCheck(SessionEndReason.SignedOut, null);
        }
        if (check.Ended is not null) connection.Abort();
    }

    private sealed class Watch(IDisposable subscription, ITimer timer) : IDisposable
    {
        public void Dispose()
        {
            timer.Dispose();
            subscription.Dispose();
        }
    }
}
