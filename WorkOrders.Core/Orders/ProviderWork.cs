using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Diagnostics;
using WorkOrders.Core.Email;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Jobs;

namespace WorkOrders.Core.Orders;

/// <summary>A work order waiting for the provider's answer, as its "Incoming work" queue and tray list it.</summary>
public sealed record IncomingWork(
    int Id, string Title, int FacilityId, string FacilityName, string TimeZoneId, string CompanyName, int ActionItems,
    DateTimeOffset DispatchedAt, DateTimeOffset? RequestedStart, DateTimeOffset? RequestedEnd, DateTimeOffset? ResponseDueAt, bool IsOverdue, int Version)
{
    public string Number => WorkOrder.FormatNumber(Id);
}

/// <summary>A company's work order sent to a provider and not answered yet, as the company's calendar tray lists it.</summary>
public sealed record AwaitingProviderWork(
    int Id, string Title, string FacilityName, string TimeZoneId, string ProviderName, DateTimeOffset DispatchedAt, DateTimeOffset? ResponseDueAt, bool IsOverdue)
{
    public string Number => WorkOrder.FormatNumber(Id);
}

/// <summary>
/// The provider's side of dispatched work (docs/product.md, "Lifecycle" and "Who sees what"): the incoming queue,
/// the providers a submitter may dispatch to, and the response-time check. Always through <see cref="Visibility"/>.
/// </summary>
public sealed class ProviderWork(
    IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, ILiveBus bus, OutboxSignal outboxSignal, IOptions<WorkOrdersOptions> options)
{
    public const int IncomingLimit = 200;

    /// <summary>For a provider's admins: what was dispatched to the provider and is not yet accepted, oldest first.</summary>
    public async Task<Result<IReadOnlyList<IncomingWork>>> IncomingAsync(Actor actor, CancellationToken ct = default)
    {
        if (!WorkOrderLifecycle.MayEverAccept(actor))
        {
            return Result<IReadOnlyList<IncomingWork>>.From(Result.NotAllowed("Only a service provider's admins see the work sent to it."));
        }
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.WorkOrders.VisibleTo(actor)
            .Where(w => w.ProviderId == actor.OrganizationId)
            .Where(WorkOrder.AwaitingProvider)
            .OrderBy(w => w.DispatchedToProviderAt).ThenBy(w => w.Id)
            .Take(IncomingLimit)
            .Select(w => new IncomingWork(
                w.Id, w.Title, w.FacilityId, w.Facility!.Name, w.Facility.TimeZoneId, w.Facility.Company!.Name, w.ActionItems.Count,
                w.DispatchedToProviderAt!.Value, w.RequestedStart, w.RequestedEnd, w.ResponseDueAt, w.ResponseDueAt < now, w.Version))
            .ToListAsync(ct);
        return Result<IReadOnlyList<IncomingWork>>.Ok(rows);
    }

    /// <summary>
    /// For a company's people: its work orders they see that wait for a provider's answer, oldest first, with the
    /// response flag the provider sees too. Empty for a provider's people (their side is <see cref="IncomingAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<AwaitingProviderWork>> AwaitingAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsCompanyUser) return [];
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkOrders.VisibleTo(actor)
            .Where(w => w.CompanyId == actor.OrganizationId)
            .Where(WorkOrder.AwaitingProvider)
            .OrderBy(w => w.DispatchedToProviderAt).ThenBy(w => w.Id)
            .Take(IncomingLimit)
            .Select(w => new AwaitingProviderWork(w.Id, w.Title, w.Facility!.Name, w.Facility.TimeZoneId, w.Provider!.Name,
                w.DispatchedToProviderAt!.Value, w.ResponseDueAt, w.ResponseDueAt < now))
            .ToListAsync(ct);
    }

    /// <summary>The providers the actor may dispatch this work order to: those linked to its facility, with their response time.</summary>
    public async Task<Result<IReadOnlyList<ProviderChoice>>> ProviderCandidatesAsync(Actor actor, int workOrderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wo = await db.WorkOrders.VisibleTo(actor).AsNoTracking().FirstOrDefaultAsync(w => w.Id == workOrderId, ct);
        if (wo is null) return Result<IReadOnlyList<ProviderChoice>>.From(Result.NotFound("The work order"));
        if (!wo.AllowedActions(actor).Contains(WorkOrderAction.DispatchToProvider))
        {
            return Result<IReadOnlyList<ProviderChoice>>.From(Result.NotAllowed($"You may not dispatch {wo.Number} to a service provider now."));
        }
        var providers = await db.FacilityProviderLinks.Where(l => l.FacilityId == wo.FacilityId)
            .OrderBy(l => l.Provider!.Name)
            .Select(l => new ProviderChoice(l.ProviderId, l.Provider!.Name, true, l.RespondWithinHours))
            .ToListAsync(ct);
        return Result<IReadOnlyList<ProviderChoice>>.Ok(providers);
    }

    /// <summary>
    /// Flags every work order whose provider let the response time pass and e-mails its submitter, once: the flag is
    /// set by a conditional update in the same transaction as the outbox row, so a second run (or a second server)
    /// finds nothing to do. Returns how many were flagged.
    /// </summary>
    public async Task<int> FlagOverdueResponsesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.WorkOrders.Where(WorkOrder.AwaitingProvider)
            .Where(w => w.ResponseDueAt <= now && w.ResponseOverdueNotifiedAt == null)
            .Select(w => new
            {
                w.Id, w.Title, w.CompanyId, w.ProviderId, w.ResponseDueAt, Facility = w.Facility!.Name, w.Facility.TimeZoneId,
                Provider = w.Provider!.Name, SubmitterEmail = w.Submitter!.Email, SubmitterName = w.Submitter.DisplayName, w.SubmitterId,
                SubmitterActive = w.Submitter.IsActive,
                SubmitterCulture = w.Submitter.Culture,
            })
            .ToListAsync(ct);
        var flagged = new List<(int Id, int CompanyId, int ProviderId, string? SubmitterId)>();
        foreach (var wo in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.WorkOrders
                .Where(w => w.Id == wo.Id && w.ResponseOverdueNotifiedAt == null && w.ProviderId == wo.ProviderId && w.AssigneeId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.ResponseOverdueNotifiedAt, now), ct);
            if (claimed == 0) continue;
            var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/work-orders/{wo.Id}";
            var email = EmailTemplates.ResponseOverdue(WorkOrder.FormatNumber(wo.Id), wo.Title, wo.Facility, wo.Provider, wo.ResponseDueAt!.Value, wo.TimeZoneId, link, wo.SubmitterCulture);
            // In the app as well as by e-mail; filed under the step that is waiting for its answer.
            if (wo.SubmitterId is { } submitter) db.Notifications.Add(new Notification(submitter, wo.Id, WorkOrderAction.DispatchToProvider, email.Subject, email.Summary, now));
            if (wo.SubmitterActive && !string.IsNullOrEmpty(wo.SubmitterEmail))
            {
                db.Outbox.Add(new OutboxMessage(wo.SubmitterEmail, wo.SubmitterName, email.Subject, email.Text, email.Html, now, wo.SubmitterId, wo.Id));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            flagged.Add((wo.Id, wo.CompanyId, wo.ProviderId!.Value, wo.SubmitterId));
        }
        if (flagged.Count > 0) outboxSignal.Wake();
        foreach (var (id, companyId, providerId, submitterId) in flagged)
        {
            var changed = new LiveMessage(LiveMessageKind.WorkOrderChanged, id);
            bus.Publish(LiveTopics.Organization(companyId), changed);
            bus.Publish(LiveTopics.Organization(providerId), changed);
            if (submitterId is not null) bus.Publish(LiveTopics.User(submitterId), new LiveMessage(LiveMessageKind.NotificationsChanged, id));
        }
        return flagged.Count;
    }
}

/// <summary>Runs <see cref="ProviderWork.FlagOverdueResponsesAsync"/> every minute (where e-mail is sent in the background).</summary>
public sealed class ProviderResponseWatch(ProviderWork work, IJobLeases leases, IOptions<EmailOptions> email, TimeProvider clock, WorkOrdersMetrics metrics,
    ILogger<ProviderResponseWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public const string JobName = "provider-response-watch";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosts that send the outbox themselves (tests) run the check themselves too.
        if (!email.Value.SendInBackground) return;
        // Every server ticks; the lease lets one of them check per minute.
        await LeasedJob.RunEveryAsync(JobName, Interval, clock, leases, metrics, logger,
            "The provider response check failed; it runs again in a minute", async ct =>
            {
                var flagged = await work.FlagOverdueResponsesAsync(ct);
                if (flagged > 0) logger.LogInformation("{Count} work orders passed their provider's response time", flagged);
            }, stoppingToken);
    }
}
