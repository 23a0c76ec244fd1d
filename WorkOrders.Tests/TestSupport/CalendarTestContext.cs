using Bunit;
using MudBlazor;

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
        var bunit = new BunitContext();
        await bunit.AddWorkOrdersUi(host).SignInAsync(host, email);
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
}
