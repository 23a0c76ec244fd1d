using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Dashboard;

/// <summary>
/// Open action items recorded <see cref="FromDays"/> to <see cref="ToDays"/> days before today (both included; ToDays null =
/// any older), in days of the organisation: the days <see cref="FirstDay"/> (null = no limit) to <see cref="LastDay"/>.
/// </summary>
public sealed record AgeBucket(string Label, int FromDays, int? ToDays, int Count, DateOnly? FirstDay, DateOnly LastDay);

public sealed record FacilityCount(int FacilityId, string Facility, int Count);

/// <summary>
/// Open items whose due date fell in the week starting <see cref="WeekStart"/> and has passed: due <see cref="WeekStart"/>
/// to <see cref="LastDay"/> (the last week ends yesterday).
/// </summary>
public sealed record OverdueWeek(DateOnly WeekStart, int Count, DateOnly LastDay);

/// <summary>
/// Median hours of one step (<see cref="Action"/>, counted from the latest <c>from</c> step before it) over the steps taken
/// on the days <see cref="FirstDay"/> to <see cref="LastDay"/>; null when none was taken.
/// </summary>
public sealed record StepMedian(string Step, double? MedianHours, int Count, WorkOrderAction Action, DateOnly FirstDay, DateOnly LastDay);

public sealed record MonthTotal(DateOnly Month, decimal Total);

public sealed record FacilityTotal(int FacilityId, string Facility, decimal Total);

public sealed record DashboardData(
    DateOnly Today, int WindowDays, string Currency,
    IReadOnlyDictionary<WorkOrderStatus, int> WorkOrdersByStatus,
    int OverdueItems, int DueSoonItems, int OverdueWorkOrders,
    IReadOnlyList<AgeBucket> OpenItemsByAge, IReadOnlyList<FacilityCount> OpenItemsByFacility, IReadOnlyList<OverdueWeek> OverdueTrend,
    IReadOnlyList<StepMedian> Medians, IReadOnlyList<MonthTotal> EstimatesByMonth, IReadOnlyList<FacilityTotal> EstimatesByFacility);

/// <summary>
/// The company dashboard's figures, each one a filter a list accepts. Company users and admins only; everything through
/// <see cref="Visibility"/>. Days, weeks and months are the organisation's (<see cref="OrganizationDays"/>), as in the
/// lists' date filters. At a million work orders every figure is an index seek or a range counted in an index, or read from
/// the sums the database keeps: by status (ADR-020), open items and estimates per day and the steps' durations (ADR-022).
/// </summary>
public sealed class DashboardQueries(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock)
{
    public static readonly int[] Windows = [30, 90];
    public const int TopFacilities = 10, TrendWeeks = 8, Months = 6;

    private static readonly WorkOrderStatus[] Unfinished =
        Enum.GetValues<WorkOrderStatus>().Where(s => s is not (WorkOrderStatus.Resolved or WorkOrderStatus.Closed)).ToArray();

    private static readonly (string Label, int From, int? To)[] Ages = [("Under 7 days", 0, 6), ("7–29 days", 7, 29), ("30–89 days", 30, 89), ("90 days or more", 90, null)];

    public static bool MaySee(Actor actor) => actor.IsCompanyUser;

    public async Task<Result<DashboardData>> LoadAsync(Actor actor, int windowDays = 30, CancellationToken ct = default)
    {
        if (!MaySee(actor)) return Result<DashboardData>.From(Result.NotAllowed("The dashboard is for the people of a company."));
        if (!Windows.Contains(windowDays)) return Result<DashboardData>.From(Result.Invalid("Choose the last 30 or 90 days."));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var organization = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => new { o.Currency, o.TimeZoneId }).SingleAsync(ct);
        var zone = organization.TimeZoneId;
        var today = DueDates.Today(clock, zone);
        DateTimeOffset DayStart(DateOnly day) => OrganizationDays.Start(day, zone);

        var workOrders = db.WorkOrders.VisibleTo(actor);
        var byStatus = await StatusCountsAsync(db, actor, ct);

        // The company's items are those of its facilities (Visibility's rule for a company): asked facility by facility,
        // each count is a range of the (FacilityId, Status, CreatedAt or DueDate) indexes.
        var facilities = db.Facilities.VisibleTo(actor).Select(f => f.Id);
        var open = db.ActionItems.Where(i => facilities.Contains(i.FacilityId) && i.Status == ActionItemStatus.Open);
        var soon = today.AddDays(DueDates.SoonDays);
        var overdueItems = await open.CountAsync(i => i.DueDate != null && i.DueDate < today, ct);
        var dueSoonItems = await open.CountAsync(i => i.DueDate != null && i.DueDate >= today && i.DueDate <= soon, ct);
        var yesterday = today.AddDays(-1);
        var overdueWorkOrders = await workOrders.CountAsync(w => Unfinished.Contains(w.Status) && w.DueDate != null && w.DueDate <= yesterday, ct);

