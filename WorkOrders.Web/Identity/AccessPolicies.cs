using Microsoft.AspNetCore.Authorization;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Email;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Page-level policies for the pages only some roles may open. Each asks Core's own rule, so a page,
/// its menu entry and the use cases behind it never disagree. The router checks them on every
/// in-app navigation and again whenever the signed-in user's role changes.
/// </summary>
public static class AccessPolicies
{
    public const string ManageOrganizations = "ManageOrganizations";
    public const string ManageFacilities = "ManageFacilities";
    public const string ManageUsers = "ManageUsers";
    public const string ProviderLinks = "ProviderLinks";
    public const string ViewOutbox = "ViewOutbox";
    public const string Dispatch = "Dispatch";
    public const string Approve = "Approve";
    public const string Dashboard = "Dashboard";

    public static readonly IReadOnlyDictionary<string, Func<Actor, bool>> Rules = new Dictionary<string, Func<Actor, bool>>
    {
        [ManageOrganizations] = actor => AdminAccess.For(actor).Organizations,
        [ManageFacilities] = AdminAccess.MayManageFacilities,
        [ManageUsers] = AdminAccess.MayManageUsers,
        [ProviderLinks] = actor => AdminAccess.For(actor) is { ProviderLinks: true } or { LinkedFacilities: true },
        [ViewOutbox] = OutboxAdmin.MayView,
        [Dispatch] = WorkOrderLifecycle.MayEverDispatch,
        [Approve] = WorkOrderLifecycle.MayEverApprove,
        [Dashboard] = WorkOrders.Core.Dashboard.DashboardQueries.MaySee,
    };

    public static AuthorizationBuilder AddAccessPolicies(this AuthorizationBuilder builder)
    {
        foreach (var (name, rule) in Rules)
        {
            builder.AddPolicy(name, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(context => ActorClaims.ToActor(context.User) is { } actor && rule(actor)));
        }
        return builder;
    }
}
