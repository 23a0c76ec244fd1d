using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using WorkOrders.Core.Notifications;
using WorkOrders.Web.Live;

namespace WorkOrders.Web.Components.Shared;

/// <summary>
/// Keeps a page or a part of one live; every live page and part uses it. Listens to the user's and/or organisation's
/// topic through the circuit's <see cref="LiveCircuit"/> and, when something it shows may have changed, calls
/// <see cref="OnChange"/> to re-read, then renders the component that owns <see cref="OnChange"/> — unless
/// <see cref="Shown"/> says what it shows is the same — in one render batch with the circuit's other live parts.
/// Bursts coalesce into one more re-read. Renders nothing itself.
/// </summary>
public sealed class LiveUpdates : ComponentBase, IDisposable
{
    [Inject] private LiveCircuit Circuit { get; set; } = default!;

    [Parameter] public string? User { get; set; }
    [Parameter] public int? Organization { get; set; }

    /// <summary>Only changes of this work order (or of unnamed ones) count; all do when null.</summary>
    [Parameter] public int? WorkOrderId { get; set; }

    /// <summary>
    /// Re-reads what the owner shows. The owner is the component whose method this is (as with an event handler); it is
    /// rendered afterwards, so OnChange only reads.
    /// </summary>
    [Parameter] public Func<Task>? OnChange { get; set; }

    /// <summary>
    /// A cheap key of what the owner shows (a count, the rows' ids and versions): when it is equal before and after
    /// <see cref="OnChange"/> the owner is not rendered, so an event that changes nothing on a part costs no render.
    /// Without it the owner always renders.
    /// </summary>
    [Parameter] public Func<object?>? Shown { get; set; }

    /// <summary>Live updates stopped (true) or started again (false; OnChange follows, since some may have been missed).</summary>
    [Parameter] public EventCallback<bool> OnPausedChanged { get; set; }

    /// <summary>A <see cref="Shown"/> key for a list of rows: equal when it is the same list or has equal rows in the same order.</summary>
    public static object? RowsKey<T>(IReadOnlyList<T>? rows) => rows is null ? null : new Rows<T>(rows);

    private sealed class Rows<T>(IReadOnlyList<T> rows)
    {
        private readonly IReadOnlyList<T> rows = rows;

        // A shared read hands every page of the same actor the same list, so most comparisons stop at the reference.
        public override bool Equals(object? obj) => obj is Rows<T> other && (ReferenceEquals(rows, other.rows) || rows.SequenceEqual(other.rows));

        public override int GetHashCode() => rows.Count;
    }

    private string[] joined = [];
    private (string? User, int? Organization) joinedFor;
    private volatile int workOrderFilter;
    private List<LiveUpdates>? renderWith;

    internal bool IsDisposed { get; private set; }

    protected override void OnParametersSet()
    {
        workOrderFilter = WorkOrderId ?? 0;
        // A prerendered page has no circuit to push to; it subscribes once it is interactive.
        if (!RendererInfo.IsInteractive) return;
        // The owner passes its parameters again on every render it makes, one per live event in every open page.
        if (joinedFor == (User, Organization)) return;
        joinedFor = (User, Organization);
        string[] wanted = [.. new[] { User is null ? null : LiveTopics.User(User), Organization is { } o ? LiveTopics.Organization(o) : null }.OfType<string>()];
        if (wanted.SequenceEqual(joined)) return;
        joined = wanted;
        if (wanted.Length == 0) Circuit.Leave(this);
        else Circuit.Join(this, wanted);
    }

    /// <summary>Whether a message about this work order (0: unnamed) may change what the part shows. Any thread.</summary>
    internal bool Concerns(int workOrderId)
    {
        var filter = workOrderFilter;
        return OnChange is not null && (filter == 0 || workOrderId == 0 || workOrderId == filter);
    }

    internal Task OnCircuitAsync(Func<Task> work) => InvokeAsync(work);

    /// <summary>Re-reads; true when the owner must render. On the circuit's dispatcher.</summary>
    internal async Task<bool> ReloadAsync()
    {
        if (OnChange is not { } change) return false;
        if (Shown is not { } shown)
        {
            await change();
            return true;
        }
        var before = shown();
        await change();
        return !Equals(before, shown());
    }

    internal Task TellPausedAsync(bool paused) => OnPausedChanged.HasDelegate ? OnPausedChanged.InvokeAsync(paused) : Task.CompletedTask;

    /// <summary>
    /// Renders the owners of <paramref name="parts"/> in one batch: Blazor sends a batch per render asked for outside a
    /// render, but renders asked for during one join its batch, so this part renders (nothing) and asks for the owners'
    /// renders while it does. On the circuit's dispatcher.
    /// </summary>
    internal void RenderTogether(List<LiveUpdates> parts)
    {
        renderWith = parts;
        StateHasChanged();
    }

    protected override bool ShouldRender() => renderWith is not null;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (renderWith is not { } parts) return;
        renderWith = null;
        foreach (var part in parts)
        {
            // ComponentBase renders itself after an event it handles; an empty event is a render asked for, nothing more.
            if (!part.IsDisposed && part.OnChange?.Target is IHandleEvent owner) _ = owner.HandleEventAsync(EventCallbackWorkItem.Empty, null);
        }
    }

    public void Dispose()
    {
        IsDisposed = true;
        Circuit.Leave(this);
    }
}
