using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Common;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Web.Endpoints;

namespace WorkOrders.Web.Api;

/// <summary>
/// Photos and files through the API: the same <see cref="AttachmentService"/> upload the pages' uploader calls, so
/// the content check, the size limit, visibility and the item/resolution rules are Core's. A finding's photo is part
/// of the record at once; a note's or resolution's file is a draft whose id the note or the resolve step then takes.
/// </summary>
public static class ApiFileEndpoints
{
    /// <summary>Files one request may carry; each is read whole by Core, so the request's size is bounded too.</summary>
    public const int MaxFilesPerRequest = 5;

    public const string FilePart = "file";

    /// <summary>Marks the upload operations, so the OpenAPI document describes their multipart body.</summary>
    public sealed class UploadsFiles;

    internal static void MapFiles(RouteGroupBuilder api)
    {
        var items = api.MapGroup("/action-items").WithTags("Files");
        items.MapPost("/{id:int}/files", (int id, HttpContext http, AttachmentService files, CancellationToken ct) =>
                UploadAsync(http, files, AttachmentTarget.ActionItem, id, ct))
            .Uploads().WithName("UploadActionItemFiles").WithSummary("Add photos or files to a finding")
            .WithDescription("Photos of the finding itself, added while the action item is open. They are part of the item's record at once " +
                             "and stay with its facility whatever becomes of the work order.");
        items.MapGet("/{id:int}/files", async Task<IResult> (int id, HttpContext http, ActionItemQueries service, AttachmentService files, CancellationToken ct) =>
            {
                var item = await service.GetAsync(Actor(http), id, ct);
                if (!item.IsOk) return ApiResults.Problem(item, http);
                var photos = await files.ForFacilityItemsAsync(Actor(http), item.Value!.FacilityId, ct);
                return TypedResults.Ok(photos.OfItem(id).Select(ToResponse).ToList());
            })
            .Produces<List<FileResponse>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListActionItemFiles").WithSummary("List a finding's photos and files");

        var workOrders = api.MapGroup("/work-orders").WithTags("Files");
        workOrders.MapPost("/{id:int}/resolution-files", (int id, HttpContext http, AttachmentService files, CancellationToken ct) =>
                UploadAsync(http, files, AttachmentTarget.Resolution, id, ct))
            .Uploads().WithName("UploadResolutionFiles").WithSummary("Upload photos of the finished work")
            .WithDescription("By whoever may resolve the work order, while it is dispatched. The files are drafts until the resolve step " +
                             "names their ids in `photoIds`; when the company requires a photo, at least one of them must be an image. " +
                             "Drafts nobody uses are removed after a day.");
        workOrders.MapGet("/{id:int}/resolution-files", async Task<IResult> (int id, HttpContext http, WorkOrderQueries queries, AttachmentService files, CancellationToken ct) =>
                await queries.GetAsync(Actor(http), id, ct) is { IsOk: false } missing ? ApiResults.Problem(missing, http)
                    : TypedResults.Ok((await files.DraftsAsync(Actor(http), id, AttachmentTarget.Resolution, ct)).Select(ToResponse).ToList()))
            .Produces<List<FileResponse>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListResolutionDrafts").WithSummary("Your resolution drafts not yet used");
        workOrders.MapPost("/{id:int}/note-files", (int id, HttpContext http, AttachmentService files, CancellationToken ct) =>
                UploadAsync(http, files, AttachmentTarget.Note, id, ct))
            .Uploads().WithName("UploadNoteFiles").WithSummary("Upload files for a note")
            .WithDescription("By anyone taking part in the work order. Notes are never edited, so files join a note as it is added: " +
                             "upload them here, then name their ids in `fileIds` of `POST /work-orders/{id}/notes`.");
        workOrders.MapGet("/{id:int}/files", async Task<IResult> (int id, HttpContext http, WorkOrderQueries queries, AttachmentService files, CancellationToken ct) =>
            {
                var actor = Actor(http);
                if (await queries.GetAsync(actor, id, ct) is { IsOk: false } missing) return ApiResults.Problem(missing, http);
                var all = await files.ForWorkOrderAsync(actor, id, ct);
                return TypedResults.Ok(new WorkOrderFilesResponse(
                    all.Before.Select(ToResponse).ToList(), all.Notes.Select(ToResponse).ToList(), all.After.Select(ToResponse).ToList(), all.ResolutionPhotoRequired));
            })
            .Produces<WorkOrderFilesResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListWorkOrderFiles").WithSummary("A work order's files: before, notes, after");

        var download = api.MapGroup("/files").WithTags("Files");
        download.MapGet("/{id:int}", (int id, HttpContext http, AttachmentService files, CancellationToken ct) => DownloadAsync(http, files, id, thumbnail: false, ct))
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadFile").WithSummary("Download a file")
            .WithDescription("The stored bytes (images re-encoded without EXIF/GPS), with Content-Disposition, nosniff and private caching.");
        download.MapGet("/{id:int}/thumbnail", (int id, HttpContext http, AttachmentService files, CancellationToken ct) => DownloadAsync(http, files, id, thumbnail: true, ct))
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadThumbnail").WithSummary("Download an image's thumbnail");
    }

