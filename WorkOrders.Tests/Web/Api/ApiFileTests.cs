using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Api;
using WorkOrders.Core.Attachments;
using WorkOrders.Tests.Core.Attachments;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web.Api;

/// <summary>Photos and files through the API: Core's upload checks answered as HTTP, and the resolve step's photo rule met by a draft id.</summary>
public sealed class ApiFileTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    private const string Wichita = "Station 12 – Wichita East";

    private static MultipartFormDataContent Form(params (string Name, byte[] Bytes, string Type)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "file", name);
        }
        return form;
    }

    private static (string, byte[], string) Jpeg(string name = "finding.jpg") => (name, TestImages.JpegWithGps(800, 600), "image/jpeg");

    private async Task<int> NewItemAsync(HttpClient client)
    {
        var facilities = await (await client.GetAsync("/api/v1/facilities")).JsonAsync();
        var facilityId = facilities.EnumerateArray().Single(f => f.GetProperty("name").GetString() == Wichita).GetProperty("id").GetInt32();
        var created = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/facilities/{facilityId}/action-items",
            new { title = "Photo finding " + Guid.NewGuid().ToString("N")[..8], priority = "High" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetInt32();
    }

    private async Task<int> StoredFilesAsync(int actionItemId)
    {
        await using var db = await app.DbAsync();
        return await db.Attachments.CountAsync(a => a.ActionItemId == actionItemId);
    }

    [Fact]
    public async Task UploadFindingPhoto_Jpeg_Is201AndPageUserGetsItWithoutGps()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var itemId = await NewItemAsync(client);

        var response = await client.PostAsync($"/api/v1/action-items/{itemId}/files", Form(Jpeg()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var file = (await response.JsonAsync()).GetProperty("files")[0];
        var id = file.GetProperty("id").GetInt32();
        Assert.Equal("finding.jpg", file.GetProperty("name").GetString());
        Assert.Equal("image/jpeg", file.GetProperty("contentType").GetString());
        Assert.True(file.GetProperty("size").GetInt64() > 0);
        Assert.Equal($"/api/v1/files/{id}", file.GetProperty("downloadUrl").GetString());
        Assert.Equal($"/api/v1/files/{id}", response.Headers.Location!.OriginalString);

        var listed = await (await client.GetAsync($"/api/v1/action-items/{itemId}/files")).JsonAsync();
        Assert.Equal([id], listed.EnumerateArray().Select(f => f.GetProperty("id").GetInt32()));
        var byKey = await client.GetAsync($"/api/v1/files/{id}");
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
        Assert.Equal("nosniff", byKey.Headers.GetValues("X-Content-Type-Options").Single());

        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await WebAppFactory.SignInAsync(browser, Demo.Admin);
        var page = await browser.GetAsync(FileUrls.Content(id));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("image/jpeg", page.Content.Headers.ContentType!.MediaType);
        Assert.False(TestImages.HasGps(await page.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Upload_RenamedExecutable_Is422AndNothingStored_EvenBesideAGoodPhoto()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var itemId = await NewItemAsync(client);

        var alone = await client.PostAsync($"/api/v1/action-items/{itemId}/files", Form(("photo.jpg", TestImages.RenamedExecutable(), "image/jpeg")));
        var beside = await client.PostAsync($"/api/v1/action-items/{itemId}/files",
            Form(Jpeg(), ("photo.jpg", TestImages.RenamedExecutable(), "image/jpeg")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, alone.StatusCode);
        Assert.Equal("application/problem+json", alone.Content.Headers.ContentType!.MediaType);
        Assert.True((await alone.JsonAsync()).GetProperty("errors").TryGetProperty("file", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, beside.StatusCode);
        Assert.Equal(0, await StoredFilesAsync(itemId));
    }

    [Fact]
    public async Task Upload_Oversize_Is413AndNothingStored()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var itemId = await NewItemAsync(client);
        var big = new byte[FileProcessor.MaxBytes + 1];
        TestImages.JpegWithGps(100, 100).CopyTo(big, 0);

        var response = await client.PostAsync($"/api/v1/action-items/{itemId}/files", Form(("huge.jpg", big, "image/jpeg")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("20 MB", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await StoredFilesAsync(itemId));
    }

    [Fact]
    public async Task Upload_RawBodyNotMultipart_Is415()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var itemId = await NewItemAsync(client);
        var raw = new ByteArrayContent(TestImages.JpegWithGps(100, 100));
        raw.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");

        var response = await client.PostAsync($"/api/v1/action-items/{itemId}/files", raw);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, await StoredFilesAsync(itemId));
    }

    [Fact]
    public async Task Upload_ReadOnlyKey_Is403AndNothingStored()
    {
        var itemId = await NewItemAsync(await app.ClientForAsync(Demo.Dispatcher));
        var readOnly = await app.ClientForAsync(Demo.Dispatcher, ApiKeyScope.ReadOnly);

        var response = await readOnly.PostAsync($"/api/v1/action-items/{itemId}/files", Form(Jpeg()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await StoredFilesAsync(itemId));
    }

    [Fact]
    public async Task Upload_AnotherTenantsItemOrWorkOrder_Is404LikeAMissingOne()
    {
        var itemId = await NewItemAsync(await app.ClientForAsync(Demo.Dispatcher));
        var (workOrderId, _) = await DispatchedWorkOrderAsync();
        var other = await app.ClientForAsync(Demo.OtherCompanyAdmin);

        var item = await other.PostAsync($"/api/v1/action-items/{itemId}/files", Form(Jpeg()));
        var resolution = await other.PostAsync($"/api/v1/work-orders/{workOrderId}/resolution-files", Form(Jpeg()));
        var list = await other.GetAsync($"/api/v1/action-items/{itemId}/files");
        var missing = await other.PostAsync("/api/v1/action-items/999999/files", Form(Jpeg()));

        Assert.Equal(HttpStatusCode.NotFound, item.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resolution.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((await missing.JsonAsync()).GetProperty("detail").GetString(), (await item.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await StoredFilesAsync(itemId));
    }

    [Fact]
    public async Task Resolve_PhotoRequired_RefusedWithoutPhoto_AcceptedWithUploadedDraft()
    {
        var admin = await app.ActorAsync(Demo.Admin);
        var requirement = app.Get<ResolutionPhotoRequirement>();
        await requirement.SetAsync(admin, true);
        try
        {
            var (id, tech) = await DispatchedWorkOrderAsync();
            var etag = (await tech.GetAsync($"/api/v1/work-orders/{id}")).Headers.ETag!.Tag;

            var without = await tech.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/resolve", new { resolutionNote = "Replaced." }, etag);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, without.StatusCode);

            var upload = await tech.PostAsync($"/api/v1/work-orders/{id}/resolution-files", Form(Jpeg("after.jpg")));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            var photoId = (await upload.JsonAsync()).GetProperty("files")[0].GetProperty("id").GetInt32();
            var drafts = await (await tech.GetAsync($"/api/v1/work-orders/{id}/resolution-files")).JsonAsync();
            Assert.Equal([photoId], drafts.EnumerateArray().Select(f => f.GetProperty("id").GetInt32()));

            var with = await tech.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/resolve",
                new { resolutionNote = "Replaced.", photoIds = new[] { photoId } }, etag);
            Assert.Equal(HttpStatusCode.OK, with.StatusCode);
            Assert.Equal("Resolved", (await with.JsonAsync()).GetProperty("status").GetString());
            var files = await (await tech.GetAsync($"/api/v1/work-orders/{id}/files")).JsonAsync();
            Assert.Equal([photoId], files.GetProperty("after").EnumerateArray().Select(f => f.GetProperty("id").GetInt32()));
        }
        finally
        {
            await requirement.SetAsync(admin, false);
        }
    }

    [Fact]
    public async Task AddNote_WithUploadedDraft_AttachesTheFileToTheNote()
    {
        var (id, tech) = await DispatchedWorkOrderAsync();

        var upload = await tech.PostAsync($"/api/v1/work-orders/{id}/note-files", Form(("report.pdf", TestImages.MinimalPdf(), "application/pdf")));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var fileId = (await upload.JsonAsync()).GetProperty("files")[0].GetProperty("id").GetInt32();
        var note = await tech.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/notes", new { text = "Test report attached.", fileIds = new[] { fileId } });

        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        var notes = (await (await tech.GetAsync($"/api/v1/work-orders/{id}/files")).JsonAsync()).GetProperty("notes");
        Assert.Equal("application/pdf", notes.EnumerateArray().Single(f => f.GetProperty("id").GetInt32() == fileId).GetProperty("contentType").GetString());
    }

    /// <summary>A work order dispatched to the technician, and the technician's client.</summary>
    private async Task<(int Id, HttpClient Tech)> DispatchedWorkOrderAsync()
    {
        var dispatcher = await app.ClientForAsync(Demo.Dispatcher);
        var itemId = await NewItemAsync(dispatcher);
        var facilityId = (await (await dispatcher.GetAsync($"/api/v1/action-items/{itemId}")).JsonAsync()).GetProperty("facilityId").GetInt32();
        var created = await dispatcher.SendJsonAsync(HttpMethod.Post, "/api/v1/work-orders", new { facilityId, title = "Photo proof", actionItemIds = new[] { itemId } });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        var users = await (await dispatcher.GetAsync("/api/v1/users")).JsonAsync();
        string UserId(string email) => users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;

        var submitted = await dispatcher.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/submit", new { approverId = UserId(Demo.Admin) }, created.Headers.ETag!.Tag);
        var approved = await (await app.ClientForAsync(Demo.Admin)).SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/approve", new { }, submitted.Headers.ETag!.Tag);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var dispatched = await dispatcher.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/dispatch",
            new { assigneeId = UserId(Demo.Tech), start, end = start.AddHours(2) }, approved.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, dispatched.StatusCode);
        return (id, await app.ClientForAsync(Demo.Tech));
    }
}
