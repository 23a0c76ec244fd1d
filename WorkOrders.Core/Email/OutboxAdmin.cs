using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Email;

public sealed record OutboxRow(
    Guid Id, string ToName, string ToAddress, string Subject, int? WorkOrderId, OutboxStatus Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError)
{
    public string MessageId => $"{Id:N}@workorders";
    public bool CanRetry => Status != OutboxStatus.Sent;
}

public sealed record OutboxCounts(int Queued, int Sent, int Failed, int Dead);

/// <summary>
/// The outbox as an admin sees it. An organisation's admin sees only the mail sent to users of their
/// own organisation (the mail of other tenants tells of their work orders), and the notices about invitations it
/// sent to addresses with an account elsewhere, shown as those invitations; the system administrator,
/// who runs the installation, sees all of it.
/// </summary>
public sealed class OutboxAdmin(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, OutboxSignal signal)
{
    public const int MaxPageSize = 200;

    public static bool MayView(Actor actor) => actor.IsAdmin || actor.IsSystemAdmin;

    public async Task<Result<Page<OutboxRow>>> ListAsync(Actor actor, OutboxStatus? status, int pageIndex = 0, int pageSize = 25, CancellationToken ct = default)
    {
        if (!MayView(actor)) return Result<Page<OutboxRow>>.From(NotAllowed);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Visible(db, actor);
        if (status is { } s) query = query.Where(m => m.Status == s);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var index = Math.Max(pageIndex, 0);
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(m => m.CreatedAt)
            .Skip(index * size).Take(size)
            .Select(m => new
            {
                Row = new OutboxRow(m.Id, m.ToName, m.ToAddress, m.Subject, m.WorkOrderId, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError),
                Invited = db.OutsideInvitations.Where(i => i.Id == m.OutsideInvitationId && i.OrganizationId == actor.OrganizationId)
                    .Select(i => new { i.DisplayName, i.Email }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var invitationSubject = rows.Any(r => r.Invited is not null)
            ? InvitationEmail.Subject(await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.Name).SingleAsync(ct))
            : "";
        // The inviting organisation sees the notice to an address's owner as the invitation it sent, so its outbox
        // tells it nothing about whether the address has an account elsewhere.
        var items = rows.Select(r => r.Invited is { } invited && !actor.IsSystemAdmin
            ? r.Row with { ToName = invited.DisplayName, ToAddress = invited.Email, Subject = invitationSubject }
            : r.Row).ToList();
        return Result<Page<OutboxRow>>.Ok(new Page<OutboxRow>(items, total, index, size));
    }

    public async Task<Result<OutboxCounts>> CountsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!MayView(actor)) return Result<OutboxCounts>.From(NotAllowed);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await Visible(db, actor).GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return Result<OutboxCounts>.Ok(new OutboxCounts(
            counts.GetValueOrDefault(OutboxStatus.Queued), counts.GetValueOrDefault(OutboxStatus.Sent),
            counts.GetValueOrDefault(OutboxStatus.Failed), counts.GetValueOrDefault(OutboxStatus.Dead)));
    }

    /// <summary>Queues a message for an attempt now: a failed or dead one gets one more chance, a waiting one skips its back-off.</summary>
    public async Task<Result> RetryNowAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        if (!MayView(actor)) return NotAllowed;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await Visible(db, actor).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null) return Result.NotFound("The message");
        if (message.Status == OutboxStatus.Sent) return Result.Invalid("This message has already been sent.");
        message.Status = OutboxStatus.Queued;
        message.NextAttemptAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return Result.Ok();
    }

    private static readonly Result NotAllowed = Result.NotAllowed("Only an admin may see the e-mail outbox.");

    private static IQueryable<OutboxMessage> Visible(WorkOrdersDbContext db, Actor actor) =>
        actor.IsSystemAdmin
            ? db.Outbox
            : db.Outbox.Where(m => (m.UserId != null && db.Users.Any(u => u.Id == m.UserId && u.OrganizationId == actor.OrganizationId))
                || (m.OutsideInvitationId != null && db.OutsideInvitations.Any(i => i.Id == m.OutsideInvitationId && i.OrganizationId == actor.OrganizationId)));
}
