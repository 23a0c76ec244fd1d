using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Radzen.Blazor;
using Radzen.Blazor.Rendering;

namespace WorkOrders.Web.Components.Pages.Scheduling;

/// <summary>
/// The scheduler's week view, declared like <c>RadzenWeekView</c> and behaving like it (range, title, paging, the
/// appointments, moving and resizing them), but drawn by <see cref="WeekSlotGrid"/>, whose slots carry no event handler
/// (ADR-028). A view is Radzen's extension point: the scheduler asks it for its range and for a fragment to show.
/// </summary>
public sealed class SlotWeekView : SchedulerViewBase
{
    public override string Icon => "calendar_view_week";

    /// <summary>The view switcher's label, as Radzen's week view names itself in English.</summary>
    [Parameter] public override string Text { get; set; } = "Week";

    [Parameter] public string TimeFormat { get; set; } = "h tt";
    [Parameter] public string HeaderFormat { get; set; } = "ddd";
    [Parameter] public TimeSpan StartTime { get; set; } = TimeSpan.FromHours(8);
    [Parameter] public TimeSpan EndTime { get; set; } = TimeSpan.FromHours(24);
    [Parameter] public int MinutesPerSlot { get; set; } = 30;

    /// <summary>Slots schedule when clicked, tapped or chosen with Enter or Space.</summary>
    [Parameter] public bool Selectable { get; set; }

    [Parameter] public WeekGridLink? Link { get; set; }

    private CultureInfo Culture => Scheduler?.Culture ?? CultureInfo.CurrentCulture;

    public override DateTime StartDate => (Scheduler?.CurrentDate.Date ?? DateTime.Today).StartOfWeek(Culture);

    public override DateTime EndDate => StartDate.EndOfWeek(Culture).AddDays(1);

    public override string Title
    {
        get
        {
            var last = StartDate.EndOfWeek(Culture);
            var pattern = Culture.DateTimeFormat.ShortDatePattern;
            return FormatTitle(StartDate, last, $"{StartDate.ToString(pattern, Culture)} - {last.ToString(pattern, Culture)}");
        }
    }

    public override DateTime Next() => (Scheduler?.CurrentDate.Date ?? DateTime.Today).AddDays(7);

    public override DateTime Prev() => (Scheduler?.CurrentDate.Date ?? DateTime.Today).AddDays(-7);

    // The view itself draws nothing where it is declared; the scheduler shows Render() for the selected view.
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
    }

    public override RenderFragment Render()
    {
        var appointments = Scheduler?.GetAppointmentsInRange(StartDate, EndDate).ToList() ?? [];
        return builder =>
        {
            builder.OpenComponent<CascadingValue<IScheduler>>(0);
            builder.AddComponentParameter(1, nameof(CascadingValue<IScheduler>.Value), Scheduler);
            builder.AddComponentParameter(2, nameof(CascadingValue<IScheduler>.ChildContent), (RenderFragment)(grid =>
            {
                grid.OpenComponent<WeekSlotGrid>(3);
                grid.AddComponentParameter(4, nameof(WeekSlotGrid.StartDate), StartDate);
                grid.AddComponentParameter(5, nameof(WeekSlotGrid.EndDate), EndDate);
                grid.AddComponentParameter(6, nameof(WeekSlotGrid.StartTime), StartTime);
                grid.AddComponentParameter(7, nameof(WeekSlotGrid.EndTime), EndTime);
                grid.AddComponentParameter(8, nameof(WeekSlotGrid.MinutesPerSlot), MinutesPerSlot);
                grid.AddComponentParameter(9, nameof(WeekSlotGrid.TimeFormat), TimeFormat);
                grid.AddComponentParameter(10, nameof(WeekSlotGrid.HeaderFormat), HeaderFormat);
                grid.AddComponentParameter(11, nameof(WeekSlotGrid.Appointments), (IList<AppointmentData>)appointments);
                grid.AddComponentParameter(12, nameof(WeekSlotGrid.Selectable), Selectable);
                grid.AddComponentParameter(13, nameof(WeekSlotGrid.Link), Link);
                grid.AddComponentParameter(14, nameof(WeekSlotGrid.AppointmentMove),
                    EventCallback.Factory.Create<Radzen.SchedulerAppointmentMoveEventArgs>(this, OnAppointmentMove));
                grid.CloseComponent();
            }));
            builder.CloseComponent();
        };
    }
}