    public static string DownloadUrl(int id) => $"{ApiEndpoints.Prefix}/files/{id}";

    private static Actor Actor(HttpContext http) => ActorClaims.ToActor(http.User)!;

    private static RouteHandlerBuilder Uploads(this RouteHandlerBuilder route) =>
        route.RequireAuthorization(ApiRegistration.WritePolicy)
            .WithMetadata(new UploadsFiles(), new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxFilesPerRequest * FileProcessor.MaxBytes + 1024 * 1024))
            .Produces<UploadFilesResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// All the request's files are stored, or none: a refusal of any one removes those stored before it, so a client
    /// can send the same request again after fixing the one file.
    /// </summary>
    private static async Task<IResult> UploadAsync(HttpContext http, AttachmentService files, AttachmentTarget target, int id, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Multipart form data expected",
                $"Send multipart/form-data with one or more \"{FilePart}\" parts (curl -F {FilePart}=@photo.jpg).");
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge($"A request may carry at most {MaxFilesPerRequest} files of {FileProcessor.MaxBytes / (1024 * 1024)} MB each.");
        }
        catch (InvalidDataException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unreadable form", e.Message);
        }

        var parts = form.Files.GetFiles(FilePart);
        if (parts.Count == 0) return ApiResults.Invalid(FilePart, $"Send at least one file in a part named \"{FilePart}\".");
        if (parts.Count > MaxFilesPerRequest) return ApiResults.Invalid(FilePart, $"Send at most {MaxFilesPerRequest} files per request.");
        // Core refuses an oversize file too (as 422); said here first, so the HTTP answer is 413 before anything is read.
        if (parts.FirstOrDefault(p => p.Length > FileProcessor.MaxBytes) is { } big)
            return TooLarge(FileProcessor.TooLarge(FileProcessor.CleanFileName(big.FileName)));

        var actor = Actor(http);
        var stored = new List<AttachmentView>();
        foreach (var part in parts)
        {
            await using var content = part.OpenReadStream();
            var result = await files.UploadAsync(actor, target, id, part.FileName, content, ct);
            if (!result.IsOk)
            {
                foreach (var done in stored) await files.RemoveAsync(actor, done.Id, CancellationToken.None);
                return ApiResults.Problem(result, http, FilePart);
            }
            stored.Add(result.Value!);
        }
        return TypedResults.Created(DownloadUrl(stored[0].Id), new UploadFilesResponse(stored.Select(ToResponse).ToList()));
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, AttachmentService files, int id, bool thumbnail, CancellationToken ct)
    {
        var result = await files.OpenAsync(Actor(http), id, thumbnail, ct);
        return result.IsOk ? FilesEndpoint.Send(http, result.Value!) : ApiResults.Problem(result, http);
    }

    private static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Too large", detail);

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static FileResponse ToResponse(AttachmentView a) =>
        new(a.Id, a.Target.ToString(), a.FileName, a.ContentType, a.Length, a.Width, a.Height, a.ActionItemId, a.NoteId, a.UploadedAt,
            DownloadUrl(a.Id), a.HasThumbnail ? DownloadUrl(a.Id) + "/thumbnail" : null);
}
