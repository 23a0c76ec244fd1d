using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Email;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

/// <summary>The person an invitation link belongs to.</summary>
public sealed record InvitationView(string UserId, string Email, string DisplayName, string OrganizationName);

/// <summary>
/// Invitations: a new user is created without a password and with a random token. Only the token's
/// SHA-256 hash is stored (as an Identity user token), so a leaked database does not leak working
/// links. The e-mail with the link is written to the outbox in the caller's transaction.
/// </summary>
public sealed class Invitations(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, IOptions<WorkOrdersOptions> options)
{
    public const string TokenProvider = "WorkOrders";
    public const string TokenName = "Invitation";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Adds an invited user and the invitation e-mail to <paramref name="db"/>; the caller saves.</summary>
    internal async Task<Result<AppUser>> StageAsync(
        WorkOrdersDbContext db, Organization organization, string email, string displayName, OrganizationRole role, string invitedBy, CancellationToken ct)
    {
        var errors = UserInput.Validate(email, displayName);
        if (errors.Count > 0) return Result<AppUser>.From(Result.Invalid(errors));
        email = email.Trim();
        var normalized = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized || u.NormalizedUserName == normalized, ct))
        {
            return Result<AppUser>.From(Result.Invalid($"{email} already has an account in {organization.Name}."));
        }

        var user = new AppUser
        {
            UserName = email,
            NormalizedUserName = normalized,
            Email = email,
            NormalizedEmail = normalized,
            DisplayName = displayName.Trim(),
            OrganizationId = organization.Id,
            Organization = organization,
            Role = role,
            IsActive = true,
            SecurityStamp = NewStamp(),
            LockoutEnabled = true,
        };
        db.Users.Add(user);
        StageEmail(db, user, organization.Name, invitedBy);
        return user;
    }

    /// <summary>A new link for someone who has not accepted yet; the old link stops working.</summary>
    internal void StageEmail(WorkOrdersDbContext db, AppUser user, string organizationName, string invitedBy)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var existing = db.UserTokens.Local.FirstOrDefault(t => t.UserId == user.Id && t.LoginProvider == TokenProvider && t.Name == TokenName);
        if (existing is not null) db.UserTokens.Remove(existing);
        db.UserTokens.Add(new IdentityUserToken<string>
        {
            UserId = user.Id,
            LoginProvider = TokenProvider,
            Name = TokenName,
            Value = StoredValue(token, now + Lifetime),
        });

        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/Identity/Account/AcceptInvitation?token={token}";
        var mail = InvitationEmail.Render(user.DisplayName, organizationName, invitedBy, link, now + Lifetime, Formats.Culture(user.Culture));
        db.Outbox.Add(new OutboxMessage(user.Email!, user.DisplayName, mail.Subject, mail.Text, mail.Html, now, user.Id));
    }

    /// <summary>The invitee of a valid, unexpired token of an active user who has no password yet.</summary>
    public async Task<Result<InvitationView>> FindAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token)) return Result<InvitationView>.From(Result.NotFound("The invitation"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prefix = Hash(token) + "|";
        var row = await db.UserTokens
            .Where(t => t.LoginProvider == TokenProvider && t.Name == TokenName && t.Value != null && t.Value.StartsWith(prefix))
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.Value, u.Id, u.Email, u.DisplayName, u.IsActive, u.PasswordHash, Org = u.Organization!.Name })
            .FirstOrDefaultAsync(ct);
        if (row is null || !row.IsActive || row.PasswordHash is not null)
        {
            return Result<InvitationView>.From(Result.Invalid("This invitation link is not valid any more. Ask your admin for a new one."));
        }
        if (ExpiresAt(row.Value!) < clock.GetUtcNow())
        {
            return Result<InvitationView>.From(Result.Invalid("This invitation link has expired. Ask your admin for a new one."));
        }
        return new InvitationView(row.Id, row.Email!, row.DisplayName, row.Org);
    }

    /// <summary>After the password is set: the link cannot be used again.</summary>
    public async Task CompleteAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == TokenProvider && t.Name == TokenName).ExecuteDeleteAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true), ct);
    }

    internal static string NewStamp() => Guid.NewGuid().ToString("N");

    private static string StoredValue(string token, DateTimeOffset expiresAt) => $"{Hash(token)}|{expiresAt.ToUnixTimeSeconds()}";

    private static DateTimeOffset ExpiresAt(string stored) =>
        long.TryParse(stored[(stored.IndexOf('|') + 1)..], out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue;

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));
}

public static class UserInput
{
    public static List<string> Validate(string? email, string? displayName)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email.Trim()) || email.Trim().Length > 256)
        {
            errors.Add("Enter a valid e-mail address.");
        }
        if (string.IsNullOrWhiteSpace(displayName)) errors.Add("Enter the person's name.");
        else if (displayName.Trim().Length > 200) errors.Add("The name may have at most 200 characters.");
        return errors;
    }
}
