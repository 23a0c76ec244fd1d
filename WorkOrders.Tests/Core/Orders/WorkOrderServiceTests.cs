using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Orders;

/// <summary>The use cases on a real SQLite file seeded with the demo data.</summary>
public abstract class WorkOrderServiceTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;
    private WorkOrderService Service => host.Get<WorkOrderService>();
    private WorkOrderQueries Queries => host.Get<WorkOrderQueries>();

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("79228162514264337593543950335", "1")]
    [InlineData("1000001", "1")]
    [InlineData("1", "100000000.01")]
    [InlineData("-1", "1")]
    public async Task Edit_EstimateNumbersOutOfRange_InvalidWithMessageNothingSaved(string quantity, string unitPrice)
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var (facilityId, itemIds) = await AvailableItemsAsync("Station 31 – Topeka", 1);
        var id = (await Service.CreateAsync(dispatcher, facilityId, "Range check", itemIds)).Value;
        var line = new EstimateLineInput("Parts", decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(unitPrice, System.Globalization.CultureInfo.InvariantCulture));

        var result = await Service.EditAsync(dispatcher, id, 0, new WorkOrderDraft("Range check", itemIds, [line, line]));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.StartsWith("Estimate line 1: the ", StringComparison.Ordinal));
        Assert.Empty((await Queries.GetAsync(dispatcher, id)).Value!.EstimateLines);
    }

    [Fact]
    public async Task AddNote_SixtyThousandCharacters_InvalidWithMessage()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var (facilityId, itemIds) = await AvailableItemsAsync("Station 31 – Topeka", 1);
        var id = (await Service.CreateAsync(dispatcher, facilityId, "Long note", itemIds)).Value;

        var result = await Service.AddNoteAsync(dispatcher, id, new string('x', 60_000));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains($"at most {WorkOrder.MaxTextLength} characters", result.Message);
    }

    [Fact]
    public async Task WholeLifecycle_DemoUsers_ResolvesEveryItemAndKeepsHistory()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var admin = await host.ActorAsync(Demo.Admin);
        var tech = await host.ActorAsync(Demo.Tech);
        var (facilityId, itemIds) = await AvailableItemsAsync("Station 31 – Topeka", 3);

        var created = await Service.CreateAsync(dispatcher, facilityId, "Topeka compliance fixes", itemIds);
        Assert.True(created.IsOk, created.Message);
        var id = created.Value;
        Assert.True((await Service.EditAsync(dispatcher, id, 0, new WorkOrderDraft("Topeka compliance fixes", itemIds, [new("Parts", 2, 50m), new("Labour", 3, 90m)]))).IsOk);
        Assert.True((await Service.AddNoteAsync(dispatcher, id, "Gate code is 4411.")).IsOk);
        Assert.True((await Service.SubmitAsync(dispatcher, id, 1, admin.UserId)).IsOk);
        Assert.True((await Service.ApproveAsync(admin, id, 2, "OK")).IsOk);
        var start = CoreHost.Start.AddDays(1);
        Assert.True((await Service.DispatchAsync(dispatcher, id, 3, tech.UserId, start, start.AddHours(2))).IsOk);
        Assert.True((await Service.ResolveAsync(tech, id, 4, "All three fixed and retested.")).IsOk);

        var detail = (await Queries.GetAsync(dispatcher, id)).Value!;
        Assert.Equal(WorkOrderStatus.Resolved, detail.Status);
        Assert.Equal(370m, detail.EstimateTotal);
        Assert.All(detail.ActionItems, i => Assert.Equal(ActionItemStatus.Resolved, i.Status));
        Assert.Equal(3, detail.ActionItems.Count);
        Assert.Single(detail.Notes);
        Assert.Equal([null, WorkOrderAction.Edit, WorkOrderAction.Submit, WorkOrderAction.Approve, WorkOrderAction.Dispatch, WorkOrderAction.Resolve],
            detail.History.Select(h => h.Action));
        Assert.Equal("All three fixed and retested.", detail.History[^1].Comment);
        Assert.Equal($"WO-{id:D6}", detail.Number);
    }

    [Fact]
    public async Task CreateAsync_ItemAlreadyInActiveWorkOrder_InvalidAndNothingWritten()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        await using var db = await host.DbAsync();
        var taken = await db.ActionItems.FirstAsync(i => i.WorkOrderId != null && i.Status == ActionItemStatus.Open);
        var before = await db.WorkOrders.CountAsync();

        var result = await Service.CreateAsync(dispatcher, taken.FacilityId, "Again", [taken.Id]);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("already in", result.Message);
        Assert.Equal(before, await db.WorkOrders.CountAsync());
    }

    [Fact]
    public async Task CreateAsync_TwoDraftsRaceForOneItem_OnlyOneGetsIt()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var admin = await host.ActorAsync(Demo.Admin);
        var (facilityId, itemIds) = await AvailableItemsAsync("Station 7 – Denver Colfax", 1);

        var results = await Task.WhenAll(
            Task.Run(() => Service.CreateAsync(dispatcher, facilityId, "First", itemIds)),
            Task.Run(() => Service.CreateAsync(admin, facilityId, "Second", itemIds)));

        Assert.Single(results, r => r.IsOk);
        await using var db = await host.DbAsync();
        Assert.Equal(1, await db.WorkOrders.CountAsync(w => w.Title == "First" || w.Title == "Second"));
    }

    [Fact]
    public async Task ApproveAndDeny_RacingOnOneWorkOrder_ExactlyOneWinsAndTheOtherConflicts()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        for (var round = 0; round < 5; round++)
        {
            var (id, version) = await NewSubmittedAsync(admin.UserId);

            var results = await Task.WhenAll(
                Task.Run(() => Service.ApproveAsync(admin, id, version, null)),
                Task.Run(() => Service.DenyAsync(admin, id, version, "No budget")));

            Assert.Single(results, r => r.IsOk);
            Assert.Single(results, r => r.Status == ResultStatus.Conflict);
            await using var db = await host.DbAsync();
            var history = await db.WorkOrderHistory.Where(h => h.WorkOrderId == id).Select(h => h.Action).ToListAsync();
            Assert.Single(history, a => a is WorkOrderAction.Approve or WorkOrderAction.Deny);
            var status = await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Status).SingleAsync();
            Assert.Equal(results[0].IsOk ? WorkOrderStatus.Approved : WorkOrderStatus.Denied, status);
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.WorkOrderId == id && (n.Event == WorkOrderAction.Approve || n.Event == WorkOrderAction.Deny)));
        }
    }

    [Fact]
    public async Task ApproveAsync_StaleVersion_ConflictAndNothingChanged()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var (id, version) = await NewSubmittedAsync(admin.UserId);

        var result = await Service.ApproveAsync(admin, id, version - 1, null);

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Contains("changed", result.Message);
        Assert.Equal(WorkOrderStatus.Submitted, (await Queries.GetAsync(admin, id)).Value!.Status);
    }

    [Fact]
    public async Task ApproveAsync_NotTheApprover_NotAllowedAndNothingWritten()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var tech = await host.ActorAsync(Demo.Tech);
        var (id, version) = await NewSubmittedAsync(admin.UserId);
        await using var db = await host.DbAsync();
        var notificationsBefore = await db.Notifications.CountAsync();
        var outboxBefore = await db.Outbox.CountAsync();

        var result = await Service.ApproveAsync(tech, id, version, null);

        Assert.Equal(ResultStatus.NotAllowed, result.Status);
        Assert.Contains("approver", result.Message);
        Assert.Equal(notificationsBefore, await db.Notifications.CountAsync());
        Assert.Equal(outboxBefore, await db.Outbox.CountAsync());
        Assert.Equal(version, await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Version).SingleAsync());
    }

    [Fact]
    public async Task SubmitAsync_UnknownApprover_Invalid()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var (facilityId, itemIds) = await AvailableItemsAsync("Station 31 – Topeka", 1);
        var id = (await Service.CreateAsync(dispatcher, facilityId, "x", itemIds)).Value;

        Assert.Equal(ResultStatus.Invalid, (await Service.SubmitAsync(dispatcher, id, 0, "no-such-user")).Status);
    }

    [Fact]
    public async Task ApproverCandidatesAsync_ProviderCreated_OffersOnlyCompanyAdmins()
    {
        var provider = await host.ActorAsync(Demo.ProviderAdmin);
        var (facilityId, itemIds) = await AvailableItemsAsync("Station 12 – Wichita East", 1);
        var id = (await Service.CreateAsync(provider, facilityId, "Provider job", itemIds)).Value;

        var candidates = await Queries.ApproverCandidatesAsync(provider, id);

        Assert.True(candidates.IsOk, candidates.Message);
        Assert.Equal([Demo.Admin], candidates.Value!.Select(p => p.Email));
    }

    [Fact]
    public async Task ApproverCandidatesAsync_CompanyCreated_OffersCompanyUsersButNotTheSubmitter()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        var (facilityId, itemIds) = await AvailableItemsAsync("Station 31 – Topeka", 1);
        var id = (await Service.CreateAsync(dispatcher, facilityId, "Company job", itemIds)).Value;

        var candidates = (await Queries.ApproverCandidatesAsync(dispatcher, id)).Value!;

        Assert.Equal([Demo.Admin, Demo.Tech], candidates.Select(p => p.Email).Order());
    }

    [Fact]
    public async Task AssigneeCandidatesAsync_NotTheSubmitter_NotAllowed()
    {
        var tech = await host.ActorAsync(Demo.Tech);
        await using var db = await host.DbAsync();
        var approved = await db.WorkOrders.FirstAsync(w => w.Status == WorkOrderStatus.Approved);

        Assert.Equal(ResultStatus.NotAllowed, (await Queries.AssigneeCandidatesAsync(tech, approved.Id)).Status);
    }

    [Fact]
    public async Task ListAsync_SearchByNumberAndScope_FindsTheRightOnes()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var waiting = await Queries.ListAsync(admin, new WorkOrderFilter(WorkOrderScope.WaitingForMe));
        Assert.Equal(2, waiting.TotalCount);
        Assert.All(waiting.Items, w => Assert.Equal(WorkOrderStatus.Submitted, w.Status));

        var first = waiting.Items[0];
        var byNumber = await Queries.ListAsync(admin, new WorkOrderFilter(Search: first.Number));
        Assert.Equal(first.Id, Assert.Single(byNumber.Items).Id);

        var byTitle = await Queries.ListAsync(admin, new WorkOrderFilter(Search: "spill BUCKET"));
        Assert.NotEmpty(byTitle.Items);
        Assert.All(byTitle.Items, w => Assert.Contains("spill bucket", w.Title, StringComparison.OrdinalIgnoreCase));

        var percent = await Queries.ListAsync(admin, new WorkOrderFilter(Search: "%"));
        Assert.Empty(percent.Items);
    }

    private async Task<(int FacilityId, int[] ItemIds)> AvailableItemsAsync(string facility, int count)
    {
        await using var db = await host.DbAsync();
        var facilityId = await db.Facilities.Where(f => f.Name == facility).Select(f => f.Id).SingleAsync();
        var ids = await db.ActionItems.Where(i => i.FacilityId == facilityId && i.WorkOrderId == null && i.Status == ActionItemStatus.Open)
            .OrderBy(i => i.Id).Select(i => i.Id).Take(count).ToArrayAsync();
        Assert.Equal(count, ids.Length);
        return (facilityId, ids);
    }

    private async Task<(int Id, int Version)> NewSubmittedAsync(string approverId)
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        await using var db = await host.DbAsync();
        var facilityId = await db.Facilities.Where(f => f.Name == "Station 31 – Topeka").Select(f => f.Id).SingleAsync();
        var item = new ActionItem(facilityId, "Race item", "", Priority.Low, CoreHost.Start);
        db.ActionItems.Add(item);
        await db.SaveChangesAsync();
        var id = (await Service.CreateAsync(dispatcher, facilityId, "Race", [item.Id])).Value;
        Assert.True((await Service.SubmitAsync(dispatcher, id, 0, approverId)).IsOk);
        return (id, 1);
    }

    public sealed class OnSqlite : WorkOrderServiceTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : WorkOrderServiceTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
