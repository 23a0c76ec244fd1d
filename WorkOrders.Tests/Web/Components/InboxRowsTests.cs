using Bunit;
using WorkOrders.Core.Notifications;
using WorkOrders.Web.Components.Pages.Notifications;

namespace WorkOrders.Tests.Web.Components;

/// <summary>A block of inbox rows renders only when what it draws changed: a live event renders the inbox in every open circuit.</summary>
public sealed class InboxRowsTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 0, 30, TimeSpan.Zero);

    private static InboxPage.Row[] Block(params int[] ids) =>
        [.. ids.Select(id => new InboxPage.Row(new ApprovalInboxItem(id, 1, $"Work {id}", 1, "Wichita", "Dana Brooks", "Prairie Fuel Co.", 100m, "USD", Now.AddMinutes(-5)), null!))];

    private IRenderedComponent<InboxRows> RenderBlock(InboxPage.Row[] rows, DateTimeOffset now, int busyVersion = 0) =>
        Render<InboxRows>(p => p.Add(x => x.Rows, rows).Add(x => x.Now, now).Add(x => x.Busy, new HashSet<int>()).Add(x => x.BusyVersion, busyVersion));

    [Fact]
    public void Render_SameRowsSameMinute_NotRenderedAgain()
    {
        var rows = Block(1, 2);
        var cut = RenderBlock(rows, Now);

        cut.Render(p => p.Add(x => x.Rows, rows).Add(x => x.Now, Now.AddSeconds(20)));

        Assert.Equal(1, cut.RenderCount);
        Assert.Equal(2, cut.FindAll("[data-test=inbox-row]").Count);
    }

    [Fact]
    public void Render_WaitingTextChanged_RenderedWithTheNewText()
    {
        var rows = Block(1);
        var cut = RenderBlock(rows, Now);
        Assert.Contains("5 min ago", cut.Markup);

        cut.Render(p => p.Add(x => x.Rows, rows).Add(x => x.Now, Now.AddMinutes(1)));

        Assert.Equal(2, cut.RenderCount);
        Assert.Contains("6 min ago", cut.Markup);
    }

    [Fact]
    public void Render_RowAddedOrBusyChanged_RenderedAgain()
    {
        var cut = RenderBlock(Block(1), Now);

        cut.Render(p => p.Add(x => x.Rows, Block(1, 2)).Add(x => x.Now, Now));
        Assert.Equal(2, cut.FindAll("[data-test=inbox-row]").Count);

        var rendered = cut.RenderCount;
        cut.Render(p => p.Add(x => x.BusyVersion, 1));
        Assert.Equal(rendered + 1, cut.RenderCount);
    }
}
