using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkOrders.Core.Data;

namespace WorkOrders.Core.Email;

/// <summary>Wakes the sender when new mail has been committed, so it need not poll quickly.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake or about to be: one wake-up covers any number of new messages.
        }
    }

    /// <summary>Returns when woken or when <paramref name="timeout"/> has passed on <paramref name="clock"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        try
        {
            await signal.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The poll interval passed.
        }
    }
}

/// <summary>What one call of <see cref="OutboxSender.SendDueAsync"/> did.</summary>
public sealed record OutboxBatchResult(int Sent, int Retrying, int Failed, int Dead)
{
    public int Total => Sent + Retrying + Failed + Dead;
}

/// <summary>
/// Delivers the e-mail outbox. Delivery is at-least-once with a stable Message-ID: a message is
/// claimed (Attempts + 1, next attempt pushed out) and that claim saved BEFORE it is handed to the
/// transport, so a crash between sending and marking it sent makes a later attempt send the very same
/// message (same Message-ID) again, which a receiving system can recognise as a duplicate; it never
/// makes the message vanish. A claim is a conditional update, so two instances never send one message
/// at the same time.
/// </summary>
public sealed class OutboxSender(
    IDbContextFactory<WorkOrdersDbContext> dbFactory, IMailTransport transport, IOptions<EmailOptions> options, TimeProvider clock,
    OutboxSignal signal, MailPickupFolder pickupFolder, ILogger<OutboxSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SendInBackground) return;
        if (options.Value.UsesSmtp) logger.LogInformation("E-mail is sent through SMTP {Host}:{Port}", options.Value.SmtpHost, options.Value.Port);
        else logger.LogInformation("No SMTP host is configured: e-mail is written as .eml files to {PickupFolder}", pickupFolder.Path);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                OutboxBatchResult result;
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
                // The database may be briefly unavailable; the outbox keeps everything, so wait and go on.
                logger.LogError(ex, "The e-mail outbox sender failed; it tries again shortly");
                await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Sends one batch of due messages and records each outcome.</summary>
    public async Task<OutboxBatchResult> SendDueAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Outbox
            .AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Queued && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(o.BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0) return new OutboxBatchResult(0, 0, 0, 0);

        var claimed = new List<OutboxMessage>(due.Count);
        foreach (var message in due)
        {
            var attempts = message.Attempts;
            var retryAt = now + o.RetryDelay(attempts + 1);
            var won = await db.Outbox
                .Where(m => m.Id == message.Id && m.Status == OutboxStatus.Queued && m.Attempts == attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts + 1).SetProperty(m => m.NextAttemptAt, retryAt), ct);
            if (won == 0) continue; // Another instance has it.
            message.Attempts = attempts + 1;
            message.NextAttemptAt = retryAt;
            // The claim is already in the database; only the outcome is tracked from here on.
            db.Outbox.Attach(message);
            claimed.Add(message);
        }

        int sent = 0, retrying = 0, failed = 0, dead = 0;
        IMailSession? session = null;
        Exception? connectError = null;
        try
        {
            try
            {
                session = await transport.OpenAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                connectError = ex;
            }

            foreach (var message in claimed)
            {
                var error = connectError;
                if (error is null)
                {
                    try
                    {
                        await session!.SendAsync(ToMime(message, o), ct);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        error = ex;
                    }
                }

                var at = clock.GetUtcNow();
                if (error is null)
                {
                    message.Status = OutboxStatus.Sent;
                    message.SentAt = at;
                    message.LastError = null;
                    sent++;
                }
                else if (!IsTransient(error))
                {
                    message.Status = OutboxStatus.Failed;
                    message.LastError = Describe(error);
                    failed++;
                    logger.LogWarning("E-mail {MessageId} to {To} was refused: {Error}", message.MessageId, message.ToAddress, message.LastError);
                }
                else if (at - message.CreatedAt >= o.GiveUpAfter)
                {
                    message.Status = OutboxStatus.Dead;
                    message.LastError = $"Gave up after {message.Attempts} attempts over {o.GiveUpAfter.TotalDays:0.#} days. Last error: {Describe(error)}";
                    dead++;
                    logger.LogWarning("E-mail {MessageId} to {To} is dead: {Error}", message.MessageId, message.ToAddress, message.LastError);
                }
                else
                {
                    message.LastError = Describe(error);
                    retrying++;
                }
            }
        }
        finally
        {
            if (session is not null) await session.DisposeAsync();
            // Saved even when cancelled midway, so a delivered message is not left looking undelivered.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        if (connectError is not null)
        {
            logger.LogWarning("Cannot reach the mail server; {Count} messages wait for a retry: {Error}", retrying, Describe(connectError));
        }
        return new OutboxBatchResult(sent, retrying, failed, dead);
    }

    /// <summary>4xx replies and network trouble pass; 5xx replies and malformed messages do not.</summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        SmtpCommandException command => (int)command.StatusCode < 500,
        SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException => true,
        // A rejected login or certificate is a setting to fix; the messages wait for it.
        AuthenticationException or SslHandshakeException => true,
        SocketException or IOException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message}",
        _ => ex.Message,
    };

    internal static MimeMessage ToMime(OutboxMessage m, EmailOptions o)
    {
        var body = new BodyBuilder { TextBody = m.TextBody, HtmlBody = m.HtmlBody };
        var mime = new MimeMessage
        {
            MessageId = m.MessageId,
            Date = m.CreatedAt,
            Subject = m.Subject,
            Body = body.ToMessageBody(),
        };
        mime.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        mime.To.Add(new MailboxAddress(m.ToName, m.ToAddress));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        return mime;
    }
}
