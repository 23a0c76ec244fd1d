using System.Linq.Expressions;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.ActionItems;

/// <summary>What "available" is decided on: the item's status and the work order that holds it.</summary>
public interface IActionItemState
{
    ActionItemStatus Status { get; }
    int? WorkOrderId { get; }
}

/// <summary>
/// Whether an action item is <b>available</b>: open and in no work order, so it may be bundled into a new one
/// (docs/product.md, "Who sees what"). The one definition, as an expression the database runs and the same
/// expression compiled for rows and entities in memory.
/// </summary>
public static class Availability
{
    public static Expression<Func<T, bool>> Rule<T>() where T : IActionItemState =>
        i => i.Status == ActionItemStatus.Open && i.WorkOrderId == null;

    public static bool IsAvailable<T>(T item) where T : IActionItemState => Compiled<T>.Rule(item);

    /// <summary>Available items when <paramref name="available"/> is true, every other item when false.</summary>
    public static IQueryable<ActionItem> WhereAvailable(this IQueryable<ActionItem> items, bool available) =>
        items.Where(available ? Rule<ActionItem>() : Predicates.Not(Rule<ActionItem>()));

    private static class Compiled<T> where T : IActionItemState
    {
        public static readonly Func<T, bool> Rule = Rule<T>().Compile();
    }
}

/// <summary>
/// An action item as every screen, the API and the exports read it: one row type, filled by
/// <see cref="ActionItemQueries"/>.
/// </summary>
public sealed record ActionItemRow(
    int Id, int FacilityId, string Title, string Description, Priority Priority, ActionItemStatus Status, string? Source, DateOnly? DueDate,
    DateTimeOffset CreatedAt, string? ClosedReason, int? WorkOrderId, WorkOrderStatus? WorkOrderStatus, int Version, DueState DueState = DueState.None)
    : IActionItemState
{
    public string? WorkOrderNumber => WorkOrderId is { } id ? WorkOrder.FormatNumber(id) : null;

    /// <summary>May go into a new work order (<see cref="Availability"/>).</summary>
    public bool IsAvailable => Availability.IsAvailable(this);

    /// <summary>Open but held by a work order that is still being worked: that work order owns it.</summary>
    public bool IsInActiveWorkOrder => Status == ActionItemStatus.Open && !IsAvailable;

    /// <summary>May be bundled into the given work order: available, or already one of its own (a draft's removed item).</summary>
    public bool MayGoInto(int workOrderId) => IsAvailable || (IsInActiveWorkOrder && WorkOrderId == workOrderId);
}

/// <summary>Small compositions of query predicates, so a rule written once can be negated or combined.</summary>
public static class Predicates
{
    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> rule) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(rule.Body), rule.Parameters);

    public static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right)
    {
        var body = new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, body), left.Parameters);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
