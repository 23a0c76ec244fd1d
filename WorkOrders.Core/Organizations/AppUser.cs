using Microsoft.AspNetCore.Identity;

namespace WorkOrders.Core.Organizations;

/// <summary>A person who signs in. Belongs to exactly one organisation.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public OrganizationRole Role { get; set; }

    /// <summary>Disabled users cannot sign in; their history stays.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>Seeded from configuration only; may create organisations and their first admin.</summary>
    public bool IsSystemAdmin { get; set; }

    /// <summary>SHA-256 (hex) of the private iCal feed URL's token; null when the user has none or revoked it.</summary>
    public string? CalendarFeedToken { get; set; }

    /// <summary>How dates, times and amounts are written for this person (<see cref="Common.Formats.Cultures"/>); null is en-US.</summary>
    public string? Culture { get; set; }

    /// <summary>The screens in dark colours, wherever this person signs in.</summary>
    public bool DarkMode { get; set; }
}
