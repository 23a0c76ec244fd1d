using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Common;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Attachments;

/// <summary>Uploads, the photo rule and file visibility on a real SQLite file and a real folder of files.</summary>
public abstract class AttachmentServiceTests : DatabaseTest, IAsyncLifetime
{
    private readonly FailingStore store = new();
    private CoreHost host = null!;
    private AttachmentService Attachments => host.Get<AttachmentService>();
    private WorkOrderService Service => host.Get<WorkOrderService>();
    private string FilesFolder => Path.Combine(host.Folder, "files");

    public async Task InitializeAsync()
    {
        host = await StartCoreAsync(configure: services => services.AddSingleton<IFileStore>(sp =>
        {
            store.Inner = new FileSystemFileStore(Path.Combine(sp.GetRequiredService<DataFolder>().Path, "files"));
            return store;
        }));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Upload_FindingPhoto_RowAttachedAndFileAndThumbnailStored()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (_, itemId) = await DispatchedAsync();

        var result = await Attachments.UploadAsync(tech, AttachmentTarget.ActionItem, itemId, "pump.jpg", new MemoryStream(TestImages.JpegWithGps()));

        Assert.True(result.IsOk, result.Message);
        await using var db = await host.DbAsync();
        var row = await db.Attachments.SingleAsync();
        Assert.Equal(AttachmentState.Attached, row.State);
        Assert.Equal(2, StoredFiles().Length);
        Assert.False(TestImages.HasGps(await File.ReadAllBytesAsync(StoredFiles().Single(f => !f.EndsWith("-thumb")))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Upload_StoreFailsMidUpload_NoRowAndNoFileLeft(int failingPut)
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (_, itemId) = await DispatchedAsync();
        store.FailOnPut = failingPut;

        var result = await Attachments.UploadAsync(tech, AttachmentTarget.ActionItem, itemId, "pump.jpg", new MemoryStream(TestImages.JpegWithGps()));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("could not be stored; nothing was kept", result.Message);
        await using var db = await host.DbAsync();
        Assert.Empty(await db.Attachments.ToListAsync());
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task Upload_RenamedExecutable_RefusedAndNothingWritten()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (_, itemId) = await DispatchedAsync();

        var result = await Attachments.UploadAsync(tech, AttachmentTarget.ActionItem, itemId, "photo.jpg", new MemoryStream(TestImages.RenamedExecutable()));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        await using var db = await host.DbAsync();
        Assert.Empty(await db.Attachments.ToListAsync());
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task RemoveDraft_ByItsUploader_RowAndFilesGone()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (woId, _) = await DispatchedAsync();
        var draft = await Attachments.UploadAsync(tech, AttachmentTarget.Resolution, woId, "after.jpg", new MemoryStream(TestImages.JpegWithGps()));
        Assert.Equal(2, StoredFiles().Length);

        Assert.True((await Attachments.RemoveAsync(tech, draft.Value!.Id)).IsOk);

        await using var db = await host.DbAsync();
        Assert.Empty(await db.Attachments.ToListAsync());
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task Sweep_DraftNobodyUsed_RemovedAfterADay()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (woId, _) = await DispatchedAsync();
        await Attachments.UploadAsync(tech, AttachmentTarget.Resolution, woId, "after.jpg", new MemoryStream(TestImages.JpegWithGps()));

        Assert.Equal(0, await Attachments.SweepAsync());
        host.Clock.Advance(AttachmentService.AbandonedDraft + TimeSpan.FromMinutes(1));
        // The hourly sweeper may get there first as the clock moves; either way the draft is gone.
        await Attachments.SweepAsync();

        await using var db = await host.DbAsync();
        Assert.Empty(await db.Attachments.ToListAsync());
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task Resolve_PhotoRequiredAndNone_RefusedWithTheRule()
    {
        var (admin, tech) = (await host.ActorAsync(Demo.Admin), await host.ActorAsync(Demo.Tech));
        Assert.True((await host.Get<ResolutionPhotoRequirement>().SetAsync(admin, true)).IsOk);
        var (woId, _) = await DispatchedAsync();

        var result = await Service.ResolveAsync(tech, woId, await VersionAsync(woId), "Replaced the bucket.");

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("at least one photo", result.Message);
        Assert.Equal(WorkOrderStatus.Dispatched, await StatusAsync(woId));
    }

    [Fact]
    public async Task Resolve_PhotoRequiredWithPhoto_ResolvedAndPhotoAttached()
    {
        var (admin, tech) = (await host.ActorAsync(Demo.Admin), await host.ActorAsync(Demo.Tech));
        await host.Get<ResolutionPhotoRequirement>().SetAsync(admin, true);
        var (woId, _) = await DispatchedAsync();
        var photo = await Attachments.UploadAsync(tech, AttachmentTarget.Resolution, woId, "after.jpg", new MemoryStream(TestImages.JpegWithGps()));

        var result = await Service.ResolveAsync(tech, woId, await VersionAsync(woId), "Replaced the bucket.", [photo.Value!.Id]);

        Assert.True(result.IsOk, result.Message);
        var files = await Attachments.ForWorkOrderAsync(admin, woId);
        Assert.Equal(photo.Value.Id, Assert.Single(files.After).Id);
    }

    [Fact]
    public async Task Resolve_PdfOnlyWhenPhotoRequired_Refused()
    {
        var (admin, tech) = (await host.ActorAsync(Demo.Admin), await host.ActorAsync(Demo.Tech));
        await host.Get<ResolutionPhotoRequirement>().SetAsync(admin, true);
        var (woId, _) = await DispatchedAsync();
        var pdf = await Attachments.UploadAsync(tech, AttachmentTarget.Resolution, woId, "invoice.pdf", new MemoryStream(TestImages.MinimalPdf()));

        var result = await Service.ResolveAsync(tech, woId, await VersionAsync(woId), "Done.", [pdf.Value!.Id]);

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task Resolve_PhotoNotRequired_ResolvedWithoutPhoto()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (woId, _) = await DispatchedAsync();

        Assert.True((await Service.ResolveAsync(tech, woId, await VersionAsync(woId), "Done.")).IsOk);
    }

    [Fact]
    public async Task SetPhotoRequirement_NotACompanyAdmin_NotAllowed()
    {
        var requirement = host.Get<ResolutionPhotoRequirement>();
        Assert.Equal(ResultStatus.NotAllowed, (await requirement.SetAsync(await host.ActorAsync(Demo.Dispatcher), true)).Status);
        Assert.Equal(ResultStatus.NotAllowed, (await requirement.SetAsync(await host.ActorAsync(Demo.ProviderAdmin), true)).Status);
    }

    [Fact]
    public async Task AddNote_WithDraftFile_FileBelongsToTheNote()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var (woId, _) = await DispatchedAsync();
        var file = await Attachments.UploadAsync(dispatcher, AttachmentTarget.Note, woId, "permit.pdf", new MemoryStream(TestImages.MinimalPdf()));

        Assert.True((await Service.AddNoteAsync(dispatcher, woId, "The permit.", [file.Value!.Id])).IsOk);

        var files = await Attachments.ForWorkOrderAsync(dispatcher, woId);
        var attached = Assert.Single(files.Notes);
        Assert.NotNull(attached.NoteId);
        Assert.Empty(await Attachments.DraftsAsync(dispatcher, woId, AttachmentTarget.Note));
    }

    [Fact]
    public async Task UploadResolutionPhoto_NotTheAssignee_NotAllowed()
    {
        var (woId, _) = await DispatchedAsync();

        var result = await Attachments.UploadAsync(await host.ActorAsync(Demo.Dispatcher), AttachmentTarget.Resolution, woId, "after.jpg", new MemoryStream(TestImages.Png()));

        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    /// <summary>Every file of a work order: the company sees them, another tenant and an unlinked provider never do.</summary>
    [Theory]
    [InlineData(Demo.Admin, true, true)]
    [InlineData(Demo.Tech, true, true)]
    [InlineData(Demo.OtherCompanyAdmin, false, false)]
    [InlineData(Demo.ProviderAdmin, false, false)]
    [InlineData(Demo.ProviderTech, false, false)]
    public async Task Open_EveryFileOfACompanyWorkOrder_OnlyTheCompanySeesIt(string who, bool seesItemPhoto, bool seesResolutionPhoto)
    {
        var tech = await host.ActorAsync(Demo.Tech);
        // Topeka: Summit Tank is not linked there.
        var (woId, itemId) = await DispatchedAsync("Station 31 – Topeka");
        var before = await Attachments.UploadAsync(tech, AttachmentTarget.ActionItem, itemId, "before.jpg", new MemoryStream(TestImages.Png()));
        var after = await Attachments.UploadAsync(tech, AttachmentTarget.Resolution, woId, "after.jpg", new MemoryStream(TestImages.Png()));
        Assert.True((await Service.ResolveAsync(tech, woId, await VersionAsync(woId), "Done.", [after.Value!.Id])).IsOk);
        var actor = await host.ActorAsync(who);

        foreach (var (id, sees) in new[] { (before.Value!.Id, seesItemPhoto), (after.Value.Id, seesResolutionPhoto) })
        {
            foreach (var thumbnail in new[] { false, true })
            {
                var opened = await Attachments.OpenAsync(actor, id, thumbnail);
                Assert.Equal(sees ? ResultStatus.Ok : ResultStatus.NotFound, opened.Status);
                if (opened.Value is not null) await opened.Value.Content.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Open_FindingPhotoAtALinkedFacility_LinkedProviderSeesItButNotTheCompanysResolution()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (woId, itemId) = await DispatchedAsync("Station 7 – Denver Colfax");
        var before = await Attachments.UploadAsync(tech, AttachmentTarget.ActionItem, itemId, "before.jpg", new MemoryStream(TestImages.Png()));
        var after = await Attachments.UploadAsync(tech, AttachmentTarget.Resolution, woId, "after.jpg", new MemoryStream(TestImages.Png()));
        await Service.ResolveAsync(tech, woId, await VersionAsync(woId), "Done.", [after.Value!.Id]);
        var provider = await host.ActorAsync(Demo.ProviderAdmin);

        Assert.True((await Attachments.OpenAsync(provider, before.Value!.Id, false)).IsOk);
        Assert.Equal(ResultStatus.NotFound, (await Attachments.OpenAsync(provider, after.Value.Id, false)).Status);
    }

    [Fact]
    public async Task OpenDraft_SomeoneElseOfTheCompany_NotFound()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (woId, _) = await DispatchedAsync();
        var draft = await Attachments.UploadAsync(tech, AttachmentTarget.Resolution, woId, "after.jpg", new MemoryStream(TestImages.Png()));

        Assert.Equal(ResultStatus.NotFound, (await Attachments.OpenAsync(await host.ActorAsync(Demo.Admin), draft.Value!.Id, false)).Status);
        Assert.True((await Attachments.OpenAsync(tech, draft.Value.Id, false)).IsOk);
    }

    [Fact]
    public async Task FindingPhotos_AfterTheWorkOrderCloses_KeptWithTheActionItem()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (woId, itemId) = await DispatchedAsync();
        var before = await Attachments.UploadAsync(tech, AttachmentTarget.ActionItem, itemId, "before.jpg", new MemoryStream(TestImages.Png()));
        await Service.ResolveAsync(tech, woId, await VersionAsync(woId), "Done.");

        var opened = await Attachments.OpenAsync(await host.ActorAsync(Demo.Admin), before.Value!.Id, false);

        Assert.True(opened.IsOk);
        await opened.Value!.Content.DisposeAsync();
        await using var db = await host.DbAsync();
        Assert.Equal(ActionItemStatus.Resolved, (await db.ActionItems.SingleAsync(i => i.Id == itemId)).Status);
    }

    [Fact]
    public async Task ForFacilityItems_AfterResolve_FacilityKeepsThePhotosAndTheItemTakesNoMore()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var (woId, itemId) = await DispatchedAsync();
        var before = await Attachments.UploadAsync(tech, AttachmentTarget.ActionItem, itemId, "before.jpg", new MemoryStream(TestImages.Png()));
        int facilityId;
        await using (var db = await host.DbAsync())
        {
            facilityId = await db.ActionItems.Where(i => i.Id == itemId).Select(i => i.FacilityId).SingleAsync();
        }
        var admin = await host.ActorAsync(Demo.Admin);
        Assert.True((await Attachments.ForFacilityItemsAsync(admin, facilityId)).MayAddTo(itemId));

        await Service.ResolveAsync(tech, woId, await VersionAsync(woId), "Done.");
        var files = await Attachments.ForFacilityItemsAsync(admin, facilityId);
        var outsider = await Attachments.ForFacilityItemsAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), facilityId);

        Assert.Equal([before.Value!.Id], files.OfItem(itemId).Select(f => f.Id));
        Assert.False(files.MayAddTo(itemId));
        Assert.False(files.OfItem(itemId)[0].CanRemove);
        Assert.Empty(outsider.Photos);
        var refused = await Attachments.UploadAsync(admin, AttachmentTarget.ActionItem, itemId, "late.png", new MemoryStream(TestImages.Png()));
        Assert.Equal(ResultStatus.NotAllowed, refused.Status);
    }

