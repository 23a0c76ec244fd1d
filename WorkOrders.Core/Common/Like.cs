namespace WorkOrders.Core.Common;

/// <summary>Escaping for user text inside SQL LIKE patterns, so "%" and "_" match themselves.</summary>
public static class Like
{
    public const string EscapeCharacter = "\\";

    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
