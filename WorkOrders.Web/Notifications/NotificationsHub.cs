using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using WorkOrders.Core.Notifications;

namespace WorkOrders.Web.Notifications;

/// <summary>What a hub client receives: ids only; the client re-reads what it shows through the app.</summary>
public sealed record HubNotification(string Kind, int WorkOrderId);

/// <summary>
/// Pushes a signed-in user's live events to non-Blazor clients (a tablet app, an integration). Each
/// connection subscribes to its own user's topic only, so nobody hears of another user's events.
/// </summary>
[Authorize]
public sealed class NotificationsHub(ILiveBus bus, IHubContext<NotificationsHub> hub) : Hub
{
    public const string Path = "/hubs/notifications";

    /// <summary>The client method every event is sent to.</summary>
    public const string ClientMethod = "notification";

    private const string SubscriptionKey = "live-subscription";

    public override async Task OnConnectedAsync()
    {
        if (Context.UserIdentifier is not { } userId)
        {
            Context.Abort();
            return;
        }
        var connectionId = Context.ConnectionId;
        // The hub instance lives for one call only, so the subscription sends through the hub context.
        Context.Items[SubscriptionKey] = bus.Subscribe(LiveTopics.User(userId), message =>
            hub.Clients.Client(connectionId).SendAsync(ClientMethod, new HubNotification(message.Kind.ToString(), message.WorkOrderId)));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(SubscriptionKey, out var subscription) && subscription is IDisposable disposable)
        {
            disposable.Dispose();
            Context.Items.Remove(SubscriptionKey);
        }
        await base.OnDisconnectedAsync(exception);
    }
}
