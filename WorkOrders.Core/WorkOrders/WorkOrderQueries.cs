using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.WorkOrders;

/// <summary>What the screens read about work orders; always through the actor's visibility.</summary>
public sealed class WorkOrderQueries(IDbContextFactory<WorkOrdersDbContext> dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<Page<WorkOrderSummary>> ListAsync(Actor actor, WorkOrderFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.WorkOrders.VisibleTo(actor);
        query = filter.Scope switch
        {
            WorkOrderScope.WaitingForMe => query.Where(w => w.ApproverId == actor.UserId && w.Status == WorkOrderStatus.Submitted),
            WorkOrderScope.CreatedByMe => query.Where(w => w.CreatorId == actor.UserId),
            WorkOrderScope.AssignedToMe => query.Where(w => w.AssigneeId == actor.UserId),
            _ => query,
        };
        if (filter.Status is { } status) query = query.Where(w => w.Status == status);
        if (filter.FacilityId is { } facilityId) query = query.Where(w => w.FacilityId == facilityId);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + Like.Escape(filter.Search.Trim()) + "%";
            var search = filter.Search.Trim();
            var isNumber = WorkOrder.TryParseNumber(search, out var number);
            // "WO-000123" can only mean a number; plain digits may also be part of a title ("Station 12").
            query = isNumber && search.StartsWith("WO-", StringComparison.OrdinalIgnoreCase)
                ? query.Where(w => w.Id == number)
                : isNumber
                    ? query.Where(w => w.Id == number || EF.Functions.Like(w.Title, pattern, Like.EscapeCharacter))
                    : query.Where(w => EF.Functions.Like(w.Title, pattern, Like.EscapeCharacter));
        }

        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var index = Math.Max(filter.PageIndex, 0);
        var total = await query.CountAsync(ct);
        // Page over ids first, on the (tenant, id) index alone; only the rows shown are joined to their names.
        var ids = await query.OrderByDescending(w => w.Id).Skip(index * size).Take(size).Select(w => w.Id).ToListAsync(ct);
        var items = await db.WorkOrders
            .Where(w => ids.Contains(w.Id))
            .OrderByDescending(w => w.Id)
            .Select(w => new WorkOrderSummary(
                w.Id, w.Title, w.FacilityId, w.Facility!.Name, w.Facility.TimeZoneId, w.Status,
                w.Submitter!.DisplayName, w.Approver!.DisplayName, w.Assignee!.DisplayName,
                w.ScheduledStart, w.ScheduledEnd, w.EstimateTotal, w.Facility.Company!.Currency, w.UpdatedAt))
            .ToListAsync(ct);
        return new Page<WorkOrderSummary>(items, total, index, size);
    }

    public async Task<Result<WorkOrderDetail>> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wo = await db.WorkOrders.VisibleTo(actor)
            .Include(w => w.Facility).ThenInclude(f => f!.Company)
            .Include(w => w.ActionItems)
            .Include(w => w.Notes)
            .Include(w => w.EstimateLines)
            .Include(w => w.History)
            .AsSplitQuery()
            .AsNoTracking()
            .FirstOrDefaultAsync(w => w.Id == id, ct);
        if (wo is null) return Result<WorkOrderDetail>.From(Result.NotFound("The work order"));

        var userIds = wo.History.Select(h => h.ActorId)
            .Concat(wo.Notes.Select(n => n.AuthorId))
            .Append(wo.CreatorId)
            .Concat(new[] { wo.SubmitterId, wo.ApproverId, wo.AssigneeId }.OfType<string>())
            .Distinct()
            .ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var createdBy = await db.Organizations.Where(o => o.Id == wo.CreatedByOrganizationId).Select(o => o.Name).SingleAsync(ct);

        PersonRef Ref(string id) => new(id, names.GetValueOrDefault(id, "(unknown user)"));
        PersonRef? OptionalRef(string? id) => id is null ? null : Ref(id);

        var facility = wo.Facility!;
        return new WorkOrderDetail(
            wo.Id, wo.Title, wo.Status, wo.Version,
            new FacilityRef(facility.Id, facility.Name, facility.Address, facility.TimeZoneId), facility.Company!.Currency,
            wo.CreatedByKind, createdBy,
            Ref(wo.CreatorId), OptionalRef(wo.SubmitterId), OptionalRef(wo.ApproverId), OptionalRef(wo.AssigneeId),
            wo.ScheduledStart, wo.ScheduledEnd, wo.EstimateTotal,
            wo.ActionItems.OrderBy(i => i.Id).Select(i => new ActionItemRow(
                i.Id, i.FacilityId, i.Title, i.Description, i.Priority, i.Status, i.Source, i.DueDate, i.CreatedAt, i.WorkOrderId, wo.Status)).ToList(),
            wo.Notes.OrderBy(n => n.CreatedAt).Select(n => new NoteView(n.Id, Ref(n.AuthorId), n.Text, n.CreatedAt)).ToList(),
            wo.EstimateLines.OrderBy(l => l.Id).Select(l => new EstimateLineView(l.Description, l.Quantity, l.UnitPrice)).ToList(),
            wo.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new HistoryView(h.Action, h.From, h.To, Ref(h.ActorId), h.At, h.Comment)).ToList(),
            wo.AllowedActions(actor), wo.IsParticipant(actor), wo.CreatedAt, wo.UpdatedAt);
    }

    /// <summary>Whom the actor may submit this work order to; NotAllowed when the actor may not submit it.</summary>
    public Task<Result<IReadOnlyList<PersonOption>>> ApproverCandidatesAsync(Actor actor, int id, CancellationToken ct = default) =>
        CandidatesAsync(actor, id, [WorkOrderAction.Submit], wo => wo.ApproverCandidates(actor.UserId), ct);

    /// <summary>Whom the actor may dispatch this work order to, or reassign it to.</summary>
    public Task<Result<IReadOnlyList<PersonOption>>> AssigneeCandidatesAsync(Actor actor, int id, CancellationToken ct = default) =>
        CandidatesAsync(actor, id, [WorkOrderAction.Dispatch, WorkOrderAction.Reschedule], wo => wo.AssigneeCandidates(), ct);

    private async Task<Result<IReadOnlyList<PersonOption>>> CandidatesAsync(
        Actor actor, int id, WorkOrderAction[] actions, Func<WorkOrder, System.Linq.Expressions.Expression<Func<AppUser, bool>>> rule, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wo = await db.WorkOrders.VisibleTo(actor).AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (wo is null) return Result<IReadOnlyList<PersonOption>>.From(Result.NotFound("The work order"));
        if (!wo.AllowedActions(actor).Intersect(actions).Any())
        {
            return Result<IReadOnlyList<PersonOption>>.From(Result.NotAllowed($"You may not {WorkOrderLifecycle.Verb(actions[0])} {wo.Number} now."));
        }
        var people = await db.Users.Where(rule(wo))
            .OrderBy(u => u.DisplayName)
            .Select(u => new PersonOption(u.Id, u.DisplayName, u.Email, u.Role))
            .ToListAsync(ct);
        return Result<IReadOnlyList<PersonOption>>.Ok(people);
    }
}
