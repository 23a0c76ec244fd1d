using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Diagnostics;
using WorkOrders.Core.Email;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Core.Jobs;

namespace WorkOrders.Core.Notifications;

/// <summary>A user's own choice about the daily digest; without one the default of <see cref="DailyDigest.DefaultOn"/> applies.</summary>
public sealed class DigestPreference
{
    public string UserId { get; set; } = "";
    public bool Enabled { get; set; }
}

/// <summary>
/// The digest of one user for one day of their organisation, whether or not it had anything to say. Its key
/// (user, day) is inserted in the same transaction as the e-mail, so a second server doing the same finds the
/// key taken and its transaction, e-mail included, rolls back.
/// </summary>
public sealed class DigestDelivery
{
    private DigestDelivery() { }

    public DigestDelivery(string userId, DateOnly day, DateTimeOffset at, bool sent)
    {
        UserId = userId;
        Day = day;
        At = at;
        Sent = sent;
    }

    public string UserId { get; private set; } = "";
    public DateOnly Day { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>False when there was nothing to tell: no e-mail went out.</summary>
    public bool Sent { get; private set; }
}

/// <summary>The "Digest" section of the configuration.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digest";

    /// <summary>The digest goes out from this hour of the organisation's morning on.</summary>
    [Range(0, 23)] public int MorningHour { get; set; } = 7;

    /// <summary>A work order waiting for approval longer than this is listed.</summary>
    [Range(1, 365)] public int ApprovalWaitDays { get; set; } = 3;

    /// <summary>Approved work not dispatched after this many days is listed.</summary>
    [Range(1, 365)] public int DispatchWaitDays { get; set; } = 3;

    /// <summary>How often each server looks for digests due.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most lines of one kind an e-mail lists; the rest is counted.</summary>
    [Range(1, 1000)] public int MaxLines { get; set; } = 25;
}

public sealed record DigestItem(int Id, string Title, int FacilityId, string Facility, Priority Priority, DateOnly DueDate, int? WorkOrderId);

public sealed record DigestWorkOrder(int Id, string Title, string Facility, DateTimeOffset Since)
{
    public string Number => WorkOrder.FormatNumber(Id);
}

/// <summary>What one user's digest lists; each list capped at <see cref="DigestOptions.MaxLines"/>, with the full counts.</summary>
public sealed record DigestContent(
    DateOnly Day, IReadOnlyList<DigestItem> Overdue, int OverdueCount, IReadOnlyList<DigestItem> DueSoon, int DueSoonCount,
    IReadOnlyList<DigestWorkOrder> WaitingForApproval, int WaitingCount, IReadOnlyList<DigestWorkOrder> NotDispatched, int NotDispatchedCount)
{
    public bool IsEmpty => OverdueCount + DueSoonCount + WaitingCount + NotDispatchedCount == 0;
}

