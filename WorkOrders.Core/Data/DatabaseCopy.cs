using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace WorkOrders.Core.Data;

/// <summary>The rows of one table in the source and the target after a copy.</summary>
public sealed record TableCount(string Table, long Source, long Target)
{
    public bool Matches => Source == Target;
}

/// <summary>What a copy did: a refusal (nothing written), or the per-table counts of a finished copy.</summary>
public sealed record DatabaseCopyResult(string? Refusal, IReadOnlyList<TableCount> Counts)
{
    public bool Succeeded => Refusal is null && Counts.All(c => c.Matches);

    public static DatabaseCopyResult Refused(string reason) => new(reason, []);
}

/// <summary>
/// Moves a SQLite installation into an empty PostgreSQL database. The tables, their order and their columns come from
/// EF Core's model, and every row goes through the model's value converters on both sides, so a table or column
/// added later is copied without touching this class. Keys are kept; the identity sequences are moved past them.
/// </summary>
public static class DatabaseCopy
{
    public static async Task<DatabaseCopyResult> CopyAsync(
        string sqliteFile, string postgresConnectionString, TextWriter progress, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(sqliteFile))
        {
            return DatabaseCopyResult.Refused($"The SQLite file {sqliteFile} does not exist.");
        }
        var sourceOptions = Options(DatabaseProvider.Sqlite, $"Data Source={sqliteFile};Pooling=False");
        var targetOptions = Options(DatabaseProvider.PostgreSQL, postgresConnectionString);

