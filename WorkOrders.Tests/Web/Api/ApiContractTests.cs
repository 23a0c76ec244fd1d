using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Api;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web.Api;

public sealed class ApiContractTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    private const string Wichita = "Station 12 – Wichita East";

    private static string ETagOf(HttpResponseMessage response) => response.Headers.ETag!.Tag;

    private async Task<int> FacilityIdAsync(HttpClient client, string name)
    {
        var list = await (await client.GetAsync("/api/v1/facilities")).JsonAsync();
        return list.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
    }

    private static async Task<string> UserIdAsync(HttpClient client, string email)
    {
        var users = await (await client.GetAsync("/api/v1/users")).JsonAsync();
        return users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> NewActionItemAsync(HttpClient client, int facilityId, string? title = null)
    {
        var response = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/facilities/{facilityId}/action-items",
            new { title = title ?? "API finding " + Guid.NewGuid().ToString("N")[..8], priority = "High", dueDate = "2027-01-31" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task AnyEndpoint_WithoutKey_Is401ProblemWithBearerChallenge()
    {
        var response = await app.ApiClient(null).GetAsync("/api/v1/work-orders");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Me_WithKey_NamesTheKeysUserOrganisationAndScope()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher, ApiKeyScope.ReadOnly);

        var me = await (await client.GetAsync("/api/v1/me")).JsonAsync();

        Assert.Equal((await app.ActorAsync(Demo.Dispatcher)).UserId, me.GetProperty("userId").GetString());
        Assert.Equal("Company", me.GetProperty("organizationKind").GetString());
        Assert.Equal("ReadOnly", me.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task WorkOrder_CarriedThroughLifecycleByKeys_EndsResolvedWithEachStepInHistory()
    {
        var dispatcher = await app.ClientForAsync(Demo.Dispatcher);
        var approver = await app.ClientForAsync(Demo.Admin);
        var tech = await app.ClientForAsync(Demo.Tech);
        var facilityId = await FacilityIdAsync(dispatcher, Wichita);
        var item = await NewActionItemAsync(dispatcher, facilityId);

        var created = await dispatcher.SendJsonAsync(HttpMethod.Post, "/api/v1/work-orders",
            new { facilityId, title = "Fix it through the API", actionItemIds = new[] { item.GetProperty("id").GetInt32() } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/work-orders/{id}", created.Headers.Location!.OriginalString);

        var edited = await dispatcher.SendJsonAsync(HttpMethod.Put, $"/api/v1/work-orders/{id}", new
        {
            title = "Fix it through the API",
            actionItemIds = new[] { item.GetProperty("id").GetInt32() },
            estimateLines = new[] { new { description = "Nozzle", quantity = 2, unitPrice = 40.5 } },
        }, ETagOf(created));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(81m, (await edited.JsonAsync()).GetProperty("estimateTotal").GetDecimal());

        var submitted = await dispatcher.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/submit",
            new { approverId = await UserIdAsync(dispatcher, Demo.Admin) }, ETagOf(edited));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var approved = await approver.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/approve", new { comment = "Go" }, ETagOf(submitted));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var dispatched = await dispatcher.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/dispatch",
            new { assigneeId = await UserIdAsync(dispatcher, Demo.Tech), start, end = start.AddHours(2) }, ETagOf(approved));
        Assert.Equal(HttpStatusCode.OK, dispatched.StatusCode);
        var resolved = await tech.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/resolve", new { resolutionNote = "Replaced." }, ETagOf(dispatched));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var detail = await (await dispatcher.GetAsync($"/api/v1/work-orders/{id}")).JsonAsync();
        Assert.Equal("Resolved", detail.GetProperty("status").GetString());
        Assert.Equal(new[] { "Edit", "Submit", "Approve", "Dispatch", "Resolve" },
            detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action")).Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToArray());
        Assert.Equal("Resolved", detail.GetProperty("actionItems")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Transition_NotThePartyAllowed_Is403AndChangesNothing()
    {
        var dispatcher = await app.ClientForAsync(Demo.Dispatcher);
        var facilityId = await FacilityIdAsync(dispatcher, Wichita);
        var item = await NewActionItemAsync(dispatcher, facilityId);
        var created = await dispatcher.SendJsonAsync(HttpMethod.Post, "/api/v1/work-orders",
            new { facilityId, title = "Only the approver approves", actionItemIds = new[] { item.GetProperty("id").GetInt32() } });
        var id = (await created.JsonAsync()).GetProperty("id").GetInt32();
        var submitted = await dispatcher.SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/submit", new { approverId = await UserIdAsync(dispatcher, Demo.Admin) }, ETagOf(created));

        var response = await (await app.ClientForAsync(Demo.Tech)).SendJsonAsync(HttpMethod.Post, $"/api/v1/work-orders/{id}/approve", new { }, ETagOf(submitted));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Submitted", (await (await dispatcher.GetAsync($"/api/v1/work-orders/{id}")).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ActionItem_StaleIfMatch_Is412_StaleBodyVersion_Is409_NoVersion_Is428()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var item = await NewActionItemAsync(client, await FacilityIdAsync(client, Wichita));
        var url = $"/api/v1/action-items/{item.GetProperty("id").GetInt32()}";
        var read = await client.GetAsync(url);
        var etag = ETagOf(read);

        var first = await client.SendJsonAsync(HttpMethod.Put, url, new { title = "Changed once", priority = "Low" }, etag);
        var stale = await client.SendJsonAsync(HttpMethod.Put, url, new { title = "Changed twice", priority = "Low" }, etag);
        var staleBody = await client.SendJsonAsync(HttpMethod.Put, url, new { title = "Changed twice", priority = "Low", version = item.GetProperty("version").GetInt32() });
        var none = await client.SendJsonAsync(HttpMethod.Put, url, new { title = "Changed twice", priority = "Low" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, ETagOf(first));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleBody.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, none.StatusCode);
        Assert.Equal("Changed once", (await (await client.GetAsync(url)).JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Create_InvalidInput_Is422WithTheFieldsErrors()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var facilityId = await FacilityIdAsync(client, Wichita);

        var response = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/facilities/{facilityId}/action-items", new { title = " ", priority = "High" });
        var note = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/work-orders/1/notes", new { text = "" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Enter a title.", (await response.JsonAsync()).GetProperty("errors").GetProperty("title")[0].GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, note.StatusCode);
        Assert.True((await note.JsonAsync()).GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Create_TwoFieldsInvalid_Is422WithEachMessageUnderItsOwnMember()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var facilityId = await FacilityIdAsync(client, Wichita);

        var response = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/facilities/{facilityId}/action-items",
            new { title = "Leaking lid", description = new string('x', 5000), source = new string('s', 300) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Equal(["description", "source"], errors.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Contains("description", errors.GetProperty("description")[0].GetString());
        Assert.Contains("source", errors.GetProperty("source")[0].GetString());
    }

    [Fact]
    public async Task Close_ActionItem_WithReason_ClosesIt()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var item = await NewActionItemAsync(client, await FacilityIdAsync(client, Wichita));
        var url = $"/api/v1/action-items/{item.GetProperty("id").GetInt32()}";

        var noReason = await client.SendJsonAsync(HttpMethod.Post, url + "/close", new { }, ETagOf(await client.GetAsync(url)));
        var closed = await client.SendJsonAsync(HttpMethod.Post, url + "/close", new { reason = "Not ours" }, ETagOf(await client.GetAsync(url)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.True((await noReason.JsonAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal("Closed", (await closed.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Import_AllRowsValid_ImportsAll_OneBadRow_ImportsNoneAndNamesIt()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher);
        var facilityId = await FacilityIdAsync(client, Wichita);
        var tag = Guid.NewGuid().ToString("N")[..6];

        var bad = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/action-items/import", new
        {
            facilityId,
            rows = new object[] { new { title = "Import A " + tag }, new { title = "Import B " + tag, priority = "Urgent" } },
        });
        var good = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/action-items/import", new
        {
            facilityId,
            rows = new object[] { new { title = "Import A " + tag, dueDate = "2027-02-01" }, new { facility = "Station 31 – Topeka", title = "Import B " + tag, priority = "Low" } },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Row 2", (await bad.JsonAsync()).GetProperty("errors").GetProperty("rows").ToString());
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(2, (await good.JsonAsync()).GetProperty("imported").GetInt32());
        var list = await (await client.GetAsync($"/api/v1/facilities/{facilityId}/action-items?status=Open&priority=Medium")).JsonAsync();
        Assert.Contains(list.EnumerateArray(), i => i.GetProperty("title").GetString() == "Import A " + tag);
        Assert.All(list.EnumerateArray(), i => Assert.Equal("Medium", i.GetProperty("priority").GetString()));
    }

    [Fact]
    public async Task WorkOrderList_PagedAndFiltered_ReturnsOnlyThatPageAndStatus()
    {
        var client = await app.ClientForAsync(Demo.Admin, ApiKeyScope.ReadOnly);

        var page = await (await client.GetAsync("/api/v1/work-orders?pageSize=2&page=0")).JsonAsync();
        var drafts = await (await client.GetAsync("/api/v1/work-orders?status=Draft&pageSize=200")).JsonAsync();

        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("totalCount").GetInt32() > 2);
        Assert.All(drafts.GetProperty("items").EnumerateArray(), w => Assert.Equal("Draft", w.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task WorkOrder_Get_CarriesVersionAsETagAndAllowedActions()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher, ApiKeyScope.ReadOnly);
        var first = (await (await client.GetAsync("/api/v1/work-orders?pageSize=1")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetInt32();

        var response = await client.GetAsync($"/api/v1/work-orders/{first}");
        var body = await response.JsonAsync();

        Assert.Equal($"\"{body.GetProperty("version").GetInt32()}\"", ETagOf(response));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("allowedActions").ValueKind);
    }

    [Fact]
    public async Task Users_ListsOnlyOwnOrganisation()
    {
        var users = await (await (await app.ClientForAsync(Demo.ProviderAdmin, ApiKeyScope.ReadOnly)).GetAsync("/api/v1/users")).JsonAsync();

        Assert.Equal(new[] { "admin@summittank.example", "tech@summittank.example" }, users.EnumerateArray().Select(u => u.GetProperty("email").GetString()!).Order().ToArray());
    }

    [Fact]
    public async Task ReadOnlyKey_Reads_ButEveryWriteIs403()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher, ApiKeyScope.ReadOnly);
        var facilityId = await FacilityIdAsync(client, Wichita);

        var write = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/facilities/{facilityId}/action-items", new { title = "Should not exist" });
        var note = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/work-orders/1/notes", new { text = "no" });

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, note.StatusCode);
        await using var db = await app.DbAsync();
        Assert.False(await db.ActionItems.AnyAsync(i => i.Title == "Should not exist"));
    }

    [Fact]
    public async Task RevokedExpiredOrDisabledUsersKey_Is401()
    {
        var keys = app.Get<ApiKeys>();
        var revoked = await app.KeyAsync(Demo.Dispatcher);
        var revokedId = (await keys.ListMineAsync(await app.ActorAsync(Demo.Dispatcher))).First().Id;
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(revoked).GetAsync("/api/v1/me")).StatusCode);
        // Revoked by an admin of the owner's organisation, as the admin page does.
        Assert.True((await keys.RevokeAsync(await app.ActorAsync(Demo.Admin), revokedId)).IsOk);
        var foreignRevoke = await keys.RevokeAsync(await app.ActorAsync(Demo.OtherCompanyAdmin), revokedId);

        var providerTechKey = await app.KeyAsync(Demo.ProviderTech);
        await using (var db = await app.DbAsync())
        {
            await db.Users.Where(u => u.Email == Demo.ProviderTech).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));
        }

        Assert.Equal(WorkOrders.Core.Common.ResultStatus.NotFound, foreignRevoke.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient(revoked).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient(providerTechKey).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ApiClient("wo_not-a-key").GetAsync("/api/v1/me")).StatusCode);
        Assert.Null(await keys.AuthenticateAsync(revoked));
        await using (var db = await app.DbAsync())
        {
            await db.Users.Where(u => u.Email == Demo.ProviderTech).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, true));
        }
    }

    [Fact]
    public async Task Key_ExpiryInThePast_IsRefused_AndKeyStoredOnlyAsHash()
    {
        var keys = app.Get<ApiKeys>();
        var actor = await app.ActorAsync(Demo.Tech);

        var past = await keys.CreateAsync(actor, "old", ApiKeyScope.ReadOnly, DateTimeOffset.UtcNow.AddMinutes(-1));
        var made = await keys.CreateAsync(actor, "new", ApiKeyScope.ReadOnly, DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(WorkOrders.Core.Common.ResultStatus.Invalid, past.Status);
        await using var db = await app.DbAsync();
        var stored = await db.ApiKeys.SingleAsync(k => k.Id == made.Value!.Id);
        Assert.NotEqual(made.Value!.Secret, stored.SecretHash);
        Assert.DoesNotContain(made.Value!.Secret[10..], stored.SecretHash + stored.Prefix);
        var used = (await keys.ListMineAsync(actor)).Single(k => k.Id == made.Value.Id);
        Assert.Null(used.LastUsedAt);
        await app.ApiClient(made.Value.Secret).GetAsync("/api/v1/me");
        Assert.NotNull((await keys.ListMineAsync(actor)).Single(k => k.Id == made.Value.Id).LastUsedAt);
    }

    [Fact]
    public async Task SignInCookie_DoesNotAuthorizeApi_AndKeyDoesNotOpenPages()
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await WebAppFactory.SignInAsync(browser, Demo.Dispatcher);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        var withCookie = await browser.GetAsync("/api/v1/me");
        var pageWithKey = await app.ApiClient(await app.KeyAsync(Demo.Dispatcher)).GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, withCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, pageWithKey.StatusCode);
        Assert.Contains("/Identity/Account/Login", pageWithKey.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task UnknownApiRoute_Is404ProblemNotThePagesNotFoundScreen()
    {
        var response = await (await app.ClientForAsync(Demo.Dispatcher)).GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}

public sealed class ApiRateLimitTests : IAsyncLifetime
{
    private readonly ApiTestApp app = new() { Settings = { ["WorkOrders:Api:PermitsPerKey"] = "3", ["WorkOrders:Api:Window"] = "00:01:00" } };

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Key_BeyondItsPermits_Gets429WithRetryAfter_OtherKeysDoNot()
    {
        var client = await app.ClientForAsync(Demo.Dispatcher, ApiKeyScope.ReadOnly);
        var other = await app.ClientForAsync(Demo.Admin, ApiKeyScope.ReadOnly);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        var limited = await client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/me")).StatusCode);
    }
}
