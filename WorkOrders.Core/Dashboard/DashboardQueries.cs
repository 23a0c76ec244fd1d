using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.WorkOrders;

namespace WorkOrders.Core.Dashboard;

/// <summary>Open action items by how long ago they were recorded: [<see cref="FromDays"/>, <see cref="ToDays"/>) days; ToDays null = older.</summary>
public sealed record AgeBucket(string Label, int FromDays, int? ToDays, int Count);

public sealed record FacilityCount(int FacilityId, string Facility, int Count);

/// <summary>Open items whose due date fell in the week starting <see cref="WeekStart"/>; the last bucket's week holds today.</summary>
public sealed record OverdueWeek(DateOnly WeekStart, int Count);

/// <summary>Median hours of one step, over the steps taken in the window; null when none was taken.</summary>
public sealed record StepMedian(string Step, double? MedianHours, int Count);

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
/// <see cref="Visibility"/>.
/// </summary>
public sealed class DashboardQueries(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, OrganizationCalendar calendar)
{
    public static readonly int[] Windows = [30, 90];
    public const int TopFacilities = 10, TrendWeeks = 8, Months = 6;

    public static bool MaySee(Actor actor) => actor.IsCompanyUser;

    public async Task<Result<DashboardData>> LoadAsync(Actor actor, int windowDays = 30, CancellationToken ct = default)
    {
        if (!MaySee(actor)) return Result<DashboardData>.From(Result.NotAllowed("The dashboard is for the people of a company."));
        if (!Windows.Contains(windowDays)) return Result<DashboardData>.From(Result.Invalid("Choose the last 30 or 90 days."));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var today = await calendar.TodayAsync(db, actor.OrganizationId, ct);
        var currency = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.Currency).SingleAsync(ct);