        await using (var source = new WorkOrdersDbContext(sourceOptions))
        {
            if (!(await source.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
            {
                return DatabaseCopyResult.Refused($"{sqliteFile} is not a WorkOrders database (it has no migrations applied).");
            }
            var pending = (await source.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                return DatabaseCopyResult.Refused(
                    $"{sqliteFile} lacks {pending.Count} migration(s) of this version ({string.Join(", ", pending)}): start this version of WorkOrders on it once (which applies them), stop it, then copy.");
            }
        }

        await using (var target = new WorkOrdersDbContext(targetOptions))
        {
            var applied = (await target.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var pending = (await target.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (applied.Count > 0 && pending.Count > 0)
            {
                return DatabaseCopyResult.Refused("The PostgreSQL database already holds an older WorkOrders schema: copy into a new, empty database.");
            }
            if (applied.Count > 0)
            {
                var used = await FirstTableWithRowsAsync(target, cancellationToken);
                if (used is not null)
                {
                    return DatabaseCopyResult.Refused($"The PostgreSQL database is not empty (table {used} has rows): copy into a new, empty database.");
                }
            }
            await target.Database.MigrateAsync(cancellationToken);
        }

        await using (var target = new WorkOrdersDbContext(targetOptions))
        {
            // One transaction for the whole copy: a failure half-way leaves the target as empty as it was.
            await using var transaction = await target.Database.BeginTransactionAsync(cancellationToken);
            foreach (var entityType in TablesInForeignKeyOrder(target.Model))
            {
                var rows = await CopyTableAsync(entityType, sourceOptions, target, cancellationToken);
                await progress.WriteLineAsync($"{entityType.GetTableName()}: {rows} rows copied");
            }
            await ResetIdentitySequencesAsync(target, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var counts = new List<TableCount>();
        await using (var source = new WorkOrdersDbContext(sourceOptions))
        await using (var target = new WorkOrdersDbContext(targetOptions))
        {
            foreach (var table in TablesInForeignKeyOrder(target.Model).Select(e => e.GetTableName()!))
            {
                counts.Add(new TableCount(table, await CountAsync(source, table, cancellationToken), await CountAsync(target, table, cancellationToken)));
            }
        }
        return new DatabaseCopyResult(null, counts);
    }

    public static DbContextOptions<WorkOrdersDbContext> Options(DatabaseProvider provider, string connectionString) =>
        new DbContextOptionsBuilder<WorkOrdersDbContext>().UseWorkOrdersDatabase(provider, connectionString).Options;

    /// <summary>The root entity type of every table (TPH subtypes come with their root), parents before children.</summary>
    public static IReadOnlyList<IEntityType> TablesInForeignKeyOrder(IModel model)
    {
        var tables = model.GetEntityTypes()
            .Where(e => e.BaseType is null && !e.IsOwned() && e.GetTableName() is not null && e.GetViewName() is null)
            .OrderBy(e => e.GetTableName(), StringComparer.Ordinal)
            .ToList();
        var ordered = new List<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType entityType)
        {
            if (ordered.Contains(entityType) || !visiting.Add(entityType)) return;
            foreach (var parent in entityType.GetDerivedTypesInclusive().SelectMany(t => t.GetDeclaredForeignKeys()).Select(fk => fk.PrincipalEntityType.GetRootType()))
            {
                if (parent != entityType) Visit(parent);
            }
            ordered.Add(entityType);
        }
        tables.ForEach(Visit);
        return ordered;
    }

    private static Task<int> CopyTableAsync(IEntityType entityType, DbContextOptions<WorkOrdersDbContext> sourceOptions, WorkOrdersDbContext target, CancellationToken cancellationToken) =>
        (Task<int>)typeof(DatabaseCopy).GetMethod(nameof(CopyRowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(entityType.ClrType)
            .Invoke(null, [sourceOptions, target, cancellationToken])!;

    private const int BatchSize = 1000;

    private static async Task<int> CopyRowsAsync<TEntity>(DbContextOptions<WorkOrdersDbContext> sourceOptions, WorkOrdersDbContext target, CancellationToken cancellationToken)
        where TEntity : class
    {
        var copied = 0;
        object? last = null;
        while (true)
        {
            // A tracking read keeps shadow properties (foreign keys without a CLR property); a short source context
            // per batch keeps memory flat on big tables.
            await using var source = new WorkOrdersDbContext(sourceOptions);
            var key = source.Model.FindEntityType(typeof(TEntity))!.FindPrimaryKey()!.Properties;
            IQueryable<TEntity> query = source.Set<TEntity>();
            var ordered = query.OrderBy(e => EF.Property<object>(e, key[0].Name));
            foreach (var property in key.Skip(1)) ordered = ordered.ThenBy(e => EF.Property<object>(e, property.Name));
            // A single-column key pages by "after the last key" (one index seek per batch); an offset would read every
            // row copied so far again for each batch, which made a million-row table take hours.
            var keyset = key.Count == 1 && key[0].ClrType is var type && (type == typeof(int) || type == typeof(long) || type == typeof(string));
            var batch = keyset && last is not null
                ? await ordered.Where(After<TEntity>(key[0], last)).Take(BatchSize).ToListAsync(cancellationToken)
                : await ordered.Skip(keyset ? 0 : copied).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0) return copied;

            foreach (var row in batch)
            {
                var values = source.Entry(row).CurrentValues;
                var copy = (TEntity)values.ToObject();
                var entry = target.Add(copy);
                // By name: the two contexts have different models (one per engine), so their properties differ as objects.
                foreach (var property in values.Properties) entry.Property(property.Name).CurrentValue = values[property];
            }
            await target.SaveChangesAsync(cancellationToken);
            target.ChangeTracker.Clear();
            copied += batch.Count;
            last = source.Entry(batch[^1]).Property(key[0].Name).CurrentValue;
            if (batch.Count < BatchSize) return copied;
        }
    }

    /// <summary><c>e =&gt; e.Key &gt; last</c> for a numeric or text key (text compares as the database orders it).</summary>
    private static Expression<Func<TEntity, bool>> After<TEntity>(IProperty key, object last)
    {
        var e = Expression.Parameter(typeof(TEntity), "e");
        var value = Expression.Call(
            typeof(EF), nameof(EF.Property), [key.ClrType], e, Expression.Constant(key.Name));
        var bound = Expression.Constant(last, key.ClrType);
        Expression test = key.ClrType == typeof(string)
            ? Expression.GreaterThan(
                Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, value, bound),
                Expression.Constant(0))
            : Expression.GreaterThan(value, bound);
        return Expression.Lambda<Func<TEntity, bool>>(test, e);
    }

    private static async Task ResetIdentitySequencesAsync(WorkOrdersDbContext target, CancellationToken cancellationToken)
    {
        foreach (var entityType in TablesInForeignKeyOrder(target.Model))
        {
            var table = entityType.GetTableName()!;
            var storeObject = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entityType.GetSchema());
            foreach (var property in entityType.FindPrimaryKey()!.Properties.Where(p => p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(int) || p.ClrType == typeof(long))))
            {
                var column = property.GetColumnName(storeObject)!;
                var qualified = entityType.GetSchema() is { } schema ? $"\"{schema}\".\"{table}\"" : $"\"{table}\"";
                // Identity columns own a sequence; without moving it the next insert would reuse a copied key.
#pragma warning disable EF1002 // names come from the model, not from input
                await target.Database.ExecuteSqlRawAsync(
                    $"SELECT setval(pg_get_serial_sequence('{qualified.Replace("'", "''")}', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM {qualified}), 0) + 1, false)",
                    cancellationToken);
#pragma warning restore EF1002
            }
        }
    }

    private static async Task<string?> FirstTableWithRowsAsync(WorkOrdersDbContext db, CancellationToken cancellationToken)
    {
        foreach (var table in TablesInForeignKeyOrder(db.Model).Select(e => e.GetTableName()!))
        {
            if (await CountAsync(db, table, cancellationToken) > 0) return table;
        }
        return null;
    }

    internal static async Task<long> CountAsync(WorkOrdersDbContext db, string table, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(cancellationToken);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }
}
