using Bunit;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Scheduling;

namespace WorkOrders.Tests.Web.Components;

/// <summary>
/// The calendar's own week view (ADR-028): the week of the fake clock, Sun 15 – Sat 21 Nov 2026 in Chicago, 06:00–22:00 in
/// half hours. Its slots are shared markup; what the browser's one listener reports comes in through the calendar's
/// [JSInvokable] methods, called here as the browser would.
/// </summary>
public sealed class SlotWeekViewTests : IAsyncLifetime
{
    private CalendarTestContext context = null!;

    public async Task InitializeAsync() => context = await CalendarTestContext.StartAsync(Demo.Dispatcher);

    public async Task DisposeAsync() => await context.DisposeAsync();

    private IRenderedComponent<WorkCalendar> Render(List<(DateTimeOffset Start, DateTimeOffset End)>? selected = null, bool allowMoves = false)
    {
        var cut = context.Bunit.Render<WorkCalendar>(p =>
        {
            p.Add(x => x.DisplayZone, "America/Chicago").Add(x => x.AllowMoves, allowMoves);
            if (selected is not null) p.Add(x => x.OnSlotSelected, window => selected.Add(window));
        });
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-workorder]")));
        return cut;
    }

    [Fact]
    public void WeekView_SlotsSelectable_Draws224ButtonsNamedByTheirTime()
    {
        var cut = Render(selected: []);

        var slots = cut.FindAll(".rz-week-view-content [data-slot-start]");
        Assert.Equal(7 * 32, slots.Count);
        Assert.Equal("2026-11-15T06:00:00", slots[0].GetAttribute("data-slot-start"));
        Assert.Equal("2026-11-15T06:30:00", slots[0].GetAttribute("data-slot-end"));
        Assert.Equal("button", slots[0].GetAttribute("role"));
        Assert.Equal("Schedule at Sunday, November 15, 6:00 AM", slots[0].GetAttribute("aria-label"));
        Assert.Equal("rz-slot", slots[0].GetAttribute("class"));
        Assert.Equal("rz-slot rz-slot-minor", slots[1].GetAttribute("class"));
        Assert.Equal("2026-11-21T21:30:00", slots[^1].GetAttribute("data-slot-start"));
        Assert.Equal("2026-11-21T22:00:00", slots[^1].GetAttribute("data-slot-end"));
        Assert.Equal("0", cut.Find("[data-slot-grid]").GetAttribute("tabindex"));
    }

    [Fact]
    public void WeekView_SlotsNotSelectable_NamesSlotsByTitleAndOffersNoTabStop()
    {
        var cut = Render();

        var slot = cut.FindAll(".rz-week-view-content [data-slot-start]")[21];
        Assert.Equal("Sunday, November 15, 4:30 PM", slot.GetAttribute("title"));
        Assert.False(slot.HasAttribute("role"));
        Assert.False(cut.Find("[data-slot-grid]").HasAttribute("tabindex"));
    }

    [Fact]
    public void WeekView_Slots_RegisterNoEventHandler()
    {
        var cut = Render(selected: [], allowMoves: true);

        // Blazor marks every element with a handler as blazor:on…; Radzen's week view had two on each of the 224 slots.
        var week = cut.Find(".rz-week-view");
        var withHandlers = week.QuerySelectorAll("*").Where(e => e.Attributes.Any(a => a.Name.StartsWith("blazor:on"))).ToList();
        Assert.DoesNotContain(withHandlers, e => e.HasAttribute("data-slot-start"));
        // What is left are the appointments' own handlers (select, keyboard, tooltip).
        Assert.All(withHandlers, e => Assert.Contains("rz-event", e.GetAttribute("class")));
        Assert.True(withHandlers.Count <= cut.FindAll("[data-workorder]").Count, $"{withHandlers.Count} elements with handlers");
    }

    [Fact]
    public async Task SelectSlot_FromBrowser_RaisesOnSlotSelectedWithTheProposedWindow()
    {
        var selected = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        var cut = Render(selected);

        await cut.InvokeAsync(() => cut.Instance.SelectSlotAsync("2026-11-17T10:00:00", "2026-11-17T10:30:00"));

        var window = Assert.Single(selected);
        Assert.Equal(CalendarMapping.ProposedWindow(new DateTime(2026, 11, 17, 10, 0, 0), new DateTime(2026, 11, 17, 10, 30, 0), "America/Chicago"), window);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 16, 0, 0, TimeSpan.Zero), window.Start);
    }

    [Theory]
    [InlineData("tomorrow", "2026-11-17T10:30:00")]
    [InlineData("2026-11-17T10:00:00", "")]
    [InlineData("2026-11-22T10:00:00", "2026-11-22T10:30:00")] // the next week
    [InlineData("2026-11-17T05:30:00", "2026-11-17T06:00:00")] // before the view's hours
    [InlineData("2026-11-17T22:00:00", "2026-11-17T22:30:00")] // after them
    [InlineData("2026-11-17T10:10:00", "2026-11-17T10:40:00")] // not a slot boundary
    [InlineData("2026-11-17T10:00:00", "2026-11-17T12:00:00")] // not a slot's length
    [InlineData("2026-11-17 10:00", "2026-11-17 10:30")]       // not the slot's own text
    public async Task SelectSlot_TimeNotOfASlotShown_ChangesNothing(string start, string end)
    {
        var selected = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        var cut = Render(selected);

        await cut.InvokeAsync(() => cut.Instance.SelectSlotAsync(start, end));

        Assert.Empty(selected);
    }

    [Fact]
    public async Task MoveToSlot_AfterAnAppointmentsDragStart_ReschedulesItThroughCore()
    {
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var cut = Render(allowMoves: true);
        var appointment = cut.FindComponents<Radzen.Blazor.Rendering.Appointment>()
            .Single(a => a.Instance.Data?.Data is CalendarAppointment c && c.Entry.Id == denver.Id);

        // Sat 21 Nov 9:00 Denver is 10:00 in Chicago; Radzen's drag start, then the slot an hour later.
        await cut.InvokeAsync(() => appointment.Instance.OnDragStartAsync());
        await cut.InvokeAsync(() => cut.Instance.MoveToSlotAsync("2026-11-21T11:00:00", "2026-11-21T11:30:00"));

        var after = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        Assert.Equal(denver.ScheduledStart!.Value.AddHours(1), after.ScheduledStart);
        Assert.Equal(denver.ScheduledEnd!.Value.AddHours(1), after.ScheduledEnd);
    }

    [Fact]
    public async Task MoveToSlot_AfterADragThatEndedOffTheSlots_MovesTheAppointmentDraggedLast()
    {
        // Thu 19 Nov 9:00 in Chicago: a second visit the dispatcher may move.
        var thursday = await SchedulingFixture.DispatchApprovedAsync(context.Host, new DateTimeOffset(2026, 11, 19, 15, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var cut = Render(allowMoves: true);
        Radzen.Blazor.Rendering.Appointment AppointmentOf(int id) => cut.FindComponents<Radzen.Blazor.Rendering.Appointment>()
            .Single(a => a.Instance.Data?.Data is CalendarAppointment c && c.Entry.Id == id).Instance;

        // The first drag ends outside every slot (the browser reports no drop); the second is dropped an hour later.
        await cut.InvokeAsync(() => AppointmentOf(thursday.Id).OnDragStartAsync());
        await cut.InvokeAsync(() => AppointmentOf(denver.Id).OnDragStartAsync());
        await cut.InvokeAsync(() => cut.Instance.MoveToSlotAsync("2026-11-21T11:00:00", "2026-11-21T11:30:00"));

        Assert.Equal(denver.ScheduledStart!.Value.AddHours(1), (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle)).ScheduledStart);
        Assert.Equal(thursday.ScheduledStart, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle)).ScheduledStart);
    }

    [Theory]
    [InlineData(true, "2026-11-21T11:00:00", "2026-11-21T11:30:00")]  // nothing is being dragged
    [InlineData(false, "2026-11-28T11:00:00", "2026-11-28T11:30:00")] // a slot of another week
    [InlineData(false, "soon", "later")]
    public async Task MoveToSlot_NoDragOrNotASlotShown_ChangesNothing(bool withoutDrag, string start, string end)
    {
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var cut = Render(allowMoves: true);
        if (!withoutDrag)
        {
            var appointment = cut.FindComponents<Radzen.Blazor.Rendering.Appointment>()
                .Single(a => a.Instance.Data?.Data is CalendarAppointment c && c.Entry.Id == denver.Id);
            await cut.InvokeAsync(() => appointment.Instance.OnDragStartAsync());
        }

        await cut.InvokeAsync(() => cut.Instance.MoveToSlotAsync(start, end));

        Assert.Equal(denver.ScheduledStart, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle)).ScheduledStart);
    }

    [Theory]
    [InlineData("2026-11-17T10:00:00", "2026-11-17T10:30:00", true)]
    [InlineData("2026-11-28T10:00:00", "2026-11-28T10:30:00", false)] // a week not shown
    [InlineData("10 o'clock", "2026-11-17T10:30:00", false)]
    public async Task TrayCardDrop_FromBrowser_OpensOnlyForASlotOfTheRangeShown(string start, string end, bool opens)
    {
        var drops = new List<(int WorkOrderId, DateTimeOffset Start, DateTimeOffset End)>();
        var cut = context.Bunit.Render<WorkCalendar>(p => p.Add(x => x.DisplayZone, "America/Chicago").Add(x => x.OnDrop, drop => drops.Add(drop)));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-workorder]")));

        await cut.Instance.DropAsync(42, start, end);

        if (opens) Assert.Equal((42, new DateTimeOffset(2026, 11, 17, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 17, 18, 0, 0, TimeSpan.Zero)), Assert.Single(drops));
        else Assert.Empty(drops);
    }

    [Fact]
    public void SlotColumn_SameDayAndSettings_IsOneSharedString()
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        var day = new DateTime(2031, 3, 4);

        var first = WeekSlotMarkup.Column(day, TimeSpan.FromHours(6), TimeSpan.FromHours(22), 30, culture, selectable: true);
        var again = WeekSlotMarkup.Column(day, TimeSpan.FromHours(6), TimeSpan.FromHours(22), 30, culture, selectable: true);
        var other = WeekSlotMarkup.Column(day, TimeSpan.FromHours(6), TimeSpan.FromHours(22), 30, culture, selectable: false);

        Assert.Same(first.Value, again.Value);
        Assert.NotEqual(first.Value, other.Value);
        Assert.True(WeekSlotMarkup.Count <= WeekSlotMarkup.Capacity);
    }
}
