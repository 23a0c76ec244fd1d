using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Webhooks;

/// <summary>Wakes the webhook sender once new deliveries have been committed.</summary>
public sealed class WebhookSignal
{
    private readonly Email.OutboxSignal inner = new();
    public void Wake() => inner.Wake();
    public Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct) => inner.WaitAsync(timeout, clock, ct);
}

/// <summary>
/// Writes the webhook deliveries of one change into the caller's context, so they are saved in the same
/// transaction as the change (as <see cref="Notifications.NotificationWriter"/> does for e-mail). An event goes
/// to the endpoints of the organisations that see the thing it is about, and says no more than they may see.
/// </summary>
public sealed class WebhookWriter(WebhookSignal signal)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    internal Task StageWorkOrderAsync(WorkOrdersDbContext db, WorkOrder wo, string eventName, WorkOrderStatus? from, string actorId, string? comment, DateTimeOffset now, CancellationToken ct)
    {
        var data = new WorkOrderEventData(wo.Id, wo.Number, wo.Title, wo.FacilityId, from, wo.Status, wo.Version, actorId, comment,
            wo.ApproverId, wo.AssigneeId, wo.ScheduledStart, wo.ScheduledEnd);
        int[] organizations = wo.CreatedByOrganizationId == wo.CompanyId ? [wo.CompanyId] : [wo.CompanyId, wo.CreatedByOrganizationId];
        return StageAsync(db, organizations, [(eventName, data)], now, ct);
    }

    internal async Task StageActionItemsAsync(WorkOrdersDbContext db, IReadOnlyCollection<ActionItem> items, string eventName, string actorId, DateTimeOffset now, CancellationToken ct)
    {
        if (items.Count == 0) return;
        var facilityIds = items.Select(i => i.FacilityId).Distinct().ToList();
        // The company that owns the facility and every provider linked to it see its action items (Visibility).
        var companies = await db.Facilities.Where(f => facilityIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.CompanyId, ct);
        var links = (await db.FacilityProviderLinks.Where(l => facilityIds.Contains(l.FacilityId)).Select(l => new { l.FacilityId, l.ProviderId }).ToListAsync(ct))
            .ToLookup(l => l.FacilityId, l => l.ProviderId);
        var seers = facilityIds.ToDictionary(id => id, id => (IReadOnlyCollection<int>)[companies[id], .. links[id]]);
        foreach (var group in items.GroupBy(i => i.FacilityId))
        {
            await StageAsync(db, seers[group.Key], group.Select(i => (eventName, (object)new ActionItemEventData(
                i.Id, i.FacilityId, i.Title, i.Priority, i.Status, i.DueDate, i.ClosedReason, i.WorkOrderId, i.Version, actorId))).ToList(), now, ct);
        }
    }

    private async Task StageAsync(WorkOrdersDbContext db, IReadOnlyCollection<int> organizations, IReadOnlyList<(string Event, object Data)> events, DateTimeOffset now, CancellationToken ct)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => organizations.Contains(e.OrganizationId)).ToListAsync(ct);
        var added = false;
        foreach (var endpoint in endpoints)
        {
            foreach (var (eventName, data) in events.Where(e => endpoint.Wants(e.Event)))
            {
                var id = Guid.NewGuid();
                var payload = JsonSerializer.Serialize(new WebhookEnvelope(id, eventName, now, endpoint.OrganizationId, data), Json);
                db.WebhookDeliveries.Add(new WebhookDelivery(id, endpoint.Id, endpoint.OrganizationId, eventName, payload, now));
                added = true;
            }
        }
        if (added) AfterCommit.Run(db, signal.Wake);
    }
}

/// <summary>The body of every delivery: <see cref="Id"/> is the delivery's id, the same on every attempt.</summary>
public sealed record WebhookEnvelope(Guid Id, string Event, DateTimeOffset CreatedAt, int OrganizationId, object Data);

public sealed record WorkOrderEventData(
    int Id, string Number, string Title, int FacilityId, WorkOrderStatus? From, WorkOrderStatus Status, int Version, string ActorId, string? Comment,
    string? ApproverId, string? AssigneeId, DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd);

public sealed record ActionItemEventData(
    int Id, int FacilityId, string Title, Priority Priority, ActionItemStatus Status, DateOnly? DueDate, string? ClosedReason, int? WorkOrderId, int Version, string ActorId);
