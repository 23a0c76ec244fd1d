using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

/// <summary>A user as an admin sees them. Pending: invited, no password chosen yet.</summary>
public sealed record UserRow(string Id, string Email, string DisplayName, OrganizationRole Role, bool IsActive, bool IsPending, bool IsSelf);

public sealed record UserEdit(string DisplayName, OrganizationRole Role);

/// <summary>
/// An admin manages the people of their own organisation: invite, rename, change role, disable and
/// enable. A disable renews the security stamp, so the person's sign-in cookie stops working; a role
/// change keeps them signed in with the new role. Both are pushed to the person's open pages and
/// connections (<see cref="LiveMessageKind.AccessChanged"/>), which also re-check on their own every minute.
/// </summary>
public sealed class UserAdministration(IDbContextFactory<WorkOrdersDbContext> dbFactory, Invitations invitations, ILiveBus bus, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<UserRow>>> ListAsync(Actor actor, string? search = null, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return Result<IReadOnlyList<UserRow>>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = db.Users.Where(u => u.OrganizationId == actor.OrganizationId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + Like.Escape(search.Trim()) + "%";
            users = users.Where(u => EF.Functions.Like(u.DisplayName, pattern, Like.EscapeCharacter) || EF.Functions.Like(u.Email!, pattern, Like.EscapeCharacter));
        }
        var rows = await users
            .Select(u => new UserRow(u.Id, u.Email!, u.DisplayName, u.Role, u.IsActive, u.PasswordHash == null, u.Id == actor.UserId))
            .ToListAsync(ct);
        // Invitations of addresses that belong elsewhere are listed like any invitation nobody has accepted yet.
        var outside = db.OutsideInvitations.Where(i => i.OrganizationId == actor.OrganizationId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + Like.Escape(search.Trim()) + "%";
            outside = outside.Where(i => EF.Functions.Like(i.DisplayName, pattern, Like.EscapeCharacter) || EF.Functions.Like(i.Email, pattern, Like.EscapeCharacter));
        }
        rows.AddRange((await outside.ToListAsync(ct)).Select(i => new UserRow(i.RowId, i.Email, i.DisplayName, i.Role, i.IsActive, true, false)));
        return Result<IReadOnlyList<UserRow>>.Ok(rows.OrderBy(r => r.DisplayName, StringComparer.Ordinal).ToList());
    }

    public async Task<Result<string>> InviteAsync(Actor actor, string email, string displayName, OrganizationRole role, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return Result<string>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var organization = await db.Organizations.SingleAsync(o => o.Id == actor.OrganizationId, ct);
        var invitedBy = await NameOfAsync(db, actor, ct);
        var normalized = UserInput.Validate(email, displayName).Count == 0 ? email.Trim().ToUpperInvariant() : "";
        if (await db.OutsideInvitations.AnyAsync(i => i.OrganizationId == organization.Id && i.NormalizedEmail == normalized, ct))
        {
            return Result<string>.From(Result.Invalid($"{email.Trim()} already has an account in {organization.Name}."));
        }
        var existing = await db.Users.Where(u => u.NormalizedEmail == normalized || u.NormalizedUserName == normalized)
            .Select(u => new { u.OrganizationId, u.Email, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (existing is not null && existing.OrganizationId != organization.Id)
        {
            // The answer and the users list are the same as for a new address, so an admin learns nothing about
            // other organisations' people; the owner of the address is told instead.
            var invitation = new OutsideInvitation
            {
                OrganizationId = organization.Id, Email = email.Trim(), NormalizedEmail = normalized, DisplayName = displayName.Trim(),
                Role = role, InvitedAt = clock.GetUtcNow(),
            };
            // Saved first: the notice carries the invitation's id, so the inviter's outbox can show it as this invitation.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.OutsideInvitations.Add(invitation);
            await db.SaveChangesAsync(ct);
            TellOwner(db, existing.Email!, existing.DisplayName, organization.Name, invitedBy, invitation.Id);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return invitation.RowId;
        }
        var staged = await invitations.StageAsync(db, organization, email, displayName, role, invitedBy, ct);
        if (!staged.IsOk) return Result<string>.From(staged);
        await db.SaveChangesAsync(ct);
        return staged.Value!.Id;
    }

    /// <summary>Sends a new link to someone who has not chosen a password yet.</summary>
    public async Task<Result> ResendInvitationAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await OutsideAsync(db, actor, userId, ct) is { } outside)
        {
            if (!outside.IsActive) return Result.Invalid($"{outside.DisplayName} is disabled; enable them first.");
            var owner = await db.Users.Where(u => u.NormalizedEmail == outside.NormalizedEmail).Select(u => new { u.Email, u.DisplayName }).FirstOrDefaultAsync(ct);
            var organizationName = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.Name).SingleAsync(ct);
            if (owner is not null) TellOwner(db, owner.Email!, owner.DisplayName, organizationName, await NameOfAsync(db, actor, ct), outside.Id);
            await db.SaveChangesAsync(ct);
            return Result.Ok();
        }
        var user = await db.Users.Include(u => u.Organization).FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == actor.OrganizationId, ct);
        if (user is null) return Result.NotFound("The user");
        if (user.PasswordHash is not null) return Result.Invalid($"{user.DisplayName} has already accepted the invitation.");
        if (!user.IsActive) return Result.Invalid($"{user.DisplayName} is disabled; enable them first.");
        await db.UserTokens.Where(t => t.UserId == user.Id && t.LoginProvider == Invitations.TokenProvider).LoadAsync(ct);
        invitations.StageEmail(db, user, user.Organization!.Name, await NameOfAsync(db, actor, ct));
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    public async Task<Result> UpdateAsync(Actor actor, string userId, UserEdit edit, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return NotAdmin;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(edit.DisplayName)) errors.Add("Enter the person's name.");
        else if (edit.DisplayName.Trim().Length > 200) errors.Add("The name may have at most 200 characters.");
        if (!Enum.IsDefined(edit.Role)) errors.Add("Choose a role.");
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await OutsideAsync(db, actor, userId, ct) is { } outside)
        {
            outside.DisplayName = edit.DisplayName.Trim();
            outside.Role = edit.Role;
            await db.SaveChangesAsync(ct);
            return Result.Ok();
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == actor.OrganizationId, ct);
        if (user is null) return Result.NotFound("The user");
        if (user.Role == OrganizationRole.Admin && edit.Role != OrganizationRole.Admin)
        {
            var last = await RefuseLastAdminAsync(db, user, "demoted", ct);
            if (last is not null) return last;
        }
        // The security stamp stays: a changed role is no reason to sign the person out. Their sign-in
        // cookie picks the new role up at its next validation, their open pages when told below.
        var changed = user.Role != edit.Role || user.DisplayName != edit.DisplayName.Trim();
        user.DisplayName = edit.DisplayName.Trim();
        user.Role = edit.Role;
        await db.SaveChangesAsync(ct);
        if (changed) Tell(user.Id);
        return Result.Ok();
    }

    /// <summary>Disabling keeps the person and their history; they can no longer sign in and open pages sign them out.</summary>
    public async Task<Result> SetActiveAsync(Actor actor, string userId, bool active, CancellationToken ct = default)
    {
        if (!AdminAccess.MayManageUsers(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await OutsideAsync(db, actor, userId, ct) is { } outside)
        {
            // Like a pending user, who is never the last admin who can sign in.
            outside.IsActive = active;
            await db.SaveChangesAsync(ct);
            return Result.Ok();
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == actor.OrganizationId, ct);
        if (user is null) return Result.NotFound("The user");
        if (user.IsActive == active) return Result.Ok();
        if (!active)
        {
            if (user.Id == actor.UserId) return Result.NotAllowed("You cannot disable your own account; ask another admin.");
            if (user.Role == OrganizationRole.Admin)
            {
                var last = await RefuseLastAdminAsync(db, user, "disabled", ct);
                if (last is not null) return last;
            }
        }
        user.IsActive = active;
        user.SecurityStamp = Invitations.NewStamp();
        await db.SaveChangesAsync(ct);
        if (!active) Tell(user.Id);
        return Result.Ok();
    }

    /// <summary>
    /// Every organisation keeps at least one admin who can sign in (active, password chosen), or nobody
    /// could manage it any more.
    /// </summary>
    private static async Task<Result?> RefuseLastAdminAsync(WorkOrdersDbContext db, AppUser user, string verb, CancellationToken ct)
    {
        var others = await db.Users.CountAsync(u => u.OrganizationId == user.OrganizationId && u.Id != user.Id
                                                   && u.Role == OrganizationRole.Admin && u.IsActive && u.PasswordHash != null, ct);
        return others == 0
            ? Result.NotAllowed($"{user.DisplayName} is the last admin of the organisation and cannot be {verb}. Make someone else an admin first.")
            : null;
    }

    private static Task<OutsideInvitation?> OutsideAsync(WorkOrdersDbContext db, Actor actor, string rowId, CancellationToken ct) =>
        OutsideInvitation.ParseRowId(rowId) is { } id
            ? db.OutsideInvitations.FirstOrDefaultAsync(i => i.Id == id && i.OrganizationId == actor.OrganizationId, ct)
            : Task.FromResult<OutsideInvitation?>(null);

    /// <summary>The owner of an address another organisation invited is told; nothing of their account changes.</summary>
    private void TellOwner(WorkOrdersDbContext db, string email, string name, string organizationName, string invitedBy, int outsideInvitationId)
    {
        var notice = InvitationEmail.RenderAlreadyRegistered(name, organizationName, invitedBy);
        db.Outbox.Add(new Email.OutboxMessage(email, name, notice.Subject, notice.Text, notice.Html, clock.GetUtcNow(), outsideInvitationId: outsideInvitationId));
    }

    private void Tell(string userId) => bus.Publish(LiveTopics.User(userId), new LiveMessage(LiveMessageKind.AccessChanged, 0));

    internal static async Task<string> NameOfAsync(WorkOrdersDbContext db, Actor actor, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "An administrator";

    private static Result NotAdmin => Result.NotAllowed("Only an admin of the organisation may manage its users.");
}
