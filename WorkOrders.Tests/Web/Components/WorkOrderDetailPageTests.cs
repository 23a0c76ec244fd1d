using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.WorkOrderScreens;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Tests.Web.Components;

public sealed class WorkOrderDetailPageTests : ScreenTestBase
{
    [Theory]
    [InlineData(Demo.Admin, SubmittedTitle, "approve,deny")]
    [InlineData(Demo.Dispatcher, SubmittedTitle, "")]
    [InlineData(Demo.Tech, SubmittedTitle, "")]
    [InlineData(Demo.Dispatcher, DraftTitle, "edit,submit")]
    [InlineData(Demo.Admin, DraftTitle, "edit")]
    [InlineData(Demo.Tech, DraftTitle, "")]
    [InlineData(Demo.Dispatcher, ApprovedTitle, "dispatch,dispatchtoprovider")]
    [InlineData(Demo.Admin, ApprovedTitle, "")]
    [InlineData(Demo.Dispatcher, DispatchedTitle, "reschedule")]
    [InlineData(Demo.Tech, DispatchedTitle, "resolve")]
    [InlineData(Demo.Dispatcher, DeniedTitle, "reset,close")]
    [InlineData(Demo.Admin, DeniedTitle, "")]
    [InlineData(Demo.Dispatcher, ResolvedTitle, "")]
    [InlineData(Demo.Admin, ProviderSubmittedTitle, "approve,deny")]
    [InlineData(Demo.ProviderAdmin, ProviderSubmittedTitle, "")]
    public async Task DetailPage_EachRole_ShowsExactlyCoreAllowedActions(string user, string title, string expected)
    {
        var actor = await SignInAsync(user);
        var id = await WorkOrderIdAsync(title);

        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("h1"));
        var shown = page.FindAll(".work-order-actions button").Select(b => b.Id ?? "").ToList();
        var allowed = (await Core.Get<WorkOrderQueries>().GetAsync(actor, id)).Value!.AllowedActions.Select(Display.ActionId).ToList();
        Assert.Equal(allowed, shown);
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => "action-" + a), shown);
    }

    [Theory]
    [InlineData(Demo.OtherCompanyAdmin, SubmittedTitle)]
    [InlineData(Demo.ProviderAdmin, SubmittedTitle)]
    public async Task DetailPage_WorkOrderOfAnotherTenant_ShowsNotFound(string user, string title)
    {
        await SignInAsync(user);
        var id = await WorkOrderIdAsync(title);

        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#not-found"));
        Assert.DoesNotContain(title, page.Markup);
    }

    [Fact]
    public async Task DetailPage_UnknownId_ShowsNotFound()
    {
        await SignInAsync(Demo.Admin);

        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, 999_999));

        page.WaitForAssertion(() => page.Find("#not-found"));
    }

    [Fact]
    public async Task DetailPage_Dispatched_ShowsPeopleScheduleInFacilityZoneAndHistory()
    {
        await SignInAsync(Demo.Dispatcher);
        var id = await WorkOrderIdAsync(DispatchedTitle);

        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#schedule"));
        Assert.Contains("9:00 AM", page.Find("#schedule").TextContent);
        Assert.Contains("America/Denver", page.Find("#participants").TextContent);
        Assert.Contains("Luis Ortega", page.Find("#participants").TextContent);
        Assert.Equal(4, page.FindAll(".history-entry").Count);
        Assert.Equal("Dispatched", page.Find(".status-chip").GetAttribute("data-status"));
    }

    [Fact]
    public async Task DenyDialog_WithoutReason_IsRefusedAndNothingChanges()
    {
        await SignInAsync(Demo.Admin);
        var id = await WorkOrderIdAsync(SubmittedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#action-deny"));

        page.Find("#action-deny").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("#transition-confirm"));
        Dialogs.Find("#transition-confirm").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("is required", Dialogs.Find("#transition-error").TextContent));
        Assert.Equal(WorkOrderStatus.Submitted, (await WorkOrderAsync(id)).Status);
    }

    [Fact]
    public async Task DenyDialog_WithReason_DeniesAndReloadsThePage()
    {
        await SignInAsync(Demo.Admin);
        var id = await WorkOrderIdAsync(SubmittedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#action-deny"));

        page.Find("#action-deny").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("textarea"));
        Dialogs.Find("textarea").Input("Get a second quote first.");
        Dialogs.Find("#transition-confirm").Click();

        page.WaitForAssertion(() => Assert.Equal("Denied", page.Find(".status-chip").GetAttribute("data-status")));
        Assert.Empty(page.FindAll(".work-order-actions button"));
        Assert.Contains("Get a second quote first.", page.Find(".history-timeline").TextContent);
    }

    [Fact]
    public async Task LifecycleDiagram_ApprovedElsewhere_FollowsLiveAndEmphasisesDispatch()
    {
        var admin = await SignInAsync(Demo.Admin);
        var id = await WorkOrderIdAsync(SubmittedTitle);
        await SignInAsync(Demo.Dispatcher);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("Submitted", page.Find("#lifecycle [data-current=true]").GetAttribute("data-state")));
        Assert.Empty(page.FindAll("#lifecycle .lc-edge[data-kind=next]"));

        var version = (await WorkOrderAsync(id)).Version;
        Assert.True((await Core.Get<WorkOrderService>().ApproveAsync(admin, id, version, null)).IsOk);

        page.WaitForAssertion(() => Assert.Equal("Approved", page.Find("#lifecycle [data-current=true]").GetAttribute("data-state")));
        Assert.Equal("Dispatch", page.Find("#lifecycle .lc-edge[data-kind=next]").GetAttribute("data-action"));
        Assert.Equal("Approve", page.Find("#lifecycle .lc-edge[data-kind=taken][data-from=Submitted]").GetAttribute("data-action"));
    }

    [Fact]
    public async Task ApproveDialog_SomeoneActedFirst_ShowsConflictKeepsTextAndReloads()
    {
        var admin = await SignInAsync(Demo.Admin);
        var id = await WorkOrderIdAsync(SubmittedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#action-approve"));
        page.Find("#action-approve").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("textarea"));
        Dialogs.Find("textarea").Input("Looks fine.");

        // The same approver, in another tab, denies it first.
        var version = (await WorkOrderAsync(id)).Version;
        Assert.True((await Core.Get<WorkOrderService>().DenyAsync(admin, id, version, "Too expensive.")).IsOk);
        Dialogs.Find("#transition-confirm").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("no longer available", Dialogs.Find("#transition-error").TextContent));
        Assert.Contains(SnackbarMessages, m => m.Contains("changed by someone else", StringComparison.Ordinal));
        Assert.Equal("Looks fine.", Dialogs.Find("textarea").GetAttribute("value") ?? Dialogs.Find("textarea").TextContent);
        Assert.True(Dialogs.Find("#transition-confirm").HasAttribute("disabled"));
        page.WaitForAssertion(() => Assert.Equal("Denied", page.Find(".status-chip").GetAttribute("data-status")));
        Assert.Equal(WorkOrderStatus.Denied, (await WorkOrderAsync(id)).Status);
    }

    [Fact]
    public async Task ResolveAction_WithoutNote_IsRefused_WithNote_ResolvesEveryItem()
    {
        await SignInAsync(Demo.Tech);
        var id = await WorkOrderIdAsync(DispatchedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#action-resolve"));
        page.Find("#action-resolve").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("#transition-confirm"));
        Assert.NotEmpty(Dialogs.FindAll("#resolution-uploader input[type=file][capture=environment]"));

        Dialogs.Find("#transition-confirm").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("resolution note is required", Dialogs.Find("#transition-error").TextContent));
        Assert.Equal(WorkOrderStatus.Dispatched, (await WorkOrderAsync(id)).Status);

        Dialogs.Find("textarea").Input("Bucket replaced, adaptor reseated.");
        Dialogs.Find("#transition-confirm").Click();

        page.WaitForAssertion(() => Assert.Equal("Resolved", page.Find(".status-chip").GetAttribute("data-status")));
        Assert.All((await WorkOrderAsync(id)).ActionItems, i => Assert.Equal(ActionItemStatus.Resolved, i.Status));
    }

    [Fact]
    public async Task SubmitAction_ApproverCandidates_ExcludeTheSubmitter_AndSubmitWorks()
    {
        await SignInAsync(Demo.Dispatcher);
        var id = await WorkOrderIdAsync(DraftTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#action-submit"));
        page.Find("#action-submit").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("#transition-confirm"));

        var select = Dialogs.FindComponent<MudSelect<string>>();
        var options = Dialogs.FindComponents<MudSelectItem<string>>().Select(i => i.Instance.Value).ToList();
        Assert.DoesNotContain(await Core.UserIdAsync(Demo.Dispatcher), options);
        Assert.Contains(await Core.UserIdAsync(Demo.Admin), options);

        Dialogs.Find("#transition-confirm").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("Choose an approver", Dialogs.Find("#transition-error").TextContent));

        var adminId = await Core.UserIdAsync(Demo.Admin);
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(adminId));
        Dialogs.Find("#transition-confirm").Click();

        page.WaitForAssertion(() => Assert.Equal("Submitted", page.Find(".status-chip").GetAttribute("data-status")));
        Assert.Equal(adminId, (await WorkOrderAsync(id)).ApproverId);
    }

    [Fact]
    public async Task DispatchDialog_AssigneeAndDefaultTime_DispatchesInFacilityZone()
    {
        await SignInAsync(Demo.Dispatcher);
        var id = await WorkOrderIdAsync(ApprovedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#action-dispatch"));
        page.Find("#action-dispatch").Click();
        Dialogs.WaitForAssertion(() => Assert.False(Dialogs.Find("#transition-confirm").HasAttribute("disabled")));

        var techId = await Core.UserIdAsync(Demo.Tech);
        var select = Dialogs.FindComponent<MudSelect<string>>();
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(techId));
        Dialogs.Find("#transition-confirm").Click();

        page.WaitForAssertion(() => Assert.Equal("Dispatched", page.Find(".status-chip").GetAttribute("data-status")));
        var wo = await WorkOrderAsync(id);
        Assert.Equal(techId, wo.AssigneeId);
        // Topeka is on Chicago time: 8:00 the next local day.
        var local = TimeZones.ToLocal(wo.ScheduledStart!.Value, "America/Chicago");
        Assert.Equal((TimeZones.ToLocal(CoreHost.Start, "America/Chicago").Date.AddDays(1), new TimeSpan(8, 0, 0)), (local.Date, local.TimeOfDay));
    }

    [Fact]
    public async Task DetailPage_Denied_ShowsWhoDeniedAndWhyAboveTheActions()
    {
        await SignInAsync(Demo.Dispatcher);
        var id = await WorkOrderIdAsync(DeniedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#denial-reason"));
        Assert.Contains("Denied by Morgan Avery", page.Find("#denial-reason").TextContent);
        Assert.Contains("That price is high for a hose; get a second quote.", page.Find("#denial-reason").TextContent);
    }

    [Fact]
    public async Task ResetDialog_Confirmed_ReturnsToDraftAndOpensEditor()
    {
        await SignInAsync(Demo.Dispatcher);
        var id = await WorkOrderIdAsync(DeniedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#action-reset"));

        page.Find("#action-reset").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("#transition-confirm"));
        Assert.Empty(Dialogs.FindAll("textarea"));
        Dialogs.Find("#transition-confirm").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/work-orders/{id}/edit", Navigation.Uri, StringComparison.Ordinal));
        Assert.Equal(WorkOrderStatus.Draft, (await WorkOrderAsync(id)).Status);
    }

    [Fact]
    public async Task Notes_Participant_AddsNote_NonParticipantCannot()
    {
        await SignInAsync(Demo.Admin);
        var id = await WorkOrderIdAsync(SubmittedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#note-add"));

        page.Find("textarea").Input("Checked with the site manager.");
        page.Find("#note-add").Click();

        page.WaitForAssertion(() => Assert.Contains("Checked with the site manager.", page.Find(".notes-thread").TextContent));

        await SignInAsync(Demo.Tech);
        var other = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        other.WaitForAssertion(() => other.Find(".notes-thread"));
        Assert.Empty(other.FindAll("#note-add"));
    }

    [Fact]
    public async Task RescheduleAction_RescheduledBehindThePage_ShowsConflictThenRetrySucceeds()
    {
        var dispatcher = await SignInAsync(Demo.Dispatcher);
        var id = await WorkOrderIdAsync(DispatchedTitle);
        var page = RenderPage<WorkOrderDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#action-reschedule"));
        page.Find("#action-reschedule").Click();
        Dialogs.WaitForAssertion(() => Assert.False(Dialogs.Find("#transition-confirm").HasAttribute("disabled")));

        var wo = await WorkOrderAsync(id);
        var moved = await Core.Get<WorkOrderService>().RescheduleAsync(dispatcher, id, wo.Version, wo.AssigneeId!,
            wo.ScheduledStart!.Value.AddDays(1), wo.ScheduledEnd!.Value.AddDays(1));
        Assert.True(moved.IsOk);
        var adminId = await Core.UserIdAsync(Demo.Admin);
        var select = Dialogs.FindComponent<MudSelect<string>>();
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(adminId));
        Dialogs.Find("#transition-confirm").Click();

        Dialogs.WaitForAssertion(() => Assert.Contains("changed by someone else", Dialogs.Find("#transition-error").TextContent));
        Assert.Contains(SnackbarMessages, m => m.Contains("changed by someone else", StringComparison.Ordinal));
        Assert.Equal(wo.AssigneeId, (await WorkOrderAsync(id)).AssigneeId);

        // The page reloaded behind the dialog; what was chosen is kept and a second try uses the new version.
        Dialogs.Find("#transition-confirm").Click();
        page.WaitForAssertion(() => Assert.Contains("Morgan Avery", page.Find("#participants").TextContent));
        Assert.Equal(adminId, (await WorkOrderAsync(id)).AssigneeId);
    }
}
