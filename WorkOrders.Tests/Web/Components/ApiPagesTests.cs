using Bunit;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Api;
using WorkOrders.Core.Webhooks;
using WorkOrders.Tests.TestSupport;
using WorkOrders.Web.Components.Pages.Api;

namespace WorkOrders.Tests.Web.Components;

/// <summary>The API's three pages over a real Core: /profile/api-keys, /admin/api-keys and /admin/webhooks.</summary>
public sealed class ApiPagesTests : BlazorTestContext
{
    private void Confirm(string button) =>
        Dialogs.WaitForAssertion(() => Dialogs.FindAll("button").First(b => b.TextContent.Trim() == button).Click());

    [Fact]
    public async Task ProfileKeys_NoKeys_SaysSo()
    {
        await SignInAsync(Demo.Dispatcher);
        var cut = RenderPage<ApiKeysPage>();
        cut.WaitForAssertion(() => Assert.Equal("No API keys yet.", cut.Find("#api-keys-empty").TextContent.Trim()));
    }

    [Fact]
    public async Task ProfileKeys_Create_KeyShownOnceStoredOnlyAsItsHash()
    {
        var dispatcher = await SignInAsync(Demo.Dispatcher);
        var cut = RenderPage<ApiKeysPage>();
        cut.WaitForAssertion(() => cut.Find("#api-keys-empty"));

        cut.Find("input#key-name").Change("Inspection app");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.StartsWith("wo_", cut.Find("#key-secret").TextContent));
        var secret = cut.Find("#key-secret").TextContent.Trim();
        Assert.Contains("Inspection app", cut.Find("#api-keys").TextContent);
        await using var db = await Core.DbAsync();
        Assert.Equal(0, await db.ApiKeys.CountAsync(k => k.SecretHash == secret));
        Assert.Equal(1, await db.ApiKeys.CountAsync(k => k.UserId == dispatcher.UserId));

