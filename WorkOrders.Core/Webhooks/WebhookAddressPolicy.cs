using System.Net;
using System.Net.Sockets;

namespace WorkOrders.Core.Webhooks;

/// <summary>
/// Which addresses a webhook may go to. Unless configuration allows private addresses, only public
/// unicast addresses: no loopback, private, link-local (cloud metadata lives there), shared, multicast or
/// reserved ranges. Checked on the URL when an endpoint is registered and again on every address the name
/// resolves to when connecting, so a name that later points inside (DNS rebinding) is refused too.
/// </summary>
public static class WebhookAddressPolicy
{
    public const int MaxUrlLength = 2000;

    /// <summary>What is wrong with the URL, or null when it may be registered.</summary>
    public static string? Problem(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url)) return "Enter the endpoint's URL.";
        if (url.Length > MaxUrlLength) return $"The URL may have at most {MaxUrlLength} characters.";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Enter an absolute http:// or https:// URL.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "The URL may not contain a user name or password; sign with the secret instead.";
        if (allowPrivate) return null;
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "Addresses on this server or a private network are not allowed.";
        }
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && !IsPublic(ip)) return "Addresses on this server or a private network are not allowed.";
        return null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                     || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                     || (b[0] == 169 && b[1] == 254)
                     || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                     || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return false;
            var b = address.GetAddressBytes();
            if ((b[0] & 0xFE) == 0xFC) return false; // unique local fc00::/7
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) return IsPublic(new IPAddress(b[12..])); // NAT64 64:ff9b::/96
            if (b[0] == 0x20 && b[1] == 0x02) return IsPublic(new IPAddress(b[2..6])); // 6to4 2002::/16
            return true;
        }
        return false;
    }
}
