using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.WorkOrders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

/// <summary>Drives every transition of docs/product.md on the demo work orders, as the person allowed to take it.</summary>
public static class DemoTransitions
{
    public const string Draft = "Island 2 signage and UST 1 fill cap";
    public const string Submitted = "UST 2 spill bucket and tank 3 sump alarm";
    public const string Approved = "Replace line leak detector, regular";
    public const string Dispatched = "Diesel spill bucket and Stage I adaptor";
    public const string Denied = "Replace regular hose, dispenser 4";
    public const string SubmittedByProvider = "STP sump sensor, tank 2";

    /// <summary>Every transition, with the e-mails of the people docs/product.md says are told.</summary>
    public static readonly TheoryData<string, string[]> Expected = new()
    {
        { "edit", [] },
        { "submit", [Demo.Admin, Demo.Dispatcher] },
        { "approve", [Demo.Dispatcher] },
        { "approve-provider", [Demo.ProviderAdmin] },
        { "deny", [Demo.Dispatcher] },
        { "dispatch", [Demo.Admin, Demo.Tech] },
        { "reschedule", [Demo.Tech] },
        { "reassign", [Demo.Tech, Demo.Dispatcher] },
        { "resolve", [Demo.Dispatcher, Demo.Admin] },
        { "reset", [] },
        { "close", [Demo.Admin] },
    };

    public static async Task<(int Id, int Version)> FindAsync(CoreHost host, string title)
    {
        await using var db = await host.DbAsync();
        var wo = await db.WorkOrders.Where(w => w.Title == title).Select(w => new { w.Id, w.Version }).SingleAsync();
        return (wo.Id, wo.Version);
    }

    /// <summary>Runs one transition and returns the work order's id and the outcome.</summary>
    public static async Task<(int WorkOrderId, Result Result)> RunAsync(CoreHost host, string transition, int? staleVersion = null)
    {
        var service = host.Get<WorkOrderService>();
        var start = CoreHost.Start.AddDays(3);
        async Task<(int, Result)> On(string title, string actorEmail, Func<Actor, int, int, Task<Result>> run)
        {
            var (id, version) = await FindAsync(host, title);
            return (id, await run(await host.ActorAsync(actorEmail), id, staleVersion ?? version));
        }

        return transition switch
        {
            "edit" => await On(Draft, Demo.Dispatcher, async (a, id, v) =>
            {
                await using var db = await host.DbAsync();
                var items = await db.ActionItems.Where(i => i.WorkOrderId == id).Select(i => i.Id).ToListAsync();
                return await service.EditAsync(a, id, v, new WorkOrderDraft("Island 2 signage, UST 1 fill cap", items, [new("Sign", 1, 64m)]));
            }),
            "submit" => await On(Draft, Demo.Dispatcher, async (a, id, v) => await service.SubmitAsync(a, id, v, await host.UserIdAsync(Demo.Admin))),
            "approve" => await On(Submitted, Demo.Admin, (a, id, v) => service.ApproveAsync(a, id, v, "Go ahead.")),
            "approve-provider" => await On(SubmittedByProvider, Demo.Admin, (a, id, v) => service.ApproveAsync(a, id, v, null)),
            "deny" => await On(Submitted, Demo.Admin, (a, id, v) => service.DenyAsync(a, id, v, "Get a second quote.")),
            "dispatch" => await On(Approved, Demo.Dispatcher, async (a, id, v) => await service.DispatchAsync(a, id, v, await host.UserIdAsync(Demo.Tech), start, start.AddHours(2))),
            "reschedule" => await On(Dispatched, Demo.Dispatcher, async (a, id, v) => await service.RescheduleAsync(a, id, v, await host.UserIdAsync(Demo.Tech), start, start.AddHours(4))),
            "reassign" => await On(Dispatched, Demo.Dispatcher, async (a, id, v) =>
            {
                await using var db = await host.DbAsync();
                var window = await db.WorkOrders.Where(w => w.Id == id).Select(w => new { w.ScheduledStart, w.ScheduledEnd }).SingleAsync();
                return await service.RescheduleAsync(a, id, v, await host.UserIdAsync(Demo.Dispatcher), window.ScheduledStart!.Value, window.ScheduledEnd!.Value);
            }),
            "resolve" => await On(Dispatched, Demo.Tech, (a, id, v) => service.ResolveAsync(a, id, v, "Replaced and tested.")),
            "reset" => await On(Denied, Demo.Dispatcher, (a, id, v) => service.ResetAsync(a, id, v)),
            "close" => await On(Denied, Demo.Dispatcher, (a, id, v) => service.CloseAsync(a, id, v, "Not worth it.")),
            _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
        };
    }
}
