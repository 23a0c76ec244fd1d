using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Common;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Accounts;

/// <summary>Invitations across organisations, the two-factor requirement and server-side sessions, on a real database.</summary>
public abstract class AccountsCoreTests : DatabaseTest
{
    [Fact]
    public async Task Invite_AddressOfAnotherOrganisation_AnswersLikeANewAddressAndTellsTheOwner()
    {
        await using var core = await StartCoreAsync();
        var admin = await core.ActorAsync(Demo.Admin);

        var foreign = await core.Get<UserAdministration>().InviteAsync(admin, Demo.OtherCompanyAdmin, "Someone", OrganizationRole.Member);
        var fresh = await core.Get<UserAdministration>().InviteAsync(admin, "fresh@prairiefuel.example", "Fresh", OrganizationRole.Member);

        Assert.True(foreign.IsOk, foreign.Message);
        Assert.Equal(fresh.Status, foreign.Status);
        Assert.Equal(fresh.Message, foreign.Message);
        await using var db = await core.DbAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == Demo.OtherCompanyAdmin));
        var notice = await db.Outbox.SingleAsync(m => m.ToAddress == Demo.OtherCompanyAdmin);
        Assert.Contains("already has a WorkOrders account", notice.TextBody);
        Assert.DoesNotContain("token=", notice.TextBody);
    }

    [Fact]
    public async Task Invite_AddressOfAnotherOrganisation_InvitersViewLikeANormalInvitation()
    {
        await using var core = await CoreHost.StartAsync();
        var admin = await core.ActorAsync(Demo.Admin);
        var users = core.Get<UserAdministration>();
        await users.InviteAsync(admin, Demo.OtherCompanyAdmin, "Someone", OrganizationRole.Member);
        await users.InviteAsync(admin, "fresh@prairiefuel.example", "Fresh", OrganizationRole.Member);

        UserRow Row(IReadOnlyList<UserRow> rows, string email) => rows.Single(r => r.Email == email);
        var listed = (await users.ListAsync(admin)).Value!;
        var foreign = Row(listed, Demo.OtherCompanyAdmin);
        var fresh = Row(listed, "fresh@prairiefuel.example");
        Assert.Equal((fresh.IsPending, fresh.IsActive, fresh.Role, fresh.IsSelf), (foreign.IsPending, foreign.IsActive, foreign.Role, foreign.IsSelf));
        Assert.Equal(Row((await users.ListAsync(admin, "fresh")).Value!, "fresh@prairiefuel.example").Id, fresh.Id);
        Assert.Equal(foreign.Id, Row((await users.ListAsync(admin, "coastal")).Value!, Demo.OtherCompanyAdmin).Id);

        foreach (var row in new[] { foreign, fresh })
        {
            var again = await users.InviteAsync(admin, row.Email, "Again", OrganizationRole.Member);
            Assert.Contains($"{row.Email} already has an account in Prairie Fuel Co.", again.Message);
            Assert.True((await users.ResendInvitationAsync(admin, row.Id)).IsOk);
            Assert.True((await users.UpdateAsync(admin, row.Id, new UserEdit("Renamed " + row.DisplayName, OrganizationRole.Admin))).IsOk);
            Assert.True((await users.SetActiveAsync(admin, row.Id, false)).IsOk);
            Assert.Contains("is disabled; enable them first", (await users.ResendInvitationAsync(admin, row.Id)).Message);
        }
        listed = (await users.ListAsync(admin)).Value!;
        foreign = Row(listed, Demo.OtherCompanyAdmin);
        fresh = Row(listed, "fresh@prairiefuel.example");
        Assert.Equal((fresh.IsPending, fresh.IsActive, fresh.Role), (foreign.IsPending, foreign.IsActive, foreign.Role));
        Assert.Equal("Renamed Someone", foreign.DisplayName);

        // The other organisation's account is untouched, and nobody else sees the invitation.
        await using var db = await core.DbAsync();
        var owner = await db.Users.SingleAsync(u => u.Email == Demo.OtherCompanyAdmin);
        Assert.Equal((OrganizationRole.Admin, true), (owner.Role, owner.IsActive));
        var otherAdmin = await core.ActorAsync(Demo.OtherCompanyAdmin);
        Assert.DoesNotContain((await users.ListAsync(otherAdmin)).Value!, r => r.DisplayName.Contains("Someone"));
        Assert.Equal(ResultStatus.NotFound, (await users.SetActiveAsync(otherAdmin, foreign.Id, true)).Status);
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.ToAddress == Demo.OtherCompanyAdmin));
    }

    [Fact]
    public async Task Outbox_AddressOfAnotherOrganisation_InviterSeesTheSameRowAsForANewAddress()
    {
        await using var core = await CoreHost.StartAsync();
        var admin = await core.ActorAsync(Demo.Admin);
        var users = core.Get<UserAdministration>();
        var outbox = core.Get<WorkOrders.Core.Email.OutboxAdmin>();
        var before = (await outbox.CountsAsync(admin)).Value!;
        var foreignId = (await users.InviteAsync(admin, Demo.OtherCompanyAdmin, "Someone", OrganizationRole.Member)).Value!;
        var freshId = (await users.InviteAsync(admin, "fresh@prairiefuel.example", "Fresh", OrganizationRole.Member)).Value!;
        Assert.True((await users.ResendInvitationAsync(admin, foreignId)).IsOk);
        Assert.True((await users.ResendInvitationAsync(admin, freshId)).IsOk);

        var rows = (await outbox.ListAsync(admin, null, pageSize: 200)).Value!.Items;
        var foreign = rows.Where(r => r.ToAddress == Demo.OtherCompanyAdmin).ToList();
        var fresh = rows.Where(r => r.ToAddress == "fresh@prairiefuel.example").ToList();

        // What may differ is only what the admin typed (name, address) and the message's own id and times.
        static object Shape(WorkOrders.Core.Email.OutboxRow r) =>
            r with { Id = Guid.Empty, ToName = "", ToAddress = "", CreatedAt = default, NextAttemptAt = default, SentAt = null };
        Assert.Equal(2, foreign.Count);
        Assert.Equal(fresh.Select(Shape), foreign.Select(Shape));
        Assert.All(foreign, r => Assert.Equal(("Someone", "You are invited to WorkOrders for Prairie Fuel Co."), (r.ToName, r.Subject)));
        Assert.DoesNotContain(rows, r => r.Subject.Contains("tried to invite", StringComparison.Ordinal));
        var after = (await outbox.CountsAsync(admin)).Value!;
        Assert.Equal(before.Queued + 4, after.Queued);

        // The owner of the address got the notice; their own organisation's admin (they themselves) sees no invitation of another.
        await using var db = await core.DbAsync();
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.ToAddress == Demo.OtherCompanyAdmin && m.Subject.Contains("tried to invite")));
        var otherAdmin = await core.ActorAsync(Demo.OtherCompanyAdmin);
        Assert.DoesNotContain((await outbox.ListAsync(otherAdmin, null, pageSize: 200)).Value!.Items, r => r.Subject.Contains("Prairie Fuel"));
    }

    [Fact]
    public async Task Invite_AddressInOwnOrganisation_SaysSo()
    {
        await using var core = await StartCoreAsync();
        var result = await core.Get<UserAdministration>().InviteAsync(await core.ActorAsync(Demo.Admin), Demo.Tech, "Luis", OrganizationRole.Member);
        Assert.False(result.IsOk);
        Assert.Contains("already has an account in Prairie Fuel Co.", result.Message);
    }

    [Fact]
    public async Task RequireTwoFactor_AdminWithoutAuthenticator_RefusedSoTheyAreNotLockedOut()
    {
        await using var core = await StartCoreAsync();
        var result = await core.Get<TwoFactorRequirement>().SetAsync(await core.ActorAsync(Demo.Admin), true);
        Assert.Equal(WorkOrders.Core.Common.ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task RequireTwoFactor_Member_NotAllowed()
    {
        await using var core = await StartCoreAsync();
        var result = await core.Get<TwoFactorRequirement>().SetAsync(await core.ActorAsync(Demo.Dispatcher), true);
        Assert.Equal(WorkOrders.Core.Common.ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task RequireTwoFactor_TurnedOn_RenewsStampsOfPeopleWithoutSecondFactor()
    {
        await using var core = await StartCoreAsync();
        await using (var db = await core.DbAsync())
        {
            await db.Users.Where(u => u.Email == Demo.Admin).ExecuteUpdateAsync(u => u.SetProperty(x => x.TwoFactorEnabled, true));
        }
        string Stamp(string email) { using var db = core.DbAsync().Result; return db.Users.Single(u => u.Email == email).SecurityStamp!; }
        var before = Stamp(Demo.Dispatcher);
        var adminBefore = Stamp(Demo.Admin);

        var result = await core.Get<TwoFactorRequirement>().SetAsync(await core.ActorAsync(Demo.Admin), true);

        Assert.True(result.IsOk, result.Message);
        Assert.NotEqual(before, Stamp(Demo.Dispatcher));
        Assert.Equal(adminBefore, Stamp(Demo.Admin));
        await using var check = await core.DbAsync();
        var tech = await check.Users.SingleAsync(u => u.Email == Demo.Tech);
        Assert.True(await core.Get<TwoFactorRequirement>().IsRequiredForAsync(tech));
    }

    [Fact]
    public async Task Session_PastAbsoluteLifetime_EndsEvenWhenActive()
    {
        await using var core = await StartCoreAsync();
        var userId = await core.UserIdAsync(Demo.Dispatcher);
        var sessions = core.Get<UserSessions>();
        var started = await sessions.StartAsync(userId, keepSignedIn: false);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(12) - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            core.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await sessions.ValidateAsync(started.SessionId, userId), $"alive after {elapsed}");
        }
        core.Clock.Advance(TimeSpan.FromMinutes(21));

        Assert.False(await sessions.ValidateAsync(started.SessionId, userId));
    }

    [Fact]
    public async Task Session_IdleLongerThanTimeout_Ends()
    {
        await using var core = await StartCoreAsync();
        var userId = await core.UserIdAsync(Demo.Dispatcher);
        var sessions = core.Get<UserSessions>();
        var started = await sessions.StartAsync(userId, keepSignedIn: false);
        var kept = await sessions.StartAsync(userId, keepSignedIn: true);

        core.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.False(await sessions.ValidateAsync(started.SessionId, userId));
        Assert.True(await sessions.ValidateAsync(kept.SessionId, userId));
        core.Clock.Advance(TimeSpan.FromHours(8));
        Assert.False(await sessions.ValidateAsync(kept.SessionId, userId));
    }

    [Fact]
    public async Task Session_OtherUsersCookie_NotValid()
    {
        await using var core = await StartCoreAsync();
        var started = await core.Get<UserSessions>().StartAsync(await core.UserIdAsync(Demo.Dispatcher), false);
        Assert.False(await core.Get<UserSessions>().ValidateAsync(started.SessionId, await core.UserIdAsync(Demo.Admin)));
    }

    [Fact]
    public async Task SetDarkMode_OneUser_KeptWithThatAccountOnly()
    {
        await using var core = await StartCoreAsync();
        var (tech, admin) = (await core.ActorAsync(Demo.Tech), await core.ActorAsync(Demo.Admin));
        var account = core.Get<MyAccount>();
        Assert.False(await account.DarkModeAsync(tech));

        Assert.True((await account.SetDarkModeAsync(tech, true)).IsOk);

        Assert.True(await account.DarkModeAsync(tech));
        Assert.False(await account.DarkModeAsync(admin));
        Assert.True((await account.SetDarkModeAsync(tech, false)).IsOk);
        Assert.False(await account.DarkModeAsync(tech));
    }

    public sealed class OnSqlite : AccountsCoreTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : AccountsCoreTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
