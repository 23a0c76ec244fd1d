using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Radzen;
using WorkOrders.Core.Data;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.WorkOrders;
using WorkOrders.Web.Identity;

namespace WorkOrders.Tests.TestSupport;

/// <summary>
/// bUnit over the real Core (a <see cref="CoreHost"/> on SQLite), signed in as one demo user, with the
/// MudBlazor and Radzen services and loose JS interop.
/// </summary>
public sealed class CalendarTestContext : IAsyncDisposable
{
    private CalendarTestContext(CoreHost host, BunitContext bunit)
    {
        Host = host;
        Bunit = bunit;
    }

    public CoreHost Host { get; }
    public BunitContext Bunit { get; }

    public static async Task<CalendarTestContext> StartAsync(string email, CoreHost? host = null)
    {
        host ??= await CoreHost.StartAsync();
        await using var db = await host.DbAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        var identity = new ClaimsIdentity(ActorClaims.For(user, user.Organization!.Kind).Append(new Claim(ClaimTypes.NameIdentifier, user.Id)), "Test");

        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = bunit.Services;
        services.AddMudServices();
        services.AddRadzenComponents();
        services.AddSingleton<AuthenticationStateProvider>(new FixedAuthenticationStateProvider(new ClaimsPrincipal(identity)));
        services.AddScoped<CurrentActor>();
        // The Core singletons of the host, so the components and the test see the same database, clock and bus.
        services.AddSingleton(host.Get<TimeProvider>());
        services.AddSingleton(host.Get<IDbContextFactory<WorkOrdersDbContext>>());
        services.AddSingleton(host.Get<ILiveBus>());
        services.AddSingleton(host.Get<WorkOrderService>());
        services.AddSingleton(host.Get<WorkOrderQueries>());
        services.AddSingleton(host.Get<FacilityQueries>());
        services.AddSingleton(host.Get<CalendarQueries>());
        services.AddSingleton(host.Get<CalendarFeedService>());
        bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return new CalendarTestContext(host, bunit);
    }

    /// <summary>Dialogs and selects need their providers rendered, as MainLayout does.</summary>
    public IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Bunit.Render<MudPopoverProvider>();
        return Bunit.Render<MudDialogProvider>();
    }

    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync();
        await Host.DisposeAsync();
    }

    private sealed class FixedAuthenticationStateProvider(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
