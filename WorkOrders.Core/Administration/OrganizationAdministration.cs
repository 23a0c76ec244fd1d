using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Administration;

public sealed record OrganizationRow(int Id, string Name, OrganizationKind Kind, string Currency, int Users, int Admins, int Facilities);

/// <summary>A new organisation and the person who will administer it.</summary>
public sealed record NewOrganization(string Name, OrganizationKind Kind, string Currency, string AdminEmail, string AdminName)
{
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("Enter the organisation's name.");
        else if (Name.Trim().Length > 200) errors.Add("The name may have at most 200 characters.");
        if (Kind is not (OrganizationKind.Company or OrganizationKind.ServiceProvider)) errors.Add("Choose company or service provider.");
        if (Kind == OrganizationKind.Company && !Currencies.IsKnown(Currency)) errors.Add("Choose a currency as a three-letter ISO code, such as USD or EUR.");
        errors.AddRange(UserInput.Validate(AdminEmail, AdminName));
        return errors;
    }
}

/// <summary>The system administrator sets up organisations and invites their first admin; everything else is theirs to do.</summary>
public sealed class OrganizationAdministration(IDbContextFactory<WorkOrdersDbContext> dbFactory, Invitations invitations)
{
    public async Task<Result<IReadOnlyList<OrganizationRow>>> ListAsync(Actor actor, string? search = null, CancellationToken ct = default)
    {
        if (!actor.IsSystemAdmin) return Result<IReadOnlyList<OrganizationRow>>.From(NotSystemAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var organizations = db.Organizations.Where(o => o.Kind != OrganizationKind.Operator);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + Like.Escape(search.Trim()) + "%";
            organizations = organizations.Where(o => EF.Functions.Like(o.Name, pattern, Like.EscapeCharacter));
        }
        var rows = await organizations.OrderBy(o => o.Name)
            .Select(o => new OrganizationRow(o.Id, o.Name, o.Kind, o.Currency,
                db.Users.Count(u => u.OrganizationId == o.Id),
                db.Users.Count(u => u.OrganizationId == o.Id && u.Role == OrganizationRole.Admin && u.IsActive),
                db.Facilities.Count(f => f.CompanyId == o.Id)))
            .ToListAsync(ct);
        return Result<IReadOnlyList<OrganizationRow>>.Ok(rows);
    }

    /// <summary>The organisation, its first admin and the invitation e-mail, in one transaction.</summary>
    public async Task<Result<int>> CreateAsync(Actor actor, NewOrganization input, CancellationToken ct = default)
    {
        if (!actor.IsSystemAdmin) return Result<int>.From(NotSystemAdmin);
        var errors = input.Validate();
        if (errors.Count > 0) return Result<int>.From(Result.Invalid(errors));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = input.Name.Trim();
        var lower = name.ToLower();
        if (await db.Organizations.AnyAsync(o => o.Name.ToLower() == lower, ct))
        {
            return Result<int>.From(Result.Invalid($"An organisation named \"{name}\" already exists."));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var currency = input.Kind == OrganizationKind.Company ? input.Currency.Trim().ToUpperInvariant() : "USD";
        var organization = new Organization(name, input.Kind, currency);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(ct);
        var staged = await invitations.StageAsync(db, organization, input.AdminEmail, input.AdminName, OrganizationRole.Admin,
            await UserAdministration.NameOfAsync(db, actor, ct), ct);
        if (!staged.IsOk) return Result<int>.From(staged);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return organization.Id;
    }

    /// <summary>Another admin for an organisation, e.g. when its only admin left before accepting.</summary>
    public async Task<Result<string>> InviteAdminAsync(Actor actor, int organizationId, string email, string displayName, CancellationToken ct = default)
    {
        if (!actor.IsSystemAdmin) return Result<string>.From(NotSystemAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == organizationId && o.Kind != OrganizationKind.Operator, ct);
        if (organization is null) return Result<string>.From(Result.NotFound("The organisation"));
        var staged = await invitations.StageAsync(db, organization, email, displayName, OrganizationRole.Admin,
            await UserAdministration.NameOfAsync(db, actor, ct), ct);
        if (!staged.IsOk) return Result<string>.From(staged);
        await db.SaveChangesAsync(ct);
        return staged.Value!.Id;
    }

    private static Result NotSystemAdmin => Result.NotAllowed("Only the system administrator may manage organisations.");
}

public static class Currencies
{
    private static readonly HashSet<string> Known = System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.SpecificCultures)
        .Select(c => { try { return new System.Globalization.RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>()
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsKnown(string? code) => code is { Length: 3 } && Known.Contains(code.Trim());

    public static IReadOnlyList<string> Common { get; } = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "MXN"];
}
