using Microsoft.AspNetCore.Http;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Orders;

namespace WorkOrders.Web.Components.Shared;

/// <summary>
/// The work-order list's address (?scope=&amp;status=&amp;facility=&amp;q=&amp;due=&amp;sort=&amp;created-from=&amp;created-to=&amp;step=&amp;step-from=&amp;step-to=)
/// read into a filter: the list page, the dashboard's links and the export read the same address the same way. Unknown
/// values are ignored by the list (which says so, <see cref="Problems"/>) and refused by the export. Days are yyyy-MM-dd.
/// </summary>
public static class WorkOrderListQuery
{
    /// <summary>The history steps the list can filter by: the ones the dashboard's medians count.</summary>
    public static readonly WorkOrderAction[] Steps = [WorkOrderAction.Approve, WorkOrderAction.Dispatch, WorkOrderAction.Resolve];

    /// <summary>Every day filter of the list and the downloads (due-from/due-to: the action-item download only).</summary>
    public static readonly string[] DayKeys = ["created-from", "created-to", "step-from", "step-to", "due-from", "due-to"];

    public static WorkOrderFilter Parse(string? scope, string? status, string? facility, string? q, string? due, string? sort,
        string? createdFrom = null, string? createdTo = null, string? step = null, string? stepFrom = null, string? stepTo = null)
    {
        var parsedStep = ParseStep(step);
        return new(
            Enum.TryParse<WorkOrderScope>(scope, true, out var s) && Enum.IsDefined(s) ? s : WorkOrderScope.All,
            Enum.TryParse<WorkOrderStatus>(status, true, out var st) && Enum.IsDefined(st) ? st : null,
            QueryId.Parse(facility, "facility").Value,
            string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            Due: ParseDue(due),
            Sort: Enum.TryParse<WorkOrderSort>(sort, true, out var so) && Enum.IsDefined(so) ? so : WorkOrderSort.Newest,
            CreatedFrom: ParseDay(createdFrom), CreatedTo: ParseDay(createdTo),
            Step: parsedStep, StepFrom: parsedStep is null ? null : ParseDay(stepFrom), StepTo: parsedStep is null ? null : ParseDay(stepTo));
    }

    public static WorkOrderFilter Parse(IQueryCollection query) =>
        Parse(query["scope"], query["status"], query["facility"], query["q"], query["due"], query["sort"],
            query["created-from"], query["created-to"], query["step"], query["step-from"], query["step-to"]);

    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day : null;

    public static WorkOrderAction? ParseStep(string? step) =>
        Enum.TryParse<WorkOrderAction>(step, true, out var a) && Steps.Contains(a) ? a : null;

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What is wrong with the date and step values of an address, one sentence each; empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(Func<string, string?> value)
    {
        var problems = new List<string>();
        foreach (var key in DayKeys)
        {
            if (value(key) is { Length: > 0 } text && ParseDay(text) is null) problems.Add($"The {key} filter \"{text}\" is not a day written as yyyy-MM-dd.");
        }
        if (value("step") is { Length: > 0 } step && ParseStep(step) is null)
        {
            problems.Add($"The step filter \"{step}\" is not one of: {string.Join(", ", Steps)}.");
        }
        return problems;
    }

    public static DueFilter ParseDue(string? due) => Enum.TryParse<DueFilter>(due, true, out var d) && Enum.IsDefined(d) ? d : DueFilter.Any;

    /// <summary>The address of the list (or, with <paramref name="path"/>, of its export) showing <paramref name="filter"/>.</summary>
    public static string Address(WorkOrderFilter filter, string path = "/work-orders")
    {
        var parts = new List<string>();
        if (filter.Scope != WorkOrderScope.All) parts.Add("scope=" + filter.Scope);
        if (filter.Status is { } status) parts.Add("status=" + status);
        if (filter.FacilityId is { } facility) parts.Add("facility=" + facility);
        if (!string.IsNullOrWhiteSpace(filter.Search)) parts.Add("q=" + Uri.EscapeDataString(filter.Search));
        if (filter.Due != DueFilter.Any) parts.Add("due=" + filter.Due);
        if (filter.Sort != WorkOrderSort.Newest) parts.Add("sort=" + filter.Sort);
        if (filter.CreatedFrom is { } createdFrom) parts.Add("created-from=" + Day(createdFrom));
        if (filter.CreatedTo is { } createdTo) parts.Add("created-to=" + Day(createdTo));
        if (filter.Step is { } step) parts.Add("step=" + step);
        if (filter.Step is not null && filter.StepFrom is { } stepFrom) parts.Add("step-from=" + Day(stepFrom));
        if (filter.Step is not null && filter.StepTo is { } stepTo) parts.Add("step-to=" + Day(stepTo));
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }
}
