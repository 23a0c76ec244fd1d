using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using netDumbster.smtp;
using WorkOrders.Core.Email;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Email;

/// <summary>The outbox delivered over real SMTP (netDumbster), with the server up, down and refusing.</summary>
public abstract class OutboxSmtpTests : DatabaseTest
{
    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Security"] = "None",
        ["Email:FromAddress"] = "workorders@prairiefuel.example",
        ["Email:BaseRetryDelay"] = "00:01:00",
        ["Email:MaxRetryDelay"] = "00:10:00",
        ["WorkOrders:PublicBaseUrl"] = "https://workorders.example",
    };

    private static MimeMessage Parse(SmtpMessage received) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(received.Data)));

    [Fact]
    public async Task SendDue_ServerUp_DeliversOneMessagePerRecipientWithSubjectLinkAndStableMessageId()
    {
        using var server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        await using var host = await StartCoreAsync(settings: Smtp(server.Configuration.Port));
        var (id, _) = await DemoTransitions.RunAsync(host, "submit");

        var result = await host.Get<OutboxSender>().SendDueAsync();

        Assert.Equal(2, result.Sent);
        var received = server.ReceivedEmail.Select(Parse).ToList();
        Assert.Equal([Demo.Admin, Demo.Dispatcher], received.SelectMany(m => m.To.Mailboxes).Select(a => a.Address).Order());
        var number = WorkOrders.Core.Orders.WorkOrder.FormatNumber(id);
        Assert.All(received, m =>
        {
            Assert.Equal($"{number} submitted for approval", m.Subject);
            Assert.Contains($"https://workorders.example/work-orders/{id}", m.TextBody);
            Assert.Contains($"https://workorders.example/work-orders/{id}", m.HtmlBody);
            Assert.Equal("workorders@prairiefuel.example", m.From.Mailboxes.Single().Address);
        });
        await using var db = await host.DbAsync();
        var outbox = await db.Outbox.ToListAsync();
        Assert.All(outbox, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.Equal(outbox.Select(m => m.MessageId).Order(), received.Select(m => m.MessageId).Order());
        Assert.Equal(0, (await host.Get<OutboxSender>().SendDueAsync()).Total);
    }

    [Fact]
    public async Task SendDue_ServerDownThenUp_MessagesWaitWithBackOffThenAllArriveExactlyOnce()
    {
        var port = FreePort();
        await using var host = await StartCoreAsync(settings: Smtp(port));
        var sender = host.Get<OutboxSender>();
        await DemoTransitions.RunAsync(host, "submit");
        await DemoTransitions.RunAsync(host, "dispatch");

        var first = await sender.SendDueAsync();
        Assert.Equal(4, first.Retrying);
        await AssertQueuedAsync(host, attempts: 1, nextIn: TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await sender.SendDueAsync()).Total); // Not due yet: no busy retrying.

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, (await sender.SendDueAsync()).Retrying);
        await AssertQueuedAsync(host, attempts: 2, nextIn: TimeSpan.FromMinutes(2));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await sender.SendDueAsync()).Total); // Back-off doubled.

        using var server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(port).Build();
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, (await sender.SendDueAsync()).Sent);
        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await sender.SendDueAsync()).Total);

        var to = server.ReceivedEmail.Select(Parse).SelectMany(m => m.To.Mailboxes).Select(a => a.Address).Order();
        Assert.Equal([Demo.Admin, Demo.Admin, Demo.Dispatcher, Demo.Tech], to);
        Assert.Equal(4, server.ReceivedEmail.Select(Parse).Select(m => m.MessageId).Distinct().Count());
        await using var db = await host.DbAsync();
        Assert.All(await db.Outbox.ToListAsync(), m =>
        {
            Assert.Equal(OutboxStatus.Sent, m.Status);
            Assert.Equal(3, m.Attempts);
        });
    }

    [Fact]
    public async Task SendDue_ServerDownLongerThanGiveUpTime_MessagesDead()
    {
        await using var host = await StartCoreAsync(settings: Smtp(FreePort()));
        var sender = host.Get<OutboxSender>();
        await DemoTransitions.RunAsync(host, "approve");
        Assert.Equal(1, (await sender.SendDueAsync()).Retrying);

        host.Clock.Advance(TimeSpan.FromDays(5));
        var result = await sender.SendDueAsync();

        Assert.Equal(1, result.Dead);
        await using var db = await host.DbAsync();
        var message = await db.Outbox.SingleAsync();
        Assert.Equal(OutboxStatus.Dead, message.Status);
        Assert.Contains("Gave up", message.LastError);
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await sender.SendDueAsync()).Total);
    }

    [Theory]
    [InlineData("550 5.1.1 No such user here", OutboxStatus.Failed)]
    [InlineData("452 4.2.2 Mailbox full, try later", OutboxStatus.Queued)]
    [InlineData("554 5.7.1 Relay access denied", OutboxStatus.Queued)]
    public async Task SendDue_ServerRefusesRecipient_PermanentAddressRejectionFailsEverythingElseRetries(string reply, OutboxStatus expected)
    {
        await using var server = new ScriptedSmtpServer(reply);
        await using var host = await StartCoreAsync(settings: Smtp(server.Port));
        await DemoTransitions.RunAsync(host, "approve");

        await host.Get<OutboxSender>().SendDueAsync();

        Assert.Equal(1, server.RecipientsRefused);
        await using var db = await host.DbAsync();
        var message = await db.Outbox.SingleAsync();
        Assert.Equal(expected, message.Status);
        Assert.Contains(reply, message.LastError);
    }

    [Fact]
    public async Task RetryNow_FailedMessage_SentOnceTheServerAccepts()
    {
        var refusing = new ScriptedSmtpServer("550 5.1.1 No such user here");
        var port = refusing.Port;
        await using var host = await StartCoreAsync(settings: Smtp(port));
        var sender = host.Get<OutboxSender>();
        await DemoTransitions.RunAsync(host, "approve");
        Assert.Equal(1, (await sender.SendDueAsync()).Failed);
        await refusing.DisposeAsync();
        using var server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(port).Build();
        Guid id;
        await using (var db = await host.DbAsync()) id = await db.Outbox.Select(m => m.Id).SingleAsync();

        var retried = await host.Get<OutboxAdmin>().RetryNowAsync(await host.ActorAsync(Demo.Admin), id);

        Assert.True(retried.IsOk, retried.Message);
        Assert.Equal(1, (await sender.SendDueAsync()).Sent);
        Assert.Equal(1, server.ReceivedEmailCount);
    }

    private static async Task AssertQueuedAsync(CoreHost host, int attempts, TimeSpan nextIn)
    {
        await using var db = await host.DbAsync();
        Assert.All(await db.Outbox.ToListAsync(), m =>
        {
            Assert.Equal(OutboxStatus.Queued, m.Status);
            Assert.Equal(attempts, m.Attempts);
            Assert.Equal(host.Clock.GetUtcNow() + nextIn, m.NextAttemptAt);
            Assert.False(string.IsNullOrEmpty(m.LastError));
        });
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public sealed class OnSqlite : OutboxSmtpTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : OutboxSmtpTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
