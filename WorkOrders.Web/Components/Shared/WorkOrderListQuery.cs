using Microsoft.AspNetCore.Http;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.WorkOrders;

namespace WorkOrders.Web.Components.Shared;

/// <summary>
/// The work-order list's address (?scope=&amp;status=&amp;facility=&amp;q=&amp;due=&amp;sort=) read into a filter: the list page, the
/// dashboard's links and the export read the same address the same way. Unknown values are ignored.
/// </summary>
public static class WorkOrderListQuery
{
    public static WorkOrderFilter Parse(string? scope, string? status, string? facility, string? q, string? due, string? sort) => new(
        Enum.TryParse<WorkOrderScope>(scope, true, out var s) && Enum.IsDefined(s) ? s : WorkOrderScope.All,
        Enum.TryParse<WorkOrderStatus>(status, true, out var st) && Enum.IsDefined(st) ? st : null,
        QueryId.Parse(facility, "facility").Value,
        string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
        Due: ParseDue(due),
        Sort: Enum.TryParse<WorkOrderSort>(sort, true, out var so) && Enum.IsDefined(so) ? so : WorkOrderSort.Newest);

    public static WorkOrderFilter Parse(IQueryCollection query) =>
        Parse(query["scope"], query["status"], query["facility"], query["q"], query["due"], query["sort"]);

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
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }
}
