using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>Your own account: name, e-mail, organisation, password and two-factor sign-in. No delete: admins disable accounts.</summary>
public sealed class ProfileModel(MyAccount account, SignInManager<AppUser> signIn) : AccountPage
{
    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Culture { get; set; }

    public ProfileView? Profile { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : RedirectToPage("./Login");

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = ActorClaims.ToActor(User);
        if (actor is null) return RedirectToPage("./Login");
        var renamed = await account.RenameAsync(actor, DisplayName, HttpContext.RequestAborted);
        if (!renamed.IsOk) ModelState.AddModelError(string.Empty, renamed.Message);
        else
        {
            // The name travels in the cookie; a new cookie for the same session carries the new one.
            var user = await signIn.UserManager.GetUserAsync(User);
            if (user is not null) await signIn.RefreshSignInAsync(user);
            Message = "Your name has been saved.";
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCultureAsync()
    {
        var actor = ActorClaims.ToActor(User);
        if (actor is null) return RedirectToPage("./Login");
        var saved = await account.SetCultureAsync(actor, Culture, HttpContext.RequestAborted);
        if (!saved.IsOk) ModelState.AddModelError(nameof(Culture), saved.Message);
        else
        {
            // The culture travels in the cookie, and a page load starts the app in it.
            var user = await signIn.UserManager.GetUserAsync(User);
            if (user is not null) await signIn.RefreshSignInAsync(user);
            Message = "Dates, times and amounts will be written that way.";
        }
        await LoadAsync();
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var actor = ActorClaims.ToActor(User);
        if (actor is null) return false;
        var found = await account.GetAsync(actor, HttpContext.RequestAborted);
        Profile = found.Value;
        if (ModelState.IsValid) (DisplayName, Culture) = (Profile?.DisplayName, Profile?.Culture);
        return found.IsOk;
    }
}
