using System.Collections.Concurrent;
using System.Globalization;
using WorkOrders.Core.Common;

namespace WorkOrders.Web.Components.Pages.Scheduling;

/// <summary>
/// The attribute texts of the scheduler's slots (start, end, accessible name), made once per process and culture and shared
/// by every open calendar showing the same days. The week view has 224 slots; each circuit's render tree holds these strings
/// twice (current and previous render), so per-circuit copies were a large part of what an open calendar cost. Bounded: past
/// <see cref="MaxEntries"/> the table starts again, which only costs a few strings being made again.
/// </summary>
internal static class SlotTexts
{
    public const int MaxEntries = 20_000;
    private static readonly ConcurrentDictionary<(DateTime Start, DateTime End, string Culture), Texts> Table = new();

    public sealed record Texts(string Start, string End, string Name, string ScheduleLabel);

    public static Texts For(DateTime start, DateTime end, CultureInfo culture)
    {
        var key = (start, end, culture.Name);
        if (Table.TryGetValue(key, out var texts)) return texts;
        if (Table.Count >= MaxEntries) Table.Clear();
        var whole = end - start >= TimeSpan.FromDays(1);
        var name = whole ? Formats.SpokenDay(start, culture) : $"{Formats.SpokenDay(start, culture)}, {Formats.Time(start, culture)}";
        texts = new Texts(start.ToString("s", CultureInfo.InvariantCulture), end.ToString("s", CultureInfo.InvariantCulture), name, $"Schedule at {name}");
        return Table.GetOrAdd(key, texts);
    }
}
