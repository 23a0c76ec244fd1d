using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Scheduling;
using WorkOrders.Web.Components.Shared;
using WorkOrders.Web.Components.Shared.Transitions;

namespace WorkOrders.Tests.Web.Components;

/// <summary>The due badge, and the red-tag warning as the schedule dialog and a calendar drag show it.</summary>
public sealed class DueScreensTests : IAsyncLifetime
{
    private static readonly DateOnly DueTomorrow = new(2026, 11, 21);
    private CalendarTestContext context = default!;

    public async Task InitializeAsync() => context = await CalendarTestContext.StartAsync(Demo.Dispatcher);
    public async Task DisposeAsync() => await context.DisposeAsync();

    private async Task SetDueAsync(string title, DateOnly due)
    {
        await using var db = await context.Host.DbAsync();
        await db.WorkOrders.Where(w => w.Title == title).ExecuteUpdateAsync(s => s.SetProperty(w => w.DueDate, due));
    }

    private async Task<WorkOrderHistoryEntry> LastHistoryAsync(int id)
    {
        await using var db = await context.Host.DbAsync();
        return await db.Set<WorkOrderHistoryEntry>().Where(h => h.WorkOrderId == id).OrderByDescending(h => h.Id).FirstAsync();
    }

    [Theory]
    [InlineData(DueState.Overdue, "Overdue · due 11/19/2026", "due-overdue")]
    [InlineData(DueState.DueSoon, "Due soon · 11/19/2026", "due-soon")]
    [InlineData(DueState.None, "Due 11/19/2026", null)]
    public void DueBadge_State_SaysItInWordsNotColourAlone(DueState state, string text, string? cssClass)
    {
        var cut = context.Bunit.Render<DueBadge>(p => p.Add(x => x.DueDate, new DateOnly(2026, 11, 19)).Add(x => x.State, state));

        var badge = cut.Find(".due-badge");
        Assert.Equal(text, badge.TextContent.Trim());
        if (cssClass is not null) Assert.Contains(cssClass, badge.ClassList);
        else Assert.DoesNotContain(badge.ClassList, c => c is "due-overdue" or "due-soon");
    }

    [Fact]
    public void DueBadge_NoDate_NothingOrNoDueDateWhenAsked()
    {
        Assert.Empty(context.Bunit.Render<DueBadge>().Markup.Trim());
        Assert.Equal("No due date", context.Bunit.Render<DueBadge>(p => p.Add(x => x.ShowNone, true)).Find(".due-badge").TextContent.Trim());
    }

