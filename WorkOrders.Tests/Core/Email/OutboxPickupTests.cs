using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using WorkOrders.Core.Common;
using WorkOrders.Core.Email;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Email;

public abstract class OutboxPickupTests : DatabaseTest
{
    [Fact]
    public async Task SendDue_NoSmtpHost_WritesOneEmlFilePerMessageIntoDataFolderMailPickup()
    {
        await using var host = await StartCoreAsync();
        var (id, _) = await DemoTransitions.RunAsync(host, "resolve");

        var result = await host.Get<OutboxSender>().SendDueAsync();

        Assert.Equal(2, result.Sent);
        var folder = Path.Combine(host.Folder, "mail-pickup");
        Assert.Equal(folder, host.Get<MailPickupFolder>().Path);
        var files = Directory.GetFiles(folder, "*.eml");
        Assert.Equal(2, files.Length);
        var messages = files.Select(f => MimeMessage.Load(f)).ToList();
        Assert.Equal([Demo.Admin, Demo.Dispatcher], messages.SelectMany(m => m.To.Mailboxes).Select(a => a.Address).Order());
        Assert.All(messages, m => Assert.Contains($"/work-orders/{id}", m.TextBody));
        await using var db = await host.DbAsync();
        Assert.Equal((await db.Outbox.ToListAsync()).Select(m => m.MessageId).Order(), messages.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task BackgroundSender_TransitionCommitted_WakesAndDeliversWithoutTheClockMoving()
    {
        await using var host = await StartCoreAsync(settings: new Dictionary<string, string?> { ["Email:SendInBackground"] = "true" });
        await DemoTransitions.RunAsync(host, "submit");

        var folder = host.Get<MailPickupFolder>().Path;
        // The background digest runs in this host too; only the submit's two messages are counted.
        int SubmitMessages() => !Directory.Exists(folder) ? 0
            : Directory.GetFiles(folder, "*.eml").Count(f => !(MimeMessage.Load(f).Subject ?? "").Contains("digest", StringComparison.Ordinal));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && SubmitMessages() < 2) await Task.Delay(50);

        Assert.Equal(2, SubmitMessages());
    }

    [Fact]
    public async Task SendDue_CrashAfterHandingOverBeforeMarkingSent_ResendsWithTheSameMessageId()
    {
        var transport = new FlakyTransport();
        await using var host = await StartCoreAsync(configure: s => s.AddSingleton<IMailTransport>(transport));
        await DemoTransitions.RunAsync(host, "approve");
        var sender = host.Get<OutboxSender>();

        await sender.SendDueAsync(); // Handed over, then the connection dies before the reply.
        host.Clock.Advance(TimeSpan.FromHours(1));
        await sender.SendDueAsync();

        Assert.Equal(2, transport.Delivered.Count);
        Assert.Equal(transport.Delivered[0], transport.Delivered[1]);
        await using var db = await host.DbAsync();
        var message = await db.Outbox.SingleAsync();
        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(message.MessageId, transport.Delivered[0]);
    }

    [Fact]
    public async Task SendDue_TwoSendersAtOnce_EachMessageSentOnce()
    {
        var transport = new FlakyTransport { FailFirst = false };
        await using var host = await StartCoreAsync(configure: s => s.AddSingleton<IMailTransport>(transport));
        foreach (var t in new[] { "submit", "dispatch", "close" }) await DemoTransitions.RunAsync(host, t);
        var one = ActivatorUtilities.CreateInstance<OutboxSender>(host.Services);
        var two = ActivatorUtilities.CreateInstance<OutboxSender>(host.Services);

        var results = await Task.WhenAll(one.SendDueAsync(), two.SendDueAsync(), one.SendDueAsync());

        Assert.Equal(5, results.Sum(r => r.Sent));
        Assert.Equal(5, transport.Delivered.Distinct().Count());
        Assert.Equal(5, transport.Delivered.Count);
    }

    [Fact]
    public async Task OutboxAdmin_AdminsSeeOnlyMailToTheirOwnOrganisation()
    {
        await using var host = await StartCoreAsync();
        await DemoTransitions.RunAsync(host, "approve-provider");
        await DemoTransitions.RunAsync(host, "approve");
        var outbox = host.Get<OutboxAdmin>();

        var company = (await outbox.ListAsync(await host.ActorAsync(Demo.Admin), null)).Value!;
        var provider = (await outbox.ListAsync(await host.ActorAsync(Demo.ProviderAdmin), null)).Value!;
        var other = (await outbox.ListAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), null)).Value!;
        var member = await outbox.ListAsync(await host.ActorAsync(Demo.Dispatcher), null);

        Assert.Equal([Demo.Dispatcher], company.Items.Select(r => r.ToAddress));
        Assert.Equal([Demo.ProviderAdmin], provider.Items.Select(r => r.ToAddress));
        Assert.Empty(other.Items);
        Assert.Equal(ResultStatus.NotAllowed, member.Status);
        var providersMessage = provider.Items.Single().Id;
        Assert.Equal(ResultStatus.NotFound, (await outbox.RetryNowAsync(await host.ActorAsync(Demo.Admin), providersMessage)).Status);
        Assert.Equal(1, (await outbox.CountsAsync(await host.ActorAsync(Demo.Admin))).Value!.Queued);
    }

    /// <summary>Records what it delivers; the first delivery "succeeds" and then loses the connection.</summary>
    private sealed class FlakyTransport : IMailTransport
    {
        private readonly Lock gate = new();
        public bool FailFirst { get; init; } = true;
        public List<string> Delivered { get; } = [];

        public Task<IMailSession> OpenAsync(CancellationToken ct) => Task.FromResult<IMailSession>(new Session(this));

        private sealed class Session(FlakyTransport owner) : IMailSession
        {
            public async Task SendAsync(MimeMessage message, CancellationToken ct)
            {
                await Task.Yield();
                bool fail;
                lock (owner.gate)
                {
                    owner.Delivered.Add(message.MessageId ?? "");
                    fail = owner.FailFirst && owner.Delivered.Count == 1;
                }
                if (fail) throw new IOException("Connection reset after DATA.");
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    public sealed class OnSqlite : OutboxPickupTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : OutboxPickupTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
