using Bunit;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Tests.Web.Components;

/// <summary>The provider-dispatch pieces shown on both sides: the incoming list, the work order's provider panel and the list's response badge.</summary>
public sealed class ProviderComponentsTests : BlazorTestContext
{
    private static readonly DateTimeOffset Sent = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private static IncomingWork Incoming(int id, bool overdue, DateTimeOffset? requestedStart = null) =>
        new(id, "Recalibrate meter", 3, "Station 7 – Denver Colfax", "America/Denver", "Prairie Fuel Co.", 2,
            Sent, requestedStart, requestedStart?.AddHours(8), Sent.AddHours(24), overdue, 4);

    [Fact]
    public async Task IncomingList_Empty_SaysWhereWorkWillAppear()
    {
        await SignInAsync(Demo.ProviderAdmin);
        var cut = RenderPage<IncomingList>(p => p.Add(x => x.Items, []));
        Assert.Contains("Nothing incoming", cut.Find(".incoming-empty").TextContent);
    }

    [Fact]
    public async Task IncomingList_Items_EachWithCompanyRequestedWindowAcceptAndOnlyTheLateOneFlagged()
    {
        await SignInAsync(Demo.ProviderAdmin);
        var cut = RenderPage<IncomingList>(p => p.Add(x => x.Items, [Incoming(7, overdue: true), Incoming(9, overdue: false, Sent.AddDays(2))]));

        var items = cut.FindAll(".incoming-item");
        Assert.Equal(new[] { "7", "9" }, items.Select(i => i.GetAttribute("data-workorder") ?? ""));
        Assert.Single(items[0].QuerySelectorAll(".incoming-overdue"));
        Assert.Empty(items[1].QuerySelectorAll(".incoming-overdue"));
        Assert.Contains("Prairie Fuel Co. · Station 7 – Denver Colfax · 2 action items", items[0].TextContent);
        Assert.Contains("Requested:", items[1].TextContent);
        Assert.DoesNotContain("Requested:", items[0].TextContent);
        Assert.Equal(2, cut.FindAll(".incoming-accept").Count);
    }

    [Fact]
    public async Task IncomingList_Accept_OpensTheScheduleDialogForThatWorkOrder()
    {
        await SignInAsync(Demo.ProviderAdmin);
        var (id, _) = await DemoTransitions.AtProviderAsync(Core, ProviderStep.Dispatched);
        var incoming = (await Core.Get<ProviderWork>().IncomingAsync(await Core.ActorAsync(Demo.ProviderAdmin))).Value!;
        var cut = RenderPage<IncomingList>(p => p.Add(x => x.Items, incoming));

        cut.Find($".incoming-item[data-workorder='{id}'] .incoming-accept").Click();

        var item = incoming.Single(i => i.Id == id);
        Dialogs.WaitForAssertion(() => Assert.Contains($"{item.Title} · {item.FacilityName}", Dialogs.Markup));
    }

    [Theory]
    [InlineData(true, false, "Waiting for Summit Tank Services to accept", "false")]
    [InlineData(true, true, "Response overdue", "true")]
    [InlineData(false, false, "Accepted by Summit Tank Services", "false")]
    public async Task ProviderDispatchPanel_State_SaysItInWords(bool awaiting, bool overdue, string text, string flag)
    {
        await SignInAsync(Demo.Dispatcher);
        var view = new ProviderDispatchView(2, "Summit Tank Services", Sent, null, null, Sent.AddHours(24), awaiting, overdue, awaiting ? null : false);
        var cut = RenderPage<ProviderDispatchPanel>(p => p.Add(x => x.Provider, view).Add(x => x.TimeZoneId, "America/Denver"));

        Assert.Contains(text, cut.Find("#provider-status").TextContent);
        Assert.Equal(flag, cut.Find("#provider-status").GetAttribute("data-overdue"));
        if (!awaiting) Assert.Contains("outside the requested window", cut.Find("#provider-window-fit").TextContent);
    }

    [Theory]
    [InlineData(false, false, null)]
    [InlineData(true, false, "Waiting for Summit Tank Services")]
    [InlineData(true, true, "No answer from Summit Tank Services")]
    public void ProviderResponseBadge_State_WordsBesideTheColour(bool awaiting, bool overdue, string? text)
    {
        var cut = Render<ProviderResponseBadge>(p => p.Add(x => x.Provider, "Summit Tank Services").Add(x => x.IsAwaiting, awaiting).Add(x => x.IsOverdue, overdue));
        if (text is null) Assert.Empty(cut.FindAll(".provider-response"));
        else Assert.Equal(text, cut.Find(".provider-response").TextContent.Trim());
        Assert.Equal(overdue, cut.FindAll(".provider-response-overdue").Count == 1);
    }
}
