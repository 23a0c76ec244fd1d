using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Radzen;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Tests.TestSupport;

/// <summary>
/// A bUnit context over a real Core (<see cref="CoreHost"/> with demo data): MudBlazor and Radzen services,
/// loose JS interop, and a signed-in demo user. Render pages with <see cref="RenderPage{T}"/> so their dialogs
/// and snackbars have providers to live in.
/// </summary>
public abstract class BlazorTestContext : BunitContext, IAsyncLifetime
{
    private readonly TestAuthenticationStateProvider authentication = new();

    protected CoreHost Core { get; private set; } = null!;

    protected ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>The texts of the snackbars shown so far.</summary>
    protected IReadOnlyList<string> SnackbarMessages => Snackbar.ShownSnackbars.Select(s => s.Message ?? "").ToList();

    public virtual async Task InitializeAsync()
    {
        Core = await CoreHost.StartAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddRadzenComponents();
        // MudBlazor registers the system clock; pages must see the same fake clock as Core.
        Services.AddSingleton<TimeProvider>(Core.Clock);
        Services.AddSingleton<AuthenticationStateProvider>(authentication);
        Services.AddScoped<CurrentActor>();
        Services.AddCascadingAuthenticationState();
        Services.AddAuthorizationCore();
        // WorkOrders.Core's services (queries, use cases, the db factory) come from the running CoreHost.
        Services.AddFallbackServiceProvider(Core.Services);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Core.DisposeAsync();
    }

    /// <summary>Signs a demo user in, as the sign-in cookie would carry them.</summary>
    protected async Task<Actor> SignInAsync(string email)
    {
        await using var db = await Core.DbAsync();
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        var claims = ActorClaims.For(user, user.Organization!.Kind)
            .Append(new Claim(ClaimTypes.NameIdentifier, user.Id))
            .Append(new Claim(ClaimTypes.Name, email));
        authentication.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
        return Actor.From(user, user.Organization.Kind);
    }

    /// <summary>The dialog provider where open dialogs render (after <see cref="RenderPage{T}"/>).</summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = null!;



    /// <summary>Renders a page or component beside the popover, dialog and snackbar providers of the app's layout.</summary>
    protected IRenderedComponent<TComponent> RenderPage<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        if (Dialogs is null)
        {
            Render<MudPopoverProvider>();
            Dialogs = Render<MudDialogProvider>();
            Render<MudSnackbarProvider>();
        }
        return Render(parameters ?? (_ => { }));
    }

    private sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal Principal { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(Principal));
    }
}
