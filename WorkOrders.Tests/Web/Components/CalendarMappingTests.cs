using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;
using WorkOrders.Web.Components.Pages.Scheduling;

namespace WorkOrders.Tests.Web.Components;

public sealed class CalendarMappingTests
{
    private static CalendarEntry Entry(DateTimeOffset start, string zone = "America/Denver", string? assigneeId = "a1") =>
        new(7, "Spill bucket", 2, "Station 7 – Denver Colfax", zone, assigneeId, "Luis Ortega", WorkOrderStatus.Dispatched, start, start.AddHours(3), 2, true);

    [Fact]
    public void ToAppointments_InDisplayZone_ShowsWallClockOfThatZoneAndFacilityTimeInTooltip()
    {
        var start = new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero); // 9:00 in Denver, 10:00 in Chicago

        var a = Assert.Single(CalendarMapping.ToAppointments([Entry(start)], "America/Chicago", CalendarColoring.Assignee, new Dictionary<string, string>()));

        Assert.Equal(new DateTime(2026, 11, 24, 10, 0, 0), a.Start);
        Assert.Equal(new DateTime(2026, 11, 24, 13, 0, 0), a.End);
        Assert.Contains("Facility time: Tue 11/24/2026 9:00 AM – 12:00 PM (America/Denver)", a.Tooltip);
        Assert.Equal("WO-000007 · Station 7 – Denver Colfax · Luis Ortega", a.Text);
    }

    [Fact]
    public void ToRange_OfAWeekView_IsTheInstantsOfTheDisplayZonesMidnights()
    {
        var (from, to) = CalendarMapping.ToRange(new DateTime(2026, 11, 22), new DateTime(2026, 11, 29), "America/Chicago");

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), from.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero), to.ToUniversalTime());
    }

    [Fact]
    public void ToInstant_TimeSkippedByDaylightSaving_MovesToTheFirstExistingTime()
    {
        var instant = CalendarMapping.ToInstant(new DateTime(2026, 3, 8, 2, 30, 0), "America/Chicago");

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-5)), instant);
    }

    [Fact]
    public void ProposedWindow_WholeDaySlot_StartsAtEightForTwoHours()
    {
        var (start, end) = CalendarMapping.ProposedWindow(new DateTime(2026, 11, 25), new DateTime(2026, 11, 26), "America/Denver");

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(-7)), start);
        Assert.Equal(TimeSpan.FromHours(2), end - start);
    }

    [Fact]
    public void ColorOf_ByAssignee_FollowsTheLegendOrder()
    {
        var colors = CalendarMapping.AssigneeColors([new CalendarPerson("a0", "Ann"), new CalendarPerson("a1", "Luis")]);

        Assert.Equal(CalendarMapping.Palette[1], CalendarMapping.ColorOf(Entry(DateTimeOffset.UnixEpoch), CalendarColoring.Assignee, colors));
        Assert.Equal(CalendarMapping.StatusColors[WorkOrderStatus.Dispatched], CalendarMapping.ColorOf(Entry(DateTimeOffset.UnixEpoch), CalendarColoring.Status, colors));
    }
}
