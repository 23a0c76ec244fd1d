using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components;
using WorkOrders.Web.Components.Layout;
using WorkOrders.Web.Components.Pages.Admin;
using WorkOrders.Web.Components.Pages.WorkOrderScreens;
using WorkOrders.Web.Identity;

namespace WorkOrders.Tests.Web.Components;

/// <summary>The interactive router and the pieces around it when the page's user is gone or their role changes.</summary>
public sealed class SessionRoutingTests : BlazorTestContext
{
    public override async Task InitializeAsync()
    {
        // The router's real authorization with the app's policies, instead of bUnit's placeholder.
        Services.AddAuthorizationBuilder().AddAccessPolicies();
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        await base.InitializeAsync();
    }

    [Fact]
    public void Router_InAppNavigationWithoutUser_NeverRendersThePageAndGoesToSignIn()
    {
        Navigation.NavigateTo("/work-orders");

        var routes = Render<Routes>();

        routes.WaitForAssertion(() => Assert.StartsWith("http://localhost/Identity/Account/Login?ReturnUrl=%2Fwork-orders", Navigation.Uri));
        Assert.Empty(routes.FindComponents<WorkOrderListPage>());
    }

    [Fact]
    public async Task Router_AdminPageOpenAndRoleDowngraded_LeavesForTheStartPageWithAMessage()
    {
        await SignInAsync(Demo.Admin);
        Navigation.NavigateTo("/admin/users");
        var routes = Render<Routes>();
        routes.WaitForAssertion(() => Assert.Single(routes.FindComponents<UsersAdminPage>()));

        // The same circuit's user now carries a role without user administration.
        await SignInAsync(Demo.Dispatcher);

        routes.WaitForAssertion(() => Assert.Equal("http://localhost/", Navigation.Uri));
        routes.WaitForAssertion(() => Assert.Empty(routes.FindComponents<UsersAdminPage>()));
        Assert.Contains("That page is not available with your role.", SnackbarMessages);
        Assert.DoesNotContain("Users and roles", routes.Markup);
    }

    [Fact]
    public async Task NavMenu_RoleDowngraded_AdminEntriesDisappear()
    {
        await SignInAsync(Demo.Admin);
        var links = Render<NavMenu>();
        links.WaitForAssertion(() => Assert.Contains("E-mail outbox", links.Markup));

        await SignInAsync(Demo.Dispatcher);

        links.WaitForAssertion(() => Assert.DoesNotContain("E-mail outbox", links.Markup));
        Assert.DoesNotContain("Users and roles", links.Markup);
        Assert.Contains("Approval inbox", links.Markup);
    }

    [Fact]
    public async Task CurrentActor_PageLostItsUser_GoesToSignInInsteadOfFailing()
    {
        Navigation.NavigateTo("/facilities/3");

        var asking = Services.GetRequiredService<CurrentActor>().GetAsync();
        await Task.Delay(50);

        Assert.False(asking.IsCompleted);
        Assert.StartsWith("http://localhost/Identity/Account/Login?ReturnUrl=%2Ffacilities%2F3", Navigation.Uri);
    }
}
