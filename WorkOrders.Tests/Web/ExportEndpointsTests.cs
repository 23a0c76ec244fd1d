using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web;

/// <summary>The downloads over HTTP: headers and name, neutralised formulas, another tenant's rows absent, bad filters refused.</summary>
public sealed class ExportEndpointsTests : IClassFixture<ExportEndpointsTests.WithFormulaItem>
{
    private readonly WithFormulaItem fixture;

    public ExportEndpointsTests(WithFormulaItem fixture) => this.fixture = fixture;

    [Theory]
    [InlineData("/export/work-orders.csv", "text/csv", "work-orders-")]
    [InlineData("/export/work-orders.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "work-orders-")]
    [InlineData("/export/action-items.csv?due=Overdue", "text/csv", "action-items-")]
    [InlineData("/export/action-items.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "action-items-")]
    public async Task Export_Company_AttachmentWithDatedNameAndType(string url, string type, string namePrefix)
    {
        var client = await fixture.SignedInAsync(Demo.Admin);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        var name = disposition.FileNameStar ?? disposition.FileName!.Trim('"');
        Assert.StartsWith(namePrefix, name);
        Assert.EndsWith(url.Contains(".csv") ? ".csv" : ".xlsx", name);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ExportActionItemsCsv_TitleStartingWithEquals_NeutralisedWithAnApostrophe()
    {
        var client = await fixture.SignedInAsync(Demo.Admin);

        var csv = await client.GetStringAsync("/export/action-items.csv");

        Assert.Contains("'" + WithFormulaItem.FormulaTitle, csv);
        Assert.DoesNotContain("," + WithFormulaItem.FormulaTitle, csv);
    }

    [Theory]
    [InlineData("/export/action-items.csv")]
    [InlineData("/export/work-orders.csv")]
    public async Task Export_AnotherTenant_NoneOfTheCompanysRows(string url)
    {
        var outsider = await fixture.SignedInAsync(Demo.OtherCompanyAdmin);
        var company = await fixture.SignedInAsync(Demo.Admin);

        var theirs = await outsider.GetStringAsync(url);
        var ours = await company.GetStringAsync(url);

        Assert.Contains("Station 12", ours);
        Assert.DoesNotContain("Station 12", theirs);
        Assert.DoesNotContain("Station 31", theirs);
        Assert.DoesNotContain(WithFormulaItem.FormulaTitle, theirs);
        if (url.Contains("action-items")) Assert.Contains("Harbor Point Fuel", theirs);
    }

    [Theory]
    [InlineData("/export/work-orders.csv?facility=abc")]
    [InlineData("/export/work-orders.csv?facility=99999999999")]
    [InlineData("/export/work-orders.xlsx?status=Nope")]
    [InlineData("/export/work-orders.csv?due=42")]
    [InlineData("/export/work-orders.csv?sort=%27%3BDROP")]
    [InlineData("/export/action-items.csv?due=Later")]
    [InlineData("/export/action-items.xlsx?open=maybe")]
    [InlineData("/export/action-items.pdf")]
    public async Task Export_BadFilterOrFormat_400WithTheReason(string url)
    {
        var client = await fixture.SignedInAsync(Demo.Admin);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }

    public sealed class WithFormulaItem : IAsyncLifetime
    {
        public const string FormulaTitle = "=SUM(A1:A9)+cmd";
        public WebAppFactory Factory { get; } = new();

        private readonly Dictionary<string, HttpClient> clients = [];

        /// <summary>One sign-in per user for the whole class: the sign-in rate limit counts every attempt.</summary>
        public async Task<HttpClient> SignedInAsync(string email)
        {
            if (clients.TryGetValue(email, out var known)) return known;
            var client = Factory.CreateBrowserlikeClient();
            Assert.Equal(HttpStatusCode.Redirect, (await WebAppFactory.SignInAsync(client, email)).StatusCode);
            return clients[email] = client;
        }

        public async Task InitializeAsync()
        {
            _ = Factory.Server;
            await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
            var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == Demo.Dispatcher);
            var facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 12")).Select(f => f.Id).SingleAsync();
            var created = await Factory.Services.GetRequiredService<ActionItemService>().CreateAsync(
                Actor.From(user, user.Organization!.Kind), facility, new ActionItemInput(FormulaTitle, null, Priority.High, null, null));
            Assert.True(created.IsOk, created.Message);
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
