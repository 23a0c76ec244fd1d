using Microsoft.EntityFrameworkCore;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

/// <summary>A transition's e-mail is rendered once per culture of the people told: each still reads it their own way.</summary>
public abstract class NotificationCultureTests : DatabaseTest
{
    [Fact]
    public async Task Dispatch_PeopleToldReadDifferentCultures_EachGetsTheVisitWrittenTheirWay()
    {
        await using var host = await StartCoreAsync();
        var tech = await host.UserIdAsync(Demo.Tech);
        await using (var db = await host.DbAsync())
        {
            await db.Users.Where(u => u.Id == tech).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "fr-CA"));
        }
        var wo = await SchedulingFixture.FindAsync(host, SchedulingFixture.ApprovedTitle);
        var start = new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);

        var result = await host.Get<WorkOrders.Core.Orders.WorkOrderService>().DispatchAsync(
            await host.ActorAsync(Demo.Dispatcher), wo.Id, wo.Version, tech, start, start.AddHours(2), overrideDueDate: true);

        Assert.True(result.IsOk, result.Message);
        await using var read = await host.DbAsync();
        var mails = await read.Outbox.Where(m => m.WorkOrderId == wo.Id).Select(m => new { m.UserId, Text = m.TextBody }).ToListAsync();
        // 3 December 2026 is a Thursday: written in English for the others, in French for the technician.
        Assert.Contains(mails, m => m.UserId == tech && !m.Text.Contains("Thu", StringComparison.Ordinal));
        var others = mails.Where(m => m.UserId != tech).ToList();
        Assert.NotEmpty(others);
        Assert.All(others, m => Assert.Contains("Thu", m.Text, StringComparison.Ordinal));
    }

    public sealed class OnSqlite : NotificationCultureTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : NotificationCultureTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
