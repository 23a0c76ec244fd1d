using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

/// <summary>
/// An invitation an admin sent to an address that already has an account in another organisation. Nobody can
/// accept it (the address's owner is told instead); it exists so the inviting admin sees and manages it exactly
/// like any other invitation nobody has accepted yet, and so learns nothing about other organisations' people.
/// </summary>
public sealed class OutsideInvitation
{
    /// <summary>Rows of the users list carry this before the number, so they never collide with a user's id.</summary>
    public const string IdPrefix = "invitation-";

    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public OrganizationRole Role { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset InvitedAt { get; set; }

    public string RowId => IdPrefix + Id;

    public static int? ParseRowId(string rowId) =>
        rowId.StartsWith(IdPrefix, StringComparison.Ordinal) && int.TryParse(rowId.AsSpan(IdPrefix.Length), out var id) ? id : null;
}
