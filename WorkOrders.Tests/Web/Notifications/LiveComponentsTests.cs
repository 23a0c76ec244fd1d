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
using WorkOrders.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Web;

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

    [Fact]
    public async Task Bell_NewNotificationForMe_MenuNotRenderedAgain()
    {
        var cut = ctx.Render(Wrapped<NotificationBell>());
        cut.WaitForAssertion(() => Assert.Contains("Notifications, 0 unread", cut.Markup));
        // bUnit counts a render of a component's children as one of the component's, so the menu is watched through
        // its popover, which renders whenever the menu does (its content is a new fragment each time).
        var popover = cut.FindComponent<MudPopover>();
        await Task.Delay(500); // MudBlazor's menu renders once more after its first render; let it settle.
        var rendersBefore = popover.RenderCount;

        await DemoTransitions.RunAsync(host, "submit");
        cut.WaitForAssertion(() => Assert.Contains("Notifications, 1 unread", cut.Markup));

        // Only the count changed: every open page would otherwise render MudBlazor's menu again for it.
        Assert.Equal(rendersBefore, popover.RenderCount);
        Assert.Equal("1", cut.Find("[data-test=bell-badge] .mud-badge").TextContent.Trim());
    }

    [Fact]
    public async Task Bell_Clicked_MenuOpensWithTheLatest()
    {
        var cut = ctx.Render(Wrapped<NotificationBell>());
        await DemoTransitions.RunAsync(host, "submit");
        cut.WaitForAssertion(() => Assert.Contains("Notifications, 1 unread", cut.Markup));

        await cut.Find("[data-test=bell-badge] .mud-icon-button").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-test=bell-item]")));
        Assert.Equal("true", cut.Find("[data-test=bell-badge] [role=button]").GetAttribute("aria-expanded"));
        // One control: MudBlazor's activator; the bell draws no button inside it.
        Assert.Empty(cut.FindAll("[data-test=bell-badge] [role=button] button"));
    }

    [Fact]
    public async Task Inbox_OneRowAdded_UnchangedPartsNotRenderedAgain()
    {
        var cut = ctx.Render<InboxPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-test=inbox-row]").Count));
        var renders = cut.FindComponents<AppTitle>().Select(c => (c, c.RenderCount)).ToList();
        Assert.NotEmpty(renders);

        Assert.True((await DemoTransitions.RunAsync(host, "submit")).Result.IsOk);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-test=inbox-row]").Count));

        // The page's title does not change with its rows, and in a circuit it draws nothing (the head is the server's).
        Assert.All(renders, r => Assert.Equal(r.RenderCount, r.c.RenderCount));
        Assert.Empty(cut.FindComponents<PageTitle>());
    }

    private static RenderFragment Wrapped<T>() where T : IComponent => builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<T>(1);
        builder.CloseComponent();
    };
}
