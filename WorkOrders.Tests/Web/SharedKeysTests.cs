using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Web;

/// <summary>Two app servers on one PostgreSQL database share data-protection keys through it.</summary>
public sealed class SharedKeysTests
{
    [Fact]
    public async Task SignIn_CookieAndFormTokenFromOneServer_AcceptedByAnotherAndAfterRestart()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["WorkOrders:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:WorkOrders"] = TestPostgres.ConnectionString(database),
        };
        try
        {
            string signInCookie;
            await using (var a = new AccountsWebApp(settings: settings))
            {
                var fromA = Plain(a);
                var form = await fromA.GetAsync("/Identity/Account/Login");
                var antiforgeryCookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
                var token = AccountsWebApp.Antiforgery(await form.Content.ReadAsStringAsync());

                await using var b = new AccountsWebApp(settings: settings);
                var toB = Plain(b);
                // The form A rendered is posted to B: B must read A's antiforgery cookie and token.
                using var post = new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/Login")
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["Input.Email"] = Demo.Admin,
                        ["Input.Password"] = WorkOrders.Core.Data.DemoData.Password,
                        ["__RequestVerificationToken"] = token,
                        ["ReturnUrl"] = "/",
                    }),
                };
                post.Headers.Add("Cookie", antiforgeryCookie);
                var signedIn = await toB.SendAsync(post);
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
                signInCookie = AccountsWebApp.SignInCookie(signedIn);

                // B's sign-in cookie opens pages on A.
                Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(fromA, "/", signInCookie)).StatusCode);
                Assert.Equal(HttpStatusCode.Redirect, (await GetWithCookieAsync(fromA, "/", ".AspNetCore.Identity.Application=forged")).StatusCode);
                // In the database, not in a folder the two in-process servers happen to share.
                await using var db = await a.DbAsync();
                Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
            }

            // Both servers gone; a new one still reads the cookie.
            await using var restarted = new AccountsWebApp(settings: settings);
            Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(Plain(restarted), "/", signInCookie)).StatusCode);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }

    private static HttpClient Plain(AccountsWebApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
