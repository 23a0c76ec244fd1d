using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Accounts;

public sealed record ProfileView(string Email, string DisplayName, string OrganizationName, OrganizationRole Role, bool TwoFactorEnabled, bool TwoFactorRequired, string Culture);

/// <summary>What a person may see and change of their own account. Deleting it is not among them: admins disable accounts.</summary>
public sealed class MyAccount(IDbContextFactory<WorkOrdersDbContext> dbFactory)
{
    public async Task<Result<ProfileView>> GetAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await db.Users.Where(u => u.Id == actor.UserId)
            .Select(u => new ProfileView(u.Email!, u.DisplayName, u.Organization!.Name, u.Role, u.TwoFactorEnabled, u.Organization.RequireTwoFactor, u.Culture ?? Formats.DefaultCulture))
            .FirstOrDefaultAsync(ct);
        return view is null ? Result<ProfileView>.From(Result.NotFound("Your account")) : view;
    }

    public async Task<Result> RenameAsync(Actor actor, string? displayName, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(displayName)) return Result.Invalid("Enter your name.");
        if (displayName.Trim().Length > 200) return Result.Invalid("The name may have at most 200 characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, displayName.Trim()), ct);
        return changed == 1 ? Result.Ok() : Result.NotFound("Your account");
    }

    /// <summary>How dates, times and amounts are written for the person, on screen and in their e-mails and reports.</summary>
    public async Task<Result> SetCultureAsync(Actor actor, string? culture, CancellationToken ct = default)
    {
        if (culture is null || !Formats.Cultures.Contains(culture)) return Result.Invalid(new FieldError("Culture", $"Choose one of {string.Join(", ", Formats.Cultures)}."));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Culture, culture), ct);
        return changed == 1 ? Result.Ok() : Result.NotFound("Your account");
    }

    /// <summary>Whether the screens are drawn dark for this person; read when a page is drawn, so the first paint has the right colours.</summary>
    public async Task<bool> DarkModeAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.DarkMode).FirstOrDefaultAsync(ct);
    }

    /// <summary>Kept with the account, so another browser or device shows the same after sign-in.</summary>
    public async Task<Result> SetDarkModeAsync(Actor actor, bool dark, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DarkMode, dark), ct);
        return changed == 1 ? Result.Ok() : Result.NotFound("Your account");
    }

    /// <summary>Turning the second factor off is refused while the organisation requires it.</summary>
    public async Task<Result> MayTurnOffTwoFactorAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var required = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.RequireTwoFactor).SingleOrDefaultAsync(ct);
        return required ? Result.NotAllowed("Your organisation requires two-factor sign-in; it cannot be turned off.") : Result.Ok();
    }
}
