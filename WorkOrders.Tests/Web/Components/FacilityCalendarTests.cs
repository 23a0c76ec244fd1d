using Bunit;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Facilities;

namespace WorkOrders.Tests.Web.Components;

public sealed class FacilityCalendarTests : IAsyncLifetime
{
    private CalendarTestContext context = default!;

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public async Task FacilityCalendar_ShowsTheFacilitysWorkInItsZone()
    {
        context = await CalendarTestContext.StartAsync(Demo.Admin);
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);

        var cut = context.Bunit.Render<FacilityCalendar>(p => p.Add(x => x.FacilityId, denver.FacilityId));

        cut.WaitForAssertion(() => cut.Find($"[data-workorder='{denver.Id}']"));
        Assert.Equal("Times in America/Denver, the facility's time zone.", cut.Find(".facility-calendar-zone").TextContent);
        Assert.Equal("America/Denver", cut.Find(".work-calendar").GetAttribute("data-zone"));
    }

    [Fact]
    public async Task FacilityCalendar_OfAnotherTenantsFacility_ShowsNothing()
    {
        context = await CalendarTestContext.StartAsync(Demo.OtherCompanyAdmin);
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);

        var cut = context.Bunit.Render<FacilityCalendar>(p => p.Add(x => x.FacilityId, denver.FacilityId));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        Assert.Empty(cut.FindAll(".work-calendar"));
        Assert.DoesNotContain("Denver", cut.Markup);
    }
}
