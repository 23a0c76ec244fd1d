using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.WorkOrders;

public enum WorkOrderStatus { Draft, Submitted, Approved, Denied, Dispatched, Resolved, Closed }

public enum WorkOrderAction { Edit, Submit, Approve, Deny, Dispatch, Reschedule, Resolve, Reset, Close }

/// <summary>Who may take an action, by their part in the work order.</summary>
public enum Party { CreatorOrCreatorsAdmin, Creator, Approver, Submitter, Assignee }

public sealed record LifecycleRule(WorkOrderStatus From, WorkOrderAction Action, WorkOrderStatus To, Party Who);

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
        new(WorkOrderStatus.Dispatched, WorkOrderAction.Reschedule, WorkOrderStatus.Dispatched, Party.Submitter),
        new(WorkOrderStatus.Dispatched, WorkOrderAction.Resolve,    WorkOrderStatus.Resolved,   Party.Assignee),
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

    internal static bool IsParty(WorkOrder wo, Actor actor, Party party) => party switch
    {
        Party.Creator => wo.CreatorId == actor.UserId,
        Party.CreatorOrCreatorsAdmin => wo.CreatorId == actor.UserId || (actor.IsAdmin && actor.OrganizationId == wo.CreatedByOrganizationId),
        Party.Approver => wo.ApproverId == actor.UserId,
        Party.Submitter => wo.SubmitterId == actor.UserId,
        Party.Assignee => wo.AssigneeId == actor.UserId,
        _ => false,
    };

    public static string Describe(Party party) => party switch
    {
        Party.CreatorOrCreatorsAdmin => "the creator or an admin of the creator's organisation",
        Party.Creator => "the creator",
        Party.Approver => "the chosen approver",
        Party.Submitter => "the submitter",
        Party.Assignee => "the assignee",
        _ => party.ToString(),
    };

    public static string Verb(WorkOrderAction action) => action switch
    {
        WorkOrderAction.Edit => "edit",
        WorkOrderAction.Submit => "submit",
        WorkOrderAction.Approve => "approve",
        WorkOrderAction.Deny => "deny",
        WorkOrderAction.Dispatch => "dispatch",
        WorkOrderAction.Reschedule => "reschedule or reassign",
        WorkOrderAction.Resolve => "resolve",
        WorkOrderAction.Reset => "reset to draft",
        WorkOrderAction.Close => "close",
        _ => action.ToString().ToLowerInvariant(),
    };
}
