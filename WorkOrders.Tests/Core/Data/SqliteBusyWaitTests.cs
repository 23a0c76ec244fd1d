using Microsoft.Data.Sqlite;
using WorkOrders.Core.Data;

namespace WorkOrders.Tests.Core.Data;

/// <summary>SQLite only: how a connection waits for the single write lock another one holds.</summary>
public sealed class SqliteBusyWaitTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("busywait").FullName;
    private string ConnectionString => $"Data Source={Path.Combine(folder, "busy.db")};Pooling=False";

    [Fact]
    public async Task Write_AnotherConnectionHoldsTheWriteLock_WaitsInTheHandlerAndSucceedsOnceReleased()
    {
        await using var holder = await OpenAsync();
        using (var create = holder.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER);";
            create.ExecuteNonQuery();
        }
        await using var waiter = await OpenAsync();
        var waitsBefore = SqliteBusyWait.Waits;

        var held = holder.BeginTransaction(deferred: false);
        var write = Task.Run(() =>
        {
            using var insert = waiter.CreateCommand();
            insert.CommandText = "INSERT INTO t VALUES (1);";
            return insert.ExecuteNonQuery();
        });
        // The write is parked in the handler (not failed with "database is locked") until the lock is let go.
        for (var i = 0; i < 2000 && SqliteBusyWait.Waits == waitsBefore && !write.IsCompleted; i++) await Task.Delay(5);
        Assert.False(write.IsCompleted);
        held.Commit();

        Assert.Equal(1, await write.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(SqliteBusyWait.Waits > waitsBefore);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        SqliteBusyWait.Install(connection);
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
