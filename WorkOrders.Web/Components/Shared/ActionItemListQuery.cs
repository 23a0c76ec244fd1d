using Microsoft.AspNetCore.Http;
using WorkOrders.Core.ActionItems;

namespace WorkOrders.Web.Components.Shared;

/// <summary>
/// The action-item export's address (?facility=&amp;status=&amp;priority=&amp;q=&amp;due=&amp;created-from=&amp;created-to=&amp;due-from=&amp;due-to=; open=true is status=Open) read into
/// the filter the facility's table uses, so a download holds exactly the rows on screen. Unknown values are ignored.
/// </summary>
public static class ActionItemListQuery
{
    public static ActionItemListFilter Parse(IQueryCollection query)
    {
        ActionItemStatus? status = Enum.TryParse<ActionItemStatus>(query["status"], true, out var s) && Enum.IsDefined(s) ? s : null;
        if (string.Equals(query["open"], "true", StringComparison.OrdinalIgnoreCase)) status = ActionItemStatus.Open;
        string? q = query["q"];
        return new ActionItemListFilter(
            QueryId.Parse(query["facility"], "facility").Value,
            status,
            Enum.TryParse<Priority>(query["priority"], true, out var p) && Enum.IsDefined(p) ? p : null,
            string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            WorkOrderListQuery.ParseDue(query["due"]),
            CreatedFrom: WorkOrderListQuery.ParseDay(query["created-from"]), CreatedTo: WorkOrderListQuery.ParseDay(query["created-to"]),
            DueFrom: WorkOrderListQuery.ParseDay(query["due-from"]), DueTo: WorkOrderListQuery.ParseDay(query["due-to"]));
    }

    public static string Address(ActionItemListFilter filter, string path)
    {
        var parts = new List<string>();
        if (filter.FacilityId is { } facility) parts.Add("facility=" + facility);
        if (filter.Status is { } status) parts.Add("status=" + status);
        if (filter.Priority is { } priority) parts.Add("priority=" + priority);
        if (!string.IsNullOrWhiteSpace(filter.Search)) parts.Add("q=" + Uri.EscapeDataString(filter.Search.Trim()));
        if (filter.Due != DueFilter.Any) parts.Add("due=" + filter.Due);
        if (filter.CreatedFrom is { } createdFrom) parts.Add("created-from=" + Day(createdFrom));
        if (filter.CreatedTo is { } createdTo) parts.Add("created-to=" + Day(createdTo));
        if (filter.DueFrom is { } dueFrom) parts.Add("due-from=" + Day(dueFrom));
        if (filter.DueTo is { } dueTo) parts.Add("due-to=" + Day(dueTo));
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
