using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using static WorkOrders.Tests.TestSupport.Lifecycle;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>Required inputs, cascades and history of the lifecycle, on the entity alone.</summary>
public sealed class WorkOrderRulesTests
{
    private static readonly Actor Creator = ActorFor(Role.Creator);
    private static readonly Actor Approver = ActorFor(Role.Approver);

    [Fact]
    public void Create_OtherTenant_NotAllowed()
    {
        var result = WorkOrder.Create(ActorFor(Role.OtherTenant), Facility(), false, "Title", Items(), Now);
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public void Create_ProviderAdminNotLinked_NotAllowed()
    {
        var provider = new Actor("p", ProviderId, OrganizationKind.ServiceProvider, OrganizationRole.Admin);
        Assert.Equal(ResultStatus.NotAllowed, WorkOrder.Create(provider, Facility(), actorsProviderIsLinked: false, "Title", Items(), Now).Status);
        Assert.True(WorkOrder.Create(provider, Facility(), actorsProviderIsLinked: true, "Title", Items(), Now).IsOk);
    }

    [Fact]
    public void Create_ProviderTechnician_NotAllowed()
    {
        var technician = new Actor("t", ProviderId, OrganizationKind.ServiceProvider, OrganizationRole.Member);
        Assert.Equal(ResultStatus.NotAllowed, WorkOrder.Create(technician, Facility(), true, "Title", Items(), Now).Status);
    }

    [Theory]
    [InlineData("", 2, "A title is required.")]
    [InlineData("   ", 2, "A title is required.")]
    [InlineData("Title", 0, "Add at least one action item.")]
    public void Create_MissingInput_InvalidWithMessage(string title, int items, string message)
    {
        var result = WorkOrder.Create(Creator, Facility(), false, title, Items(items), Now);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors);
    }

