using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Webhooks;

/// <summary>
/// The events an endpoint may subscribe to. A work order's transitions are named after the actions of the
/// lifecycle table, so a new row there is a new event without further code.
/// </summary>
public static class WebhookEvents
{
    public const string WorkOrderCreated = "work_order.created";
    public const string WorkOrderNoteAdded = "work_order.note_added";
    public const string ActionItemCreated = "action_item.created";
    public const string ActionItemUpdated = "action_item.updated";
    public const string ActionItemClosed = "action_item.closed";

    public static string ForAction(WorkOrderAction action) => "work_order." + action.ToString().ToLowerInvariant();

    public static IReadOnlyList<string> All =>
    [
        WorkOrderCreated,
        .. WorkOrderLifecycle.Rules.Select(r => r.Action).Distinct().Select(ForAction),
        WorkOrderNoteAdded,
        ActionItemCreated, ActionItemUpdated, ActionItemClosed,
    ];
}

/// <summary>
/// The signature of a delivery, as Stripe and GitHub sign theirs: HMAC-SHA256 with the endpoint's secret over
/// "{timestamp}.{body}", sent as <c>WorkOrders-Signature: t={unix seconds},v1={lowercase hex}</c>. The timestamp
/// is signed too, so a receiver can refuse an old message replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "WorkOrders-Signature";
    public const string DeliveryHeader = "WorkOrders-Delivery";
    public const string EventHeader = "WorkOrders-Event";

    public static string Sign(string secret, long timestamp, string body) => Sign([secret], timestamp, body);

    /// <summary>One <c>v1</c> per key (during a secret rotation, the new key's and the old one's), as Stripe does.</summary>
    public static string Sign(IEnumerable<string> secrets, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        var macs = secrets.Select(secret => "v1=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)).ToLowerInvariant());
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},{string.Join(',', macs)}";
    }

    /// <summary>How a receiver checks a delivery: the signature matches and the timestamp is recent.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0].Trim(), p => p[1].Trim());
        if (!long.TryParse(parts["t"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var t)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - t) > tolerance.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, t, body).Split("v1=")[1]);
        return parts["v1"].Any(v => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(v), expected));
    }
}
