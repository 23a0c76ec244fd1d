using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>
/// Dispatch to a service provider on a real database: accept, decline, the response time, and what each
/// organisation sees (docs/product.md, "Lifecycle" and "Who sees what").
/// </summary>
public abstract class ProviderDispatchTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;
    private WorkOrderService service = null!;
    private ProviderWork providerWork = null!;
    private WorkOrderQueries queries = null!;

    public async Task InitializeAsync()
    {
        host = await StartCoreAsync();
        service = host.Get<WorkOrderService>();
        providerWork = host.Get<ProviderWork>();
        queries = host.Get<WorkOrderQueries>();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Incoming_DispatchedToSummit_SummitAdminSeesItOldestFirstWithItemsNotesAndHistory()
    {
        var (id, _) = await DemoTransitions.AtProviderAsync(host, ProviderStep.Dispatched);
        var summitAdmin = await host.ActorAsync(Demo.ProviderAdmin);

        var incoming = await providerWork.IncomingAsync(summitAdmin);
        var detail = await queries.GetAsync(summitAdmin, id);

        Assert.True(incoming.IsOk, incoming.Message);
        // The demo's own work order waiting for Summit was sent earlier, so it comes first.
        Assert.Equal(2, incoming.Value!.Count);
        var row = incoming.Value[^1];
        Assert.Equal((id, "Prairie Fuel Co.", false), (row.Id, row.CompanyName, row.IsOverdue));
        Assert.True(incoming.Value[0].DispatchedAt <= row.DispatchedAt);
        Assert.True(detail.IsOk, detail.Message);
        Assert.NotEmpty(detail.Value!.ActionItems);
        Assert.Contains(detail.Value.History, h => h.Action == WorkOrderAction.DispatchToProvider && h.Comment == "Gate code 4411");
        Assert.True(detail.Value.Provider!.IsAwaiting);
        Assert.Equal([WorkOrderAction.Accept, WorkOrderAction.Decline], detail.Value.AllowedActions.Order());
    }

    [Fact]
    public async Task AwaitingProviderIndex_DemoWorkOrders_HoldsExactlyThoseTheRuleCallsAwaiting()
    {
        // The demo has one work order waiting for Summit's answer and one Summit accepted (provider set, technician chosen).
        await using var db = await host.DbAsync();
        var filter = db.Model.FindEntityType(typeof(WorkOrder))!.GetIndexes()
            .Single(i => i.GetDatabaseName() == "IX_WorkOrders_AwaitingProvider").GetFilter();

        var byRule = await db.WorkOrders.Where(WorkOrder.AwaitingProvider).OrderBy(w => w.Id).Select(w => w.Id).ToListAsync();
        // The filter is the model's own constant SQL, not input.
        var sql = "SELECT \"Id\" AS \"Value\" FROM \"WorkOrders\" WHERE " + filter + " ORDER BY \"Id\"";
        var byIndexFilter = await db.Database.SqlQueryRaw<int>(sql).ToListAsync();

        Assert.NotEmpty(byRule);
        Assert.Contains(await db.WorkOrders.Where(w => w.ProviderId != null).Select(w => w.Id).ToListAsync(), id => !byRule.Contains(id));
        Assert.Equal(byRule, byIndexFilter);
    }

    [Fact]
    public async Task EveryProviderUseCase_AnotherProviderUnlinkedProviderOrOtherCompany_FindsNothingChangesNothing()
    {
        var (id, version) = await DemoTransitions.AtProviderAsync(host, ProviderStep.Dispatched);
        var linkedOther = await NewProviderAdminAsync("Ridge Line Services", linkToFacilityOf: id);
        var unlinked = await NewProviderAdminAsync("Lone Pump Co.", linkToFacilityOf: null);
        var otherCompany = await host.ActorAsync(Demo.OtherCompanyAdmin);
        var techId = await host.UserIdAsync(Demo.ProviderTech);
        var start = CoreHost.Start.AddDays(2);

        foreach (var outsider in new[] { linkedOther, unlinked, otherCompany })
        {
            Assert.Equal(ResultStatus.NotFound, (await queries.GetAsync(outsider, id)).Status);
            Assert.Equal(ResultStatus.NotFound, (await queries.AssigneeCandidatesAsync(outsider, id)).Status);
            Assert.Equal(ResultStatus.NotFound, (await providerWork.ProviderCandidatesAsync(outsider, id)).Status);
            Assert.Equal(ResultStatus.NotFound, (await service.AcceptAsync(outsider, id, version, techId, start, start.AddHours(1))).Status);
            Assert.Equal(ResultStatus.NotFound, (await service.DeclineAsync(outsider, id, version, "Not ours")).Status);
            Assert.Equal(ResultStatus.NotFound, (await service.DispatchToProviderAsync(outsider, id, version, outsider.OrganizationId, null, null, null)).Status);
            var incoming = await providerWork.IncomingAsync(outsider);
            Assert.True(incoming.IsOk ? incoming.Value!.Count == 0 : incoming.Status == ResultStatus.NotAllowed);
            Assert.DoesNotContain(await host.Get<CalendarQueries>().RangeAsync(outsider, new CalendarRange(start.AddDays(-7), start.AddDays(7))), e => e.Id == id);
        }
        await using var db = await host.DbAsync();
        Assert.Equal(version, await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Version).SingleAsync());
    }

    [Fact]
    public async Task IncomingAndAccept_ProviderTechnician_NotAllowed()
    {
        var (id, version) = await DemoTransitions.AtProviderAsync(host, ProviderStep.Dispatched);
        var tech = await host.ActorAsync(Demo.ProviderTech);
        var start = CoreHost.Start.AddDays(2);

        Assert.Equal(ResultStatus.NotAllowed, (await providerWork.IncomingAsync(tech)).Status);
        Assert.Equal(ResultStatus.NotAllowed, (await service.AcceptAsync(tech, id, version, tech.UserId, start, start.AddHours(1))).Status);
    }

    [Fact]
    public async Task DispatchToProvider_ProviderNotLinkedToTheFacility_InvalidAndNothingChanged()
    {
        var (id, version) = await DemoTransitions.FindAsync(host, DemoTransitions.Approved);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);

        var result = await service.DispatchToProviderAsync(dispatcher, id, version, await DemoTransitions.SummitIdAsync(host), null, null, null);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("serves this facility", result.Message);
        await using var db = await host.DbAsync();
        var after = await db.WorkOrders.Where(w => w.Id == id).Select(w => new { w.Status, w.ProviderId }).SingleAsync();
        Assert.Equal((WorkOrderStatus.Approved, (int?)null), (after.Status, after.ProviderId));
    }

    [Fact]
    public async Task Accept_OutsideTheRequestedWindow_CompanySeesTheDifferenceAndWhoAndWhenReadOnly()
    {
        var (id, version) = await DemoTransitions.AtProviderAsync(host, ProviderStep.Linked);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var summitAdmin = await host.ActorAsync(Demo.ProviderAdmin);
        var window = CoreHost.Start.AddDays(1);
        Assert.True((await service.DispatchToProviderAsync(dispatcher, id, version, summitAdmin.OrganizationId, window, window.AddHours(8), null)).IsOk);

        var late = window.AddDays(3);
        var accepted = await service.AcceptAsync(summitAdmin, id, version + 1, await host.UserIdAsync(Demo.ProviderTech), late, late.AddHours(2));

        Assert.True(accepted.IsOk, accepted.Message);
        var seenByCompany = (await queries.GetAsync(dispatcher, id)).Value!;
        Assert.Equal(false, seenByCompany.Provider!.WithinRequestedWindow);
        Assert.Equal("Sam Rivera", seenByCompany.Assignee!.DisplayName);
        Assert.DoesNotContain(WorkOrderAction.Reschedule, seenByCompany.AllowedActions);
        var range = new CalendarRange(late.AddDays(-1), late.AddDays(1));
        var companyEntry = Assert.Single(await host.Get<CalendarQueries>().RangeAsync(dispatcher, range), e => e.Id == id);
        var providerEntry = Assert.Single(await host.Get<CalendarQueries>().RangeAsync(summitAdmin, range), e => e.Id == id);
        Assert.False(companyEntry.CanReschedule);
        Assert.True(providerEntry.CanReschedule);
    }

    [Fact]
    public async Task Decline_WithoutReason_InvalidAndStillWaiting()
    {
        var (id, version) = await DemoTransitions.AtProviderAsync(host, ProviderStep.Dispatched);

        var result = await service.DeclineAsync(await host.ActorAsync(Demo.ProviderAdmin), id, version, "  ");

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.True((await queries.GetAsync(await host.ActorAsync(Demo.ProviderAdmin), id)).Value!.Provider!.IsAwaiting);
    }

    [Fact]
    public async Task Decline_WithReason_ApprovedAgainProviderLosesSightSubmitterMayDispatchAgain()
    {
        var (id, version) = await DemoTransitions.AtProviderAsync(host, ProviderStep.Dispatched);
        var summitAdmin = await host.ActorAsync(Demo.ProviderAdmin);

        var result = await service.DeclineAsync(summitAdmin, id, version, "No crew free this week.");

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(ResultStatus.NotFound, (await queries.GetAsync(summitAdmin, id)).Status);
        Assert.DoesNotContain((await providerWork.IncomingAsync(summitAdmin)).Value!, w => w.Id == id);
        var seenByCompany = (await queries.GetAsync(await host.ActorAsync(Demo.Dispatcher), id)).Value!;
        Assert.Equal(WorkOrderStatus.Approved, seenByCompany.Status);
        Assert.Null(seenByCompany.Provider);
        Assert.Contains(WorkOrderAction.Dispatch, seenByCompany.AllowedActions);
        Assert.Contains(WorkOrderAction.DispatchToProvider, seenByCompany.AllowedActions);
        Assert.Contains(seenByCompany.History, h => h.Action == WorkOrderAction.Decline && h.Comment == "No crew free this week.");
    }

    [Fact]
    public async Task ResponseTime_Missed_FlaggedOnBothSidesAndSubmitterEmailedOnce()
    {
        var (id, version) = await DemoTransitions.AtProviderAsync(host, ProviderStep.Linked);
        var admin = await host.ActorAsync(Demo.Admin);
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var summitAdmin = await host.ActorAsync(Demo.ProviderAdmin);
        int facilityId;
        await using (var db = await host.DbAsync()) facilityId = await db.WorkOrders.Where(w => w.Id == id).Select(w => w.FacilityId).SingleAsync();
        Assert.True((await host.Get<WorkOrders.Core.Administration.ProviderLinks>().SetRespondWithinAsync(admin, facilityId, summitAdmin.OrganizationId, 4)).IsOk);
        Assert.True((await service.DispatchToProviderAsync(dispatcher, id, version, summitAdmin.OrganizationId, null, null, null)).IsOk);
        await ClearMailAsync();

        host.Clock.Advance(TimeSpan.FromHours(3.9));
        Assert.Equal(0, await providerWork.FlagOverdueResponsesAsync());
        Assert.False((await queries.GetAsync(dispatcher, id)).Value!.Provider!.IsResponseOverdue);

        host.Clock.Advance(TimeSpan.FromHours(0.2));
        var first = await providerWork.FlagOverdueResponsesAsync();
        var second = await providerWork.FlagOverdueResponsesAsync();

        Assert.Equal((1, 0), (first, second));
        Assert.True((await queries.GetAsync(dispatcher, id)).Value!.Provider!.IsResponseOverdue);
        Assert.True((await queries.GetAsync(summitAdmin, id)).Value!.Provider!.IsResponseOverdue);
        Assert.True(Assert.Single((await providerWork.IncomingAsync(summitAdmin)).Value!, w => w.Id == id).IsOverdue);
        await using var check = await host.DbAsync();
        var mail = await check.Outbox.ToListAsync();
        var only = Assert.Single(mail);
        Assert.Equal(Demo.Dispatcher, only.ToAddress);
        Assert.Contains("has not responded", only.Subject);
        var inApp = Assert.Single(await check.Notifications.Where(n => n.WorkOrderId == id && n.CreatedAt == host.Clock.GetUtcNow()).ToListAsync());
        Assert.Equal((dispatcher.UserId, only.Subject), (inApp.UserId, inApp.Title));
        var listed = await queries.ListAsync(dispatcher, new WorkOrderFilter());
        Assert.True(Assert.Single(listed.Items, w => w.Id == id).IsResponseOverdue);
    }

    [Fact]
    public async Task Accept_VisitEndsAfterTheDueDate_NeedsConfirmationThenRecordsTheOverride()
    {
        var (id, version) = await DemoTransitions.AtProviderAsync(host, ProviderStep.Dispatched);
        var summitAdmin = await host.ActorAsync(Demo.ProviderAdmin);
        var techId = await host.UserIdAsync(Demo.ProviderTech);
        var late = CoreHost.Start.AddDays(400);

        var warned = await service.AcceptAsync(summitAdmin, id, version, techId, late, late.AddHours(2));
        await using (var db = await host.DbAsync())
        {
            Assert.Equal(ResultStatus.NeedsConfirmation, warned.Status);
            Assert.Contains("due date", warned.Message);
            Assert.Null(await db.WorkOrders.Where(w => w.Id == id).Select(w => w.AssigneeId).SingleAsync());
        }
        var confirmed = await service.AcceptAsync(summitAdmin, id, version, techId, late, late.AddHours(2), overrideDueDate: true);

        Assert.True(confirmed.IsOk, confirmed.Message);
        var detail = (await queries.GetAsync(summitAdmin, id)).Value!;
        Assert.Contains(detail.History, h => h.Action == WorkOrderAction.Accept && h.Comment!.Contains("overridden"));
    }

    [Fact]
    public async Task SetRespondWithin_OutOfRangeOrNotTheCompanyAdmin_Refused()
    {
        var summitAdmin = await host.ActorAsync(Demo.ProviderAdmin);
        var links = host.Get<WorkOrders.Core.Administration.ProviderLinks>();
        var admin = await host.ActorAsync(Demo.Admin);
        await using var db = await host.DbAsync();
        var link = await db.FacilityProviderLinks.FirstAsync();

        Assert.Equal(ResultStatus.Invalid, (await links.SetRespondWithinAsync(admin, link.FacilityId, link.ProviderId, 0)).Status);
        Assert.Equal(ResultStatus.NotAllowed, (await links.SetRespondWithinAsync(summitAdmin, link.FacilityId, link.ProviderId, 8)).Status);
        Assert.Equal(ResultStatus.NotFound, (await links.SetRespondWithinAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), link.FacilityId, link.ProviderId, 8)).Status);
    }

    [Fact]
    public async Task FacilityActionItems_ProviderAtLinkedFacility_OnlyWorkSentToItAndCountersAgree()
    {
        var provider = await host.ActorAsync(Demo.ProviderTech);
        var facilities = host.Get<FacilityQueries>();
        await using var db = await host.DbAsync();
        var wichita = await db.Facilities.Where(f => f.Name.Contains("Wichita")).Select(f => f.Id).SingleAsync();
        // The company's own work there; the demo also sends one of its work orders to the provider, which the provider sees.
        var companyWork = await db.WorkOrders.Where(w => w.FacilityId == wichita && w.CreatedByKind == OrganizationKind.Company && w.ProviderId == null).Select(w => w.Id).ToListAsync();
        var sentToProvider = await db.WorkOrders.CountAsync(w => w.FacilityId == wichita && w.ProviderId == provider.OrganizationId);
        Assert.NotEmpty(companyWork);

        var items = (await host.Get<WorkOrders.Core.ActionItems.ActionItemQueries>().ListAsync(provider, wichita)).Value!.Items;
        var detail = (await facilities.GetAsync(provider, wichita)).Value!;
        var summary = Assert.Single(await facilities.ListAsync(provider), f => f.Id == wichita);

        Assert.DoesNotContain(items, i => i.WorkOrderId is { } w && companyWork.Contains(w));
        Assert.Equal(items.Count(i => i.Status == WorkOrders.Core.ActionItems.ActionItemStatus.Open), detail.OpenActionItems);
        Assert.Equal(detail.OpenActionItems, summary.OpenActionItems);
        Assert.Equal(sentToProvider, detail.WorkOrdersByStatus.Values.Sum());
        Assert.False(detail.MayRecordActionItems);
    }

    private async Task<Actor> NewProviderAdminAsync(string name, int? linkToFacilityOf)
    {
        await using var db = await host.DbAsync();
        var org = new Organization(name, OrganizationKind.ServiceProvider);
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        var user = new AppUser { UserName = $"admin@{org.Id}.example", Email = $"admin@{org.Id}.example", DisplayName = name + " admin", OrganizationId = org.Id, Role = OrganizationRole.Admin };
        db.Users.Add(user);
        if (linkToFacilityOf is { } woId)
        {
            var facilityId = await db.WorkOrders.Where(w => w.Id == woId).Select(w => w.FacilityId).SingleAsync();
            db.FacilityProviderLinks.Add(new FacilityProviderLink { FacilityId = facilityId, ProviderId = org.Id });
        }
        await db.SaveChangesAsync();
        return Actor.From(user, OrganizationKind.ServiceProvider);
    }

    private async Task ClearMailAsync()
    {
        await using var db = await host.DbAsync();
        await db.Outbox.ExecuteDeleteAsync();
        await db.Notifications.ExecuteDeleteAsync();
    }

    public sealed class OnSqlite : ProviderDispatchTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : ProviderDispatchTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
