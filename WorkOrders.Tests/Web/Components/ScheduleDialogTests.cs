using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkOrders.Core.WorkOrders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Tests.Web.Components;

public sealed class ScheduleDialogTests : IAsyncLifetime
{
    private CalendarTestContext context = default!;

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await context.DisposeAsync();

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, Task<DialogResult?> Result)> OpenAsync(DialogParameters<ScheduleDialog> parameters)
    {
        var provider = context.RenderProviders();
        var dialogs = context.Bunit.Services.GetRequiredService<IDialogService>();
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<ScheduleDialog>("Schedule", parameters));
        return (provider, reference.Result);
    }

    [Fact]
    public async Task Dispatch_FromASlot_DispatchesThroughCoreAtThatInstant()
    {
        context = await CalendarTestContext.StartAsync(Demo.Dispatcher);
        var wo = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle);
        var start = new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
        var (provider, result) = await OpenAsync(new DialogParameters<ScheduleDialog>
        {
            { x => x.WorkOrderId, wo.Id }, { x => x.Version, wo.Version }, { x => x.TimeZoneId, "America/Chicago" },
            { x => x.AssigneeId, await context.Host.UserIdAsync(Demo.Tech) }, { x => x.Start, start }, { x => x.End, start.AddHours(2) },
        });
        provider.WaitForAssertion(() => Assert.False(provider.Find("#schedule-save").HasAttribute("disabled")));

        provider.Find("#schedule-save").Click();

        Assert.False((await result.WaitAsync(TimeSpan.FromSeconds(10)))!.Canceled);
        var after = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle);
        Assert.Equal(WorkOrderStatus.Dispatched, after.Status);
        Assert.Equal(start, after.ScheduledStart);
        Assert.Equal(start.AddHours(2), after.ScheduledEnd);
    }

    [Fact]
    public async Task Dispatch_WithoutAssignee_SaysSoAndSavesNothing()
    {
        context = await CalendarTestContext.StartAsync(Demo.Dispatcher);
        var wo = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle);
        var (provider, _) = await OpenAsync(new DialogParameters<ScheduleDialog>
        {
            { x => x.WorkOrderId, wo.Id }, { x => x.Version, wo.Version }, { x => x.TimeZoneId, "America/Chicago" },
            { x => x.Start, new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero) },
        });
        provider.WaitForAssertion(() => Assert.False(provider.Find("#schedule-save").HasAttribute("disabled")));

        provider.Find("#schedule-save").Click();

        provider.WaitForAssertion(() => Assert.Contains("Choose an assignee", provider.Find("#schedule-error").TextContent));
        Assert.Equal(WorkOrderStatus.Approved, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle)).Status);
    }

    [Fact]
    public async Task Reschedule_ByNonSubmitter_ShowsWhyAndCannotSave()
    {
        context = await CalendarTestContext.StartAsync(Demo.Admin);
        var wo = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var (provider, _) = await OpenAsync(new DialogParameters<ScheduleDialog>
        {
            { x => x.WorkOrderId, wo.Id }, { x => x.Version, wo.Version }, { x => x.TimeZoneId, "America/Denver" }, { x => x.Reschedule, true },
            { x => x.AssigneeId, wo.AssigneeId }, { x => x.Start, wo.ScheduledStart }, { x => x.End, wo.ScheduledEnd },
        });

        provider.WaitForAssertion(() => Assert.Contains("may not", provider.Find("#schedule-error").TextContent));
        provider.Find("#schedule-save").Click();
        Assert.Equal(wo.Version, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle)).Version);
    }
}
