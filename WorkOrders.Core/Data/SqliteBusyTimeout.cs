using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkOrders.Core.Data;

/// <summary>
/// Lets SQLite itself wait (in steps of a few milliseconds) when another connection — the e-mail sender marking
/// mail sent, say — holds the write lock for a moment. Without it Microsoft.Data.Sqlite retries a busy write
/// only after a pause of its own that is far longer than such a lock is held.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
