using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using WorkOrders.Core.Data;
using WorkOrders.Core.Jobs;

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
/// Delivers the e-mail outbox. Delivery is at-least-once with a stable Message-ID: each message is
/// claimed (Attempts + 1, next attempt pushed out) and that claim saved just before it is handed to the
/// transport, and its outcome is saved right after, in one transaction with the claim of the next message. A crash can
/// therefore leave at most the one message in flight undecided; a later attempt sends that very message
/// (same Message-ID) again, which a receiving system can recognise as a duplicate; nothing vanishes.
/// A claim is a conditional update, so two instances never send one message at the same time; servers sharing a
/// PostgreSQL database take different messages instead of racing for the same one (<see cref="NextDueRow"/>).
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
                while (result.Total == options.Value.BatchSize && result.Retrying == 0 && !stoppingToken.IsCancellationRequested);
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

    /// <summary>Sends one batch of due messages, saving each outcome as soon as it is known.</summary>
    public async Task<OutboxBatchResult> SendDueAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();

        int sent = 0, retrying = 0, failed = 0, dead = 0;
        IMailSession? session = null;
        // Set once the server as a whole is failing: the rest of the batch waits for the back-off instead of being tried.
        Exception? serverError = null;
        try
        {
            var message = await ClaimNextAsync(db, now, ct);
            for (var taken = 1; message is not null; taken++)
            {
                var error = serverError;
                if (error is null)
                {
                    try
                    {
                        session ??= await transport.OpenAsync(ct);
                        await session.SendAsync(ToMime(message, o), ct);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        error = ex;
                        if (!IsRecipientRejection(ex)) serverError = ex;
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
                else if (IsRecipientRejection(error))
                {
                    message.Status = OutboxStatus.Failed;
                    message.LastError = $"The mail server refused this recipient for good: {Describe(error)}";
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
                    message.LastError = $"The mail server is not accepting mail; retried at {message.NextAttemptAt.ToUniversalTime():HH:mm:ss} UTC: {Describe(error)}";
                    retrying++;
                }
                // Saved before the next message is claimed, in the same transaction as that claim: one write (and, on
                // SQLite, one hold of the database's single write lock, which transitions wait for) per message instead
                // of two. A crash before the commit leaves only this message undecided; it is sent again, same Message-ID.
                if (taken == o.BatchSize || ct.IsCancellationRequested)
                {
                    await db.SaveChangesAsync(CancellationToken.None);
                    break;
                }
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                await db.SaveChangesAsync(CancellationToken.None);
                message = await ClaimNextAsync(db, now, CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (session is not null) await session.DisposeAsync();
        }

        if (serverError is not null)
        {
            logger.LogWarning("The mail server is failing; {Count} messages wait for a retry: {Error}", retrying, Describe(serverError));
        }
        return new OutboxBatchResult(sent, retrying, failed, dead);
    }

    /// <summary>The oldest due message, claimed for one attempt by this sender; null when none is left.</summary>
    private Task<OutboxMessage?> ClaimNextAsync(WorkOrdersDbContext db, DateTimeOffset now, CancellationToken ct) =>
        NextDueRow.ClaimAsync(db,
            $"""
            SELECT * FROM "Outbox" WHERE "Status" = 'Queued' AND "NextAttemptAt" <= {now}
            ORDER BY "NextAttemptAt" LIMIT 1 FOR UPDATE SKIP LOCKED
            """,
            db.Outbox.Where(m => m.Status == OutboxStatus.Queued && m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt),
            message => ClaimAsync(db, message, ct), ct);

    /// <summary>Takes the message for one attempt and saves that claim at once (Attempts + 1, the back-off time).</summary>
    private async Task<bool> ClaimAsync(WorkOrdersDbContext db, OutboxMessage message, CancellationToken ct)
    {
        var attempts = message.Attempts;
        var retryAt = clock.GetUtcNow() + options.Value.RetryDelay(attempts + 1);
        var won = await db.Outbox
            .Where(m => m.Id == message.Id && m.Status == OutboxStatus.Queued && m.Attempts == attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts + 1).SetProperty(m => m.NextAttemptAt, retryAt), ct);
        if (won == 0) return false;
        message.Attempts = attempts + 1;
        message.NextAttemptAt = retryAt;
        // The claim is already in the database; only the outcome is tracked from here on.
        db.Outbox.Attach(message);
        return true;
    }

    /// <summary>
    /// Only a permanent refusal of this one recipient at RCPT TO fails a message: a 5xx whose enhanced status
    /// says the address or the mailbox is bad (5.1.x, 5.2.x), or a plain 550/551/553 with no enhanced status.
    /// Everything else — no connection, a refused greeting or MAIL FROM, any 4xx, a 5xx for policy or
    /// system reasons — is the server's bad day and is retried with back-off until <see cref="EmailOptions.GiveUpAfter"/>.
    /// </summary>
    internal static bool IsRecipientRejection(Exception ex)
    {
        if (ex is not SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } command) return false;
        var code = (int)command.StatusCode;
        if (code is < 500 or > 599) return false;
        var enhanced = EnhancedStatus.Match(command.Message);
        if (enhanced.Success) return enhanced.Groups[1].Value is "5" && enhanced.Groups[2].Value is "1" or "2";
        return code is 550 or 551 or 553;
    }

    private static readonly System.Text.RegularExpressions.Regex EnhancedStatus = new(@"^\s*([245])\.(\d{1,3})\.\d{1,3}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

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
