using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Orders;

public enum WorkOrderScope { All, WaitingForMe, CreatedByMe, AssignedToMe }

/// <summary>Newest first (the default), or by the earliest due date, soonest first, undated last.</summary>
public enum WorkOrderSort { Newest, DueDate }

/// <summary>
/// The list's filters. Days are the organisation's and both ends are included: created on <see cref="CreatedFrom"/> to
/// <see cref="CreatedTo"/>; <see cref="Step"/> taken (its history entry) on <see cref="StepFrom"/> to <see cref="StepTo"/>.
/// </summary>
public sealed record WorkOrderFilter(
    WorkOrderScope Scope = WorkOrderScope.All, WorkOrderStatus? Status = null, int? FacilityId = null, string? Search = null,
    int PageIndex = 0, int PageSize = 25, DueFilter Due = DueFilter.Any, WorkOrderSort Sort = WorkOrderSort.Newest,
    DateOnly? CreatedFrom = null, DateOnly? CreatedTo = null, WorkOrderAction? Step = null, DateOnly? StepFrom = null, DateOnly? StepTo = null);

public sealed record WorkOrderSummary(
    int Id, string Title, int FacilityId, string FacilityName, string TimeZoneId, WorkOrderStatus Status,
    string? SubmitterName, string? ApproverName, string? AssigneeName, DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd,
    decimal EstimateTotal, string Currency, DateTimeOffset UpdatedAt, DateOnly? DueDate = null, DueState DueState = DueState.None,
    string? ProviderName = null, bool IsAwaitingProvider = false, bool IsResponseOverdue = false)
{
    public string Number => WorkOrder.FormatNumber(Id);
}

public sealed record PersonRef(string Id, string DisplayName);

public sealed record PersonOption(string Id, string DisplayName, string? Email, OrganizationRole Role);

public sealed record FacilityRef(int Id, string Name, string Address, string TimeZoneId);

public sealed record NoteView(int Id, PersonRef Author, string Text, DateTimeOffset CreatedAt);

public sealed record EstimateLineView(string Description, decimal Quantity, decimal UnitPrice)
{
    public decimal LineTotal => Quantity * UnitPrice;
}

public sealed record HistoryView(WorkOrderAction? Action, WorkOrderStatus? From, WorkOrderStatus To, PersonRef Actor, DateTimeOffset At, string? Comment, bool DueDateOverridden = false);

public sealed record WorkOrderDetail(
    int Id, string Title, WorkOrderStatus Status, int Version, FacilityRef Facility, string Currency,
    OrganizationKind CreatedByKind, string CreatedByOrganization,
    PersonRef Creator, PersonRef? Submitter, PersonRef? Approver, PersonRef? Assignee,
    DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd, decimal EstimateTotal,
    IReadOnlyList<ActionItemRow> ActionItems, IReadOnlyList<NoteView> Notes, IReadOnlyList<EstimateLineView> EstimateLines,
    IReadOnlyList<HistoryView> History, IReadOnlyList<WorkOrderAction> AllowedActions, bool CanAddNote,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, ProviderDispatchView? Provider = null, DateOnly? DueDate = null, DueState DueState = DueState.None)
{
    public string Number => WorkOrder.FormatNumber(Id);
    public bool May(WorkOrderAction action) => AllowedActions.Contains(action);
}

/// <summary>
/// The work order's service provider as both sides see it: waiting for an answer (and whether the response time
/// passed), or accepted, inside the requested window or not.
/// </summary>
public sealed record ProviderDispatchView(
    int ProviderId, string Name, DateTimeOffset? DispatchedAt, DateTimeOffset? RequestedStart, DateTimeOffset? RequestedEnd,
    DateTimeOffset? ResponseDueAt, bool IsAwaiting, bool IsResponseOverdue, bool? WithinRequestedWindow);
