using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace WorkOrders.Web.Areas.Identity.Pages.Account;

/// <summary>There is no self-registration: people join through an admin's invitation.</summary>
[AllowAnonymous]
public sealed class RegisterModel : PageModel
{
    public IActionResult OnGet() => NotFound();
    public IActionResult OnPost() => NotFound();
}
