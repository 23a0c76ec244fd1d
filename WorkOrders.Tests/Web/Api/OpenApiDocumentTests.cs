using System.Net;
using System.Text.Json.Nodes;
using WorkOrders.Core.Orders;

namespace WorkOrders.Tests.Web.Api;

/// <summary>
/// The generated OpenAPI document equals the checked-in docs/openapi-v1.json, so every change to the API shows
/// as a diff in review. After an intended change run with UPDATE_OPENAPI=1 to rewrite the file.
/// </summary>
public sealed class OpenApiDocumentTests(ApiTestApp app) : IClassFixture<ApiTestApp>
{
    private static string CheckedIn()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "docs", "openapi-v1.json");
    }

    [Fact]
    public async Task Document_IsOpenApi31_AndEqualsTheCheckedInCopy()
    {
        var response = await app.ApiClient(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var generated = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var text = generated.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(CheckedIn(), text);

        Assert.StartsWith("3.1", generated["openapi"]!.GetValue<string>());
        Assert.True(File.Exists(CheckedIn()), "docs/openapi-v1.json is missing; run the tests with UPDATE_OPENAPI=1 to write it.");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(CheckedIn())), generated),
            "The API changed: review the difference and run the tests with UPDATE_OPENAPI=1 to update docs/openapi-v1.json.");
    }

    [Fact]
    public async Task Document_HasAnOperationForEveryLifecycleAction_WithExamplesAndTheKeyScheme()
    {
        var doc = JsonNode.Parse(await app.ApiClient(null).GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject();

        foreach (var action in WorkOrderLifecycle.Rules.Select(r => r.Action).Distinct().Where(a => a != WorkOrderAction.Edit))
        {
            var operation = paths[$"/api/v1/work-orders/{{id}}/{action.ToString().ToLowerInvariant()}"]?["post"];
            Assert.NotNull(operation);
            Assert.Contains("by ", operation!["description"]!.GetValue<string>());
            Assert.NotNull(operation["requestBody"]!["content"]!["application/json"]!["example"]);
        }
        Assert.Equal("bearer", doc["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReferencePage_LoadsScalarWithoutInlineScript_UnderTheAppsCsp()
    {
        var response = await app.ApiClient(null).GetAsync("/api/reference");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(null).GetAsync("/api/scalar/scalar.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(null).GetAsync("/js/api-reference.js")).StatusCode);
    }
}
