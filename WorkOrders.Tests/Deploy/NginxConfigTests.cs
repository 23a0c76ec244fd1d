using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WorkOrders.Tests.Deploy;

/// <summary>
/// The shipped nginx configuration, run for real on loopback in front of two stand-in servers that say who they are:
/// it parses, a browser stays on one server (pages and the circuits' WebSocket alike), the servers hear the client's
/// scheme, and different browsers are spread over both.
/// </summary>
public sealed class NginxConfigTests
{
    [NginxFact]
    public async Task NginxConfig_UpstreamsOnLoopback_PassesNginxTest()
    {
        await using var nginx = new NginxServer(NginxServer.FreePort(), NginxServer.FreePort());

        var (exitCode, output) = await nginx.CheckAsync();

        Assert.True(exitCode == 0, output);
    }

    [NginxFact]
    public async Task Nginx_OneBrowser_StaysOnOneServerForPagesAndBlazorSocket()
    {
        await using var web1 = await StandIn.StartAsync("web1");
        await using var web2 = await StandIn.StartAsync("web2");
        await using var nginx = new NginxServer(web1.Port, web2.Port);
        await nginx.StartAsync();
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);
        var origin = new Uri($"https://127.0.0.1:{nginx.HttpsPort}/");

        var first = await browser.GetStringAsync(origin);
        var later = new List<string>();
        for (var i = 0; i < 10; i++) later.Add(await browser.GetStringAsync(new Uri(origin, $"/work-orders/{i}")));
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{nginx.HttpsPort}/_blazor"), CancellationToken.None);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Single(cookies.GetCookies(origin), c => c.Name == "workorders_affinity" && c.Secure && c.HttpOnly);
        var server = first.Split('|')[0];
        Assert.All(later, page => Assert.Equal(server, page.Split('|')[0]));
        Assert.Equal(server, Encoding.UTF8.GetString(buffer, 0, received.Count));
        Assert.Equal("https", first.Split('|')[1]);
        Assert.Equal("127.0.0.1", first.Split('|')[2]);
    }

    [NginxFact]
    public async Task Nginx_ManyBrowsers_SpreadOverBothServers()
    {
        await using var web1 = await StandIn.StartAsync("web1");
        await using var web2 = await StandIn.StartAsync("web2");
        await using var nginx = new NginxServer(web1.Port, web2.Port);
        await nginx.StartAsync();

        var servers = new HashSet<string>();
        // Each browser's affinity is random: 30 of them all landing on one server has odds of 2 in a billion.
        for (var i = 0; i < 30; i++)
        {
            using var browser = Browser(new CookieContainer());
            servers.Add((await browser.GetStringAsync($"https://127.0.0.1:{nginx.HttpsPort}/")).Split('|')[0]);
        }

        Assert.Equal(["web1", "web2"], servers.Order());
    }

    [NginxFact]
    public async Task Nginx_PlainHttp_RedirectsToHttps()
    {
        await using var nginx = new NginxServer(NginxServer.FreePort(), NginxServer.FreePort());
        await nginx.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await client.GetAsync($"http://127.0.0.1:{nginx.HttpPort}/inbox");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https", response.Headers.Location?.Scheme);
    }

    private static HttpClient Browser(CookieContainer cookies) => new(new SocketsHttpHandler
    {
        CookieContainer = cookies,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });

    /// <summary>A tiny server that answers every page with its name, the scheme and client nginx forwarded, and its name on /_blazor's socket.</summary>
    private sealed class StandIn(WebApplication app, int port) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public static async Task<StandIn> StartAsync(string name)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.UseWebSockets();
            app.Map("/_blazor", async (HttpContext http) =>
            {
                if (!http.WebSockets.IsWebSocketRequest) return Results.BadRequest();
                using var socket = await http.WebSockets.AcceptWebSocketAsync();
                await socket.SendAsync(Encoding.UTF8.GetBytes(name), WebSocketMessageType.Text, true, http.RequestAborted);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, http.RequestAborted);
                return Results.Empty;
            });
            app.MapFallback((HttpContext http) => $"{name}|{http.Request.Headers["X-Forwarded-Proto"]}|{http.Request.Headers["X-Forwarded-For"]}");
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new StandIn(app, new Uri(address).Port);
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
