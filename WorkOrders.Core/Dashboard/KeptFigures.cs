using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Dashboard;

/// <summary>
/// The dashboard's sums the database keeps per UTC day (ADR-022), turned into the organisation's days and months: the whole
/// UTC days come from the kept tables, and where a boundary of the organisation's day falls inside a UTC day, the rows of that
/// day after the boundary are read from the table itself and moved across. The result is exactly the count of the rows.
/// </summary>
internal static class KeptFigures
{
    /// <summary>
    /// The first UTC day (<see cref="DateOnly.DayNumber"/>) counted after <paramref name="instant"/>: the UTC day it falls in
    /// when it is in that day's first half, else the next one, so the hours to be read from the rows are the fewer.
    /// </summary>
    public static int FirstDayAfter(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var day = DateOnly.FromDateTime(utc).DayNumber;
        return utc.TimeOfDay <= TimeSpan.FromHours(12) ? day : day + 1;
    }

    /// <summary>
    /// The hours of a UTC day that are kept on the wrong side of <paramref name="boundary"/>: [boundary, next UTC midnight) when
    /// the day is counted before it (<c>Up</c>: those rows belong after), [UTC midnight, boundary) when the day is counted after
    /// it (they belong before). Empty when the boundary is a UTC midnight.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset Before, bool Up) Cut(DateTimeOffset boundary)
    {
        var midnight = new DateTimeOffset(DateOnly.FromDayNumber(FirstDayAfter(boundary)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return midnight >= boundary ? (boundary, midnight, true) : (midnight, boundary, false);
    }

    /// <summary>
    /// The rows inside any of the cuts, as one UNION ALL of ranges: each is a seek of its own (an OR of ranges made SQLite
    /// read the company's whole index). Null when every boundary is a UTC midnight.
    /// </summary>
    private static IQueryable<T>? Within<T>(IQueryable<T> rows, IEnumerable<(DateTimeOffset From, DateTimeOffset Before, bool Up)> cuts,
        Expression<Func<T, DateTimeOffset>> at)
    {
        IQueryable<T>? union = null;
        foreach (var (from, before, _) in cuts.Where(c => c.From < c.Before))
        {
            var inRange = Expression.Lambda<Func<T, bool>>(
                Expression.AndAlso(
                    Expression.GreaterThanOrEqual(at.Body, Bound(from)),
                    Expression.LessThan(at.Body, Bound(before))),
                at.Parameters);
            var part = rows.Where(inRange);
            union = union is null ? part : union.Concat(part);
        }
        return union;
    }

    // A captured value, so EF sends it as a parameter (one cached plan whatever the day) rather than inlining a constant.
    private static Expression Bound(DateTimeOffset value)
    {
        Expression<Func<DateTimeOffset>> captured = () => value;
        return captured.Body;
    }

    private static int CutIndex(IReadOnlyList<(DateTimeOffset From, DateTimeOffset Before, bool Up)> cuts, DateTimeOffset at)
    {
        for (var i = 0; i < cuts.Count; i++) if (at >= cuts[i].From && at < cuts[i].Before) return i;
        throw new InvalidOperationException("A row outside every cut.");
    }

    /// <summary>
    /// Whole cents of the estimates per facility in each range [starts[m], starts[m + 1]), from the company's kept days.
    /// </summary>
    public static async Task<Dictionary<int, long[]>> EstimateCentsAsync(WorkOrdersDbContext db, Actor actor, DateTimeOffset[] starts, CancellationToken ct)
    {
        if (starts.Length != 7) throw new ArgumentException("Six months take seven boundaries.", nameof(starts));
        var d = starts.Select(FirstDayAfter).ToArray();
        var rows = await db.Database.SqlQuery<EstimateRow>($"""
            SELECT "FacilityId",
                CAST(SUM(CASE WHEN "Day" < {d[1]} THEN "Cents" ELSE 0 END) AS BIGINT) AS "M0",
                CAST(SUM(CASE WHEN "Day" >= {d[1]} AND "Day" < {d[2]} THEN "Cents" ELSE 0 END) AS BIGINT) AS "M1",
                CAST(SUM(CASE WHEN "Day" >= {d[2]} AND "Day" < {d[3]} THEN "Cents" ELSE 0 END) AS BIGINT) AS "M2",
                CAST(SUM(CASE WHEN "Day" >= {d[3]} AND "Day" < {d[4]} THEN "Cents" ELSE 0 END) AS BIGINT) AS "M3",
                CAST(SUM(CASE WHEN "Day" >= {d[4]} AND "Day" < {d[5]} THEN "Cents" ELSE 0 END) AS BIGINT) AS "M4",
                CAST(SUM(CASE WHEN "Day" >= {d[5]} THEN "Cents" ELSE 0 END) AS BIGINT) AS "M5"
            FROM "WorkOrderEstimateDays"
            WHERE "CompanyId" = {actor.OrganizationId} AND "Day" >= {d[0]} AND "Day" < {d[6]}
            GROUP BY "FacilityId"
            """).ToListAsync(ct);
        var cents = rows.ToDictionary(r => r.FacilityId, r => new[] { r.M0, r.M1, r.M2, r.M3, r.M4, r.M5 });

        var cuts = starts.Select(Cut).ToArray();
        var cutRows = Within(db.WorkOrders.VisibleTo(actor), cuts, w => w.CreatedAt);
        var edges = cutRows is null ? [] : await cutRows.Select(w => new { w.FacilityId, w.CreatedAt, w.EstimateTotal }).ToListAsync(ct);
        foreach (var e in edges)
        {
            // Month m starts at boundary m: a row kept before it moves up from m - 1 to m, one kept after it down.
            var m = CutIndex(cuts, e.CreatedAt);
            var value = (long)decimal.Round(e.EstimateTotal * 100, MidpointRounding.AwayFromZero) * (cuts[m].Up ? 1 : -1);
            if (!cents.TryGetValue(e.FacilityId, out var months)) cents[e.FacilityId] = months = new long[6];
            if (m < 6) months[m] += value;
            if (m > 0) months[m - 1] -= value;
        }
        return cents;
    }

    private sealed record EstimateRow(int FacilityId, long M0, long M1, long M2, long M3, long M4, long M5);

    /// <summary>
    /// Open items recorded in each range [boundaries[k + 1], boundaries[k]) (descending boundaries; the last range has no lower
    /// end), from the company's kept days.
    /// </summary>
    public static async Task<int[]> OpenItemsBetweenAsync(WorkOrdersDbContext db, Actor actor, IQueryable<ActionItem> open,
        DateTimeOffset[] boundaries, CancellationToken ct)
    {
        if (boundaries.Length != 4) throw new ArgumentException("Four ages take four boundaries.", nameof(boundaries));
        var d = boundaries.Select(FirstDayAfter).ToArray();
        var days = await db.Database.SqlQuery<DayCount>(
            $"""SELECT "Day", "Count" FROM "OpenActionItemDays" WHERE "CompanyId" = {actor.OrganizationId} AND "Day" < {d[0]} AND "Count" <> 0""").ToListAsync(ct);
        var counts = new int[boundaries.Length];
        foreach (var day in days)
        {
            var k = 0;
            while (k < boundaries.Length - 1 && day.Day < d[k + 1]) k++;
            counts[k] += day.Count;
        }

        var cuts = boundaries.Select(Cut).ToArray();
        var cutItems = Within(open, cuts, i => i.CreatedAt);
        var edges = cutItems is null ? [] : await cutItems.Select(i => i.CreatedAt).ToListAsync(ct);
        foreach (var at in edges)
        {
            // Range k lies below boundary k, range k - 1 above it (none above the first): a row kept below moves up, one
            // kept above moves down.
            var k = CutIndex(cuts, at);
            var up = cuts[k].Up ? 1 : -1;
            counts[k] -= up;
            if (k > 0) counts[k - 1] += up;
        }
        return counts;
    }

    private sealed record DayCount(int Day, int Count);

    /// <summary>The company's open items per facility, largest first, from the kept counts of the facilities it sees.</summary>
    public static async Task<List<(int FacilityId, int Count)>> OpenItemsByFacilityAsync(WorkOrdersDbContext db, Actor actor, int top, CancellationToken ct)
    {
        var facilities = db.Facilities.VisibleTo(actor).Select(f => f.Id);
        var rows = await db.Database.SqlQuery<FacilityCountRow>($"""SELECT "FacilityId", "Count" FROM "OpenActionItemFacilities" WHERE "Count" > 0""")
            .Where(r => facilities.Contains(r.FacilityId)).OrderByDescending(r => r.Count).ThenBy(r => r.FacilityId).Take(top).ToListAsync(ct);
        return rows.Select(r => (r.FacilityId, r.Count)).ToList();
    }

    private sealed record FacilityCountRow(int FacilityId, int Count);

    /// <summary>
    /// Hours of each approve, dispatch and resolve step since <paramref name="since"/>, counted from the step before it (the
    /// pairs are the migration's: submit → approve, approve → dispatch, dispatch → resolve), sorted.
    /// </summary>
    public static async Task<ILookup<WorkOrderAction, double>> StepHoursAsync(WorkOrdersDbContext db, Actor actor, DateTimeOffset since, CancellationToken ct)
    {
        // The kept table is outside the model: the instant is sent as the engine stores it (SQLite: EF's binary number).
        var converter = db.Model.FindEntityType(typeof(WorkOrderHistoryEntry))!.FindProperty(nameof(WorkOrderHistoryEntry.At))!.GetTypeMapping().Converter;
        var at = converter?.ConvertToProvider(since) ?? since;
        var rows = await db.Database.SqlQuery<StepRow>($"""
            SELECT "Action", "Ticks" FROM "WorkOrderStepDurations"
            WHERE "CompanyId" = {actor.OrganizationId} AND "Action" IN ('Approve', 'Dispatch', 'Resolve') AND "At" >= {at}
            """).ToListAsync(ct);
        return rows.OrderBy(r => r.Ticks).ToLookup(r => Enum.Parse<WorkOrderAction>(r.Action), r => r.Ticks / (double)TimeSpan.TicksPerHour);
    }

    private sealed record StepRow(string Action, long Ticks);
}
