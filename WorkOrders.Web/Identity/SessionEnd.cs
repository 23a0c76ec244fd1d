using Microsoft.AspNetCore.Components;

namespace WorkOrders.Web.Identity;

/// <summary>Why an open page lost its user.</summary>
public enum SessionEndReason { Disabled, SignedOut }

/// <summary>The one place that knows how a reason travels to the sign-in page and what it says there.</summary>
public static class SessionEnd
{
    public const string SignInPath = "/Identity/Account/Login";

    public static string QueryValue(SessionEndReason reason) => reason switch
    {
        SessionEndReason.Disabled => "disabled",
        _ => "signed-out",
    };

    /// <summary>The sentence the sign-in page shows for a <c>reason</c> query value; null for none or an unknown one.</summary>
    public static string? Message(string? reason) => reason switch
    {
        "disabled" => "Your account was disabled.",
        "signed-out" => "You were signed out.",
        _ => null,
    };

    /// <summary>The sign-in page with the reason, and the page to return to after signing in again.</summary>
    public static string SignInAddress(NavigationManager navigation, SessionEndReason? reason)
    {
        var returnUrl = Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri));
        var why = reason is { } r ? "reason=" + QueryValue(r) + "&" : "";
        return $"{SignInPath}?{why}ReturnUrl={returnUrl}";
    }
}
