using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Attachments;

/// <summary>What a file is proof of: the finding itself, a note in the thread, or the finished work.</summary>
public enum AttachmentTarget { ActionItem, Note, Resolution }

/// <summary>
/// Uploading: the row exists, the bytes may not yet (a sweep removes what a crash left here).
/// Draft: stored, waiting for the note or resolution it was picked for; only its uploader sees it.
/// Attached: part of the record.
/// </summary>
public enum AttachmentState { Uploading, Draft, Attached }

/// <summary>A photo or PDF kept as proof. The bytes live in the <see cref="IFileStore"/>; this row says whose they are.</summary>
public sealed class Attachment
{
    public const int MaxFileNameLength = 200;

    private Attachment() { }

    internal Attachment(AttachmentTarget target, int companyId, int facilityId, int? actionItemId, int? workOrderId,
        string fileName, string uploadedById, DateTimeOffset uploadedAt)
    {
        Target = target;
        CompanyId = companyId;
        FacilityId = facilityId;
        ActionItemId = actionItemId;
        WorkOrderId = workOrderId;
        FileName = fileName;
        UploadedById = uploadedById;
        UploadedAt = uploadedAt;
        State = AttachmentState.Uploading;
        StorageKey = FileKeys.New(uploadedAt);
    }

    public int Id { get; private set; }
    public AttachmentTarget Target { get; private set; }
    public AttachmentState State { get; private set; }

    /// <summary>The company that owns the facility (denormalised for tenant filters, as on work orders).</summary>
    public int CompanyId { get; private set; }
    public int FacilityId { get; private set; }
    public Facility? Facility { get; private set; }
    public int? ActionItemId { get; private set; }
    public ActionItem? ActionItem { get; private set; }
    public int? WorkOrderId { get; private set; }
    public WorkOrder? WorkOrder { get; private set; }
    public int? NoteId { get; private set; }
    public WorkOrderNote? Note { get; private set; }

    /// <summary>The name the uploader's device gave it, cleaned; shown and offered on download, never used as a path.</summary>
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public int? Width { get; private set; }
    public int? Height { get; private set; }
    public string StorageKey { get; private set; } = "";
    public string? ThumbnailKey { get; private set; }
    public string UploadedById { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    internal void Stored(ProcessedFile file, string? thumbnailKey)
    {
        ContentType = file.ContentType;
        Length = file.Content.Length;
        Width = file.Width;
        Height = file.Height;
        ThumbnailKey = thumbnailKey;
        FileName = Path.ChangeExtension(FileName, file.Extension);
        // A finding's photo is part of the record at once; a note's or resolution's waits for it.
        State = Target == AttachmentTarget.ActionItem ? AttachmentState.Attached : AttachmentState.Draft;
    }

    internal void AttachTo(WorkOrderNote note)
    {
        Note = note;
        State = AttachmentState.Attached;
    }

    internal void AttachToResolution() => State = AttachmentState.Attached;
}

/// <summary>Storage keys are made here only, from a date and a random id: nothing a user typed reaches a path.</summary>
public static class FileKeys
{
    public static string New(DateTimeOffset at) =>
        $"{at.UtcDateTime:yyyy}/{at.UtcDateTime:MM}/{Guid.NewGuid():N}";

    public static string Thumbnail(string key) => key + "-thumb";

    /// <summary>The shape <see cref="New"/> makes, so a store can refuse anything else.</summary>
    public static bool IsValid(string key) =>
        System.Text.RegularExpressions.Regex.IsMatch(key, "^[0-9]{4}/[0-9]{2}/[0-9a-f]{32}(-thumb)?$");
}
