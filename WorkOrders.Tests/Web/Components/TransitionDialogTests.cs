using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Shared.Transitions;

namespace WorkOrders.Tests.Web.Components.Shared;

public sealed class TransitionDialogTests : IAsyncLifetime
{
    private CalendarTestContext context = default!;

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await context.DisposeAsync();

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, Task<DialogResult?> Result)> OpenAsync(DialogParameters<TransitionDialog> parameters)
    {
        var provider = context.RenderProviders();
        var dialogs = context.Bunit.Services.GetRequiredService<IDialogService>();
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<TransitionDialog>("Schedule", parameters));
        return (provider, reference.Result);
    }

    [Fact]
    public async Task Dispatch_FromASlot_DispatchesThroughCoreAtThatInstant()
    {
        context = await CalendarTestContext.StartAsync(Demo.Dispatcher);
        var wo = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle);
        var start = new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
        var (provider, result) = await OpenAsync(new DialogParameters<TransitionDialog>
        {
            { x => x.Action, WorkOrderAction.Dispatch }, { x => x.WorkOrderId, wo.Id }, { x => x.Version, wo.Version }, { x => x.TimeZoneId, "America/Chicago" },
            { x => x.AssigneeId, await context.Host.UserIdAsync(Demo.Tech) }, { x => x.Start, start }, { x => x.End, start.AddHours(2) },
        });
        provider.WaitForAssertion(() => Assert.False(provider.Find("#transition-confirm").HasAttribute("disabled")));

        provider.Find("#transition-confirm").Click();

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
        var (provider, _) = await OpenAsync(new DialogParameters<TransitionDialog>
        {
            { x => x.Action, WorkOrderAction.Dispatch }, { x => x.WorkOrderId, wo.Id }, { x => x.Version, wo.Version }, { x => x.TimeZoneId, "America/Chicago" },
            { x => x.Start, new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero) },
        });
        provider.WaitForAssertion(() => Assert.False(provider.Find("#transition-confirm").HasAttribute("disabled")));

        provider.Find("#transition-confirm").Click();

        provider.WaitForAssertion(() => Assert.Contains("Choose an assignee", provider.Find("#transition-error").TextContent));
        Assert.Equal(WorkOrderStatus.Approved, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.ApprovedTitle)).Status);
    }

    [Fact]
    public async Task Reschedule_ByNonSubmitter_ShowsWhyAndCannotSave()
    {
        context = await CalendarTestContext.StartAsync(Demo.Admin);
        var wo = await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle);
        var (provider, _) = await OpenAsync(new DialogParameters<TransitionDialog>
        {
            { x => x.WorkOrderId, wo.Id }, { x => x.Version, wo.Version }, { x => x.TimeZoneId, "America/Denver" }, { x => x.Action, WorkOrderAction.Reschedule },
            { x => x.AssigneeId, wo.AssigneeId }, { x => x.Start, wo.ScheduledStart }, { x => x.End, wo.ScheduledEnd },
        });

        provider.WaitForAssertion(() => Assert.Contains("may not", provider.Find("#transition-error").TextContent));
        provider.Find("#transition-confirm").Click();
        Assert.Equal(wo.Version, (await SchedulingFixture.FindAsync(context.Host, SchedulingFixture.DispatchedTitle)).Version);
    }
}
