using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Data;
using WorkOrders.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Data;

/// <summary>The e-mail and webhook senders are woken only once what woke them is committed, never before (they would find nothing).</summary>
public abstract class AfterCommitTests : DatabaseTest
{
    [Fact]
    public async Task Run_WithoutATransactionOfTheCaller_RunsOnceSaveChangesHasSaved()
    {
        await using var host = await StartCoreAsync();
        await using var db = await host.DbAsync();
        var ran = 0;
        db.EmailOptOuts.Add(new EmailOptOut { UserId = await host.UserIdAsync(Demo.Tech), Event = WorkOrders.Core.Orders.WorkOrderAction.Close });

        AfterCommit.Run(db, () => ran++);
        Assert.Equal(0, ran);
        await db.SaveChangesAsync();

        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task Run_InsideATransaction_RunsAtItsCommitNotAtTheSave()
    {
        await using var host = await StartCoreAsync();
        await using var db = await host.DbAsync();
        var ran = 0;
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.EmailOptOuts.Add(new EmailOptOut { UserId = await host.UserIdAsync(Demo.Tech), Event = WorkOrders.Core.Orders.WorkOrderAction.Close });

        AfterCommit.Run(db, () => ran++);
        await db.SaveChangesAsync();
        Assert.Equal(0, ran);
        await transaction.CommitAsync();

        Assert.Equal(1, ran);
    }

    [Fact]
    public async Task Run_TransactionRolledBack_NeverRuns()
    {
        await using var host = await StartCoreAsync();
        var ran = 0;
        await using (var db = await host.DbAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.EmailOptOuts.Add(new EmailOptOut { UserId = await host.UserIdAsync(Demo.Tech), Event = WorkOrders.Core.Orders.WorkOrderAction.Close });
            AfterCommit.Run(db, () => ran++);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        Assert.Equal(0, ran);
    }

    public sealed class OnSqlite : AfterCommitTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : AfterCommitTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
