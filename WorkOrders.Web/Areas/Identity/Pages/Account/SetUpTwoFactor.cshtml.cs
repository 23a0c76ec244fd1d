using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Sign-in for someone whose organisation requires two-factor sign-in and who has no authenticator
/// yet: the password was right, and the sign-in completes only once an authenticator code is.
/// </summary>
[AllowAnonymous, EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class SetUpTwoFactorModel(SignInManager<AppUser> signInManager, AccountRateLimits limits, ILogger<SetUpTwoFactorModel> logger) : AccountPage
{
    [BindProperty, Required(ErrorMessage = "Enter the code from the app."), StringLength(16)]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public AuthenticatorSetup? Setup { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("./Login");
        if (user.TwoFactorEnabled) return RedirectToPage("./TwoFactor", new { ReturnUrl, RememberMe });
        Setup = await AuthenticatorSetup.ForAsync(signInManager.UserManager, user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("./Login");
        if (user.TwoFactorEnabled) return RedirectToPage("./TwoFactor", new { ReturnUrl, RememberMe });
        var users = signInManager.UserManager;
        if (!limits.TryAcquire("sign-in", user.Email)) return AccountRateLimits.TooManyAttempts();
        var code = AuthenticatorSetup.AsTotpCode(Code);
        if (!ModelState.IsValid || code is null || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(string.Empty, "That code is not correct. Enter the 6 digits the app shows now.");
            Setup = await AuthenticatorSetup.ForAsync(users, user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, AuthenticatorSetup.RecoveryCodeCount))?.ToList() ?? [];
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signInManager.SignInAsync(user, RememberMe, authenticationMethod: "mfa");
        logger.LogInformation("User set up an authenticator at sign-in");
        ReturnUrl = SafeReturnUrl(ReturnUrl);
        return Page();
    }
}