        var workOrders = db.WorkOrders.VisibleTo(actor);
        var byStatus = await workOrders.GroupBy(w => w.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var open = db.ActionItems.VisibleTo(actor).Where(i => i.Status == ActionItemStatus.Open);
        var soon = today.AddDays(DueDates.SoonDays);
        var overdueItems = await open.CountAsync(i => i.DueDate != null && i.DueDate < today, ct);
        var dueSoonItems = await open.CountAsync(i => i.DueDate != null && i.DueDate >= today && i.DueDate <= soon, ct);
        var yesterday = today.AddDays(-1);
        var final = new[] { WorkOrderStatus.Resolved, WorkOrderStatus.Closed };
        var overdueWorkOrders = await workOrders.CountAsync(w => w.DueDate != null && w.DueDate <= yesterday && !final.Contains(w.Status), ct);

        var ages = new List<AgeBucket>();
        foreach (var (label, from, to) in new (string, int, int?)[] { ("Under 7 days", 0, 7), ("7–30 days", 7, 30), ("30–90 days", 30, 90), ("Over 90 days", 90, null) })
        {
            var newest = now.AddDays(-from);
            var q = open.Where(i => i.CreatedAt <= newest);
            if (to is { } t) { var oldest = now.AddDays(-t); q = q.Where(i => i.CreatedAt > oldest); }
            ages.Add(new AgeBucket(label, from, to, await q.CountAsync(ct)));
        }

        var byFacility = await open.GroupBy(i => i.FacilityId).Select(g => new { FacilityId = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).Take(TopFacilities).ToListAsync(ct);
        var names = await FacilityNamesAsync(db, actor, byFacility.Select(f => f.FacilityId), ct);
        var facilityCounts = byFacility.Select(f => new FacilityCount(f.FacilityId, names.GetValueOrDefault(f.FacilityId, "?"), f.Count)).ToList();

        // Dates are text in SQLite; the weeks are counted from the due dates of the few overdue items, not from every row.
        var firstWeek = today.AddDays(-7 * (TrendWeeks - 1) - (int)today.DayOfWeek);
        var overdueDates = await open.Where(i => i.DueDate != null && i.DueDate < today && i.DueDate >= firstWeek)
            .GroupBy(i => i.DueDate).Select(g => new { Due = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        var trend = Enumerable.Range(0, TrendWeeks).Select(w => firstWeek.AddDays(7 * w))
            .Select(week => new OverdueWeek(week, overdueDates.Where(d => d.Due >= week && d.Due < week.AddDays(7)).Sum(d => d.Count))).ToList();

        var since = now.AddDays(-windowDays);
        var medians = new List<StepMedian>
        {
            await MedianAsync(db, actor, "Submit → approve", WorkOrderAction.Submit, WorkOrderAction.Approve, since, ct),
            await MedianAsync(db, actor, "Approve → dispatch", WorkOrderAction.Approve, WorkOrderAction.Dispatch, since, ct),
            await MedianAsync(db, actor, "Dispatch → resolve", WorkOrderAction.Dispatch, WorkOrderAction.Resolve, since, ct),
        };

        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var months = new List<MonthTotal>();
        for (var m = Months - 1; m >= 0; m--)
        {
            var month = monthStart.AddMonths(-m);
            var (from, to) = (MonthInstant(month), MonthInstant(month.AddMonths(1)));
            // SQLite has no decimal arithmetic: summed as REAL, rounded back to cents.
            var sum = await workOrders.Where(w => w.CreatedAt >= from && w.CreatedAt < to).SumAsync(w => (double)w.EstimateTotal, ct);
            months.Add(new MonthTotal(month, Math.Round((decimal)sum, 2)));
        }
        var firstMonth = MonthInstant(monthStart.AddMonths(-(Months - 1)));
        var byFacilityTotals = await workOrders.Where(w => w.CreatedAt >= firstMonth)
            .GroupBy(w => w.FacilityId).Select(g => new { FacilityId = g.Key, Total = g.Sum(w => (double)w.EstimateTotal) })
            .OrderByDescending(g => g.Total).Take(TopFacilities).ToListAsync(ct);
        var totalNames = await FacilityNamesAsync(db, actor, byFacilityTotals.Select(f => f.FacilityId), ct);
        var facilityTotals = byFacilityTotals.Select(f => new FacilityTotal(f.FacilityId, totalNames.GetValueOrDefault(f.FacilityId, "?"), Math.Round((decimal)f.Total, 2))).ToList();

        return new DashboardData(today, windowDays, currency, byStatus, overdueItems, dueSoonItems, overdueWorkOrders, ages, facilityCounts, trend,
            medians, months, facilityTotals);

        static DateTimeOffset MonthInstant(DateOnly month) => new(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    private static async Task<Dictionary<int, string>> FacilityNamesAsync(WorkOrdersDbContext db, Actor actor, IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.ToList();
        return await db.Facilities.VisibleTo(actor).Where(f => list.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
    }

    /// <summary>For each <paramref name="to"/> step in the window, the time since the latest <paramref name="from"/> step before it.</summary>
    private static async Task<StepMedian> MedianAsync(WorkOrdersDbContext db, Actor actor, string label, WorkOrderAction from, WorkOrderAction to,
        DateTimeOffset since, CancellationToken ct)
    {
        var visible = db.WorkOrders.VisibleTo(actor);
        var pairs = await db.WorkOrderHistory
            .Where(h => h.Action == to && h.At >= since && visible.Any(w => w.Id == h.WorkOrderId))
            .Select(h => new
            {
                h.At,
                Before = db.WorkOrderHistory.Where(b => b.WorkOrderId == h.WorkOrderId && b.Action == from && b.Id < h.Id)
                    .OrderByDescending(b => b.Id).Select(b => (DateTimeOffset?)b.At).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var hours = pairs.Where(p => p.Before is not null).Select(p => (p.At - p.Before!.Value).TotalHours).Order().ToList();
        return new StepMedian(label, Median(hours), hours.Count);
    }

    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
