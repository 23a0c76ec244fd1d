using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>The link of an invitation e-mail: the invited person chooses a password and is signed in.</summary>
[AllowAnonymous, EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class AcceptInvitationModel(Invitations invitations, UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountRateLimits limits, ILogger<AcceptInvitationModel> logger) : AccountPage
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public InvitationView? Invitation { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!limits.TryAcquire("invitation", Token)) return AccountRateLimits.TooManyAttempts();
        if (!await LoadAsync()) return Page();
        if (!ModelState.IsValid) return Page();

        var user = await users.FindByIdAsync(Invitation!.UserId);
        if (user is null)
        {
            Problem = "This invitation link is not valid any more. Ask your admin for a new one.";
            return Page();
        }
        var added = await users.AddPasswordAsync(user, Input.Password);
        if (!added.Succeeded)
        {
            AddErrors(added);
            return Page();
        }
        await invitations.CompleteAsync(user.Id, HttpContext.RequestAborted);
        logger.LogInformation("Invitation accepted by user {UserId}", user.Id);
        // Through the ordinary sign-in, so an organisation that requires a second factor gets it set up first.
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: false);
        if (result.RequiresTwoFactor) return RedirectToPage("./TwoFactor", new { ReturnUrl = "/" });
        return result.Succeeded ? LocalRedirect("/") : RedirectToPage("./Login");
    }

    private async Task<bool> LoadAsync()
    {
        var found = await invitations.FindAsync(Token, HttpContext.RequestAborted);
        Invitation = found.Value;
        Problem = found.IsOk ? null : found.Message;
        return found.IsOk;
    }
}
