namespace WorkOrders.Core.Orders;

/// <summary>A timestamped note in a work order's thread.</summary>
public sealed class WorkOrderNote
{
    private WorkOrderNote() { }

    internal WorkOrderNote(string authorId, string text, DateTimeOffset createdAt)
    {
        AuthorId = authorId;
        Text = text;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public int WorkOrderId { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string Text { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>One line of an estimate, in the owning company's currency.</summary>
public sealed class EstimateLine
{
    private EstimateLine() { }

    internal EstimateLine(string description, decimal quantity, decimal unitPrice)
    {
        Description = description;
        Quantity = quantity;
        UnitPrice = unitPrice;
    }

    public int Id { get; private set; }
    public int WorkOrderId { get; private set; }
    public string Description { get; private set; } = "";
    public decimal Quantity { get; private set; }
    public decimal UnitPrice { get; private set; }
    public decimal LineTotal => Quantity * UnitPrice;
}

/// <summary>An estimate line as a caller writes it.</summary>
public sealed record EstimateLineInput(string Description, decimal Quantity, decimal UnitPrice);

/// <summary>
/// The range of an estimate line's numbers, checked before any arithmetic: with both in range a line total
/// and a 100-line estimate total stay far inside <see cref="decimal"/>, so nothing overflows.
/// </summary>
public static class EstimateLimits
{
    public const decimal MaxQuantity = 1_000_000m;
    public const decimal MaxUnitPrice = 100_000_000m;

    /// <summary>What is wrong with a quantity ("must be greater than 0."), or null.</summary>
    public static string? QuantityProblem(decimal quantity) =>
        quantity <= 0 ? "must be greater than 0."
        : quantity > MaxQuantity ? $"may be at most {MaxQuantity.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}."
        : null;

    public static string? UnitPriceProblem(decimal unitPrice) =>
        unitPrice < 0 ? "cannot be negative."
        : unitPrice > MaxUnitPrice ? $"may be at most {MaxUnitPrice.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}."
        : null;

    /// <summary>Quantity × unit price, or 0 while either is out of range (the field says why).</summary>
    public static decimal LineTotal(decimal quantity, decimal unitPrice) =>
        QuantityProblem(quantity) is null && UnitPriceProblem(unitPrice) is null ? quantity * unitPrice : 0m;
}

/// <summary>One transition, as it happened. Never edited.</summary>
public sealed class WorkOrderHistoryEntry
{
    private WorkOrderHistoryEntry() { }

    internal WorkOrderHistoryEntry(WorkOrderAction? action, WorkOrderStatus? from, WorkOrderStatus to, string actorId, DateTimeOffset at, string? comment)
    {
        Action = action;
        From = from;
        To = to;
        ActorId = actorId;
        At = at;
        Comment = comment;
    }

    public int Id { get; private set; }
    public int WorkOrderId { get; private set; }

    /// <summary>Null for creation.</summary>
    public WorkOrderAction? Action { get; private set; }
    public WorkOrderStatus? From { get; private set; }
    public WorkOrderStatus To { get; private set; }
    public string ActorId { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public string? Comment { get; private set; }

    /// <summary>The person scheduled a visit ending after an item's due date, confirming the warning; <see cref="ActorId"/> is who.</summary>
    public bool DueDateOverridden { get; internal set; }
}

/// <summary>A user as the lifecycle needs to know them when they are chosen as approver or assignee.</summary>
public sealed record Person(string Id, int OrganizationId, Organizations.OrganizationRole Role, bool IsActive, string DisplayName = "");

/// <summary>A service provider as dispatching to it needs to know it: whether it serves the facility, and how fast it must answer.</summary>
public sealed record ProviderChoice(int Id, string Name, bool ServesFacility, int RespondWithinHours);
