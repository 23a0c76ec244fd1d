using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using WorkOrders.Core.Api;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Webhooks;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Operations;

namespace WorkOrders.Tests.Web.Operations;

/// <summary>
/// The move from SQLite to PostgreSQL: a seeded SQLite file copied into an empty database on the test PostgreSQL
/// server, and the refusals that leave the target untouched.
/// </summary>
public sealed class CopyDatabaseTests
{
    [Fact]
    public async Task Copy_SeededSqliteIntoEmptyPostgres_EveryTableAndValueArrives()
    {
        await using var core = await CoreHost.StartAsync();
        await AddRowsTheDemoLacksAsync(core);
        var target = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var progress = new StringWriter();
            var result = await DatabaseCopy.CopyAsync(SqliteFile(core), TestPostgres.ConnectionString(target), progress);

            Assert.Null(result.Refusal);
            Assert.True(result.Succeeded, string.Join(", ", result.Counts.Where(c => !c.Matches)));
            await using var source = await core.DbAsync();
            await using var copy = PostgresContext(target);
            var tables = DatabaseCopy.TablesInForeignKeyOrder(copy.Model).Select(e => e.GetTableName()!).ToList();
            Assert.Equal(tables, result.Counts.Select(c => c.Table));
            foreach (var table in new[] { "AspNetUsers", "WorkOrders", "WorkOrderHistory", "ApiKeys", "WebhookEndpoints", "DataProtectionKeys" })
            {
                Assert.True(result.Counts.Single(c => c.Table == table).Target > 0, $"{table} was not copied");
                Assert.Contains($"{table}: ", progress.ToString());
            }

            var original = await source.WorkOrders.Include(w => w.History).OrderByDescending(w => w.History.Count).FirstAsync();
            var copied = await copy.WorkOrders.Include(w => w.History).SingleAsync(w => w.Id == original.Id);
            Assert.Equal((original.Title, original.Status, original.CreatedAt, original.FacilityId), (copied.Title, copied.Status, copied.CreatedAt, copied.FacilityId));
            Assert.Equal(
                original.History.OrderBy(h => h.Id).Select(h => (h.Id, h.Action, h.To, h.ActorId, h.At.UtcDateTime, h.Comment)),
                copied.History.OrderBy(h => h.Id).Select(h => (h.Id, h.Action, h.To, h.ActorId, h.At.UtcDateTime, h.Comment)));
            Assert.All(copied.History, h => Assert.Equal(TimeSpan.Zero, h.At.Offset));

            var admin = await copy.Users.SingleAsync(u => u.Email == Demo.Admin);
            Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<AppUser>().VerifyHashedPassword(admin, admin.PasswordHash!, DemoData.Password));

            // The sequences were moved past the copied keys: a new row gets a fresh id instead of a duplicate key error.
            var key = await copy.ApiKeys.FirstAsync();
            copy.ApiKeys.Add(new ApiKey(key.UserId, key.OrganizationId, "after the copy", key.Scope, "wo_after", "hash-after", CoreHost.Start, null));
            await copy.SaveChangesAsync();
            Assert.True(await copy.ApiKeys.MaxAsync(k => k.Id) > key.Id);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(target);
        }
    }

    [Fact]
    public async Task Copy_TargetAlreadyHoldsRows_RefusedAndNothingChanges()
    {
        await using var core = await CoreHost.StartAsync();
        var target = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var first = await DatabaseCopy.CopyAsync(SqliteFile(core), TestPostgres.ConnectionString(target), TextWriter.Null);
            Assert.True(first.Succeeded);

            var second = await DatabaseCopy.CopyAsync(SqliteFile(core), TestPostgres.ConnectionString(target), TextWriter.Null);

            Assert.Contains("not empty", second.Refusal);
            await using var copy = PostgresContext(target);
            foreach (var count in first.Counts)
            {
                Assert.Equal(count.Target, await DatabaseCopy.CountAsync(copy, count.Table, CancellationToken.None));
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(target);
        }
    }

    [Fact]
    public async Task Copy_SourceLacksMigrations_RefusedAndTargetLeftEmpty()
    {
        var folder = Directory.CreateTempSubdirectory("wo-copy-").FullName;
        var file = Path.Combine(folder, "old.db");
        await using (var old = new WorkOrdersDbContext(DatabaseCopy.Options(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False")))
        {
            var first = old.Database.GetMigrations().First();
            await old.GetService<IMigrator>().MigrateAsync(first);
        }
        var target = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var result = await DatabaseCopy.CopyAsync(file, TestPostgres.ConnectionString(target), TextWriter.Null);

            Assert.Contains("lacks", result.Refusal);
            await using var copy = PostgresContext(target);
            Assert.Empty(await copy.Database.GetAppliedMigrationsAsync());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Copy_SourceFileMissing_Refused()
    {
        var result = await DatabaseCopy.CopyAsync(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".db"), "Host=unused", TextWriter.Null);

        Assert.Contains("does not exist", result.Refusal);
    }

    [Fact]
    public async Task Command_TargetIsNotPostgres_ExitsNonZeroWithReason()
    {
        var error = new StringWriter();

        var exit = await CopyDatabaseCommand.RunAsync(
            ["copy-database", "--from-sqlite", "whatever.db", "--WorkOrders:Database:Provider=Sqlite"], TextWriter.Null, error);

        Assert.Equal(1, exit);
        Assert.Contains("must be PostgreSQL", error.ToString());
    }

    private static string SqliteFile(CoreHost core) => Path.Combine(core.Folder, "workorders.db");

    private static WorkOrdersDbContext PostgresContext(string database) =>
        new(DatabaseCopy.Options(DatabaseProvider.PostgreSQL, TestPostgres.ConnectionString(database)));

    private static async Task AddRowsTheDemoLacksAsync(CoreHost core)
    {
        await using var db = await core.DbAsync();
        var admin = await db.Users.SingleAsync(u => u.Email == Demo.Admin);
        db.ApiKeys.Add(new ApiKey(admin.Id, admin.OrganizationId, "integration", ApiKeyScope.ReadOnly, "wo_test", "hash", CoreHost.Start, CoreHost.Start.AddDays(30)));
        db.WebhookEndpoints.Add(new WebhookEndpoint(admin.OrganizationId, "https://hooks.example/in", "ERP", ["workorder.created"], "secret", admin.Id, CoreHost.Start));
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-1", Xml = "<key id=\"1\" />" });
        await db.SaveChangesAsync();
    }
}
