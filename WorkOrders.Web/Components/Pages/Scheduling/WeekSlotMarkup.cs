using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace WorkOrders.Web.Components.Pages.Scheduling;

/// <summary>
/// One day's column of empty week-view slots as a single markup fragment, made once and shared by every open calendar.
/// A slot carries no Blazor event handler: the calendar's one delegated listener (js/calendar-drop.js) finds the slot a
/// click, key or drop met from its <c>data-slot-start</c>/<c>data-slot-end</c>. As markup the column is one render-tree
/// frame holding one shared string, where 32 elements with handlers and attribute dictionaries were about 35 KB per day
/// and circuit, held twice (current and previous render). Bounded as <see cref="SlotTexts"/> is: past <see cref="Capacity"/>
/// columns the table starts again (a week is seven entries), which only costs a few columns being made again; a page
/// already showing one keeps its string.
/// </summary>
internal static class WeekSlotMarkup
{
    public const int Capacity = 400;

    private readonly record struct Key(DateTime Day, TimeSpan Start, TimeSpan End, int Minutes, string Culture, bool Selectable);

    private static readonly ConcurrentDictionary<Key, MarkupString> Table = new();

    /// <summary>The slots of <paramref name="day"/> from <paramref name="start"/> to <paramref name="end"/>.</summary>
    /// <param name="selectable">A selectable slot is a button named "Schedule at …" that the keyboard can reach; otherwise it is named by a title.</param>
    public static MarkupString Column(DateTime day, TimeSpan start, TimeSpan end, int minutes, CultureInfo culture, bool selectable)
    {
        var key = new Key(day.Date, start, end, minutes, culture.Name, selectable);
        if (Table.TryGetValue(key, out var markup)) return markup;
        if (Table.Count >= Capacity) Table.Clear();
        return Table.GetOrAdd(key, Build(key, culture));
    }

    internal static int Count => Table.Count;

    private static MarkupString Build(Key key, CultureInfo culture)
    {
        var html = new StringBuilder();
        for (var at = key.Day + key.Start; at < key.Day + key.End; at = at.AddMinutes(key.Minutes))
        {
            var texts = SlotTexts.For(at, at.AddMinutes(key.Minutes), culture);
            // The same alternation as Radzen's own week view, so its theme shades every other slot.
            html.Append(at.Minute / key.Minutes % 2 == 1 ? "<div class=\"rz-slot rz-slot-minor\"" : "<div class=\"rz-slot\"")
                .Append(" dropzone=\"move\" data-slot-start=\"").Append(texts.Start)
                .Append("\" data-slot-end=\"").Append(texts.End).Append('"');
            if (key.Selectable)
                html.Append(" role=\"button\" tabindex=\"-1\" aria-label=\"").Append(WebUtility.HtmlEncode(texts.ScheduleLabel)).Append('"');
            else
                html.Append(" title=\"").Append(WebUtility.HtmlEncode(texts.Name)).Append('"');
            html.Append("></div>");
        }
        return new MarkupString(html.ToString());
    }
}
