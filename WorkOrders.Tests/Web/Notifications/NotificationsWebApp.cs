using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;

namespace WorkOrders.Tests.Web.Notifications;

/// <summary>The whole web app in memory, on a fresh SQLite file with the demo data.</summary>
public sealed partial class NotificationsWebApp(Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<Program>
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "workorders-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Folder);
        builder.UseEnvironment("Development");
        builder.UseSetting("WorkOrders:DataFolder", Folder);
        builder.UseSetting("Email:SendInBackground", "false");
        if (configureServices is not null) builder.ConfigureTestServices(configureServices);
    }

    /// <summary>Signs in through the login page and returns the cookie header of the session.</summary>
    public async Task<string> SignInAsync(string email)
    {
        var cookies = new CookieContainer();
        using var client = CreateDefaultClient(new CookieContainerHandler(cookies));
        var page = await client.GetStringAsync("/Identity/Account/Login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        using var response = await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = WorkOrders.Core.Data.DemoData.Password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in of {email} failed: {response.StatusCode}");
        return cookies.GetCookieHeader(Server.BaseAddress);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing background task; the temp folder is cleaned by the OS.
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
