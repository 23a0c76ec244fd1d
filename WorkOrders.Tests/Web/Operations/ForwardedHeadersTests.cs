using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web.Operations;

/// <summary>
/// X-Forwarded-Proto and -For are believed only from the configured proxies and networks. The in-memory server has no
/// peer address, so a filter in front of the app plays the connection's remote address from a test header; whether
/// the scheme was believed shows in the antiforgery cookie, which is Secure exactly when the request counts as HTTPS.
/// </summary>
public sealed class ForwardedHeadersTests(ForwardedHeadersTests.App app) : IClassFixture<ForwardedHeadersTests.App>
{
    private const string PeerHeader = "X-Test-Peer";

    public sealed class App : WebAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("WorkOrders:ForwardedHeaders:KnownProxies:0", "10.1.2.3");
            builder.UseSetting("WorkOrders:ForwardedHeaders:KnownNetworks:0", "192.168.0.0/16");
            builder.ConfigureServices(s => s.AddTransient<IStartupFilter, PeerFilter>());
        }
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => pipeline =>
        {
            pipeline.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[PeerHeader] is [{ } peer]) context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
                return nextMiddleware(context);
            });
            next(pipeline);
        };
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("192.168.40.7", true)]
    [InlineData("10.9.9.9", false)]
    [InlineData("192.169.0.1", false)]
    public async Task ForwardedProto_FromPeer_HonouredOnlyFromKnownProxy(string peer, bool honoured)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/Login");
        request.Headers.Add(PeerHeader, peer);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Equal(honoured, antiforgery.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }
}
