using WorkOrders.Core.Common;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.ActionItems;

/// <summary>What a person types (or a CSV row holds) for an action item.</summary>
public sealed record ActionItemInput(string Title, string? Description, Priority Priority, string? Source, DateOnly? DueDate)
{
    public const int MaxTitleLength = 200;
    public const int MaxSourceLength = 200;
    public const int MaxReasonLength = 1000;

    public List<string> Validate() => ValidateFields().Select(e => e.Message).ToList();

    public List<FieldError> ValidateFields()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(Title)) errors.Add(new(nameof(Title), "Enter a title."));
        else if (Title.Trim().Length > MaxTitleLength) errors.Add(new(nameof(Title), $"The title may have at most {MaxTitleLength} characters."));
        if (Description is { Length: > WorkOrder.MaxTextLength }) errors.Add(new(nameof(Description), $"The description may have at most {WorkOrder.MaxTextLength} characters."));
        if (!Enum.IsDefined(Priority)) errors.Add(new(nameof(Priority), "Choose a priority."));
        if (Source is { } s && s.Trim().Length > MaxSourceLength) errors.Add(new(nameof(Source), $"The source may have at most {MaxSourceLength} characters."));
        return errors;
    }
}

/// <summary>Who may record and change action items: the people of the company that owns the facility.</summary>
public static class ActionItemRules
{
    public static bool MayRecord(Organizations.Actor actor) => actor.IsCompanyUser;

    /// <summary>Only an available item may be changed or closed directly; a work order that holds one owns it.</summary>
    public static bool MayChange(Organizations.Actor actor, ActionItemRow item) => MayRecord(actor) && item.IsAvailable;
}
