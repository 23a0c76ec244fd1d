using CsCheck;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>
/// Random sequences of actions by random people against one work order: only the table's transitions
/// happen, the history is exactly the transitions applied, and the items follow the work order.
/// </summary>
public sealed class LifecyclePropertyTests
{
    private static readonly Gen<(WorkOrderAction Action, Role Role)[]> Sequences =
        Gen.Select(Gen.Enum<WorkOrderAction>(), Gen.Enum<Role>()).Array[0, 25];

    [Fact]
    public void RandomActionsByRandomPeople_OnlyTableTransitions_HistoryMatches_ItemsFollow()
    {
        Sequences.Sample(steps =>
        {
            var wo = Lifecycle.Draft();
            var applied = new List<(WorkOrderAction, WorkOrderStatus, WorkOrderStatus, string)>();
            foreach (var (action, role) in steps)
            {
                var from = wo.Status;
                var version = wo.Version;
                var actor = Lifecycle.ActorFor(role);

                var result = Lifecycle.Take(wo, action, actor);

                var rule = WorkOrderLifecycle.Find(from, action);
                if (result.IsOk)
                {
                    Assert.NotNull(rule);
                    Assert.Equal(rule.To, wo.Status);
                    Assert.Equal(version + 1, wo.Version);
                    applied.Add((action, from, rule.To, actor.UserId));
                }
                else
                {
                    Assert.Equal((from, version), (wo.Status, wo.Version));
                }
                AssertItemsFollow(wo);
            }

            var history = wo.History.Skip(1).Select(h => (h.Action!.Value, h.From!.Value, h.To, h.ActorId)).ToList();
            Assert.Equal(applied, history);
        }, iter: 10_000);
    }

    private static void AssertItemsFollow(WorkOrder wo)
    {
        var expected = wo.Status switch
        {
            WorkOrderStatus.Resolved => ActionItemStatus.Resolved,
            WorkOrderStatus.Closed => ActionItemStatus.Closed,
            _ => ActionItemStatus.Open,
        };
        Assert.All(wo.ActionItems, i => Assert.Equal(expected, i.Status));
    }
}
