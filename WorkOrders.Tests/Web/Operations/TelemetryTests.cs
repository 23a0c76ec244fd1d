using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web.Operations;

/// <summary>OpenTelemetry is there only when an OTLP endpoint is configured; by default nothing is collected or sent.</summary>
public sealed class TelemetryTests
{
    private sealed class App(string? endpoint) : WebAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (endpoint is not null) builder.UseSetting("WorkOrders:Telemetry:OtlpEndpoint", endpoint);
        }
    }

    [Fact]
    public void Telemetry_NoEndpoint_NothingRegistered()
    {
        using var app = new App(null);

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Telemetry_EndpointSet_TracesAndMetricsExportedAndAppServes()
    {
        // A loopback port nothing listens on: failed exports are the exporter's business, never a request's.
        await using var app = new App("http://127.0.0.1:32418");

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public void Telemetry_EndpointNotAnAddress_RefusedAtStart()
    {
        using var app = new App("collector without scheme");

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("OtlpEndpoint", error.ToString());
    }
}
