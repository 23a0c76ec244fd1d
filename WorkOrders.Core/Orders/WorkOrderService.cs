using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Diagnostics;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Webhooks;

namespace WorkOrders.Core.Orders;

/// <summary>A draft as the editor saves it.</summary>
public sealed record WorkOrderDraft(string Title, IReadOnlyCollection<int> ActionItemIds, IReadOnlyCollection<EstimateLineInput> EstimateLines);

/// <summary>
/// The use cases of a work order. Each one opens a short-lived context, finds the work order
/// through the actor's visibility (NotFound), refuses a stale version (Conflict), lets the entity
/// apply the lifecycle (NotAllowed / Invalid), writes notifications and outbox in the same
/// transaction, and pushes the change after commit.
/// </summary>
public sealed class WorkOrderService(
    IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, NotificationWriter notifications, ILiveBus bus, WebhookWriter webhooks,
    WorkOrdersMetrics metrics)
{
    public async Task<Result<int>> CreateAsync(Actor actor, int facilityId, string title, IReadOnlyCollection<int> actionItemIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facility = await db.Facilities.VisibleTo(actor).FirstOrDefaultAsync(f => f.Id == facilityId, ct);
        if (facility is null) return Result<int>.From(Result.NotFound("The facility"));

        var linked = actor.OrganizationKind == OrganizationKind.ServiceProvider
                     && await db.FacilityProviderLinks.AnyAsync(l => l.FacilityId == facilityId && l.ProviderId == actor.OrganizationId, ct);
        var (items, missing) = await LoadItemsAsync(db, facilityId, actionItemIds, ct);
        if (missing is not null) return Result<int>.From(missing);

        var created = WorkOrder.Create(actor, facility, linked, title, items, clock.GetUtcNow());
        if (!created.IsOk) return Result<int>.From(created);

        db.WorkOrders.Add(created.Value!);
        // The webhook names the work order, whose id the database gives: both saves share one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await TrySaveAsync(db, ct)) return Result<int>.From(Result.Conflict("One of the action items was just put into another work order. Reload and try again."));
        await webhooks.StageWorkOrderAsync(db, created.Value!, WebhookEvents.WorkOrderCreated, null, actor.UserId, null, clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Publish(created.Value!, []);
        return created.Value!.Id;
    }

    public Task<Result> EditAsync(Actor actor, int id, int expectedVersion, WorkOrderDraft draft, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Edit, ct, async (db, wo, now, _) =>
        {
            var (items, missing) = await LoadItemsAsync(db, wo.FacilityId, draft.ActionItemIds, ct);
            return missing ?? wo.Edit(actor, draft.Title, items, draft.EstimateLines, now);
        }, includeLines: true);

    public Task<Result> SubmitAsync(Actor actor, int id, int expectedVersion, string approverId, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Submit, ct, (_, wo, now, approver) =>
            Task.FromResult(approver is null ? Result.Invalid("Choose an approver.") : wo.Submit(actor, approver, now)), personId: approverId);

    public Task<Result> ApproveAsync(Actor actor, int id, int expectedVersion, string? comment, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Approve, ct, (_, wo, now, _) => Task.FromResult(wo.Approve(actor, comment, now)));

    public Task<Result> DenyAsync(Actor actor, int id, int expectedVersion, string reason, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Deny, ct, (_, wo, now, _) => Task.FromResult(wo.Deny(actor, reason, now)));

    /// <param name="overrideDueDate">
    /// False first: a visit ending after an item's due date is then refused with <see cref="ResultStatus.NeedsConfirmation"/>;
    /// true once the person confirmed it, and the history records the override.
    /// </param>
    public Task<Result> DispatchAsync(Actor actor, int id, int expectedVersion, string assigneeId, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct = default, bool overrideDueDate = false) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Dispatch, ct, (_, wo, now, assignee) =>
            Task.FromResult(assignee is null ? Result.Invalid("Choose an assignee.") : wo.Dispatch(actor, assignee, start, end, now, wo.Facility!.TimeZoneId, overrideDueDate)),
            personId: assigneeId);

    /// <param name="overrideDueDate">
    /// False first: a visit ending after an item's due date is then refused with <see cref="ResultStatus.NeedsConfirmation"/>;
    /// true once the person confirmed it, and the history records the override.
    /// </param>
    public Task<Result> RescheduleAsync(Actor actor, int id, int expectedVersion, string assigneeId, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct = default, bool overrideDueDate = false) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Reschedule, ct, (_, wo, now, assignee) =>
            Task.FromResult(assignee is null ? Result.Invalid("Choose an assignee.") : wo.Reschedule(actor, assignee, start, end, now, wo.Facility!.TimeZoneId, overrideDueDate)),
            personId: assigneeId);

    /// <summary>To a service provider linked to the facility, optionally with a requested window and a note (docs/product.md, "Lifecycle").</summary>
    public Task<Result> DispatchToProviderAsync(
        Actor actor, int id, int expectedVersion, int providerId, DateTimeOffset? requestedStart, DateTimeOffset? requestedEnd, string? note, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.DispatchToProvider, ct, async (db, wo, now, _) =>
        {
            var provider = await db.Organizations
                .Where(o => o.Id == providerId && o.Kind == OrganizationKind.ServiceProvider)
                .Select(o => new
                {
                    o.Id, o.Name,
                    Link = db.FacilityProviderLinks.Where(l => l.ProviderId == o.Id && l.FacilityId == wo.FacilityId).Select(l => (int?)l.RespondWithinHours).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(ct);
            // Another tenant's organisation or an unlinked provider read the same: not one the submitter may choose.
            return provider is null || provider.Link is null
                ? Result.Invalid("Choose a service provider that serves this facility.")
                : wo.DispatchToProvider(actor, new ProviderChoice(provider.Id, provider.Name, true, provider.Link.Value), requestedStart, requestedEnd, note, now);
        });

    public Task<Result> AcceptAsync(Actor actor, int id, int expectedVersion, string technicianId, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct = default, bool overrideDueDate = false) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Accept, ct, (_, wo, now, technician) =>
            Task.FromResult(technician is null ? Result.Invalid("Choose a technician.") : wo.Accept(actor, technician, start, end, now, wo.Facility!.TimeZoneId, overrideDueDate)),
            personId: technicianId);

    public Task<Result> DeclineAsync(Actor actor, int id, int expectedVersion, string reason, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Decline, ct, (_, wo, now, _) => Task.FromResult(wo.Decline(actor, reason, now)));

    /// <param name="photoIds">The resolver's draft files of the finished work (<see cref="AttachmentTarget.Resolution"/>); attached in the same transaction.</param>
    public Task<Result> ResolveAsync(Actor actor, int id, int expectedVersion, string resolutionNote, IReadOnlyCollection<int>? photoIds = null, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Resolve, ct, async (db, wo, now, _) =>
        {
            var drafts = await AttachmentService.LoadDraftsAsync(db, actor, wo.Id, AttachmentTarget.Resolution, photoIds, ct);
            if (!drafts.IsOk) return drafts;
            var result = wo.Resolve(actor, resolutionNote, now, drafts.Value!.Count(d => d.IsImage), wo.Facility!.Company!.RequireResolutionPhoto);
            if (result.IsOk) drafts.Value!.ForEach(d => d.AttachToResolution());
            return result;
        }, includeItems: true);

    public Task<Result> ResetAsync(Actor actor, int id, int expectedVersion, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Reset, ct, (_, wo, now, _) => Task.FromResult(wo.Reset(actor, now)));

    public Task<Result> CloseAsync(Actor actor, int id, int expectedVersion, string? comment, CancellationToken ct = default) =>
        RunAsync(actor, id, expectedVersion, WorkOrderAction.Close, ct, (_, wo, now, _) => Task.FromResult(wo.Close(actor, comment, now)), includeItems: true);

    /// <summary>Notes are appended, never edited, so they need no version check.</summary>
    /// <param name="attachmentIds">The author's draft files for this note (<see cref="AttachmentTarget.Note"/>), attached with it.</param>
    public async Task<Result> AddNoteAsync(Actor actor, int id, string text, IReadOnlyCollection<int>? attachmentIds = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wo = await db.WorkOrders.VisibleTo(actor).FirstOrDefaultAsync(w => w.Id == id, ct);
        if (wo is null) return Result.NotFound("The work order");
        var result = wo.AddNote(actor, text, clock.GetUtcNow());
        if (!result.IsOk) return result;
        var drafts = await AttachmentService.LoadDraftsAsync(db, actor, wo.Id, AttachmentTarget.Note, attachmentIds, ct);
        if (!drafts.IsOk) return drafts;
        drafts.Value!.ForEach(d => d.AttachTo(wo.Notes[^1]));
        await webhooks.StageWorkOrderAsync(db, wo, WebhookEvents.WorkOrderNoteAdded, wo.Status, actor.UserId, text.Trim(), clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        Publish(wo, []);
        return result;
    }

    private async Task<Result> RunAsync(
        Actor actor, int id, int expectedVersion, WorkOrderAction action, CancellationToken ct,
        Func<WorkOrdersDbContext, WorkOrder, DateTimeOffset, Person?, Task<Result>> apply, bool includeLines = false, bool includeItems = false,
        string? personId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One connection for the whole use case: its reads and its write do not each take one from the pool and give it back.
        await db.Database.OpenConnectionAsync(ct);
        // SQLite has one writer at a time. The step takes the write lock before it reads (BEGIN IMMEDIATE), as a raw
        // read-modify-write would: it never waits halfway for another writer (the e-mail sender saving an outcome) that
        // slipped in between its reads and its save, and it writes over exactly what it read. PostgreSQL's writers do not
        // queue on one lock: there the version check in the save is enough (ADR-025).
        await using var transaction = db.Database.IsSqlite() ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Database.AutoSavepointsEnabled = false;
        // One read: the work order with its facility (the notifications name it) and, only for the steps that
        // change them, its action items; the editor's estimate lines come in a second query, not multiplied by items.
        IQueryable<WorkOrder> query = db.WorkOrders.VisibleTo(actor).Include(w => w.Facility);
        if (includeItems || includeLines) query = query.Include(w => w.ActionItems);
        // The company's "a resolution needs a photo" setting, in the same read.
        if (action == WorkOrderAction.Resolve) query = query.Include(w => w.Facility!.Company);
        if (includeLines) query = query.Include(w => w.EstimateLines).AsSplitQuery();
        var wo = await query.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (wo is null) return Result.NotFound("The work order");
        if (wo.Version != expectedVersion) return Result.Conflict($"{wo.Number} was changed by someone else in the meantime; it is now {wo.Status}.");

        var previousAssigneeId = wo.AssigneeId;
        var previousProviderId = wo.ProviderId;
        var from = wo.Status;
        var now = clock.GetUtcNow();
        // The person the step chooses is read with everyone it may tell: one query for both.
        var people = string.IsNullOrEmpty(personId) ? null : await NotificationWriter.ReadPeopleAsync(db, wo, action, actor.UserId, personId, ct);
        var result = await apply(db, wo, now, people?.GetValueOrDefault(personId!)?.AsPerson());
        if (!result.IsOk) return result;

        // Before the visit is saved, so that no calendar ever reads the visit with a bound too short to reach it.
        await VisitReach.WidenAsync(db, wo, ct);
        var told = await notifications.StageAsync(db, wo, action, actor.UserId, wo.History[^1].Comment, previousAssigneeId, now, ct, people);
        await webhooks.StageWorkOrderAsync(db, wo, WebhookEvents.ForAction(action), from, actor.UserId, wo.History[^1].Comment, now, ct);
        if (!await TrySaveAsync(db, ct))
        {
            return Result.Conflict($"{wo.Number} was changed by someone else at the same moment. The latest version has been loaded.");
        }
        if (transaction is not null) await transaction.CommitAsync(ct);
        metrics.TransitionCommitted(action);
        Publish(wo, told, previousProviderId);
        return result;
    }

    private static async Task<bool> TrySaveAsync(WorkOrdersDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    // Queued, not awaited: the actor gets the result as soon as the transaction commits, whoever is watching.
    private void Publish(WorkOrder wo, IReadOnlyList<string> told, int? previousProviderId = null)
    {
        var changed = new LiveMessage(LiveMessageKind.WorkOrderChanged, wo.Id);
        bus.Publish(LiveTopics.Organization(wo.CompanyId), changed);
        if (wo.CreatedByOrganizationId != wo.CompanyId) bus.Publish(LiveTopics.Organization(wo.CreatedByOrganizationId), changed);
        // The provider's pages (incoming queue, calendar) follow its work, and hear when a decline takes it away.
        foreach (var provider in new[] { wo.ProviderId, previousProviderId }.OfType<int>().Distinct().Where(p => p != wo.CreatedByOrganizationId))
        {
            bus.Publish(LiveTopics.Organization(provider), changed);
        }
        foreach (var userId in told)
        {
            bus.Publish(LiveTopics.User(userId), new LiveMessage(LiveMessageKind.NotificationsChanged, wo.Id));
        }
    }

    private static async Task<(List<ActionItem> Items, Result? Missing)> LoadItemsAsync(WorkOrdersDbContext db, int facilityId, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        var items = await db.ActionItems.Where(i => distinct.Contains(i.Id) && i.FacilityId == facilityId).ToListAsync(ct);
        return items.Count == distinct.Count
            ? (items, null)
            : (items, Result.Invalid("One or more of the chosen action items do not exist at this facility."));
    }
}
