using Bunit;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.WorkOrderScreens;

namespace WorkOrders.Tests.Web.Components;

public sealed class WorkOrderEditorPageTests : ScreenTestBase
{
    private async Task<(IRenderedComponent<WorkOrderEditorPage> Page, int Id)> OpenDraftAsync(string user = Demo.Dispatcher)
    {
        await SignInAsync(user);
        var id = await WorkOrderIdAsync(DraftTitle);
        Navigation.NavigateTo($"/work-orders/{id}/edit");
        var page = RenderPage<WorkOrderEditorPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("#save"));
        return (page, id);
    }

    [Fact]
    public async Task Editor_EmptyTitleAndZeroQuantity_ShowsClearMessagesAndSavesNothing()
    {
        var (page, id) = await OpenDraftAsync();

        page.Find("input#title").Input("");
        page.Find(".estimate-qty input").Input("0");
        page.Find("#save").Click();

        page.WaitForAssertion(() => page.Find("#editor-errors"));
        var errors = page.Find("#editor-errors").TextContent;
        Assert.Contains("A title is required.", errors);
        Assert.Contains("Estimate line 1: the quantity must be greater than 0.", errors);
        Assert.Equal(DraftTitle, (await WorkOrderAsync(id)).Title);
    }

    [Fact]
    public async Task Editor_QuantityBeyondDecimalArithmetic_MessageAtTheFieldAndSavesNothing()
    {
        var (page, id) = await OpenDraftAsync();

        page.Find(".estimate-qty input").Input("79228162514264337593543950335");
        page.Find(".estimate-price input").Input("2");
        page.Find("#save").Click();

        page.WaitForAssertion(() => Assert.Contains("Estimate line 1: the quantity may be at most 1,000,000.", page.Find("#editor-errors").TextContent));
        Assert.Contains("May be at most 1,000,000.", page.Find(".estimate-qty").ParentElement!.TextContent);
        Assert.Equal(DraftTitle, (await WorkOrderAsync(id)).Title);
    }

    [Fact]
    public async Task Editor_RemovingEveryItem_IsRefusedWithMessage()
    {
        var (page, id) = await OpenDraftAsync();

        foreach (var remove in page.FindAll("button[aria-label^='Remove ']").Where(b => !b.GetAttribute("aria-label")!.StartsWith("Remove line", StringComparison.Ordinal)).ToList())
        {
            page.Find($"button[aria-label='{remove.GetAttribute("aria-label")}']").Click();
        }
        page.Find("#save").Click();

        page.WaitForAssertion(() => Assert.Contains("Add at least one action item.", page.Find("#editor-errors").TextContent));
        Assert.Equal(2, (await WorkOrderAsync(id)).ActionItems.Count);
    }

    [Fact]
    public async Task Editor_Save_PersistsTitleItemsAndLines_AndStaysOnThePage()
    {
        var (page, id) = await OpenDraftAsync();
        var before = Navigation.Uri;

        page.Find("input#title").Input("Island 2 signage, fill cap and tank 1 CP reading");
        page.Find("button[aria-label='Add Failed cathodic protection reading, tank 1']").Click();
        page.Find("#estimate-add").Click();
        page.FindAll(".estimate-description input")[^1].Input("Rectifier output check");
        page.FindAll(".estimate-price input")[^1].Input("80");
        Assert.NotEmpty(page.FindAll("#unsaved"));
        page.Find("#save").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#unsaved")));
        var wo = await WorkOrderAsync(id);
        Assert.Equal("Island 2 signage, fill cap and tank 1 CP reading", wo.Title);
        Assert.Equal(3, wo.ActionItems.Count);
        Assert.Equal(4, wo.EstimateLines.Count);
        Assert.Equal(245m + 80m, wo.EstimateTotal);
        Assert.Contains("USD 325.00", page.Find("#estimate-total").TextContent);
        Assert.Equal(before, Navigation.Uri);
    }

    [Fact]
    public async Task Editor_SomeoneSavedFirst_ShowsConflictAndKeepsWhatWasTyped()
    {
        var (page, id) = await OpenDraftAsync();
        page.Find("input#title").Input("My new title");

        var wo = await WorkOrderAsync(id);
        var other = await Core.ActorAsync(Demo.Admin);
        var saved = await Core.Get<WorkOrderService>().EditAsync(other, id, wo.Version,
            new WorkOrderDraft("Admin's title", wo.ActionItems.Select(i => i.Id).ToList(), []));
        Assert.True(saved.IsOk);
        page.Find("#save").Click();

        page.WaitForAssertion(() => page.Find("#editor-stale"));
        Assert.Contains(SnackbarMessages, m => m.Contains("changed by someone else", StringComparison.Ordinal));
        Assert.Equal("My new title", page.Find("input#title").GetAttribute("value"));
        Assert.Equal("Admin's title", (await WorkOrderAsync(id)).Title);

        page.Find("#load-latest").Click();
        page.WaitForAssertion(() => Assert.Equal("Admin's title", page.Find("input#title").GetAttribute("value")));
    }

    [Fact]
    public async Task Editor_UserWhoMayNotEdit_SeesWhyAndNoSaveButton()
    {
        await SignInAsync(Demo.Tech);
        var id = await WorkOrderIdAsync(DraftTitle);

        var page = RenderPage<WorkOrderEditorPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#not-editable"));
        Assert.Empty(page.FindAll("#save"));
    }

    [Fact]
    public async Task Editor_SubmittedWorkOrder_IsNotEditable()
    {
        await SignInAsync(Demo.Dispatcher);
        var id = await WorkOrderIdAsync(SubmittedTitle);

        var page = RenderPage<WorkOrderEditorPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains("submitted", page.Find("#not-editable").TextContent));
    }

    [Fact]
    public async Task Editor_OtherTenant_ShowsNotFound()
    {
        await SignInAsync(Demo.OtherCompanyAdmin);
        var id = await WorkOrderIdAsync(DraftTitle);

        var page = RenderPage<WorkOrderEditorPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#not-found"));
    }

    [Fact]
    public async Task Editor_UnsavedChanges_AsksBeforeLeaving()
    {
        var (page, _) = await OpenDraftAsync();
        page.Find("input#title").Input("Changed");

        Navigation.NavigateTo("/work-orders");

        Dialogs.WaitForAssertion(() => Assert.Contains("Leave without saving", Dialogs.Markup));
        Assert.EndsWith("/edit", Navigation.Uri);
    }

    [Fact]
    public async Task Editor_SaveAndSubmit_SavesChangesThenSubmitsAndOpensTheWorkOrder()
    {
        var (page, id) = await OpenDraftAsync();
        page.Find("input#title").Input("Island 2 signage, fill cap (revised)");
        Assert.Equal("Save and submit…", page.Find("#save-submit").TextContent.Trim());

        page.Find("#save-submit").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("#transition-confirm"));
        Assert.Equal("Island 2 signage, fill cap (revised)", (await WorkOrderAsync(id)).Title);
        var adminId = await Core.UserIdAsync(Demo.Admin);
        var select = Dialogs.FindComponent<MudBlazor.MudSelect<string>>();
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(adminId));
        Dialogs.Find("#transition-confirm").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/work-orders/{id}", Navigation.Uri, StringComparison.Ordinal));
        Assert.Equal(WorkOrderStatus.Submitted, (await WorkOrderAsync(id)).Status);
    }
}
