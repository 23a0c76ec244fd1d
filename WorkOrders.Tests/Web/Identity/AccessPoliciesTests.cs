using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Components.Pages.Admin;
using WorkOrders.Web.Components.Pages.Notifications;
using WorkOrders.Web.Components.Pages.Scheduling;
using WorkOrders.Web.Identity;

namespace WorkOrders.Tests.Web.Identity;

public sealed class AccessPoliciesTests
{
    private static readonly Type[] RoutedPages = typeof(AccessPolicies).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttributes<RouteAttribute>().Any())
        .ToArray();

    [Fact]
    public void RoutedPages_Every_RequiresSignInOrSaysItIsOpenToAll()
    {
        Assert.NotEmpty(RoutedPages);
        var unprotected = RoutedPages
            .Where(t => !t.IsDefined(typeof(AuthorizeAttribute), inherit: true) && !t.IsDefined(typeof(AllowAnonymousAttribute), inherit: true))
            .Select(t => t.Name);
        Assert.Empty(unprotected);
    }

    [Fact]
    public void RoutedPages_OpenToAll_OnlyTheErrorAndNotFoundPages()
    {
        var open = RoutedPages.Where(t => t.IsDefined(typeof(AllowAnonymousAttribute), inherit: true)).Select(t => t.Name).Order();
        Assert.Equal(["Error", "NotFound"], open);
    }

    [Theory]
    [InlineData(typeof(UsersAdminPage), AccessPolicies.ManageUsers)]
    [InlineData(typeof(FacilitiesAdminPage), AccessPolicies.ManageFacilities)]
    [InlineData(typeof(OrganizationsAdminPage), AccessPolicies.ManageOrganizations)]
    [InlineData(typeof(ProviderLinksPage), AccessPolicies.ProviderLinks)]
    [InlineData(typeof(OutboxPage), AccessPolicies.ViewOutbox)]
    [InlineData(typeof(DispatchCalendarPage), AccessPolicies.Dispatch)]
    [InlineData(typeof(InboxPage), AccessPolicies.Approve)]
    public void RolePages_CarryTheirPolicy(Type page, string policy) =>
        Assert.Contains(page.GetCustomAttributes<AuthorizeAttribute>(), a => a.Policy == policy);

    public static TheoryData<string, OrganizationKind, OrganizationRole, bool> Cases => new()
    {
        { AccessPolicies.ManageUsers, OrganizationKind.Company, OrganizationRole.Admin, true },
        { AccessPolicies.ManageUsers, OrganizationKind.Company, OrganizationRole.Member, false },
        { AccessPolicies.ManageUsers, OrganizationKind.ServiceProvider, OrganizationRole.Admin, true },
        { AccessPolicies.ManageFacilities, OrganizationKind.ServiceProvider, OrganizationRole.Admin, false },
        { AccessPolicies.ProviderLinks, OrganizationKind.ServiceProvider, OrganizationRole.Admin, true },
        { AccessPolicies.ProviderLinks, OrganizationKind.ServiceProvider, OrganizationRole.Member, false },
        { AccessPolicies.ViewOutbox, OrganizationKind.Company, OrganizationRole.Member, false },
        { AccessPolicies.Dispatch, OrganizationKind.ServiceProvider, OrganizationRole.Admin, true },
        { AccessPolicies.Dispatch, OrganizationKind.ServiceProvider, OrganizationRole.Member, false },
        { AccessPolicies.Approve, OrganizationKind.Company, OrganizationRole.Member, true },
        { AccessPolicies.Approve, OrganizationKind.ServiceProvider, OrganizationRole.Admin, false },
        { AccessPolicies.ManageOrganizations, OrganizationKind.Company, OrganizationRole.Admin, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Policy_Actor_AllowedExactlyWhenCoreSays(string policy, OrganizationKind kind, OrganizationRole role, bool allowed)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthorizationBuilder().AddAccessPolicies();
        await using var provider = services.BuildServiceProvider();
        var user = new AppUser { Id = "u1", OrganizationId = 7, Role = role, DisplayName = "Someone" };
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            ActorClaims.For(user, kind).Append(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id)), "Test"));

        var result = await provider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(principal, policy);

        Assert.Equal(allowed, result.Succeeded);
        Assert.Equal(allowed, AccessPolicies.Rules[policy](Actor.From(user, kind)));
    }

    [Fact]
    public async Task Policy_Anonymous_Refused()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthorizationBuilder().AddAccessPolicies();
        await using var provider = services.BuildServiceProvider();
        var anonymous = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());

        foreach (var policy in AccessPolicies.Rules.Keys)
        {
            Assert.False((await provider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(anonymous, policy)).Succeeded, policy);
        }
    }

    [Theory]
    [InlineData("disabled", "Your account was disabled.")]
    [InlineData("signed-out", "You were signed out.")]
    [InlineData("<script>", null)]
    [InlineData(null, null)]
    public void SignInReason_QueryValue_ShortSentenceOrNothing(string? reason, string? message) =>
        Assert.Equal(message, SessionEnd.Message(reason));

    [Fact]
    public void SignInReason_EveryReason_HasItsSentence()
    {
        foreach (var reason in Enum.GetValues<SessionEndReason>()) Assert.NotNull(SessionEnd.Message(SessionEnd.QueryValue(reason)));
    }
}
