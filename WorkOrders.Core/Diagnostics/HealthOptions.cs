using System.ComponentModel.DataAnnotations;

namespace WorkOrders.Core.Diagnostics;

/// <summary>The "WorkOrders:Health" section: what the readiness check tolerates.</summary>
public sealed class HealthOptions
{
    public const string Section = "WorkOrders:Health";

    /// <summary>
    /// The oldest queued e-mail may be this old before the server reports itself not ready: mail that old means the
    /// senders are stuck or the mail server has been refusing for a long time. Messages in back-off count too.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the outbox gauges are refreshed from the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OutboxSampleInterval { get; set; } = TimeSpan.FromSeconds(30);
}
