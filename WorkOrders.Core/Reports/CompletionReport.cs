using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Common;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Reports;

/// <summary>
/// The completion report of a resolved work order, as a PDF: the facility, each action item with its photos
/// from before, the photos of the finished work, the notes, the estimate and the history with who and when.
/// Read through the same queries as the work order page, so whoever may not see the work order gets NotFound.
/// </summary>
public sealed class CompletionReport(WorkOrderQueries queries, AttachmentService attachments)
{
    private const int PhotoEdge = 1200;

    /// <param name="culture">The reader's culture (<see cref="Formats"/>) for dates, times and amounts; en-US when null.</param>
    public async Task<Result<FileDownload>> RenderAsync(Actor actor, int workOrderId, CancellationToken ct = default, string? culture = null)
    {
        var found = await queries.GetAsync(actor, workOrderId, ct);
        if (!found.IsOk) return Result<FileDownload>.From(found);
        var wo = found.Value!;
        if (wo.Status != WorkOrderStatus.Resolved) return Result<FileDownload>.From(Result.NotAllowed($"{wo.Number} has a completion report once it is resolved; it is {wo.Status}."));
        var files = await attachments.ForWorkOrderAsync(actor, workOrderId, ct);

        async Task<IReadOnlyList<(AttachmentView View, byte[] Jpeg)>> PhotosAsync(IEnumerable<AttachmentView> views)
        {
            var list = new List<(AttachmentView, byte[])>();
            foreach (var view in views.Where(v => v.IsImage))
            {
                var opened = await attachments.OpenAsync(actor, view.Id, thumbnail: false, ct);
                if (!opened.IsOk) continue;
                await using var stream = opened.Value!.Content;
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, ct);
                list.Add((view, FileProcessor.ToJpeg(buffer.ToArray(), PhotoEdge)));
            }
            return list;
        }

        var before = new Dictionary<int, IReadOnlyList<(AttachmentView, byte[])>>();
        foreach (var item in wo.ActionItems) before[item.Id] = await PhotosAsync(files.OfItem(item.Id));
        var after = await PhotosAsync(files.After);

        ReportFonts.EnsureInstalled();
        var pdf = Write(Formats.Culture(culture), wo, files, before, after);
        return new FileDownload(new MemoryStream(pdf), "application/pdf", $"{wo.Number}-completion-report.pdf", Inline: false);
    }

    private static byte[] Write(CultureInfo culture, WorkOrderDetail wo, WorkOrderFiles files,
        Dictionary<int, IReadOnlyList<(AttachmentView View, byte[] Jpeg)>> before, IReadOnlyList<(AttachmentView View, byte[] Jpeg)> after)
    {
        string Local(DateTimeOffset at) => Formats.DateTime(TimeZones.ToLocal(at, wo.Facility.TimeZoneId).DateTime, culture);

        using var document = new PdfDocument();
        document.Info.Title = $"{wo.Number} completion report";
        document.Info.Subject = wo.Title;
        using var page = new ReportPage(document);

        page.Title($"{wo.Number} · {wo.Title}");
        page.Line($"Completion report · resolved", ReportPage.Small);
        page.Gap(6);
        page.Field("Facility", $"{wo.Facility.Name}, {wo.Facility.Address}");
        page.Field("Time zone", wo.Facility.TimeZoneId);
        page.Field("Created by", $"{wo.Creator.DisplayName} ({wo.CreatedByOrganization})");
        page.Field("Approver", wo.Approver?.DisplayName ?? "—");
        page.Field("Resolved by", wo.Assignee?.DisplayName ?? "—");
        if (wo.ScheduledStart is { } start && wo.ScheduledEnd is { } end) page.Field("Visit", $"{Local(start)} – {Local(end)}");
        if (wo.History.LastOrDefault(h => h.Action == WorkOrderAction.Resolve) is { } resolved)
        {
            page.Field("Resolved", Local(resolved.At));
            page.Field("Resolution", resolved.Comment ?? "");
        }

        page.Heading($"Action items ({wo.ActionItems.Count})");
        foreach (var item in wo.ActionItems)
        {
            page.Line($"{item.Title}  [{item.Priority}, {item.Status}]", ReportPage.Bold);
            if (!string.IsNullOrWhiteSpace(item.Description)) page.Line(item.Description);
            if (item.Source is not null) page.Line($"Source: {item.Source}", ReportPage.Small);
            var photos = before.GetValueOrDefault(item.Id) ?? [];
            page.Line(photos.Count == 0 ? "No photos of the finding." : $"Before ({photos.Count} photo{(photos.Count == 1 ? "" : "s")}):", ReportPage.Small);
            page.Photos(photos.Select(p => (p.Jpeg, Caption(p.View))));
            page.Gap(6);
        }

        page.Heading($"After: the finished work ({after.Count} photo{(after.Count == 1 ? "" : "s")})");
        if (after.Count == 0) page.Line("No photos of the finished work.");
        page.Photos(after.Select(p => (p.Jpeg, Caption(p.View))));
        var otherAfter = files.After.Where(a => !a.IsImage).ToList();
        foreach (var file in otherAfter) page.Line($"Attached file: {file.FileName}", ReportPage.Small);

        page.Heading("Notes");
        if (wo.Notes.Count == 0) page.Line("No notes.");
        foreach (var note in wo.Notes)
        {
            page.Line($"{note.Author.DisplayName} · {Local(note.CreatedAt)}", ReportPage.Small);
            page.Line(note.Text);
            foreach (var file in files.OfNote(note.Id)) page.Line($"Attached: {file.FileName}", ReportPage.Small);
            page.Gap(4);
        }

        page.Heading("Estimate");
        if (wo.EstimateLines.Count == 0) page.Line("No estimate.");
        foreach (var line in wo.EstimateLines)
        {
            page.Line($"{line.Description}: {Formats.Number(line.Quantity, culture)} × {Formats.Money(line.UnitPrice, wo.Currency, culture)} = {Formats.Money(line.LineTotal, wo.Currency, culture)}");
        }
        page.Line($"Total: {Formats.Money(wo.EstimateTotal, wo.Currency, culture)}", ReportPage.Bold);

        page.Heading("History");
        foreach (var h in wo.History)
        {
            var what = h.Action is null ? "Created" : $"{h.Action} ({h.From} → {h.To})";
            page.Line($"{Local(h.At)} · {what} · {h.Actor.DisplayName}{(h.Comment is null ? "" : $": {h.Comment}")}");
        }

        page.Finish();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();

        string Caption(AttachmentView v) => $"{v.FileName} · {v.UploadedBy} · {Local(v.UploadedAt)}";
    }
}
