using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Security;

namespace WorkOrders.Tests.Web.Security;

/// <summary>Response headers, secure cookies behind a TLS proxy, and the origin check, on the real Kestrel server.</summary>
public sealed class SecurityHeadersTests(SecurityHeadersTests.KestrelApp app) : IClassFixture<SecurityHeadersTests.KestrelApp>
{
    public sealed class KestrelApp : WebAppFactory
    {
        public KestrelApp() => UseKestrel(0);

        public Uri BaseAddress => ClientOptions.BaseAddress;

        /// <summary>A client with its own cookie jar; it does not follow redirects.</summary>
        public (HttpClient Client, CookieContainer Jar) NewClient()
        {
            _ = Services; // Starts the server.
            var jar = new CookieContainer();
            return (new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = ClientOptions.BaseAddress }, jar);
        }
    }

    [Theory]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/css/login.css")]
    [InlineData("/")]
    [InlineData("/no-such-page")]
    public async Task AnyResponse_CarriesTheSecurityHeadersAndNoServerHeader(string path)
    {
        var (client, _) = app.NewClient();

        using var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'" })
        {
            Assert.Contains(directive, csp);
        }
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task InteractivePage_SignedIn_OneContentSecurityPolicyWithFrameAncestorsNone()
    {
        var (client, _) = app.NewClient();
        await WebAppFactory.SignInAsync(client, Demo.Admin);

        using var response = await client.GetAsync("/work-orders");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Cookies_BehindTlsProxy_AllSecure()
    {
        _ = app.Services;
        // Cookies by hand: a cookie jar would not send Secure cookies back over the test's plain HTTP hop to the proxy.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var form = await client.GetAsync("/Identity/Account/Login");
        var antiforgery = form.Headers.GetValues("Set-Cookie").ToList();
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = Demo.Admin,
                ["Input.Password"] = WorkOrders.Core.Data.DemoData.Password,
                ["__RequestVerificationToken"] = token,
                ["ReturnUrl"] = "/",
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgery.Select(c => c.Split(';')[0])));
        using var signIn = await client.SendAsync(post);
        var session = signIn.Headers.GetValues("Set-Cookie").ToList();

        Assert.Contains(antiforgery, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(session, c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal));
        Assert.All(antiforgery.Concat(session), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Cookies_PlainHttpWithoutProxy_NotMarkedSecureSoDevelopmentStillWorks()
    {
        var (client, _) = app.NewClient();

        using var form = await client.GetAsync("/Identity/Account/Login");

        Assert.All(form.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/_blazor/negotiate?negotiateVersion=1")]
    public async Task Negotiate_ForeignOrigin_Refused_OwnOriginAccepted(string path)
    {
        var (client, _) = app.NewClient();
        await WebAppFactory.SignInAsync(client, Demo.Admin);
        var own = app.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var foreign = await PostWithOriginAsync(client, path, "https://evil.example");
        using var mixed = await PostWithOriginAsync(client, path, own.Replace("http://", "https://", StringComparison.Ordinal));
        using var accepted = await PostWithOriginAsync(client, path, own);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mixed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [InlineData("/_blazor")]
    public async Task WebSocket_ForeignOrigin_Refused_OwnOriginAccepted(string path)
    {
        var (client, jar) = app.NewClient();
        await WebAppFactory.SignInAsync(client, Demo.Admin);
        var own = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        var target = new Uri(new Uri(own.Replace("http://", "ws://", StringComparison.Ordinal)), path);

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(target, jar, "https://evil.example"));
        using var accepted = await ConnectAsync(target, jar, own);

        Assert.Contains("403", refused.Message);
        Assert.Equal(WebSocketState.Open, accepted.State);
    }

    [Theory]
    [InlineData("10.0.0.300", "")]
    [InlineData("", "10.0.0.0/99")]
    public void ProxySettings_NotAnAddressOrNetwork_RefusedAtStart(string proxy, string network)
    {
        var options = new ProxyOptions();
        if (proxy.Length > 0) options.KnownProxies.Add(proxy);
        if (network.Length > 0) options.KnownNetworks.Add(network);

        var result = new ProxyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(proxy.Length > 0 ? proxy : network, result.FailureMessage);
    }

    [Fact]
    public void ProxySettings_Configured_TrustedByForwardedHeaders()
    {
        using var configured = new WebAppFactory().WithWebHostBuilder(b => b
            .UseSetting("WorkOrders:ForwardedHeaders:KnownProxies:0", "10.1.2.3")
            .UseSetting("WorkOrders:ForwardedHeaders:KnownNetworks:0", "192.168.0.0/16"));

        var options = configured.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>>().Value;

        Assert.Contains(IPAddress.Parse("10.1.2.3"), options.KnownProxies);
        Assert.Contains(options.KnownIPNetworks, n => n.ToString() == "192.168.0.0/16");
    }

    private static async Task<HttpResponseMessage> PostWithOriginAsync(HttpClient client, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private static async Task<ClientWebSocket> ConnectAsync(Uri target, CookieContainer jar, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = jar;
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(target, CancellationToken.None);
            return socket;
        }
        catch (WebSocketException ex)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new WebSocketException($"{(int)status} {ex.Message}");
        }
    }
}

/// <summary>HSTS is sent in Production over TLS, never in Development (where it would pin localhost to HTTPS).</summary>
public sealed class HstsTests
{
    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task Hsts_OverTls_OnlyInProduction(string environment, bool expected)
    {
        await using var factory = new WebAppFactory();
        using var app = factory.WithWebHostBuilder(b => b.UseEnvironment(environment));
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://workorders.example"),
            AllowAutoRedirect = false,
        });

        using var response = await client.GetAsync("/Identity/Account/Login");

        Assert.Equal(expected, response.Headers.Contains("Strict-Transport-Security"));
        if (expected) Assert.Contains("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }
}
