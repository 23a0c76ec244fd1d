using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Scheduling;

/// <summary>
/// What the calendars and "My work" read. Which work orders a user sees is decided here and nowhere
/// else: a company user the company's scheduled work, a service provider admin the provider's, a
/// service provider technician only their own; always inside <see cref="Visibility"/>.
/// </summary>
public sealed class CalendarQueries(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, ActionItems.OrganizationCalendar calendar)
{
    /// <summary>
    /// The most visits one view draws (docs/product.md, "The dispatch calendar"): the earliest in start order. A range
    /// holding more says how many it holds; a technician or facility filter, or a shorter view, shows the rest.
    /// </summary>
    public const int MaxVisitsShown = 100;

    /// <summary>How many approved work orders the "ready to dispatch" tray shows, longest waiting first.</summary>
    public const int ReadyLimit = 50;

    public static readonly TimeSpan RecentlyResolvedWindow = TimeSpan.FromDays(14);

    public async Task<CalendarPeriod> RangeAsync(Actor actor, CalendarRange range, CancellationToken ct = default)
    {
        if (range.To <= range.From) return CalendarPeriod.Empty;
        var from = range.From.ToUniversalTime();
        var to = range.To.ToUniversalTime();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // No visit lasts longer than the company's longest, so the overlap test can use the start index from both sides.
        var earliestStart = await VisitReach.EarliestStartAsync(db, actor, from, ct);
        var today = range.Due == ActionItems.DueFilter.Any ? default : await calendar.TodayAsync(db, actor.OrganizationId, ct);
        var inRange = OnCalendarOf(db.WorkOrders, actor, range.Scope).WithDue(range.Due, today)
            .Where(w => w.ScheduledStart != null && w.ScheduledEnd != null
                        && w.ScheduledStart < to && w.ScheduledStart >= earliestStart && w.ScheduledEnd > from);
        if (!string.IsNullOrEmpty(range.AssigneeId)) inRange = inRange.Where(w => w.AssigneeId == range.AssigneeId);
        if (range.FacilityId is { } facilityId) inRange = inRange.Where(w => w.FacilityId == facilityId);

        // The two statuses lie apart in IX_WorkOrders_Calendar, each in start order: read the first visits of each in that
        // order (one command, no sort of the whole range, nothing read past the cap) and merge them here. The visits join
        // nothing: a hundred visits share a few facilities and assignees, whose names are read once each below.
        IQueryable<VisitRow> FirstOf(WorkOrderStatus status) => inRange.Where(w => w.Status == status)
            .OrderBy(w => w.ScheduledStart).ThenBy(w => w.Id).Take(MaxVisitsShown + 1).Select(VisitRow.FromWorkOrder);
        var rows = await FirstOf(WorkOrderStatus.Dispatched).Concat(FirstOf(WorkOrderStatus.Resolved)).ToListAsync(ct);
        if (rows.Count == 0) return CalendarPeriod.Empty;
        rows.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Id.CompareTo(b.Id));
        // Counted only when the cap cuts, from the same index without reading a visit's values.
        var total = rows.Count > MaxVisitsShown
            ? await inRange.CountAsync(w => w.Status == WorkOrderStatus.Dispatched || w.Status == WorkOrderStatus.Resolved, ct)
            : rows.Count;
        if (rows.Count > MaxVisitsShown) rows.RemoveRange(MaxVisitsShown, rows.Count - MaxVisitsShown);

