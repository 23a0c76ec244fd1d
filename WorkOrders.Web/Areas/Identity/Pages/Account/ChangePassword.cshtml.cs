using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>A new password under the policy; the other devices signed in to this account are signed out.</summary>
public sealed class ChangePasswordModel(SignInManager<AppUser> signIn, UserSessions sessions, ILogger<ChangePasswordModel> logger) : AccountPage
{
    [BindProperty, Required(ErrorMessage = "Enter your current password."), StringLength(1024), DataType(DataType.Password)]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var users = signIn.UserManager;
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("./Login");
        var changed = await users.ChangePasswordAsync(user, CurrentPassword, Input.Password);
        if (!changed.Succeeded)
        {
            if (changed.Errors.Any(e => e.Code == "PasswordMismatch")) ModelState.AddModelError(string.Empty, "The current password is not correct.");
            else AddErrors(changed);
            return Page();
        }
        await sessions.EndOthersAsync(user.Id, WorkOrdersSignInManager.SessionIdOf(User), HttpContext.RequestAborted);
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} changed their password", user.Id);
        Done = true;
        return Page();
    }
}
