using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Notifications;

public sealed record NotificationView(long Id, int WorkOrderId, WorkOrderAction Event, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public string Number => WorkOrder.FormatNumber(WorkOrderId);
    public bool IsRead => ReadAt is not null;
    public string Link => $"/work-orders/{WorkOrderId}";
}

/// <summary>One e-mail switch of the preferences page.</summary>
public sealed record EmailPreference(WorkOrderAction Event, string Label, bool EmailOn);

/// <summary>
/// A user's own notifications and e-mail preferences. Every call is scoped to the actor's user id:
/// nobody can read or mark another user's notifications. Changes are pushed to the user's other
/// pages (tabs) so their bells agree.
/// </summary>
public sealed class NotificationService(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, ILiveBus bus)
{
    public const int MaxPageSize = 100;

    public async Task<Page<NotificationView>> ListAsync(Actor actor, int pageIndex = 0, int pageSize = 20, bool unreadOnly = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Notifications.Where(n => n.UserId == actor.UserId);
        if (unreadOnly) query = query.Where(n => n.ReadAt == null);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var index = Math.Max(pageIndex, 0);
        var total = await query.CountAsync(ct);
        var items = await query
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(index * size).Take(size)
            .Select(n => new NotificationView(n.Id, n.WorkOrderId, n.Event, n.Title, n.Body, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
        return new Page<NotificationView>(items, total, index, size);
    }

    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.UserId == actor.UserId && n.ReadAt == null, ct);
    }

    /// <summary>Marks one of the actor's own notifications read; another user's is simply not found.</summary>
    public async Task<Result> MarkReadAsync(Actor actor, long notificationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == notificationId && n.UserId == actor.UserId, ct);
        if (notification is null) return Result.NotFound("The notification");
        if (notification.ReadAt is not null) return Result.Ok();
        notification.ReadAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        Changed(actor, notification.WorkOrderId);
        return Result.Ok();
    }

    public async Task<int> MarkAllReadAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var query = db.Notifications.Where(n => n.UserId == actor.UserId && n.ReadAt == null);
        var count = await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        if (count > 0) Changed(actor, 0);
        return count;
    }

    public async Task<IReadOnlyList<EmailPreference>> EmailPreferencesAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var off = await db.EmailOptOuts.Where(o => o.UserId == actor.UserId).Select(o => o.Event).ToListAsync(ct);
        return NotificationRules.NotifiedEvents.Select(e => new EmailPreference(e, Describe(e), !off.Contains(e))).ToList();
    }

    /// <summary>Turns e-mail for one kind of event on or off; in-app notifications stay on.</summary>
    public async Task<Result> SetEmailPreferenceAsync(Actor actor, WorkOrderAction @event, bool emailOn, CancellationToken ct = default)
    {
        if (!NotificationRules.NotifiedEvents.Contains(@event)) return Result.Invalid($"Nobody is told when a work order is {LifecycleActions.Of(@event).Past}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.EmailOptOuts.FirstOrDefaultAsync(o => o.UserId == actor.UserId && o.Event == @event, ct);
        if (emailOn && existing is not null) db.EmailOptOuts.Remove(existing);
        if (!emailOn && existing is null) db.EmailOptOuts.Add(new EmailOptOut { UserId = actor.UserId, Event = @event });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same switch flipped in two tabs at once: the other tab already stored it.
        }
        return Result.Ok();
    }

    /// <summary>When a user is told of each event, in their words.</summary>
    public static string Describe(WorkOrderAction @event) => LifecycleActions.Of(@event).Notice?.PreferenceLabel ?? @event.ToString();

    private void Changed(Actor actor, int workOrderId) =>
        bus.Publish(LiveTopics.User(actor.UserId), new LiveMessage(LiveMessageKind.NotificationsChanged, workOrderId));
}
