using Bunit;
using WorkOrders.Core.Orders;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Tests.Web.Components;

public sealed class LifecycleDiagramTests : BunitContext
{
    private static readonly PersonRef Dana = new("u1", "Dana Brooks");
    private static readonly DateTimeOffset At = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    private static readonly HistoryView[] DeniedThenReset =
    [
        new(null, null, WorkOrderStatus.Draft, Dana, At, null),
        new(WorkOrderAction.Submit, WorkOrderStatus.Draft, WorkOrderStatus.Submitted, Dana, At, null),
        new(WorkOrderAction.Deny, WorkOrderStatus.Submitted, WorkOrderStatus.Denied, Dana, At, "Too expensive"),
        new(WorkOrderAction.Reset, WorkOrderStatus.Denied, WorkOrderStatus.Draft, Dana, At, null),
        new(WorkOrderAction.Submit, WorkOrderStatus.Draft, WorkOrderStatus.Submitted, Dana, At, null),
    ];

    [Fact]
    public void Diagram_AnyWorkOrder_DrawsEveryStatusAndEveryRuleOfTheTable()
    {
        var cut = Render<LifecycleDiagram>(p => p.Add(x => x.Status, WorkOrderStatus.Draft).Add(x => x.History, []).Add(x => x.AllowedActions, []));

        Assert.Equal(Enum.GetNames<WorkOrderStatus>().Order(), cut.FindAll("[data-state]").Select(e => e.GetAttribute("data-state")!).Order());
        Assert.Equal(WorkOrderLifecycle.Rules.Select(r => $"{r.From}-{r.Action}-{r.To}"),
            cut.FindAll(".lc-edge").Select(e => $"{e.GetAttribute("data-from")}-{e.GetAttribute("data-action")}-{e.GetAttribute("data-to")}"));
    }

    [Fact]
    public void Diagram_SubmittedAgainAfterDenial_HighlightsCurrentPathAndTheViewersNextActions()
    {
        var cut = Render<LifecycleDiagram>(p => p.Add(x => x.Status, WorkOrderStatus.Submitted).Add(x => x.History, DeniedThenReset)
            .Add(x => x.AllowedActions, [WorkOrderAction.Approve, WorkOrderAction.Deny]));

        Assert.Equal("Submitted", cut.Find("[data-current=true]").GetAttribute("data-state"));
        Assert.Equal(["Draft", "Submitted", "Denied"], cut.FindAll("[data-visited=true]").Select(e => e.GetAttribute("data-state")!));
        Assert.Equal(["Approve", "Deny"], Edges(cut, "next"));
        // Deny was taken before, and it is also a next step now: "next" wins, the other taken rules stay marked.
        Assert.Equal(["Submit", "Reset"], Edges(cut, "taken"));
        var caption = cut.Find("figcaption").TextContent;
        Assert.Contains("Path: Draft → Submitted → Denied → Draft → Submitted.", caption);
        Assert.Contains("You may next: Approve (to Approved), Deny (to Denied).", caption);
        Assert.Equal("lifecycle-caption", cut.Find("svg").GetAttribute("aria-labelledby"));
    }

    [Fact]
    public void Diagram_ViewerWithNoAction_NamesWhoItWaitsFor()
    {
        var cut = Render<LifecycleDiagram>(p => p.Add(x => x.Status, WorkOrderStatus.Submitted).Add(x => x.History, DeniedThenReset[..2]).Add(x => x.AllowedActions, []));

        Assert.Empty(Edges(cut, "next"));
        Assert.Empty(cut.FindAll("[data-test=lifecycle-next]"));
        Assert.Contains("Waiting for the chosen approver to approve or deny.", cut.Find("figcaption").TextContent);
    }

    [Fact]
    public void Diagram_Closed_SaysNothingFollows()
    {
        var cut = Render<LifecycleDiagram>(p => p.Add(x => x.Status, WorkOrderStatus.Closed).Add(x => x.History, []).Add(x => x.AllowedActions, []));

        Assert.Contains("Nothing follows", cut.Find("figcaption").TextContent);
    }

    [Theory]
    [InlineData(WorkOrderStatus.Draft)]
    [InlineData(WorkOrderStatus.Dispatched)]
    public void Diagram_EveryRule_NoTwoLabelsOverlapAndNoneUnderABox(WorkOrderStatus status)
    {
        // Every rule a next step where it can be: next labels are the largest (13px bold).
        var cut = Render<LifecycleDiagram>(p => p.Add(x => x.Status, status).Add(x => x.History, []).Add(x => x.AllowedActions, Enum.GetValues<WorkOrderAction>()));
        var viewBox = cut.Find("svg").GetAttribute("viewBox")!.Split(' ').Select(Number).ToArray();
        var labels = cut.FindAll(".lc-edge-label").Select(t => (Name: t.TextContent, Box: LabelBox(t))).ToList();
        var states = cut.FindAll(".lc-state").Select(g => (Name: g.GetAttribute("data-state")!, Box: RectBox(g.QuerySelector("rect")!))).ToList();

        Assert.Equal(WorkOrderLifecycle.Rules.Count, labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            var (name, box) = labels[i];
            Assert.True(box.Left >= viewBox[0] && box.Top >= viewBox[1] && box.Right <= viewBox[2] && box.Bottom <= viewBox[3], $"\"{name}\" is cut off at {box}.");
            foreach (var other in labels.Skip(i + 1)) Assert.False(Intersect(box, other.Box), $"\"{name}\" {box} overlaps \"{other.Name}\" {other.Box}.");
            foreach (var state in states) Assert.False(Intersect(box, state.Box), $"\"{name}\" {box} is under the {state.Name} box {state.Box}.");
        }
    }

    /// <summary>A generous estimate of the label's box: 7.2 px a character (13px bold), from the ascender above the baseline to the descender.</summary>
    private static Box LabelBox(AngleSharp.Dom.IElement text)
    {
        var (x, y, width) = (Number(text.GetAttribute("x")!), Number(text.GetAttribute("y")!), text.TextContent.Length * 7.2);
        Assert.Equal("middle", text.GetAttribute("text-anchor"));
        return new(x - width / 2, y - 13, x + width / 2, y + 4);
    }

    private static Box RectBox(AngleSharp.Dom.IElement rect)
    {
        var (x, y) = (Number(rect.GetAttribute("x")!), Number(rect.GetAttribute("y")!));
        return new(x, y, x + Number(rect.GetAttribute("width")!), y + Number(rect.GetAttribute("height")!));
    }

    private static bool Intersect(Box a, Box b) => a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;

    private static double Number(string value) => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Box(double Left, double Top, double Right, double Bottom);

    private static IEnumerable<string> Edges(IRenderedComponent<LifecycleDiagram> cut, string kind) =>
        cut.FindAll($".lc-edge[data-kind={kind}]").Select(e => e.GetAttribute("data-action")!);
}
