using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace WorkOrders.Core.Email;

public enum SmtpSecurity { None, StartTls, SslOnConnect, Auto }

/// <summary>The "Email" section of the configuration.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Empty: no SMTP server; messages are written as .eml files into <see cref="PickupFolder"/>.</summary>
    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Empty: the server is used without authentication.</summary>
    public string? UserName { get; set; }
    public string? Password { get; set; }

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "workorders@localhost.localdomain";

    [Required]
    public string FromName { get; set; } = "WorkOrders";

    /// <summary>Relative to the content root; empty means &lt;DataFolder&gt;/mail-pickup.</summary>
    public string? PickupFolder { get; set; }

    /// <summary>A message still not delivered this long after it was written is marked dead.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The wait after the first failed attempt; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How often the sender looks for due retries when nothing new wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>SMTP connect and command timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether this instance runs the background sender. Several instances may all send (each message is
    /// claimed before it is sent); turn it off where a process should only write the outbox.
    /// </summary>
    public bool SendInBackground { get; set; } = true;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);

    /// <summary>The delay before attempt number <paramref name="attempts"/> + 1.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = BaseRetryDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>The checks data annotations cannot express.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions o)
    {
        var errors = new List<string>();
        if (o.BaseRetryDelay <= TimeSpan.Zero) errors.Add("Email:BaseRetryDelay must be positive.");
        if (o.MaxRetryDelay < o.BaseRetryDelay) errors.Add("Email:MaxRetryDelay must not be shorter than Email:BaseRetryDelay.");
        if (o.GiveUpAfter <= TimeSpan.Zero) errors.Add("Email:GiveUpAfter must be positive.");
        if (o.PollInterval < TimeSpan.FromMilliseconds(100)) errors.Add("Email:PollInterval must be at least 100 ms.");
        if (o.Timeout <= TimeSpan.Zero) errors.Add("Email:Timeout must be positive.");
        if (!string.IsNullOrEmpty(o.UserName) && string.IsNullOrEmpty(o.Password))
        {
            errors.Add("Email:Password is required when Email:UserName is set.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
