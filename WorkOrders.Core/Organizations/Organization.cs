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
}
