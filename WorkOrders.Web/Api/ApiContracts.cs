using System.ComponentModel;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Orders;

namespace WorkOrders.Web.Api;

[Description("An action item as recorded or changed through the API.")]
public sealed record ActionItemRequest(
    [property: Description("What is wrong; at most 200 characters.")] string? Title,
    [property: Description("More detail; at most 4,000 characters.")] string? Description,
    [property: Description("Low, Medium (default), High or Critical.")] Priority? Priority,
    [property: Description("The inspection or other source the item came from.")] string? Source,
    [property: Description("The date it must be fixed by (yyyy-MM-dd).")] DateOnly? DueDate,
    [property: Description("The version last read, when not sent as If-Match (updates only).")] int? Version = null);

[Description("Closes an action item without a work order.")]
public sealed record CloseActionItemRequest(
    [property: Description("Why it will not be fixed or needs no fixing.")] string? Reason,
    [property: Description("The version last read, when not sent as If-Match.")] int? Version = null);

[Description("Many action items at once: all are imported, or (when any row is rejected) none.")]
public sealed record ImportActionItemsRequest(
    [property: Description("The facility of rows that name none.")] int? FacilityId,
    [property: Description("The rows; the same fields as the CSV import, the facility by name or id.")] IReadOnlyList<ImportRowInput>? Rows);

[Description("How many action items were imported.")]
public sealed record ImportActionItemsResponse(int Imported);

[Description("A new draft work order.")]
public sealed record CreateWorkOrderRequest(
    [property: Description("The facility the work is at.")] int FacilityId,
    [property: Description("A short title; at most 200 characters.")] string? Title,
    [property: Description("Open action items of that facility to bundle.")] IReadOnlyList<int>? ActionItemIds);

[Description("A draft as edited: its title, action items and estimate lines replace the saved ones.")]
public sealed record EditWorkOrderRequest(
    string? Title,
    IReadOnlyList<int>? ActionItemIds,
    IReadOnlyList<EstimateLineInput>? EstimateLines,
    [property: Description("The version last read, when not sent as If-Match.")] int? Version = null);

[Description("The input of a lifecycle step. Each step reads only the fields it needs; see the step's description.")]
public sealed record TransitionRequest(
    [property: Description("Submit: the user who is to approve.")] string? ApproverId = null,
    [property: Description("Dispatch, Reschedule: the user who does the work.")] string? AssigneeId = null,
    [property: Description("Dispatch, Reschedule: when the visit starts (with offset).")] DateTimeOffset? Start = null,
    [property: Description("Dispatch, Reschedule: when the visit ends.")] DateTimeOffset? End = null,
    [property: Description("Approve, Close: an optional comment.")] string? Comment = null,
    [property: Description("Deny: the reason (required).")] string? Reason = null,
    [property: Description("Resolve: what was done (required).")] string? ResolutionNote = null,
    [property: Description("The version last read, when not sent as If-Match.")] int? Version = null,
    [property: Description("Dispatch, Reschedule, Accept: true to schedule a visit that ends after an action item's due date, after a 409 \"Confirmation needed\" said so.")] bool? OverrideDueDate = null,
    [property: Description("Resolve: ids of your drafts from POST /work-orders/{id}/resolution-files, the photos of the finished work.")] IReadOnlyList<int>? PhotoIds = null);

[Description("A note added to a work order's thread.")]
public sealed record NoteRequest(
    [property: Description("The note; at most 4,000 characters.")] string? Text,
    [property: Description("Ids of your drafts from POST /work-orders/{id}/note-files, attached to this note.")] IReadOnlyList<int>? FileIds = null);

[Description("Who the API key acts as.")]
public sealed record MeResponse(string UserId, int OrganizationId, string OrganizationKind, string Role, int KeyId, string Scope);

[Description("A stored photo or file.")]
public sealed record FileResponse(
    int Id,
    [property: Description("ActionItem (the finding), Note or Resolution (the finished work).")] string Target,
    [property: Description("The uploaded name, cleaned; its extension follows the stored type.")] string Name,
    [property: Description("The type found from the content, not the name.")] string ContentType,
    [property: Description("Bytes as stored (images are re-encoded without metadata).")] long Size,
    int? Width,
    int? Height,
    int? ActionItemId,
    int? NoteId,
    DateTimeOffset UploadedAt,
    [property: Description("Where the key downloads it.")] string DownloadUrl,
    [property: Description("An image's thumbnail.")] string? ThumbnailUrl);

[Description("The files an upload stored: all of the request's, or (when one is refused) none.")]
public sealed record UploadFilesResponse(IReadOnlyList<FileResponse> Files);

[Description("A work order's files: its items' finding photos (before), its notes' files, and its resolution's (after).")]
public sealed record WorkOrderFilesResponse(
    IReadOnlyList<FileResponse> Before, IReadOnlyList<FileResponse> Notes, IReadOnlyList<FileResponse> After,
    [property: Description("Whether the company requires a photo of the finished work to resolve.")] bool ResolutionPhotoRequired);
