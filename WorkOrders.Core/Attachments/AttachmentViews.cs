namespace WorkOrders.Core.Attachments;

/// <summary>An attachment as lists and galleries show it.</summary>
public sealed record AttachmentView(
    int Id, AttachmentTarget Target, string FileName, string ContentType, long Length, int? Width, int? Height, bool HasThumbnail,
    int? ActionItemId, int? NoteId, string UploadedBy, DateTimeOffset UploadedAt, bool CanRemove)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
    public string Url => FileUrls.Content(Id);
    public string? ThumbnailUrl => HasThumbnail ? FileUrls.Thumbnail(Id) : null;
}

/// <summary>The files of a work order: each item's finding photos (before), each note's files, the resolution's (after).</summary>
public sealed record WorkOrderFiles(
    IReadOnlyList<AttachmentView> Before, IReadOnlyList<AttachmentView> Notes, IReadOnlyList<AttachmentView> After,
    IReadOnlySet<int> ItemsTakingPhotos, bool MayAddToNotes, bool MayAddAfter, bool ResolutionPhotoRequired)
{
    public static readonly WorkOrderFiles None = new([], [], [], new HashSet<int>(), false, false, false);
    public bool MayAddBefore => ItemsTakingPhotos.Count > 0;

    /// <summary>Core's answer whether this item's finding may still get photos (<see cref="AttachmentRules.MayAttachToItem"/>).</summary>
    public bool MayAddTo(int actionItemId) => ItemsTakingPhotos.Contains(actionItemId);
    public IReadOnlyList<AttachmentView> OfItem(int actionItemId) => Before.Where(a => a.ActionItemId == actionItemId).ToList();
    public IReadOnlyList<AttachmentView> OfNote(int noteId) => Notes.Where(a => a.NoteId == noteId).ToList();
}

/// <summary>The finding photos of a facility's action items, and which items may still get photos.</summary>
public sealed record ItemFiles(IReadOnlyList<AttachmentView> Photos, IReadOnlySet<int> ItemsTakingPhotos)
{
    public static readonly ItemFiles None = new([], new HashSet<int>());
    public bool MayAddTo(int actionItemId) => ItemsTakingPhotos.Contains(actionItemId);
    public IReadOnlyList<AttachmentView> OfItem(int actionItemId) => Photos.Where(a => a.ActionItemId == actionItemId).ToList();
}

/// <summary>A file to send: opened from the store after visibility let the caller find it.</summary>
public sealed record FileDownload(Stream Content, string ContentType, string FileName, bool Inline);

/// <summary>The only addresses files are served at (WorkOrders.Web maps them; e-mails and reports link them).</summary>
public static class FileUrls
{
    public static string Content(int id) => $"/files/{id}";
    public static string Thumbnail(int id) => $"/files/{id}/thumbnail";
    public static string CompletionReport(int workOrderId) => $"/work-orders/{workOrderId}/completion-report.pdf";
}
