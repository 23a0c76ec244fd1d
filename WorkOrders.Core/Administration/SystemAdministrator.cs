using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

/// <summary>The "WorkOrders:SystemAdmin" section. With no e-mail configured there is no system administrator.</summary>
public sealed class SystemAdminOptions : IValidatableObject
{
    public const string Section = "WorkOrders:SystemAdmin";

    [EmailAddress]
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string DisplayName { get; set; } = "System administrator";

    /// <summary>The organisation that holds the system administrator; it owns no facilities and sees no tenant's data.</summary>
    public string OrganizationName { get; set; } = "WorkOrders operations";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Password))
        {
            yield return new ValidationResult("WorkOrders:SystemAdmin:Password is required when an e-mail is configured.", [nameof(Password)]);
        }
        else if (!string.IsNullOrWhiteSpace(Email))
        {
            // The same policy as every other password: a weak operator password stops the start, not a person later.
            foreach (var problem in PasswordPolicy.Check(Password))
            {
                yield return new ValidationResult($"WorkOrders:SystemAdmin:Password is refused by the password policy: {problem}", [nameof(Password)]);
            }
        }
    }
}

/// <summary>
/// Creates the configured system administrator, in an organisation of kind Operator, when no user
/// with that e-mail exists. An existing user is left alone: the password is only the first one.
/// </summary>
public static class SystemAdministrator
{
    public static async Task<bool> EnsureAsync(WorkOrdersDbContext db, SystemAdminOptions options, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(options.Email) || string.IsNullOrWhiteSpace(options.Password)) return false;
        var email = options.Email.Trim();
        var normalized = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized || u.NormalizedUserName == normalized, ct)) return false;

        var operatorOrg = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Operator, ct);
        if (operatorOrg is null)
        {
            operatorOrg = new Organization(options.OrganizationName, OrganizationKind.Operator);
            db.Organizations.Add(operatorOrg);
            await db.SaveChangesAsync(ct);
        }
        var user = new AppUser
        {
            UserName = email,
            NormalizedUserName = normalized,
            Email = email,
            NormalizedEmail = normalized,
            EmailConfirmed = true,
            DisplayName = options.DisplayName,
            OrganizationId = operatorOrg.Id,
            Role = OrganizationRole.Admin,
            IsSystemAdmin = true,
            SecurityStamp = Invitations.NewStamp(),
            LockoutEnabled = true,
        };
        user.PasswordHash = PasswordPolicy.CreateHasher().HashPassword(user, options.Password);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
