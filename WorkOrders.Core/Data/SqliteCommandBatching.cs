using Microsoft.EntityFrameworkCore.Update;

namespace WorkOrders.Core.Data;

/// <summary>
/// EF's SQLite provider sends one command per changed row. A transition writes the work order, its history
/// entry and a notification and e-mail per person told — in one command here, as EF does for other providers.
/// The version check still holds: a stale update returns no row and the whole save fails as a conflict.
/// </summary>
public sealed class SqliteCommandBatching(ModificationCommandBatchFactoryDependencies dependencies) : IModificationCommandBatchFactory
{
    /// <summary>Large imports are split into commands of this many rows, well under SQLite's parameter limit.</summary>
    public const int RowsPerCommand = 100;

    public ModificationCommandBatch Create() => new Batch(dependencies);

    private sealed class Batch(ModificationCommandBatchFactoryDependencies dependencies) : AffectedCountModificationCommandBatch(dependencies, RowsPerCommand);
}
