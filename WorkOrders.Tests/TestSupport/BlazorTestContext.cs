using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Tests.TestSupport;

/// <summary>
/// A bUnit context over a real Core (<see cref="CoreHost"/> with demo data): MudBlazor and Radzen services,
/// loose JS interop, and a signed-in demo user. Render pages with <see cref="RenderPage{T}"/> so their dialogs
/// and snackbars have providers to live in.
/// </summary>
public abstract class BlazorTestContext : BunitContext, IAsyncLifetime
{
    private BunitSetup.SignedInUser user = null!;

    protected CoreHost Core { get; private set; } = null!;

    protected ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>The texts of the snackbars shown so far.</summary>
    protected IReadOnlyList<string> SnackbarMessages => Snackbar.ShownSnackbars.Select(s => s.Message ?? "").ToList();

    public virtual async Task InitializeAsync()
    {
        Core = await CoreHost.StartAsync();
        user = this.AddWorkOrdersUi(Core);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Core.DisposeAsync();
    }

    /// <summary>Signs a demo user in, as the sign-in cookie would carry them.</summary>
    protected Task<Actor> SignInAsync(string email) => user.SignInAsync(Core, email);

    /// <summary>The page's user is gone, as when the session is ended elsewhere.</summary>
    protected void SignOut() => user.SignOut();

    /// <summary>
    /// Runs the rest of the test in the signed-in user's culture, as the app's middleware runs their circuit. Call it
    /// from the test itself (not from an async helper), so the culture stays set after the call.
    /// </summary>
    protected void UseSignedInCulture() => WorkOrders.Web.Identity.UserCulture.Apply(user.Principal);

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
}
