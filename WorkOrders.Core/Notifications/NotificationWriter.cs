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
    /// <returns>The users told, to be pushed to once the transaction has committed.</returns>
    internal async Task<IReadOnlyList<string>> StageAsync(
        WorkOrdersDbContext db, WorkOrder wo, WorkOrderAction action, string actorId, string? comment, string? previousAssigneeId,
        DateTimeOffset now, CancellationToken ct)
    {
        var providerAdmins = NotificationRules.TellsProviderAdmins(action) && wo.ProviderId is { } providerId
            ? await db.Users.Where(u => u.OrganizationId == providerId && u.Role == Organizations.OrganizationRole.Admin && u.IsActive)
                .Select(u => u.Id).ToListAsync(ct)
            : [];
        var recipients = NotificationRules.Recipients(action, wo, previousAssigneeId, providerAdmins);
        if (recipients.Count == 0) return recipients;

        // One query for everyone named or told, with each one's e-mail switch for this event.
        var people = await db.Users
            .Where(u => recipients.Contains(u.Id) || u.Id == actorId || u.Id == wo.AssigneeId || u.Id == wo.ApproverId)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.IsActive, u.Culture, OptedOut = db.EmailOptOuts.Any(o => o.UserId == u.Id && o.Event == action) })
            .ToDictionaryAsync(u => u.Id, ct);
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
        // Raised only once the transaction has committed, so the sender never looks for mail too early.
        if (queued) db.SavedChanges += (_, _) => outboxSignal.Wake();
        return recipients;
    }
}
