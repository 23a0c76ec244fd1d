using WorkOrders.Core.Common;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.ActionItems;

public enum ActionItemStatus { Open, Resolved, Closed }

public enum Priority { Low, Medium, High, Critical }

/// <summary>A problem found at a facility, such as a deficiency from an inspection.</summary>
public sealed class ActionItem : IActionItemState
{
    private ActionItem() { }

    public ActionItem(int facilityId, string title, string description, Priority priority, DateTimeOffset createdAt, string? source = null, DateOnly? dueDate = null)
    {
        FacilityId = facilityId;
        Title = title;
        Description = description;
        Priority = priority;
        CreatedAt = createdAt;
        Source = source;
        DueDate = dueDate;
    }

    public int Id { get; private set; }
    public int FacilityId { get; private set; }
    public Facility? Facility { get; private set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public Priority Priority { get; set; }

    /// <summary>The inspection or other source the item came from.</summary>
    public string? Source { get; set; }
    public DateOnly? DueDate { get; set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Changed only by the lifecycle of the work order that holds the item, or by closing it directly.</summary>
    public ActionItemStatus Status { get; private set; } = ActionItemStatus.Open;
    public string? ClosedReason { get; private set; }

    /// <summary>The latest work order the item was bundled into. Active when the item is still Open.</summary>
    public int? WorkOrderId { get; private set; }
    public WorkOrder? WorkOrder { get; private set; }

    public int Version { get; private set; }

    /// <summary>
    /// May go into a new work order (<see cref="Availability"/>). A work order not yet saved holds its items by
    /// reference only, so that counts too.
    /// </summary>
    public bool IsAvailable => Availability.IsAvailable(this) && WorkOrder is null;

    /// <summary>True while the item sits in a work order that is not Resolved or Closed.</summary>
    public bool IsInActiveWorkOrder => Status == ActionItemStatus.Open && !IsAvailable;

    /// <summary>True when the item is held by <paramref name="workOrder"/>, saved or not yet saved.</summary>
    public bool IsHeldBy(WorkOrder workOrder) =>
        ReferenceEquals(WorkOrder, workOrder) || (workOrder.Id != 0 && WorkOrderId == workOrder.Id);

    /// <summary>Only an available item may be changed or closed directly; otherwise the work order that holds it owns it.</summary>
    public bool IsEditable => IsAvailable;

    internal Result Update(ActionItemInput input)
    {
        if (!IsEditable) return NotEditable("changed");
        var errors = input.ValidateFields();
        if (errors.Count > 0) return Result.Invalid(errors);
        Title = input.Title.Trim();
        Description = input.Description?.Trim() ?? "";
        Priority = input.Priority;
        Source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim();
        DueDate = input.DueDate;
        Version++;
        return Result.Ok();
    }

    /// <summary>Closed without a work order: the problem will not be fixed (or needs no fixing), with the reason why.</summary>
    internal Result CloseWithoutWorkOrder(string? reason)
    {
        if (!IsEditable) return NotEditable("closed");
        if (string.IsNullOrWhiteSpace(reason)) return Result.Invalid(new FieldError("Reason", "Give the reason for closing the action item."));
        if (reason.Trim().Length > ActionItemInput.MaxReasonLength) return Result.Invalid(new FieldError("Reason", $"The reason may have at most {ActionItemInput.MaxReasonLength} characters."));
        MarkClosed(reason.Trim());
        return Result.Ok();
    }

    private Result NotEditable(string verb) => Status != ActionItemStatus.Open
        ? Result.NotAllowed($"This action item is {Status.ToString().ToLowerInvariant()} and cannot be {verb}.")
        : Result.NotAllowed($"This action item is in work order {Orders.WorkOrder.FormatNumber(WorkOrderId!.Value)}; it cannot be {verb} while that work order is active.");

    internal void AttachTo(WorkOrder workOrder) { WorkOrder = workOrder; WorkOrderId = workOrder.Id == 0 ? null : workOrder.Id; Version++; }
    internal void Detach() { WorkOrder = null; WorkOrderId = null; Version++; }
    internal void MarkResolved() { Status = ActionItemStatus.Resolved; Version++; }
    internal void MarkClosed(string? reason) { Status = ActionItemStatus.Closed; ClosedReason = reason; Version++; }
}
