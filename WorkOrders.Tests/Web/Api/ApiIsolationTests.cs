using System.Net;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web.Api;

/// <summary>Every demo role against every id it may not see, through every API address that takes an id.</summary>
public sealed class ApiIsolationTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    public static TheoryData<string> Roles => [Demo.Admin, Demo.Dispatcher, Demo.Tech, Demo.ProviderAdmin, Demo.ProviderTech, Demo.OtherCompanyAdmin];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task ForeignIds_EveryAddress_Is404LikeAMissingOne_AndLeaksNothing(string email)
    {
        var actor = await app.ActorAsync(email);
        await using var db = await app.DbAsync();
        var foreignFacilities = await db.Facilities.Where(f => !db.Facilities.VisibleTo(actor).Any(v => v.Id == f.Id)).Select(f => new { f.Id, f.Name }).ToListAsync();
        var foreignItems = await db.ActionItems.Where(i => !db.ActionItems.VisibleTo(actor).Any(v => v.Id == i.Id)).Select(i => new { i.Id, i.Title }).ToListAsync();
        var foreignOrders = await db.WorkOrders.Where(w => !db.WorkOrders.VisibleTo(actor).Any(v => v.Id == w.Id)).Select(w => new { w.Id, w.Title }).ToListAsync();
        Assert.NotEmpty(foreignFacilities);
        var client = await app.ClientForAsync(email);
        var missing = await client.GetAsync("/api/v1/work-orders/999999");
        var missingBody = await missing.Content.ReadAsStringAsync();

        var requests = new List<(HttpMethod Method, string Url, object? Body, string Secret)>();
        foreach (var f in foreignFacilities)
        {
            requests.Add((HttpMethod.Get, $"/api/v1/facilities/{f.Id}", null, f.Name));
            requests.Add((HttpMethod.Get, $"/api/v1/facilities/{f.Id}/action-items", null, f.Name));
            requests.Add((HttpMethod.Post, $"/api/v1/facilities/{f.Id}/action-items", new { title = "x" }, f.Name));
            requests.Add((HttpMethod.Post, "/api/v1/work-orders", new { facilityId = f.Id, title = "x", actionItemIds = Array.Empty<int>() }, f.Name));
        }
        foreach (var i in foreignItems)
        {
            requests.Add((HttpMethod.Get, $"/api/v1/action-items/{i.Id}", null, i.Title));
            requests.Add((HttpMethod.Put, $"/api/v1/action-items/{i.Id}", new { title = "x", version = 0 }, i.Title));
            requests.Add((HttpMethod.Post, $"/api/v1/action-items/{i.Id}/close", new { reason = "x", version = 0 }, i.Title));
        }
        foreach (var w in foreignOrders)
        {
            requests.Add((HttpMethod.Get, $"/api/v1/work-orders/{w.Id}", null, w.Title));
            requests.Add((HttpMethod.Put, $"/api/v1/work-orders/{w.Id}", new { title = "x", version = 0 }, w.Title));
            requests.Add((HttpMethod.Post, $"/api/v1/work-orders/{w.Id}/notes", new { text = "x" }, w.Title));
            requests.Add((HttpMethod.Get, $"/api/v1/work-orders/{w.Id}/approver-candidates", null, w.Title));
            requests.Add((HttpMethod.Get, $"/api/v1/work-orders/{w.Id}/assignee-candidates", null, w.Title));
            foreach (var action in new[] { "submit", "approve", "deny", "dispatch", "reschedule", "resolve", "reset", "close" })
            {
                requests.Add((HttpMethod.Post, $"/api/v1/work-orders/{w.Id}/{action}", new { version = 0, reason = "x", resolutionNote = "x" }, w.Title));
            }
        }

        var leaks = new List<string>();
        foreach (var (method, url, body, secret) in requests)
        {
            var response = await client.SendJsonAsync(method, url, body);
            var text = await response.Content.ReadAsStringAsync();
            // A create at a foreign facility is refused as "the facility was not found", exactly like a missing one.
            if (response.StatusCode != HttpStatusCode.NotFound || text.Contains(secret, StringComparison.Ordinal)) leaks.Add($"{method} {url}: {(int)response.StatusCode} {text}");
        }

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("was not found", missingBody);
        Assert.True(requests.Count >= 4);
        Assert.Empty(leaks);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Lists_ShowOnlyWhatTheRoleMaySee(string email)
    {
        var actor = await app.ActorAsync(email);
        await using var db = await app.DbAsync();
        var visibleOrders = await db.WorkOrders.VisibleTo(actor).Select(w => w.Id).ToListAsync();
        var visibleFacilities = await db.Facilities.VisibleTo(actor).Select(f => f.Id).ToListAsync();
        var client = await app.ClientForAsync(email, global::WorkOrders.Core.Api.ApiKeyScope.ReadOnly);

        var orders = await (await client.GetAsync("/api/v1/work-orders?pageSize=200")).JsonAsync();
        var facilities = await (await client.GetAsync("/api/v1/facilities")).JsonAsync();

        Assert.All(orders.GetProperty("items").EnumerateArray(), w => Assert.Contains(w.GetProperty("id").GetInt32(), visibleOrders));
        Assert.Equal(visibleFacilities.Order(), facilities.EnumerateArray().Select(f => f.GetProperty("id").GetInt32()).Order());
    }
}
