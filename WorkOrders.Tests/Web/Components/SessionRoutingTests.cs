using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components;
using WorkOrders.Web.Components.Layout;
using WorkOrders.Web.Components.Pages.Admin;
using WorkOrders.Web.Components.Pages.WorkOrderScreens;
using WorkOrders.Web.Identity;

namespace WorkOrders.Tests.Web.Components;

/// <summary>The router, the page-leaving watch of the providers' island and the pieces around them when the page's user is gone or their role changes.</summary>
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
    public async Task Providers_AdminPageOpenAndRoleDowngraded_LeavesForTheStartPageWithAMessage()
    {
        await SignInAsync(Demo.Admin);
        Navigation.NavigateTo("/admin/users");
        var providers = Render<CircuitProviders>();

        // The same circuit's user now carries a role without user administration.
        await SignInAsync(Demo.Dispatcher);

        // Through a fresh sign-in cookie, so the server-drawn menu shows the new role too.
        providers.WaitForAssertion(() => Assert.Equal("http://localhost/Identity/Account/RefreshSignIn?returnUrl=%2F", Navigation.Uri));
        Assert.Contains("That page is not available with your role.", SnackbarMessages);
    }

    [Fact]
    public async Task Providers_RoleChangedButPageStillAllowed_StaysWithAFreshCookie()
    {
        await SignInAsync(Demo.Admin);
        Navigation.NavigateTo("/work-orders/5");
        var providers = Render<CircuitProviders>();

        await SignInAsync(Demo.Dispatcher);

        providers.WaitForAssertion(() => Assert.Equal("http://localhost/Identity/Account/RefreshSignIn?returnUrl=%2Fwork-orders%2F5", Navigation.Uri));
        Assert.Empty(SnackbarMessages);
    }

    [Fact]
    public async Task Providers_UserEndedElsewhere_GoesToSignIn()
    {
        await SignInAsync(Demo.Admin);
        Navigation.NavigateTo("/inbox");
        var providers = Render<CircuitProviders>();

        SignOut();

        providers.WaitForAssertion(() => Assert.StartsWith("http://localhost/Identity/Account/Login?ReturnUrl=%2Finbox", Navigation.Uri));
    }

    [Theory]
    [InlineData("admin/users", false)]
    [InlineData("admin/users/", false)]
    [InlineData("admin/outbox", false)]
    [InlineData("calendar", true)]
    [InlineData("inbox?x=1", true)]
    [InlineData("work-orders/12", true)]
    [InlineData("", true)]
    public async Task PageAccess_Dispatcher_FollowsThePagesPolicies(string address, bool allowed)
    {
        await SignInAsync(Demo.Dispatcher);
        var user = (await Services.GetRequiredService<AuthenticationStateProvider>().GetAuthenticationStateAsync()).User;

        Assert.Equal(allowed, await Services.GetRequiredService<PageAccess>().MayOpenAsync(user, address));
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
