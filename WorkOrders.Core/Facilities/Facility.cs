using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Facilities;

/// <summary>A location owned by one company. Work orders live here.</summary>
public sealed class Facility
{
    private Facility() { }

    public Facility(int companyId, string name, string address, string timeZoneId)
    {
        CompanyId = companyId;
        Name = name;
        Address = address;
        TimeZoneId = timeZoneId;
    }

    public int Id { get; private set; }
    public int CompanyId { get; private set; }
    public Organization? Company { get; private set; }
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";

    /// <summary>IANA zone id (e.g. America/Chicago); schedules are shown in it.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    public List<FacilityProviderLink> ProviderLinks { get; private set; } = [];

    public TimeZoneInfo TimeZone => TimeZones.Find(TimeZoneId);
}

/// <summary>A service provider that serves a facility.</summary>
public sealed class FacilityProviderLink
{
    public int FacilityId { get; set; }
    public int ProviderId { get; set; }
    public Organization? Provider { get; set; }

    public const int DefaultRespondWithinHours = 24;
    public const int MaxRespondWithinHours = 24 * 30;

    /// <summary>Set by the company: how long the provider has to accept or decline work dispatched to it here.</summary>
    public int RespondWithinHours { get; set; } = DefaultRespondWithinHours;
}

/// <summary>Facility wall-clock time: what a dispatcher types and reads.</summary>
public static class TimeZones
{
    public static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static bool IsKnown(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The instant as the facility's clock shows it.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant, string timeZoneId) => TimeZoneInfo.ConvertTime(instant, Find(timeZoneId));

    /// <summary>
    /// The instant of a wall-clock time at the facility, or null for a time that does not exist there
    /// (skipped by a daylight-saving change). An ambiguous time takes the earlier (daylight) offset.
    /// </summary>
    public static DateTimeOffset? FromLocal(DateTime wallClock, string timeZoneId)
    {
        var zone = Find(timeZoneId);
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return null;
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
