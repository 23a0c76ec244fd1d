using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Api;

public sealed record ApiKeyRow(
    int Id, string Name, string Prefix, ApiKeyScope Scope, string OwnerId, string OwnerName, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>A key just made: <see cref="Secret"/> is shown this once and never again.</summary>
public sealed record CreatedApiKey(int Id, string Secret);

/// <summary>Who a presented key acts as: the key's user as that user is now, with the key's scope.</summary>
public sealed record ApiKeyIdentity(int KeyId, ApiKeyScope Scope, Actor Actor);

/// <summary>
/// Creating, listing, revoking and checking API keys. A key acts as its user with that user's current rights
/// (a disabled user's keys stop working; a changed role applies at once). Its secret is 32 random bytes; only
/// its SHA-256 hash is stored. A fast hash suffices because the secret has 256 bits of entropy — nothing can
/// guess it, so a slow password hash would only cost time on every request — and it lets the key be found by
/// an indexed lookup. A leaked database reveals no working key.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock)
{
    public const string SecretPrefix = "wo_";
    public const int MaxNameLength = 100;
    public const int MaxKeysPerUser = 20;

    /// <summary>Last-used times are written at most this often per key, so reading the API is not a write per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<Result<CreatedApiKey>> CreateAsync(Actor actor, string name, ApiKeyScope scope, DateTimeOffset? expiresAt, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(name)) errors.Add("Enter a name for the key.");
        else if (name.Trim().Length > MaxNameLength) errors.Add($"The name may have at most {MaxNameLength} characters.");
        if (!Enum.IsDefined(scope)) errors.Add("Choose read-only or read-write.");
        if (expiresAt is { } e && e <= now) errors.Add("The expiry must be in the future.");
        if (errors.Count > 0) return Result<CreatedApiKey>.From(Result.Invalid(errors));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await db.ApiKeys.CountAsync(k => k.UserId == actor.UserId && k.RevokedAt == null, ct);
        if (active >= MaxKeysPerUser) return Result<CreatedApiKey>.From(Result.Invalid($"You have {MaxKeysPerUser} keys; revoke one you no longer use first."));

        var secret = SecretPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey(actor.UserId, actor.OrganizationId, name.Trim(), scope, secret[..10], Hash(secret), now, expiresAt);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key.Id, secret);
    }

    /// <summary>The actor's own keys, revoked ones included (so the list shows what happened to them).</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListMineAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Rows(db, db.ApiKeys.Where(k => k.UserId == actor.UserId)).ToListAsync(ct);
    }

    /// <summary>Every key of the admin's organisation's people.</summary>
    public async Task<Result<IReadOnlyList<ApiKeyRow>>> ListOrganizationAsync(Actor actor, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return Result<IReadOnlyList<ApiKeyRow>>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Rows(db, OfOrganization(db, actor.OrganizationId)).ToListAsync(ct);
        return Result<IReadOnlyList<ApiKeyRow>>.Ok(rows);
    }

    /// <summary>The owner, or an admin of the owner's organisation, revokes a key; it stops working at the next request.</summary>
    public async Task<Result> RevokeAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mayManage = AdminAccess.MayManageUsers(actor);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id
            && (k.UserId == actor.UserId || (mayManage && db.Users.Any(u => u.Id == k.UserId && u.OrganizationId == actor.OrganizationId))), ct);
        if (key is null) return Result.NotFound("The API key");
        if (key.RevokedAt is not null) return Result.Ok();
        key.RevokedAt = clock.GetUtcNow();
        key.RevokedById = actor.UserId;
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>The identity of a presented secret, or null for a wrong, revoked or expired key or a disabled user.</summary>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string? secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100 || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal)) return null;
        var hash = Hash(secret);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.ApiKeys.AsNoTracking()
            .Where(k => k.SecretHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Scope, k.ExpiresAt, k.LastUsedAt, User = db.Users.FirstOrDefault(u => u.Id == k.UserId && u.IsActive) })
            .FirstOrDefaultAsync(ct);
        if (found?.User is null || (found.ExpiresAt is { } expires && expires <= now)) return null;
        var kind = await db.Organizations.Where(o => o.Id == found.User.OrganizationId).Select(o => o.Kind).SingleAsync(ct);

        if (found.LastUsedAt is null || now - found.LastUsedAt >= LastUsedResolution)
        {
            var before = now - LastUsedResolution;
            await db.ApiKeys.Where(k => k.Id == found.Id && (k.LastUsedAt == null || k.LastUsedAt < before))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return new ApiKeyIdentity(found.Id, found.Scope, Actor.From(found.User, kind));
    }

    internal static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static IQueryable<ApiKey> OfOrganization(WorkOrdersDbContext db, int organizationId) =>
        db.ApiKeys.Where(k => db.Users.Any(u => u.Id == k.UserId && u.OrganizationId == organizationId));

    private static IQueryable<ApiKeyRow> Rows(WorkOrdersDbContext db, IQueryable<ApiKey> keys) =>
        keys.OrderByDescending(k => k.Id)
            .Select(k => new ApiKeyRow(k.Id, k.Name, k.Prefix, k.Scope, k.UserId,
                db.Users.Where(u => u.Id == k.UserId).Select(u => u.DisplayName).FirstOrDefault() ?? "", k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt));

    private static Result NotAdmin => Result.NotAllowed("Only an admin of the organisation may see and revoke its people's API keys.");
}
