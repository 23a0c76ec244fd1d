using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>Asks for a reset link. The answer is the same whether or not the address has an account.</summary>
[AllowAnonymous, EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class ForgotPasswordModel(UserManager<AppUser> users, PasswordResetMail mail, AccountRateLimits limits, ILogger<ForgotPasswordModel> logger) : AccountPage
{
    [BindProperty, Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "That is not an e-mail address."), StringLength(256)]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (!limits.TryAcquire("reset", Email)) return AccountRateLimits.TooManyAttempts();
        var user = await users.FindByEmailAsync(Email.Trim());
        // Only people who could sign in get a link; invited people who never chose a password use their invitation.
        if (user is { IsActive: true, PasswordHash: not null })
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            await mail.QueueAsync(user.Id, user.Email!, user.DisplayName, token, HttpContext.RequestAborted);
            logger.LogInformation("Password reset link sent to user {UserId}", user.Id);
        }
        Sent = true;
        return Page();
    }
}
