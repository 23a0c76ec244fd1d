using Microsoft.Playwright;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>The dispatch calendar's filters in a real browser: native selects named by their labels, chosen by keyboard or
/// pointer, and the calendar drawn at desktop and tablet width for people to look at.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CalendarFilterBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(768, 1024)]
    public async Task Filters_FacilityChosenThenCleared_ZoneFollowsAndScreensAreDrawn(int width, int height)
    {
        var page = await browser.SignInAsync(Demo.Dispatcher, width, height, touch: width < 1000);
        await page.GotoAsync(browser.BaseUrl + "/calendar");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".rz-scheduler")).ToBeVisibleAsync();
        await Expect(page.Locator("#calendar-zone")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"calendar-filters-{width}");

        // The wrapping label names the select; its name also carries the chosen option ("Facility All facilities").
        var facility = page.Locator("#filter-facility");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Facility" })).ToHaveCountAsync(1);
        await facility.SelectOptionAsync(new SelectOptionValue { Label = "Station 7 – Denver Colfax" });
        await Expect(page.Locator("#calendar-zone")).ToContainTextAsync("America/Denver, the time zone of Station 7 – Denver Colfax");
        await Expect(page.Locator(".work-calendar")).ToHaveAttributeAsync("data-zone", "America/Denver");

        await facility.SelectOptionAsync(new SelectOptionValue { Label = "All facilities" });
        await Expect(page.Locator(".work-calendar")).Not.ToHaveAttributeAsync("data-zone", "America/Denver");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ColourBy_ChosenWithTheKeyboard_LegendShowsStatuses()
    {
        var page = await browser.SignInAsync(Demo.Dispatcher, 1280, 800);
        await page.GotoAsync(browser.BaseUrl + "/calendar");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".calendar-legend")).ToContainTextAsync("outlined = resolved");

        await page.GetByLabel("Colour by").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");

        await Expect(page.GetByLabel("Colour by")).ToHaveValueAsync("Status");
        await Expect(page.Locator(".calendar-legend")).ToContainTextAsync("Dispatched");
        await Expect(page.Locator(".calendar-legend")).Not.ToContainTextAsync("outlined = resolved");
        await page.Context.CloseAsync();
    }
}
