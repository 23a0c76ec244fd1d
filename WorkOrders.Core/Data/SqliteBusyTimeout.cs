using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkOrders.Core.Data;

/// <summary>
/// Lets SQLite itself wait (in steps of a few milliseconds) when another connection — the e-mail sender marking
/// mail sent, say — holds the write lock for a moment. Without it Microsoft.Data.Sqlite retries a busy write
/// only after a pause of its own that is far longer than such a lock is held.
/// </summary>
/// <remarks>
/// The setting belongs to SQLite's connection, which the pool keeps open across many opens of the ADO.NET
/// connection, so it is set once per SQLite connection: sending it on every open cost each query one more
/// command (measured in docs/PERFORMANCE.md).
/// </remarks>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";
    private static readonly ConditionalWeakTable<object, object> Done = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True the first time a SQLite connection handle is seen (another provider's connection: always).</summary>
    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Done.TryAdd(handle, Done);
}