/// <summary>
/// The daily digest e-mail: once per user and day of their organisation's time zone, from its morning on, through the
/// outbox. Which users get it is a notification preference, on by default for company admins and for submitters.
/// </summary>
public sealed class DailyDigest(
    IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, IOptions<DigestOptions> options, IOptions<WorkOrdersOptions> appOptions,
    OutboxSignal outboxSignal, ILogger<DailyDigest> logger)
{
    /// <summary>Company admins and everyone who has submitted work get it unless they switch it off.</summary>
    public static bool DefaultOn(OrganizationKind kind, OrganizationRole role, bool hasSubmitted) =>
        (kind == OrganizationKind.Company && role == OrganizationRole.Admin) || hasSubmitted;

    public async Task<bool> IsOnAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var chosen = await db.DigestPreferences.Where(p => p.UserId == actor.UserId).Select(p => (bool?)p.Enabled).FirstOrDefaultAsync(ct);
        return chosen ?? DefaultOn(actor.OrganizationKind, actor.Role, await db.WorkOrders.AnyAsync(w => w.SubmitterId == actor.UserId, ct));
    }

    public async Task<Result> SetAsync(Actor actor, bool enabled, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var preference = await db.DigestPreferences.FirstOrDefaultAsync(p => p.UserId == actor.UserId, ct);
        if (preference is null) db.DigestPreferences.Add(new DigestPreference { UserId = actor.UserId, Enabled = enabled });
        else preference.Enabled = enabled;
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>Sends every digest due now; safe to run on several servers at once. Returns the e-mails this call queued.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<(int Id, OrganizationKind Kind, string TimeZoneId)> organizations;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            organizations = (await db.Organizations.Where(o => o.Kind != OrganizationKind.Operator)
                    .Select(o => new { o.Id, o.Kind, o.TimeZoneId }).ToListAsync(ct))
                .Select(o => (o.Id, o.Kind, o.TimeZoneId)).ToList();
        }

        var queued = 0;
        foreach (var organization in organizations)
        {
            var local = TimeZones.ToLocal(now, organization.TimeZoneId);
            if (local.Hour < options.Value.MorningHour) continue;
            var day = DateOnly.FromDateTime(local.DateTime);
            foreach (var user in await DueUsersAsync(organization.Id, organization.Kind, day, ct))
            {
                if (await TrySendAsync(new Actor(user.Id, organization.Id, organization.Kind, user.Role), user.Email, user.DisplayName, day, now, ct, user.Culture)) queued++;
            }
        }
        if (queued > 0) outboxSignal.Wake();
        return queued;
    }

    private sealed record Recipient(string Id, string Email, string DisplayName, OrganizationRole Role, string? Culture);

    private async Task<List<Recipient>> DueUsersAsync(int organizationId, OrganizationKind kind, DateOnly day, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users
            .Where(u => u.OrganizationId == organizationId && u.IsActive && u.Email != null && !u.IsSystemAdmin)
            .Where(u => !db.DigestDeliveries.Any(d => d.UserId == u.Id && d.Day == day))
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.Role, u.Culture,
                Chosen = db.DigestPreferences.Where(p => p.UserId == u.Id).Select(p => (bool?)p.Enabled).FirstOrDefault(),
                HasSubmitted = db.WorkOrders.Any(w => w.SubmitterId == u.Id),
            })
            .ToListAsync(ct);
        return users.Where(u => u.Chosen ?? DefaultOn(kind, u.Role, u.HasSubmitted))
            .Select(u => new Recipient(u.Id, u.Email!, u.DisplayName, u.Role, u.Culture)).ToList();
    }

    /// <summary>
    /// One user's digest for one day: the delivery row and (when there is anything to say) the e-mail, in one transaction.
    /// False when another server delivered it first: the key (user, day) was taken and nothing of this attempt was saved.
    /// </summary>
    /// <param name="culture">The recipient's culture (<see cref="Formats"/>), for the dates.</param>
    internal async Task<bool> TrySendAsync(Actor actor, string email, string displayName, DateOnly day, DateTimeOffset now, CancellationToken ct, string? culture = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var content = await ContentAsync(db, actor, day, now, ct);
        db.DigestDeliveries.Add(new DigestDelivery(actor.UserId, day, now, sent: !content.IsEmpty));
        if (!content.IsEmpty)
        {
            var (subject, text, html) = Render(content, appOptions.Value.PublicBaseUrl.TrimEnd('/'), Formats.Culture(culture));
            db.Outbox.Add(new OutboxMessage(email, displayName, subject, text, html, now, actor.UserId));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            logger.LogDebug(ex, "The digest of {UserId} for {Day} was already delivered by another server", actor.UserId, day);
            return false;
        }
        return !content.IsEmpty;
    }

    /// <summary>What the user's digest lists on <paramref name="day"/>, always through the user's visibility.</summary>
    public async Task<DigestContent> ContentAsync(Actor actor, DateOnly day, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ContentAsync(db, actor, day, clock.GetUtcNow(), ct);
    }

    private async Task<DigestContent> ContentAsync(WorkOrdersDbContext db, Actor actor, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var max = options.Value.MaxLines;
        var soon = today.AddDays(DueDates.SoonDays);
        var items = db.ActionItems.VisibleTo(actor).Where(i => i.Status == ActionItemStatus.Open && i.DueDate != null);
        var overdue = items.Where(i => i.DueDate < today);
        var dueSoon = items.Where(i => i.DueDate >= today && i.DueDate <= soon);

        // An admin hears of the whole organisation's waiting work; anyone else of the work they approve or submitted.
        var workOrders = db.WorkOrders.VisibleTo(actor);
        if (!actor.IsAdmin) workOrders = workOrders.Where(w => w.ApproverId == actor.UserId || w.SubmitterId == actor.UserId);
        var approvalSince = now.AddDays(-options.Value.ApprovalWaitDays);
        var dispatchSince = now.AddDays(-options.Value.DispatchWaitDays);
        var waiting = workOrders.Where(w => w.Status == WorkOrderStatus.Submitted && w.UpdatedAt < approvalSince);
        var notDispatched = workOrders.Where(w => w.Status == WorkOrderStatus.Approved && w.UpdatedAt < dispatchSince);

        async Task<List<DigestItem>> ItemsAsync(IQueryable<ActionItem> q) => await q.OrderBy(i => i.DueDate).ThenBy(i => i.Id).Take(max)
            .Select(i => new DigestItem(i.Id, i.Title, i.FacilityId, i.Facility!.Name, i.Priority, i.DueDate!.Value, i.WorkOrderId)).ToListAsync(ct);
        async Task<List<DigestWorkOrder>> WorkAsync(IQueryable<WorkOrder> q) => await q.OrderBy(w => w.Id).Take(max)
            .Select(w => new DigestWorkOrder(w.Id, w.Title, w.Facility!.Name, w.UpdatedAt)).ToListAsync(ct);

        return new DigestContent(today,
            await ItemsAsync(overdue), await overdue.CountAsync(ct),
            await ItemsAsync(dueSoon), await dueSoon.CountAsync(ct),
            await WorkAsync(waiting), await waiting.CountAsync(ct),
            await WorkAsync(notDispatched), await notDispatched.CountAsync(ct));
    }

    internal static (string Subject, string Text, string Html) Render(DigestContent c, string baseUrl, CultureInfo culture)
    {
        var day = $"{c.Day.ToString("dddd", culture)} {Formats.Date(c.Day, culture)}";
        var subject = $"Your WorkOrders digest for {Formats.Day(c.Day, culture)}: " + string.Join(", ", new[]
        {
            c.OverdueCount > 0 ? $"{c.OverdueCount} overdue" : null,
            c.DueSoonCount > 0 ? $"{c.DueSoonCount} due soon" : null,
            c.WaitingCount > 0 ? $"{c.WaitingCount} waiting for approval" : null,
            c.NotDispatchedCount > 0 ? $"{c.NotDispatchedCount} not dispatched" : null,
        }.OfType<string>());

        var sections = new List<(string Heading, int Count, IEnumerable<(string Text, string Link)> Lines)>
        {
            ("Overdue action items", c.OverdueCount, c.Overdue.Select(i => ($"{i.Title} — {i.Facility}, {i.Priority}, due {Formats.Date(i.DueDate, culture)}", ItemLink(i)))),
            ("Due within 7 days", c.DueSoonCount, c.DueSoon.Select(i => ($"{i.Title} — {i.Facility}, {i.Priority}, due {Formats.Date(i.DueDate, culture)}", ItemLink(i)))),
            ("Waiting for approval", c.WaitingCount, c.WaitingForApproval.Select(w => ($"{w.Number} {w.Title} — {w.Facility}, since {Formats.Day(DateOnly.FromDateTime(w.Since.UtcDateTime), culture)}", $"{baseUrl}/work-orders/{w.Id}"))),
            ("Approved, not yet dispatched", c.NotDispatchedCount, c.NotDispatched.Select(w => ($"{w.Number} {w.Title} — {w.Facility}, approved {Formats.Day(DateOnly.FromDateTime(w.Since.UtcDateTime), culture)}", $"{baseUrl}/work-orders/{w.Id}"))),
        };
        string ItemLink(DigestItem i) => i.WorkOrderId is { } wo ? $"{baseUrl}/work-orders/{wo}" : $"{baseUrl}/facilities/{i.FacilityId}";

        var text = new StringBuilder($"Your digest for {day}.\n");
        var html = new StringBuilder($"<!DOCTYPE html><html><body style=\"font-family:Roboto,Arial,sans-serif;color:#1f2937\"><p style=\"font-size:16px\">Your digest for {E(day)}.</p>");
        foreach (var (heading, count, lines) in sections.Where(s => s.Count > 0))
        {
            var list = lines.ToList();
            text.Append($"\n{heading} ({count})\n");
            html.Append($"<h2 style=\"font-size:16px\">{E(heading)} ({count})</h2><ul>");
            foreach (var (line, link) in list)
            {
                text.Append($"- {line}\n  {link}\n");
                html.Append($"<li><a href=\"{E(link)}\">{E(line)}</a></li>");
            }
            if (count > list.Count)
            {
                text.Append($"- and {count - list.Count} more\n");
                html.Append($"<li>and {count - list.Count} more</li>");
            }
            html.Append("</ul>");
        }
        var preferences = $"{baseUrl}/notifications/preferences";
        text.Append($"\n--\nYou get this e-mail once a day. Switch it off: {preferences}");
        html.Append($"<p style=\"font-size:12px;color:#6b7280\">You get this e-mail once a day. <a href=\"{E(preferences)}\" style=\"color:#6b7280\">Switch it off</a>.</p></body></html>");
        return (subject, text.ToString(), html.ToString());

        static string E(string s) => WebUtility.HtmlEncode(s);
    }
}

/// <summary>Looks for due digests every <see cref="DigestOptions.CheckInterval"/>; several servers may run it at once.</summary>
public sealed class DailyDigestWorker(DailyDigest digest, IJobLeases leases, TimeProvider clock, IOptions<DigestOptions> options, IOptions<EmailOptions> email,
    WorkOrdersMetrics metrics, ILogger<DailyDigestWorker> logger) : BackgroundService
{
    public const string JobName = "daily-digest";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Where a process only writes the outbox (and in tests, which send themselves), no digest is sent either.
        if (!email.Value.SendInBackground) return;
        // One server per check interval looks for due digests; the (user, day) key still stops a second e-mail.
        await LeasedJob.RunEveryAsync(JobName, options.Value.CheckInterval, clock, leases, metrics, logger,
            "Sending the daily digests failed; the next check tries again", digest.SendDueAsync, stoppingToken);
    }
}
