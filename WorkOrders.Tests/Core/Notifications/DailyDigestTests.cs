using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

/// <summary>
/// The fake clock starts at 2026-11-20 15:00 UTC: 09:00 at Prairie Fuel (America/Chicago), 07:00 at Coastal Petroleum
/// (America/Los_Angeles), 08:00 at Summit Tank (America/Denver). Digests go out from 07:00.
/// </summary>
public abstract class DailyDigestTests : DatabaseTest, IAsyncLifetime
{
    private const string DigestSubject = "Your WorkOrders digest";
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private DailyDigest NewSender() => ActivatorUtilities.CreateInstance<DailyDigest>(host.Services);

    private async Task<Dictionary<string, int>> DigestMailsAsync()
    {
        await using var db = await host.DbAsync();
        return await db.Outbox.Where(m => m.Subject.StartsWith(DigestSubject)).GroupBy(m => m.ToAddress).ToDictionaryAsync(g => g.Key, g => g.Count());
    }

    [Fact]
    public async Task SendDue_InTheMorning_AdminAndSubmitterGetOneEachTechnicianNone()
    {
        var queued = await NewSender().SendDueAsync();

        var mails = await DigestMailsAsync();
        Assert.Equal(1, mails.GetValueOrDefault(Demo.Admin));
        Assert.Equal(1, mails.GetValueOrDefault(Demo.Dispatcher));
        Assert.False(mails.ContainsKey(Demo.Tech));
        Assert.Equal(mails.Values.Sum(), queued);
    }

    [Fact]
    public async Task SendDue_AdminsDigest_ListsTheOverdueItemAndLinksIt()
    {
        // A day later the seeded approval (three days before the start) has waited more than three days.
        host.Clock.Advance(TimeSpan.FromDays(1));
        await NewSender().SendDueAsync();

        await using var db = await host.DbAsync();
        var mail = await db.Outbox.SingleAsync(m => m.ToAddress == Demo.Admin && m.Subject.StartsWith(DigestSubject));
        Assert.Contains("1 overdue", mail.Subject);
        Assert.Contains("Overdue action items (1)", mail.TextBody);
        Assert.Contains("Failed cathodic protection reading, tank 1 — Station 12 – Wichita East, Critical, due 11/17/2026", mail.TextBody);
        Assert.Contains("Approved, not yet dispatched", mail.TextBody);
        Assert.Contains("Replace line leak detector, regular", mail.TextBody);
        Assert.Contains("/notifications/preferences", mail.HtmlBody);
    }

    [Fact]
    public async Task SendDue_RecipientChoseEnGb_DatesWrittenDayFirst()
    {
        await using (var db = await host.DbAsync())
        {
            await db.Users.Where(u => u.Email == Demo.Admin).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en-GB"));
        }
        host.Clock.Advance(TimeSpan.FromDays(1));
        await NewSender().SendDueAsync();

        await using var read = await host.DbAsync();
        var mail = await read.Outbox.SingleAsync(m => m.ToAddress == Demo.Admin && m.Subject.StartsWith(DigestSubject));
        Assert.Contains("Critical, due 17/11/2026", mail.TextBody);
        Assert.DoesNotContain("11/17/2026", mail.TextBody);
    }

    [Fact]
    public async Task SendDue_TwoServersAtOnce_ExactlyOneDigestPerUser()
    {
        var (a, b) = (NewSender(), NewSender());

        var counts = await Task.WhenAll(a.SendDueAsync(), b.SendDueAsync(), a.SendDueAsync(), b.SendDueAsync());

        var mails = await DigestMailsAsync();
        Assert.All(mails, m => Assert.Equal(1, m.Value));
        Assert.Equal(mails.Count, counts.Sum());
        Assert.Equal(0, await a.SendDueAsync());
    }

    [Fact]
    public async Task TrySend_SameUserAndDayTwice_SecondRefusedByTheDatabaseAndQueuesNothing()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var day = new DateOnly(2026, 11, 20);
        var sender = NewSender();

        Assert.True(await sender.TrySendAsync(admin, Demo.Admin, "Morgan Avery", day, host.Clock.GetUtcNow(), default));
        Assert.False(await NewSender().TrySendAsync(admin, Demo.Admin, "Morgan Avery", day, host.Clock.GetUtcNow(), default));

        Assert.Equal(1, (await DigestMailsAsync())[Demo.Admin]);
    }

    [Fact]
    public async Task SendDue_BeforeSevenInTheOrganisationsZone_WaitsForItsMorning()
    {
        await NewSender().SendDueAsync();
        // Next day 12:30 UTC: 06:30 in Chicago.
        host.Clock.Advance(TimeSpan.FromHours(21.5));
        Assert.Equal(0, await NewSender().SendDueAsync());

        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await NewSender().SendDueAsync();

        await using var db = await host.DbAsync();
        var adminId = await host.UserIdAsync(Demo.Admin);
        var days = await db.DigestDeliveries.Where(d => d.UserId == adminId).Select(d => d.Day).OrderBy(d => d).ToListAsync();
        Assert.Equal([new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21)], days);
        // Coastal Petroleum's morning (Los Angeles, 05:00) has not come yet.
        var coastalAdmin = await host.UserIdAsync(Demo.OtherCompanyAdmin);
        Assert.DoesNotContain(new DateOnly(2026, 11, 21), await db.DigestDeliveries.Where(d => d.UserId == coastalAdmin).Select(d => d.Day).ToListAsync());
    }

    [Fact]
    public async Task SendDue_NothingToTell_NoEmailButTheDayIsDone()
    {
        var coastal = await host.ActorAsync(Demo.OtherCompanyAdmin);
        Assert.True((await NewSender().ContentAsync(coastal, new DateOnly(2026, 11, 20))).IsEmpty);

        await NewSender().SendDueAsync();

        Assert.False((await DigestMailsAsync()).ContainsKey(Demo.OtherCompanyAdmin));
        await using var db = await host.DbAsync();
        var delivery = await db.DigestDeliveries.SingleAsync(d => d.UserId == coastal.UserId);
        Assert.False(delivery.Sent);
    }

    [Fact]
    public async Task Preference_SwitchedOffByAdminOnByTechnician_Honoured()
    {
        var digest = NewSender();
        var admin = await host.ActorAsync(Demo.Admin);
        var tech = await host.ActorAsync(Demo.Tech);
        Assert.True(await digest.IsOnAsync(admin));
        Assert.False(await digest.IsOnAsync(tech));

        await digest.SetAsync(admin, false);
        await digest.SetAsync(tech, true);
        await digest.SendDueAsync();

        var mails = await DigestMailsAsync();
        Assert.False(mails.ContainsKey(Demo.Admin));
        Assert.Equal(1, mails[Demo.Tech]);
    }

    [Theory]
    [InlineData(OrganizationKind.Company, OrganizationRole.Admin, false, true)]
    [InlineData(OrganizationKind.Company, OrganizationRole.Member, true, true)]
    [InlineData(OrganizationKind.Company, OrganizationRole.Member, false, false)]
    [InlineData(OrganizationKind.ServiceProvider, OrganizationRole.Admin, false, false)]
    [InlineData(OrganizationKind.ServiceProvider, OrganizationRole.Admin, true, true)]
    public void DefaultOn_ByRoleAndSubmitting_CompanyAdminsAndSubmitters(OrganizationKind kind, OrganizationRole role, bool submitted, bool expected) =>
        Assert.Equal(expected, DailyDigest.DefaultOn(kind, role, submitted));

    public sealed class OnSqlite : DailyDigestTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : DailyDigestTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
