using Microsoft.AspNetCore.Components.Server.Circuits;
using WorkOrders.Core.Diagnostics;

namespace WorkOrders.Web.Circuits;

/// <summary>Counts this server's open circuits on the <c>WorkOrders</c> meter (opened minus closed, connected or not).</summary>
internal sealed class CircuitMetrics(WorkOrdersMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
