using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Data;

public abstract class DatabaseTests : DatabaseTest
{
    [Fact]
    public async Task Start_FreshDatabase_AppliesEveryMigrationOfItsEngine()
    {
        await using var host = await StartCoreAsync(seedDemoData: false);
        await using var db = await host.DbAsync();

        Assert.Equal(Database == TestDatabase.PostgreSQL, db.Database.IsNpgsql());
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(await db.Organizations.AnyAsync());
        if (Database == TestDatabase.Sqlite)
        {
            var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
            Assert.Equal("wal", Assert.Single(journal));
        }
    }

    [Fact]
    public async Task Start_EmptyDatabaseWithDemoOn_SeedsEveryRoleAndStatus()
    {
        await using var host = await StartCoreAsync();
        await using var db = await host.DbAsync();

        Assert.Equal(3, await db.Organizations.CountAsync());
        Assert.Equal(4, await db.Facilities.CountAsync());
        Assert.Equal(2, await db.FacilityProviderLinks.CountAsync());
        Assert.True(await db.ActionItems.CountAsync() >= 20);
        var timeZones = await db.Facilities.Where(f => f.Company!.Name == "Prairie Fuel Co.").Select(f => f.TimeZoneId).Distinct().CountAsync();
        Assert.Equal(2, timeZones);
        var users = await db.Users.Include(u => u.Organization).ToListAsync();
        Assert.Contains(users, u => u.Organization!.Kind == OrganizationKind.Company && u.Role == OrganizationRole.Admin);
        Assert.Contains(users, u => u.Organization!.Kind == OrganizationKind.ServiceProvider && u.Role == OrganizationRole.Admin);
        Assert.Contains(users, u => u.Organization!.Kind == OrganizationKind.ServiceProvider && u.Role == OrganizationRole.Member);
        var statuses = await db.WorkOrders.Select(w => w.Status).Distinct().ToListAsync();
        Assert.Superset(new HashSet<WorkOrderStatus> { WorkOrderStatus.Draft, WorkOrderStatus.Submitted, WorkOrderStatus.Approved, WorkOrderStatus.Dispatched, WorkOrderStatus.Resolved, WorkOrderStatus.Denied }, statuses.ToHashSet());
        Assert.True(await db.WorkOrderHistory.CountAsync() > 15);
    }

    [Fact]
    public async Task Start_SecondTime_DoesNotSeedAgain()
    {
        await using var host = await StartCoreAsync();
        var initializer = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<WorkOrders.Core.Data.DatabaseInitializer>().Single();
        await initializer.StartAsync(CancellationToken.None);
        await using var db = await host.DbAsync();
        Assert.Equal(3, await db.Organizations.CountAsync());
    }

    public sealed class OnSqlite : DatabaseTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : DatabaseTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
