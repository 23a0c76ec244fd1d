using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Common;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Reports;

namespace WorkOrders.Web.Endpoints;

/// <summary>
/// The only way to a stored file or a completion report. Core finds it through the signed-in actor's visibility,
/// so another tenant or an unlinked provider gets 404 exactly as for pages.
/// </summary>
public static class FilesEndpoint
{
    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/{id:int}", (int id, HttpContext http, AttachmentService files, CancellationToken ct) =>
            ServeAsync(http, actor => files.OpenAsync(actor, id, thumbnail: false, ct)));
        app.MapGet("/files/{id:int}/thumbnail", (int id, HttpContext http, AttachmentService files, CancellationToken ct) =>
            ServeAsync(http, actor => files.OpenAsync(actor, id, thumbnail: true, ct)));
        app.MapGet("/work-orders/{id:int}/completion-report.pdf", (int id, HttpContext http, CompletionReport report, CancellationToken ct) =>
            ServeAsync(http, actor => report.RenderAsync(actor, id, ct, ActorClaims.CultureOf(http.User).Name)));
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, Func<Actor, Task<Result<FileDownload>>> open)
    {
        var actor = ActorClaims.ToActor(http.User);
        var result = actor is null ? Result<FileDownload>.From(Result.NotFound()) : await open(actor);
        if (!result.IsOk)
        {
            // A plain status, not the not-found page: these addresses are fetched by <img> and download links.
            if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            return result.Status == ResultStatus.NotFound ? Results.NotFound() : Results.Text(result.Message, statusCode: StatusCodes.Status409Conflict);
        }
        return Send(http, result.Value!);
    }

    /// <summary>The file with the headers every download address sends (the pages' and the API's).</summary>
    public static IResult Send(HttpContext http, FileDownload file)
    {
        var disposition = new ContentDispositionHeaderValue(file.Inline ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        var headers = http.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        // Only the signed-in browser may keep it, and only briefly: a changed link or role applies within minutes.
        headers.CacheControl = "private, max-age=300";
        return Results.Stream(file.Content, file.ContentType);
    }
}
