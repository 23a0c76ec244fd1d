using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace WorkOrders.Tests.TestSupport;

/// <summary>The whole web app over its own fresh SQLite file with demo data, in the Development environment.</summary>
public class WebAppFactory : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "workorders-tests", "web-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataFolder);
        builder.UseEnvironment("Development");
        builder.UseSetting("WorkOrders:DataFolder", DataFolder);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can see them.</summary>
    public HttpClient CreateBrowserlikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real login form; returns the response to the form post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = WorkOrders.Core.Data.DemoData.Password)
    {
        var form = await client.GetStringAsync("/Identity/Account/Login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
            ["ReturnUrl"] = "/",
        }));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is cleaned by the OS.
        }
        GC.SuppressFinalize(this);
    }
}
