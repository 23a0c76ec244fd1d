namespace WorkOrders.Web.Components.Shared;

/// <summary>Reading a native <c>&lt;select&gt;</c>'s choice back from the browser.</summary>
public static class SelectChoice
{
    /// <summary>The chosen value, or <paramref name="current"/> when the browser sent one the list does not offer (a hand-edited request).</summary>
    public static T ParseOr<T>(object? value, T current) where T : struct, Enum =>
        Enum.TryParse<T>(value as string, out var parsed) && Enum.IsDefined(parsed) ? parsed : current;
}
