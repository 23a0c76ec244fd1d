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
    /// <summary>The first UTC day (<see cref="DateOnly.DayNumber"/>) starting at or after <paramref name="instant"/>.</summary>
    public static int FirstDayFrom(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var day = DateOnly.FromDateTime(utc).DayNumber;
        return utc.TimeOfDay == TimeSpan.Zero ? day : day + 1;
    }

    /// <summary>
    /// The instants a boundary cuts off its UTC day: rows in [boundary, the next UTC midnight) are kept under a day that starts
    /// before the boundary. Empty when the boundary is a UTC midnight.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset Before) Cut(DateTimeOffset boundary) =>
        (boundary, new DateTimeOffset(DateOnly.FromDayNumber(FirstDayFrom(boundary)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    private static int CutIndex(IReadOnlyList<(DateTimeOffset From, DateTimeOffset Before)> cuts, DateTimeOffset at)
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
        var d = starts.Select(FirstDayFrom).ToArray();
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
        var ((a0, b0), (a1, b1), (a2, b2), (a3, b3), (a4, b4), (a5, b5), (a6, b6)) = (cuts[0], cuts[1], cuts[2], cuts[3], cuts[4], cuts[5], cuts[6]);
        var edges = await db.WorkOrders.VisibleTo(actor)
            .Where(w => (w.CreatedAt >= a0 && w.CreatedAt < b0) || (w.CreatedAt >= a1 && w.CreatedAt < b1) || (w.CreatedAt >= a2 && w.CreatedAt < b2)
                        || (w.CreatedAt >= a3 && w.CreatedAt < b3) || (w.CreatedAt >= a4 && w.CreatedAt < b4) || (w.CreatedAt >= a5 && w.CreatedAt < b5)
                        || (w.CreatedAt >= a6 && w.CreatedAt < b6))
            .Select(w => new { w.FacilityId, w.CreatedAt, w.EstimateTotal }).ToListAsync(ct);
        foreach (var e in edges)
        {
            // Kept under the month before the boundary; it belongs to the month the boundary starts.
            var m = CutIndex(cuts, e.CreatedAt);
            var value = (long)decimal.Round(e.EstimateTotal * 100, MidpointRounding.AwayFromZero);
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
        var d = boundaries.Select(FirstDayFrom).ToArray();
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
        var ((a0, b0), (a1, b1), (a2, b2), (a3, b3)) = (cuts[0], cuts[1], cuts[2], cuts[3]);
        var edges = await open
            .Where(i => (i.CreatedAt >= a0 && i.CreatedAt < b0) || (i.CreatedAt >= a1 && i.CreatedAt < b1)
                        || (i.CreatedAt >= a2 && i.CreatedAt < b2) || (i.CreatedAt >= a3 && i.CreatedAt < b3))
            .Select(i => i.CreatedAt).ToListAsync(ct);
        foreach (var at in edges)
        {
            // Kept under the range below the boundary; it belongs to the one above (none above the first).
            var k = CutIndex(cuts, at);
            counts[k]--;
            if (k > 0) counts[k - 1]++;
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
