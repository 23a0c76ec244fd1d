using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WorkOrders.LoadDriver;

/// <summary>
/// One signed-in user, as a browser holds it: the Identity cookie got through the real sign-in form
/// (with its antiforgery token). Many circuits may share one session, as tabs of one browser do.
/// </summary>
public sealed partial class SignedInSession : IDisposable
{
    private SignedInSession(Uri baseUri, CookieContainer cookies, HttpClient http, string email)
    {
        BaseUri = baseUri;
        Cookies = cookies;
        Http = http;
        Email = email;
    }

    public Uri BaseUri { get; }
    public CookieContainer Cookies { get; }
    public HttpClient Http { get; }
    public string Email { get; }

    public static async Task<SignedInSession> SignInAsync(Uri baseUri, string email, string password, CancellationToken ct = default)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var form = await http.GetStringAsync("Identity/Account/Login", ct);
        var token = AntiforgeryField().Match(form);
        if (!token.Success) throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        using var response = await http.PostAsync("Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["ReturnUrl"] = "/",
        }), ct);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString().Contains("Login", StringComparison.OrdinalIgnoreCase) == true)
        {
            http.Dispose();
            throw new InvalidOperationException($"Signing in as {email} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }
        return new SignedInSession(baseUri, cookies, http, email);
    }

    /// <summary>GETs a page as a browser navigation does and reads the interactive components it prerendered.</summary>
    public async Task<PrerenderedPage> GetPageAsync(string path, CancellationToken ct = default)
    {
        var url = new Uri(BaseUri, path.TrimStart('/'));
        using var response = await Http.GetAsync(url, ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}");
        return PrerenderedPage.Parse(url, await response.Content.ReadAsStringAsync(ct));
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>
/// The server components a page prerendered (the opening <c>&lt;!--Blazor:{…}--&gt;</c> comments, in page order)
/// and the persisted component state the circuit must be started with.
/// </summary>
public sealed partial record PrerenderedPage(Uri Url, IReadOnlyList<JsonObject> ServerComponents, string ApplicationState)
{
    public static PrerenderedPage Parse(Uri url, string html)
    {
        var components = new List<JsonObject>();
        foreach (Match m in ComponentComment().Matches(html))
        {
            if (JsonNode.Parse(m.Groups[1].Value) is JsonObject marker && (string?)marker["type"] == "server") components.Add(marker);
        }
        var state = StateComment().Match(html);
        return new PrerenderedPage(url, components.OrderBy(c => (int?)c["sequence"] ?? 0).ToList(), state.Success ? state.Groups[1].Value : "");
    }

    /// <summary>The "add" operations blazor.web.js sends once the circuit is started.</summary>
    public string RootComponentOperations(long batchId) =>
        new JsonObject
        {
            ["batchId"] = batchId,
            ["operations"] = new JsonArray(ServerComponents.Select((marker, i) => (JsonNode)new JsonObject
            {
                ["type"] = "add",
                ["ssrComponentId"] = i + 1,
                ["marker"] = marker.DeepClone(),
            }).ToArray()),
        }.ToJsonString(new JsonSerializerOptions());

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex ComponentComment();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex StateComment();
}
