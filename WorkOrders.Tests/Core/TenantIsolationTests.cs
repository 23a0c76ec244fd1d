using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core;

/// <summary>Another company, and a provider at a facility it is not linked to, find nothing.</summary>
public abstract class TenantIsolationTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;
    private int topekaId, wichitaId;
    private List<int> prairieWorkOrders = null!;

    public async Task InitializeAsync()
    {
        host = await StartCoreAsync();
        await using var db = await host.DbAsync();
        topekaId = await db.Facilities.Where(f => f.Name.Contains("Topeka")).Select(f => f.Id).SingleAsync();
        wichitaId = await db.Facilities.Where(f => f.Name.Contains("Wichita")).Select(f => f.Id).SingleAsync();
        prairieWorkOrders = await db.WorkOrders.Where(w => w.Facility!.Company!.Name == "Prairie Fuel Co.").Select(w => w.Id).ToListAsync();
        Assert.Equal(9, prairieWorkOrders.Count);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    public static TheoryData<string> UseCases() => ["edit", "note", "submit", "approve", "deny", "dispatch", "reschedule", "resolve", "reset", "close"];

    [Theory]
    [MemberData(nameof(UseCases))]
    public async Task UseCase_OtherCompanyOnEveryPrairieWorkOrder_NotFound(string useCase)
    {
        var outsider = await host.ActorAsync(Demo.OtherCompanyAdmin);
        foreach (var id in prairieWorkOrders)
        {
            var result = await RunAsync(useCase, outsider, id);
            Assert.Equal(ResultStatus.NotFound, result.Status);
        }
    }

    [Fact]
    public async Task Queries_OtherCompany_SeeNothingOfPrairie()
    {
        var outsider = await host.ActorAsync(Demo.OtherCompanyAdmin);
        var facilities = host.Get<FacilityQueries>();
        var workOrders = host.Get<WorkOrderQueries>();

        Assert.Equal(["Harbor Point Fuel"], (await facilities.ListAsync(outsider)).Select(f => f.Name));
        Assert.Equal(ResultStatus.NotFound, (await facilities.GetAsync(outsider, topekaId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await host.Get<ActionItemQueries>().ListAsync(outsider, topekaId)).Status);
        Assert.Equal(0, (await workOrders.ListAsync(outsider, new WorkOrderFilter())).TotalCount);
        Assert.Equal(0, (await workOrders.ListAsync(outsider, new WorkOrderFilter(FacilityId: topekaId))).TotalCount);
        foreach (var id in prairieWorkOrders)
        {
            Assert.Equal(ResultStatus.NotFound, (await workOrders.GetAsync(outsider, id)).Status);
            Assert.Equal(ResultStatus.NotFound, (await workOrders.ApproverCandidatesAsync(outsider, id)).Status);
            Assert.Equal(ResultStatus.NotFound, (await workOrders.AssigneeCandidatesAsync(outsider, id)).Status);
        }
    }

    [Fact]
    public async Task CreateAsync_OtherCompanyAtPrairieFacility_NotFound()
    {
        var outsider = await host.ActorAsync(Demo.OtherCompanyAdmin);
        await using var db = await host.DbAsync();
        var itemId = await db.ActionItems.Where(i => i.FacilityId == topekaId).Select(i => i.Id).FirstAsync();

        var result = await host.Get<WorkOrderService>().CreateAsync(outsider, topekaId, "Not mine", [itemId]);

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Queries_ProviderAtUnlinkedFacility_NotFound()
    {
        var provider = await host.ActorAsync(Demo.ProviderAdmin);
        var facilities = host.Get<FacilityQueries>();

        Assert.Equal(["Station 12 – Wichita East", "Station 7 – Denver Colfax"], (await facilities.ListAsync(provider)).Select(f => f.Name));
        Assert.Equal(ResultStatus.NotFound, (await facilities.GetAsync(provider, topekaId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await host.Get<ActionItemQueries>().ListAsync(provider, topekaId)).Status);
        await using var db = await host.DbAsync();
        var itemId = await db.ActionItems.Where(i => i.FacilityId == topekaId && i.WorkOrderId == null).Select(i => i.Id).FirstAsync();
        Assert.Equal(ResultStatus.NotFound, (await host.Get<WorkOrderService>().CreateAsync(provider, topekaId, "x", [itemId])).Status);
    }

    [Fact]
    public async Task Queries_ProviderAtLinkedFacility_SeesOnlyItsOwnWorkOrders()
    {
        var provider = await host.ActorAsync(Demo.ProviderAdmin);
        var technician = await host.ActorAsync(Demo.ProviderTech);
        var workOrders = host.Get<WorkOrderQueries>();
        await using var db = await host.DbAsync();
        // The company's own work at the linked facility, never sent to the provider (the demo also sends it two).
        var companyMade = await db.WorkOrders.Where(w => w.FacilityId == wichitaId && w.CreatedByKind == OrganizationKind.Company && w.ProviderId == null).Select(w => w.Id).ToListAsync();
        var providersOwn = await db.WorkOrders.Where(w => w.CreatedByOrganizationId == provider.OrganizationId || w.ProviderId == provider.OrganizationId).Select(w => w.Id).ToListAsync();
        Assert.NotEmpty(companyMade);

        var adminSees = await workOrders.ListAsync(provider, new WorkOrderFilter());
        Assert.Equal(["Overfill alarm test at the fill port", "Replace tank 1 gauge probe", "STP sump sensor, tank 2"], adminSees.Items.Select(w => w.Title).Order());
        foreach (var actor in new[] { provider, technician })
        {
            var visible = await workOrders.ListAsync(actor, new WorkOrderFilter());
            Assert.NotEmpty(visible.Items);
            Assert.All(visible.Items, w => Assert.Contains(w.Id, providersOwn));
            foreach (var id in companyMade)
            {
                Assert.Equal(ResultStatus.NotFound, (await workOrders.GetAsync(actor, id)).Status);
                Assert.Equal(ResultStatus.NotFound, (await RunAsync("note", actor, id)).Status);
            }
        }
    }

    public static TheoryData<string> DemoUsers() => [Demo.Admin, Demo.Dispatcher, Demo.Tech, Demo.ProviderAdmin, Demo.ProviderTech, Demo.OtherCompanyAdmin];

    /// <summary>The detail's head query is compiled once per kind of organisation: each kind still opens exactly what docs/product.md lets it see.</summary>
    [Theory]
    [MemberData(nameof(DemoUsers))]
    public async Task Detail_EachDemoUser_OpensExactlyTheWorkOrdersItMaySee(string email)
    {
        var actor = await host.ActorAsync(email);
        await using var db = await host.DbAsync();
        var links = await db.FacilityProviderLinks.Select(l => new { l.FacilityId, l.ProviderId }).ToListAsync();
        var all = await db.WorkOrders.Select(w => new { w.Id, w.CompanyId, w.CreatedByOrganizationId, w.ProviderId, w.FacilityId }).ToListAsync();
        var org = actor.OrganizationId;
        var expected = all.Where(w => actor.OrganizationKind == OrganizationKind.Company
                ? w.CompanyId == org
                : (w.CreatedByOrganizationId == org || w.ProviderId == org) && links.Any(l => l.FacilityId == w.FacilityId && l.ProviderId == org))
            .Select(w => w.Id).Order().ToList();

        var opened = new List<int>();
        foreach (var w in all)
        {
            var detail = await host.Get<WorkOrderQueries>().GetAsync(actor, w.Id);
            if (detail.IsOk) opened.Add(detail.Value!.Id);
            else Assert.Equal(ResultStatus.NotFound, detail.Status);
        }

        Assert.Equal(expected, opened.Order());
    }

    [Fact]
    public async Task Facilities_EachDemoUser_SeesExactlyTheirFacilities()
    {
        var facilities = host.Get<FacilityQueries>();
        string[] prairie = ["Station 12 – Wichita East", "Station 31 – Topeka", "Station 7 – Denver Colfax"];
        foreach (var email in new[] { Demo.Admin, Demo.Dispatcher, Demo.Tech })
        {
            Assert.Equal(prairie, (await facilities.ListAsync(await host.ActorAsync(email))).Select(f => f.Name));
        }
        Assert.Equal(["Station 12 – Wichita East", "Station 7 – Denver Colfax"],
            (await facilities.ListAsync(await host.ActorAsync(Demo.ProviderTech))).Select(f => f.Name));
    }

    private Task<Result> RunAsync(string useCase, Actor actor, int id)
    {
        var service = host.Get<WorkOrderService>();
        var start = CoreHost.Start.AddDays(1);
        return useCase switch
        {
            "edit" => service.EditAsync(actor, id, 0, new WorkOrderDraft("x", [1], [])),
            "note" => service.AddNoteAsync(actor, id, "hello"),
            "submit" => service.SubmitAsync(actor, id, 0, actor.UserId),
            "approve" => service.ApproveAsync(actor, id, 0, null),
            "deny" => service.DenyAsync(actor, id, 0, "no"),
            "dispatch" => service.DispatchAsync(actor, id, 0, actor.UserId, start, start.AddHours(1)),
            "reschedule" => service.RescheduleAsync(actor, id, 0, actor.UserId, start, start.AddHours(1)),
            "resolve" => service.ResolveAsync(actor, id, 0, "done"),
            "reset" => service.ResetAsync(actor, id, 0),
            "close" => service.CloseAsync(actor, id, 0, null),
            _ => throw new ArgumentOutOfRangeException(nameof(useCase)),
        };
    }

    public sealed class OnSqlite : TenantIsolationTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : TenantIsolationTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
