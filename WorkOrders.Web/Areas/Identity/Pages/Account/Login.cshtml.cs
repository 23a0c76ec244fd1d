using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using WorkOrders.Core;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Identity;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>Sign-in: one answer for every failure, limited per address and per client; demo logins listed in Development.</summary>
[AllowAnonymous, EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class LoginModel(SignInManager<AppUser> signInManager, AccountRateLimits limits, IWebHostEnvironment environment, IOptions<WorkOrdersOptions> options, ILogger<LoginModel> logger) : AccountPage
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<DemoData.DemoLogin> DemoLogins =>
        environment.IsDevelopment() && options.Value.ShouldSeedDemoData(environment.EnvironmentName) ? DemoData.Logins : [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "That is not an e-mail address.")]
        [StringLength(256)]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(1024)]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync() => await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);

    public async Task<IActionResult> OnPostAsync()
    {
        var returnUrl = SafeReturnUrl(ReturnUrl);
        if (!ModelState.IsValid) return Page();
        if (!limits.TryAcquire("sign-in", Input.Email)) return AccountRateLimits.TooManyAttempts();

        var result = await signInManager.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User signed in");
            return LocalRedirect(returnUrl);
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./TwoFactor", new { ReturnUrl = returnUrl, RememberMe = Input.RememberMe });
        }
        ModelState.AddModelError(string.Empty, SignInFailed);
        return Page();
    }
}
