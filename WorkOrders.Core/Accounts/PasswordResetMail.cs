using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Email;

namespace WorkOrders.Core.Accounts;

/// <summary>The "choose a new password" e-mail, written to the outbox like every other e-mail.</summary>
public sealed class PasswordResetMail(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, IOptions<WorkOrdersOptions> options, OutboxSignal signal)
{
    /// <summary>How long a reset link works (also Identity's token lifespan); a used link stops working at once.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(2);

    public async Task QueueAsync(string userId, string email, string name, string token, CancellationToken ct = default)
    {
        var code = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/Identity/Account/ResetPassword?user={Uri.EscapeDataString(userId)}&code={code}";
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var culture = await db.Users.Where(u => u.Id == userId).Select(u => u.Culture).FirstOrDefaultAsync(ct);
        var mail = Render(name, link, now + LinkLifetime, Formats.Culture(culture));
        db.Outbox.Add(new OutboxMessage(email, name, mail.Subject, mail.Text, mail.Html, now, userId));
        await db.SaveChangesAsync(ct);
        signal.Wake();
    }

    /// <summary>The token of a link's code, or null when the code is malformed.</summary>
    public static string? TokenOf(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 2048) return null;
        var base64 = code.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? System.Text.Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    /// <summary>The e-mail in the account's culture (<see cref="Formats"/>); the link's end is written in UTC.</summary>
    public static RenderedEmail Render(string name, string link, DateTimeOffset expiresAt, CultureInfo culture)
    {
        const string subject = "Choose a new WorkOrders password";
        const string summary = "Someone asked to reset the password of your WorkOrders account.";
        var until = $"{Formats.DateTime(expiresAt.UtcDateTime, culture)} UTC";
        var text = $"Hello {name},\n\n{summary}\n\nChoose a new password here (the link works once, until {until}):\n{link}\n\nIf it was not you, ignore this message: your password stays as it is.\n";
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family:Roboto,Arial,sans-serif;color:#1f2937">
            <p style="font-size:16px">Hello {E(name)},</p>
            <p>{E(summary)}</p>
            <p><a href="{E(link)}" style="display:inline-block;padding:10px 16px;background:#1565c0;color:#fff;text-decoration:none;border-radius:4px">Choose a new password</a></p>
            <p style="color:#6b7280">The link works once, until {E(until)}. If it was not you, ignore this message: your password stays as it is.</p>
            </body></html>
            """;
        return new RenderedEmail(subject, summary, text, html);
    }
}
