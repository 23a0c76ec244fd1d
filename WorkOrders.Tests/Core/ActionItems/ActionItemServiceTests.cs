using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.ActionItems;

public abstract class ActionItemServiceTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private ActionItemService Items => host.Get<ActionItemService>();

    private static ActionItemInput Input(string title = "Leaking nozzle, dispenser 1") =>
        new(title, "Drips after each fill.", Priority.High, "Walkthrough", new DateOnly(2026, 12, 15));

    [Fact]
    public async Task Create_CompanyUser_RecordsOpenItem()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var facility = await FacilityIdAsync("Station 31 – Topeka");
        var result = await Items.CreateAsync(tech, facility, Input());
        Assert.True(result.IsOk, result.Message);
        var list = await host.Get<ActionItemQueries>().ListAsync(tech, facility);
        var item = Assert.Single(list.Value!.Items, i => i.Id == result.Value);
        Assert.Equal(ActionItemStatus.Open, item.Status);
        Assert.Equal("Walkthrough", item.Source);
        Assert.True(ActionItemRules.MayChange(tech, item));
    }

    [Fact]
    public async Task Create_ProviderAdminAtLinkedFacility_NotAllowed()
    {
        var result = await Items.CreateAsync(await host.ActorAsync(Demo.ProviderAdmin), await FacilityIdAsync("Station 12 – Wichita East"), Input());
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task Create_OtherCompanysFacility_NotFound()
    {
        var result = await Items.CreateAsync(await host.ActorAsync(Demo.OtherCompanyAdmin), await FacilityIdAsync("Station 31 – Topeka"), Input());
        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Create_MissingTitle_Invalid()
    {
        var result = await Items.CreateAsync(await host.ActorAsync(Demo.Tech), await FacilityIdAsync("Station 31 – Topeka"), Input("  "));
        Assert.Equal(ResultStatus.Invalid, result.Status);
    }

    [Fact]
    public async Task Update_OpenItemOutsideWorkOrder_Changed()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var item = await ItemAsync("Canopy light out over pump 3");
        var result = await Items.UpdateAsync(tech, item.Id, item.Version, Input("Canopy lights out over pumps 3 and 4") with { Priority = Priority.Medium });
        Assert.True(result.IsOk, result.Message);
        var after = await ItemAsync("Canopy lights out over pumps 3 and 4");
        Assert.Equal(Priority.Medium, after.Priority);
    }

    [Fact]
    public async Task Update_ItemInActiveWorkOrder_NotAllowed()
    {
        var item = await ItemAsync("Spill bucket holding liquid, UST 2 (premium)");
        Assert.True(item.IsInActiveWorkOrder);
        var result = await Items.UpdateAsync(await host.ActorAsync(Demo.Admin), item.Id, item.Version, Input());
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
        Assert.Contains("WO-", result.Message);
    }

    [Fact]
    public async Task Close_ItemInActiveWorkOrder_NotAllowed()
    {
        var item = await ItemAsync("Spill bucket holding liquid, UST 2 (premium)");
        var result = await Items.CloseAsync(await host.ActorAsync(Demo.Admin), item.Id, item.Version, "Not needed");
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task Close_ResolvedItem_NotAllowed()
    {
        var item = await ItemAsync("Fire extinguisher tag expired, island 1");
        Assert.Equal(ActionItemStatus.Resolved, item.Status);
        var result = await Items.CloseAsync(await host.ActorAsync(Demo.Admin), item.Id, item.Version, "Whatever");
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task Close_WithReason_ClosedWithReason_WithoutReason_Invalid()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var item = await ItemAsync("Canopy light out over pump 3");
        Assert.Equal(ResultStatus.Invalid, (await Items.CloseAsync(admin, item.Id, item.Version, " ")).Status);

        var result = await Items.CloseAsync(admin, item.Id, item.Version, "Won't fix: the canopy is replaced in spring.");

        Assert.True(result.IsOk, result.Message);
        var after = await ItemAsync("Canopy light out over pump 3");
        Assert.Equal(ActionItemStatus.Closed, after.Status);
        Assert.Equal("Won't fix: the canopy is replaced in spring.", after.ClosedReason);
        Assert.False(ActionItemRules.MayChange(admin, after));
    }

    [Fact]
    public async Task Update_StaleVersion_Conflict()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        var item = await ItemAsync("Canopy light out over pump 3");
        Assert.True((await Items.UpdateAsync(tech, item.Id, item.Version, Input("First"))).IsOk);
        Assert.Equal(ResultStatus.Conflict, (await Items.UpdateAsync(tech, item.Id, item.Version, Input("Second"))).Status);
    }

    [Fact]
    public async Task Update_ProviderAdmin_NotAllowed()
    {
        // An open item not yet in a work order: one a linked provider sees (docs/product.md, "Who sees what").
        var item = await ItemAsync("Failed cathodic protection reading, tank 1");
        var result = await Items.UpdateAsync(await host.ActorAsync(Demo.ProviderAdmin), item.Id, item.Version, Input());
        Assert.True(result.Status is ResultStatus.NotAllowed);
    }

    [Fact]
    public async Task Update_ProviderAdminOnItemOfACompanyWorkOrder_NotFound()
    {
        var item = await ItemAsync("Cracked hose near breakaway, dispenser 4");
        var result = await Items.UpdateAsync(await host.ActorAsync(Demo.ProviderAdmin), item.Id, item.Version, Input());
        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    private async Task<int> FacilityIdAsync(string name)
    {
        await using var db = await host.DbAsync();
        return await db.Facilities.Where(f => f.Name == name).Select(f => f.Id).SingleAsync();
    }

    private async Task<ActionItemRow> ItemAsync(string title)
    {
        int facilityId;
        await using (var db = await host.DbAsync()) facilityId = await db.ActionItems.Where(i => i.Title == title).Select(i => i.FacilityId).SingleAsync();
        var list = await host.Get<ActionItemQueries>().ListAsync(await host.ActorAsync(Demo.Admin), facilityId);
        return list.Value!.Items.Single(i => i.Title == title);
    }

    public sealed class OnSqlite : ActionItemServiceTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : ActionItemServiceTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
