using WorkOrders.Core.ActionItems;

namespace WorkOrders.Core.Organizations;

/// <summary>Operator is the organisation of the people who run the installation (the system administrator).</summary>
public enum OrganizationKind { Company, ServiceProvider, Operator }

/// <summary>Admin or not; with the organisation's kind this gives the roles of docs/product.md ("Roles").</summary>
public enum OrganizationRole { Member, Admin }

public sealed class Organization
{
    private Organization() { }

    public Organization(string name, OrganizationKind kind, string currency = "USD")
    {
        Name = name;
        Kind = kind;
        Currency = currency;
    }

    public int Id { get; private set; }
    public string Name { get; set; } = "";
    public OrganizationKind Kind { get; private set; }

    /// <summary>ISO 4217 code in which the company's estimates are written.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Its people must sign in with an authenticator app as well as their password.</summary>
    public bool RequireTwoFactor { get; set; }

    /// <summary>A company's rule: a work order is resolved only with at least one photo of the finished work.</summary>
    public bool RequireResolutionPhoto { get; set; }

    /// <summary>The organisation's own day: when "today" starts for due dates and when its morning digest goes out.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>Days from recording to the due date, by priority, for items recorded without one; null: no default.</summary>
    public int? DueDaysCritical { get; set; } = 7;
    public int? DueDaysHigh { get; set; } = 30;
    public int? DueDaysMedium { get; set; } = 60;
    public int? DueDaysLow { get; set; } = 90;

    /// <summary>
    /// A company's longest visit in whole minutes, at least a day: how far before a range its calendar looks for a visit
    /// that reaches into the range (<see cref="Scheduling.VisitReach"/>). It grows when a longer visit is scheduled and never
    /// shrinks, so it is never shorter than a visit on the company's calendar.
    /// </summary>
    public int LongestVisitMinutes { get; private set; } = Scheduling.VisitReach.ShortestBoundMinutes;

    public DueDateDefaults DueDefaults
    {
        get => new(DueDaysCritical, DueDaysHigh, DueDaysMedium, DueDaysLow);
        set => (DueDaysCritical, DueDaysHigh, DueDaysMedium, DueDaysLow) = (value.Critical, value.High, value.Medium, value.Low);
    }
}
