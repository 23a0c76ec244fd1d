using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>The second step of sign-in: a code from the authenticator app or one of the recovery codes.</summary>
[AllowAnonymous, EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class TwoFactorModel(SignInManager<AppUser> signInManager, AccountRateLimits limits, ILogger<TwoFactorModel> logger) : AccountPage
{
    [BindProperty, Required(ErrorMessage = "Enter the code."), StringLength(32)]
    public string Code { get; set; } = "";

    [BindProperty]
    public bool RememberDevice { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("./Login");
        // The organisation requires a second factor this person has not set up yet.
        if (!user.TwoFactorEnabled) return RedirectToPage("./SetUpTwoFactor", new { ReturnUrl, RememberMe });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("./Login");
        if (!ModelState.IsValid) return Page();
        if (!limits.TryAcquire("sign-in", user.Email)) return AccountRateLimits.TooManyAttempts();

        var totp = AuthenticatorSetup.AsTotpCode(Code);
        var result = totp is not null
            ? await signInManager.TwoFactorAuthenticatorSignInAsync(totp, RememberMe, RememberDevice)
            : await signInManager.TwoFactorRecoveryCodeSignInAsync(AuthenticatorSetup.NormalizeCode(Code));
        if (result.Succeeded)
        {
            logger.LogInformation("User signed in with a second factor ({Kind})", totp is null ? "recovery code" : "authenticator");
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? SignInFailed
            : "That code is not correct. Codes change every 30 seconds; check the time on your phone, or use a recovery code.");
        return Page();
    }
}
