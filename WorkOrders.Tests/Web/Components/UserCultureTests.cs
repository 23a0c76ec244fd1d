using Bunit;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Facilities;

namespace WorkOrders.Tests.Web.Components;

/// <summary>Each person's screens write dates the way they chose on their profile.</summary>
public sealed class UserCultureTests : ScreenTestBase
{
    [Theory]
    [InlineData(null, "12/01/2026")]
    [InlineData("en-US", "12/01/2026")]
    [InlineData("en-GB", "01/12/2026")]
    [InlineData("fr-CA", "2026-12-01")]
    public async Task FacilityPage_UsersCulture_WritesTheDueDateTheirWay(string? culture, string shown)
    {
        var facilityId = await FacilityIdAsync(Wichita);
        await using (var db = await Core.DbAsync())
        {
            await db.Users.Where(u => u.Email == Demo.Dispatcher).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, culture));
            Assert.Equal(1, await db.ActionItems.Where(i => i.FacilityId == facilityId && i.Title.StartsWith("Failed cathodic"))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.DueDate, new DateOnly(2026, 12, 1))));
        }
        await SignInAsync(Demo.Dispatcher);
        UseSignedInCulture();

        var page = RenderPage<FacilityPage>(p => p.Add(x => x.Id, facilityId));

        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".due-badge"), b => b.TextContent.Contains(shown, StringComparison.Ordinal)));
        var other = shown == "12/01/2026" ? "01/12/2026" : "12/01/2026";
        Assert.DoesNotContain(other, page.Markup, StringComparison.Ordinal);
    }
}
