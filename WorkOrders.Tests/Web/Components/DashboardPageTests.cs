using Bunit;
using WorkOrders.Core.Dashboard;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Dashboard;

namespace WorkOrders.Tests.Web.Components;

/// <summary>Every figure of the dashboard is a link to the list (or the items download) narrowed to what it counts.</summary>
public sealed class DashboardPageTests : ScreenTestBase
{
    private async Task<IRenderedComponent<DashboardPage>> DashboardAsync()
    {
        await SignInAsync(Demo.Admin);
        Navigation.NavigateTo("/dashboard");
        var page = RenderPage<DashboardPage>();
        page.WaitForElement("#status-draft");
        return page;
    }

    private static string Href(IRenderedComponent<DashboardPage> page, string selector) => page.Find(selector).GetAttribute("href") ?? "";

    [Fact]
    public async Task Dashboard_AgeBuckets_EachLinksToTheItemsRecordedOnItsDays()
    {
        var page = await DashboardAsync();
        var today = await Core.Get<WorkOrders.Core.ActionItems.OrganizationCalendar>().TodayAsync(await Core.ActorAsync(Demo.Admin));
        string Day(int daysAgo) => today.AddDays(-daysAgo).ToString("yyyy-MM-dd");

        Assert.Equal($"/export/action-items.xlsx?open=true&created-from={Day(6)}&created-to={Day(0)}", Href(page, "#age-0"));
        Assert.Equal($"/export/action-items.xlsx?open=true&created-from={Day(29)}&created-to={Day(7)}", Href(page, "#age-7"));
        Assert.Equal($"/export/action-items.xlsx?open=true&created-from={Day(89)}&created-to={Day(30)}", Href(page, "#age-30"));
        Assert.Equal($"/export/action-items.xlsx?open=true&created-to={Day(90)}", Href(page, "#age-90"));
    }

    [Fact]
    public async Task Dashboard_TrendMediansAndEstimates_EveryFigureIsALink()
    {
        var page = await DashboardAsync();

        var trend = page.FindAll("a[id^='trend-']");
        Assert.Equal(DashboardQueries.TrendWeeks, trend.Count);
        Assert.All(trend, a => Assert.Matches(@"^/export/action-items\.xlsx\?open=true&due-from=\d{4}-\d\d-\d\d&due-to=\d{4}-\d\d-\d\d$", a.GetAttribute("href")));
        for (var i = 0; i < 3; i++)
        {
            Assert.Matches(@"^/work-orders\?step=(Approve|Dispatch|Resolve)&step-from=\d{4}-\d\d-\d\d&step-to=\d{4}-\d\d-\d\d$", Href(page, $"#median-link-{i}"));
        }
        var months = page.FindAll("a[id^='estimate-month-']");
        Assert.Equal(DashboardQueries.Months, months.Count);
        Assert.All(months, a => Assert.Matches(@"^/work-orders\?created-from=\d{4}-\d\d-01&created-to=\d{4}-\d\d-\d\d$", a.GetAttribute("href")));
        Assert.All(page.FindAll("a[id^='estimate-facility-']"), a => Assert.Matches(@"^/work-orders\?facility=\d+&created-from=", a.GetAttribute("href")));
        Assert.NotEmpty(page.FindAll("a[id^='estimate-facility-']"));
    }
}
