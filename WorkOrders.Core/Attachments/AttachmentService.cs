using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Attachments;

/// <summary>
/// Uploads, removals and reads of attachments. Each finds its target through the actor's visibility first
/// (NotFound), then asks <see cref="AttachmentRules"/> (NotAllowed), then checks the content (Invalid).
/// An upload writes its row first (Uploading), then the bytes, then marks the row stored; on any failure it
/// deletes what it wrote, so neither a row without a file nor a file without a row is left (ADR-014).
/// </summary>
public sealed class AttachmentService(IDbContextFactory<WorkOrdersDbContext> dbFactory, IFileStore store, TimeProvider clock, ILogger<AttachmentService> logger)
{
    public static readonly TimeSpan AbandonedUpload = TimeSpan.FromHours(1);
    public static readonly TimeSpan AbandonedDraft = TimeSpan.FromDays(1);

    public async Task<Result<AttachmentView>> UploadAsync(Actor actor, AttachmentTarget target, int targetId, string fileName, Stream content, CancellationToken ct = default)
    {
        var name = FileProcessor.CleanFileName(fileName);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        Attachment attachment;
        if (target == AttachmentTarget.ActionItem)
        {
            var item = await db.ActionItems.VisibleTo(actor).Include(i => i.Facility).FirstOrDefaultAsync(i => i.Id == targetId, ct);
            if (item is null) return Result<AttachmentView>.From(Result.NotFound("The action item"));
            if (AttachmentRules.MayAttachToItem(item) is { } refusal) return Result<AttachmentView>.From(refusal);
            attachment = new Attachment(target, item.Facility!.CompanyId, item.FacilityId, item.Id, null, name, actor.UserId, now);
        }
        else
        {
            var wo = await db.WorkOrders.VisibleTo(actor).FirstOrDefaultAsync(w => w.Id == targetId, ct);
            if (wo is null) return Result<AttachmentView>.From(Result.NotFound("The work order"));
            if (AttachmentRules.MayAttachToWorkOrder(wo, actor, target) is { } refusal) return Result<AttachmentView>.From(refusal);
            attachment = new Attachment(target, wo.CompanyId, wo.FacilityId, null, wo.Id, name, actor.UserId, now);
        }

        var bytes = await ReadBoundedAsync(content, ct);
        if (bytes is null) return Result<AttachmentView>.From(Result.Invalid(FileProcessor.TooLarge(name)));
        var processed = FileProcessor.Process(bytes, name);
        if (!processed.IsOk) return Result<AttachmentView>.From(processed);

        db.Attachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        var thumbnailKey = processed.Value!.Thumbnail is null ? null : FileKeys.Thumbnail(attachment.StorageKey);
        try
        {
            await store.PutAsync(attachment.StorageKey, new MemoryStream(processed.Value.Content), ct);
            if (thumbnailKey is not null) await store.PutAsync(thumbnailKey, new MemoryStream(processed.Value.Thumbnail!), ct);
            attachment.Stored(processed.Value, thumbnailKey);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Storing attachment {Id} failed; its row and bytes are removed", attachment.Id);
            await DiscardAsync(attachment.Id, attachment.StorageKey, thumbnailKey);
            return Result<AttachmentView>.From(Result.Invalid($"{name} could not be stored; nothing was kept. Try again."));
        }
        catch (OperationCanceledException)
        {
            await DiscardAsync(attachment.Id, attachment.StorageKey, thumbnailKey);
            throw;
        }
        return ToView(attachment, actor.UserId == attachment.UploadedById ? "you" : "", canRemove: true);
    }

