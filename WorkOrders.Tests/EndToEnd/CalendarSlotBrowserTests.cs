using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace WorkOrders.Tests.EndToEnd;

/// <summary>
/// The dispatch calendar's week slots in Chromium (ADR-028): they have no handler of their own, so a mouse click, the
/// keyboard and dropping an appointment all go through the calendar's one listener. The browser runs in America/Chicago.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalendarSlotBrowserTests(BrowserFixture browser)
{
    private const string Wichita = "Station 12 – Wichita East";
    private static readonly Regex SixThirty = new(@"^0?(6|5):30 AM$");

    [Fact]
    public async Task Slot_ClickedWithTheMouseAfterPickASlot_OpensDispatchAtThatTime()
    {
        var id = await NewApprovedAsync(Flow.Tag());
        var page = await OpenCalendarAsync();
        await page.Locator($".ready-item[data-workorder='{id}'] .ready-pick").ClickAsync();

        await page.Locator("[data-slot-grid] .rz-slot[data-slot-start$='T06:30:00']").First.ClickAsync();

        await ExpectDispatchDialogAtAsync(page, SixThirty);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Slot_ReachedWithTabAndArrowsThenEnter_OpensDispatchAtThatTime()
    {
        var id = await NewApprovedAsync(Flow.Tag());
        var page = await OpenCalendarAsync();
        await page.Locator($".ready-item[data-workorder='{id}'] .ready-pick").ClickAsync();

        // From the scheduler's toolbar, Tab reaches the grid once and lands on its first slot.
        await page.Locator(".rz-scheduler .rz-button").First.FocusAsync();
        var tabs = 0;
        while (!await page.EvaluateAsync<bool>("() => !!document.activeElement?.matches('[data-slot-grid] [data-slot-start]')") && tabs++ < 15)
            await page.Keyboard.PressAsync("Tab");
        var active = page.Locator("[data-slot-grid] [data-slot-start]:focus");
        await Expect(active).ToHaveAttributeAsync("aria-label", new Regex(@"^Schedule at Sunday, \w+ \d+, 6:00 AM$"));

        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(active).ToHaveAttributeAsync("aria-label", new Regex(@"^Schedule at Monday, \w+ \d+, 6:30 AM$"));
        await BrowserFixture.ScreenshotAsync(page, "calendar-slot-keyboard-focus");
        await page.Keyboard.PressAsync("Enter");

        await ExpectDispatchDialogAtAsync(page, SixThirty);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Appointment_DraggedToAnotherSlot_IsRescheduledThere()
    {
        // Next week, so every slot of it is in the future whenever this runs: 10:00–11:00 Chicago on today's weekday.
        var today = DateTime.UtcNow.Date.AddDays(7);
        var start = new DateTimeOffset(today.Year, today.Month, today.Day, 16, 0, 0, TimeSpan.Zero);
        var id = await DispatchNewAsync(Flow.Tag(), start, TimeSpan.FromHours(1));
        var page = await OpenCalendarAsync();
        await page.Locator(".rz-scheduler .rz-next").First.ClickAsync();
        var appointment = page.Locator($".rz-week-view [data-workorder='{id}']");
        await Expect(appointment).ToBeVisibleAsync();
        // The first slot of the appointment's own day: 06:00 there, four hours before it.
        var target = appointment.Locator("xpath=ancestor::div[contains(@class,'rz-slots')]").Locator("[data-slot-start]").First;
        await Expect(target).ToHaveAttributeAsync("data-slot-start", new Regex(@"T06:00:00$"));

        await appointment.DragToAsync(target);

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("moved to");
        await using var db = await Flow.Db(browser);
        var after = await db.WorkOrders.AsNoTracking().SingleAsync(w => w.Id == id);
        Assert.Equal(start.AddHours(-4), after.ScheduledStart);
        Assert.Equal(start.AddHours(-3), after.ScheduledEnd);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenCalendarAsync()
    {
        var page = await browser.SignInAsync(Demo.Dispatcher, 1280, 800);
        await page.GotoAsync(browser.BaseUrl + "/calendar");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("[data-slot-grid] [data-slot-start]")).ToHaveCountAsync(7 * 32);
        await Expect(page.Locator(".work-calendar[data-count]")).ToBeVisibleAsync();
        return page;
    }

    private static async Task ExpectDispatchDialogAtAsync(IPage page, Regex time)
    {
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.Locator("#transition-confirm")).ToHaveTextAsync("Dispatch work order");
        await Expect(page.Locator("input#schedule-start, #schedule-start input").First).ToHaveValueAsync(time);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
    }

    private WorkOrderService Service => browser.App.Services.GetRequiredService<WorkOrderService>();

    private async Task<Actor> ActorAsync(string email)
    {
        await using var db = await Flow.Db(browser);
        var user = await db.Users.Include(u => u.Organization).SingleAsync(u => u.Email == email);
        return Actor.From(user, user.Organization!.Kind);
    }

    private async Task<int> VersionAsync(int id)
    {
        await using var db = await Flow.Db(browser);
        return await db.WorkOrders.Where(w => w.Id == id).Select(w => w.Version).SingleAsync();
    }

    private async Task<int> NewApprovedAsync(string tag)
    {
        var facility = await Flow.FacilityIdAsync(browser, Wichita);
        var itemTitle = $"Slot check {tag}";
        await Flow.RecordActionItemsAsync(browser, facility, tag, [itemTitle]);
        int[] items;
        await using (var db = await Flow.Db(browser)) items = await db.ActionItems.Where(a => a.Title == itemTitle).Select(a => a.Id).ToArrayAsync();
        var dispatcher = await ActorAsync(Demo.Dispatcher);
        var created = await Service.CreateAsync(dispatcher, facility, $"Slot check {tag}", items);
        Assert.True(created.IsOk, created.Message);
        var id = created.Value;
        var admin = await ActorAsync(Demo.Admin);
        Assert.True((await Service.SubmitAsync(dispatcher, id, await VersionAsync(id), admin.UserId)).IsOk);
        Assert.True((await Service.ApproveAsync(admin, id, await VersionAsync(id), null)).IsOk);
        return id;
    }

    private async Task<int> DispatchNewAsync(string tag, DateTimeOffset start, TimeSpan length)
    {
        var id = await NewApprovedAsync(tag);
        var result = await Service.DispatchAsync(await ActorAsync(Demo.Dispatcher), id, await VersionAsync(id), (await ActorAsync(Demo.Tech)).UserId, start, start + length);
        Assert.True(result.IsOk, result.Message);
        return id;
    }
}
