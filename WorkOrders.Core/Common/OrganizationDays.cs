using WorkOrders.Core.Facilities;

namespace WorkOrders.Core.Common;

/// <summary>
/// Calendar days of an organisation (its time zone) as instants: "created between" filters and the dashboard's age
/// buckets and months count the same rows because both turn days into instants here.
/// </summary>
public static class OrganizationDays
{
    /// <summary>
    /// The first instant of <paramref name="day"/> in the zone (the first valid time when midnight is skipped), in UTC:
    /// SQLite stores an instant as a sortable number of its own offset's clock, so only UTC instants compare right.
    /// </summary>
    public static DateTimeOffset Start(DateOnly day, string timeZoneId)
    {
        var wallClock = day.ToDateTime(TimeOnly.MinValue);
        for (var hour = 0; hour < 24; hour++)
        {
            if (TimeZones.FromLocal(wallClock.AddHours(hour), timeZoneId) is { } instant) return instant.ToUniversalTime();
        }
        return new DateTimeOffset(wallClock, TimeSpan.Zero);
    }

    /// <summary>The instants [from, to) covering the days <paramref name="firstDay"/> to <paramref name="lastDay"/>, both included; null = open.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? Before) Range(DateOnly? firstDay, DateOnly? lastDay, string timeZoneId) =>
        (firstDay is { } f ? Start(f, timeZoneId) : null, lastDay is { } l ? Start(l.AddDays(1), timeZoneId) : null);
}
