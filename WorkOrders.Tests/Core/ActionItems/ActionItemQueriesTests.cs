using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.ActionItems;

/// <summary>The one list query of action items: its filters run in the database, and "available" is one rule.</summary>
public abstract class ActionItemQueriesTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private ActionItemQueries Queries => host.Get<ActionItemQueries>();

    [Fact]
    public async Task Available_EveryItemOfTheSeed_DatabaseRowAndEntityAgreeWithTheProductRule()
    {
        await using var db = await host.DbAsync();
        var entities = await db.ActionItems.Include(i => i.WorkOrder).AsNoTracking().ToListAsync();
        var inSql = (await db.ActionItems.WhereAvailable(true).Select(i => i.Id).ToListAsync()).ToHashSet();
        var notInSql = (await db.ActionItems.WhereAvailable(false).Select(i => i.Id).ToListAsync()).ToHashSet();
        var rows = await db.ActionItems.Select(ActionItemQueries.ToRow).ToListAsync();

        // docs/product.md: the open action items not yet in any work order.
        var expected = entities.Where(i => i.Status == ActionItemStatus.Open && i.WorkOrderId is null).Select(i => i.Id).ToHashSet();
        Assert.Contains(entities, i => i.Status == ActionItemStatus.Open && i.WorkOrderId is not null);
        Assert.Contains(entities, i => i.Status != ActionItemStatus.Open && i.WorkOrderId is not null);
        Assert.NotEmpty(expected);

        Assert.Equal(expected, inSql);
        Assert.Equal(entities.Select(i => i.Id).Where(id => !expected.Contains(id)).ToHashSet(), notInSql);
        Assert.Equal(expected, entities.Where(i => i.IsAvailable).Select(i => i.Id).ToHashSet());
        Assert.Equal(expected, rows.Where(r => r.IsAvailable).Select(r => r.Id).ToHashSet());
        Assert.All(rows, r => Assert.Equal(r.Status == ActionItemStatus.Open && !r.IsAvailable, r.IsInActiveWorkOrder));
    }

    [Fact]
    public async Task List_AvailableFilter_OnlyItemsThatMayGoIntoANewWorkOrder()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var facility = await FacilityIdAsync("Station 12 – Wichita East");

        var available = (await Queries.ListAsync(admin, facility, new ActionItemListFilter(Available: true))).Value!.Items;
        var others = (await Queries.ListAsync(admin, facility, new ActionItemListFilter(Available: false))).Value!.Items;

        Assert.NotEmpty(available);
        Assert.All(available, i => Assert.True(i.IsAvailable));
        Assert.All(others, i => Assert.False(i.IsAvailable));
    }

    [Fact]
    public async Task List_StatusPriorityAndSearch_FilteredInTheQuery()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var facility = await FacilityIdAsync("Station 31 – Topeka");
        var service = host.Get<ActionItemService>();
        Assert.True((await service.CreateAsync(admin, facility, new ActionItemInput("Cracked NOZZLE boot, pump 4", "Splits at the seam.", Priority.Critical, "Audit 100% check", null))).IsOk);
        Assert.True((await service.CreateAsync(admin, facility, new ActionItemInput("Faded hours sign", null, Priority.Low, "Walkthrough", null))).IsOk);

        async Task<List<string>> TitlesAsync(ActionItemListFilter filter) =>
            (await Queries.ListAsync(admin, facility, filter)).Value!.Items.Select(i => i.Title).ToList();

        Assert.Equal(["Cracked NOZZLE boot, pump 4"], await TitlesAsync(new(Search: "nozzle boot")));
        Assert.Equal(["Cracked NOZZLE boot, pump 4"], await TitlesAsync(new(Search: "splits AT")));
        Assert.Equal(["Cracked NOZZLE boot, pump 4"], await TitlesAsync(new(Search: "100%")));
        Assert.Empty(await TitlesAsync(new(Search: "1000%")));
        Assert.Contains("Faded hours sign", await TitlesAsync(new(Search: "walkthrough", Priority: Priority.Low)));
        Assert.DoesNotContain("Faded hours sign", await TitlesAsync(new(Search: "walkthrough", Priority: Priority.High)));
        Assert.All((await Queries.ListAsync(admin, facility, new(Priority: Priority.Critical))).Value!.Items, i => Assert.Equal(Priority.Critical, i.Priority));
        var resolved = (await Queries.ListAsync(admin, facility, new(Status: ActionItemStatus.Resolved))).Value!.Items;
        Assert.All(resolved, i => Assert.Equal(ActionItemStatus.Resolved, i.Status));
        Assert.DoesNotContain(resolved, i => i.Title == "Faded hours sign");
    }

    [Fact]
    public async Task List_FacilityOfAnotherCompany_NotFoundAndNothingListed()
    {
        var outsider = await host.ActorAsync(Demo.OtherCompanyAdmin);
        var result = await Queries.ListAsync(outsider, await FacilityIdAsync("Station 31 – Topeka"), new ActionItemListFilter(Search: "a"));
        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    private async Task<int> FacilityIdAsync(string name)
    {
        await using var db = await host.DbAsync();
        return await db.Facilities.Where(f => f.Name == name).Select(f => f.Id).SingleAsync();
    }

    public sealed class OnSqlite : ActionItemQueriesTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : ActionItemQueriesTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}

/// <summary>"Available" and the action-item row are defined once; nothing else spells the rule out again.</summary>
public sealed class ActionItemRuleInOnePlaceTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }

    private static IEnumerable<(string Path, string Text)> Sources() =>
        new[] { "WorkOrders.Core", "WorkOrders.Web" }
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root(), p), "*.*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".razor")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(Root(), f), File.ReadAllText(f)));

    [Fact]
    public void Available_SpelledOut_OnlyInTheAvailabilityRule()
    {
        var spelled = new System.Text.RegularExpressions.Regex(@"WorkOrderId\s*(==|is)\s*null");
        var offenders = Sources()
            .Where(s => !s.Path.EndsWith("ActionItemRow.cs"))
            .SelectMany(s => s.Text.Split('\n').Where(l => spelled.IsMatch(l) && l.Contains("ActionItemStatus.Open")).Select(l => $"{s.Path}: {l.Trim()}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Use Availability instead of spelling the rule out:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void ActionItemRow_OneRecordAndOneListQuery()
    {
        var records = Sources().Where(s => System.Text.RegularExpressions.Regex.IsMatch(s.Text, @"record\s+ActionItem(Row|View)\b")).Select(s => s.Path).ToList();
        Assert.Equal([Path.Combine("WorkOrders.Core", "ActionItems", "ActionItemRow.cs")], records);
        var lists = Sources().Where(s => s.Text.Contains(".Select(ActionItemQueries.ToRow)") || s.Text.Contains("new ActionItemRow(")).Select(s => s.Path).ToList();
        Assert.All(lists, p => Assert.StartsWith("WorkOrders.Core", p));
    }
}
