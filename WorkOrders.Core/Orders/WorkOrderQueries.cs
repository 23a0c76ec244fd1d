using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Orders;

/// <summary>What the screens read about work orders; always through the actor's visibility.</summary>
public sealed class WorkOrderQueries(IDbContextFactory<WorkOrdersDbContext> dbFactory, OrganizationCalendar calendar, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <summary>The list counts its rows up to the next multiple of this past the page shown.</summary>
    public const int CountStep = 1000;

    public async Task<Page<WorkOrderSummary>> ListAsync(Actor actor, WorkOrderFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (today, zone) = await calendar.DayAsync(db, actor.OrganizationId, ct);
        var now = clock.GetUtcNow();
        var query = Filtered(db, actor, filter, today, zone);

        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var index = Math.Max(filter.PageIndex, 0);
        // Counting a large tenant's every row costs more than the page itself: count only up to the next
        // thousand past the page shown, and say "1,000+" when there are more.
        var countLimit = ((index + 1) * size / CountStep + 1) * CountStep;
        var counted = await query.Select(w => w.Id).Take(countLimit + 1).CountAsync(ct);
        // Page over ids first, on the (tenant, id) index alone; only the rows shown are joined to their names.
        var ids = await Ordered(query, filter.Sort).Skip(index * size).Take(size).Select(w => w.Id).ToListAsync(ct);
        var rows = await db.WorkOrders
            .Where(w => ids.Contains(w.Id))
            .Select(w => new WorkOrderSummary(
                w.Id, w.Title, w.FacilityId, w.Facility!.Name, w.Facility.TimeZoneId, w.Status,
                w.Submitter!.DisplayName, w.Approver!.DisplayName, w.Assignee!.DisplayName,
                w.ScheduledStart, w.ScheduledEnd, w.EstimateTotal, w.Facility.Company!.Currency, w.UpdatedAt, w.DueDate, DueState.None,
                w.Provider!.Name,
                w.Status == WorkOrderStatus.Dispatched && w.ProviderId != null && w.AssigneeId == null,
                w.Status == WorkOrderStatus.Dispatched && w.ProviderId != null && w.AssigneeId == null && w.ResponseDueAt < now))
            .ToListAsync(ct);
        var items = ids.Select(id => rows.Single(r => r.Id == id))
            .Select(r => r with { DueState = StateOf(r.DueDate, r.Status, today) })
            .ToList();
        return new Page<WorkOrderSummary>(items, Math.Min(counted, countLimit), index, size, TotalIsCapped: counted > countLimit);
    }

    /// <summary>A work order is late by its earliest open item's due date while it is still being worked.</summary>
    public static DueState StateOf(DateOnly? dueDate, WorkOrderStatus status, DateOnly today) =>
        WorkOrderLifecycle.IsFinal(status) ? DueState.None : DueDates.State(dueDate, today);

    /// <summary>The list's filters, visibility first; the export applies exactly the same ones.</summary>
    internal static IQueryable<WorkOrder> Filtered(WorkOrdersDbContext db, Actor actor, WorkOrderFilter filter, DateOnly today, string timeZoneId)
    {
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
        var (createdFrom, createdBefore) = OrganizationDays.Range(filter.CreatedFrom, filter.CreatedTo, timeZoneId);
        if (createdFrom is { } cf) query = query.Where(w => w.CreatedAt >= cf);
        if (createdBefore is { } cb) query = query.Where(w => w.CreatedAt < cb);
        if (filter.Step is { } step)
        {
            var (stepFrom, stepBefore) = OrganizationDays.Range(filter.StepFrom, filter.StepTo, timeZoneId);
            var steps = db.WorkOrderHistory.Where(h => h.Action == step);
            if (stepFrom is { } sf) steps = steps.Where(h => h.At >= sf);
            if (stepBefore is { } sb) steps = steps.Where(h => h.At < sb);
            query = query.Where(w => steps.Any(h => h.WorkOrderId == w.Id));
        }
        return query.WithDue(filter.Due, today);
    }

    internal static IQueryable<WorkOrder> Ordered(IQueryable<WorkOrder> query, WorkOrderSort sort) => sort == WorkOrderSort.DueDate
        ? query.OrderBy(w => w.DueDate == null).ThenBy(w => w.DueDate).ThenByDescending(w => w.Id)
        : query.OrderByDescending(w => w.Id);

    /// <summary>
    /// The work order page: the work order with the names it shows, then its items, notes, estimate lines and history,
    /// each read by the work order's id alone once visibility has let the first query find it.
    /// </summary>
    public async Task<Result<WorkOrderDetail>> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One connection for the page's five commands instead of one taken from the pool and returned for each.
        await db.Database.OpenConnectionAsync(ct);
        var readHead = actor.OrganizationKind == OrganizationKind.Company ? companyReadsHead : providerReadsHead;
        var head = await readHead(db, id, actor.OrganizationId, ct);
        if (head is null) return Result<WorkOrderDetail>.From(Result.NotFound("The work order"));
        var wo = head.WorkOrder;

        var today = calendar.Today(head.ReaderTimeZone);
        var items = new List<ActionItemRow>();
        await foreach (var item in itemsOf(db, id).WithCancellation(ct)) items.Add(ActionItemQueries.WithDueState(item, today));
        var notes = await notesOf(db, id).ToListAsync(ct);
        var lines = await linesOf(db, id).ToListAsync(ct);
        var history = await historyOf(db, id).ToListAsync(ct);

        static PersonRef Ref(string id, string? name) => new(id, name ?? "(unknown user)");
        PersonRef? OptionalRef(string? id, string? name) => id is null ? null : Ref(id, name);

        return new WorkOrderDetail(
            wo.Id, wo.Title, wo.Status, wo.Version, head.Facility, head.Currency,
            wo.CreatedByKind, head.CreatedBy ?? "",
            Ref(wo.CreatorId, head.Creator), OptionalRef(wo.SubmitterId, head.Submitter), OptionalRef(wo.ApproverId, head.Approver),
            OptionalRef(wo.AssigneeId, head.Assignee),
            wo.ScheduledStart, wo.ScheduledEnd, wo.EstimateTotal,
            items,
            notes.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Select(n => new NoteView(n.Id, Ref(n.AuthorId, n.Author), n.Text, n.CreatedAt)).ToList(),
            lines,
            history.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new HistoryView(h.Action, h.From, h.To, Ref(h.ActorId, h.Actor), h.At, h.Comment, h.DueDateOverridden)).ToList(),
            wo.AllowedActions(actor), wo.IsParticipant(actor), wo.CreatedAt, wo.UpdatedAt,
            wo.ProviderId is { } providerId
                ? new ProviderDispatchView(providerId, head.Provider ?? "", wo.DispatchedToProviderAt, wo.RequestedStart, wo.RequestedEnd, wo.ResponseDueAt,
                    wo.IsAwaitingProvider, wo.IsAwaitingProvider && wo.ResponseDueAt < clock.GetUtcNow(),
                    WorkOrder.WithinRequestedWindow(wo.RequestedStart, wo.RequestedEnd, wo.ScheduledStart, wo.ScheduledEnd))
                : null,
            wo.DueDate, StateOf(wo.DueDate, wo.Status, today));
    }

    // The page's reads are compiled once, the head once per kind of reader: EF then neither walks nor looks up each query's
    // tree on every call, which was most of what the page cost above its raw SQL (docs/PERFORMANCE.md). The head's filter
    // is Visibility's own rule with the reader's organisation as the compiled query's parameter. Instance fields, not static:
    // a compiled query serves one model, and one process may hold databases of both engines (the tests do).
    private readonly Func<WorkOrdersDbContext, int, int, CancellationToken, Task<DetailHead?>> companyReadsHead = CompileHead(OrganizationKind.Company);
    private readonly Func<WorkOrdersDbContext, int, int, CancellationToken, Task<DetailHead?>> providerReadsHead = CompileHead(OrganizationKind.ServiceProvider);

    private static Func<WorkOrdersDbContext, int, int, CancellationToken, Task<DetailHead?>> CompileHead(OrganizationKind kind)
    {
        Expression<Func<WorkOrdersDbContext, int, int, CancellationToken, DetailHead?>> head = (db, id, organizationId, ct) => db.WorkOrders
            .Where(w => w.Id == id)
            .AsNoTracking()
            .Select(w => new DetailHead
            {
                WorkOrder = w,
                Facility = new FacilityRef(w.FacilityId, w.Facility!.Name, w.Facility.Address, w.Facility.TimeZoneId),
                Currency = w.Facility.Company!.Currency,
                CreatedBy = db.Organizations.Where(o => o.Id == w.CreatedByOrganizationId).Select(o => o.Name).FirstOrDefault(),
                Provider = w.Provider!.Name,
                Creator = w.Creator!.DisplayName,
                Submitter = w.Submitter!.DisplayName,
                Approver = w.Approver!.DisplayName,
                Assignee = w.Assignee!.DisplayName,
                // The reader's day for the due states, read with the work order rather than as a command of its own.
                ReaderTimeZone = db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId).FirstOrDefault(),
            })
            .FirstOrDefault();
        var seen = Visibility.WorkOrdersSeenBy(kind, head.Parameters[2]);
        var where = new Func<IQueryable<WorkOrder>, Expression<Func<WorkOrder, bool>>, IQueryable<WorkOrder>>(Queryable.Where).Method;
        var body = new VisibleWorkOrders(where, seen).Visit(head.Body);
        return EF.CompileAsyncQuery(Expression.Lambda<Func<WorkOrdersDbContext, int, int, CancellationToken, DetailHead?>>(body, head.Parameters));
    }

    /// <summary>Puts the visibility rule directly on <c>db.WorkOrders</c>, where a page's query would call VisibleTo.</summary>
    private sealed class VisibleWorkOrders(System.Reflection.MethodInfo where, Expression<Func<WorkOrder, bool>> seen) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Member.Name == nameof(WorkOrdersDbContext.WorkOrders) && node.Type == typeof(DbSet<WorkOrder>)
                ? Expression.Call(where, node, Expression.Quote(seen))
                : base.VisitMember(node);
    }

    private sealed record DetailHead
    {
        public required WorkOrder WorkOrder { get; init; }
        public required FacilityRef Facility { get; init; }
        public string Currency { get; init; } = "";
        public string? CreatedBy { get; init; }
        public string? Provider { get; init; }
        public string? Creator { get; init; }
        public string? Submitter { get; init; }
        public string? Approver { get; init; }
        public string? Assignee { get; init; }
        public string? ReaderTimeZone { get; init; }
    }

    private sealed record NoteRow(int Id, string AuthorId, string? Author, string Text, DateTimeOffset CreatedAt);

    private sealed record HistoryRow(int Id, WorkOrderAction? Action, WorkOrderStatus? From, WorkOrderStatus To, string ActorId, string? Actor, DateTimeOffset At,
        string? Comment, bool DueDateOverridden);

    private readonly Func<WorkOrdersDbContext, int, IAsyncEnumerable<ActionItemRow>> itemsOf = EF.CompileAsyncQuery(
        (WorkOrdersDbContext db, int id) => db.ActionItems.Where(i => i.WorkOrderId == id).OrderBy(i => i.Id).Select(ActionItemQueries.ToRow));

    private readonly Func<WorkOrdersDbContext, int, IAsyncEnumerable<NoteRow>> notesOf = EF.CompileAsyncQuery(
        (WorkOrdersDbContext db, int id) => db.WorkOrderNotes.Where(n => n.WorkOrderId == id).OrderBy(n => n.Id)
            .Select(n => new NoteRow(n.Id, n.AuthorId, db.Users.Where(u => u.Id == n.AuthorId).Select(u => u.DisplayName).FirstOrDefault(), n.Text, n.CreatedAt)));

    private readonly Func<WorkOrdersDbContext, int, IAsyncEnumerable<EstimateLineView>> linesOf = EF.CompileAsyncQuery(
        (WorkOrdersDbContext db, int id) => db.EstimateLines.Where(l => l.WorkOrderId == id).OrderBy(l => l.Id)
            .Select(l => new EstimateLineView(l.Description, l.Quantity, l.UnitPrice)));

    private readonly Func<WorkOrdersDbContext, int, IAsyncEnumerable<HistoryRow>> historyOf = EF.CompileAsyncQuery(
        (WorkOrdersDbContext db, int id) => db.WorkOrderHistory.Where(h => h.WorkOrderId == id).OrderBy(h => h.Id)
            .Select(h => new HistoryRow(h.Id, h.Action, h.From, h.To, h.ActorId, db.Users.Where(u => u.Id == h.ActorId).Select(u => u.DisplayName).FirstOrDefault(), h.At,
                h.Comment, h.DueDateOverridden)));

    /// <summary>Whom the actor may submit this work order to; NotAllowed when the actor may not submit it.</summary>
    public Task<Result<IReadOnlyList<PersonOption>>> ApproverCandidatesAsync(Actor actor, int id, CancellationToken ct = default) =>
        CandidatesAsync(actor, id, [WorkOrderAction.Submit], wo => wo.ApproverCandidates(actor.UserId), ct);

    /// <summary>Whom the actor may dispatch this work order to, reassign it to, or (a provider's admin) accept it for.</summary>
    public Task<Result<IReadOnlyList<PersonOption>>> AssigneeCandidatesAsync(Actor actor, int id, CancellationToken ct = default) =>
        CandidatesAsync(actor, id, [WorkOrderAction.Dispatch, WorkOrderAction.Reschedule, WorkOrderAction.Accept], wo => wo.AssigneeCandidates(), ct);

    private async Task<Result<IReadOnlyList<PersonOption>>> CandidatesAsync(
        Actor actor, int id, WorkOrderAction[] actions, Func<WorkOrder, System.Linq.Expressions.Expression<Func<AppUser, bool>>> rule, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wo = await db.WorkOrders.VisibleTo(actor).AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (wo is null) return Result<IReadOnlyList<PersonOption>>.From(Result.NotFound("The work order"));
        if (!wo.AllowedActions(actor).Intersect(actions).Any())
        {
            return Result<IReadOnlyList<PersonOption>>.From(Result.NotAllowed($"You may not {LifecycleActions.Of(actions[0]).Verb} {wo.Number} now."));
        }
        var people = await db.Users.Where(rule(wo))
            .OrderBy(u => u.DisplayName)
            .Select(u => new PersonOption(u.Id, u.DisplayName, u.Email, u.Role))
            .ToListAsync(ct);
        return Result<IReadOnlyList<PersonOption>>.Ok(people);
    }
}
