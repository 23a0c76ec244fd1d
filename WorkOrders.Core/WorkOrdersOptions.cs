using System.ComponentModel.DataAnnotations;

namespace WorkOrders.Core;

/// <summary>The "WorkOrders" section of the configuration.</summary>
public sealed class WorkOrdersOptions
{
    public const string Section = "WorkOrders";

    /// <summary>Where the SQLite file and the e-mail pickup folder live; relative to the app's content root.</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>The address people open the app at; used for links in e-mails and calendar feeds.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>
    /// Seed the demo organisations, users and work orders (all with one published password) into an
    /// empty database. Unset: only in the Development environment; anywhere else only when set to true.
    /// </summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>Whether this start seeds the demo data (into an empty database).</summary>
    public bool ShouldSeedDemoData(string environmentName) =>
        SeedDemoData ?? string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase);
}
