using Bunit;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Scheduling;

namespace WorkOrders.Tests.Web.Components;

/// <summary>
/// The calendar as rendered: the week of the fake clock (Sun 15 – Sat 21 Nov 2026 in Chicago). The seeded
/// Denver job is on Sat 21 Nov 9:00 Denver time; the seeded resolved job was on Sat 14 Nov, the week before.
/// </summary>
public sealed class WorkCalendarTests : IAsyncLifetime
{
    private readonly List<CalendarTestContext> contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var c in contexts) await c.DisposeAsync();
    }

    private async Task<CalendarTestContext> AsAsync(string email, CoreHost? host = null)
    {
        var context = await CalendarTestContext.StartAsync(email, host);
        if (host is null) contexts.Add(context);
        return context;
    }

    private static IRenderedComponent<WorkCalendar> Render(CalendarTestContext context, CalendarScope scope = CalendarScope.Dispatch, int? facilityId = null) =>
        context.Bunit.Render<WorkCalendar>(p => p
            .Add(x => x.DisplayZone, "America/Chicago")
            .Add(x => x.Scope, scope)
            .Add(x => x.FacilityId, facilityId));

    private static List<int> Shown(IRenderedComponent<WorkCalendar> cut) =>
        cut.FindAll("[data-workorder]").Select(e => int.Parse(e.GetAttribute("data-workorder")!)).Distinct().Order().ToList();

    [Theory]
    [InlineData(typeof(WorkOrders.Web.Components.Pages.Scheduling.DispatchCalendarPage))]
    [InlineData(typeof(WorkOrders.Web.Components.Pages.Facilities.FacilityPage))]
    [InlineData(typeof(WorkOrders.Web.Components.Pages.MyWork.MySchedulePage))]
    public void CalendarPage_Marked_ServerDrawnHeadBringsRadzensStylesheet(Type page)
    {
        // The head is drawn by the server, so the calendar inside the page's island cannot add the stylesheet itself;
        // App.razor adds it for pages with this mark (the browser test checks the head of /calendar).
        Assert.True(Attribute.IsDefined(page, typeof(WorkOrders.Web.Components.Layout.UsesRadzenAttribute)));
    }

    [Fact]
    public async Task Calendar_WeekView_LoadsOnlyTheVisibleWeek()
    {
        var context = await AsAsync(Demo.Dispatcher);
        var later = await SchedulingFixture.DispatchApprovedAsync(context.Host, new DateTimeOffset(2026, 12, 10, 15, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);

        var cut = Render(context);

        cut.WaitForAssertion(() => Assert.Equal([denver.Id], Shown(cut)));
        Assert.Equal("1", cut.Find(".work-calendar").GetAttribute("data-count"));
        Assert.DoesNotContain(later.Id, Shown(cut));
    }

    [Fact]
    public async Task Calendar_Appointment_ShowsNumberFacilityAssigneeAndFacilityLocalTimeInTooltip()
    {
        var context = await AsAsync(Demo.Dispatcher);
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);

        var cut = Render(context);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-workorder='{denver.Id}']")));
        var appointment = cut.Find($"[data-workorder='{denver.Id}']");
        Assert.Contains("Facility time: Sat 11/21/2026 9:00 AM – 12:00 PM (America/Denver)", appointment.GetAttribute("title"));
        Assert.Contains(denver.Number, appointment.TextContent);
        Assert.Contains("Station 7 – Denver Colfax", appointment.TextContent);
        Assert.Contains("Luis Ortega", appointment.TextContent);
    }

    [Fact]
    public async Task Calendar_ForEachKindOfUser_ShowsOnlyTheirWork()
    {
        var dispatcher = await AsAsync(Demo.Dispatcher);
        var host = dispatcher.Host;
        var provider = await SchedulingFixture.DispatchProviderWorkAsync(host, new DateTimeOffset(2026, 11, 19, 15, 0, 0, TimeSpan.Zero));
        var denver = await SchedulingFixture.FindAsync(host, SchedulingFixture.DispatchedTitle);
        await using var providerTech = await AsAsync(Demo.ProviderTech, host);
        await using var otherCompany = await AsAsync(Demo.OtherCompanyAdmin, host);

        var company = Render(dispatcher);
        var technician = Render(providerTech);
        var stranger = Render(otherCompany);
        var dispatcherOwn = Render(dispatcher, CalendarScope.Mine);

        company.WaitForAssertion(() => Assert.Equal(new[] { denver.Id, provider.Id }.Order(), Shown(company)));
        technician.WaitForAssertion(() => Assert.Equal([provider.Id], Shown(technician)));
        stranger.WaitForAssertion(() => Assert.Equal("0", stranger.Find(".work-calendar").GetAttribute("data-count")));
        Assert.Empty(Shown(stranger));
        Assert.Empty(Shown(dispatcherOwn));
    }

    [Fact]
    public async Task Calendar_FacilityFilter_ShowsThatFacilityOnly()
    {
        var context = await AsAsync(Demo.Dispatcher);
        var topeka = await SchedulingFixture.DispatchApprovedAsync(context.Host, new DateTimeOffset(2026, 11, 19, 15, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        var cut = Render(context, facilityId: topeka.FacilityId);

        cut.WaitForAssertion(() => Assert.Equal([topeka.Id], Shown(cut)));
    }

    [Fact]
    public async Task Calendar_WeekWithMoreVisitsThanDrawn_SaysHowManyInAStatusRegionUntilAFilterShowsThemAll()
    {
        var context = await AsAsync(Demo.Dispatcher);
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var monday = new DateTimeOffset(2026, 11, 16, 14, 0, 0, TimeSpan.Zero);
        await SchedulingFixture.CopyVisitsAsync(context.Host, denver, Enumerable.Range(0, CalendarQueries.MaxVisitsShown + 4).Select(i => monday.AddMinutes(20 * i)));
        var topeka = await SchedulingFixture.DispatchApprovedAsync(context.Host, new DateTimeOffset(2026, 11, 19, 15, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        var cut = context.Bunit.Render<WorkCalendar>(p => p.Add(x => x.DisplayZone, "America/Chicago").Add(x => x.NarrowHint, "Choose an assignee."));

        // The copies, the seeded Denver visit and the Topeka one: 106 in the week, the first 100 drawn.
        cut.WaitForAssertion(() => Assert.Contains($"Showing the first {CalendarQueries.MaxVisitsShown} of {CalendarQueries.MaxVisitsShown + 6} visits in this period. Choose an assignee.",
            cut.Find("[role=status] #calendar-cut").TextContent));
        Assert.Equal($"{CalendarQueries.MaxVisitsShown}", cut.Find(".work-calendar").GetAttribute("data-count"));

        var filtered = Render(context, facilityId: topeka.FacilityId);

        filtered.WaitForAssertion(() => Assert.Equal([topeka.Id], Shown(filtered)));
        Assert.Empty(filtered.FindAll("#calendar-cut"));
        Assert.Single(filtered.FindAll("[role=status].calendar-cut"));
    }

    [Fact]
    public async Task Calendar_WhenSomeoneElseDispatches_ShowsItWithoutReload()
    {
        var context = await AsAsync(Demo.Admin);
        var cut = Render(context);
        cut.WaitForAssertion(() => Assert.Single(Shown(cut)));

        var dispatched = await SchedulingFixture.DispatchApprovedAsync(context.Host, new DateTimeOffset(2026, 11, 19, 15, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        cut.WaitForAssertion(() => Assert.Contains(dispatched.Id, Shown(cut)));
    }

    [Fact]
    public async Task Calendar_WhenTheAssigneeResolves_ShowsTheJobResolved()
    {
        var context = await AsAsync(Demo.Dispatcher);
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var cut = Render(context);
        cut.WaitForAssertion(() => Assert.Single(Shown(cut)));

        var resolved = await context.Host.Get<WorkOrderService>().ResolveAsync(await context.Host.ActorAsync(Demo.Tech), denver.Id, denver.Version, "Done.");

        Assert.True(resolved.IsOk);
        cut.WaitForAssertion(() => Assert.Contains("Status: Resolved", cut.Find($"[data-workorder='{denver.Id}']").GetAttribute("title")));
    }
}
