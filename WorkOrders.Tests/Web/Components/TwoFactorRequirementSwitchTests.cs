using Bunit;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Admin;

namespace WorkOrders.Tests.Web.Components;

/// <summary>The organisation's "require two-factor sign-in" switch on the users page, over a real Core.</summary>
public sealed class TwoFactorRequirementSwitchTests : BlazorTestContext
{
    /// <summary>MudBlazor's switch is a checkbox with role="switch"; its state is in aria-checked.</summary>
    private static string? Checked(IRenderedComponent<TwoFactorRequirementSwitch> cut) => cut.Find("#require-two-factor").GetAttribute("aria-checked");

    private async Task<bool> RequiredAsync()
    {
        await using var db = await Core.DbAsync();
        return await db.Organizations.Where(o => o.Name == "Prairie Fuel Co.").Select(o => o.RequireTwoFactor).SingleAsync();
    }

    private async Task GiveAdminAnAuthenticatorAsync()
    {
        await using var db = await Core.DbAsync();
        await db.Users.Where(u => u.Email == Demo.Admin).ExecuteUpdateAsync(u => u.SetProperty(x => x.TwoFactorEnabled, true));
    }

    [Fact]
    public async Task Switch_AdminWithAuthenticatorTurnsOn_RequiredAndSaysWhatHappens()
    {
        await GiveAdminAnAuthenticatorAsync();
        var admin = await SignInAsync(Demo.Admin);
        var cut = RenderPage<TwoFactorRequirementSwitch>(p => p.Add(s => s.Actor, admin));
        cut.WaitForAssertion(() => Assert.Equal("false", Checked(cut)));

        await cut.Find("#require-two-factor").ChangeAsync(new() { Value = true });

        cut.WaitForAssertion(() => Assert.Equal("true", Checked(cut)));
        Assert.True(await RequiredAsync());
        Assert.Contains(SnackbarMessages, m => m.StartsWith("Two-factor sign-in is required"));
    }

    [Fact]
    public async Task Switch_AdminWithoutAuthenticatorTurnsOn_ShowsCoreRefusalAndStaysOff()
    {
        var admin = await SignInAsync(Demo.Admin);
        var cut = RenderPage<TwoFactorRequirementSwitch>(p => p.Add(s => s.Actor, admin));
        cut.WaitForAssertion(() => cut.Find("#require-two-factor"));

        await cut.Find("#require-two-factor").ChangeAsync(new() { Value = true });

        cut.WaitForAssertion(() => Assert.Contains(SnackbarMessages, m => m.Contains("Set up two-factor sign-in for your own account first")));
        Assert.Equal("false", Checked(cut));
        Assert.False(await RequiredAsync());
    }

    [Fact]
    public async Task Switch_TurnedOff_NoLongerRequired()
    {
        await GiveAdminAnAuthenticatorAsync();
        await using (var db = await Core.DbAsync())
        {
            await db.Organizations.Where(o => o.Name == "Prairie Fuel Co.").ExecuteUpdateAsync(o => o.SetProperty(x => x.RequireTwoFactor, true));
        }
        var admin = await SignInAsync(Demo.Admin);
        var cut = RenderPage<TwoFactorRequirementSwitch>(p => p.Add(s => s.Actor, admin));
        cut.WaitForAssertion(() => Assert.Equal("true", Checked(cut)));

        await cut.Find("#require-two-factor").ChangeAsync(new() { Value = false });

        cut.WaitForAssertion(() => Assert.Contains("Two-factor sign-in is no longer required.", SnackbarMessages));
        Assert.Equal("false", Checked(cut));
        Assert.False(await RequiredAsync());
    }

    [Fact]
    public async Task Switch_Member_NotShown()
    {
        var member = await SignInAsync(Demo.Dispatcher);
        var cut = RenderPage<TwoFactorRequirementSwitch>(p => p.Add(s => s.Actor, member));

        cut.WaitForState(() => cut.RenderCount > 0);
        Assert.Empty(cut.FindAll("#require-two-factor"));
    }
}
