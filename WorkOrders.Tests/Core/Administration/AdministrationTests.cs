using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Common;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Administration;

public abstract class AdministrationTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync(settings: new Dictionary<string, string?>
    {
        ["WorkOrders:SystemAdmin:Email"] = SystemAdminEmail,
        ["WorkOrders:SystemAdmin:Password"] = "Operator123!",
        ["WorkOrders:PublicBaseUrl"] = "https://workorders.test",
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    private const string SystemAdminEmail = "root@workorders.test";

    private UserAdministration Users => host.Get<UserAdministration>();
    private FacilityAdministration Facilities => host.Get<FacilityAdministration>();
    private ProviderLinks Links => host.Get<ProviderLinks>();
    private OrganizationAdministration Organizations => host.Get<OrganizationAdministration>();

    [Fact]
    public async Task Startup_SystemAdminConfigured_IsSeededInOperatorOrganisation()
    {
        var actor = await host.ActorAsync(SystemAdminEmail);
        Assert.True(actor.IsSystemAdmin);
        Assert.Equal(OrganizationKind.Operator, actor.OrganizationKind);
        Assert.True(AdminAccess.For(actor).Organizations);
        Assert.False(AdminAccess.For(actor).Facilities);
    }

    [Fact]
    public async Task Startup_SystemAdminEmailWithoutPassword_RefusesToStart()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartCoreAsync(settings: new Dictionary<string, string?>
        {
            ["WorkOrders:SystemAdmin:Email"] = "root@workorders.test",
        }));
        Assert.Contains("Password", error.Message);
    }

    [Fact]
    public async Task CreateOrganization_SystemAdmin_CreatesCompanyAndInvitesAdminThroughOutbox()
    {
        var actor = await host.ActorAsync(SystemAdminEmail);
        var result = await Organizations.CreateAsync(actor, new NewOrganization("Northwind Fuel", OrganizationKind.Company, "eur", "boss@northwind.example", "Nora Wind"));

        Assert.True(result.IsOk, result.Message);
        await using var db = await host.DbAsync();
        var org = await db.Organizations.SingleAsync(o => o.Id == result.Value);
        Assert.Equal("EUR", org.Currency);
        var admin = await db.Users.SingleAsync(u => u.Email == "boss@northwind.example");
        Assert.Equal(OrganizationRole.Admin, admin.Role);
        Assert.Null(admin.PasswordHash);
        var mail = await db.Outbox.SingleAsync(m => m.ToAddress == "boss@northwind.example");
        Assert.Contains("https://workorders.test/Identity/Account/AcceptInvitation?token=", mail.TextBody);
    }

    [Theory]
    [InlineData(Demo.Admin)]
    [InlineData(Demo.ProviderAdmin)]
    public async Task CreateOrganization_NotSystemAdmin_NotAllowed(string email)
    {
        var result = await Organizations.CreateAsync(await host.ActorAsync(email), new NewOrganization("X", OrganizationKind.ServiceProvider, "USD", "x@x.example", "X"));
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
        var list = await Organizations.ListAsync(await host.ActorAsync(email));
        Assert.Equal(ResultStatus.NotAllowed, list.Status);
    }

    [Fact]
    public async Task CreateOrganization_AdminEmailTaken_InvalidAndNothingWritten()
    {
        var actor = await host.ActorAsync(SystemAdminEmail);
        var result = await Organizations.CreateAsync(actor, new NewOrganization("Another", OrganizationKind.ServiceProvider, "", Demo.Admin, "Someone"));
        Assert.Equal(ResultStatus.Invalid, result.Status);
        await using var db = await host.DbAsync();
        Assert.False(await db.Organizations.AnyAsync(o => o.Name == "Another"));
    }

    [Fact]
    public async Task Invitation_FoundByToken_UntilCompletedOrExpired()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var invited = await Users.InviteAsync(admin, "new@prairiefuel.example", "Nia Newman", OrganizationRole.Member);
        Assert.True(invited.IsOk, invited.Message);
        var token = await TokenOfLastMailAsync("new@prairiefuel.example");
        var invitations = host.Get<Invitations>();

        var found = await invitations.FindAsync(token);
        Assert.True(found.IsOk, found.Message);
        Assert.Equal(invited.Value, found.Value!.UserId);
        Assert.False((await invitations.FindAsync(token + "x")).IsOk);

        host.Clock.Advance(Invitations.Lifetime + TimeSpan.FromMinutes(1));
        Assert.Contains("expired", (await invitations.FindAsync(token)).Message);

        await invitations.CompleteAsync(invited.Value!);
        Assert.False((await invitations.FindAsync(token)).IsOk);
    }

    [Fact]
    public async Task Invite_ProviderAdmin_AddsTechnicianToProviderOnly()
    {
        var actor = await host.ActorAsync(Demo.ProviderAdmin);
        var result = await Users.InviteAsync(actor, "tech2@summittank.example", "Toni Tech", OrganizationRole.Member);
        Assert.True(result.IsOk, result.Message);
        var list = await Users.ListAsync(actor);
        Assert.Contains(list.Value!, u => u.Email == "tech2@summittank.example" && u.IsPending);
        Assert.DoesNotContain(list.Value!, u => u.Email == Demo.Admin);
    }

    [Theory]
    [InlineData(Demo.Dispatcher)]
    [InlineData(Demo.ProviderTech)]
    public async Task UserAdministration_NotAnAdmin_NotAllowed(string email)
    {
        var actor = await host.ActorAsync(email);
        Assert.Equal(ResultStatus.NotAllowed, (await Users.ListAsync(actor)).Status);
        Assert.Equal(ResultStatus.NotAllowed, (await Users.InviteAsync(actor, "a@b.example", "A", OrganizationRole.Member)).Status);
        Assert.Equal(ResultStatus.NotAllowed, (await Users.SetActiveAsync(actor, await host.UserIdAsync(Demo.Tech), false)).Status);
    }

    [Fact]
    public async Task SetActive_UserOfAnotherOrganisation_NotFound()
    {
        var result = await Users.SetActiveAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), await host.UserIdAsync(Demo.Tech), false);
        Assert.Equal(ResultStatus.NotFound, result.Status);
        var edit = await Users.UpdateAsync(await host.ActorAsync(Demo.ProviderAdmin), await host.UserIdAsync(Demo.Dispatcher), new UserEdit("X", OrganizationRole.Admin));
        Assert.Equal(ResultStatus.NotFound, edit.Status);
    }

    [Fact]
    public async Task Disable_User_RenewsSecurityStampAndKeepsHistory()
    {
        var techId = await host.UserIdAsync(Demo.Tech);
        string before;
        await using (var db = await host.DbAsync()) before = (await db.Users.SingleAsync(u => u.Id == techId)).SecurityStamp!;

        var result = await Users.SetActiveAsync(await host.ActorAsync(Demo.Admin), techId, false);

        Assert.True(result.IsOk, result.Message);
        await using var check = await host.DbAsync();
        var tech = await check.Users.SingleAsync(u => u.Id == techId);
        Assert.False(tech.IsActive);
        Assert.NotEqual(before, tech.SecurityStamp);
        Assert.True(await check.WorkOrders.AnyAsync(w => w.AssigneeId == techId));
    }

    [Fact]
    public async Task ChangeRole_KeepsTheSessionAndTellsTheUsersOpenPages()
    {
        var id = await host.UserIdAsync(Demo.Dispatcher);
        string before;
        await using (var db = await host.DbAsync()) before = (await db.Users.SingleAsync(u => u.Id == id)).SecurityStamp!;
        var told = new List<LiveMessage>();
        using var _ = host.Get<ILiveBus>().Subscribe(LiveTopics.User(id), m => { told.Add(m); return Task.CompletedTask; });

        var result = await Users.UpdateAsync(await host.ActorAsync(Demo.Admin), id, new UserEdit("Dana Brooks", OrganizationRole.Admin));
        await host.LiveDeliveredAsync();

        Assert.True(result.IsOk, result.Message);
        await using var check = await host.DbAsync();
        var user = await check.Users.SingleAsync(u => u.Id == id);
        Assert.Equal(OrganizationRole.Admin, user.Role);
        Assert.Equal(before, user.SecurityStamp);
        Assert.Equal([new LiveMessage(LiveMessageKind.AccessChanged, 0)], told);
    }

    [Fact]
    public async Task Disable_User_TellsTheUsersOpenPagesAndNobodyElse()
    {
        var techId = await host.UserIdAsync(Demo.Tech);
        var dispatcherId = await host.UserIdAsync(Demo.Dispatcher);
        var tech = new List<LiveMessage>();
        var dispatcher = new List<LiveMessage>();
        var bus = host.Get<ILiveBus>();
        using var a = bus.Subscribe(LiveTopics.User(techId), m => { tech.Add(m); return Task.CompletedTask; });
        using var b = bus.Subscribe(LiveTopics.User(dispatcherId), m => { dispatcher.Add(m); return Task.CompletedTask; });

        var result = await Users.SetActiveAsync(await host.ActorAsync(Demo.Admin), techId, false);
        await host.LiveDeliveredAsync();

        Assert.True(result.IsOk, result.Message);
        Assert.Equal([new LiveMessage(LiveMessageKind.AccessChanged, 0)], tech);
        Assert.Empty(dispatcher);
    }

    [Fact]
    public async Task Rename_SameRole_TellsOpenPagesOnlyWhenSomethingChanged()
    {
        var id = await host.UserIdAsync(Demo.Dispatcher);
        var told = 0;
        using var _ = host.Get<ILiveBus>().Subscribe(LiveTopics.User(id), _ => { told++; return Task.CompletedTask; });
        var admin = await host.ActorAsync(Demo.Admin);

        await Users.UpdateAsync(admin, id, new UserEdit("Dana Brooks", OrganizationRole.Member));
        await host.LiveDeliveredAsync();
        Assert.Equal(0, told);
        await Users.UpdateAsync(admin, id, new UserEdit("Dana Brooks-Hale", OrganizationRole.Member));
        await host.LiveDeliveredAsync();
        Assert.Equal(1, told);
    }

    [Fact]
    public async Task Demote_LastAdmin_NotAllowed()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var result = await Users.UpdateAsync(admin, admin.UserId, new UserEdit("Morgan Avery", OrganizationRole.Member));
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
        Assert.Contains("last admin", result.Message);
    }

    [Fact]
    public async Task Demote_AdminWithAnotherActiveAdmin_Allowed()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        Assert.True((await Users.UpdateAsync(admin, await host.UserIdAsync(Demo.Dispatcher), new UserEdit("Dana Brooks", OrganizationRole.Admin))).IsOk);
        var result = await Users.UpdateAsync(admin, admin.UserId, new UserEdit("Morgan Avery", OrganizationRole.Member));
        Assert.True(result.IsOk, result.Message);
    }

    [Fact]
    public async Task Disable_LastAdminWhenOtherAdminOnlyInvited_NotAllowed()
    {
        // A second admin who has not chosen a password yet cannot sign in, so does not count.
        var admin = await host.ActorAsync(Demo.Admin);
        Assert.True((await Users.InviteAsync(admin, "pending@prairiefuel.example", "Pat Pending", OrganizationRole.Admin)).IsOk);
        var pendingId = await host.UserIdAsync("pending@prairiefuel.example");
        var pending = admin with { UserId = pendingId };

        var result = await Users.SetActiveAsync(pending, admin.UserId, false);

        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task Disable_Self_NotAllowed()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        Assert.Equal(ResultStatus.NotAllowed, (await Users.SetActiveAsync(admin, admin.UserId, false)).Status);
    }

    [Fact]
    public async Task CreateFacility_CompanyAdmin_ValidatesTimeZoneAndUniqueName()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var bad = await Facilities.CreateAsync(admin, new FacilityInput("Station 40", "1 Main St", "Mars/Olympus"));
        Assert.Equal(ResultStatus.Invalid, bad.Status);
        Assert.Contains("time zone", bad.Message);
        var duplicate = await Facilities.CreateAsync(admin, new FacilityInput("station 31 – topeka", "1 Main St", "America/Chicago"));
        Assert.Equal(ResultStatus.Invalid, duplicate.Status);

        var ok = await Facilities.CreateAsync(admin, new FacilityInput("Station 40", "1 Main St, Salina, KS", "America/Chicago"));
        Assert.True(ok.IsOk, ok.Message);
        var list = await Facilities.ListAsync(admin, "Salina");
        Assert.Equal("Station 40", Assert.Single(list.Value!).Name);
    }

    [Theory]
    [InlineData(Demo.Dispatcher)]
    [InlineData(Demo.ProviderAdmin)]
    public async Task CreateFacility_NotCompanyAdmin_NotAllowed(string email)
    {
        var result = await Facilities.CreateAsync(await host.ActorAsync(email), new FacilityInput("X", "Y", "UTC"));
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task UpdateFacility_OtherCompanysFacility_NotFound()
    {
        var harbor = await FacilityIdAsync("Harbor Point Fuel");
        var result = await Facilities.UpdateAsync(await host.ActorAsync(Demo.Admin), harbor, new FacilityInput("Mine now", "X", "UTC"));
        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task DeleteFacility_WithHistory_Invalid_WithoutHistory_Deleted()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        Assert.Equal(ResultStatus.Invalid, (await Facilities.DeleteAsync(admin, await FacilityIdAsync("Station 31 – Topeka"))).Status);
        var id = (await Facilities.CreateAsync(admin, new FacilityInput("Empty lot", "Nowhere", "UTC"))).Value;
        Assert.True((await Facilities.DeleteAsync(admin, id)).IsOk);
    }

    [Fact]
    public async Task Link_CompanyAdmin_ProviderSeesFacility_UnlinkHidesIt()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var provider = await host.ActorAsync(Demo.ProviderAdmin);
        var topeka = await FacilityIdAsync("Station 31 – Topeka");
        var providers = await Links.ProvidersAsync(admin);
        var summit = Assert.Single(providers.Value!, p => p.Name == "Summit Tank Services");

        Assert.True((await Links.LinkAsync(admin, topeka, summit.Id)).IsOk);
        Assert.Contains((await Links.LinkedFacilitiesAsync(provider)).Value!, f => f.FacilityId == topeka && f.CompanyName == "Prairie Fuel Co.");

        Assert.True((await Links.UnlinkAsync(admin, topeka, summit.Id)).IsOk);
        Assert.DoesNotContain((await Links.LinkedFacilitiesAsync(provider)).Value!, f => f.FacilityId == topeka);
    }

    [Fact]
    public async Task Link_ProviderAdmin_CannotLinkItself()
    {
        var provider = await host.ActorAsync(Demo.ProviderAdmin);
        var result = await Links.LinkAsync(provider, await FacilityIdAsync("Station 31 – Topeka"), provider.OrganizationId);
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task Link_OtherCompanysFacility_NotFound_AndCompanyIsNoProvider_Invalid()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var summitId = (await host.ActorAsync(Demo.ProviderAdmin)).OrganizationId;
        Assert.Equal(ResultStatus.NotFound, (await Links.LinkAsync(admin, await FacilityIdAsync("Harbor Point Fuel"), summitId)).Status);
        var coastal = (await host.ActorAsync(Demo.OtherCompanyAdmin)).OrganizationId;
        Assert.Equal(ResultStatus.Invalid, (await Links.LinkAsync(admin, await FacilityIdAsync("Station 31 – Topeka"), coastal)).Status);
    }

    private async Task<int> FacilityIdAsync(string name)
    {
        await using var db = await host.DbAsync();
        return await db.Facilities.Where(f => f.Name == name).Select(f => f.Id).SingleAsync();
    }

    private async Task<string> TokenOfLastMailAsync(string email)
    {
        await using var db = await host.DbAsync();
        var mail = await db.Outbox.Where(m => m.ToAddress == email).OrderByDescending(m => m.CreatedAt).FirstAsync();
        var marker = "token=";
        var start = mail.TextBody.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = mail.TextBody.IndexOfAny(['\n', ' ', '"'], start);
        return mail.TextBody[start..(end < 0 ? mail.TextBody.Length : end)];
    }

    public sealed class OnSqlite : AdministrationTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : AdministrationTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
