using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace WorkOrders.Tests.TestSupport;

/// <summary>A bUnit context with MudBlazor and the real Core services of a <see cref="CoreHost"/>, for dialogs and leaf components.</summary>
public sealed class DialogHost : IAsyncDisposable
{
    private DialogHost(CoreHost core, BunitContext context)
    {
        Core = core;
        Context = context;
    }

    public CoreHost Core { get; }
    public BunitContext Context { get; }

    public static async Task<DialogHost> StartAsync()
    {
        var core = await CoreHost.StartAsync();
        var context = new BunitContext();
        context.AddWorkOrdersUi(core);
        return new DialogHost(core, context);
    }

    /// <summary>Renders the providers and opens <typeparamref name="TDialog"/> in them, as a page would.</summary>
    public async Task<(IRenderedComponent<ContainerFragment> Markup, IDialogReference Dialog)> ShowAsync<TDialog>(DialogParameters<TDialog> parameters)
        where TDialog : IComponent
    {
        var markup = Context.Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await markup.InvokeAsync(async () => reference = await dialogs.ShowAsync<TDialog>("Test", parameters));
        return (markup, reference!);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Core.DisposeAsync();
    }
}
