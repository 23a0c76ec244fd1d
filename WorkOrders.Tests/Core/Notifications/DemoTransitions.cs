using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Notifications;

/// <summary>How far <see cref="DemoTransitions.AtProviderAsync"/> takes the approved demo work order toward Summit.</summary>
public enum ProviderStep { Linked, Dispatched, Accepted }

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
        { "dispatch-provider", [Demo.Admin, Demo.ProviderAdmin] },
        { "accept", [Demo.Dispatcher, Demo.ProviderTech] },
        { "decline", [Demo.Dispatcher, Demo.Admin] },
        { "reschedule-provider", [Demo.ProviderTech] },
        { "resolve-provider", [Demo.Dispatcher, Demo.Admin] },
    };

    /// <summary>
    /// Links Summit to the approved work order's facility and dispatches it there, optionally accepting it for Summit's
    /// technician; then forgets what those steps told, so the step under test is the only one counted.
    /// </summary>
    public static async Task<(int Id, int Version)> AtProviderAsync(CoreHost host, ProviderStep step)
    {
        var service = host.Get<WorkOrderService>();
        var (id, version) = await FindAsync(host, Approved);
        var providerId = await SummitIdAsync(host);
        int facilityId;
        await using (var db = await host.DbAsync())
        {
            facilityId = await db.WorkOrders.Where(w => w.Id == id).Select(w => w.FacilityId).SingleAsync();
        }
        Must(await host.Get<WorkOrders.Core.Administration.ProviderLinks>().LinkAsync(await host.ActorAsync(Demo.Admin), facilityId, providerId));
        if (step >= ProviderStep.Dispatched)
        {
            Must(await service.DispatchToProviderAsync(await host.ActorAsync(Demo.Dispatcher), id, version, providerId, null, null, "Gate code 4411"));
            version++;
        }
        if (step >= ProviderStep.Accepted)
        {
            var start = CoreHost.Start.AddDays(2);
            Must(await service.AcceptAsync(await host.ActorAsync(Demo.ProviderAdmin), id, version, await host.UserIdAsync(Demo.ProviderTech), start, start.AddHours(2)));
            version++;
        }
        await using (var db = await host.DbAsync())
        {
            await db.Notifications.ExecuteDeleteAsync();
            await db.Outbox.ExecuteDeleteAsync();
        }
        return (id, version);
    }

    public static async Task<int> SummitIdAsync(CoreHost host)
    {
        await using var db = await host.DbAsync();
        return await db.Users.Where(u => u.Email == Demo.ProviderAdmin).Select(u => u.OrganizationId).SingleAsync();
    }

    private static void Must(Result result) => Assert.True(result.IsOk, result.Message);

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

        async Task<(int, Result)> OnProvider(ProviderStep step, string actorEmail, Func<Actor, int, int, Task<Result>> run)
        {
            var (id, version) = await AtProviderAsync(host, step);
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
            "dispatch-provider" => await OnProvider(ProviderStep.Linked, Demo.Dispatcher, async (a, id, v) =>
                await service.DispatchToProviderAsync(a, id, v, await SummitIdAsync(host), null, null, "Gate code 4411")),
            "accept" => await OnProvider(ProviderStep.Dispatched, Demo.ProviderAdmin, async (a, id, v) =>
                await service.AcceptAsync(a, id, v, await host.UserIdAsync(Demo.ProviderTech), start, start.AddHours(2))),
            "decline" => await OnProvider(ProviderStep.Dispatched, Demo.ProviderAdmin, (a, id, v) => service.DeclineAsync(a, id, v, "No crew free this week.")),
            "reschedule-provider" => await OnProvider(ProviderStep.Accepted, Demo.ProviderAdmin, async (a, id, v) =>
                await service.RescheduleAsync(a, id, v, await host.UserIdAsync(Demo.ProviderTech), start.AddDays(1), start.AddDays(1).AddHours(2))),
            "resolve-provider" => await OnProvider(ProviderStep.Accepted, Demo.ProviderTech, (a, id, v) => service.ResolveAsync(a, id, v, "Detector replaced and retested.")),
            _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
        };
    }
}
