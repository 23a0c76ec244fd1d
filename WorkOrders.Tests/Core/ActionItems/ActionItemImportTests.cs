using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Tests.TestSupport;
using Xunit.Abstractions;

namespace WorkOrders.Tests.Core.ActionItems;

public abstract class ActionItemImportTests(ITestOutputHelper output) : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = null!;

    // SQL logging off: at 10,000 rows the console, not the database, would be measured.
    public async Task InitializeAsync() => host = await StartCoreAsync(settings: new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Warning",
    });
    public async Task DisposeAsync() => await host.DisposeAsync();

    private ActionItemImport Import => host.Get<ActionItemImport>();

    private const string Header = "facility,title,description,priority,source,due date\n";

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Preview_Windows1252File_ConvertedAndThePreviewSaysSo()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var latin = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var bytes = latin.GetBytes(Header + "Station 31 – Topeka,Café sign faded,Enseigne abîmée,,,\n");

        var preview = await Import.PreviewAsync(admin, new MemoryStream(bytes));

        Assert.True(preview.IsOk, preview.Message);
        var row = Assert.Single(preview.Value!.Rows);
        Assert.Equal(("Café sign faded", "Enseigne abîmée"), (row.Title, row.Description));
        Assert.True(row.WillImport, row.Error);
        Assert.Contains("not UTF-8; it was read as Windows-1252", preview.Value.EncodingNote);
    }

    [Fact]
    public async Task Preview_Utf8File_NoEncodingNote()
    {
        var preview = await Import.PreviewAsync(await host.ActorAsync(Demo.Admin), Csv(Header + "Station 31 – Topeka,Café sign faded,,,,\n"));

        Assert.Equal("Café sign faded", Assert.Single(preview.Value!.Rows).Title);
        Assert.Null(preview.Value.EncodingNote);
    }

    [Fact]
    public async Task Import_GoodFile_PreviewWritesNothing_ConfirmWritesAll()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var before = await CountAsync();
        var preview = await Import.PreviewAsync(admin, Csv(Header +
            "Station 31 – Topeka,Loose dispenser panel,\"Panel on dispenser 2, side B, is loose\",high,\"Walkthrough, December\",2026-12-31\n" +
            "station 7 – denver colfax,Faded pump numbers,,,,\n"));

        Assert.True(preview.IsOk, preview.Message);
        Assert.Equal(2, preview.Value!.WillImport);
        Assert.Equal(before, await CountAsync());

        var result = await Import.ImportAsync(admin, preview.Value);

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(2, result.Value);
        await using var db = await host.DbAsync();
        var panel = await db.ActionItems.SingleAsync(i => i.Title == "Loose dispenser panel");
        Assert.Equal(Priority.High, panel.Priority);
        Assert.Equal("Panel on dispenser 2, side B, is loose", panel.Description);
        Assert.Equal("Walkthrough, December", panel.Source);
        Assert.Equal(new DateOnly(2026, 12, 31), panel.DueDate);
        Assert.Equal(Priority.Medium, (await db.ActionItems.SingleAsync(i => i.Title == "Faded pump numbers")).Priority);
    }

    [Fact]
    public async Task Preview_EachKindOfBadRow_RejectedWithReason()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var preview = await Import.PreviewAsync(admin, Csv(Header +
            "Station 99 – Nowhere,A title,,,,\n" +                              // 2 unknown facility
            "Station 31 – Topeka,,no title here,,,\n" +                         // 3 missing title
            "Station 31 – Topeka,Bad date,,,,31/12/2026\n" +                    // 4 bad date
            "Station 31 – Topeka,Bad priority,,urgent,,\n" +                    // 5 bad priority
            "Station 31 – Topeka,Twice,,,,\n" +                                 // 6 fine
            "Station 31 – Topeka,twice ,,,,\n" +                                // 7 duplicate in file
            "Station 31 – Topeka,Canopy light out over pump 3,,,,\n" +          // 8 duplicate of an open item
            "Harbor Point Fuel,Another company's facility,,,,\n"));             // 9 not visible: unknown

        Assert.True(preview.IsOk, preview.Message);
        var rows = preview.Value!.Rows.ToDictionary(r => r.Line);
        Assert.Contains("Unknown facility", rows[2].Error);
        Assert.Contains("Missing title", rows[3].Error);
        Assert.Contains("Bad due date", rows[4].Error);
        Assert.Contains("Unknown priority", rows[5].Error);
        Assert.True(rows[6].WillImport);
        Assert.Contains("Duplicate of line 6", rows[7].Error);
        Assert.Contains("already exists", rows[8].Error);
        Assert.Contains("Unknown facility", rows[9].Error);
        Assert.Equal(1, preview.Value.WillImport);
        Assert.Equal(7, preview.Value.Rejected);
    }

    [Fact]
    public async Task Import_RowsForAnotherCompanysFacilityById_RejectedAndNotWritten()
    {
        var prairie = await host.ActorAsync(Demo.Admin);
        int harbor;
        await using (var db = await host.DbAsync()) harbor = await db.Facilities.Where(f => f.Name == "Harbor Point Fuel").Select(f => f.Id).SingleAsync();

        var preview = await Import.PreviewAsync(prairie, Csv(Header + $"{harbor},Sneaky item,,,,\n"));

        Assert.True(preview.IsOk, preview.Message);
        Assert.False(Assert.Single(preview.Value!.Rows).WillImport);
        Assert.Equal(ResultStatus.Invalid, (await Import.ImportAsync(prairie, preview.Value)).Status);
        await using var check = await host.DbAsync();
        Assert.False(await check.ActionItems.AnyAsync(i => i.Title == "Sneaky item"));
    }

    [Fact]
    public async Task Preview_DefaultFacilityOfAnotherCompany_NotFound()
    {
        int harbor;
        await using (var db = await host.DbAsync()) harbor = await db.Facilities.Where(f => f.Name == "Harbor Point Fuel").Select(f => f.Id).SingleAsync();
        var result = await Import.PreviewAsync(await host.ActorAsync(Demo.Admin), Csv("title\nX\n"), harbor);
        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Preview_DefaultFacilityWithoutFacilityColumn_RowsGoThere()
    {
        int topeka;
        await using (var db = await host.DbAsync()) topeka = await db.Facilities.Where(f => f.Name == "Station 31 – Topeka").Select(f => f.Id).SingleAsync();
        var result = await Import.PreviewAsync(await host.ActorAsync(Demo.Tech), Csv("Title;Priority;Due_Date\nNew crack;critical;2027-01-05\n"), topeka);
        Assert.True(result.IsOk, result.Message);
        var row = Assert.Single(result.Value!.Rows);
        Assert.True(row.WillImport, row.Error);
        Assert.Equal(topeka, row.FacilityId);
        Assert.Equal(Priority.Critical, row.Priority);
    }

    [Theory]
    [InlineData("facility,title,description,priority,source,due date\nStation 31 – Topeka,\"Unterminated,desc,Low,,\nStation 31 – Topeka,Next,,,,\n", "not valid CSV")]
    [InlineData("Station 31 – Topeka,Loose panel,,Low,,\n", "header")]
    [InlineData("", "empty")]
    [InlineData("facility,title\n", "no rows")]
    public async Task Preview_MalformedCsv_ClearInvalidAndNothingWritten(string text, string expected)
    {
        var before = await CountAsync();
        var result = await Import.PreviewAsync(await host.ActorAsync(Demo.Admin), Csv(text));
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(expected, result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Import_ProviderAdmin_NotAllowed()
    {
        var result = await Import.PreviewAsync(await host.ActorAsync(Demo.ProviderAdmin), Csv(Header + "Station 12 – Wichita East,X,,,,\n"));
        Assert.Equal(ResultStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task Import_DataChangedSincePreview_NothingWritten()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var preview = await Import.PreviewAsync(admin, Csv(Header + "Station 31 – Topeka,First,,,,\nStation 31 – Topeka,Second,,,,\n"));
        Assert.Equal(2, preview.Value!.WillImport);
        int topeka;
        await using (var db = await host.DbAsync()) topeka = await db.Facilities.Where(f => f.Name == "Station 31 – Topeka").Select(f => f.Id).SingleAsync();
        Assert.True((await host.Get<ActionItemService>().CreateAsync(admin, topeka, new ActionItemInput("Second", null, Priority.Low, null, null))).IsOk);

        var result = await Import.ImportAsync(admin, preview.Value);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        await using var check = await host.DbAsync();
        Assert.False(await check.ActionItems.AnyAsync(i => i.Title == "First"));
    }

    [Fact]
    public async Task Import_TenThousandRows_AllImportedWithProgress()
    {
        var admin = await host.ActorAsync(Demo.Admin);
        var text = new StringBuilder(Header);
        string[] facilities = ["Station 12 – Wichita East", "Station 31 – Topeka", "Station 7 – Denver Colfax"];
        for (var i = 1; i <= 10_000; i++)
        {
            text.Append(facilities[i % 3]).Append(",Imported finding ").Append(i)
                .Append(",\"Found during the audit, item ").Append(i).Append("\",").Append(i % 2 == 0 ? "High" : "Low")
                .Append(",Audit 2026,2027-01-").Append((i % 28 + 1).ToString("D2")).Append('\n');
        }
        var before = await CountAsync();
        var reported = new List<int>();
        var progress = new SynchronousProgress(reported.Add);

        var watch = Stopwatch.StartNew();
        var preview = await Import.PreviewAsync(admin, Csv(text.ToString()), progress: progress);
        var previewTime = watch.Elapsed;
        Assert.True(preview.IsOk, preview.Message);
        Assert.Equal(10_000, preview.Value!.WillImport);
        var result = await Import.ImportAsync(admin, preview.Value, progress);
        watch.Stop();

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(10_000, result.Value);
        Assert.Equal(before + 10_000, await CountAsync());
        Assert.Equal(10_000, reported[^1]);
        output.WriteLine($"10,000 rows: preview {previewTime.TotalMilliseconds:F0} ms, preview + import {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    private async Task<int> CountAsync()
    {
        await using var db = await host.DbAsync();
        return await db.ActionItems.CountAsync();
    }

    /// <summary>Progress{T} posts to the thread pool; the test wants every report in order.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    public sealed class OnSqlite(ITestOutputHelper output) : ActionItemImportTests(output) { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL(ITestOutputHelper output) : ActionItemImportTests(output) { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
