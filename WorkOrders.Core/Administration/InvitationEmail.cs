using System.Globalization;
using System.Net;
using WorkOrders.Core.Common;
using WorkOrders.Core.Email;

namespace WorkOrders.Core.Administration;

public static class InvitationEmail
{
    /// <summary>The invitation in the invited account's culture (none chosen yet is en-US, <see cref="Formats.Culture"/>).</summary>
    public static RenderedEmail Render(string name, string organization, string invitedBy, string link, DateTimeOffset expiresAt, CultureInfo culture)
    {
        var subject = Subject(organization);
        var summary = $"{invitedBy} invited you to work with {organization} in WorkOrders.";
        var until = Formats.Date(DateOnly.FromDateTime(expiresAt.UtcDateTime), culture);
        var text = $"Hello {name},\n\n{summary}\n\nChoose your password here (the link works until {until}):\n{link}\n";
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family:Roboto,Arial,sans-serif;color:#1f2937">
            <p style="font-size:16px">Hello {E(name)},</p>
            <p>{E(summary)}</p>
            <p><a href="{E(link)}" style="display:inline-block;padding:10px 16px;background:#1565c0;color:#fff;text-decoration:none;border-radius:4px">Choose your password</a></p>
            <p style="color:#6b7280">The link works until {E(until)}.</p>
            </body></html>
            """;
        return new RenderedEmail(subject, summary, text, html);
    }

    /// <summary>Also what the inviting admin's outbox shows for an invitation of an address that has an account elsewhere.</summary>
    public static string Subject(string organization) => $"You are invited to WorkOrders for {organization}";

    /// <summary>To the owner of an address that another organisation tried to invite: nothing changed.</summary>
    public static RenderedEmail RenderAlreadyRegistered(string name, string organization, string invitedBy)
    {
        var subject = $"{organization} tried to invite you to WorkOrders";
        var summary = $"{invitedBy} of {organization} invited this address, which already has a WorkOrders account. Nothing was changed.";
        var text = $"Hello {name},\n\n{summary}\n\nAn address can belong to one organisation only. If you should work with {organization}, give them another address. If you did not expect this, you can ignore this message.\n";
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family:Roboto,Arial,sans-serif;color:#1f2937">
            <p style="font-size:16px">Hello {E(name)},</p>
            <p>{E(summary)}</p>
            <p>An address can belong to one organisation only. If you should work with {E(organization)}, give them another address. If you did not expect this, you can ignore this message.</p>
            </body></html>
            """;
        return new RenderedEmail(subject, summary, text, html);
    }
}
