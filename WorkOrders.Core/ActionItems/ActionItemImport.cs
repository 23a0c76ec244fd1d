using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Core.Webhooks;

namespace WorkOrders.Core.ActionItems;

/// <summary>One data row of an import file as written, and what will become of it.</summary>
public sealed record ImportRow(
    int Line, string Facility, string Title, string Description, string PriorityText, string Source, string DueDateText,
    int? FacilityId, string? FacilityName, Priority Priority, DateOnly? DueDate, string? Error)
{
    public bool WillImport => Error is null;
}

/// <summary>One action item to import as another system sends it; the same fields as a CSV row, facility by name or id.</summary>
public sealed record ImportRowInput(string? Facility, string? Title, string? Description, string? Priority, string? Source, string? DueDate);

/// <param name="EncodingNote">Set when the file was not UTF-8 and was converted: the preview says so.</param>
public sealed record ImportPreview(IReadOnlyList<ImportRow> Rows, int? DefaultFacilityId, string? EncodingNote = null)
{
    public int WillImport => Rows.Count(r => r.WillImport);
    public int Rejected => Rows.Count - WillImport;
}

/// <summary>
/// CSV import of action items. The preview parses and checks every row and writes nothing. Confirming
/// checks the same rows again against the database as it is then and writes every accepted row or,
/// when one of them is no longer acceptable, none.
/// </summary>
public sealed class ActionItemImport(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, WebhookWriter webhooks)
{
    public const int MaxRows = 50_000;
    public const int WriteBatch = 2_000;
    public const string DateFormat = "yyyy-MM-dd";
    public static readonly IReadOnlyList<string> Columns = ["facility", "title", "description", "priority", "source", "due date"];

    public async Task<Result<ImportPreview>> PreviewAsync(Actor actor, Stream csv, int? defaultFacilityId = null, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (!ActionItemRules.MayRecord(actor)) return Result<ImportPreview>.From(NotCompanyUser);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facilities = await FacilitiesAsync(db, actor, ct);
        if (defaultFacilityId is { } id && !facilities.ById.ContainsKey(id)) return Result<ImportPreview>.From(Result.NotFound("The facility"));

        var (text, encodingNote) = await CsvEncoding.ToUtf8Async(csv, ct);
        await using var _ = text;
        var parsed = await ParseAsync(text, defaultFacilityId is not null, progress, ct);
        if (!parsed.IsOk) return Result<ImportPreview>.From(parsed);
        var rows = await CheckAsync(db, facilities, parsed.Value!, defaultFacilityId, ct);
        return new ImportPreview(rows, defaultFacilityId, encodingNote);
    }

    /// <summary>Writes the rows the preview accepted, all in one transaction; progress counts rows written.</summary>
    public async Task<Result<int>> ImportAsync(Actor actor, ImportPreview preview, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (!ActionItemRules.MayRecord(actor)) return Result<int>.From(NotCompanyUser);
        var accepted = preview.Rows.Where(r => r.WillImport).ToList();
        if (accepted.Count == 0) return Result<int>.From(Result.Invalid("There is no row to import."));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facilities = await FacilitiesAsync(db, actor, ct);
        if (preview.DefaultFacilityId is { } id && !facilities.ById.ContainsKey(id)) return Result<int>.From(Result.NotFound("The facility"));
        // The file is checked again: facilities or open items may have changed since the preview.
        var recheck = await CheckAsync(db, facilities, accepted.Select(RawRow.From).ToList(), preview.DefaultFacilityId, ct);
        var nowRejected = recheck.Where(r => !r.WillImport).Take(5).Select(r => $"Line {r.Line}: {r.Error}").ToList();
        if (nowRejected.Count > 0)
        {
            return Result<int>.From(Result.Invalid(["Nothing was imported: the data changed since the preview.", .. nowRejected]));
        }

        var now = clock.GetUtcNow();
        // Rows without a due date get the company's default for their priority, counted from the company's today.
        var facilityIds = recheck.Select(r => r.FacilityId!.Value).Distinct().ToList();
        var defaults = await db.Facilities.Where(f => facilityIds.Contains(f.Id))
            .Select(f => new { f.Id, f.Company!.TimeZoneId, Defaults = new DueDateDefaults(f.Company.DueDaysCritical, f.Company.DueDaysHigh, f.Company.DueDaysMedium, f.Company.DueDaysLow) })
            .ToDictionaryAsync(f => f.Id, f => (f.Defaults, Today: DueDates.Today(clock, f.TimeZoneId)), ct);
        DateOnly? DueOf(ImportRow r) => r.DueDate ?? (defaults[r.FacilityId!.Value] is var d ? d.Defaults.DueDateFor(r.Priority, d.Today) : null);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var written = 0;
        foreach (var batch in recheck.Chunk(WriteBatch))
        {
            var added = batch.Select(r => new ActionItem(r.FacilityId!.Value, r.Title.Trim(), r.Description.Trim(), r.Priority, now,
                string.IsNullOrWhiteSpace(r.Source) ? null : r.Source.Trim(), DueOf(r))).ToList();
            db.ActionItems.AddRange(added);
            await db.SaveChangesAsync(ct);
            await webhooks.StageActionItemsAsync(db, added, WebhookEvents.ActionItemCreated, actor.UserId, now, ct);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            written += batch.Length;
            progress?.Report(written);
        }
        await tx.CommitAsync(ct);
        return written;
    }

