using WorkOrders.Core.Common;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>docs/product.md, proved over every status × action × role.</summary>
public sealed class LifecycleTableTests
{
    /// <summary>The table of docs/product.md written out independently of the code under test, by stage (status, and to whom it is dispatched).</summary>
    private static readonly Dictionary<(Stage, WorkOrderAction), (Stage To, Role[] Who)> Spec = new()
    {
        [(Stage.Draft, WorkOrderAction.Edit)] = (Stage.Draft, [Role.Creator, Role.CreatorsAdmin]),
        [(Stage.Draft, WorkOrderAction.Submit)] = (Stage.Submitted, [Role.Creator]),
        [(Stage.Submitted, WorkOrderAction.Approve)] = (Stage.Approved, [Role.Approver]),
        [(Stage.Submitted, WorkOrderAction.Deny)] = (Stage.Denied, [Role.Approver]),
        [(Stage.Approved, WorkOrderAction.Dispatch)] = (Stage.Dispatched, [Role.Creator]),
        [(Stage.Approved, WorkOrderAction.DispatchToProvider)] = (Stage.AwaitingProvider, [Role.Creator]),
        [(Stage.Dispatched, WorkOrderAction.Reschedule)] = (Stage.Dispatched, [Role.Creator]),
        [(Stage.Dispatched, WorkOrderAction.Resolve)] = (Stage.Resolved, [Role.Assignee]),
        [(Stage.AwaitingProvider, WorkOrderAction.Accept)] = (Stage.ProviderScheduled, [Role.ProviderAdmin]),
        [(Stage.AwaitingProvider, WorkOrderAction.Decline)] = (Stage.Approved, [Role.ProviderAdmin]),
        [(Stage.ProviderScheduled, WorkOrderAction.Reschedule)] = (Stage.ProviderScheduled, [Role.ProviderAdmin]),
        [(Stage.ProviderScheduled, WorkOrderAction.Resolve)] = (Stage.ProviderResolved, [Role.ProviderTech]),
        [(Stage.Denied, WorkOrderAction.Reset)] = (Stage.Draft, [Role.Creator]),
        [(Stage.Denied, WorkOrderAction.Close)] = (Stage.Closed, [Role.Creator]),
    };

    private static WorkOrderStatus StatusOf(Stage stage) => stage switch
    {
        Stage.AwaitingProvider or Stage.ProviderScheduled => WorkOrderStatus.Dispatched,
        Stage.ProviderResolved => WorkOrderStatus.Resolved,
        _ => (WorkOrderStatus)(int)stage,
    };

    public static TheoryData<Stage, WorkOrderAction, Role> EveryCase()
    {
        var data = new TheoryData<Stage, WorkOrderAction, Role>();
        foreach (var stage in Enum.GetValues<Stage>())
        foreach (var action in Enum.GetValues<WorkOrderAction>())
        foreach (var role in Enum.GetValues<Role>())
        {
            data.Add(stage, action, role);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Take_AnyStageActionRole_FollowsTheSpecTable(Stage stage, WorkOrderAction action, Role role)
    {
        var wo = Lifecycle.At(stage);
        var actor = Lifecycle.ActorFor(role);
        var before = Snapshot.Of(wo);

        var result = Lifecycle.Take(wo, action, actor);

        var allowed = Spec.TryGetValue((stage, action), out var rule) && rule.Who.Contains(role);
        if (allowed)
        {
            Assert.True(result.IsOk, result.Message);
            Assert.Equal(StatusOf(rule.To), wo.Status);
            Assert.Equal(rule.To is Stage.AwaitingProvider, wo.IsAwaitingProvider);
            Assert.Equal(rule.To is Stage.AwaitingProvider or Stage.ProviderScheduled or Stage.ProviderResolved, wo.ProviderId is not null);
            Assert.Equal(before.Version + 1, wo.Version);
            var entry = Assert.Single(wo.History.Skip(before.HistoryCount));
            Assert.Equal((action, StatusOf(stage), StatusOf(rule.To), actor.UserId), (entry.Action!.Value, entry.From!.Value, entry.To, entry.ActorId));
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
    public void AllowedActions_AnyStageAndRole_MatchesWhatTheEntityAccepts(Stage stage, WorkOrderAction action, Role role)
    {
        var wo = Lifecycle.At(stage);
        var actor = Lifecycle.ActorFor(role);
        var offered = wo.AllowedActions(actor).Contains(action);

        var accepted = Lifecycle.Take(wo, action, actor).IsOk;

        Assert.Equal(offered, accepted);
    }

    /// <summary>The approval inbox shows a submitted work order's UpdatedAt as the moment it was submitted: true only while
    /// Submit is the one way into Submitted and no action keeps a work order Submitted.</summary>
    [Fact]
    public void Rules_IntoSubmitted_OnlySubmit()
    {
        Assert.All(WorkOrderLifecycle.Rules.Where(r => r.To == WorkOrderStatus.Submitted), r => Assert.Equal(WorkOrderAction.Submit, r.Action));
        Assert.DoesNotContain(WorkOrderLifecycle.Rules, r => r.From == WorkOrderStatus.Submitted && r.To == WorkOrderStatus.Submitted);
    }

    [Fact]
    public void Rules_EveryRow_AppearsInTheSpecTable()
    {
        var spec = Spec.Select(s => (From: StatusOf(s.Key.Item1), Action: s.Key.Item2, To: StatusOf(s.Value.To))).Distinct().ToList();
        Assert.Equal(spec.Select(s => (s.From, s.Action)).OrderBy(k => k), WorkOrderLifecycle.Rules.Select(r => (r.From, r.Action)).OrderBy(k => k));
        Assert.All(WorkOrderLifecycle.Rules, r => Assert.Contains((r.From, r.Action, r.To), spec));
    }

    private sealed record Snapshot(
        WorkOrderStatus Status, int Version, int HistoryCount, string Title, string? AssigneeId, string? ApproverId, string Items, int Notes,
        int? ProviderId, DateTimeOffset? Start, DateTimeOffset? RequestedStart, DateTimeOffset? ResponseDueAt)
    {
        public static Snapshot Of(WorkOrder wo) => new(
            wo.Status, wo.Version, wo.History.Count, wo.Title, wo.AssigneeId, wo.ApproverId,
            string.Join(",", wo.ActionItems.Select(i => i.Status)), wo.Notes.Count, wo.ProviderId, wo.ScheduledStart, wo.RequestedStart, wo.ResponseDueAt);
    }
}
