using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace WorkOrders.Web.Identity;

/// <summary>The "WorkOrders:RateLimits" section: how many account attempts are let through.</summary>
public sealed class AccountRateLimitOptions
{
    public const string Section = "WorkOrders:RateLimits";

    /// <summary>Form posts to the account pages from one client (IP address) per window.</summary>
    public int PerClientPermits { get; set; } = 30;
    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sign-in attempts for one e-mail address (known or not) per window, from anywhere.</summary>
    public int SignInPerAddressPermits { get; set; } = 10;

    /// <summary>Reset e-mails to one address, and tries of one invitation link, per window.</summary>
    public int ResetPerAddressPermits { get; set; } = 3;
    public int InvitationPerLinkPermits { get; set; } = 10;
    public TimeSpan PerAddressWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Per-address limits, taken by the account pages once they know the address: the same for an
/// address with an account as for one without, so the limit tells nothing about accounts.
/// </summary>
public sealed class AccountRateLimits : IDisposable
{
    public const string Policy = "accounts";
    private readonly PartitionedRateLimiter<string> limiter;

    public AccountRateLimits(IOptions<AccountRateLimitOptions> options)
    {
        var o = options.Value;
        limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("reset:", StringComparison.Ordinal) ? o.ResetPerAddressPermits
                : k.StartsWith("invitation:", StringComparison.Ordinal) ? o.InvitationPerLinkPermits
                : o.SignInPerAddressPermits,
            Window = o.PerAddressWindow,
            SegmentsPerWindow = 5,
            QueueLimit = 0,
        }));
    }

    /// <summary>False when this address (or link) has had its attempts for now.</summary>
    public bool TryAcquire(string action, string? address)
    {
        using var lease = limiter.AttemptAcquire($"{action}:{(address ?? "").Trim().ToUpperInvariant()}");
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>The answer when a limit is reached: a page that says what happened and what to do.</summary>
    public static ContentResult TooManyAttempts() => new()
    {
        StatusCode = StatusCodes.Status429TooManyRequests,
        ContentType = "text/html; charset=utf-8",
        Content = TooManyAttemptsHtml,
    };

    public const string TooManyAttemptsHtml = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
        <title>Too many attempts · WorkOrders</title><link rel="stylesheet" href="/css/login.css" /></head>
        <body><main class="login"><section class="card"><h1>WorkOrders</h1>
        <p class="lead" role="alert">Too many attempts in a short time. Wait a few minutes, then try again.</p>
        <p><a href="/Identity/Account/Login">Back to sign-in</a></p>
        </section></main></body></html>
        """;
}

public static class AccountRateLimiterRegistration
{
    /// <summary>The per-client limit on the account pages' form posts (pages opt in with [EnableRateLimiting]).</summary>
    public static IServiceCollection AddAccountRateLimiter(this IServiceCollection services)
    {
        services.AddOptions<AccountRateLimitOptions>().BindConfiguration(AccountRateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync(AccountRateLimits.TooManyAttemptsHtml, ct);
            };
            limiter.AddPolicy(AccountRateLimits.Policy, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
                var o = http.RequestServices.GetRequiredService<IOptions<AccountRateLimitOptions>>().Value;
                var client = http.Connection.RemoteIpAddress ?? IPAddress.None;
                return RateLimitPartition.GetFixedWindowLimiter(client.ToString(), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = o.PerClientPermits,
                    Window = o.PerClientWindow,
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }
}
