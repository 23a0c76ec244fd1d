using System.Globalization;

namespace WorkOrders.Web.Components.Shared;

/// <summary>
/// An id taken from the address bar. Query values arrive as text so that a malformed one ("abc",
/// "99999999999") is explained on the page instead of failing the render.
/// </summary>
public readonly record struct QueryId(int? Value, string? Problem)
{
    public static QueryId Parse(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) return new QueryId(null, null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? new QueryId(id, null)
            : new QueryId(null, $"The {what} in the address (\"{Shorten(text)}\") is not a valid id, so it is ignored.");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
