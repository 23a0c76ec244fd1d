using Bunit;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.MyWork;

namespace WorkOrders.Tests.Web.Components;

public sealed class MyWorkTests : IAsyncLifetime
{
    private CalendarTestContext context = default!;

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public async Task MyWork_Assignee_ShowsJobCardsWithAddressFacilityTimeAndItemCount()
    {
        context = await CalendarTestContext.StartAsync(Demo.Tech);
        var today = await SchedulingFixture.DispatchApprovedAsync(context.Host, CoreHost.Start.AddHours(2), TimeSpan.FromHours(1));
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);

        var cut = context.Bunit.Render<MyWorkPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("#upcoming-jobs .job-card")));
        var upcoming = cut.Find($"#upcoming-jobs [data-workorder='{denver.Id}']");
        Assert.Equal($"/my-work/{denver.Id}", upcoming.GetAttribute("href"));
        Assert.Contains("Sat 11/21/2026 9:00 AM – 12:00 PM", upcoming.TextContent);
        Assert.Contains("7400 E Colfax Ave, Denver, CO 80220", upcoming.TextContent);
        Assert.Contains("2 action items", upcoming.TextContent);
        Assert.Contains("America/Denver", upcoming.TextContent);
        Assert.Contains("Fri 11/20/2026 11:00 AM – 12:00 PM", cut.Find($"#today-jobs [data-workorder='{today.Id}']").TextContent);
    }

    [Fact]
    public async Task MyWork_UserWithoutAssignments_SaysNothingIsScheduled()
    {
        context = await CalendarTestContext.StartAsync(Demo.Dispatcher);

        var cut = context.Bunit.Render<MyWorkPage>();

        cut.WaitForAssertion(() => Assert.Equal("Nothing scheduled for today.", cut.Find("#today-empty").TextContent));
        Assert.Empty(cut.FindAll(".job-card"));
    }

    [Fact]
    public async Task Job_MarkResolved_AsksForANoteThenShowsEveryActionItemResolved()
    {
        context = await CalendarTestContext.StartAsync(Demo.Tech);
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var provider = context.RenderProviders();
        var cut = context.Bunit.Render<JobPage>(p => p.Add(x => x.Id, denver.Id));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".action-item").Count));
        Assert.All(cut.FindAll(".item-status"), s => Assert.Equal("Open", s.TextContent));

        cut.Find("#mark-resolved").Click();
        provider.WaitForAssertion(() => provider.Find("#transition-confirm"));
        provider.Find("#transition-confirm").Click();
        provider.WaitForAssertion(() => Assert.Contains("required", provider.Find("#transition-error").TextContent));
        provider.Find("textarea").Input("Replaced the spill bucket and the adaptor; tested tight.");
        provider.Find("#transition-confirm").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Resolved", "Resolved"], cut.FindAll(".item-status").Select(s => s.TextContent)));
        Assert.Equal("Resolved", cut.Find("#job-status").TextContent);
        Assert.Empty(cut.FindAll("#mark-resolved"));
        await using var db = await context.Host.DbAsync();
        Assert.All(await db.ActionItems.Where(i => i.WorkOrderId == denver.Id).ToListAsync(), i => Assert.Equal(ActionItemStatus.Resolved, i.Status));
        Assert.Equal(WorkOrderStatus.Resolved, (await db.WorkOrders.SingleAsync(w => w.Id == denver.Id)).Status);
    }

    [Fact]
    public async Task Job_AddNote_AppearsInTheThread()
    {
        context = await CalendarTestContext.StartAsync(Demo.Tech);
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        context.RenderProviders();
        var cut = context.Bunit.Render<JobPage>(p => p.Add(x => x.Id, denver.Id));
        cut.WaitForAssertion(() => cut.Find("#note-text"));

        cut.Find("textarea").Input("Parts on order, back Monday.");
        cut.Find("#note-add").Click();

        cut.WaitForAssertion(() => Assert.Contains("Parts on order, back Monday.", cut.Find("#notes").TextContent));
        Assert.Contains("Luis Ortega", cut.Find("#notes").TextContent);
    }

    [Fact]
    public async Task Job_OfAnotherTenant_IsNotFound()
    {
        context = await CalendarTestContext.StartAsync(Demo.OtherCompanyAdmin);
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        context.RenderProviders();

        var cut = context.Bunit.Render<JobPage>(p => p.Add(x => x.Id, denver.Id));

        cut.WaitForAssertion(() => cut.Find("#not-found"));
        Assert.DoesNotContain("Diesel", cut.Markup);
    }
}
