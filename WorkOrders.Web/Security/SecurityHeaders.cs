using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using WorkOrders.Core;

namespace WorkOrders.Web.Security;

/// <summary>The "WorkOrders:ForwardedHeaders" section: which reverse proxies may tell the app the client's address and scheme.</summary>
public sealed class ProxyOptions
{
    public const string Section = "WorkOrders:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. "10.0.0.5". Loopback is always trusted.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. "10.0.0.0/8".</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>Refuses a proxy address or network that does not parse, at start rather than at the first request.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var errors = options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"{ProxyOptions.Section}:KnownProxies: '{p}' is not an IP address.")
            .Concat(options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                .Select(n => $"{ProxyOptions.Section}:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// Response headers every page and endpoint carries, forwarded headers from trusted proxies only, secure
/// cookies over TLS, and the origin check of the two WebSocket endpoints. Independent of which pages exist.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from the app itself, none inline. Styles need 'unsafe-inline': MudBlazor's theme provider
    /// writes its CSS variables into a &lt;style&gt; element, and MudBlazor and Radzen components set style attributes.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), " +
        "microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), xr-spatial-tracking=()";

    /// <summary>The endpoint a browser opens a WebSocket to (the circuits' hub); only the app's own pages may.</summary>
    public static readonly string[] SameOriginOnlyPaths = ["/_blazor"];

    public static IServiceCollection AddWorkOrdersSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProxyOptions>().Bind(configuration.GetSection(ProxyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.Value.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in proxies.Value.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.Configure<HstsOptions>(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        // Room for an oversize text (60,000 characters of any script) to reach Core, which answers with a message;
        // at the default 32 KB the circuit dropped and the text vanished without a word.
        services.AddServerSideBlazor().AddHubOptions(o => o.MaximumReceiveMessageSize = 256 * 1024);
        // The antiforgery cookie is not Secure by default even over TLS; every cookie is, when the request is.
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline: the real client and scheme, the headers, and the origin check.</summary>
    public static WebApplication UseWorkOrdersSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseCookiePolicy();
        var publicOrigin = OriginOf(app.Configuration[$"{WorkOrdersOptions.Section}:PublicBaseUrl"]);
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // Replaces the frame-ancestors-only policy Blazor adds to interactive pages.
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.Remove("Server");
                headers.Remove("X-Powered-By");
                return Task.CompletedTask;
            });

            if (IsForeignOrigin(context.Request, publicOrigin))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// A request to the circuit or hub endpoints whose Origin is neither the address it was sent to nor the
    /// configured public address. Browsers always send Origin on WebSocket and negotiate requests; a request
    /// without one comes from a non-browser client, which cross-site request forgery cannot use.
    /// </summary>
    internal static bool IsForeignOrigin(HttpRequest request, string? publicOrigin)
    {
        if (!SameOriginOnlyPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))) return false;
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return false;
        var own = $"{request.Scheme}://{request.Host.Value}";
        return !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(origin, publicOrigin, StringComparison.OrdinalIgnoreCase);
    }

    private static string? OriginOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
}
