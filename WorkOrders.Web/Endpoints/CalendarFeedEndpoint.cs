using Microsoft.AspNetCore.Diagnostics;
using WorkOrders.Core.Scheduling;

namespace WorkOrders.Web.Endpoints;

/// <summary>The private iCal feed that calendar apps subscribe to. The token in the URL is the credential.</summary>
public static class CalendarFeedEndpoint
{
    public static IEndpointRouteBuilder MapCalendarFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calendar/feed/{token}.ics", async (string token, HttpContext http, CalendarFeedService feeds, CancellationToken ct) =>
            {
                var result = await feeds.RenderAsync(token, ct);
                if (!result.IsOk)
                {
                    // A calendar app needs the plain 404, not the sign-in page the status-code pages would lead to.
                    if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
                    return Results.NotFound();
                }
                http.Response.Headers.CacheControl = "private, max-age=300";
                return Results.Text(result.Value!, "text/calendar; charset=utf-8");
            })
            .AllowAnonymous()
            .WithName("CalendarFeed");
        return app;
    }
}