    /// <summary>A draft by its uploader; a finding's photo by its uploader or a company admin while the item is open.</summary>
    public async Task<Result> RemoveAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachment = await db.Attachments.VisibleTo(actor).Include(a => a.ActionItem).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (attachment is null) return Result.NotFound("The file");
        if (!AttachmentRules.MayRemove(attachment, actor)) return Result.NotAllowed("Only whoever uploaded a file may remove it, and only before it is part of the record.");
        db.Attachments.Remove(attachment);
        await db.SaveChangesAsync(ct);
        // The row is gone, so nobody can reach the bytes any more; deleting them is tidying up.
        await DeleteBytesAsync(attachment.StorageKey, attachment.ThumbnailKey);
        return Result.Ok();
    }

    /// <summary>The actor's drafts for a note or the resolution of a work order, as the form that will use them shows them.</summary>
    public async Task<IReadOnlyList<AttachmentView>> DraftsAsync(Actor actor, int workOrderId, AttachmentTarget target, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Attachments.VisibleTo(actor)
            .Where(a => a.WorkOrderId == workOrderId && a.Target == target && a.State == AttachmentState.Draft && a.UploadedById == actor.UserId)
            .OrderBy(a => a.Id).ToListAsync(ct);
        return rows.Select(a => ToView(a, "you", canRemove: true)).ToList();
    }

    public async Task<WorkOrderFiles> ForWorkOrderAsync(Actor actor, int workOrderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wo = await db.WorkOrders.VisibleTo(actor).AsNoTracking().FirstOrDefaultAsync(w => w.Id == workOrderId, ct);
        if (wo is null) return WorkOrderFiles.None;
        var itemIds = await db.ActionItems.Where(i => i.WorkOrderId == workOrderId).Select(i => new { i.Id, i.Status }).ToListAsync(ct);
        var ids = itemIds.Select(i => i.Id).ToList();
        var rows = await db.Attachments.VisibleTo(actor).AsNoTracking()
            .Where(a => a.State == AttachmentState.Attached && ((a.ActionItemId != null && ids.Contains(a.ActionItemId.Value)) || a.WorkOrderId == workOrderId))
            .OrderBy(a => a.Id)
            .Select(a => new { Attachment = a, a.ActionItem, By = db.Users.Where(u => u.Id == a.UploadedById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        var required = await db.Organizations.Where(o => o.Id == wo.CompanyId).Select(o => o.RequireResolutionPhoto).SingleAsync(ct);
        var views = rows.Select(r =>
        {
            return (r.Attachment.Target, View: ToView(r.Attachment, r.By ?? "(unknown user)", AttachmentRules.MayRemove(r.Attachment, actor, r.ActionItem)));
        }).ToList();
        return new WorkOrderFiles(
            views.Where(v => v.Target == AttachmentTarget.ActionItem).Select(v => v.View).ToList(),
            views.Where(v => v.Target == AttachmentTarget.Note).Select(v => v.View).ToList(),
            views.Where(v => v.Target == AttachmentTarget.Resolution).Select(v => v.View).ToList(),
            ItemsTakingPhotos: itemIds.Where(i => AttachmentRules.MayAttachToItem(i.Status) is null).Select(i => i.Id).ToHashSet(),
            MayAddToNotes: wo.IsParticipant(actor),
            MayAddAfter: wo.AllowedActions(actor).Contains(WorkOrderAction.Resolve),
            ResolutionPhotoRequired: required);
    }

    /// <summary>
    /// A facility's finding photos, so the facility keeps each item's photos whatever became of its work order.
    /// Another tenant's facility gives <see cref="ItemFiles.None"/>, like one without photos.
    /// </summary>
    public async Task<ItemFiles> ForFacilityItemsAsync(Actor actor, int facilityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await db.ActionItems.VisibleTo(actor).Where(i => i.FacilityId == facilityId).Select(i => new { i.Id, i.Status }).ToListAsync(ct);
        if (items.Count == 0) return ItemFiles.None;
        var rows = await db.Attachments.VisibleTo(actor).AsNoTracking()
            .Where(a => a.State == AttachmentState.Attached && a.Target == AttachmentTarget.ActionItem && a.FacilityId == facilityId)
            .OrderBy(a => a.Id)
            .Select(a => new { Attachment = a, a.ActionItem, By = db.Users.Where(u => u.Id == a.UploadedById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return new ItemFiles(
            rows.Select(r => ToView(r.Attachment, r.By ?? "(unknown user)", AttachmentRules.MayRemove(r.Attachment, actor, r.ActionItem))).ToList(),
            items.Where(i => AttachmentRules.MayAttachToItem(i.Status) is null).Select(i => i.Id).ToHashSet());
    }

    /// <summary>The bytes of a visible attachment (or its thumbnail); NotFound for anything another tenant owns.</summary>
    public async Task<Result<FileDownload>> OpenAsync(Actor actor, int id, bool thumbnail, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Attachments.VisibleTo(actor).AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new { a.StorageKey, a.ThumbnailKey, a.ContentType, a.FileName })
            .FirstOrDefaultAsync(ct);
        if (row is null || (thumbnail && row.ThumbnailKey is null)) return Result<FileDownload>.From(Result.NotFound("The file"));
        var stream = await store.OpenReadAsync(thumbnail ? row.ThumbnailKey! : row.StorageKey, ct);
        if (stream is null)
        {
            logger.LogWarning("Attachment {Id} has a row but its bytes are missing from the store", id);
            return Result<FileDownload>.From(Result.NotFound("The file"));
        }
        return thumbnail
            ? new FileDownload(stream, "image/jpeg", Path.ChangeExtension(row.FileName, ".jpg"), Inline: true)
            : new FileDownload(stream, row.ContentType, row.FileName, Inline: row.ContentType.StartsWith("image/", StringComparison.Ordinal));
    }

    /// <summary>Removes uploads a crash left half-way and drafts nobody used; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var uploadsBefore = now - AbandonedUpload;
        var draftsBefore = now - AbandonedDraft;
        var stale = await db.Attachments
            .Where(a => (a.State == AttachmentState.Uploading && a.UploadedAt < uploadsBefore) || (a.State == AttachmentState.Draft && a.UploadedAt < draftsBefore))
            .Select(a => new { a.Id, a.StorageKey })
            .Take(500)
            .ToListAsync(ct);
        foreach (var a in stale) await DiscardAsync(a.Id, a.StorageKey, FileKeys.Thumbnail(a.StorageKey));
        return stale.Count;
    }

    /// <summary>Loads the actor's drafts of the given ids into the caller's context, for the use case that attaches them.</summary>
    internal static async Task<Result<List<Attachment>>> LoadDraftsAsync(
        WorkOrdersDbContext db, Actor actor, int workOrderId, AttachmentTarget target, IReadOnlyCollection<int>? ids, CancellationToken ct)
    {
        if (ids is null || ids.Count == 0) return Result<List<Attachment>>.Ok([]);
        var distinct = ids.Distinct().ToList();
        var drafts = await db.Attachments
            .Where(a => distinct.Contains(a.Id) && a.WorkOrderId == workOrderId && a.Target == target
                        && a.State == AttachmentState.Draft && a.UploadedById == actor.UserId)
            .ToListAsync(ct);
        return drafts.Count == distinct.Count
            ? Result<List<Attachment>>.Ok(drafts)
            : Result<List<Attachment>>.From(Result.Invalid("One of the files is no longer there (it was removed or expired). Upload it again."));
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > FileProcessor.MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private async Task DiscardAsync(int id, string key, string? thumbnailKey)
    {
        await DeleteBytesAsync(key, thumbnailKey);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.Attachments.Where(a => a.Id == id).ExecuteDeleteAsync();
        }
        catch (Exception e)
        {
            // The row stays Uploading, invisible to everyone; the sweep removes it later.
            logger.LogError(e, "Could not remove the row of failed upload {Id}; the sweep will", id);
        }
    }

    private async Task DeleteBytesAsync(string key, string? thumbnailKey)
    {
        foreach (var k in new[] { key, thumbnailKey }.OfType<string>())
        {
            try { await store.DeleteAsync(k); }
            catch (Exception e) { logger.LogError(e, "Could not delete stored file {Key}", k); }
        }
    }

    private static AttachmentView ToView(Attachment a, string uploadedBy, bool canRemove) =>
        new(a.Id, a.Target, a.FileName, a.ContentType, a.Length, a.Width, a.Height, a.ThumbnailKey is not null,
            a.ActionItemId, a.NoteId, uploadedBy, a.UploadedAt, canRemove);
}

/// <summary>Who may add and remove which files; the visibility filters have already decided who may see them.</summary>
public static class AttachmentRules
{
    /// <summary>Photos of a finding are added while it is open (before it is fixed or closed).</summary>
    public static Result? MayAttachToItem(ActionItem item) => MayAttachToItem(item.Status);

    public static Result? MayAttachToItem(ActionItemStatus status) =>
        status == ActionItemStatus.Open ? null : Result.NotAllowed($"This action item is {status.ToString().ToLowerInvariant()}; its photos can no longer change.");

    public static Result? MayAttachToWorkOrder(WorkOrder wo, Actor actor, AttachmentTarget target) => target switch
    {
        AttachmentTarget.Note when !wo.IsParticipant(actor) => Result.NotAllowed("Only people taking part in this work order may add files to its notes."),
        AttachmentTarget.Resolution when !wo.AllowedActions(actor).Contains(WorkOrderAction.Resolve) =>
            Result.NotAllowed($"Photos of the finished work are added by whoever resolves {wo.Number}, while it is dispatched."),
        AttachmentTarget.ActionItem => Result.Invalid("A finding's photo belongs to its action item."),
        _ => null,
    };

    public static bool MayRemove(Attachment a, Actor actor, ActionItem? item = null) => a.State switch
    {
        AttachmentState.Draft => a.UploadedById == actor.UserId,
        AttachmentState.Attached when a.Target == AttachmentTarget.ActionItem =>
            (item ?? a.ActionItem)?.Status == ActionItemStatus.Open
            && (a.UploadedById == actor.UserId || (actor.IsAdmin && actor.OrganizationId == a.CompanyId)),
        _ => false,
    };
}
