using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Layout;
using WorkOrders.Web.Components.Pages.Notifications;

namespace WorkOrders.Tests.Web.Notifications;

/// <summary>The inbox, its badge and the bell, rendered against real Core services, react to pushed events.</summary>
public sealed class LiveComponentsTests : IAsyncLifetime
{
    private CoreHost host = null!;
    private BunitContext ctx = null!;

    public async Task InitializeAsync()
    {
        host = await CoreHost.StartAsync();
        ctx = new BunitContext();
        await ctx.AddWorkOrdersUi(host).SignInAsync(host, Demo.Admin);
    }

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Inbox_WorkOrderSubmittedToMeThenDecidedElsewhere_RowAppearsThenDisappearsWithoutReload()
    {
        var cut = ctx.Render<InboxPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-test=inbox-row]").Count));

        var (draftId, _) = await DemoTransitions.FindAsync(host, DemoTransitions.Draft);
        Assert.True((await DemoTransitions.RunAsync(host, "submit")).Result.IsOk);
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-test=inbox-row]"), a => a.TextContent == WorkOrder.FormatNumber(draftId)));
        Assert.Equal(3, cut.FindAll("[data-test=inbox-row]").Count);

        // The same approver decides in another tab.
        var (submittedId, _) = await DemoTransitions.FindAsync(host, DemoTransitions.Submitted);
        Assert.True((await DemoTransitions.RunAsync(host, "approve")).Result.IsOk);
        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("[data-test=inbox-row]"), a => a.TextContent == WorkOrder.FormatNumber(submittedId)));
        Assert.Equal(2, cut.FindAll("[data-test=inbox-row]").Count);
    }

    [Fact]
    public async Task Inbox_OneRowAdded_UnchangedRowsKeepTheirEventHandlers()
    {
        var cut = ctx.Render<InboxPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-test=inbox-row]").Count));
        var before = RowHandlers(cut);

        Assert.True((await DemoTransitions.RunAsync(host, "submit")).Result.IsOk);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-test=inbox-row]").Count));

        // A handler registered again gets a new id, and the render batch carries an edit for it: every open inbox paid
        // for every row on every event.
        var after = RowHandlers(cut);
        Assert.All(before, row => Assert.Equal(row.Value, after[row.Key]));
        Assert.All(before.Values, handlers => Assert.Equal(2, handlers.Count(id => id.Length > 0)));
    }

    private static Dictionary<string, string[]> RowHandlers(IRenderedComponent<InboxPage> cut) =>
        cut.FindAll("tbody tr").ToDictionary(
            tr => tr.QuerySelector("[data-test=inbox-row]")!.TextContent,
            tr => tr.QuerySelectorAll("button").Select(b => b.GetAttribute("blazor:onclick") ?? "").ToArray());

    [Fact]
    public async Task InboxBadge_WorkOrderSubmittedToMe_CountGoesUp()
    {
        var cut = ctx.Render<NavInboxBadge>();
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-test=inbox-badge]").TextContent.Trim()));

        await DemoTransitions.RunAsync(host, "submit");

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-test=inbox-badge]").TextContent.Trim()));
    }

    [Fact]
    public async Task Bell_EventForMeThenMarkAllReadInAnotherTab_UnreadCountFollows()
    {
        var cut = ctx.Render(Wrapped<NotificationBell>());
        cut.WaitForAssertion(() => Assert.Contains("Notifications, 0 unread", cut.Markup));

        await DemoTransitions.RunAsync(host, "submit");
        cut.WaitForAssertion(() => Assert.Contains("Notifications, 1 unread", cut.Markup));

        await host.Get<NotificationService>().MarkAllReadAsync(await host.ActorAsync(Demo.Admin));
        cut.WaitForAssertion(() => Assert.Contains("Notifications, 0 unread", cut.Markup));
    }

    [Fact]
    public async Task Bell_EventForAnotherUser_Unchanged()
    {
        var cut = ctx.Render(Wrapped<NotificationBell>());
        cut.WaitForAssertion(() => Assert.Contains("Notifications, 0 unread", cut.Markup));

        await DemoTransitions.RunAsync(host, "approve"); // Tells the dispatcher only.
        await Task.Delay(300);

        Assert.Contains("Notifications, 0 unread", cut.Markup);
    }

    private static RenderFragment Wrapped<T>() where T : IComponent => builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<T>(1);
        builder.CloseComponent();
    };
}
