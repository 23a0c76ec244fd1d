using Microsoft.Extensions.Options;

namespace WorkOrders.Core.Webhooks;

/// <summary>The "Webhooks" section of the configuration.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Let endpoints on loopback, private, link-local and other non-public addresses be registered and called.
    /// Off by default: otherwise anyone who may register an endpoint could make the server call into its own network.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Whether this instance runs the background sender (each delivery is claimed before it is sent).</summary>
    public bool SendInBackground { get; set; } = true;

    /// <summary>A delivery still not accepted this long after it was written is marked dead.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The wait after the first failed attempt; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>An endpoint that has failed every attempt for this long (and at least <see cref="PauseAfterFailures"/> times) is paused.</summary>
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromDays(1);
    public int PauseAfterFailures { get; set; } = 5;

    /// <summary>After an admin rotates an endpoint's secret, deliveries carry signatures by the old key too for this long.</summary>
    public TimeSpan SecretRotationGrace { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
    public int BatchSize { get; set; } = 50;

    public TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = BaseRetryDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions o)
    {
        var errors = new List<string>();
        if (o.BaseRetryDelay <= TimeSpan.Zero) errors.Add("Webhooks:BaseRetryDelay must be positive.");
        if (o.MaxRetryDelay < o.BaseRetryDelay) errors.Add("Webhooks:MaxRetryDelay must not be shorter than Webhooks:BaseRetryDelay.");
        if (o.GiveUpAfter <= TimeSpan.Zero) errors.Add("Webhooks:GiveUpAfter must be positive.");
        if (o.Timeout <= TimeSpan.Zero || o.Timeout > TimeSpan.FromMinutes(2)) errors.Add("Webhooks:Timeout must be between 0 and 2 minutes.");
        if (o.PollInterval < TimeSpan.FromMilliseconds(100)) errors.Add("Webhooks:PollInterval must be at least 100 ms.");
        if (o.BatchSize is < 1 or > 1000) errors.Add("Webhooks:BatchSize must be between 1 and 1000.");
        if (o.SecretRotationGrace < TimeSpan.Zero || o.SecretRotationGrace > TimeSpan.FromDays(30)) errors.Add("Webhooks:SecretRotationGrace must be between 0 and 30 days.");
        if (o.PauseAfterFailures < 1) errors.Add("Webhooks:PauseAfterFailures must be at least 1.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
