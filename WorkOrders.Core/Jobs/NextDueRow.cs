using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Data;

namespace WorkOrders.Core.Jobs;

/// <summary>
/// Picks the next due row of a queue (the e-mail outbox, webhook deliveries) for one sender to work on. On PostgreSQL
/// the pick locks the row and skips rows another server holds (<c>FOR UPDATE SKIP LOCKED</c>), and the claim is
/// committed before the lock is let go, so servers sharing the database take different rows instead of waiting for
/// or racing on the same one. SQLite is a one-server database: it reads the next due row, and a lost claim can only
/// mean a second sender in this process, so it looks again.
/// </summary>
internal static class NextDueRow
{
    private const int SqliteTries = 10;

    /// <param name="lockNext">PostgreSQL: selects at most the one next due row, <c>FOR UPDATE … SKIP LOCKED</c>.</param>
    /// <param name="next">SQLite: the due rows, next first.</param>
    /// <param name="claim">The conditional update that takes the row for one attempt; false when another sender took it.</param>
    /// <returns>The claimed row, untracked; null when none is due.</returns>
    public static async Task<T?> ClaimAsync<T>(
        WorkOrdersDbContext db, FormattableString lockNext, IQueryable<T> next, Func<T, Task<bool>> claim, CancellationToken ct) where T : class
    {
        if (db.Database.IsNpgsql())
        {
            // Inside the caller's transaction (a sender saving an outcome with the next claim) the lock lasts until the caller commits.
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            var locked = await db.Set<T>().FromSql(lockNext).AsNoTracking().ToListAsync(ct);
            if (locked.Count == 0) return null;
            var claimed = await claim(locked[0]);
            if (transaction is not null) await transaction.CommitAsync(ct);
            return claimed ? locked[0] : null;
        }

        for (var tries = 0; tries < SqliteTries; tries++)
        {
            var row = await next.AsNoTracking().FirstOrDefaultAsync(ct);
            if (row is null) return null;
            if (await claim(row)) return row;
        }
        return null;
    }
}
