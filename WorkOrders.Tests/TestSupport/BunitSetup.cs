using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Radzen;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Tests.TestSupport;

/// <summary>The one way bUnit contexts here are set up: the app's UI services over a running <see cref="CoreHost"/>.</summary>
public static class BunitSetup
{
    /// <summary>
    /// MudBlazor and Radzen services, loose JS interop, the signed-in user, and Core's services (queries, use
    /// cases, database, bus) taken from the host, so components and the test see the same data, clock and bus.
    /// </summary>
    public static SignedInUser AddWorkOrdersUi(this BunitContext context, CoreHost core)
    {
        var user = new SignedInUser();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        context.Services.AddRadzenComponents();
        // MudBlazor registers the system clock; components must see the same fake clock as Core.
        context.Services.AddSingleton<TimeProvider>(core.Clock);
        context.Services.AddSingleton<AuthenticationStateProvider>(user);
        context.Services.AddScoped<CurrentActor>();
        context.Services.AddScoped<PageAccess>();
        context.Services.AddSingleton(_ => new WorkOrders.Web.Live.SharedReads(core.Get<WorkOrders.Core.Notifications.ILiveBus>(), core.Clock));
        context.Services.AddScoped(_ => new WorkOrders.Web.Live.LiveCircuit(core.Get<WorkOrders.Core.Notifications.ILiveBus>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkOrders.Web.Live.LiveCircuit>.Instance));
        context.Services.AddCascadingAuthenticationState();
        context.Services.AddAuthorizationCore();
        context.Services.AddFallbackServiceProvider(core.Services);
        context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return user;
    }

    /// <summary>The principal the sign-in cookie would carry; switch it with <see cref="SignInAsync"/>.</summary>
    public sealed class SignedInUser : AuthenticationStateProvider
    {
        private ClaimsPrincipal principal = new(new ClaimsIdentity());

        public ClaimsPrincipal Principal => principal;

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));

        public async Task<Actor> SignInAsync(CoreHost core, string email)
        {
            await using var db = await core.DbAsync();
            var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
            var claims = ActorClaims.For(user, user.Organization!.Kind)
                .Append(new Claim(ClaimTypes.NameIdentifier, user.Id))
                .Append(new Claim(ClaimTypes.Name, email));
            principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
            NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
            return Actor.From(user, user.Organization.Kind);
        }

        public void SignOut()
        {
            principal = new ClaimsPrincipal(new ClaimsIdentity());
            NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
        }
    }
}