    [Fact]
    public void Create_ItemOfAnotherFacility_Invalid()
    {
        var items = Items();
        items.Add(new ActionItem(99, "Elsewhere", "", Priority.Low, Now));
        var result = WorkOrder.Create(Creator, Facility(), false, "Title", items, Now);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Contains("another facility"));
    }

    [Fact]
    public void Create_ItemInAnActiveWorkOrder_Invalid()
    {
        var first = Draft();
        var taken = first.ActionItems[0];
        var result = WorkOrder.Create(Creator, Facility(), false, "Second", [taken], Now);
        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Theory]
    [InlineData("Labour", 0, 10, "quantity must be greater than 0")]
    [InlineData("Labour", 1, -1, "unit price cannot be negative")]
    [InlineData(" ", 1, 10, "a description is required")]
    public void Edit_BadEstimateLine_InvalidAndUnchanged(string description, int quantity, int price, string message)
    {
        var wo = Draft();
        var result = wo.Edit(Creator, "New", wo.ActionItems.ToList(), [new EstimateLineInput(description, quantity, price)], Now);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Contains(message));
        Assert.Equal("Fix the spill bucket", wo.Title);
        Assert.Empty(wo.EstimateLines);
    }

    [Fact]
    public void Edit_Lines_ComputesTotal()
    {
        var wo = Draft();
        Assert.True(wo.Edit(Creator, "New", wo.ActionItems.ToList(), [new("Part", 2, 12.50m), new("Labour", 1.5m, 100m)], Now).IsOk);
        Assert.Equal(175m, wo.EstimateTotal);
    }

    [Fact]
    public void Edit_RemoveItem_ReleasesItForAnotherWorkOrder()
    {
        var wo = Draft();
        var removed = wo.ActionItems[1];
        Assert.True(wo.Edit(Creator, wo.Title, [wo.ActionItems[0]], [], Now).IsOk);
        Assert.False(removed.IsInActiveWorkOrder);
        Assert.Single(wo.ActionItems);
    }

    [Fact]
    public void Submit_ToSelf_Invalid()
    {
        var wo = Draft();
        var result = wo.Submit(Creator, PersonFor(Role.Creator), Now);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(WorkOrderStatus.Draft, wo.Status);
    }

    [Fact]
    public void Submit_ToOtherTenant_Invalid()
    {
        var wo = Draft();
        Assert.Equal(ResultStatus.Invalid, wo.Submit(Creator, PersonFor(Role.OtherTenant), Now).Status);
    }

    [Fact]
    public void Submit_ProviderCreatedToCompanyMember_Invalid()
    {
        var provider = new Actor("p", ProviderId, OrganizationKind.ServiceProvider, OrganizationRole.Admin);
        var wo = Draft(provider);
        var result = wo.Submit(provider, PersonFor(Role.Approver), Now);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Contains("company admin"));
        Assert.True(wo.Submit(provider, PersonFor(Role.CreatorsAdmin), Now).IsOk);
    }

    [Fact]
    public void Submit_DisabledApprover_Invalid()
    {
        var wo = Draft();
        var disabled = PersonFor(Role.Approver) with { IsActive = false };
        Assert.Equal(ResultStatus.Invalid, wo.Submit(Creator, disabled, Now).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Deny_WithoutReason_Invalid(string reason)
    {
        var wo = InStatus(WorkOrderStatus.Submitted);
        Assert.Equal(ResultStatus.Invalid, wo.Deny(Approver, reason, Now).Status);
        Assert.Equal(WorkOrderStatus.Submitted, wo.Status);
    }

    [Fact]
    public void Deny_WithReason_RecordsReasonInHistory()
    {
        var wo = InStatus(WorkOrderStatus.Submitted);
        Assert.True(wo.Deny(Approver, "  Get a second quote ", Now).IsOk);
        Assert.Equal("Get a second quote", wo.History[^1].Comment);
    }

    [Fact]
    public void Dispatch_EndBeforeStart_Invalid()
    {
        var wo = InStatus(WorkOrderStatus.Approved);
        Assert.Equal(ResultStatus.Invalid, wo.Dispatch(Creator, PersonFor(Role.Assignee), Now.AddHours(2), Now.AddHours(1), Now).Status);
        Assert.Null(wo.AssigneeId);
    }

    [Fact]
    public void Dispatch_AssigneeOfAnotherOrganisation_Invalid()
    {
        var wo = InStatus(WorkOrderStatus.Approved);
        Assert.Equal(ResultStatus.Invalid, wo.Dispatch(Creator, PersonFor(Role.OtherTenant), Now, Now.AddHours(1), Now).Status);
    }

    [Fact]
    public void Reschedule_NothingChanged_Invalid()
    {
        var wo = InStatus(WorkOrderStatus.Dispatched);
        var result = wo.Reschedule(Creator, PersonFor(Role.Assignee), wo.ScheduledStart!.Value, wo.ScheduledEnd!.Value, Now);
        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public void Reschedule_NewAssignee_RecordsTheChange()
    {
        var wo = InStatus(WorkOrderStatus.Dispatched);
        Assert.True(wo.Reschedule(Creator, PersonFor(Role.Bystander), wo.ScheduledStart!.Value, wo.ScheduledEnd!.Value, Now).IsOk);
        Assert.Equal("bystander", wo.AssigneeId);
        Assert.Contains("reassigned", wo.History[^1].Comment);
    }

    [Fact]
    public void Resolve_WithoutNote_Invalid()
    {
        var wo = InStatus(WorkOrderStatus.Dispatched);
        Assert.Equal(ResultStatus.Invalid, wo.Resolve(ActorFor(Role.Assignee), " ", Now).Status);
        Assert.All(wo.ActionItems, i => Assert.Equal(ActionItemStatus.Open, i.Status));
    }

    [Fact]
    public void Resolve_Ok_ResolvesEveryActionItem()
    {
        var wo = InStatus(WorkOrderStatus.Dispatched);
        Assert.True(wo.Resolve(ActorFor(Role.Assignee), "Done", Now).IsOk);
        Assert.All(wo.ActionItems, i => Assert.Equal(ActionItemStatus.Resolved, i.Status));
    }

    [Fact]
    public void Close_Ok_ClosesEveryActionItem()
    {
        var wo = InStatus(WorkOrderStatus.Denied);
        Assert.True(wo.Close(Creator, null, Now).IsOk);
        Assert.All(wo.ActionItems, i => Assert.Equal(ActionItemStatus.Closed, i.Status));
        Assert.All(wo.ActionItems, i => Assert.False(i.IsInActiveWorkOrder));
    }

    [Fact]
    public void Reset_Ok_ClearsApproverAndKeepsContent()
    {
        var wo = InStatus(WorkOrderStatus.Denied);
        var items = wo.ActionItems.Count;
        Assert.True(wo.Reset(Creator, Now).IsOk);
        Assert.Null(wo.ApproverId);
        Assert.Equal(items, wo.ActionItems.Count);
        Assert.Equal("Fix the spill bucket", wo.Title);
    }

    [Fact]
    public void History_FullPath_RecordsEveryTransitionInOrder()
    {
        var wo = InStatus(WorkOrderStatus.Resolved);
        Assert.Equal(
            [null, WorkOrderAction.Submit, WorkOrderAction.Approve, WorkOrderAction.Dispatch, WorkOrderAction.Resolve],
            wo.History.Select(h => h.Action));
        Assert.Equal(["creator", "creator", "approver", "creator", "assignee"], wo.History.Select(h => h.ActorId));
    }

    [Fact]
    public void AddNote_Bystander_NotAllowed()
    {
        var wo = InStatus(WorkOrderStatus.Resolved);
        Assert.Equal(ResultStatus.NotAllowed, wo.AddNote(ActorFor(Role.Bystander), "Hello", Now).Status);
        Assert.True(wo.AddNote(ActorFor(Role.Approver), "Thanks", Now).IsOk);
        Assert.Single(wo.Notes);
    }

    [Theory]
    [InlineData(OrganizationKind.Company, OrganizationRole.Member, true, true)]
    [InlineData(OrganizationKind.Company, OrganizationRole.Admin, true, true)]
    [InlineData(OrganizationKind.ServiceProvider, OrganizationRole.Admin, false, true)]
    [InlineData(OrganizationKind.ServiceProvider, OrganizationRole.Member, false, false)]
    public void MayEver_ByOrganisationAndRole_MatchesWhoCanBeApproverOrSubmitter(OrganizationKind kind, OrganizationRole role, bool approve, bool dispatch)
    {
        var actor = new Actor("u", 9, kind, role);
        Assert.Equal(approve, WorkOrderLifecycle.MayEverApprove(actor));
        Assert.Equal(dispatch, WorkOrderLifecycle.MayEverDispatch(actor));
    }

    [Theory]
    [InlineData("WO-000123", 123)]
    [InlineData("wo-42", 42)]
    [InlineData("7", 7)]
    public void TryParseNumber_Forms_ParsesId(string text, int id)
    {
        Assert.True(WorkOrder.TryParseNumber(text, out var parsed));
        Assert.Equal(id, parsed);
        Assert.Equal($"WO-{id:D6}", WorkOrder.FormatNumber(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("WO-")]
    [InlineData("pump")]
    [InlineData("-3")]
    public void TryParseNumber_NotANumber_False(string text) => Assert.False(WorkOrder.TryParseNumber(text, out _));
}
