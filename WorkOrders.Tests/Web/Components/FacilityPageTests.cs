using Bunit;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Facilities;

namespace WorkOrders.Tests.Web.Components;

public sealed class FacilityPageTests : ScreenTestBase
{
    [Fact]
    public async Task FacilityPage_ShowsHeaderCountsAndItemsLinkedToTheirWorkOrders()
    {
        await SignInAsync(Demo.Dispatcher);
        var id = await FacilityIdAsync(Wichita);

        var page = RenderPage<FacilityPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find(".action-items-table"));
        Assert.Contains("America/Chicago", page.Find("h1").ParentElement!.TextContent);
        Assert.Contains("Open action items: 7", page.Find("#facility-counts").TextContent);
        Assert.Contains("Draft: 1", page.Find("#facility-counts").TextContent);
        var submittedId = await WorkOrderIdAsync(SubmittedTitle);
        Assert.Contains(page.FindAll(".action-items-table a"),
            a => a.TextContent == WorkOrder.FormatNumber(submittedId) && a.GetAttribute("href") == $"/work-orders/{submittedId}");
        Assert.Contains(page.FindAll("#facility-header-actions a"), a => a.GetAttribute("href") == $"/action-items/import?facilityId={id}");
    }

    [Fact]
    public async Task FacilityPage_WorkOrdersTab_ListsOnlyThisFacilitysWorkOrdersWithPeople()
    {
        await SignInAsync(Demo.Dispatcher);
        var id = await FacilityIdAsync(Wichita);
        var page = RenderPage<FacilityPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find(".action-items-table"));

        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Work orders", StringComparison.Ordinal)).Click();

        // Wichita's four demo work orders, the one sent to the provider among them; none of another facility.
        var expected = new[] { DeniedTitle, SubmittedTitle, DraftTitle, "Overfill alarm test at the fill port" };
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll(".work-order-table .wo-number").Count));
        var ids = new List<string>();
        foreach (var title in expected) ids.Add(WorkOrder.FormatNumber(await WorkOrderIdAsync(title)));
        Assert.Equal(ids.Order(StringComparer.Ordinal), page.FindAll(".work-order-table .wo-number").Select(a => a.TextContent.Trim()).Order(StringComparer.Ordinal));
        Assert.Contains(page.FindAll(".people-cell dt"), dt => dt.TextContent == "Approver" && dt.NextElementSibling?.TextContent == "Morgan Avery");
    }

    [Fact]
    public async Task FacilityPage_ItemsInAWorkOrder_CannotBeSelected()
    {
        await SignInAsync(Demo.Dispatcher);
        var facilityId = await FacilityIdAsync(Wichita);
        var page = RenderPage<FacilityPage>(p => p.Add(x => x.Id, facilityId));

        page.WaitForAssertion(() => page.Find(".action-items-table"));
        var boxes = page.FindAll(".item-select input");
        Assert.Equal(7, boxes.Count);
        Assert.Equal(1, boxes.Count(b => !b.HasAttribute("disabled")));
    }

    [Fact]
    public async Task CreateWorkOrder_FromSelectedItems_CreatesDraftAndOpensTheEditor()
    {
        await SignInAsync(Demo.Dispatcher);
        var facilityId = await FacilityIdAsync(Wichita);
        var page = RenderPage<FacilityPage>(p => p.Add(x => x.Id, facilityId));
        page.WaitForAssertion(() => page.Find(".action-items-table"));
        Assert.True(page.Find("#create-work-order").HasAttribute("disabled"));

        foreach (var box in page.FindAll(".item-select input").Where(b => !b.HasAttribute("disabled")).ToList())
        {
            page.Find($"input[aria-label='{box.GetAttribute("aria-label")}']").Change(true);
        }
        page.Find("#create-work-order").Click();
        Dialogs.WaitForAssertion(() => Dialogs.Find("#create-confirm"));
        var suggested = Dialogs.Find("input#create-title").GetAttribute("value");
        Assert.Contains("Failed cathodic protection reading, tank 1", suggested);
        Dialogs.Find("#create-confirm").Click();

        await using var db = await Core.DbAsync();
        var created = await db.WorkOrders.Include(w => w.ActionItems).OrderByDescending(w => w.Id).FirstAsync();
        Assert.Equal(WorkOrderStatus.Draft, created.Status);
        Assert.Single(created.ActionItems); // the one Wichita item in no work order
        Assert.EndsWith($"/work-orders/{created.Id}/edit", Navigation.Uri);
    }

    [Fact]
    public async Task FacilityPage_ProviderTechnician_MayNotCreateWorkOrders()
    {
        await SignInAsync(Demo.ProviderTech);
        var facilityId = await FacilityIdAsync(Wichita);
        var page = RenderPage<FacilityPage>(p => p.Add(x => x.Id, facilityId));

        page.WaitForAssertion(() => page.Find(".action-items-table"));
        Assert.Empty(page.FindAll("#create-work-order"));
        Assert.Empty(page.FindAll(".item-select"));
    }

    [Fact]
    public async Task FacilityPage_OtherTenant_ShowsNotFound()
    {
        await SignInAsync(Demo.OtherCompanyAdmin);
        var id = await FacilityIdAsync(Wichita);

        var page = RenderPage<FacilityPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => page.Find("#not-found"));
        Assert.DoesNotContain("Failed cathodic", page.Markup);
    }

    [Fact]
    public void SuggestTitle_OneOrManyItems_IsSensible()
    {
        static ActionItemRow Row(string title) => new(1, 1, title, "", Priority.Low, ActionItemStatus.Open, null, null, default, null, null, null, 0);

        Assert.Equal("Leak", CreateWorkOrderDialog.SuggestTitle([Row("Leak")]));
        Assert.Equal("Leak; Sign", CreateWorkOrderDialog.SuggestTitle([Row("Leak"), Row("Sign")]));
        Assert.Equal($"{new string('a', 100)} and 1 more", CreateWorkOrderDialog.SuggestTitle([Row(new string('a', 100)), Row(new string('b', 100))]));
    }
}
