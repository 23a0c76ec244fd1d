using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Exports;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Exports;

public abstract class ExportTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;

    public async Task InitializeAsync() => host = await StartCoreAsync(settings: new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Warning",
    });
    public async Task DisposeAsync() => await host.DisposeAsync();

    private ExportQueries Exports => host.Get<ExportQueries>();

    private static async Task<string[]> CsvLinesAsync(ExportTable table)
    {
        using var buffer = new MemoryStream();
        await TabularWriter.WriteCsvAsync(table, buffer, default);
        return Encoding.UTF8.GetString(buffer.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<List<List<string>>> XlsxRowsAsync(ExportTable table)
    {
        using var buffer = new MemoryStream();
        await TabularWriter.WriteXlsxAsync(table, buffer, default);
        buffer.Position = 0;
        using var document = SpreadsheetDocument.Open(buffer, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
    }

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("Spill bucket = cracked", "Spill bucket = cracked")]
    [InlineData("", "")]
    public void Neutralise_TextStartingLikeAFormula_GetsAnApostrophe(string text, string expected) =>
        Assert.Equal(expected, SpreadsheetText.Neutralise(text));

    [Fact]
    public async Task WorkOrdersCsv_Dispatcher_EveryVisibleWorkOrderWithTheListsFiltersAndNothingOfAnotherTenant()
    {
        var dispatcher = await host.ActorAsync(Demo.Dispatcher);
        int visible;
        await using (var db = await host.DbAsync())
        {
            var company = dispatcher.OrganizationId;
            visible = await db.WorkOrders.CountAsync(w => w.CompanyId == company);
        }

        var all = await CsvLinesAsync(Exports.WorkOrders(dispatcher, new WorkOrderFilter()));
        var approved = await CsvLinesAsync(Exports.WorkOrders(dispatcher, new WorkOrderFilter(Status: WorkOrderStatus.Approved)));

        Assert.StartsWith("Number,Title,Status,Facility,Due date,Due,", all[0]);
        Assert.Equal(visible, all.Length - 1);
        Assert.DoesNotContain(all, l => l.Contains("Harbor Point"));
        var row = Assert.Single(approved.Skip(1));
        Assert.Contains("Replace line leak detector, regular,Approved,Station 31 – Topeka,2026-12-04,,Dana Brooks,Morgan Avery,", row.Replace("\"", ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionItemsExport_FormulaInTitle_NeutralisedInCsvAndExcel()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        int facility;
        await using (var db = await host.DbAsync()) facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 31")).Select(f => f.Id).SingleAsync();
        await host.Get<ActionItemService>().CreateAsync(admin, facility, new ActionItemInput("=HYPERLINK(\"http://evil\",\"x\")", "@SUM(1)", Priority.Low, "-3", null));
        var filter = new ActionItemListFilter(FacilityId: facility);

        var csv = await CsvLinesAsync(Exports.ActionItems(admin, filter));
        var xlsx = await XlsxRowsAsync(Exports.ActionItems(admin, filter));

        var line = Assert.Single(csv, l => l.Contains("HYPERLINK"));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'@SUM(1),Low", line);
        Assert.Contains(",'-3,", line);
        var cells = Assert.Single(xlsx, r => r.Any(c => c.Contains("HYPERLINK")));
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"x\")", cells[2]);
        Assert.Equal("'@SUM(1)", cells[3]);
        Assert.Equal(xlsx[0], ["Id", "Facility", "Title", "Description", "Priority", "Status", "Due date", "Due", "Source", "Work order", "Recorded (UTC)"]);
    }

    [Fact]
    public async Task ActionItemsExport_OverdueFilter_OnlyTheOverdueOpenItem()
    {
        var rows = await CsvLinesAsync(Exports.ActionItems(await host.ActorAsync(Demo.Admin), new ActionItemListFilter(Due: DueFilter.Overdue)));

        var row = Assert.Single(rows.Skip(1));
        Assert.Contains("Failed cathodic protection reading, tank 1", row);
        Assert.Contains("2026-11-17,Overdue", row);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task Export_100000ItemsFromTheDatabase_WrittenWhileStillReading(ExportFormat format)
    {
        const int count = 100_000;
        var admin = await host.ActorAsync(Demo.Admin);
        int facility;
        await using (var db = await host.DbAsync())
        {
            facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 31")).Select(f => f.Id).SingleAsync();
            // Set-based: 100,000 open items through EF one by one would take minutes; on a loaded machine even this
            // one statement can outlast the default 30 s command timeout.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            if (Database == TestDatabase.PostgreSQL)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "ActionItems" ("FacilityId", "Title", "Description", "Priority", "Source", "DueDate", "CreatedAt", "Status", "Version")
                    SELECT {facility}, 'Bulk finding ' || i, '=1+' || i, 'Low', NULL, DATE '2027-01-01', TIMESTAMPTZ '2026-01-01 00:00:00+00', 'Open', 0
                    FROM generate_series(1, {count}) AS i;
                    """);
            }
            else
            {
                await db.Database.ExecuteSqlAsync($"""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
                    INSERT INTO ActionItems (FacilityId, Title, Description, Priority, Source, DueDate, CreatedAt, Status, Version)
                    SELECT {facility}, 'Bulk finding ' || i, '=1+' || i, 'Low', NULL, '2027-01-01', 0, 'Open', 0 FROM n;
                    """);
            }
        }
        var table = Exports.ActionItems(admin, new ActionItemListFilter(FacilityId: facility));
        var produced = 0;
        var counted = table with { Rows = Count(table.Rows) };
        var destination = new WatchingStream(() => produced);

        await TabularWriter.WriteAsync(format, counted, destination, default);

        Assert.True(produced >= count);
        // Output reached the destination long before the last row was read: the rows were never all held first.
        Assert.True(destination.BytesWrittenWhenRowsRead(count / 2) > 0, $"nothing was written before row {count / 2} was read");
        Assert.True(destination.BytesWrittenWhenRowsRead(count / 2) > destination.Length / 4, "most of the output waited for the last row");

        async IAsyncEnumerable<object?[]> Count(IAsyncEnumerable<object?[]> rows)
        {
            await foreach (var row in rows)
            {
                produced++;
                yield return row;
            }
        }
    }

    /// <summary>A write-only, non-seekable destination (like a response body) that notes how many rows had been read at each write.</summary>
    private sealed class WatchingStream(Func<int> rowsRead) : Stream
    {
        private readonly List<(int Rows, long Bytes)> writes = [];
        private long written;

        public long BytesWrittenWhenRowsRead(int rows) => writes.Where(w => w.Rows <= rows).Select(w => w.Bytes).DefaultIfEmpty(0).Max();

        public override void Write(byte[] buffer, int offset, int count) => Record(count);
        public override void Write(ReadOnlySpan<byte> buffer) => Record(buffer.Length);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) { Record(count); return Task.CompletedTask; }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { Record(buffer.Length); return ValueTask.CompletedTask; }

        private void Record(int count)
        {
            written += count;
            writes.Add((rowsRead(), written));
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    public sealed class OnSqlite : ExportTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : ExportTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
