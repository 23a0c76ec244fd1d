using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkOrders.Core.Common;

/// <summary>
/// How every date, time and amount is written, in the reader's culture: the screens (through Web's Display), the
/// e-mails, the digest and the completion report use these, so one choice of culture reads the same everywhere.
/// </summary>
public static partial class Formats
{
    public const string DefaultCulture = "en-US";

    /// <summary>The cultures a person may choose: the product is used at North American sites.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["en-US", "en-GB", "en-CA", "fr-CA"];

    // Looked up on every rendered date and amount: CultureInfo.GetCultureInfo takes a process-wide lock, which a
    // thousand pages re-rendering at once queue on.
    private static readonly Dictionary<string, CultureInfo> ByName = Cultures.ToDictionary(c => c, CultureInfo.GetCultureInfo);

    /// <summary>The culture of that name when it is one of <see cref="Cultures"/>; otherwise en-US.</summary>
    public static CultureInfo Culture(string? name) =>
        name is not null && ByName.TryGetValue(name, out var culture) ? culture : ByName[DefaultCulture];

    /// <summary>"English (United States)", in the culture's own language, for a choice list.</summary>
    public static string NameOf(string culture) => CultureInfo.GetCultureInfo(culture).NativeName;

    /// <summary>"USD 1,234.50" or "USD 1 234,50": the currency code avoids guessing a symbol for a company's currency.</summary>
    public static string Money(decimal amount, string currency, CultureInfo culture) =>
        $"{currency} {amount.ToString("N2", culture).Replace(NarrowSpace, '\u00A0')}";

    public static string Number(decimal value, CultureInfo culture) => value.ToString("0.##", culture);

    /// <summary>
    /// A calendar day as digits with two-digit day and month, so a column of dates lines up: "12/01/2026" (en-US),
    /// "01/12/2026" (en-GB), "2026-12-01" (fr-CA); en-CA as the system's ICU data writes it (12/01/2026 with "a.m." times on Debian's).
    /// </summary>
    public static string Date(DateOnly date, CultureInfo culture) => date.ToString(NumericDate(culture), culture);

    /// <summary>A day without the year, e.g. "Dec 1" or "1 Dec".</summary>
    public static string Day(DateOnly date, CultureInfo culture) => date.ToString(Short(culture.DateTimeFormat.MonthDayPattern), culture);

    /// <summary>A day spelled out for a screen reader, e.g. "Tuesday, December 1" or "mardi 1 décembre".</summary>
    public static string SpokenDay(DateTime local, CultureInfo culture) =>
        $"{local.ToString("dddd", culture)}{(culture.TwoLetterISOLanguageName == "fr" ? " " : ", ")}{local.ToString(culture.DateTimeFormat.MonthDayPattern, culture)}";

    /// <summary>A month, e.g. "Dec 2026".</summary>
    public static string Month(DateOnly month, CultureInfo culture) => month.ToString(Short(culture.DateTimeFormat.YearMonthPattern), culture);

    /// <summary>A clock time, e.g. "9:00 AM" or "09:00".</summary>
    public static string Time(DateTime local, CultureInfo culture) => local.ToString(culture.DateTimeFormat.ShortTimePattern, culture).Replace(NarrowSpace, ' ');

    /// <summary>
    /// ICU puts a narrow no-break space before "AM" and between digit groups in some cultures; plain-text mail
    /// readers and the report's font show it as a box, so times get a plain space and amounts a no-break space.
    /// </summary>
    private const char NarrowSpace = '\u202F';

    /// <summary>A moment on a local clock with its weekday, e.g. "Tue 12/01/2026 9:00 AM".</summary>
    public static string DateTime(DateTime local, CultureInfo culture) =>
        $"{local.ToString("ddd", culture)} {Date(DateOnly.FromDateTime(local), culture)} {Time(local, culture)}";

    /// <summary>A visit on one local clock, e.g. "Tue 12/01/2026 9:00 AM – 12:00 PM"; the end's day is written only when it differs.</summary>
    public static string Window(DateTime localStart, DateTime localEnd, CultureInfo culture) =>
        $"{DateTime(localStart, culture)} – {(localStart.Date == localEnd.Date ? Time(localEnd, culture) : DateTime(localEnd, culture))}";

    /// <summary>The culture's short date with the day and month always two digits.</summary>
    private static string NumericDate(CultureInfo culture) =>
        SingleDay().Replace(SingleMonth().Replace(culture.DateTimeFormat.ShortDatePattern, "MM"), "dd");

    /// <summary>A pattern with abbreviated month names ("MMMM" becomes "MMM").</summary>
    private static string Short(string pattern) => pattern.Replace("MMMM", "MMM", StringComparison.Ordinal);

    [GeneratedRegex("(?<!M)M(?!M)")] private static partial Regex SingleMonth();
    [GeneratedRegex("(?<!d)d(?!d)")] private static partial Regex SingleDay();
}