        var facilityIds = rows.Select(r => r.FacilityId).Distinct().ToList();
        var facilities = await db.Facilities.Where(f => facilityIds.Contains(f.Id))
            .Select(f => new { f.Id, f.Name, f.TimeZoneId })
            .ToDictionaryAsync(f => f.Id, ct);
        var assigneeIds = rows.Select(r => r.AssigneeId).OfType<string>().Distinct().ToList();
        var assignees = assigneeIds.Count == 0
            ? []
            : await db.Users.Where(u => assigneeIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var visits = rows.Select(r =>
            {
                var facility = facilities[r.FacilityId];
                return new CalendarEntry(
                    r.Id, r.Title, r.FacilityId, facility.Name, facility.TimeZoneId, r.AssigneeId,
                    r.AssigneeId is { } assignee ? assignees.GetValueOrDefault(assignee) : null, r.Status, r.Start, r.End, r.Version,
                    MayReschedule(actor, r.Status, r.SubmitterId, r.ProviderId));
            })
            .ToList();
        return new CalendarPeriod(visits, total);
    }

    /// <summary>
    /// "Approved — ready to dispatch": the approved work orders the actor submitted, oldest approval first, at most
    /// <see cref="ReadyLimit"/> of them (the tray is a to-do list, not an archive).
    /// </summary>
    /// <param name="soonestDueFirst">The tray's order: the earliest due date first (undated last), then the longest waiting.</param>
    /// <param name="due">Only the overdue, or the due soon (overdue included); <see cref="ActionItems.DueFilter.Any"/> for all.</param>
    public async Task<IReadOnlyList<ReadyToDispatch>> ReadyToDispatchAsync(Actor actor, CancellationToken ct = default, bool soonestDueFirst = false,
        ActionItems.DueFilter due = ActionItems.DueFilter.Any)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var today = await calendar.TodayAsync(db, actor.OrganizationId, ct);
        var rows = await db.WorkOrders.VisibleTo(actor)
            .Where(w => w.Status == WorkOrderStatus.Approved && w.SubmitterId == actor.UserId)
            .WithDue(due, today)
            .OrderBy(w => w.UpdatedAt).ThenBy(w => w.Id)
            .Take(ReadyLimit)
            .Select(w => new { w.Id, w.Title, w.FacilityId, Facility = w.Facility!.Name, w.Facility.TimeZoneId, w.Version, w.UpdatedAt, w.DueDate })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var counts = await db.ActionItems
            .Where(i => i.WorkOrderId != null && ids.Contains(i.WorkOrderId.Value))
            .GroupBy(i => i.WorkOrderId!.Value)
            .Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, ct);
        var ready = rows.Select(r => new ReadyToDispatch(r.Id, r.Title, r.FacilityId, r.Facility, r.TimeZoneId, counts.GetValueOrDefault(r.Id), r.Version, r.UpdatedAt,
            r.DueDate, ActionItems.DueDates.State(r.DueDate, today)));
        return (soonestDueFirst ? ready.OrderBy(r => r.DueDate ?? DateOnly.MaxValue) : ready).ToList();
    }

    /// <summary>The assignee's jobs: overdue and today's (each in its facility's day), upcoming, and recently resolved.</summary>
    public async Task<MyWorkList> MyWorkAsync(Actor actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var resolvedSince = now - RecentlyResolvedWindow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.WorkOrders.VisibleTo(actor)
            .Where(w => w.AssigneeId == actor.UserId && w.ScheduledStart != null && w.ScheduledEnd != null
                        && (w.Status == WorkOrderStatus.Dispatched || (w.Status == WorkOrderStatus.Resolved && w.UpdatedAt >= resolvedSince)))
            .Select(w => new
            {
                w.Id, w.Title, Facility = w.Facility!.Name, w.Facility.Address, w.Facility.TimeZoneId,
                Start = w.ScheduledStart!.Value, End = w.ScheduledEnd!.Value, Items = w.ActionItems.Count, w.Status, w.UpdatedAt,
            })
            .ToListAsync(ct);

        var jobs = rows
            .Select(r => (Job: new MyJob(r.Id, r.Title, r.Facility, r.Address, r.TimeZoneId, r.Start, r.End, r.Items, r.Status, When(r.Status, r.Start, r.End, r.TimeZoneId, now)), r.UpdatedAt))
            .ToList();
        return new MyWorkList(
            jobs.Select(j => j.Job).Where(j => j.When is MyJobWhen.Overdue or MyJobWhen.Today).OrderBy(j => j.Start).ToList(),
            jobs.Select(j => j.Job).Where(j => j.When == MyJobWhen.Upcoming).OrderBy(j => j.Start).ToList(),
            jobs.Where(j => j.Job.When == MyJobWhen.Resolved).OrderByDescending(j => j.UpdatedAt).Select(j => j.Job).Take(10).ToList());
    }

    /// <summary>
    /// The assignees of the work the actor's dispatch calendar shows: the assignee filter and the legend. Read from
    /// the people who may be assigned — users of the actor's organisation or of a service provider, the only ones a
    /// work order can be dispatched to — each kept when some work on the calendar is assigned to them (one index
    /// seek per person instead of a DISTINCT over every assigned work order).
    /// </summary>
    public async Task<IReadOnlyList<CalendarPerson>> AssigneesAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var onCalendar = OnCalendarOf(db.WorkOrders, actor, CalendarScope.Dispatch);
        var people = await db.Users
            .Where(u => u.OrganizationId == actor.OrganizationId || u.Organization!.Kind == OrganizationKind.ServiceProvider)
            .Where(u => onCalendar.Any(w => w.AssigneeId == u.Id))
            .Select(u => new { u.Id, u.DisplayName })
            .ToListAsync(ct);
        return people.OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase).Select(p => new CalendarPerson(p.Id, p.DisplayName)).ToList();
    }

    // Set by member, not by constructor: only such a projection can stand on both sides of the SQL UNION ALL.
    private sealed record VisitRow
    {
        public int Id { get; init; }
        public string Title { get; init; } = "";
        public int FacilityId { get; init; }
        public string? AssigneeId { get; init; }
        public WorkOrderStatus Status { get; init; }
        public DateTimeOffset Start { get; init; }
        public DateTimeOffset End { get; init; }
        public int Version { get; init; }
        public string? SubmitterId { get; init; }
        public int? ProviderId { get; init; }

        public static readonly System.Linq.Expressions.Expression<Func<WorkOrder, VisitRow>> FromWorkOrder = w => new VisitRow
        {
            Id = w.Id, Title = w.Title, FacilityId = w.FacilityId, AssigneeId = w.AssigneeId, Status = w.Status,
            Start = w.ScheduledStart!.Value, End = w.ScheduledEnd!.Value, Version = w.Version, SubmitterId = w.SubmitterId, ProviderId = w.ProviderId,
        };
    }

    /// <summary>The rule of the class summary: which work orders appear on which user's calendar.</summary>
    internal static IQueryable<WorkOrder> OnCalendarOf(IQueryable<WorkOrder> workOrders, Actor actor, CalendarScope scope)
    {
        var visible = workOrders.VisibleTo(actor);
        var ownOnly = scope == CalendarScope.Mine || (actor.OrganizationKind == OrganizationKind.ServiceProvider && !actor.IsAdmin);
        return ownOnly ? visible.Where(w => w.AssigneeId == actor.UserId) : visible;
    }

    /// <summary>Entries on a calendar are scheduled, so the row's guard holds; the party is the scheduler.</summary>
    internal static bool MayReschedule(Actor actor, WorkOrderStatus status, string? submitterId, int? providerId) =>
        WorkOrderLifecycle.Find(status, WorkOrderAction.Reschedule) is { Who: Party.Scheduler } && WorkOrderLifecycle.IsScheduler(actor, submitterId, providerId);

    private static MyJobWhen When(WorkOrderStatus status, DateTimeOffset start, DateTimeOffset end, string timeZoneId, DateTimeOffset now)
    {
        if (status == WorkOrderStatus.Resolved) return MyJobWhen.Resolved;
        if (end < now) return MyJobWhen.Overdue;
        var today = TimeZones.ToLocal(now, timeZoneId).Date;
        return TimeZones.ToLocal(start, timeZoneId).Date <= today ? MyJobWhen.Today : MyJobWhen.Upcoming;
    }
}