        var again = RenderPage<ApiKeysPage>();
        again.WaitForAssertion(() => Assert.Contains("Inspection app", again.Find("#api-keys").TextContent));
        Assert.Empty(again.FindAll("#key-secret"));
        Assert.DoesNotContain(secret, again.Markup);
    }

    [Fact]
    public async Task ProfileKeys_NoName_MessageAtTheFieldAndNothingCreated()
    {
        await SignInAsync(Demo.Dispatcher);
        var cut = RenderPage<ApiKeysPage>();
        cut.WaitForAssertion(() => cut.Find("#api-keys-empty"));

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Enter a name for the key.", cut.Find("input#key-name").Closest(".mud-input-control")!.TextContent));
        Assert.Empty(cut.FindAll("#key-secret"));
        await using var db = await Core.DbAsync();
        Assert.Equal(0, await db.ApiKeys.CountAsync());
    }

    [Fact]
    public async Task ProfileKeys_Revoke_AfterConfirmingShowsRevokedAndTheKeyStops()
    {
        var dispatcher = await SignInAsync(Demo.Dispatcher);
        var created = (await Core.Get<ApiKeys>().CreateAsync(dispatcher, "ERP", ApiKeyScope.ReadWrite, null)).Value!;
        var cut = RenderPage<ApiKeysPage>();
        cut.WaitForAssertion(() => cut.Find("button[aria-label='Revoke the key ERP']"));

        cut.Find("button[aria-label='Revoke the key ERP']").Click();
        Confirm("Revoke");

        cut.WaitForAssertion(() => Assert.Contains("Revoked", cut.Find("#api-keys").TextContent));
        Assert.Empty(cut.FindAll("button[aria-label='Revoke the key ERP']"));
        Assert.Null(await Core.Get<ApiKeys>().AuthenticateAsync(created.Secret));
    }

    [Fact]
    public async Task OrganizationKeys_Admin_SeesPeoplesKeysWithOwnerAndRevokes_OtherCompanyAdminSeesNone()
    {
        var dispatcher = await Core.ActorAsync(Demo.Dispatcher);
        await Core.Get<ApiKeys>().CreateAsync(dispatcher, "Inspection app", ApiKeyScope.ReadOnly, null);
        await SignInAsync(Demo.Admin);
        var cut = RenderPage<OrganizationApiKeysPage>();
        cut.WaitForAssertion(() => Assert.Contains("Inspection app", cut.Find("#api-keys").TextContent));
        Assert.Contains("Dana", cut.Find("#api-keys").TextContent);

        cut.Find("button[aria-label='Revoke the key Inspection app']").Click();
        Confirm("Revoke");

        cut.WaitForAssertion(() => Assert.Contains("Revoked", cut.Find("#api-keys").TextContent));
        await using var db = await Core.DbAsync();
        Assert.NotNull(await db.ApiKeys.Select(k => k.RevokedAt).SingleAsync());
    }

    [Fact]
    public async Task OrganizationKeys_AnotherCompany_EmptyState()
    {
        await Core.Get<ApiKeys>().CreateAsync(await Core.ActorAsync(Demo.Dispatcher), "Inspection app", ApiKeyScope.ReadOnly, null);
        await SignInAsync(Demo.OtherCompanyAdmin);
        var cut = RenderPage<OrganizationApiKeysPage>();
        cut.WaitForAssertion(() => cut.Find("#api-keys-empty"));
        Assert.DoesNotContain("Inspection app", cut.Markup);
    }

    [Fact]
    public async Task Webhooks_NoEndpoints_EmptyStates()
    {
        await SignInAsync(Demo.Admin);
        var cut = RenderPage<WebhooksPage>();
        cut.WaitForAssertion(() => Assert.Equal("No endpoints yet.", cut.Find("#endpoints-empty").TextContent.Trim()));
        Assert.Contains("No deliveries yet.", cut.Find("#deliveries").TextContent);
    }

    [Fact]
    public async Task Webhooks_PrivateAddress_MessageAtTheUrlFieldAndNothingRegistered()
    {
        await SignInAsync(Demo.Admin);
        var cut = RenderPage<WebhooksPage>();
        cut.WaitForAssertion(() => cut.Find("#endpoints-empty"));

        cut.Find("input#endpoint-url").Change("http://192.168.1.10/hook");
        cut.Find("#endpoint-create").Click();

        cut.WaitForAssertion(() => Assert.Contains("private", cut.Find("input#endpoint-url").Closest(".mud-input-control")!.TextContent));
        Assert.Empty(cut.FindAll("#endpoint-error"));
        Assert.Empty(cut.FindAll("#endpoint-secret"));
        await using var db = await Core.DbAsync();
        Assert.Equal(0, await db.WebhookEndpoints.CountAsync());
    }

    [Fact]
    public async Task Webhooks_Register_SecretShownOnce_RotateShowsANewOneAndTheGracePeriod()
    {
        await SignInAsync(Demo.Admin);
        var cut = RenderPage<WebhooksPage>();
        cut.WaitForAssertion(() => cut.Find("#endpoints-empty"));

        cut.Find("input#endpoint-url").Change("https://erp.example.com/hooks/workorders");
        cut.Find("#endpoint-create").Click();
        cut.WaitForAssertion(() => Assert.StartsWith("whsec_", cut.Find("#endpoint-secret").TextContent.Trim()));
        var first = cut.Find("#endpoint-secret").TextContent.Trim();
        Assert.Contains("https://erp.example.com/hooks/workorders", cut.Markup);

        cut.Find("button[aria-label='Rotate the secret of https://erp.example.com/hooks/workorders']").Click();
        Confirm("Rotate");

        cut.WaitForAssertion(() => Assert.Contains("new signing secret", cut.Find("#endpoint-secret-alert").TextContent));
        var second = cut.Find("#endpoint-secret").TextContent.Trim();
        Assert.NotEqual(first, second);
        Assert.Contains("also signed with the previous secret until", cut.Markup);
        await using var db = await Core.DbAsync();
        var stored = await db.WebhookEndpoints.SingleAsync();
        Assert.Equal((second, first), (stored.Secret, stored.PreviousSecret));
    }
}
