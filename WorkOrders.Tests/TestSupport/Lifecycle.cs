using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Tests.TestSupport;

/// <summary>The parts a person can play toward one work order, for entity-level tests without a database.</summary>
public enum Role { Creator, Approver, Assignee, CreatorsAdmin, Bystander, OtherTenant, ProviderAdmin, ProviderTech, OtherProviderAdmin }

/// <summary>Where a work order stands: its status, and for Dispatched whether it went to a person or to a provider (ADR-016).</summary>
public enum Stage { Draft, Submitted, Approved, Denied, Dispatched, Resolved, Closed, AwaitingProvider, ProviderScheduled, ProviderResolved }

/// <summary>Builds work orders in any status through the entity's own transitions.</summary>
public static class Lifecycle
{
    public const int CompanyId = 1;
    public const int ProviderId = 2;
    public const int OtherCompanyId = 3;
    public const int OtherProviderId = 4;
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    public static Actor ActorFor(Role role) => role switch
    {
        Role.Creator => new("creator", CompanyId, OrganizationKind.Company, OrganizationRole.Member),
        Role.Approver => new("approver", CompanyId, OrganizationKind.Company, OrganizationRole.Member),
        Role.Assignee => new("assignee", CompanyId, OrganizationKind.Company, OrganizationRole.Member),
        Role.CreatorsAdmin => new("admin", CompanyId, OrganizationKind.Company, OrganizationRole.Admin),
        Role.Bystander => new("bystander", CompanyId, OrganizationKind.Company, OrganizationRole.Member),
        Role.OtherTenant => new("outsider", OtherCompanyId, OrganizationKind.Company, OrganizationRole.Admin),
        Role.ProviderAdmin => new("provider-admin", ProviderId, OrganizationKind.ServiceProvider, OrganizationRole.Admin),
        Role.ProviderTech => new("provider-tech", ProviderId, OrganizationKind.ServiceProvider, OrganizationRole.Member),
        Role.OtherProviderAdmin => new("other-provider-admin", OtherProviderId, OrganizationKind.ServiceProvider, OrganizationRole.Admin),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static Person PersonFor(Role role)
    {
        var actor = ActorFor(role);
        return new Person(actor.UserId, actor.OrganizationId, actor.Role, IsActive: true, DisplayName: role.ToString());
    }

    public static Facility Facility() => new(CompanyId, "Station 1", "1 Main St", "America/Chicago");

    public static List<ActionItem> Items(int count = 2) =>
        Enumerable.Range(1, count).Select(i => new ActionItem(0, $"Item {i}", "Description", Priority.Medium, Now)).ToList();

    public static WorkOrder Draft(Actor? creator = null)
    {
        var created = WorkOrder.Create(creator ?? ActorFor(Role.Creator), Facility(), creator?.OrganizationKind == OrganizationKind.ServiceProvider, "Fix the spill bucket", Items(), Now);
        Assert.True(created.IsOk, created.Message);
        return created.Value!;
    }

    /// <summary>A company-created work order in the given status, walked there by the right people.</summary>
    public static WorkOrder InStatus(WorkOrderStatus status)
    {
        var wo = Draft();
        var creator = ActorFor(Role.Creator);
        var approver = ActorFor(Role.Approver);
        void Step(WorkOrders.Core.Common.Result r) => Assert.True(r.IsOk, r.Message);

        if (status == WorkOrderStatus.Draft) return wo;
        Step(wo.Submit(creator, PersonFor(Role.Approver), Now));
        if (status == WorkOrderStatus.Submitted) return wo;
        if (status is WorkOrderStatus.Denied or WorkOrderStatus.Closed)
        {
            Step(wo.Deny(approver, "Too expensive", Now));
            if (status == WorkOrderStatus.Closed) Step(wo.Close(creator, null, Now));
            return wo;
        }
        Step(wo.Approve(approver, null, Now));
        if (status == WorkOrderStatus.Approved) return wo;
        Step(wo.Dispatch(creator, PersonFor(Role.Assignee), Now.AddDays(1), Now.AddDays(1).AddHours(2), Now));
        if (status == WorkOrderStatus.Dispatched) return wo;
        Step(wo.Resolve(ActorFor(Role.Assignee), "Fixed", Now));
        return wo;
    }

    public static ProviderChoice Provider() => new(ProviderId, "Summit Tank Services", ServesFacility: true, RespondWithinHours: 24);

    /// <summary>A company-created work order at the given stage; the provider stages go through the provider's rows.</summary>
    public static WorkOrder At(Stage stage)
    {
        if (stage < Stage.AwaitingProvider) return InStatus((WorkOrderStatus)(int)stage);
        var wo = InStatus(WorkOrderStatus.Approved);
        void Step(WorkOrders.Core.Common.Result r) => Assert.True(r.IsOk, r.Message);
        Step(wo.DispatchToProvider(ActorFor(Role.Creator), Provider(), Now.AddDays(1), Now.AddDays(3), "Gate code 4411", Now));
        if (stage == Stage.AwaitingProvider) return wo;
        Step(wo.Accept(ActorFor(Role.ProviderAdmin), PersonFor(Role.ProviderTech), Now.AddDays(2), Now.AddDays(2).AddHours(2), Now));
        if (stage == Stage.ProviderScheduled) return wo;
        Step(wo.Resolve(ActorFor(Role.ProviderTech), "Fixed", Now));
        return wo;
    }

    /// <summary>Takes the action with input that is valid for it, as the given person.</summary>
    public static WorkOrders.Core.Common.Result Take(WorkOrder wo, WorkOrderAction action, Actor actor) => action switch
    {
        WorkOrderAction.Edit => wo.Edit(actor, "New title", wo.ActionItems.ToList(), [new EstimateLineInput("Labour", 2, 95m)], Now),
        WorkOrderAction.Submit => wo.Submit(actor, PersonFor(Role.Approver), Now),
        WorkOrderAction.Approve => wo.Approve(actor, "Fine", Now),
        WorkOrderAction.Deny => wo.Deny(actor, "Get another quote", Now),
        WorkOrderAction.Dispatch => wo.Dispatch(actor, PersonFor(Role.Assignee), Now.AddDays(2), Now.AddDays(2).AddHours(3), Now),
        // The new assignee is one of the people who do this work order's work: the company's, or the provider's.
        WorkOrderAction.Reschedule => wo.Reschedule(actor, PersonFor(wo.ProviderId is null ? Role.Bystander : Role.ProviderAdmin), Now.AddDays(3), Now.AddDays(3).AddHours(1), Now),
        WorkOrderAction.DispatchToProvider => wo.DispatchToProvider(actor, Provider(), Now.AddDays(2), Now.AddDays(4), "Call ahead", Now),
        WorkOrderAction.Accept => wo.Accept(actor, PersonFor(Role.ProviderTech), Now.AddDays(2), Now.AddDays(2).AddHours(3), Now),
        WorkOrderAction.Decline => wo.Decline(actor, "No capacity this week", Now),
        WorkOrderAction.Resolve => wo.Resolve(actor, "Replaced the gasket", Now),
        WorkOrderAction.Reset => wo.Reset(actor, Now),
        WorkOrderAction.Close => wo.Close(actor, "Not worth it", Now),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
