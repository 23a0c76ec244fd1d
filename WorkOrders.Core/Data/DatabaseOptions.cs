using System.ComponentModel.DataAnnotations;

namespace WorkOrders.Core.Data;

public enum DatabaseProvider { Sqlite, PostgreSQL }

/// <summary>
/// The "WorkOrders:Database" section: which engine holds the data. SQLite (a file in the data folder,
/// nothing to install) unless PostgreSQL is named together with <c>ConnectionStrings:WorkOrders</c>.
/// </summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "WorkOrders:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Bound from <c>ConnectionStrings:WorkOrders</c>, not from this section.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == DatabaseProvider.PostgreSQL && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "WorkOrders:Database:Provider is PostgreSQL but ConnectionStrings:WorkOrders is empty: name the server, e.g. \"Host=db;Database=workorders;Username=workorders;Password=...\".",
                [nameof(ConnectionString)]);
        }
    }
}
