using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Two-factor sign-in with an authenticator app: set up (QR code, verify a code), new recovery
/// codes, turn off (not while the organisation requires it). Each change signs out other devices.
/// </summary>
public sealed class AuthenticatorModel(SignInManager<AppUser> signIn, MyAccount account, UserSessions sessions, ILogger<AuthenticatorModel> logger) : AccountPage
{
    [BindProperty, StringLength(16)]
    public string? Code { get; set; }

    public bool Enabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public AuthenticatorSetup? Setup { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public string? Message { get; private set; }

    private UserManager<AppUser> Users => signIn.UserManager;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return RedirectToPage("./Login");
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return RedirectToPage("./Login");
        var code = AuthenticatorSetup.AsTotpCode(Code);
        if (user.TwoFactorEnabled) return RedirectToPage();
        if (code is null || !await Users.VerifyTwoFactorTokenAsync(user, Users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(string.Empty, "That code is not correct. Enter the 6 digits the app shows now.");
            await LoadAsync(user);
            return Page();
        }
        await Users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, AuthenticatorSetup.RecoveryCodeCount))?.ToList() ?? [];
        await AfterChangeAsync(user, "turned on two-factor sign-in");
        Message = "Two-factor sign-in is on.";
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return RedirectToPage("./Login");
        if (!user.TwoFactorEnabled) return RedirectToPage();
        RecoveryCodes = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, AuthenticatorSetup.RecoveryCodeCount))?.ToList() ?? [];
        Message = "New recovery codes: the old ones no longer work.";
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await Users.GetUserAsync(User);
        var actor = ActorClaims.ToActor(User);
        if (user is null || actor is null) return RedirectToPage("./Login");
        var allowed = await account.MayTurnOffTwoFactorAsync(actor, HttpContext.RequestAborted);
        if (!allowed.IsOk)
        {
            ModelState.AddModelError(string.Empty, allowed.Message);
        }
        else if (user.TwoFactorEnabled)
        {
            await Users.SetTwoFactorEnabledAsync(user, false);
            await Users.ResetAuthenticatorKeyAsync(user);
            await signIn.ForgetTwoFactorClientAsync();
            await AfterChangeAsync(user, "turned off two-factor sign-in");
            Message = "Two-factor sign-in is off.";
        }
        await LoadAsync(user);
        return Page();
    }

    private async Task AfterChangeAsync(AppUser user, string what)
    {
        await sessions.EndOthersAsync(user.Id, WorkOrdersSignInManager.SessionIdOf(User), HttpContext.RequestAborted);
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} {What}", user.Id, what);
    }

    private async Task LoadAsync(AppUser user)
    {
        Enabled = await Users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = Enabled ? await Users.CountRecoveryCodesAsync(user) : 0;
        Setup = Enabled ? null : await AuthenticatorSetup.ForAsync(Users, user);
    }
}
