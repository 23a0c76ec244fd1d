using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

/// <summary>What an actor may administer. The navigation and the pages ask this; the use cases enforce it.</summary>
public sealed record AdminPermissions(bool Organizations, bool Facilities, bool Users, bool ProviderLinks, bool LinkedFacilities)
{
    public bool Any => Organizations || Facilities || Users || ProviderLinks || LinkedFacilities;
}

public static class AdminAccess
{
    public static AdminPermissions For(Actor actor) => new(
        Organizations: actor.IsSystemAdmin,
        Facilities: MayManageFacilities(actor),
        Users: MayManageUsers(actor),
        ProviderLinks: MayManageProviderLinks(actor),
        LinkedFacilities: actor.IsProviderAdmin);

    public static bool MayManageFacilities(Actor actor) => actor.IsAdmin && actor.OrganizationKind == OrganizationKind.Company;

    /// <summary>Company and provider admins manage their own organisation's people.</summary>
    public static bool MayManageUsers(Actor actor) =>
        actor.IsAdmin && actor.OrganizationKind is OrganizationKind.Company or OrganizationKind.ServiceProvider;

    /// <summary>Only the company that owns a facility decides who serves it; a provider cannot link itself.</summary>
    public static bool MayManageProviderLinks(Actor actor) => actor.IsAdmin && actor.OrganizationKind == OrganizationKind.Company;
}
