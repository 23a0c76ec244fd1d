using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Data;
using WorkOrders.Core.Email;
using WorkOrders.Core.Jobs;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Webhooks;

public sealed record WebhookBatchResult(int Delivered, int Retrying, int Dead)
{
    public int Total => Delivered + Retrying + Dead;
}

/// <summary>
/// Delivers webhooks, at least once, as <see cref="OutboxSender"/> delivers e-mail: each delivery is claimed
/// (Attempts + 1, next attempt pushed out by the back-off) and that claim saved before the request is sent; the
/// outcome and the attempt's log row are saved right after. A crash in between leaves that one delivery to be
/// sent again later with the same id, so nothing is lost and a receiver sees at most one duplicate it can recognise.
/// Connections go only to addresses <see cref="WebhookAddressPolicy"/> allows, checked on the resolved addresses.
/// </summary>
public sealed class WebhookSender : BackgroundService
{
    private readonly IDbContextFactory<WorkOrdersDbContext> dbFactory;
    private readonly IOptions<WebhookOptions> options;
    private readonly IOptions<WorkOrdersOptions> appOptions;
    private readonly TimeProvider clock;
    private readonly WebhookSignal signal;
    private readonly ILogger<WebhookSender> logger;
    private readonly HttpClient http;

    public WebhookSender(IDbContextFactory<WorkOrdersDbContext> dbFactory, IOptions<WebhookOptions> options, IOptions<WorkOrdersOptions> appOptions,
        TimeProvider clock, WebhookSignal signal, ILogger<WebhookSender> logger)
    {
        this.dbFactory = dbFactory;
        this.options = options;
        this.appOptions = appOptions;
        this.clock = clock;
        this.signal = signal;
        this.logger = logger;
        var allowPrivate = options.Value.AllowPrivateAddresses;
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivate, ct),
        })
        { Timeout = options.Value.Timeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("WorkOrders-Webhooks/1.0");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SendInBackground) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                WebhookBatchResult result;
                do
                {
                    result = await SendDueAsync(stoppingToken);
                }
                while (result.Total == options.Value.BatchSize && !stoppingToken.IsCancellationRequested);
                await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The webhook sender failed; it tries again shortly");
                await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Sends one batch of due deliveries of active endpoints, saving each outcome as soon as it is known.</summary>
    public async Task<WebhookBatchResult> SendDueAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        int delivered = 0, retrying = 0, dead = 0;
        for (var taken = 0; taken < o.BatchSize; taken++)
        {
            var delivery = await ClaimNextAsync(db, now, ct);
            if (delivery is null) break;
            var endpoint = await db.WebhookEndpoints.FirstAsync(e => e.Id == delivery.EndpointId, ct);

            var (status, error, ms) = await PostAsync(endpoint, delivery, ct);
            var at = clock.GetUtcNow();
            db.WebhookAttempts.Add(new WebhookAttempt(delivery.Id, delivery.Attempts, at, status, error, ms));
            delivery.LastStatusCode = status;
            if (status is >= 200 and < 300)
            {
                delivery.Status = WebhookDeliveryStatus.Delivered;
                delivery.DeliveredAt = at;
                delivery.LastError = null;
                endpoint.ConsecutiveFailures = 0;
                endpoint.FailingSince = null;
                delivered++;
            }
            else
            {
                delivery.LastError = error ?? $"The endpoint answered {status}.";
                endpoint.ConsecutiveFailures++;
                endpoint.FailingSince ??= at;
                if (at - delivery.CreatedAt >= o.GiveUpAfter)
                {
                    delivery.Status = WebhookDeliveryStatus.Dead;
                    dead++;
                }
                else
                {
                    retrying++;
                }
                if (endpoint.ConsecutiveFailures >= o.PauseAfterFailures && at - endpoint.FailingSince >= o.PauseAfter) await PauseAsync(db, endpoint, at, ct);
            }
            // Saved before the next delivery is claimed: a crash from here on re-sends nothing already decided.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return new WebhookBatchResult(delivered, retrying, dead);
    }

    /// <summary>The oldest due delivery of an active endpoint, claimed for one attempt by this sender; null when none is left.</summary>
    private Task<WebhookDelivery?> ClaimNextAsync(WorkOrdersDbContext db, DateTimeOffset now, CancellationToken ct) =>
        NextDueRow.ClaimAsync(db,
            $"""
            SELECT d.* FROM "WebhookDeliveries" AS d
            WHERE d."Status" = 'Queued' AND d."NextAttemptAt" <= {now}
              AND EXISTS (SELECT 1 FROM "WebhookEndpoints" AS e WHERE e."Id" = d."EndpointId" AND e."Status" = 'Active')
            ORDER BY d."NextAttemptAt" LIMIT 1 FOR UPDATE OF d SKIP LOCKED
            """,
            db.WebhookDeliveries
                .Where(d => d.Status == WebhookDeliveryStatus.Queued && d.NextAttemptAt <= now
                            && db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.Status == WebhookEndpointStatus.Active))
                .OrderBy(d => d.NextAttemptAt),
            delivery => ClaimAsync(db, delivery, ct), ct);

    private async Task<bool> ClaimAsync(WorkOrdersDbContext db, WebhookDelivery delivery, CancellationToken ct)
    {
        var attempts = delivery.Attempts;
        var retryAt = clock.GetUtcNow() + options.Value.RetryDelay(attempts + 1);
        var won = await db.WebhookDeliveries
            .Where(d => d.Id == delivery.Id && d.Status == WebhookDeliveryStatus.Queued && d.Attempts == attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, attempts + 1).SetProperty(d => d.NextAttemptAt, retryAt), ct);
        if (won == 0) return false;
        delivery.Attempts = attempts + 1;
        delivery.NextAttemptAt = retryAt;
        db.WebhookDeliveries.Attach(delivery);
        return true;
    }

    private async Task<(int? Status, string? Error, int Ms)> PostAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
            request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(endpoint.SigningSecrets(clock.GetUtcNow()), clock.GetUtcNow().ToUnixTimeSeconds(), delivery.Payload));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return ((int)response.StatusCode, null, (int)watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var message = ex is TaskCanceledException ? $"No answer within {options.Value.Timeout.TotalSeconds:0} s." : Innermost(ex).Message;
            return (null, message.Length > 500 ? message[..500] : message, (int)watch.ElapsedMilliseconds);
        }
    }

    /// <summary>Pauses the endpoint and tells its organisation's admins by e-mail, in the same save as the outcome.</summary>
    private async Task PauseAsync(WorkOrdersDbContext db, WebhookEndpoint endpoint, DateTimeOffset at, CancellationToken ct)
    {
        endpoint.Status = WebhookEndpointStatus.Paused;
        endpoint.PausedAt = at;
        endpoint.PausedReason = $"Every attempt failed since {endpoint.FailingSince:u} ({endpoint.ConsecutiveFailures} attempts).";
        logger.LogWarning("Webhook endpoint {EndpointId} ({Url}) was paused: {Reason}", endpoint.Id, endpoint.Url, endpoint.PausedReason);
        var admins = await db.Users
            .Where(u => u.OrganizationId == endpoint.OrganizationId && u.Role == OrganizationRole.Admin && u.IsActive && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.DisplayName })
            .ToListAsync(ct);
        var link = $"{appOptions.Value.PublicBaseUrl.TrimEnd('/')}/admin/webhooks";
        var subject = $"Webhook endpoint paused: {endpoint.Url}";
        var text = $"WorkOrders stopped sending events to {endpoint.Url}. {endpoint.PausedReason}\n\n" +
                   $"Events are kept. Fix the endpoint, then resume it at {link}; what is waiting is sent then.";
        var html = $"<p>WorkOrders stopped sending events to <code>{WebUtility.HtmlEncode(endpoint.Url)}</code>. {WebUtility.HtmlEncode(endpoint.PausedReason)}</p>" +
                   $"<p>Events are kept. Fix the endpoint, then <a href=\"{WebUtility.HtmlEncode(link)}\">resume it</a>; what is waiting is sent then.</p>";
        foreach (var admin in admins)
        {
            db.Outbox.Add(new OutboxMessage(admin.Email!, admin.DisplayName, subject, text, html, at, admin.Id));
        }
    }

    /// <summary>Resolves the host and connects only when every address it names is allowed.</summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0) throw new HttpRequestException($"{host} does not resolve.");
        if (!allowPrivate && addresses.FirstOrDefault(a => !WebhookAddressPolicy.IsPublic(a)) is { } refused)
        {
            throw new HttpRequestException($"Refused: {host} resolves to {refused}, which is not a public address.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }

    public override void Dispose()
    {
        http.Dispose();
        base.Dispose();
    }
}
