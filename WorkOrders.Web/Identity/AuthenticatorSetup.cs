using System.Text;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>What a person needs to add WorkOrders to an authenticator app: the key and its QR code.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string QrSvg)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The user's key (a new one when there is none yet), grouped for typing, and the otpauth URI as an SVG QR code.</summary>
    public static async Task<AuthenticatorSetup> ForAsync(UserManager<AppUser> users, AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was stored.");
        }
        var email = await users.GetEmailAsync(user) ?? user.UserName ?? user.Id;
        var uri = $"otpauth://totp/{Uri.EscapeDataString("WorkOrders:" + email)}?secret={key}&issuer=WorkOrders&digits=6";
        using var data = new QRCodeGenerator().CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new AuthenticatorSetup(Group(key), svg);
    }

    /// <summary>What people type, without spaces.</summary>
    public static string NormalizeCode(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();

    /// <summary>The six digits of an authenticator code ("123 456" and "123-456" too), or null when it is not one.</summary>
    public static string? AsTotpCode(string? code)
    {
        var digits = NormalizeCode(code).Replace("-", "", StringComparison.Ordinal);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    private static string Group(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) grouped.Append(' ');
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return grouped.ToString().ToLowerInvariant();
    }
}
