using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WorkOrders.Core.Diagnostics;

namespace WorkOrders.Web.Diagnostics;

/// <summary>
/// The "WorkOrders:Telemetry" section. Nothing is collected or sent unless <see cref="OtlpEndpoint"/> is set; then
/// traces, metrics and logs go to that OpenTelemetry collector (or any OTLP receiver).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "WorkOrders:Telemetry";

    /// <summary>The OTLP receiver, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP).</summary>
    [Url]
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317 by convention) or <c>HttpProtobuf</c> (4318; the signal's path is added).</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>The <c>service.name</c> every signal carries; the host name tells the servers apart.</summary>
    [Required]
    public string ServiceName { get; set; } = "workorders";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(OtlpEndpoint);
}

public static class Telemetry
{
    /// <summary>Sources of spans beyond ASP.NET Core's and HttpClient's: Npgsql writes its own when PostgreSQL is used.</summary>
    public static readonly string[] ActivitySources = ["Npgsql"];

    /// <summary>Meters exported: ours, ASP.NET Core's and Kestrel's, SignalR's (the circuits' connections), and Npgsql's.</summary>
    public static readonly string[] Meters =
    [
        WorkOrdersMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits", "Npgsql",
    ];

    /// <summary>OpenTelemetry with the OTLP exporter, only when an endpoint is configured: the default sends nothing anywhere.</summary>
    public static IHostApplicationBuilder AddWorkOrdersTelemetry(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        builder.Services.AddOptions<TelemetryOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        // An endpoint that is not an address registers nothing here; the options' validation then stops the start naming it.
        if (!options.IsEnabled || !Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint)) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource(ActivitySources))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters))
            .WithLogging(_ => { }, o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            })
            // A receiver that wants an API key gets it from the standard OTEL_EXPORTER_OTLP_HEADERS variable.
            .UseOtlpExporter(options.Protocol, endpoint);
        return builder;
    }
}
