using Bunit;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Scheduling;

namespace WorkOrders.Tests.Web.Components;

public sealed class DispatchCalendarPageTests : IAsyncLifetime
{
    private CalendarTestContext context = default!;

    public async Task InitializeAsync() => context = await CalendarTestContext.StartAsync(Demo.Dispatcher);
    public async Task DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public void Page_WithoutBrowserZone_ShowsFirstFacilitysZoneAndSaysSo()
    {
        context.RenderProviders();

        var cut = context.Bunit.Render<DispatchCalendarPage>();

        cut.WaitForAssertion(() => Assert.StartsWith("Times in America/Chicago, the time zone of Station 12 – Wichita East.", cut.Find("#calendar-zone").TextContent.Trim()));
        Assert.Equal("America/Chicago", cut.Find(".work-calendar").GetAttribute("data-zone"));
    }

    [Fact]
    public async Task Tray_ListsApprovedWorkOfTheSubmitter_AndPickingOneAsksForASlot()
    {
        var approved = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle);
        context.RenderProviders();
        var cut = context.Bunit.Render<DispatchCalendarPage>();
        cut.WaitForAssertion(() => cut.Find($"#ready-tray [data-workorder='{approved.Id}']"));

        cut.Find($"#ready-tray [data-workorder='{approved.Id}'] .ready-pick").Click();

        Assert.Contains($"Click a time slot for {approved.Number}", cut.Find("#armed-item").TextContent);
        Assert.Equal("true", cut.Find(".ready-pick").GetAttribute("aria-pressed"));
    }
}
