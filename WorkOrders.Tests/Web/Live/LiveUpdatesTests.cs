using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using WorkOrders.Core.Notifications;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Shared;

namespace WorkOrders.Tests.Web.Live;

public sealed class LiveUpdatesTests : BlazorTestContext
{
    private ILiveBus Bus => Core.Get<ILiveBus>();

    [Fact]
    public async Task Burst_WhileReading_OneMoreReadAtTheEndNotOneEach()
    {
        var reads = 0;
        var gate = new TaskCompletionSource();
        Render<LiveUpdates>(p => p.Add(c => c.User, "u").Add(c => c.OnChange, async () =>
        {
            Interlocked.Increment(ref reads);
            await gate.Task;
        }));

        Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        await WaitAsync(() => Volatile.Read(ref reads) == 1);
        for (var i = 0; i < 10; i++) Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, i));
        await WaitAsync(() => Core.Get<LiveFanOut>().Pending == 1);
        gate.SetResult();
        await Core.LiveDeliveredAsync();

        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task WorkOrderId_OtherWorkOrdersIgnored_ItsOwnAndUnnamedOnesRead()
    {
        var reads = new List<int>();
        Render<LiveUpdates>(p => p.Add(c => c.Organization, 77).Add(c => c.WorkOrderId, 5).Add(c => c.OnChange, () => { reads.Add(reads.Count); return Task.CompletedTask; }));

        foreach (var id in new[] { 6, 5, 0 })
        {
            Bus.Publish(LiveTopics.Organization(77), new LiveMessage(LiveMessageKind.WorkOrderChanged, id));
            await Core.LiveDeliveredAsync();
        }

        Assert.Equal(2, reads.Count);
    }

    [Fact]
    public async Task PausedThenResync_ToldBothWays_ReadOnlyOnResync()
    {
        var paused = new List<bool>();
        var reads = 0;
        Render<LiveUpdates>(p => p.Add(c => c.User, "u").Add(c => c.OnChange, () => { reads++; return Task.CompletedTask; }).Add(c => c.OnPausedChanged, paused.Add));

        Core.Get<LiveFanOut>().DeliverToAll(new LiveMessage(LiveMessageKind.Paused, 0));
        await Core.LiveDeliveredAsync();
        var readsWhilePaused = reads;
        Core.Get<LiveFanOut>().DeliverToAll(new LiveMessage(LiveMessageKind.Resync, 0));
        await Core.LiveDeliveredAsync();

        Assert.Equal([true, false], paused);
        Assert.Equal((0, 1), (readsWhilePaused, reads));
    }

    [Fact]
    public async Task Disposed_NoLongerSubscribed()
    {
        var reads = 0;
        var rendered = Render<LiveUpdates>(p => p.Add(c => c.User, "u").Add(c => c.OnChange, () => { reads++; return Task.CompletedTask; }));

        await DisposeComponentsAsync();
        Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        await Core.LiveDeliveredAsync();

        Assert.Equal(0, reads);
        Assert.NotNull(rendered);
    }

    [Fact]
    public async Task OneEventOnBothTopics_PartOnBoth_ReadsOnceAndRendersOnce()
    {
        var part = Render<LivePart>(p => p.Add(c => c.User, "u").Add(c => c.Organization, 7));
        var rendersBefore = part.RenderCount;

        // As a submit is published: the organisation's topic, then the approver's, before the circuit runs.
        await part.InvokeAsync(() =>
        {
            Bus.Publish(LiveTopics.Organization(7), new LiveMessage(LiveMessageKind.WorkOrderChanged, 1));
            Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        });
        await Core.LiveDeliveredAsync();

        Assert.Equal((1, 1), (part.Instance.Reads, part.RenderCount - rendersBefore));
    }

    [Fact]
    public async Task ThreePartsOnOneTopic_OneEvent_OneDeliveryForTheCircuit()
    {
        var parts = Enumerable.Range(0, 3).Select(_ => Render<LivePart>(p => p.Add(c => c.Organization, 7))).ToList();
        var fanOut = Core.Get<LiveFanOut>();
        long queued = 0;

        // Holding the circuit's dispatcher keeps the delivery queued or running while it is counted.
        await parts[0].InvokeAsync(() =>
        {
            Bus.Publish(LiveTopics.Organization(7), new LiveMessage(LiveMessageKind.WorkOrderChanged, 1));
            queued = fanOut.Pending;
        });
        await Core.LiveDeliveredAsync();

        Assert.Equal(1, queued);
        Assert.All(parts, p => Assert.Equal(1, p.Instance.Reads));
    }

    [Fact]
    public async Task ShownKeyUnchanged_Event_ReadsButDoesNotRender()
    {
        var part = Render<LivePart>(p => p.Add(c => c.User, "u").Add(c => c.Key, "same"));
        var rendersBefore = part.RenderCount;

        Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        await Core.LiveDeliveredAsync();

        Assert.Equal((1, 0), (part.Instance.Reads, part.RenderCount - rendersBefore));
    }

    [Fact]
    public async Task ShownKeyChanged_Event_OwnerRendersTheNewValue()
    {
        var part = Render<LivePart>(p => p.Add(c => c.User, "u").Add(c => c.Key, null));

        Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        await Core.LiveDeliveredAsync();

        part.WaitForAssertion(() => Assert.Equal("reads 1", part.Find("span").TextContent));
    }

    [Fact]
    public async Task OnePartFailsToRead_OtherPartsStillRender()
    {
        var broken = Render<LivePart>(p => p.Add(c => c.User, "u").Add(c => c.Fail, true));
        var working = Render<LivePart>(p => p.Add(c => c.User, "u"));

        Bus.Publish(LiveTopics.User("u"), new LiveMessage(LiveMessageKind.NotificationsChanged, 1));
        await Core.LiveDeliveredAsync();

        working.WaitForAssertion(() => Assert.Equal("reads 1", working.Find("span").TextContent));
        Assert.Equal(1, broken.Instance.Reads);
    }

    /// <summary>A live part as pages write one: it re-reads in OnChange and shows what it read.</summary>
    private sealed class LivePart : ComponentBase
    {
        [Parameter] public string? User { get; set; }
        [Parameter] public int? Organization { get; set; }

        /// <summary>When given, the shown key: a fixed value (nothing changes) or null (the read count is the key).</summary>
        [Parameter] public string? Key { get; set; }

        [Parameter] public bool Fail { get; set; }

        public int Reads { get; private set; }

        private Task ReadAsync()
        {
            Reads++;
            return Fail ? throw new InvalidOperationException("read failed") : Task.CompletedTask;
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<LiveUpdates>(0);
            builder.AddComponentParameter(1, nameof(LiveUpdates.User), User);
            builder.AddComponentParameter(2, nameof(LiveUpdates.Organization), Organization);
            builder.AddComponentParameter(3, nameof(LiveUpdates.OnChange), (Func<Task>)ReadAsync);
            builder.AddComponentParameter(4, nameof(LiveUpdates.Shown), (Func<object?>)(() => Key ?? (object)Reads));
            builder.CloseComponent();
            builder.OpenElement(5, "span");
            builder.AddContent(6, $"reads {Reads}");
            builder.CloseElement();
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2_000 && !condition(); i++) await Task.Delay(5);
        Assert.True(condition());
    }
}
