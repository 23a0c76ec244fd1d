using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Layout;

namespace WorkOrders.Tests.Web.Components;

/// <summary>The menu marks the entry of the current address itself (it has no NavLink per entry).</summary>
public sealed class NavMenuTests : BlazorTestContext
{
    public override async Task InitializeAsync()
    {
        Services.AddAuthorization();
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        await base.InitializeAsync();
    }

    [Theory]
    [InlineData("/", "Facilities")]
    [InlineData("/work-orders", "Work orders")]
    [InlineData("/work-orders/12?tab=history", "Work orders")]
    [InlineData("/inbox", "Approval inbox")]
    [InlineData("/notifications", "Notifications")]
    [InlineData("/admin/users/", "Users and roles")]
    public async Task Render_Address_OnlyItsEntryIsCurrent(string address, string entry)
    {
        await SignInAsync(Demo.Admin);
        Navigation.NavigateTo(address);

        var menu = Render<NavMenu>();

        var current = menu.WaitForElements("a[aria-current=page]");
        Assert.Single(current);
        Assert.StartsWith(entry, current[0].TextContent.Trim());
        Assert.Contains("active", current[0].ClassList);
    }

    [Fact]
    public async Task Navigate_ToAnotherEntry_CurrentMarkFollows()
    {
        await SignInAsync(Demo.Admin);
        Navigation.NavigateTo("/");
        var menu = Render<NavMenu>();
        menu.WaitForAssertion(() => Assert.Equal("/", menu.Find("a[aria-current=page]").GetAttribute("href")));

        Navigation.NavigateTo("/notifications/preferences");

        // "Notifications" matches its own address only; nothing in the menu is current on its preferences.
        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("a[aria-current=page]")));
        Navigation.NavigateTo("/calendar");
        menu.WaitForAssertion(() => Assert.Equal("/calendar", menu.Find("a[aria-current=page]").GetAttribute("href")));
    }

    [Fact]
    public async Task ToggleAdministration_Click_HidesAndShowsItsEntries()
    {
        await SignInAsync(Demo.Admin);
        var menu = Render<NavMenu>();
        var toggle = menu.WaitForElement("button[aria-label='Toggle Administration']");
        Assert.Equal("true", toggle.GetAttribute("aria-expanded"));
        Assert.Contains("Users and roles", menu.Markup);

        toggle.Click();

        Assert.Equal("false", menu.Find("button[aria-label='Toggle Administration']").GetAttribute("aria-expanded"));
        Assert.DoesNotContain("Users and roles", menu.Markup);
    }
}
