using WorkOrders.Core.Common;
using WorkOrders.Core.WorkOrders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.WorkOrderRules;

/// <summary>docs/product.md, proved over every status × action × role.</summary>
public sealed class LifecycleTableTests
{
    /// <summary>The table of docs/product.md written out independently of the code under test.</summary>
    private static readonly Dictionary<(WorkOrderStatus, WorkOrderAction), (WorkOrderStatus To, Role[] Who)> Spec = new()
    {
        [(WorkOrderStatus.Draft, WorkOrderAction.Edit)] = (WorkOrderStatus.Draft, [Role.Creator, Role.CreatorsAdmin]),
        [(WorkOrderStatus.Draft, WorkOrderAction.Submit)] = (WorkOrderStatus.Submitted, [Role.Creator]),
        [(WorkOrderStatus.Submitted, WorkOrderAction.Approve)] = (WorkOrderStatus.Approved, [Role.Approver]),
        [(WorkOrderStatus.Submitted, WorkOrderAction.Deny)] = (WorkOrderStatus.Denied, [Role.Approver]),
        [(WorkOrderStatus.Approved, WorkOrderAction.Dispatch)] = (WorkOrderStatus.Dispatched, [Role.Creator]),
        [(WorkOrderStatus.Dispatched, WorkOrderAction.Reschedule)] = (WorkOrderStatus.Dispatched, [Role.Creator]),
        [(WorkOrderStatus.Dispatched, WorkOrderAction.Resolve)] = (WorkOrderStatus.Resolved, [Role.Assignee]),
        [(WorkOrderStatus.Denied, WorkOrderAction.Reset)] = (WorkOrderStatus.Draft, [Role.Creator]),
        [(WorkOrderStatus.Denied, WorkOrderAction.Close)] = (WorkOrderStatus.Closed, [Role.Creator]),
    };

    public static TheoryData<WorkOrderStatus, WorkOrderAction, Role> EveryCase()
    {
        var data = new TheoryData<WorkOrderStatus, WorkOrderAction, Role>();
        foreach (var status in Enum.GetValues<WorkOrderStatus>())
        foreach (var action in Enum.GetValues<WorkOrderAction>())
        foreach (var role in Enum.GetValues<Role>())
        {
            data.Add(status, action, role);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Take_AnyStatusActionRole_FollowsTheSpecTable(WorkOrderStatus status, WorkOrderAction action, Role role)
    {
        var wo = Lifecycle.InStatus(status);
        var actor = Lifecycle.ActorFor(role);
        var before = Snapshot.Of(wo);

        var result = Lifecycle.Take(wo, action, actor);

        var allowed = Spec.TryGetValue((status, action), out var rule) && rule.Who.Contains(role);
        if (allowed)
        {
            Assert.True(result.IsOk, result.Message);
            Assert.Equal(rule.To, wo.Status);
            Assert.Equal(before.Version + 1, wo.Version);
            var entry = Assert.Single(wo.History.Skip(before.HistoryCount));
            Assert.Equal((action, status, rule.To, actor.UserId), (entry.Action!.Value, entry.From!.Value, entry.To, entry.ActorId));
        }
        else
        {
            Assert.Equal(ResultStatus.NotAllowed, result.Status);
            Assert.NotEmpty(result.Message);
            Assert.Equal(before, Snapshot.Of(wo));
        }
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void AllowedActions_AnyStatusAndRole_MatchesWhatTheEntityAccepts(WorkOrderStatus status, WorkOrderAction action, Role role)
    {
        var wo = Lifecycle.InStatus(status);
        var actor = Lifecycle.ActorFor(role);
        var offered = wo.AllowedActions(actor).Contains(action);

        var accepted = Lifecycle.Take(wo, action, actor).IsOk;

        Assert.Equal(offered, accepted);
    }

    [Fact]
    public void Rules_EveryRow_AppearsInTheSpecTable()
    {
        Assert.Equal(Spec.Keys.OrderBy(k => k), WorkOrderLifecycle.Rules.Select(r => (r.From, r.Action)).OrderBy(k => k));
        Assert.All(WorkOrderLifecycle.Rules, r => Assert.Equal(Spec[(r.From, r.Action)].To, r.To));
    }

    private sealed record Snapshot(WorkOrderStatus Status, int Version, int HistoryCount, string Title, string? AssigneeId, string? ApproverId, string Items, int Notes)
    {
        public static Snapshot Of(WorkOrder wo) => new(
            wo.Status, wo.Version, wo.History.Count, wo.Title, wo.AssigneeId, wo.ApproverId,
            string.Join(",", wo.ActionItems.Select(i => i.Status)), wo.Notes.Count);
    }
}