        // Kept per UTC day and facility (ADR-022): the ages' boundaries are the organisation's midnights, read exactly.
        var boundaries = Ages.Select(a => a.From == 0 ? DayStart(today.AddDays(1)) : DayStart(today.AddDays(-(a.From - 1)))).ToArray();
        var ageCounts = await KeptFigures.OpenItemsBetweenAsync(db, actor, open, boundaries, ct);
        var ages = Ages.Select((a, k) => new AgeBucket(a.Label, a.From, a.To, ageCounts[k], a.To is { } t ? today.AddDays(-t) : null, today.AddDays(-a.From))).ToList();

        var byFacility = await KeptFigures.OpenItemsByFacilityAsync(db, actor, TopFacilities, ct);
        var names = await FacilityNamesAsync(db, actor, byFacility.Select(f => f.FacilityId), ct);
        var facilityCounts = byFacility.Select(f => new FacilityCount(f.FacilityId, names.GetValueOrDefault(f.FacilityId, "?"), f.Count)).ToList();

        // Dates are text in SQLite; the weeks are counted from the due dates of the few overdue items, not from every row.
        var firstWeek = today.AddDays(-7 * (TrendWeeks - 1) - (int)today.DayOfWeek);
        var overdueDates = await open.Where(i => i.DueDate != null && i.DueDate < today && i.DueDate >= firstWeek)
            .GroupBy(i => i.DueDate).Select(g => new { Due = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        var trend = Enumerable.Range(0, TrendWeeks).Select(w => firstWeek.AddDays(7 * w))
            .Select(week => new OverdueWeek(week, overdueDates.Where(d => d.Due >= week && d.Due < week.AddDays(7)).Sum(d => d.Count),
                week.AddDays(6) < yesterday ? week.AddDays(6) : yesterday)).ToList();

        var firstWindowDay = today.AddDays(-(windowDays - 1));
        var since = DayStart(firstWindowDay);
        var steps = await KeptFigures.StepHoursAsync(db, actor, since, ct);
        var medians = new[]
            {
                ("Submit → approve", WorkOrderAction.Approve),
                ("Approve → dispatch", WorkOrderAction.Dispatch),
                ("Dispatch → resolve", WorkOrderAction.Resolve),
            }
            .Select(s => { var hours = steps[s.Item2].ToList(); return new StepMedian(s.Item1, Median(hours), hours.Count, s.Item2, firstWindowDay, today); })
            .ToList();

        var (months, facilityTotals) = await EstimatesAsync(db, actor, today, DayStart, ct);

        return new DashboardData(today, windowDays, organization.Currency, byStatus, overdueItems, dueSoonItems, overdueWorkOrders, ages, facilityCounts, trend,
            medians, months, facilityTotals);
    }

    /// <summary>
    /// The table the database keeps (ADR-020) rather than a count of a million rows. Its key is the work order's company,
    /// which is exactly what <see cref="Visibility"/> shows a company user.
    /// </summary>
    private static async Task<Dictionary<WorkOrderStatus, int>> StatusCountsAsync(WorkOrdersDbContext db, Actor actor, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<StatusCountRow>(
            $"""SELECT "Status", "Count" FROM "WorkOrderStatusCounts" WHERE "CompanyId" = {actor.OrganizationId} AND "Count" > 0""").ToListAsync(ct);
        return rows.ToDictionary(r => Enum.Parse<WorkOrderStatus>(r.Status), r => r.Count);
    }

    private sealed record StatusCountRow(string Status, int Count);

    /// <summary>
    /// Estimates of the work orders created in each of the last <see cref="Months"/> months of the organisation, per facility,
    /// from the whole cents the database keeps per UTC day (ADR-022); months and facilities are added up from it.
    /// </summary>
    private static async Task<(List<MonthTotal>, List<FacilityTotal>)> EstimatesAsync(WorkOrdersDbContext db, Actor actor, DateOnly today,
        Func<DateOnly, DateTimeOffset> dayStart, CancellationToken ct)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var starts = Enumerable.Range(0, Months + 1).Select(m => dayStart(thisMonth.AddMonths(m - (Months - 1)))).ToArray();
        var cents = await KeptFigures.EstimateCentsAsync(db, actor, starts, ct);
        var perFacility = cents.Select(c => (FacilityId: c.Key, Months: c.Value.Select(v => v / 100m).ToArray())).ToList();
        var months = Enumerable.Range(0, Months)
            .Select(m => new MonthTotal(thisMonth.AddMonths(m - (Months - 1)), perFacility.Sum(f => f.Months[m]))).ToList();
        var top = perFacility.Select(f => (f.FacilityId, Total: f.Months.Sum())).OrderByDescending(f => f.Total).Take(TopFacilities).ToList();
        var names = await FacilityNamesAsync(db, actor, top.Select(f => f.FacilityId), ct);
        return (months, top.Select(f => new FacilityTotal(f.FacilityId, names.GetValueOrDefault(f.FacilityId, "?"), f.Total)).ToList());
    }

    private static async Task<Dictionary<int, string>> FacilityNamesAsync(WorkOrdersDbContext db, Actor actor, IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.ToList();
        return await db.Facilities.VisibleTo(actor).Where(f => list.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
    }

    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
