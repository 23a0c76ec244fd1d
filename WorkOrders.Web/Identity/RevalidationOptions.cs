using System.ComponentModel.DataAnnotations;

namespace WorkOrders.Web.Identity;

/// <summary>The "WorkOrders:Session" section: how often a signed-in user is re-checked.</summary>
public sealed class RevalidationOptions
{
    public const string Section = "WorkOrders:Session";

    /// <summary>
    /// How often open pages, hub connections and the sign-in cookie re-check that the user is still
    /// enabled and still has their role. Changes made through the app reach open pages at once anyway.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "WorkOrders:Session:RevalidationInterval must lie between 1 second and 1 hour.")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
