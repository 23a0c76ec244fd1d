using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>Sign-out ends the server-side session, so a copy of the cookie stops working too.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> signInManager, ILogger<LogoutModel> logger) : AccountPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signInManager.SignOutAsync();
        logger.LogInformation("User signed out");
        return RedirectToPage("./Login");
    }
}
