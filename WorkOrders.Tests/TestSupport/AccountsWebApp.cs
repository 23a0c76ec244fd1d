using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkOrders.Core.Data;

namespace WorkOrders.Tests.TestSupport;

/// <summary>
/// The web app for the account tests: Development with the demo data unless told otherwise, rate
/// limits high (tests that prove them set their own), optionally a fake clock.
/// </summary>
public sealed partial class AccountsWebApp(string environment = "Development", IDictionary<string, string?>? settings = null, TimeProvider? clock = null) : WebAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(environment);
        builder.UseSetting("Email:SendInBackground", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("WorkOrders:RateLimits:PerClientPermits", "100000");
        builder.UseSetting("WorkOrders:RateLimits:SignInPerAddressPermits", "100000");
        builder.UseSetting("WorkOrders:RateLimits:ResetPerAddressPermits", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (clock is not null) builder.ConfigureTestServices(s => s.AddSingleton(clock));
    }

    public HttpClient Browser() => CreateBrowserlikeClient();

    public async Task<WorkOrdersDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<WorkOrdersDbContext>>().CreateDbContextAsync();

    /// <summary>Posts a form of the page at <paramref name="path"/> with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? postPath = null)
    {
        var page = await client.GetStringAsync(path);
        fields["__RequestVerificationToken"] = Antiforgery(page);
        return await client.PostAsync(postPath ?? path, new FormUrlEncodedContent(fields));
    }

    public static string Antiforgery(string html) => AntiforgeryPattern().Match(html).Groups[1].Value;

    /// <summary>The sign-in cookie a response set, as a Cookie header value.</summary>
    public static string SignInCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));

    public static string Text(string html) => WebUtility.HtmlDecode(html);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();
}

/// <summary>RFC 6238 time-based codes, as an authenticator app computes them: HMAC-SHA1 over 30-second steps, 6 digits.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key);
        var counter = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=')))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
