using System.Globalization;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Api;

namespace WorkOrders.Web.Api;

/// <summary>The "WorkOrders:Api" section.</summary>
public sealed class ApiOptions
{
    public const string Section = "WorkOrders:Api";

    /// <summary>Requests one key may make per window; beyond, 429 with Retry-After.</summary>
    public int PermitsPerKey { get; set; } = 120;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class ApiRegistration
{
    public const string ReadPolicy = "api:read";
    public const string WritePolicy = "api:write";
    public const string RateLimitPolicy = "api";

    /// <summary>
    /// The API's key scheme, its two policies (any key reads; only a read-write key changes), problem details,
    /// the per-key rate limit and the OpenAPI document. The API is key-only: its policies name only the key
    /// scheme, so a sign-in cookie never authorizes an API call (and so needs no antiforgery there), and the
    /// pages' default scheme is the cookie, so a key never opens a page.
    /// </summary>
    public static IServiceCollection AddWorkOrdersApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section))
            .Validate(o => o.PermitsPerKey > 0 && o.Window > TimeSpan.Zero, $"{ApiOptions.Section}: PermitsPerKey and Window must be positive.")
            .ValidateOnStart();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, nameof(ApiKeyScope.ReadWrite)));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddRateLimiter(limiter => limiter.AddPolicy(RateLimitPolicy, http =>
        {
            var o = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
            var key = http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value ?? "anonymous";
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = o.PermitsPerKey, Window = o.Window, QueueLimit = 0 });
        }));
        // The account pages' answer to a rejection is an HTML page; the API's is a problem with Retry-After.
        services.AddOptions<RateLimiterOptions>().PostConfigure(o =>
        {
            var pages = o.OnRejected;
            o.OnRejected = async (context, ct) =>
            {
                if (!IsApi(context.HttpContext.Request))
                {
                    if (pages is not null) await pages(context, ct);
                    return;
                }
                var window = context.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.Window;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: "This key has made its requests for now; try again after the time in Retry-After.").ExecuteAsync(context.HttpContext);
            };
        });
        services.AddWorkOrdersOpenApi();
        return services;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(ApiEndpoints.Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Before authentication: the API's failures, and its empty 401/403/404 answers, are problem details, not the pages' error screens.</summary>
    public static WebApplication UseApiProblems(this WebApplication app)
    {
        app.UseWhen(context => IsApi(context.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        return app;
    }
}
