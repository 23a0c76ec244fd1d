using System.Text;
using Bunit;
using WorkOrders.Core.ActionItems;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.ActionItems;

namespace WorkOrders.Tests.Web.Components;

public sealed class ImportPreviewTableTests : IAsyncLifetime
{
    private DialogHost host = null!;

    public async Task InitializeAsync() => host = await DialogHost.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task ImportPreviewTable_GoodAndBadRows_ShowsCountsAndEveryReason()
    {
        var preview = await PreviewAsync(
            "facility,title,description,priority,source,due date\n" +
            "Station 31 – Topeka,Loose panel,,High,,2026-12-01\n" +
            "Nowhere,Ghost,,,,\n" +
            "Station 31 – Topeka,Bad date,,,,tomorrow\n");

        var cut = host.Context.Render<ImportPreviewTable>(p => p.Add(c => c.Preview, preview));

        Assert.Contains("1 will be imported", cut.Find("[data-test=will-import]").TextContent);
        Assert.Contains("2 rejected", cut.Find("[data-test=rejected]").TextContent);
        var reasons = cut.FindAll("[data-test=reason]").Select(e => e.TextContent).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("Unknown facility \"Nowhere\""));
        Assert.Contains(reasons, r => r.Contains("Bad due date \"tomorrow\""));
        Assert.Contains("Will import", cut.Markup);
    }

    [Fact]
    public async Task ImportPreviewTable_RejectedOnlySwitch_HidesAcceptedRows()
    {
        var preview = await PreviewAsync("facility,title\nStation 31 – Topeka,Good row\nNowhere,Bad row\n");
        var cut = host.Context.Render<ImportPreviewTable>(p => p.Add(c => c.Preview, preview));

        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = true });

        cut.WaitForAssertion(() => Assert.DoesNotContain("Good row", cut.Markup));
        Assert.Contains("Bad row", cut.Markup);
    }

    private async Task<ImportPreview> PreviewAsync(string csv)
    {
        var result = await host.Core.Get<ActionItemImport>().PreviewAsync(await host.Core.ActorAsync(Demo.Admin), new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        Assert.True(result.IsOk, result.Message);
        return result.Value!;
    }
}
