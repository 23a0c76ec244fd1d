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

    [Fact]
    public void Filters_Rendered_NativeSelectsNamedByTheirLabelsWithAClearingFirstChoice()
    {
        context.RenderProviders();

        var cut = context.Bunit.Render<DispatchCalendarPage>();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("#filter-assignee option"), o => o.TextContent == "Luis Ortega"));
        foreach (var (id, label, first) in new[] { ("filter-assignee", "Assignee", "Everyone"), ("filter-facility", "Facility", "All facilities"), ("filter-due", "Due", "All"), ("filter-coloring", "Colour by", "Assignee") })
        {
            var select = cut.Find("#" + id);
            Assert.Equal("SELECT", select.TagName);
            // The label wraps the select, so its text is the select's accessible name.
            Assert.Equal("LABEL", select.ParentElement!.TagName);
            Assert.Equal(label, select.ParentElement.QuerySelector("span")!.TextContent);
            Assert.Equal(first, select.QuerySelector("option")!.TextContent);
        }
        Assert.Equal("", cut.Find("#filter-assignee option").GetAttribute("value"));
        Assert.Equal("", cut.Find("#filter-facility option").GetAttribute("value"));
        Assert.Contains(cut.FindAll("#filter-facility option"), o => o.TextContent == "Station 7 – Denver Colfax");
        Assert.Equal(["Any", "Overdue", "DueSoon"], cut.FindAll("#filter-due option").Select(o => o.GetAttribute("value")!));
    }

    [Fact]
    public async Task AssigneeFilter_SomeoneElseChosenThenEveryone_VisitHiddenThenBack()
    {
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        context.RenderProviders();
        var cut = context.Bunit.Render<DispatchCalendarPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($".work-calendar [data-workorder='{denver.Id}']")));
        var other = cut.FindAll("#filter-assignee option").First(o => o.GetAttribute("value") is { Length: > 0 } && o.TextContent != "Luis Ortega").GetAttribute("value");
        var luis = cut.FindAll("#filter-assignee option").Single(o => o.TextContent == "Luis Ortega").GetAttribute("value");

        cut.Find("#filter-assignee").Change(other);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($".work-calendar [data-workorder='{denver.Id}']")));
        Assert.True(cut.FindAll("#filter-assignee option").Single(o => o.GetAttribute("value") == other).HasAttribute("selected"));

        cut.Find("#filter-assignee").Change(luis);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($".work-calendar [data-workorder='{denver.Id}']")));

        cut.Find("#filter-assignee").Change("");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($".work-calendar [data-workorder='{denver.Id}']")));
        Assert.True(cut.Find("#filter-assignee option").HasAttribute("selected"));
    }

    [Fact]
    public async Task FacilityFilter_ChosenThenCleared_FacilitysZoneThenTheDefaultAgain()
    {
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        context.RenderProviders();
        var cut = context.Bunit.Render<DispatchCalendarPage>();
        cut.WaitForAssertion(() => Assert.Equal("America/Chicago", cut.Find(".work-calendar").GetAttribute("data-zone")));

        cut.Find("#filter-facility").Change(denver.FacilityId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        cut.WaitForAssertion(() => Assert.Equal("America/Denver", cut.Find(".work-calendar").GetAttribute("data-zone")));
        Assert.StartsWith("Times in America/Denver, the time zone of Station 7 – Denver Colfax.", cut.Find("#calendar-zone").TextContent.Trim());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($".work-calendar [data-workorder='{denver.Id}']")));

        cut.Find("#filter-facility").Change("");
        cut.WaitForAssertion(() => Assert.Equal("America/Chicago", cut.Find(".work-calendar").GetAttribute("data-zone")));
    }

    [Fact]
    public void Filters_UnknownValuesFromTheBrowser_KeepTheCurrentChoice()
    {
        context.RenderProviders();
        var cut = context.Bunit.Render<DispatchCalendarPage>();
        cut.WaitForAssertion(() => cut.Find(".work-calendar"));

        cut.Find("#filter-facility").Change("999999");
        cut.Find("#filter-due").Change("Someday");
        cut.Find("#filter-coloring").Change("Mood");

        Assert.Equal("America/Chicago", cut.Find(".work-calendar").GetAttribute("data-zone"));
        Assert.True(cut.Find("#filter-due option[value=Any]").HasAttribute("selected"));
        Assert.True(cut.Find("#filter-coloring option[value=Assignee]").HasAttribute("selected"));
    }

    [Fact]
    public void ColourBy_StatusChosen_LegendListsStatuses()
    {
        context.RenderProviders();
        var cut = context.Bunit.Render<DispatchCalendarPage>();
        cut.WaitForAssertion(() => Assert.Contains("Luis Ortega", cut.Find(".calendar-legend").TextContent));

        cut.Find("#filter-coloring").Change("Status");

        cut.WaitForAssertion(() => Assert.Contains("Dispatched", cut.Find(".calendar-legend").TextContent));
        Assert.DoesNotContain("Luis Ortega", cut.Find(".calendar-legend").TextContent);
    }
}
