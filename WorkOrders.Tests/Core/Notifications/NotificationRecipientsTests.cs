using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Email;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

public abstract class NotificationRecipientsTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Transitions))]
    public async Task Transition_Committed_TellsExactlyTheSpecRecipientsInAppAndByEmail(string transition, string[] expected)
    {
        var (workOrderId, result) = await DemoTransitions.RunAsync(host, transition);

        Assert.True(result.IsOk, result.Message);
        await using var db = await host.DbAsync();
        var inApp = await db.Notifications.Select(n => db.Users.Single(u => u.Id == n.UserId).Email).ToListAsync();
        var email = await db.Outbox.Select(m => m.ToAddress).ToListAsync();
        Assert.Equal(expected.Order(), inApp.Order());
        Assert.Equal(expected.Order(), email.Order());
        Assert.All(await db.Notifications.ToListAsync(), n => Assert.Equal(workOrderId, n.WorkOrderId));
        Assert.All(await db.Outbox.ToListAsync(), m =>
        {
            Assert.Contains(WorkOrder.FormatNumber(workOrderId), m.Subject);
            Assert.Contains($"/work-orders/{workOrderId}", m.TextBody);
            Assert.Contains($"/work-orders/{workOrderId}", m.HtmlBody);
            Assert.Equal(OutboxStatus.Queued, m.Status);
        });
    }

    public static TheoryData<string, string[]> Transitions => DemoTransitions.Expected;

    [Fact]
    public async Task Submit_ApproverOptedOutOfSubmitEmails_ApproverToldInAppOnly()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var service = host.Get<NotificationService>();
        Assert.True((await service.SetEmailPreferenceAsync(admin, WorkOrderAction.Submit, emailOn: false)).IsOk);

        var (_, result) = await DemoTransitions.RunAsync(host, "submit");

        Assert.True(result.IsOk, result.Message);
        await using var db = await host.DbAsync();
        Assert.Equal(2, await db.Notifications.CountAsync());
        Assert.Equal([Demo.Dispatcher], await db.Outbox.Select(m => m.ToAddress).ToListAsync());
        var preferences = await service.EmailPreferencesAsync(admin);
        Assert.False(preferences.Single(p => p.Event == WorkOrderAction.Submit).EmailOn);
        Assert.All(preferences.Where(p => p.Event != WorkOrderAction.Submit), p => Assert.True(p.EmailOn));
    }

    [Fact]
    public async Task Approve_SubmitterTurnedApproveEmailsBackOn_EmailSent()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var service = host.Get<NotificationService>();
        await service.SetEmailPreferenceAsync(dispatcher, WorkOrderAction.Approve, emailOn: false);
        await service.SetEmailPreferenceAsync(dispatcher, WorkOrderAction.Approve, emailOn: true);

        await DemoTransitions.RunAsync(host, "approve");

        await using var db = await host.DbAsync();
        Assert.Equal([Demo.Dispatcher], await db.Outbox.Select(m => m.ToAddress).ToListAsync());
    }

    [Fact]
    public async Task SetEmailPreference_EventNobodyIsToldOf_Invalid()
    {
        var result = await host.Get<NotificationService>().SetEmailPreferenceAsync(await host.ActorAsync(Demo.Admin), WorkOrderAction.Edit, false);

        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    public sealed class OnSqlite : NotificationRecipientsTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : NotificationRecipientsTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
