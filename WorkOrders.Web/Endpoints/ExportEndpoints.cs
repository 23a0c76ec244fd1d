using Microsoft.AspNetCore.Http.Features;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Exports;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Web.Endpoints;

/// <summary>
/// The work-order list and the action items as CSV or .xlsx, with the filters of the screen's address. Core applies the
/// visibility and the filters; the rows are written to the response as they are read.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/work-orders.{format}", (string format, HttpContext http, ExportQueries exports, TimeProvider clock) =>
            Send(http, format, clock, actor => exports.WorkOrders(actor, WorkOrderListQuery.Parse(http.Request.Query))))
            .RequireAuthorization();
        app.MapGet("/export/action-items.{format}", (string format, HttpContext http, ExportQueries exports, TimeProvider clock) =>
            Send(http, format, clock, actor => exports.ActionItems(actor, ActionItemListQuery.Parse(http.Request.Query))))
            .RequireAuthorization();
        return app;
    }

    /// <summary>
    /// The list page explains an address value it ignores; a download cannot, and ignoring a filter would widen it
    /// silently. So a malformed filter is refused with what was wrong.
    /// </summary>
    private static string? BadFilter(IQueryCollection query)
    {
        if (QueryId.Parse(query["facility"], "facility").Problem is not null) return $"The facility filter \"{query["facility"]}\" is not a valid id.";
        foreach (var (key, type) in new[] { ("scope", typeof(WorkOrderScope)), ("status", typeof(WorkOrderStatus)), ("due", typeof(DueFilter)), ("sort", typeof(WorkOrderSort)) })
        {
            var text = query[key].ToString();
            if (text.Length > 0 && !(Enum.TryParse(type, text, ignoreCase: true, out var value) && Enum.IsDefined(type, value!)))
            {
                return $"The {key} filter \"{text}\" is not one of: {string.Join(", ", Enum.GetNames(type))}.";
            }
        }
        if (WorkOrderListQuery.Problems(key => query[key].ToString()) is [var problem, ..]) return problem;
        var open = query["open"].ToString();
        return open.Length == 0 || bool.TryParse(open, out _) ? null : $"The open filter \"{open}\" must be true or false.";
    }

    private static IResult Send(HttpContext http, string formatText, TimeProvider clock, Func<Actor, ExportTable> table)
    {
        if (ActorClaims.ToActor(http.User) is not { } actor) return Results.Unauthorized();
        if (!Enum.TryParse<ExportFormat>(formatText, ignoreCase: true, out var format) || !Enum.IsDefined(format))
        {
            return Results.BadRequest("Choose csv or xlsx.");
        }
        if (BadFilter(http.Request.Query) is { } problem) return Results.BadRequest(problem);
        var export = table(actor);
        var name = $"{export.Name.ToLowerInvariant().Replace(' ', '-')}-{clock.GetUtcNow():yyyy-MM-dd}.{TabularWriter.Extension(format)}";
        return Results.Stream(async body =>
        {
            // The rows go out as they are read: no buffering of the whole response.
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            // The zip and XML writers of the .xlsx write synchronously; allowed for this response only.
            if (format == ExportFormat.Xlsx && http.Features.Get<IHttpBodyControlFeature>() is { } control) control.AllowSynchronousIO = true;
            await TabularWriter.WriteAsync(format, export, body, http.RequestAborted);
        }, TabularWriter.ContentType(format), name);
    }
}