    /// <summary>A company work order dispatched to the company's technician, and its first action item.</summary>
    private async Task<(int WorkOrderId, int ItemId)> DispatchedAsync(string facility = "Station 7 – Denver Colfax")
    {
        await using var db = await host.DbAsync();
        var wo = await db.WorkOrders.Include(w => w.ActionItems).AsNoTracking()
            .Where(w => w.Facility!.Name == facility && (w.Status == WorkOrderStatus.Dispatched || w.Status == WorkOrderStatus.Approved))
            .OrderByDescending(w => w.Status == WorkOrderStatus.Dispatched).FirstAsync();
        if (wo.Status == WorkOrderStatus.Approved)
        {
            var start = CoreHost.Start.AddDays(1);
            var dispatched = await Service.DispatchAsync(await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, await host.UserIdAsync(Demo.Tech), start, start.AddHours(2));
            Assert.True(dispatched.IsOk, dispatched.Message);
        }
        return (wo.Id, wo.ActionItems.OrderBy(i => i.Id).First().Id);
    }

    private async Task<int> VersionAsync(int id)
    {
        await using var db = await host.DbAsync();
        return await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Version).SingleAsync();
    }

    private async Task<WorkOrderStatus> StatusAsync(int id)
    {
        await using var db = await host.DbAsync();
        return await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Status).SingleAsync();
    }

    private string[] StoredFiles() =>
        Directory.Exists(FilesFolder) ? Directory.GetFiles(FilesFolder, "*", SearchOption.AllDirectories) : [];

    /// <summary>The real file-system store, made to fail on the Nth put, as a full disk or a lost bucket would.</summary>
    private sealed class FailingStore : IFileStore
    {
        private int puts;
        public IFileStore Inner { get; set; } = null!;
        public int FailOnPut { get; set; }

        public async Task PutAsync(string key, Stream content, CancellationToken ct = default)
        {
            if (++puts == FailOnPut)
            {
                // Half a file reaches the disk before the failure.
                await Inner.PutAsync(key, new MemoryStream(new byte[10]), ct);
                throw new IOException("No space left on device");
            }
            await Inner.PutAsync(key, content, ct);
        }

        public Task<Stream?> OpenReadAsync(string key, CancellationToken ct = default) => Inner.OpenReadAsync(key, ct);
        public Task DeleteAsync(string key, CancellationToken ct = default) => Inner.DeleteAsync(key, ct);
    }

    public sealed class OnSqlite : AttachmentServiceTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : AttachmentServiceTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
