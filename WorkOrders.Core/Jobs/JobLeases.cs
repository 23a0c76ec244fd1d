using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Data;

namespace WorkOrders.Core.Jobs;

/// <summary>Who last took a scheduled job and until when no other server may take it again.</summary>
public sealed class JobLease
{
    private JobLease() { }

    internal JobLease(string name, string holder, DateTimeOffset acquiredAt, DateTimeOffset leasedUntil)
    {
        Name = name;
        Holder = holder;
        AcquiredAt = acquiredAt;
        LeasedUntil = leasedUntil;
    }

    public string Name { get; private set; } = "";
    public string Holder { get; private set; } = "";
    public DateTimeOffset AcquiredAt { get; private set; }
    public DateTimeOffset LeasedUntil { get; private set; }
}

/// <summary>
/// Lets a scheduled job (digests, reminders, clean-ups) run once per period across every server that shares the
/// database: each server asks before a run, and only the first to ask in a period is told yes.
/// </summary>
public interface IJobLeases
{
    /// <summary>
    /// True when this server may run <paramref name="name"/> now: no server took it within the last
    /// <paramref name="period"/>. The lease then holds for <paramref name="period"/>.
    /// </summary>
    Task<bool> TryAcquireAsync(string name, TimeSpan period, CancellationToken ct = default);
}

/// <summary>
/// A row per job in the shared database. Taking a lease is one conditional update (or the first insert), so the
/// database decides between servers asking at the same moment; no clock but the caller's TimeProvider is read.
/// </summary>
public sealed class JobLeases(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock) : IJobLeases
{
    /// <summary>Names this process in the table, for an operator who wants to know which server ran a job.</summary>
    public static readonly string Holder = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task<bool> TryAcquireAsync(string name, TimeSpan period, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var now = clock.GetUtcNow();
        var until = now + period;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.JobLeases
            .Where(l => l.Name == name && l.LeasedUntil <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LeasedUntil, until).SetProperty(l => l.AcquiredAt, now).SetProperty(l => l.Holder, Holder), ct);
        if (taken == 1) return true;
        if (await db.JobLeases.AnyAsync(l => l.Name == name, ct)) return false;

        db.JobLeases.Add(new JobLease(name, Holder, now, until));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another server inserted the job's first lease at the same moment: it runs this period.
            return false;
        }
    }
}
