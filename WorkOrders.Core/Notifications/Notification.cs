using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Notifications;

/// <summary>An in-app notification for one user about one work order event.</summary>
public sealed class Notification
{
    private Notification() { }

    public Notification(string userId, int workOrderId, WorkOrderAction @event, string title, string body, DateTimeOffset createdAt)
    {
        UserId = userId;
        WorkOrderId = workOrderId;
        Event = @event;
        Title = title;
        Body = body;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public int WorkOrderId { get; private set; }
    public WorkOrderAction Event { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>A user's choice to receive no e-mail for one kind of event. In-app notifications are always on.</summary>
public sealed class EmailOptOut
{
    public string UserId { get; set; } = "";
    public WorkOrderAction Event { get; set; }
}

/// <summary>Who is told of each transition: docs/product.md ("Who is told"), read from each action's record in <see cref="LifecycleActions"/>.</summary>
public static class NotificationRules
{
    /// <param name="providerAdminIds">The active admins of the provider the work order is dispatched to (read only when <see cref="TellsProviderAdmins"/>).</param>
    public static IReadOnlyList<string> Recipients(WorkOrderAction action, WorkOrder wo, string? previousAssigneeId, IReadOnlyList<string>? providerAdminIds = null) =>
        LifecycleActions.Of(action).Notice is { } notice
            ? notice.Told(wo, previousAssigneeId, providerAdminIds ?? []).OfType<string>().Distinct().ToList()
            : [];

    public static bool TellsProviderAdmins(WorkOrderAction action) => LifecycleActions.Of(action).Notice?.TellsProviderAdmins == true;

    /// <summary>The events a user can be told of, i.e. those with recipients.</summary>
    public static IReadOnlyList<WorkOrderAction> NotifiedEvents => LifecycleActions.Notified;
}