    /// <summary>
    /// Imports rows given as data rather than a file (the REST API's bulk import): the same checks as a CSV
    /// preview, then all rows or, when any is rejected, none — with each rejected row's line and reason.
    /// </summary>
    public async Task<Result<int>> ImportRowsAsync(Actor actor, IReadOnlyList<ImportRowInput> rows, int? defaultFacilityId = null, CancellationToken ct = default)
    {
        if (!ActionItemRules.MayRecord(actor)) return Result<int>.From(NotCompanyUser);
        if (rows.Count == 0) return Result<int>.From(Result.Invalid("There is no row to import."));
        if (rows.Count > MaxRows) return Result<int>.From(Result.Invalid($"At most {MaxRows:N0} rows may be imported at once."));
        ImportPreview preview;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var facilities = await FacilitiesAsync(db, actor, ct);
            if (defaultFacilityId is { } id && !facilities.ById.ContainsKey(id)) return Result<int>.From(Result.NotFound("The facility"));
            var raw = rows.Select((r, i) => new RawRow(i + 1, r.Facility ?? "", r.Title ?? "", r.Description ?? "", r.Priority ?? "", r.Source ?? "", r.DueDate ?? "")).ToList();
            preview = new ImportPreview(await CheckAsync(db, facilities, raw, defaultFacilityId, ct), defaultFacilityId);
        }
        var rejected = preview.Rows.Where(r => !r.WillImport).ToList();
        if (rejected.Count > 0)
        {
            return Result<int>.From(Result.Invalid(["Nothing was imported.", .. rejected.Take(50).Select(r => $"Row {r.Line}: {r.Error}")]));
        }
        return await ImportAsync(actor, preview, ct: ct);
    }

    private sealed record RawRow(int Line, string Facility, string Title, string Description, string Priority, string Source, string DueDate)
    {
        public static RawRow From(ImportRow row) => new(row.Line, row.Facility, row.Title, row.Description, row.PriorityText, row.Source, row.DueDateText);
    }

    private static async Task<Result<List<RawRow>>> ParseAsync(Stream stream, bool facilityOptional, IProgress<int>? progress, CancellationToken ct)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            // A broken file is refused as a whole rather than guessed at: a lost quote shifts every later field.
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = 1 << 20,
            NormalizeHeaderName = Normalize,
        };
        var rows = new List<RawRow>();
        try
        {
            await using var csv = CsvReader.Create(stream, options, leaveOpen: true);
            await csv.ReadHeaderAsync(ct);
            var header = csv.Headers.Select(Normalize).ToList();
            if (header.Count == 0) return Result<List<RawRow>>.From(Result.Invalid("The file is empty."));
            int Col(string name) => header.IndexOf(Normalize(name));
            int facility = Col("facility"), title = Col("title"), description = Col("description"),
                priority = Col("priority"), source = Col("source"), due = Col("due date");
            if (title < 0 || (facility < 0 && !facilityOptional))
            {
                return Result<List<RawRow>>.From(Result.Invalid(
                    $"The first line must be a header naming the columns: {string.Join(", ", Columns)} (facility and title are required)."));
            }

            while (await csv.ReadAsync(ct))
            {
                string Field(int index) => index >= 0 ? csv.GetString(index) ?? "" : "";
                rows.Add(new RawRow((int)csv.LineNumber, Field(facility), Field(title), Field(description), Field(priority), Field(source), Field(due)));
                if (rows.Count > MaxRows) return Result<List<RawRow>>.From(Result.Invalid($"The file has more than {MaxRows:N0} rows; split it into smaller files."));
                if (rows.Count % 1000 == 0) progress?.Report(rows.Count);
            }
        }
        catch (CsvFormatException e)
        {
            var where = e.LineNumber > 0 ? $" at line {e.LineNumber}" : e.RecordNumber > 0 ? $" at record {e.RecordNumber}" : "";
            return Result<List<RawRow>>.From(Result.Invalid($"The file is not valid CSV{where}: {FirstLine(e.Message)} Nothing was imported."));
        }
        if (rows.Count == 0) return Result<List<RawRow>>.From(Result.Invalid("The file has a header but no rows."));
        progress?.Report(rows.Count);
        return rows;
    }

    private static async Task<List<ImportRow>> CheckAsync(
        WorkOrdersDbContext db, VisibleFacilities facilities, IReadOnlyList<RawRow> raw, int? defaultFacilityId, CancellationToken ct)
    {
        var facilityIds = facilities.ById.Keys.ToList();
        var openTitles = (await db.ActionItems
                .Where(i => facilityIds.Contains(i.FacilityId) && i.Status == ActionItemStatus.Open)
                .Select(i => new { i.FacilityId, i.Title })
                .ToListAsync(ct))
            .Select(i => Key(i.FacilityId, i.Title))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        var result = new List<ImportRow>(raw.Count);
        foreach (var r in raw)
        {
            var errors = new List<string>();
            var (facilityId, facilityError) = facilities.Resolve(r.Facility, defaultFacilityId);
            if (facilityError is not null) errors.Add(facilityError);
            if (string.IsNullOrWhiteSpace(r.Title)) errors.Add("Missing title.");
            else if (r.Title.Trim().Length > ActionItemInput.MaxTitleLength) errors.Add($"The title is longer than {ActionItemInput.MaxTitleLength} characters.");
            if (r.Description.Length > WorkOrder.MaxTextLength) errors.Add($"The description is longer than {WorkOrder.MaxTextLength} characters.");
            if (r.Source.Trim().Length > ActionItemInput.MaxSourceLength) errors.Add($"The source is longer than {ActionItemInput.MaxSourceLength} characters.");
            var priority = ParsePriority(r.Priority);
            if (priority is null) errors.Add($"Unknown priority \"{r.Priority}\" (use Low, Medium, High or Critical).");
            DateOnly? due = null;
            if (!string.IsNullOrWhiteSpace(r.DueDate))
            {
                if (DateOnly.TryParseExact(r.DueDate.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) due = d;
                else errors.Add($"Bad due date \"{r.DueDate}\" (use {DateFormat}, e.g. 2026-12-31).");
            }
            if (facilityId is { } fid && !string.IsNullOrWhiteSpace(r.Title))
            {
                var key = Key(fid, r.Title);
                if (seen.TryGetValue(key, out var firstRow)) errors.Add($"Duplicate of line {firstRow} in this file.");
                else
                {
                    seen[key] = r.Line;
                    if (openTitles.Contains(key)) errors.Add("Duplicate: an open action item with this title already exists at the facility.");
                }
            }
            result.Add(new ImportRow(r.Line, r.Facility, r.Title, r.Description, r.Priority, r.Source, r.DueDate,
                facilityId, facilityId is { } f ? facilities.ById[f] : null, priority ?? Priority.Medium, due,
                errors.Count == 0 ? null : string.Join(" ", errors)));
        }
        return result;
    }

    private sealed class VisibleFacilities(Dictionary<int, string> byId)
    {
        private readonly ILookup<string, int> byName = byId.ToLookup(f => f.Value.Trim(), f => f.Key, StringComparer.OrdinalIgnoreCase);

        public Dictionary<int, string> ById { get; } = byId;

        /// <summary>By name first (as people write it), then by id; facilities the actor may not see are simply unknown.</summary>
        public (int? Id, string? Error) Resolve(string text, int? defaultFacilityId)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return defaultFacilityId is { } d ? (d, null) : (null, "Missing facility.");
            }
            var named = byName[text.Trim()].ToList();
            if (named.Count == 1) return (named[0], null);
            if (named.Count > 1) return (null, $"More than one facility is named \"{text.Trim()}\"; use its id.");
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && ById.ContainsKey(id)) return (id, null);
            return (null, $"Unknown facility \"{text.Trim()}\".");
        }
    }

    private static async Task<VisibleFacilities> FacilitiesAsync(WorkOrdersDbContext db, Actor actor, CancellationToken ct) =>
        new(await db.Facilities.VisibleTo(actor).ToDictionaryAsync(f => f.Id, f => f.Name, ct));

    private static Priority? ParsePriority(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Priority.Medium;
        foreach (var p in Enum.GetValues<Priority>())
        {
            if (string.Equals(p.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase)) return p;
        }
        return null;
    }

    private static string Key(int facilityId, string title) => facilityId.ToString(CultureInfo.InvariantCulture) + "\n" + title.Trim();

    private static string Normalize(string header) =>
        new(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static Result NotCompanyUser => Result.NotAllowed("Only people of a company may import action items at its facilities.");
}
