using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Orders;

public enum WorkOrderStatus { Draft, Submitted, Approved, Denied, Dispatched, Resolved, Closed }

public enum WorkOrderAction { Edit, Submit, Approve, Deny, Dispatch, Reschedule, Resolve, Reset, Close, DispatchToProvider, Accept, Decline }

/// <summary>Who may take an action, by their part in the work order.</summary>
public enum Party
{
    CreatorOrCreatorsAdmin, Creator, Approver, Submitter, Assignee,

    /// <summary>An admin of the service provider the work order is dispatched to.</summary>
    ProviderAdmin,

    /// <summary>Whoever holds the schedule: the provider's admins once it is dispatched to a provider, else the submitter.</summary>
    Scheduler,
}

/// <summary>
/// A condition on the work order a row needs besides its status. Dispatched to a provider that has not accepted yet
/// is a Dispatched work order with a provider and no technician (ADR-016).
/// </summary>
public enum Guard
{
    None,

    /// <summary>Created by the facility's company: only the company's own work goes out to a provider.</summary>
    CompanyWork,

    /// <summary>Dispatched to a provider that has not yet accepted it (no technician).</summary>
    AwaitingProvider,

    /// <summary>A technician and a time are set.</summary>
    Scheduled,
}

public sealed record LifecycleRule(WorkOrderStatus From, WorkOrderAction Action, WorkOrderStatus To, Party Who, Guard When = Guard.None);

/// <summary>
/// The whole lifecycle of docs/product.md ("Lifecycle") in one table: (status, action) → status and who may act.
/// Nothing else changes a work order's status; <see cref="WorkOrder"/> applies these rules.
/// </summary>
public static class WorkOrderLifecycle
{
    public static readonly IReadOnlyList<LifecycleRule> Rules =
    [
        new(WorkOrderStatus.Draft,      WorkOrderAction.Edit,       WorkOrderStatus.Draft,      Party.CreatorOrCreatorsAdmin),
        new(WorkOrderStatus.Draft,      WorkOrderAction.Submit,     WorkOrderStatus.Submitted,  Party.Creator),
        new(WorkOrderStatus.Submitted,  WorkOrderAction.Approve,    WorkOrderStatus.Approved,   Party.Approver),
        new(WorkOrderStatus.Submitted,  WorkOrderAction.Deny,       WorkOrderStatus.Denied,     Party.Approver),
        new(WorkOrderStatus.Approved,   WorkOrderAction.Dispatch,   WorkOrderStatus.Dispatched, Party.Submitter),
        new(WorkOrderStatus.Approved,   WorkOrderAction.DispatchToProvider, WorkOrderStatus.Dispatched, Party.Submitter, Guard.CompanyWork),
        new(WorkOrderStatus.Dispatched, WorkOrderAction.Accept,     WorkOrderStatus.Dispatched, Party.ProviderAdmin, Guard.AwaitingProvider),
        new(WorkOrderStatus.Dispatched, WorkOrderAction.Decline,    WorkOrderStatus.Approved,   Party.ProviderAdmin, Guard.AwaitingProvider),
        new(WorkOrderStatus.Dispatched, WorkOrderAction.Reschedule, WorkOrderStatus.Dispatched, Party.Scheduler, Guard.Scheduled),
        new(WorkOrderStatus.Dispatched, WorkOrderAction.Resolve,    WorkOrderStatus.Resolved,   Party.Assignee, Guard.Scheduled),
        new(WorkOrderStatus.Denied,     WorkOrderAction.Reset,      WorkOrderStatus.Draft,      Party.Submitter),
        new(WorkOrderStatus.Denied,     WorkOrderAction.Close,      WorkOrderStatus.Closed,     Party.Submitter),
    ];

    public static LifecycleRule? Find(WorkOrderStatus from, WorkOrderAction action) =>
        Rules.FirstOrDefault(r => r.From == from && r.Action == action);

    public static bool IsFinal(WorkOrderStatus status) => status is WorkOrderStatus.Resolved or WorkOrderStatus.Closed;

    /// <summary>Create has no "from" status: a company user of the facility's company, or an admin of a linked provider.</summary>
    public static bool MayCreate(Actor actor, int facilityCompanyId, bool actorsProviderIsLinked) =>
        actor.OrganizationKind switch
        {
            OrganizationKind.Company => actor.OrganizationId == facilityCompanyId,
            OrganizationKind.ServiceProvider => actor.IsAdmin && actorsProviderIsLinked,
            _ => false,
        };

    /// <summary>Only company users are ever chosen as approvers (submit), so only they need an approval inbox.</summary>
    public static bool MayEverApprove(Actor actor) => actor.OrganizationKind == OrganizationKind.Company;

    /// <summary>The submitter dispatches, and the submitter is the creator: those who may create work orders.</summary>
    public static bool MayEverDispatch(Actor actor) => actor.OrganizationKind == OrganizationKind.Company || actor.IsProviderAdmin;

    /// <summary>Only a provider's admins accept or decline work dispatched to the provider: they get the "Incoming work" queue.</summary>
    public static bool MayEverAccept(Actor actor) => actor.IsProviderAdmin;

    internal static bool Holds(WorkOrder wo, Guard guard) => guard switch
    {
        Guard.None => true,
        Guard.CompanyWork => wo.CreatedByKind == OrganizationKind.Company,
        Guard.AwaitingProvider => wo.IsAwaitingProvider,
        Guard.Scheduled => wo.AssigneeId is not null,
        _ => false,
    };

    /// <summary>The scheduler of <see cref="Party.Scheduler"/>, for lists that read projections instead of entities.</summary>
    public static bool IsScheduler(Actor actor, string? submitterId, int? providerId) =>
        providerId is { } provider ? actor.IsProviderAdmin && actor.OrganizationId == provider : submitterId == actor.UserId;

    internal static bool IsParty(WorkOrder wo, Actor actor, Party party) => party switch
    {
        Party.Creator => wo.CreatorId == actor.UserId,
        Party.CreatorOrCreatorsAdmin => wo.CreatorId == actor.UserId || (actor.IsAdmin && actor.OrganizationId == wo.CreatedByOrganizationId),
        Party.Approver => wo.ApproverId == actor.UserId,
        Party.Submitter => wo.SubmitterId == actor.UserId,
        Party.Assignee => wo.AssigneeId == actor.UserId,
        Party.ProviderAdmin => wo.ProviderId is { } provider && actor.IsProviderAdmin && actor.OrganizationId == provider,
        Party.Scheduler => IsScheduler(actor, wo.SubmitterId, wo.ProviderId),
        _ => false,
    };

    public static string Describe(Guard guard) => guard switch
    {
        Guard.CompanyWork => "only work created by the facility's company goes to a service provider",
        Guard.AwaitingProvider => "it is not waiting for a service provider to accept it",
        Guard.Scheduled => "it has no technician and time yet",
        _ => "",
    };

    public static string Describe(Party party) => party switch
    {
        Party.CreatorOrCreatorsAdmin => "the creator or an admin of the creator's organisation",
        Party.Creator => "the creator",
        Party.Approver => "the chosen approver",
        Party.Submitter => "the submitter",
        Party.Assignee => "the assignee",
        Party.ProviderAdmin => "an admin of the service provider it is dispatched to",
        Party.Scheduler => "the submitter, or the provider's admins once a service provider has it",
        _ => party.ToString(),
    };
}
