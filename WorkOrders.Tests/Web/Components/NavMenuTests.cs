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
    public async Task Render_Administrator_GroupOpenWithItsToggleForTheBrowser()
    {
        await SignInAsync(Demo.Admin);

        var menu = Render<NavMenu>();

        // The layout has no circuit: js/layout.js opens and closes the group the toggle controls.
        var toggle = menu.WaitForElement("button[aria-label='Toggle Administration']");
        Assert.Equal("true", toggle.GetAttribute("aria-expanded"));
        Assert.True(toggle.HasAttribute("data-group-toggle"));
        var group = menu.Find("#" + toggle.GetAttribute("aria-controls"));
        Assert.Contains("Users and roles", group.TextContent);
    }
}
