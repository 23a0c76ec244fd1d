using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web.PageWeight;

/// <summary>What a page makes the browser download, and what a circuit may hold.</summary>
public sealed partial class PageWeightTests(PageWeightTests.Fixture app) : IClassFixture<PageWeightTests.Fixture>
{
    public sealed class Fixture : WebAppFactory;

    [Theory]
    [InlineData("/")]
    [InlineData("/inbox")]
    [InlineData("/work-orders")]
    [InlineData("/notifications")]
    public async Task Page_WithoutCalendar_LoadsNoRadzenThemeOrWebFont(string path)
    {
        var html = await SignedInPageAsync(path);

        Assert.DoesNotContain("Radzen.Blazor/css", html);
        Assert.DoesNotContain(".woff", html);
        Assert.DoesNotContain("Roboto", html);
    }

    [Fact]
    public async Task PageAssets_ClientAcceptsCompression_EveryStylesheetAndScriptServedCompressed()
    {
        var html = await SignedInPageAsync("/");
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value)
            .Where(url => url.EndsWith(".css", StringComparison.Ordinal) || url.EndsWith(".js", StringComparison.Ordinal)).ToList();
        Assert.Contains(assets, url => url.Contains("MudBlazor.min.css"));
        Assert.Contains(assets, url => url.Contains("MudBlazor.min.js"));

        var client = app.CreateClient();
        foreach (var url in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Content.Headers.ContentEncoding.Count > 0, $"{url} was served uncompressed");
        }
    }

    [Fact]
    public void CircuitOptions_Configured_TakenFromTheWorkOrdersCircuitsSection()
    {
        using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("WorkOrders:Circuits:DisconnectedCircuitMaxRetained", "42")
            .UseSetting("WorkOrders:Circuits:DisconnectedCircuitRetentionPeriod", "00:00:37")
            .UseSetting("WorkOrders:Circuits:JSInteropDefaultCallTimeout", "00:00:21")
            .UseSetting("WorkOrders:Circuits:MaxBufferedUnacknowledgedRenderBatches", "3"));

        var options = configured.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(42, options.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromSeconds(37), options.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(TimeSpan.FromSeconds(21), options.JSInteropDefaultCallTimeout);
        Assert.Equal(3, options.MaxBufferedUnacknowledgedRenderBatches);
    }

    [Fact]
    public void CircuitOptions_Default_KeepFewerDisconnectedCircuitsForLessTimeThanBlazor()
    {
        var options = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(100, options.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(1), options.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), options.JSInteropDefaultCallTimeout);
    }

    [Fact]
    public void CircuitOptions_OutOfRange_AppRefusesToStart()
    {
        using var configured = app.WithWebHostBuilder(b => b.UseSetting("WorkOrders:Circuits:MaxBufferedUnacknowledgedRenderBatches", "0"));

        var error = Assert.ThrowsAny<Exception>(() => configured.Services);
        Assert.Contains("MaxBufferedUnacknowledgedRenderBatches", Flatten(error));
    }

    private async Task<string> SignedInPageAsync(string path)
    {
        var client = app.CreateBrowserlikeClient();
        await WebAppFactory.SignInAsync(client, Demo.Admin);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);

    [GeneratedRegex("""(?:href|src)="(?<url>[^"]+)""")]
    private static partial Regex AssetReference();
}
