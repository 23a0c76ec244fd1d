using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>What the account pages share: showing Identity's refusals and the one safe redirect.</summary>
public abstract class AccountPage : PageModel
{
    /// <summary>Said for every failed sign-in, whatever the reason, so the answer tells nothing about the account.</summary>
    public const string SignInFailed =
        "Sign-in failed. Check the e-mail and password. After 5 failed attempts an account is locked for 15 minutes; a disabled account cannot sign in.";

    protected void AddErrors(IdentityResult result)
    {
        foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error.Description);
    }

    protected string SafeReturnUrl(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
