using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>The link of a reset e-mail: a new password under the policy; every session of the account ends.</summary>
[AllowAnonymous, EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class ResetPasswordModel(UserManager<AppUser> users, UserSessions sessions, AccountRateLimits limits, ILogger<ResetPasswordModel> logger) : AccountPage
{
    public const string LinkInvalid = "This link is not valid any more. Ask for a new one.";

    [BindProperty(Name = "user", SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public bool Done { get; private set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (!limits.TryAcquire("reset", UserId)) return AccountRateLimits.TooManyAttempts();
        var token = PasswordResetMail.TokenOf(Code);
        var user = string.IsNullOrEmpty(UserId) || UserId.Length > 450 ? null : await users.FindByIdAsync(UserId);
        if (user is null || token is null || !user.IsActive)
        {
            ModelState.AddModelError(string.Empty, LinkInvalid);
            return Page();
        }
        var reset = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!reset.Succeeded)
        {
            if (reset.Errors.Any(e => e.Code == "InvalidToken")) ModelState.AddModelError(string.Empty, LinkInvalid);
            else AddErrors(reset);
            return Page();
        }
        // Whoever knew the old password is signed out everywhere; a lockout from guessing ends too.
        await sessions.EndOthersAsync(user.Id, keepSessionId: null, HttpContext.RequestAborted);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("Password reset by user {UserId}", user.Id);
        Done = true;
        return Page();
    }
}

/// <summary>A new password and its repetition; the policy itself is checked by Identity's validator.</summary>
public sealed class NewPasswordInput
{
    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(PasswordPolicy.MaxLength, ErrorMessage = "The password may have at most 128 characters.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the password.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";
}
