using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WorkOrders.Tests.Core.Webhooks;

/// <summary>A real HTTP receiver on a loopback port: records every request and answers as the test says.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    public sealed record Received(string DeliveryId, string Event, string Signature, string Body);

    private readonly WebApplication app;

    private WebhookListener(WebApplication app) => this.app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>What to answer to the next request; by default 200.</summary>
    public Func<Received, Task<int>> Answer { get; set; } = _ => Task.FromResult(200);

    public string Url => app.Urls.First() + "/hook";

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new WebhookListener(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var received = new Received(http.Request.Headers["WorkOrders-Delivery"].ToString(), http.Request.Headers["WorkOrders-Event"].ToString(),
                http.Request.Headers["WorkOrders-Signature"].ToString(), await reader.ReadToEndAsync());
            listener.Requests.Enqueue(received);
            return Results.StatusCode(await listener.Answer(received));
        });
        await app.StartAsync();
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
