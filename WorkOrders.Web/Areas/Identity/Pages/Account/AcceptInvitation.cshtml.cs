using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>The link of an invitation e-mail: the invited person chooses a password and is signed in.</summary>
[AllowAnonymous]
public sealed class AcceptInvitationModel(Invitations invitations, UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<AcceptInvitationModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public InvitationView? Invitation { get; private set; }
    public string? Problem { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(100, MinimumLength = 8, ErrorMessage = "The password must have at least 8 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Repeat the password.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [DataType(DataType.Password)]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
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
            foreach (var e in added.Errors) ModelState.AddModelError(string.Empty, e.Description);
            return Page();
        }
        await invitations.CompleteAsync(user.Id, HttpContext.RequestAborted);
        logger.LogInformation("Invitation accepted by user {UserId}", user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect("/");
    }

    private async Task<bool> LoadAsync()
    {
        var found = await invitations.FindAsync(Token, HttpContext.RequestAborted);
        Invitation = found.Value;
        Problem = found.IsOk ? null : found.Message;
        return found.IsOk;
    }
}
