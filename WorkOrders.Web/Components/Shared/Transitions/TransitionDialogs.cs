using MudBlazor;
using WorkOrders.Core.Orders;

namespace WorkOrders.Web.Components.Shared.Transitions;

public static class TransitionDialogs
{
    /// <summary>Opens <see cref="TransitionDialog"/> for one action; true once the step was saved.</summary>
    public static async Task<bool> TakeAsync(this IDialogService dialogs, WorkOrderAction action, int workOrderId, int version,
        DialogParameters<TransitionDialog>? more = null)
    {
        var parameters = new DialogParameters<TransitionDialog>
        {
            { d => d.Action, action }, { d => d.WorkOrderId, workOrderId }, { d => d.Version, version },
        };
        foreach (var (name, value) in more ?? []) parameters.Add(name, value);
        var dialog = await dialogs.ShowAsync<TransitionDialog>(null, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        return await dialog.Result is { Canceled: false };
    }
}
