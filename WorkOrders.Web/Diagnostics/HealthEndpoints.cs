using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkOrders.Core.Diagnostics;

namespace WorkOrders.Web.Diagnostics;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency is asked, so a database outage never gets servers
/// restarted). <c>/health/ready</c>: the database with its migrations, Redis when configured and the outbox's age;
/// 200 when all pass, 503 otherwise. Both are anonymous, so they say only status names: no descriptions,
/// exceptions, timings, host names or connection strings.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(DiagnosticsRegistration.ReadyTag),
            ResponseWriter = WriteAsync,
        }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var answer = new HealthAnswer(report.Status.ToString(), report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()));
        return JsonSerializer.SerializeAsync(context.Response.Body, answer, HealthJson.Default.HealthAnswer, context.RequestAborted);
    }
}

public sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, string> Checks);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthAnswer))]
internal sealed partial class HealthJson : System.Text.Json.Serialization.JsonSerializerContext;
