using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Webhooks;
using WorkOrders.Core.Orders;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Webhooks;

/// <summary>
/// Runs the openssl check of docs/api.md, read from the document itself so the two cannot drift, against the headers
/// and body of a real delivery received by a real listener.
/// </summary>
public abstract partial class WebhookSignatureScriptTests : DatabaseTest, IAsyncLifetime
{
    private CoreHost host = default!;
    private WebhookListener listener = default!;
    private string folder = default!;

    public async Task InitializeAsync()
    {
        host = await StartCoreAsync(settings: new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:SendInBackground"] = "false",
        });
        listener = await WebhookListener.StartAsync();
        folder = Directory.CreateTempSubdirectory("wo-sigscript-").FullName;
    }

    public async Task DisposeAsync()
    {
        await listener.DisposeAsync();
        await host.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task DocumentedSnippet_RealDelivery_ValidOnlyWithTheSecretTheUntouchedBodyAndAFreshTimestamp()
    {
        var secret = await RegisterAndDeliverAsync();
        var delivery = Assert.Single(listener.Requests);
        var t = long.Parse(TimestampOf().Match(delivery.Signature).Groups[1].Value);

        Assert.Equal("valid", await RunSnippetAsync(secret, delivery.Signature, delivery.Body, now: t + 60));
        Assert.Equal("invalid", await RunSnippetAsync(secret + "x", delivery.Signature, delivery.Body, now: t + 60));
        Assert.Equal("invalid", await RunSnippetAsync(secret, delivery.Signature, delivery.Body.Replace("Snippet", "Snippey"), now: t + 60));
        Assert.Equal("invalid", await RunSnippetAsync(secret, delivery.Signature, delivery.Body, now: t + 600));
    }

    [Fact]
    public async Task DocumentedSnippet_DuringSecretRotation_ValidWithTheOldSecretAndWithTheNew()
    {
        var old = await RegisterAndDeliverAsync();
        var admin = await host.ActorAsync(Demo.Admin);
        var endpointId = (await host.Get<WebhookAdmin>().ListEndpointsAsync(admin)).Value!.Single().Id;
        var rotated = (await host.Get<WebhookAdmin>().RotateSecretAsync(admin, endpointId)).Value!;
        await NewItemAsync();
        await host.Get<WebhookSender>().SendDueAsync();
        var delivery = listener.Requests.Last();
        var t = long.Parse(TimestampOf().Match(delivery.Signature).Groups[1].Value);

        Assert.Equal("valid", await RunSnippetAsync(old, delivery.Signature, delivery.Body, now: t + 1));
        Assert.Equal("valid", await RunSnippetAsync(rotated, delivery.Signature, delivery.Body, now: t + 1));
        Assert.Equal("invalid", await RunSnippetAsync(rotated + "x", delivery.Signature, delivery.Body, now: t + 1));
    }

    private async Task<string> RegisterAndDeliverAsync()
    {
        var created = await host.Get<WebhookAdmin>().CreateEndpointAsync(await host.ActorAsync(Demo.Admin), listener.Url, "script", [WebhookEvents.ActionItemCreated]);
        Assert.True(created.IsOk, created.Message);
        await NewItemAsync();
        Assert.Equal(1, (await host.Get<WebhookSender>().SendDueAsync()).Delivered);
        return created.Value!.Secret;
    }

    private async Task NewItemAsync()
    {
        await using var db = await host.DbAsync();
        var facility = await db.Facilities.Where(f => f.Name.StartsWith("Station 12")).Select(f => f.Id).SingleAsync();
        var item = await host.Get<ActionItemService>().CreateAsync(await host.ActorAsync(Demo.Dispatcher), facility,
            new ActionItemInput("Snippet check " + Guid.NewGuid(), null, Priority.High, null, null));
        Assert.True(item.IsOk, item.Message);
    }

    /// <summary>The snippet as the document has it, with the receiver's clock set by a shell function named <c>date</c>.</summary>
    private async Task<string> RunSnippetAsync(string secret, string header, string body, long now)
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "api.md"));
        var snippet = SnippetOf().Match(docs);
        Assert.True(snippet.Success, "docs/api.md has no bash block under \"### Verifying a signature\".");
        await File.WriteAllTextAsync(Path.Combine(folder, "body.json"), body);
        await File.WriteAllTextAsync(Path.Combine(folder, "check.sh"), $"date() {{ echo {now}; }}\n" + snippet.Groups[1].Value);

        var start = new ProcessStartInfo("bash", ["check.sh"]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SECRET"] = secret;
        start.Environment["HEADER"] = header;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(error.Length == 0, "The snippet wrote to stderr: " + error);
        return output.Trim();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WorkOrders.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("WorkOrders.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"### Verifying a signature\s*```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetOf();

    [GeneratedRegex(@"^t=(\d+),")]
    private static partial Regex TimestampOf();

    public sealed class OnSqlite : WebhookSignatureScriptTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
    public sealed class OnPostgreSQL : WebhookSignatureScriptTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
}
