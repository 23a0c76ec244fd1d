using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Data;
using WorkOrders.Core.Email;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Notifications;

/// <summary>
/// Writes the in-app notifications and e-mail outbox rows of one transition into the caller's
/// context, so they are saved in the same transaction as the transition itself.
/// </summary>
public sealed class NotificationWriter(IOptions<WorkOrdersOptions> options, OutboxSignal outboxSignal)
{
    /// <summary>
    /// Before the step, in one query: the person the step chooses (approver, technician) and everyone the step can
    /// name or tell — the actor and the work order's submitter, approver and assignee — with each one's e-mail switch
    /// for <paramref name="action"/>. The step reads its chosen person from here and <see cref="StageAsync"/> its readers,
    /// so a transition that chooses someone reads people once.
    /// </summary>
    internal static Task<Dictionary<string, Reader>> ReadPeopleAsync(
        WorkOrdersDbContext db, WorkOrder wo, WorkOrderAction action, string actorId, string chosenId, CancellationToken ct)
    {
        string[] ids = [.. new[] { chosenId, actorId, wo.SubmitterId, wo.ApproverId, wo.AssigneeId, wo.CreatorId }.OfType<string>().Distinct()];
        return ReadAsync(db, ids, action, ct);
    }

    /// <returns>The users told, to be pushed to once the transaction has committed.</returns>
    /// <param name="read">The people read before the step (<see cref="ReadPeopleAsync"/>), if it was; anyone missing is read here.</param>
    internal async Task<IReadOnlyList<string>> StageAsync(
        WorkOrdersDbContext db, WorkOrder wo, WorkOrderAction action, string actorId, string? comment, string? previousAssigneeId,
        DateTimeOffset now, CancellationToken ct, Dictionary<string, Reader>? read = null)
    {
        var providerAdmins = NotificationRules.TellsProviderAdmins(action) && wo.ProviderId is { } providerId
            ? await db.Users.Where(u => u.OrganizationId == providerId && u.Role == Organizations.OrganizationRole.Admin && u.IsActive)
                .Select(u => u.Id).ToListAsync(ct)
            : [];
        var recipients = NotificationRules.Recipients(action, wo, previousAssigneeId, providerAdmins);
        if (recipients.Count == 0) return recipients;

        // One query for everyone named or told, with each one's e-mail switch for this event — none when all were read before the step.
        var named = recipients.Append(actorId).Append(wo.AssigneeId).Append(wo.ApproverId).OfType<string>().Distinct();
        var missing = read is null ? named.ToArray() : named.Where(id => !read.ContainsKey(id)).ToArray();
        var people = read ?? [];
        if (missing.Length > 0)
        {
            foreach (var (id, reader) in await ReadAsync(db, missing, action, ct)) people[id] = reader;
        }
        var facility = wo.Facility is { } loaded
            ? new { loaded.Name, loaded.TimeZoneId }
            : await db.Facilities.Where(f => f.Id == wo.FacilityId).Select(f => new { f.Name, f.TimeZoneId }).SingleAsync(ct);

        string? NameOf(string? id) => id is not null && people.TryGetValue(id, out var p) ? p.DisplayName : null;
        var providerName = wo.ProviderId is { } pid ? await db.Organizations.Where(o => o.Id == pid).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        var content = new EmailContent(
            action, wo.Number, wo.Title, facility.Name, NameOf(actorId) ?? "Someone", comment,
            NameOf(wo.ApproverId), NameOf(wo.AssigneeId), wo.ScheduledStart, wo.ScheduledEnd, facility.TimeZoneId,
            $"{options.Value.PublicBaseUrl.TrimEnd('/')}/work-orders/{wo.Id}",
            $"{options.Value.PublicBaseUrl.TrimEnd('/')}/notifications/preferences",
            ReportLink: action == WorkOrderAction.Resolve ? options.Value.PublicBaseUrl.TrimEnd('/') + Attachments.FileUrls.CompletionReport(wo.Id) : null,
            ProviderName: providerName);

        var queued = false;
        // Each recipient reads the visit's time in their own culture: one rendering per culture, shared by everyone who reads it.
        var rendered = new Dictionary<string, RenderedEmail>(StringComparer.Ordinal);
        foreach (var userId in recipients)
        {
            var culture = people.TryGetValue(userId, out var reader) ? reader.Culture : null;
            if (!rendered.TryGetValue(culture ?? "\0", out var email))
            {
                rendered[culture ?? "\0"] = email = EmailTemplates.Render(content with { Culture = culture });
            }
            db.Notifications.Add(new Notification(userId, wo.Id, action, email.Subject, email.Summary, now));
            if (people.TryGetValue(userId, out var person) && person.IsActive && !string.IsNullOrEmpty(person.Email) && !person.OptedOut)
            {
                db.Outbox.Add(new OutboxMessage(person.Email, person.DisplayName, email.Subject, email.Text, email.Html, now, userId, wo.Id));
                queued = true;
            }
        }
        // Only once the transaction has committed, so the sender never looks for mail too early.
        if (queued) AfterCommit.Run(db, outboxSignal.Wake);
        return recipients;
    }

    private static Task<Dictionary<string, Reader>> ReadAsync(WorkOrdersDbContext db, string[] ids, WorkOrderAction action, CancellationToken ct) =>
        db.Users
            .Where(u => ids.Contains(u.Id))
            .Select(u => new Reader(u.Id, u.DisplayName, u.Email, u.IsActive, u.Culture, db.EmailOptOuts.Any(o => o.UserId == u.Id && o.Event == action),
                u.OrganizationId, u.Role))
            .ToDictionaryAsync(u => u.Id, ct);

    /// <summary>A person a transition names or tells: how to write to them, and who they are for the step's rules.</summary>
    internal sealed record Reader(
        string Id, string DisplayName, string? Email, bool IsActive, string? Culture, bool OptedOut, int OrganizationId, Organizations.OrganizationRole Role)
    {
        public Person AsPerson() => new(Id, OrganizationId, Role, IsActive, DisplayName);
    }
}
