using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace WorkOrders.Core.Data;

/// <summary>
/// Work that must wait until what a context saves is committed — waking the e-mail or webhook sender, which would
/// otherwise look for the new rows before they exist. Without a transaction of the caller's own that is the end of
/// <c>SaveChanges</c>; inside one (a transition on SQLite takes its write lock before it reads) it is that
/// transaction's commit, and a rollback drops the work.
/// </summary>
public sealed class AfterCommit : DbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbTransaction, List<Action>> Pending = new();

    /// <summary>Runs <paramref name="action"/> once the changes staged in <paramref name="db"/> are committed.</summary>
    public static void Run(DbContext db, Action action)
    {
        if (db.Database.CurrentTransaction is { } transaction)
        {
            Pending.GetOrCreateValue(transaction.GetDbTransaction()).Add(action);
        }
        else
        {
            db.SavedChanges += (_, _) => action();
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Pending.Remove(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Pending.Remove(transaction);
        return Task.CompletedTask;
    }

    private static void Committed(DbTransaction transaction)
    {
        if (!Pending.TryGetValue(transaction, out var actions)) return;
        Pending.Remove(transaction);
        actions.ForEach(a => a());
    }
}
