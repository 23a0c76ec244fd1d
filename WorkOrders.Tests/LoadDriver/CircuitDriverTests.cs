using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.LoadDriver;
using WorkOrders.Tests.Core.Notifications;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.LoadDriver;

/// <summary>The headless circuit driver against the real app on Kestrel: what the load measurements rely on.</summary>
public sealed class CircuitDriverTests : IAsyncLifetime
{
    private const string Approver = "admin@prairiefuel.example";
    private const string Dispatcher = "dispatcher@prairiefuel.example";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly BrowserFixture.LiveApp app = new();
    private Uri baseUri = null!;

    public Task InitializeAsync()
    {
        app.StartServer();
        baseUri = app.ClientOptions.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Circuit_DraftSubmittedElsewhere_NewRenderBatchShowsItInTheInbox()
    {
        using var session = await SignedInSession.SignInAsync(baseUri, Approver, DemoData.Password);
        await using var inbox = await BlazorCircuit.StartAsync(session, "/inbox");
        Assert.True(inbox.BatchCount > 0, "The first render batch did not arrive.");
        await inbox.FindAsync(e => e.Attribute("data-test") == "inbox-count", Patience);
        var (id, version, dispatcher, approverId) = await DraftAsync();
        var number = WorkOrder.FormatNumber(id);
        Assert.DoesNotContain(inbox.Dom!.Elements(), e => e.InnerText == number);
        var seen = inbox.LastBatchId;

        var submitted = await app.Services.GetRequiredService<WorkOrderService>().SubmitAsync(dispatcher, id, version, approverId);

        Assert.True(submitted.IsOk, submitted.Message);
        Assert.True(await inbox.WaitForBatchAsync(seen, Patience) > seen);
        await inbox.FindAsync(e => e.Attribute("data-test") == "inbox-row" && e.InnerText == number, Patience);
        Assert.Null(inbox.Error);
    }

    [Fact]
    public async Task Circuit_ApproveClickedAndConfirmed_RowLeavesTheInboxAndTheWorkOrderIsApproved()
    {
        using var session = await SignedInSession.SignInAsync(baseUri, Approver, DemoData.Password);
        await using var inbox = await BlazorCircuit.StartAsync(session, "/inbox");
        var row = await inbox.FindAsync(e => e.Name == "tr" && e.InnerText.Contains(DemoTransitions.Submitted, StringComparison.Ordinal), Patience);
        var number = row.Descendants().First(e => e.Attribute("data-test") == "inbox-row").InnerText;

        await inbox.ClickAsync(row.Descendants().First(e => e.Name == "button" && e.InnerText == "Approve"));
        var confirm = await inbox.FindAsync(e => e.Attribute("id") == "transition-confirm", Patience);
        await inbox.ClickAsync(confirm);

        await inbox.WaitForAsync(dom => !dom.Elements().Any(e => e.Attribute("data-test") == "inbox-row" && e.InnerText == number), Patience);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        Assert.Equal(WorkOrderStatus.Approved, await db.WorkOrders.Where(w => w.Title == DemoTransitions.Submitted).Select(w => w.Status).SingleAsync());
    }

    [Fact]
    public async Task Circuit_CalendarOpened_ModuleImportGetsAReferenceAndTheCircuitStaysAlive()
    {
        using var session = await SignedInSession.SignInAsync(baseUri, Dispatcher, DemoData.Password);
        await using var calendar = await BlazorCircuit.StartAsync(session, "/calendar");

        // The calendar draws once the browser's zone is asked, then loads its drop module and attaches it.
        await WaitForJSCallAsync(calendar, "attach");
        await calendar.FindAsync(e => e.Attribute("id") == "ready-tray", Patience);
        await SettleAsync(calendar);

        Assert.Null(calendar.Error);
        Assert.Contains("import", calendar.JSCalls);
    }

    [Fact]
    public async Task Circuit_CalendarsModuleFailsToLoad_PageStaysWorkingWithoutDragAndDrop()
    {
        using var session = await SignedInSession.SignInAsync(baseUri, Dispatcher, DemoData.Password);
        await using var calendar = await BlazorCircuit.StartAsync(session, "/calendar",
            new CircuitOptions { FailingJSCalls = new HashSet<string> { "import" } });

        await calendar.FindAsync(e => e.Attribute("class") == "work-calendar", Patience);
        await WaitForJSCallAsync(calendar, "import", times: 2);
        await SettleAsync(calendar);

        Assert.Null(calendar.Error);
        Assert.DoesNotContain("attach", calendar.JSCalls);
        // Still interactive: a tray card's "Pick a slot" answers with the armed notice.
        var pick = await calendar.FindAsync(e => e.Name == "button" && e.InnerText == "Pick a slot", Patience);
        await calendar.ClickAsync(pick);
        await calendar.FindAsync(e => e.Attribute("id") == "armed-item", Patience);
        Assert.Null(calendar.Error);
    }

    [Fact]
    public async Task SignIn_WrongPassword_RefusedWithAClearError()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SignedInSession.SignInAsync(baseUri, Approver, "not the password"));
        Assert.Contains(Approver, error.Message);
    }

    private static async Task WaitForJSCallAsync(BlazorCircuit circuit, string identifier, int times = 1)
    {
        for (var waited = TimeSpan.Zero; circuit.JSCalls.Count(c => c == identifier) < times; waited += TimeSpan.FromMilliseconds(100))
        {
            Assert.Null(circuit.Error);
            if (waited > Patience) Assert.Fail($"{identifier} was not called {times} time(s): {string.Join(", ", circuit.JSCalls)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Lets the answers to the last JS calls reach the server and whatever they cause come back.</summary>
    private static async Task SettleAsync(BlazorCircuit circuit)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try { await circuit.WaitForBatchAsync(circuit.LastBatchId, TimeSpan.FromSeconds(1), idle.Token); }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException) { }
    }

    private async Task<(int Id, int Version, Actor Dispatcher, string ApproverId)> DraftAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();
        var wo = await db.WorkOrders.Where(w => w.Title == DemoTransitions.Draft).Select(w => new { w.Id, w.Version }).SingleAsync();
        var users = await db.Users.Include(u => u.Organization).Where(u => u.Email == Dispatcher || u.Email == Approver).ToListAsync();
        var dispatcher = users.Single(u => u.Email == Dispatcher);
        return (wo.Id, wo.Version, Actor.From(dispatcher, dispatcher.Organization!.Kind), users.Single(u => u.Email == Approver).Id);
    }
}
