using Microsoft.AspNetCore.Components;
using WorkOrders.Core.Orders;

namespace WorkOrders.Web.Components.Shared.Transitions;

/// <summary>
/// The part of <see cref="TransitionDialog"/> that asks what an <see cref="ActionForm"/> needs besides the text:
/// an approver, a technician and a time, a provider, photos.
/// </summary>
public abstract class ActionFields : ComponentBase
{
    [Parameter, EditorRequired] public int WorkOrderId { get; set; }

    /// <summary>Told when the fields finished loading, with Core's refusal if it would not list the choices, so the dialog can show it and enable its button.</summary>
    [Parameter] public EventCallback<string?> Loaded { get; set; }

    [Parameter] public bool Disabled { get; set; }

    /// <summary>Whether there is anything to confirm (e.g. someone to choose).</summary>
    public virtual bool Ready => true;

    /// <summary>The input so far, or the error to show at the dialog when it is incomplete.</summary>
    public abstract ActionInput? Read(out string? error);
}
