using Bunit;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.WorkOrderScreens;

namespace WorkOrders.Tests.Web.Components;

public sealed class WorkOrderListPageTests : ScreenTestBase
{
    private List<string> Numbers(IRenderedComponent<WorkOrderListPage> page) => page.FindAll(".wo-number").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task List_WaitingForMeInTheAddress_ShowsOnlyWorkOrdersAwaitingMyApproval()
    {
        await SignInAsync(Demo.Admin);
        Navigation.NavigateTo("/work-orders?scope=WaitingForMe");

        var page = RenderPage<WorkOrderListPage>();

        var expected = new[] { await WorkOrderIdAsync(ProviderSubmittedTitle), await WorkOrderIdAsync(SubmittedTitle) }
            .Select(WorkOrder.FormatNumber).ToList();
        page.WaitForAssertion(() => Assert.Equal(expected, Numbers(page)));
    }

    [Fact]
    public async Task List_StatusAndFacilityInTheAddress_FilterTheRows()
    {
        await SignInAsync(Demo.Dispatcher);
        var wichita = await FacilityIdAsync(Wichita);
        Navigation.NavigateTo($"/work-orders?status=Denied&facility={wichita}");

        var page = RenderPage<WorkOrderListPage>();

        var denied = WorkOrder.FormatNumber(await WorkOrderIdAsync(DeniedTitle));
        page.WaitForAssertion(() => Assert.Equal([denied], Numbers(page)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("-3")]
    public async Task List_MalformedFacilityInTheAddress_ExplainedAndIgnored(string facility)
    {
        await SignInAsync(Demo.Dispatcher);
        Navigation.NavigateTo($"/work-orders?facility={facility}&status=Denied");

        var page = RenderPage<WorkOrderListPage>();

        var denied = WorkOrder.FormatNumber(await WorkOrderIdAsync(DeniedTitle));
        page.WaitForAssertion(() => Assert.Equal([denied], Numbers(page)));
        Assert.Contains($"(\"{facility}\") is not a valid id, so it is ignored.", page.Find("#query-problem").TextContent);
    }

    [Fact]
    public async Task List_ProviderAdmin_SeesOnlyWhatTheProviderCreatedOrWasSent()
    {
        await SignInAsync(Demo.ProviderAdmin);
        Navigation.NavigateTo("/work-orders");

        var page = RenderPage<WorkOrderListPage>();

        // What it created, and the demo's two work orders the company dispatched to it.
        var visible = new[] { ProviderSubmittedTitle, "Overfill alarm test at the fill port", "Replace tank 1 gauge probe" };
        var numbers = new List<string>();
        foreach (var title in visible) numbers.Add(WorkOrder.FormatNumber(await WorkOrderIdAsync(title)));
        page.WaitForAssertion(() => Assert.Equal(numbers.Order(), Numbers(page).Order()));
    }

    [Fact]
    public async Task List_Search_PutsTheFilterIntoTheAddress()
    {
        await SignInAsync(Demo.Dispatcher);
        Navigation.NavigateTo("/work-orders");
        var page = RenderPage<WorkOrderListPage>();
        page.WaitForAssertion(() => Assert.Equal(9, Numbers(page).Count));

        page.Find("#filter-search").Input("hose");
        // The search box debounces on the (fake) clock.
        Core.Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Contains("q=hose", Navigation.Uri), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task List_NothingMatches_ShowsEmptyState()
    {
        await SignInAsync(Demo.Tech);
        Navigation.NavigateTo("/work-orders?scope=WaitingForMe");

        var page = RenderPage<WorkOrderListPage>();

        page.WaitForAssertion(() => Assert.Contains("No work order matches", page.Find("#work-orders-empty").TextContent));
    }

    [Fact]
    public async Task List_FewWorkOrders_PagerShowsTheExactCount()
    {
        await SignInAsync(Demo.Dispatcher);
        Navigation.NavigateTo("/work-orders");

        var page = RenderPage<WorkOrderListPage>();

        page.WaitForAssertion(() => Assert.Contains("1-9 of 9", page.Markup));
        Assert.DoesNotContain(page.FindAll(".mud-table-pagination-caption"), c => c.TextContent.Contains('+'));
    }

    [Fact]
    public async Task List_MoreThanAThousand_PagerSaysThousandPlus()
    {
        await SignInAsync(Demo.Dispatcher);
        await using (var db = await Core.DbAsync())
        {
            // Copies of one demo work order: the list counts them only up to 1,000.
            await db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100)
                INSERT INTO WorkOrders (Title, FacilityId, CompanyId, CreatedByOrganizationId, CreatedByKind, Status, CreatorId, EstimateTotal, CreatedAt, UpdatedAt, Version)
                SELECT 'Copy ' || i, w.FacilityId, w.CompanyId, w.CreatedByOrganizationId, w.CreatedByKind, 'Draft', w.CreatorId, '0', w.CreatedAt, w.UpdatedAt, 1
                FROM n JOIN (SELECT * FROM WorkOrders WHERE CreatedByKind = 'Company' ORDER BY Id LIMIT 1) w
                """);
        }
        Navigation.NavigateTo("/work-orders");

        var page = RenderPage<WorkOrderListPage>();

        page.WaitForAssertion(() => Assert.Contains("1-25 of 1,000+", page.FindAll(".mud-table-pagination-caption").Select(c => c.TextContent.Trim())));
    }

    [Fact]
    public async Task List_CreatedDaysInTheAddress_ShownAsAChipAndFilterTheRows()
    {
        await SignInAsync(Demo.Dispatcher);
        var today = await Core.Get<WorkOrders.Core.ActionItems.OrganizationCalendar>().TodayAsync(await Core.ActorAsync(Demo.Dispatcher));
        var tomorrow = today.AddDays(1).ToString("yyyy-MM-dd");
        Navigation.NavigateTo($"/work-orders?created-from={tomorrow}");

        var page = RenderPage<WorkOrderListPage>();

        page.WaitForAssertion(() => Assert.Contains("on or after", page.Find("#chip-created").TextContent));
        page.WaitForAssertion(() => Assert.Empty(Numbers(page)));

        page.Find("#chip-created button").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain("created-from", Navigation.Uri));
    }

    [Fact]
    public async Task List_MalformedCreatedDay_ExplainedAndIgnored()
    {
        await SignInAsync(Demo.Dispatcher);
        Navigation.NavigateTo("/work-orders?created-from=yesterday&status=Denied");

        var page = RenderPage<WorkOrderListPage>();

        var denied = WorkOrder.FormatNumber(await WorkOrderIdAsync(DeniedTitle));
        page.WaitForAssertion(() => Assert.Equal([denied], Numbers(page)));
        Assert.Contains("The created-from filter \"yesterday\" is not a day written as yyyy-MM-dd. It is not applied.", page.Find("#query-problem").TextContent);
        Assert.Empty(page.FindAll("#chip-created"));
    }
}
