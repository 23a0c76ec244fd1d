using WorkOrders.Core.Common;
using System.Net;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Email;

/// <summary>What an e-mail about a work order event may mention.</summary>
public sealed record EmailContent(
    WorkOrderAction Action, string Number, string Title, string Facility, string ActorName, string? Comment,
    string? ApproverName, string? AssigneeName, DateTimeOffset? Start, DateTimeOffset? End, string TimeZoneId, string Link,
    string? PreferencesLink = null, string? ReportLink = null, string? ProviderName = null, string? Culture = null);

public sealed record RenderedEmail(string Subject, string Summary, string Text, string Html);

/// <summary>One layout for every event: the subject and one-line summary (the in-app text) come from the action's record; plain text and HTML.</summary>
public static class EmailTemplates
{
    public static RenderedEmail Render(EmailContent c)
    {
        var notice = LifecycleActions.Of(c.Action).Notice;
        var (subject, summary, commentLabel) = notice is null
            ? ($"{c.Number} updated", $"{c.ActorName} updated {c.Number}.", "Comment")
            : (notice.Subject(c), notice.Summary(c), notice.CommentLabel);

        var lines = new List<string> { summary, "", $"Work order: {c.Number} {c.Title}", $"Facility: {c.Facility}" };
        if (!string.IsNullOrWhiteSpace(c.Comment)) lines.Add($"{commentLabel}: {c.Comment}");
        lines.AddRange(["", $"Open it: {c.Link}"]);
        if (c.ReportLink is not null) lines.Add($"Completion report (PDF, with the before and after photos): {c.ReportLink}");
        if (c.PreferencesLink is not null) lines.AddRange(["", "--", $"You get this e-mail because you take part in {c.Number}. Choose which e-mails you get: {c.PreferencesLink}"]);
        var text = string.Join("\n", lines);

        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family:Roboto,Arial,sans-serif;color:#1f2937">
            <p style="font-size:16px">{E(summary)}</p>
            <table style="border-collapse:collapse">
            <tr><td style="padding:2px 12px 2px 0;color:#6b7280">Work order</td><td><strong>{E(c.Number)}</strong> {E(c.Title)}</td></tr>
            <tr><td style="padding:2px 12px 2px 0;color:#6b7280">Facility</td><td>{E(c.Facility)}</td></tr>
            {(string.IsNullOrWhiteSpace(c.Comment) ? "" : $"<tr><td style=\"padding:2px 12px 2px 0;color:#6b7280\">{E(commentLabel)}</td><td>{E(c.Comment)}</td></tr>")}
            </table>
            <p><a href="{E(c.Link)}" style="display:inline-block;padding:10px 16px;background:#1565c0;color:#fff;text-decoration:none;border-radius:4px">Open {E(c.Number)}</a></p>
            {(c.ReportLink is null ? "" : $"<p><a href=\"{E(c.ReportLink)}\">Download the completion report</a> (PDF, with the before and after photos)</p>")}
            {(c.PreferencesLink is null ? "" : $"<p style=\"font-size:12px;color:#6b7280\">You get this e-mail because you take part in {E(c.Number)}. <a href=\"{E(c.PreferencesLink)}\" style=\"color:#6b7280\">Choose which e-mails you get</a>.</p>")}
            </body></html>
            """;
        return new RenderedEmail(subject, summary, text, html);
    }

    /// <summary>The one e-mail to the submitter when a provider let its response time pass.</summary>
    public static RenderedEmail ResponseOverdue(string number, string title, string facility, string provider, DateTimeOffset dueAt, string timeZoneId, string link, string? culture = null)
    {
        var due = Formats.DateTime(TimeZones.ToLocal(dueAt, timeZoneId).DateTime, Formats.Culture(culture));
        var subject = $"{number} not accepted in time: {provider} has not responded";
        var summary = $"{provider} was due to accept or decline {number} by {due} ({timeZoneId}) and has not.";
        var text = string.Join("\n", summary, "", $"Work order: {number} {title}", $"Facility: {facility}", "", $"Open it: {link}");
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $"<!DOCTYPE html><html><body style=\"font-family:Roboto,Arial,sans-serif;color:#1f2937\"><p style=\"font-size:16px\">{E(summary)}</p>"
                   + $"<p><strong>{E(number)}</strong> {E(title)} · {E(facility)}</p><p><a href=\"{E(link)}\">Open {E(number)}</a></p></body></html>";
        return new RenderedEmail(subject, summary, text, html);
    }

    /// <summary>The visit's window at the facility, in the recipient's culture, for the texts of the actions that set one.</summary>
    internal static string Window(EmailContent c)
    {
        if (c.Start is null || c.End is null) return "unscheduled";
        var start = TimeZones.ToLocal(c.Start.Value, c.TimeZoneId).DateTime;
        var end = TimeZones.ToLocal(c.End.Value, c.TimeZoneId).DateTime;
        return $"{Formats.Window(start, end, Formats.Culture(c.Culture))} ({c.TimeZoneId})";
    }
}
