using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Scheduling;

/// <summary>
/// The private iCal feed of a user: the work dispatched to them and, for dispatchers, the work they
/// dispatched. The URL's token is the only credential, so only its SHA-256 hash is stored: a leaked
/// database does not reveal working feed URLs. The plain token is shown once, when it is created.
/// </summary>
public sealed class CalendarFeedService(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, IOptions<WorkOrdersOptions> options)
{
    /// <summary>How far back the feed reaches; calendar apps keep what they already fetched.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(90);

    public const string ProductId = "-//WorkOrders//Dispatch calendar//EN";

    /// <summary>Whether the user currently has a feed URL.</summary>
    public async Task<bool> HasFeedAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(u => u.Id == actor.UserId && u.CalendarFeedToken != null, ct);
    }

    /// <summary>Creates a new feed URL, replacing (and so invalidating) any previous one. Returns the URL.</summary>
    public async Task<Result<string>> RotateAsync(Actor actor, CancellationToken ct = default)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var changed = await SetAsync(actor, Hash(token), ct);
        return changed ? Result<string>.Ok(FeedUrl(token)) : Result<string>.From(Result.NotFound("The user"));
    }

    /// <summary>Revokes the feed URL: calendar apps subscribed to it get "not found" from now on.</summary>
    public async Task<Result> RevokeAsync(Actor actor, CancellationToken ct = default) =>
        await SetAsync(actor, null, ct) ? Result.Ok() : Result.NotFound("The user");

    public string FeedUrl(string token) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/calendar/feed/{token}.ics";

    /// <summary>The RFC 5545 text of the feed, or NotFound for a wrong or revoked token or a disabled user.</summary>
    public async Task<Result<string>> RenderAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return Result<string>.From(Result.NotFound());
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.CalendarFeedToken == hash && u.IsActive)
            .Select(u => new { User = u, Kind = u.Organization!.Kind })
            .FirstOrDefaultAsync(ct);
        if (user is null) return Result<string>.From(Result.NotFound());

        var actor = Actor.From(user.User, user.Kind);
        var now = clock.GetUtcNow();
        var since = now - History;
        var rows = await db.WorkOrders.VisibleTo(actor)
            .Where(w => (w.AssigneeId == actor.UserId || w.SubmitterId == actor.UserId)
                        && w.ScheduledStart != null && w.ScheduledEnd != null && w.ScheduledEnd >= since
                        && (w.Status == WorkOrderStatus.Dispatched || w.Status == WorkOrderStatus.Resolved))
            .Select(w => new FeedRow(
                w.Id, w.Title, w.Status, w.Facility!.Name, w.Facility.Address, w.Facility.TimeZoneId, w.Assignee!.DisplayName, w.AssigneeId,
                w.ScheduledStart!.Value, w.ScheduledEnd!.Value, w.ActionItems.Count, w.Version, w.UpdatedAt))
            .ToListAsync(ct);

        return Result<string>.Ok(Render(rows.OrderBy(r => r.Start).ThenBy(r => r.Id).ToList(), actor.UserId, user.User.DisplayName, now));
    }

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<bool> SetAsync(Actor actor, string? hash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CalendarFeedToken, hash), ct);
        return changed == 1;
    }

    private sealed record FeedRow(
        int Id, string Title, WorkOrderStatus Status, string FacilityName, string Address, string TimeZoneId, string? AssigneeName, string? AssigneeId,
        DateTimeOffset Start, DateTimeOffset End, int ActionItems, int Version, DateTimeOffset UpdatedAt);

    private string Render(IReadOnlyList<FeedRow> rows, string userId, string userName, DateTimeOffset now)
    {
        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", $"WorkOrders – {userName}");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        foreach (var zone in rows.Select(r => r.TimeZoneId).Distinct().Where(TimeZones.IsKnown))
        {
            calendar.AddTimeZone(zone);
        }

        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var host = new Uri(baseUrl).Host;
        foreach (var row in rows)
        {
            var link = $"{baseUrl}/work-orders/{row.Id}";
            var localStart = TimeZones.ToLocal(row.Start, row.TimeZoneId);
            var localEnd = TimeZones.ToLocal(row.End, row.TimeZoneId);
            var resolved = row.Status == WorkOrderStatus.Resolved;
            var role = row.AssigneeId == userId ? "Assigned to you" : $"Assigned to {row.AssigneeName}";
            var description = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"{WorkOrder.FormatNumber(row.Id)}: {row.Title}")
                .AppendLine(CultureInfo.InvariantCulture, $"Status: {row.Status}")
                .AppendLine(CultureInfo.InvariantCulture, $"{row.FacilityName}, {row.Address}")
                .AppendLine(CultureInfo.InvariantCulture, $"{localStart:ddd d MMM yyyy h:mm tt} – {localEnd:h:mm tt} ({row.TimeZoneId})")
                .AppendLine(CultureInfo.InvariantCulture, $"{role}; {row.ActionItems} action item{(row.ActionItems == 1 ? "" : "s")}")
                .Append(link)
                .ToString();
            calendar.Events.Add(new CalendarEvent
            {
                // Stable per work order, so a reschedule moves the event instead of adding one.
                Uid = $"workorder-{row.Id}@{host}",
                Sequence = row.Version,
                Summary = $"{(resolved ? "✓ " : "")}{WorkOrder.FormatNumber(row.Id)} {row.Title} – {row.FacilityName}",
                Description = description,
                Location = $"{row.FacilityName}, {row.Address}",
                Url = new Uri(link),
                DtStart = ZonedOrUtc(row.Start, row.TimeZoneId),
                DtEnd = ZonedOrUtc(row.End, row.TimeZoneId),
                DtStamp = new CalDateTime(now.UtcDateTime),
                LastModified = new CalDateTime(row.UpdatedAt.UtcDateTime),
                Status = "CONFIRMED",
                Transparency = "OPAQUE",
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>Facility wall-clock time with its TZID, so the event says where the visit's clock is; UTC for an unknown zone.</summary>
    private static CalDateTime ZonedOrUtc(DateTimeOffset instant, string timeZoneId) =>
        TimeZones.IsKnown(timeZoneId)
            ? new CalDateTime(TimeZones.ToLocal(instant, timeZoneId).DateTime, timeZoneId)
            : new CalDateTime(instant.UtcDateTime);
}
