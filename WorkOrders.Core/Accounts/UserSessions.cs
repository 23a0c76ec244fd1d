using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Data;

namespace WorkOrders.Core.Accounts;

/// <summary>
/// Server-side sessions: sign-in starts one, sign-out ends it, and every cookie is checked against
/// it, so a copied cookie dies with its session. Enforces the absolute lifetime and the idle timeout.
/// </summary>
public sealed class UserSessions(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, IOptions<UserSessionOptions> options)
{
    /// <summary>Activity is written at most this often per session: enough for an idle timeout in minutes.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public sealed record Started(string SessionId, DateTimeOffset ExpiresAt);

    public async Task<Started> StartAsync(string userId, bool keepSignedIn, CancellationToken ct = default)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var expiresAt = now + options.Value.AbsoluteLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Ended sessions of this user are cleared when they sign in again; nothing else needs them.
        await db.UserSessions.Where(s => s.UserId == userId && s.ExpiresAt < now).ExecuteDeleteAsync(ct);
        db.UserSessions.Add(new UserSession(Hash(id), userId, now, expiresAt, keepSignedIn));
        await db.SaveChangesAsync(ct);
        return new Started(id, expiresAt);
    }

    /// <summary>Whether the session is still alive for this user; counts the call as activity.</summary>
    public async Task<bool> ValidateAsync(string? sessionId, string? userId, bool countAsActivity = true, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(userId)) return false;
        var hash = Hash(sessionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == hash, ct);
        if (session is null || session.UserId != userId) return false;
        var now = clock.GetUtcNow();
        var idle = session.KeepSignedIn ? options.Value.KeepSignedInIdleTimeout : options.Value.IdleTimeout;
        if (now >= session.ExpiresAt || now - session.LastSeenAt >= idle)
        {
            await db.UserSessions.Where(s => s.Id == hash).ExecuteDeleteAsync(ct);
            return false;
        }
        if (countAsActivity && now - session.LastSeenAt >= TouchInterval)
        {
            await db.UserSessions.Where(s => s.Id == hash).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        }
        return true;
    }

    public async Task EndAsync(string? sessionId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(sessionId)) return;
        var hash = Hash(sessionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.UserSessions.Where(s => s.Id == hash).ExecuteDeleteAsync(ct);
    }

    /// <summary>Ends every session of the user but <paramref name="keepSessionId"/> (after a password or second-factor change).</summary>
    public async Task<int> EndOthersAsync(string userId, string? keepSessionId, CancellationToken ct = default)
    {
        var keep = string.IsNullOrEmpty(keepSessionId) ? "" : Hash(keepSessionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UserSessions.Where(s => s.UserId == userId && s.Id != keep).ExecuteDeleteAsync(ct);
    }

    private static string Hash(string sessionId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));
}
