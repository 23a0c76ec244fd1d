using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;
using WorkOrders.Core.Email;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Email;

/// <summary>
/// A bad SMTP day, one failure kind at a time, against a scripted SMTP server: each test queues a batch,
/// drives the sender on the fake clock through the fault and counts what the server accepted —
/// delivered, duplicated (same Message-ID twice) and lost (never accepted).
/// </summary>
public abstract class OutboxFaultTests : DatabaseTest
{
    private const int MessageCount = 20;

    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Email:Security"] = "None",
        ["Email:BaseRetryDelay"] = "00:00:01",
        ["Email:MaxRetryDelay"] = "00:00:04",
        ["Email:GiveUpAfter"] = "01:00:00",
        ["Email:Timeout"] = "00:00:10",
    };

    [Theory]
    [InlineData(SmtpStage.Greeting, "554 5.3.2 No service for you now")]
    [InlineData(SmtpStage.MailFrom, "554 5.7.1 Sender not welcome today")]
    [InlineData(SmtpStage.RcptTo, "554 5.7.1 Relay access denied")]
    [InlineData(SmtpStage.EndOfData, "554 5.6.0 Transaction failed")]
    [InlineData(SmtpStage.Greeting, "421 4.3.2 Service shutting down")]
    [InlineData(SmtpStage.MailFrom, "421 4.4.5 Too busy, closing")]
    [InlineData(SmtpStage.RcptTo, "451 4.3.0 Temporary lookup failure")]
    [InlineData(SmtpStage.EndOfData, "421 4.3.0 Closing mid-transaction")]
    public async Task SendDue_ServerWideFailureForEightSeconds_EveryMessageDeliveredOnceAfterwards(SmtpStage stage, string reply)
    {
        CoreHost? host = null;
        var stormEnds = CoreHost.Start + TimeSpan.FromSeconds(8);
        await using var server = new ScriptedSmtpServer((s, _) => s == stage && host!.Clock.GetUtcNow() < stormEnds ? reply : null);
        await using var started = host = await StartCoreAsync(seedDemoData: false, settings: Smtp(server.Port));
        var ids = await QueueAsync(host, MessageCount);

        var first = await host.Get<OutboxSender>().SendDueAsync();
        Assert.Equal(0, first.Failed);
        Assert.Equal(MessageCount, first.Retrying);
        await RunForAsync(host, TimeSpan.FromSeconds(30));

        AssertCounts(server, ids, duplicates: 0);
        await AssertAllSentAsync(host);
    }

    [Fact]
    public async Task SendDue_ServerClosesMidBatch_SentOnesStaySentRestRetriedNothingDuplicated()
    {
        var closed = 0;
        ScriptedSmtpServer? server = null;
        await using var started = server = new ScriptedSmtpServer((stage, _) =>
            stage == SmtpStage.MailFrom && server!.Delivered.Count == 7 && Interlocked.Exchange(ref closed, 1) == 0 ? "421 4.3.2 Going down" : null);
        await using var host = await StartCoreAsync(seedDemoData: false, settings: Smtp(server.Port));
        var ids = await QueueAsync(host, MessageCount);

        var first = await host.Get<OutboxSender>().SendDueAsync();

        Assert.Equal((7, MessageCount - 7, 0), (first.Sent, first.Retrying, first.Failed));
        await RunForAsync(host, TimeSpan.FromSeconds(10));
        AssertCounts(server, ids, duplicates: 0);
        await AssertAllSentAsync(host);
    }

    [Fact]
    public async Task SendDue_OneRecipientRefusedFor5_1_1_OnlyThatMessageFailsWithTheReasonOthersDelivered()
    {
        await using var server = new ScriptedSmtpServer((stage, argument) =>
            stage == SmtpStage.RcptTo && argument.Contains("user5@", StringComparison.Ordinal) ? "550 5.1.1 No such user here" : null);
        await using var host = await StartCoreAsync(seedDemoData: false, settings: Smtp(server.Port));
        await QueueAsync(host, MessageCount);

        var result = await host.Get<OutboxSender>().SendDueAsync();

        Assert.Equal((MessageCount - 1, 0, 1), (result.Sent, result.Retrying, result.Failed));
        await using var db = await host.DbAsync();
        var refused = await db.Outbox.SingleAsync(m => m.Status == OutboxStatus.Failed);
        Assert.Equal("user5@example.test", refused.ToAddress);
        Assert.Contains("refused this recipient", refused.LastError);
        Assert.Contains("550 5.1.1 No such user here", refused.LastError);
        Assert.Equal(MessageCount - 1, server.Delivered.Distinct().Count());
    }

    [Fact]
    public async Task SendDue_ProcessDiesMidBatch_RestartResendsAtMostTheOneInFlightWithTheSameMessageId()
    {
        await using var server = new ScriptedSmtpServer((_, _) => null);
        var dying = new DyingTransport(afterDeliveries: 9);
        await using var host = await StartCoreAsync(seedDemoData: false, settings: Smtp(server.Port),
            configure: services => services.Replace(ServiceDescriptor.Singleton<IMailTransport>(sp =>
                dying.Wrap(ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp)))));
        var ids = await QueueAsync(host, MessageCount);

        // The first sender delivers nine messages and the tenth, then freezes for good before it can record the tenth:
        // from the database's point of view the process is gone.
        using var killed = new CancellationTokenSource();
        var frozen = host.Get<OutboxSender>().SendDueAsync(killed.Token);
        await dying.Died.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(10, server.Delivered.Count);

        // "Restart": a fresh sender over the same outbox, once the claim's back-off has passed.
        dying.Revive();
        await RunForAsync(host, TimeSpan.FromSeconds(10));
        await killed.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => frozen);

        AssertCounts(server, ids, duplicates: 1);
        await AssertAllSentAsync(host);
    }

    /// <summary>Calls the sender once a second on the fake clock for <paramref name="span"/>.</summary>
    private static async Task RunForAsync(CoreHost host, TimeSpan span)
    {
        var sender = host.Get<OutboxSender>();
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromSeconds(1))
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            await sender.SendDueAsync();
        }
    }

    private static async Task<List<string>> QueueAsync(CoreHost host, int count)
    {
        await using var db = await host.DbAsync();
        var messages = Enumerable.Range(0, count)
            .Select(i => new OutboxMessage($"user{i}@example.test", $"User {i}", $"Message {i}", "text", "<p>html</p>", host.Clock.GetUtcNow()))
            .ToList();
        db.Outbox.AddRange(messages);
        await db.SaveChangesAsync();
        return messages.Select(m => $"<{m.MessageId}>").ToList();
    }

    private static void AssertCounts(ScriptedSmtpServer server, List<string> queued, int duplicates)
    {
        var delivered = server.Delivered;
        var lost = queued.Except(delivered).Count();
        var duplicated = delivered.Count - delivered.Distinct().Count();
        Assert.Equal((queued.Count, duplicates, 0), (delivered.Distinct().Count(), duplicated, lost));
    }

    private static async Task AssertAllSentAsync(CoreHost host)
    {
        await using var db = await host.DbAsync();
        Assert.All(await db.Outbox.ToListAsync(), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    /// <summary>Lets the real transport deliver, then after <c>afterDeliveries</c> + 1 hangs forever, as a killed process would.</summary>
    private sealed class DyingTransport(int afterDeliveries)
    {
        private int deliveries;
        private volatile bool revived;

        public TaskCompletionSource Died { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int Limit => afterDeliveries;

        public void Revive() => revived = true;

        public IMailTransport Wrap(IMailTransport inner) => new Transport(inner, this);

        private sealed class Transport(IMailTransport inner, DyingTransport owner) : IMailTransport
        {
            public async Task<IMailSession> OpenAsync(CancellationToken ct) => new Session(await inner.OpenAsync(ct), owner);
        }

        private sealed class Session(IMailSession inner, DyingTransport owner) : IMailSession
        {
            public async Task SendAsync(MimeMessage message, CancellationToken ct)
            {
                await inner.SendAsync(message, ct);
                if (owner.revived || Interlocked.Increment(ref owner.deliveries) <= owner.Limit) return;
                owner.Died.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    public sealed class OnSqlite : OutboxFaultTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : OutboxFaultTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
