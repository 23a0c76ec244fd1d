namespace WorkOrders.Core.Orders;

/// <summary>
/// The lifecycle table seen as a graph: where each status sits (its distance from Draft) and the Mermaid text
/// docs/product.md shows. Both are derived from <see cref="WorkOrderLifecycle.Rules"/>, so a new row appears in the
/// document's diagram and on every work order's page without further edits.
/// </summary>
public static class LifecycleGraph
{
    public const WorkOrderStatus Start = WorkOrderStatus.Draft;

    /// <summary>Statuses no rule leads out of (other than to themselves).</summary>
    public static IReadOnlyList<WorkOrderStatus> Ends { get; } =
        Enum.GetValues<WorkOrderStatus>().Where(s => !WorkOrderLifecycle.Rules.Any(r => r.From == s && r.To != s)).ToList();

    /// <summary>Column (steps from Draft, first reached by a forward rule) and row (order reached in that column) of each status.</summary>
    public static IReadOnlyDictionary<WorkOrderStatus, (int Column, int Row)> Positions { get; } = Layout();

    private static Dictionary<WorkOrderStatus, (int Column, int Row)> Layout()
    {
        var positions = new Dictionary<WorkOrderStatus, (int Column, int Row)> { [Start] = (0, 0) };
        var frontier = new List<WorkOrderStatus> { Start };
        while (frontier.Count > 0)
        {
            var next = new List<WorkOrderStatus>();
            foreach (var from in frontier)
            foreach (var rule in WorkOrderLifecycle.Rules.Where(r => r.From == from && !positions.ContainsKey(r.To)))
            {
                var column = positions[from].Column + 1;
                var taken = positions.Values.Where(p => p.Column == column).Select(p => p.Row).ToHashSet();
                // Stay on the parent's row when it is free, so the main path reads as one straight line.
                var row = positions[from].Row;
                while (taken.Contains(row)) row++;
                positions[rule.To] = (column, row);
                next.Add(rule.To);
            }
            frontier = next;
        }
        // A status no rule reaches still gets a place, after the others.
        var last = positions.Count == 0 ? 0 : positions.Values.Max(p => p.Column) + 1;
        foreach (var status in Enum.GetValues<WorkOrderStatus>().Where(s => !positions.ContainsKey(s))) positions[status] = (last, positions.Count(p => p.Value.Column == last));
        return positions;
    }

    /// <summary>A Mermaid state diagram of the table: one arrow per rule, labelled with its action and who may take it.</summary>
    public static string Mermaid()
    {
        var lines = new List<string> { "stateDiagram-v2", $"    [*] --> {Start}: Create" };
        lines.AddRange(WorkOrderLifecycle.Rules.Select(r => $"    {r.From} --> {r.To}: {r.Action} ({WorkOrderLifecycle.Describe(r.Who)})"));
        lines.AddRange(Ends.Select(s => $"    {s} --> [*]"));
        return string.Join('\n', lines) + "\n";
    }
}