    [Fact]
    public async Task TransitionDialog_DispatchAfterTheDueDate_WarnsThenScheduleAnywayRecordsTheOverride()
    {
        await SetDueAsync(SchedulingFixture.ApprovedTitle, DueTomorrow);
        var wo = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle);
        var start = new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
        var tech = await context.Host.UserIdAsync(Demo.Tech);
        var provider = context.RenderProviders();
        var dialogs = context.Bunit.Services.GetRequiredService<IDialogService>();
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<TransitionDialog>("Schedule", new DialogParameters<TransitionDialog>
        {
            { x => x.Action, WorkOrderAction.Dispatch }, { x => x.WorkOrderId, wo.Id }, { x => x.Version, wo.Version }, { x => x.TimeZoneId, "America/Chicago" },
            { x => x.AssigneeId, tech }, { x => x.Start, start }, { x => x.End, start.AddHours(2) },
        }));
        provider.WaitForAssertion(() => Assert.False(provider.Find("#transition-confirm").HasAttribute("disabled")));

        provider.Find("#transition-confirm").Click();

        provider.WaitForAssertion(() => Assert.Contains("due", provider.Find("#transition-warning").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Schedule anyway", provider.Find("#transition-confirm").TextContent.Trim());
        Assert.Equal(WorkOrderStatus.Approved, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle)).Status);

        provider.Find("#transition-confirm").Click();

        Assert.False((await reference.Result.WaitAsync(TimeSpan.FromSeconds(10)))!.Canceled);
        Assert.Equal(WorkOrderStatus.Dispatched, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle)).Status);
        var entry = await LastHistoryAsync(wo.Id);
        Assert.True(entry.DueDateOverridden);
        Assert.Equal(await context.Host.UserIdAsync(Demo.Dispatcher), entry.ActorId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CalendarDrag_PastTheDueDate_TransitionDialogWarnsAndMovesOnlyWhenConfirmed(bool confirm)
    {
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        await SetDueAsync(SchedulingFixture.DispatchedTitle, DueTomorrow);
        var provider = context.RenderProviders();
        var (_, move) = Drag(denver.Id, TimeSpan.FromDays(2)); // two days later: past the due date the day after tomorrow

        provider.WaitForAssertion(() => Assert.Contains("due", provider.Find("#transition-warning").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(provider.FindAll(".mud-message-box"));
        provider.WaitForAssertion(() => Assert.False(provider.Find("#transition-confirm").HasAttribute("disabled")));
        Assert.Equal("Schedule anyway", provider.Find("#transition-confirm").TextContent.Trim());
        provider.Find(confirm ? "#transition-confirm" : "#transition-cancel").Click();
        await move.WaitAsync(TimeSpan.FromSeconds(10));

        var after = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        Assert.Equal(confirm ? denver.ScheduledStart!.Value.AddDays(2) : denver.ScheduledStart, after.ScheduledStart);
        Assert.Equal(confirm, (await LastHistoryAsync(denver.Id)).DueDateOverridden);
    }

    [Fact]
    public async Task CalendarDrag_ChangedMeanwhile_TransitionDialogShowsTheConflictAndSavesTheDraggedTimeOnRetry()
    {
        var denver = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var provider = context.RenderProviders();
        var cut = context.Bunit.Render<WorkCalendar>(p => p.Add(x => x.DisplayZone, "America/Chicago").Add(x => x.AllowMoves, true));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-workorder]")));
        // Someone else saves the work order after this calendar read it: the drag carries a stale version.
        await using (var db = await context.Host.DbAsync())
            await db.WorkOrders.Where(w => w.Id == denver.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.Version, w => w.Version + 1));

        var move = DragRendered(cut, denver.Id, TimeSpan.FromHours(1));

        provider.WaitForAssertion(() => Assert.NotEmpty(provider.Find("#transition-error").TextContent));
        Assert.Equal(denver.ScheduledStart, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle)).ScheduledStart);
        provider.WaitForAssertion(() => Assert.False(provider.Find("#transition-confirm").HasAttribute("disabled")));
        provider.Find("#transition-confirm").Click();
        await move.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(denver.ScheduledStart!.Value.AddHours(1), (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle)).ScheduledStart);
    }

    private (IRenderedComponent<WorkCalendar> Calendar, Task Move) Drag(int workOrderId, TimeSpan by)
    {
        var cut = context.Bunit.Render<WorkCalendar>(p => p.Add(x => x.DisplayZone, "America/Chicago").Add(x => x.AllowMoves, true));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-workorder]")));
        return (cut, DragRendered(cut, workOrderId, by));
    }

    private static Task DragRendered(IRenderedComponent<WorkCalendar> cut, int workOrderId, TimeSpan by)
    {
        var scheduler = cut.FindComponent<Radzen.Blazor.RadzenScheduler<CalendarAppointment>>();
        var appointment = scheduler.Instance.Data!.Single(a => a.Entry.Id == workOrderId);
        return cut.InvokeAsync(() => scheduler.Instance.AppointmentMove.InvokeAsync(new Radzen.SchedulerAppointmentMoveEventArgs
        {
            Appointment = new Radzen.Blazor.AppointmentData { Start = appointment.Start, End = appointment.End, Data = appointment },
            TimeSpan = by,
        }));
    }
}
