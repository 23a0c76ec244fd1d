using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using WorkOrders.LoadDriver;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Diagnostics;

namespace WorkOrders.Tests.Web;

/// <summary>The one diagnostics switch the memory and load benchmarks use: off by default, loopback only when on.</summary>
public sealed class MeasurementDiagnosticsTests
{
    [Theory]
    [InlineData("/_diagnostics/memory")]
    [InlineData("/_diagnostics/empty")]
    public async Task Diagnostics_OffByDefault_NotFound(string path)
    {
        await using var app = new WebAppFactory();
        using var client = app.CreateBrowserlikeClient();
        await WebAppFactory.SignInAsync(client, "admin@prairiefuel.example");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Diagnostics_On_MemoryReadingCountsAnOpenCircuitOfTheEmptyPage()
    {
        await using var app = new DiagnosticsApp();
        app.StartServer();
        var baseUri = app.ClientOptions.BaseAddress;
        using var session = await SignedInSession.SignInAsync(baseUri, "admin@prairiefuel.example", WorkOrders.Core.Data.DemoData.Password);

        await using var circuit = await BlazorCircuit.StartAsync(session, "/_diagnostics/empty");
        // The first render batch can land after the circuit starts on a busy machine.
        await circuit.WaitForAsync(dom => dom.Elements().Any(e => e.Attribute("data-interactive") == "true"), TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = baseUri };
        var reading = await http.GetFromJsonAsync<MeasurementDiagnostics.MemoryReading>("/_diagnostics/memory");

        Assert.NotNull(circuit.Dom!.Elements().SingleOrDefault(e => e.Attribute("data-interactive") == "true"));
        Assert.True(reading!.OpenCircuits >= 1, $"open circuits: {reading.OpenCircuits}");
        Assert.True(reading.GcHeapBytes > 0);
    }

    [Fact]
    public async Task Diagnostics_On_CallerNotOnLoopback_NoMemoryReading()
    {
        // The in-memory test server's requests carry no remote address: not the machine itself.
        await using var app = new DiagnosticsApp(kestrel: false);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/_diagnostics/memory");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private sealed class DiagnosticsApp : WebAppFactory
    {
        public DiagnosticsApp(bool kestrel = true)
        {
            if (kestrel) UseKestrel(0);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(MeasurementDiagnostics.Setting, "true");
        }
    }
}
