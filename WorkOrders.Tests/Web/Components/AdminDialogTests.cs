using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.ActionItems;
using WorkOrders.Web.Components.Pages.Admin;

namespace WorkOrders.Tests.Web.Components;

public sealed class AdminDialogTests : IAsyncLifetime
{
    private DialogHost host = null!;

    public async Task InitializeAsync() => host = await DialogHost.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task FacilityDialog_SaveEmpty_ShowsRequiredMessagesAndStaysOpen()
    {
        var admin = await host.Core.ActorAsync(Demo.Admin);
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<FacilityDialog> { { d => d.Actor, admin } });

        await markup.Find("[data-test=save]").ClickAsync(new());

        markup.WaitForAssertion(() => Assert.Contains("Enter the facility's name.", markup.Markup));
        Assert.Contains("Enter the facility's address.", markup.Markup);
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task FacilityDialog_EditName_SavesThroughCore()
    {
        var admin = await host.Core.ActorAsync(Demo.Admin);
        var row = (await host.Core.Get<FacilityAdministration>().ListAsync(admin, "Topeka")).Value!.Single();
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<FacilityDialog> { { d => d.Actor, admin }, { d => d.Facility, row } });

        await markup.Find("input").ChangeAsync(new() { Value = "Station 31 – Topeka West" });
        await markup.Find("[data-test=save]").ClickAsync(new());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        await using var db = await host.Core.DbAsync();
        Assert.Equal("Station 31 – Topeka West", (await db.Facilities.SingleAsync(f => f.Id == row.Id)).Name);
    }

    [Fact]
    public async Task FacilityDialog_DuplicateName_ShowsCoreErrorInDialog()
    {
        var admin = await host.Core.ActorAsync(Demo.Admin);
        var row = (await host.Core.Get<FacilityAdministration>().ListAsync(admin, "Topeka")).Value!.Single();
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<FacilityDialog> { { d => d.Actor, admin }, { d => d.Facility, row } });

        await markup.Find("input").ChangeAsync(new() { Value = "Station 7 – Denver Colfax" });
        await markup.Find("[data-test=save]").ClickAsync(new());

        markup.WaitForAssertion(() => Assert.Contains("already has a facility named", markup.Markup));
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task UserDialog_InviteBadEmail_ShowsValidation_ThenValidEmail_Invites()
    {
        var admin = await host.Core.ActorAsync(Demo.Admin);
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<UserDialog> { { d => d.Actor, admin } });

        await markup.Find("input[type=email]").ChangeAsync(new() { Value = "not-an-address" });
        await markup.FindAll("input").First(i => i.GetAttribute("type") != "email" && i.GetAttribute("type") != "radio").ChangeAsync(new() { Value = "Robin Reyes" });
        await markup.Find("[data-test=save]").ClickAsync(new());
        markup.WaitForAssertion(() => Assert.Contains("That is not an e-mail address.", markup.Markup));
        Assert.False(dialog.Result.IsCompleted);

        await markup.Find("input[type=email]").ChangeAsync(new() { Value = "robin@prairiefuel.example" });
        await markup.Find("[data-test=save]").ClickAsync(new());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        await using var db = await host.Core.DbAsync();
        var user = await db.Users.SingleAsync(u => u.Email == "robin@prairiefuel.example");
        Assert.Equal("Robin Reyes", user.DisplayName);
        Assert.True(await db.Outbox.AnyAsync(m => m.ToAddress == "robin@prairiefuel.example"));
    }

    [Fact]
    public async Task UserDialog_DemoteLastAdmin_ShowsLastAdminRule()
    {
        var admin = await host.Core.ActorAsync(Demo.Admin);
        var me = (await host.Core.Get<UserAdministration>().ListAsync(admin)).Value!.Single(u => u.IsSelf);
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<UserDialog> { { d => d.Actor, admin }, { d => d.User, me } });

        await markup.FindAll("input[type=radio]").First().ClickAsync(new());
        await markup.Find("[data-test=save]").ClickAsync(new());

        markup.WaitForAssertion(() => Assert.Contains("last admin", markup.Markup));
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task OrganizationDialog_NewServiceProvider_CreatedWithInvitedAdmin()
    {
        var core = host.Core;
        await using (var db = await core.DbAsync())
        {
            // The demo data has no system administrator; make the company admin one for this test only.
            var admin = await db.Users.SingleAsync(u => u.Email == Demo.Admin);
            admin.IsSystemAdmin = true;
            await db.SaveChangesAsync();
        }
        var actor = await core.ActorAsync(Demo.Admin);
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<OrganizationDialog> { { d => d.Actor, actor } });

        await markup.FindAll("input[type=radio]")[1].ClickAsync(new());
        markup.WaitForAssertion(() => Assert.DoesNotContain("Currency", markup.Markup));
        var fields = markup.FindAll("input").Where(i => i.GetAttribute("type") != "radio").ToList();
        await fields[0].ChangeAsync(new() { Value = "Rapid Pump Repair" });
        await markup.Find("input[type=email]").ChangeAsync(new() { Value = "owner@rapidpump.example" });
        await markup.FindAll("input").Where(i => i.GetAttribute("type") != "radio").Last().ChangeAsync(new() { Value = "Riley Rapid" });
        await markup.Find("[data-test=save]").ClickAsync(new());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        await using var check = await core.DbAsync();
        var org = await check.Organizations.SingleAsync(o => o.Name == "Rapid Pump Repair");
        Assert.Equal(OrganizationKind.ServiceProvider, org.Kind);
        var invited = await check.Users.SingleAsync(u => u.Email == "owner@rapidpump.example");
        Assert.Equal((org.Id, OrganizationRole.Admin), (invited.OrganizationId, invited.Role));
    }

    [Fact]
    public async Task ActionItemDialog_SaveWithoutTitle_ShowsRequiredMessage()
    {
        var tech = await host.Core.ActorAsync(Demo.Tech);
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<ActionItemDialog> { { d => d.Actor, tech }, { d => d.FacilityId, 1 } });

        await markup.Find("[data-test=save]").ClickAsync(new());

        markup.WaitForAssertion(() => Assert.Contains("Enter a title.", markup.Markup));
        Assert.False(dialog.Result.IsCompleted);
    }

    [Fact]
    public async Task ActionItemDialog_NewItem_RecordedThroughCore()
    {
        var tech = await host.Core.ActorAsync(Demo.Tech);
        int topeka;
        await using (var db = await host.Core.DbAsync()) topeka = await db.Facilities.Where(f => f.Name == "Station 31 – Topeka").Select(f => f.Id).SingleAsync();
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<ActionItemDialog> { { d => d.Actor, tech }, { d => d.FacilityId, topeka } });

        await markup.Find("input").ChangeAsync(new() { Value = "Broken air hose" });
        await markup.Find("[data-test=save]").ClickAsync(new());

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        await using var check = await host.Core.DbAsync();
        Assert.True(await check.ActionItems.AnyAsync(i => i.FacilityId == topeka && i.Title == "Broken air hose" && i.Priority == Priority.Medium));
    }

    [Fact]
    public async Task CloseActionItemDialog_WithReason_ClosesItem()
    {
        var admin = await host.Core.ActorAsync(Demo.Admin);
        int facilityId;
        await using (var db = await host.Core.DbAsync()) facilityId = await db.ActionItems.Where(i => i.Title == "Canopy light out over pump 3").Select(i => i.FacilityId).SingleAsync();
        var item = (await host.Core.Get<ActionItemQueries>().ListAsync(admin, facilityId)).Value!.Items.Single(i => i.Title == "Canopy light out over pump 3");
        var (markup, dialog) = await host.ShowAsync(new DialogParameters<CloseActionItemDialog> { { d => d.Actor, admin }, { d => d.Item, item } });

        await markup.Find("textarea").InputAsync(new() { Value = "Won't fix: canopy replaced in spring." });
        await markup.Find("[data-test=close-item]").ClickAsync(new());

        await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        await using var check = await host.Core.DbAsync();
        var closed = await check.ActionItems.SingleAsync(i => i.Id == item.Id);
        Assert.Equal(ActionItemStatus.Closed, closed.Status);
        Assert.Equal("Won't fix: canopy replaced in spring.", closed.ClosedReason);
    }
}
