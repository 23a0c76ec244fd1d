using WorkOrders.Core.Common;
using WorkOrders.Core.Email;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Orders;

/// <summary>How much an action weighs, for the screens to choose a look: the main step forward, a positive decision, one that ends or refuses, or a side step.</summary>
public enum ActionTone { Primary, Positive, Destructive, Neutral }

/// <summary>What the person gives to take the action; the web app has one form for each.</summary>
public enum ActionForm
{
    /// <summary>The draft editor (edit).</summary>
    Editor,

    /// <summary>A confirmation, with a comment or reason when <see cref="ActionDialog.TextLabel"/> is set.</summary>
    Confirm,

    /// <summary>An approver to submit to.</summary>
    Approver,

    /// <summary>A technician and a time window.</summary>
    Schedule,

    /// <summary>A service provider, optionally a requested window and a note.</summary>
    Provider,

    /// <summary>A resolution note with photos of the finished work.</summary>
    Resolution,
}

/// <summary>What one step needs: the text (comment, reason, note), the person, the window, the provider, photos, and whether a warning was confirmed.</summary>
public sealed record ActionInput(
    string? Text = null, string? PersonId = null, DateTimeOffset? Start = null, DateTimeOffset? End = null,
    int? ProviderId = null, IReadOnlyCollection<int>? PhotoIds = null, bool Confirmed = false);

/// <summary>The dialog that confirms an action: its title, what happens, the button, and the text it asks for.</summary>
public sealed record ActionDialog(string Title, string Explanation, string Confirm, string Done, string? TextLabel = null, bool TextRequired = false);

/// <summary>Who is told of an action (docs/product.md, "Who is told"), and the e-mail and in-app text they get.</summary>
/// <param name="Told">The users to tell, from the work order after the step, the assignee before it and the provider's admins.</param>
/// <param name="TellsProviderAdmins">Whether <paramref name="Told"/> reads the admins of the provider the work order is dispatched to.</param>
public sealed record ActionNotice(
    string PreferenceLabel, string CommentLabel, Func<EmailContent, string> Subject, Func<EmailContent, string> Summary,
    Func<WorkOrder, string?, IReadOnlyList<string>, IEnumerable<string?>> Told, bool TellsProviderAdmins = false);

/// <summary>The use case of an action, called the same way by the pages and the API.</summary>
public delegate Task<Result> ActionUseCase(WorkOrderService service, Actor actor, int workOrderId, int expectedVersion, ActionInput input, CancellationToken ct);

/// <summary>Everything the product says about one action of <see cref="WorkOrderLifecycle"/>.</summary>
/// <param name="Verb">"You may not … this work order."</param>
/// <param name="Past">"A work order that is Draft cannot be …"</param>
/// <param name="Icon">A Material icon's name (as MudBlazor's Icons.Material.Filled spells it).</param>
/// <param name="InputName">The name of the input a refusal is about, as the API's request spells it.</param>
/// <param name="Run">The use case; null for edit, which saves a whole draft through its own.</param>
public sealed record ActionFacts(
    WorkOrderAction Action, string Verb, string Past, string ButtonLabel, string HistoryLabel, ActionTone Tone, string Icon,
    ActionForm Form, ActionDialog? Dialog, ActionNotice? Notice, string InputName, ActionUseCase? Run);

/// <summary>
/// One record per action, beside the lifecycle table: the only place that says what an action is called, how it looks,
/// what its dialog asks, who is told and how. Everything else reads these records.
/// </summary>
public static class LifecycleActions
{
    public static readonly IReadOnlyList<ActionFacts> All =
    [
        new(WorkOrderAction.Edit, "edit", "edited", "Edit", "Edited the draft", ActionTone.Neutral, "Edit",
            ActionForm.Editor, Dialog: null, Notice: null, "draft", Run: null),

        new(WorkOrderAction.Submit, "submit", "submitted", "Submit for approval", "Submitted for approval", ActionTone.Primary, "Send",
            ActionForm.Approver,
            new("Submit for approval", "The approver and you are told. Once submitted the draft can no longer be edited.", "Submit for approval", "submitted for approval"),
            new("A work order is submitted to me for approval, or I submit one", "Comment",
                c => $"{c.Number} submitted for approval",
                c => $"{c.ActorName} submitted {c.Number} to {c.ApproverName ?? "an approver"} for approval.",
                (wo, _, _) => [wo.ApproverId, wo.SubmitterId]),
            "approverId", (s, a, id, v, i, ct) => s.SubmitAsync(a, id, v, i.PersonId ?? "", ct)),

        new(WorkOrderAction.Approve, "approve", "approved", "Approve", "Approved", ActionTone.Positive, "Check",
            ActionForm.Confirm,
            new("Approve work order", "The submitter is told it is ready to dispatch.", "Approve work order", "approved", TextLabel: "Comment"),
            new("A work order I submitted is approved", "Comment",
                c => $"{c.Number} approved: ready to dispatch",
                c => $"{c.ActorName} approved {c.Number}. It is ready to dispatch.",
                (wo, _, _) => [wo.SubmitterId]),
            "comment", (s, a, id, v, i, ct) => s.ApproveAsync(a, id, v, i.Text, ct)),

        new(WorkOrderAction.Deny, "deny", "denied", "Deny", "Denied", ActionTone.Destructive, "Block",
            ActionForm.Confirm,
            new("Deny work order", "The submitter is told why. They may then reset it to draft or close it.", "Deny work order", "denied",
                TextLabel: "Reason for the denial", TextRequired: true),
            new("A work order I submitted is denied", "Reason",
                c => $"{c.Number} denied",
                c => $"{c.ActorName} denied {c.Number}.",
                (wo, _, _) => [wo.SubmitterId]),
            "reason", (s, a, id, v, i, ct) => s.DenyAsync(a, id, v, i.Text ?? "", ct)),

        new(WorkOrderAction.Dispatch, "dispatch", "dispatched", "Dispatch", "Dispatched", ActionTone.Primary, "LocalShipping",
            ActionForm.Schedule,
            new("Dispatch", "The technician and the approver are told.", "Dispatch work order", "dispatched"),
            new("A work order is dispatched to me, or one I approved is dispatched", "Comment",
                c => $"{c.Number} dispatched to {c.AssigneeName}",
                c => $"{c.ActorName} dispatched {c.Number} to {c.AssigneeName}, {EmailTemplates.Window(c)}.",
                (wo, _, _) => [wo.ApproverId, wo.AssigneeId]),
            "assigneeId", (s, a, id, v, i, ct) => s.DispatchAsync(a, id, v, i.PersonId ?? "", i.Start ?? default, i.End ?? default, ct, i.Confirmed)),

        new(WorkOrderAction.Reschedule, "reschedule or reassign", "rescheduled or reassigned", "Reschedule / reassign", "Rescheduled / reassigned",
            ActionTone.Neutral, "EditCalendar",
            ActionForm.Schedule,
            new("Reschedule or reassign", "The technicians before and after the change are told.", "Save new schedule", "rescheduled"),
            new("A visit assigned to me is rescheduled or reassigned", "Change",
                c => $"{c.Number} rescheduled",
                c => $"{c.ActorName} changed the visit for {c.Number}: {c.AssigneeName}, {EmailTemplates.Window(c)}.",
                (wo, previousAssignee, _) => [previousAssignee, wo.AssigneeId]),
            "assigneeId", (s, a, id, v, i, ct) => s.RescheduleAsync(a, id, v, i.PersonId ?? "", i.Start ?? default, i.End ?? default, ct, i.Confirmed)),

        new(WorkOrderAction.Resolve, "resolve", "resolved", "Resolve", "Resolved", ActionTone.Positive, "TaskAlt",
            ActionForm.Resolution,
            new("Mark resolved", "Every action item of this work order will be marked Resolved. Describe what was done.", "Mark resolved", "resolved; every action item is now Resolved",
                TextLabel: "Resolution note", TextRequired: true),
            new("A work order I submitted or approved is resolved", "Resolution",
                c => $"{c.Number} resolved",
                c => $"{c.ActorName} resolved {c.Number}.",
                (wo, _, _) => [wo.SubmitterId, wo.ApproverId]),
            "resolutionNote", (s, a, id, v, i, ct) => s.ResolveAsync(a, id, v, i.Text ?? "", i.PhotoIds, ct)),

        new(WorkOrderAction.Reset, "reset to draft", "reset to draft", "Reset to draft", "Reset to draft", ActionTone.Neutral, "Undo",
            ActionForm.Confirm,
            new("Reset to draft",
                "The work order goes back to draft with its content kept and the approver cleared; the editor opens so you can change it and submit it again.",
                "Reset to draft", "is a draft again"),
            Notice: null,
            "request", (s, a, id, v, _, ct) => s.ResetAsync(a, id, v, ct)),

        new(WorkOrderAction.Close, "close", "closed", "Close", "Closed", ActionTone.Destructive, "Archive",
            ActionForm.Confirm,
            new("Close work order",
                "The work order is closed for good and every action item becomes closed as not fixed. The approver is told. Continue?",
                "Close work order", "closed", TextLabel: "Comment"),
            new("A work order I denied is closed without a fix", "Comment",
                c => $"{c.Number} closed",
                c => $"{c.ActorName} closed {c.Number} without a fix.",
                (wo, _, _) => [wo.ApproverId]),
            "comment", (s, a, id, v, i, ct) => s.CloseAsync(a, id, v, i.Text, ct)),

        new(WorkOrderAction.DispatchToProvider, "dispatch to a service provider", "dispatched to a service provider", "Dispatch to a provider",
            "Dispatched to a service provider", ActionTone.Neutral, "Business",
            ActionForm.Provider,
            new("Dispatch to a service provider", "The provider's admins are told; they choose a technician and a time, or decline with a reason.",
                "Dispatch", "sent to the provider", TextLabel: "Note for the provider"),
            new("A work order is sent to my service provider, or one I approved is sent to a provider", "Note",
                c => $"{c.Number} sent to {c.ProviderName} to accept",
                c => $"{c.ActorName} sent {c.Number} to {c.ProviderName}; its admins choose a technician and a time.",
                (wo, _, providerAdmins) => [wo.ApproverId, .. providerAdmins], TellsProviderAdmins: true),
            "providerId", (s, a, id, v, i, ct) => s.DispatchToProviderAsync(a, id, v, i.ProviderId ?? 0, i.Start, i.End, i.Text, ct)),

        new(WorkOrderAction.Accept, "accept", "accepted", "Accept", "Accepted by the provider", ActionTone.Positive, "EventAvailable",
            ActionForm.Schedule,
            new("Accept", "The submitter and the technician are told.", "Accept work order", "accepted"),
            new("A provider accepts a work order I submitted, or assigns it to me", "Note",
                c => $"{c.Number} accepted by {c.ProviderName}: {c.AssigneeName}",
                c => $"{c.ActorName} ({c.ProviderName}) accepted {c.Number}: {c.AssigneeName}, {EmailTemplates.Window(c)}.",
                (wo, _, _) => [wo.SubmitterId, wo.AssigneeId]),
            "assigneeId", (s, a, id, v, i, ct) => s.AcceptAsync(a, id, v, i.PersonId ?? "", i.Start ?? default, i.End ?? default, ct, i.Confirmed)),

        new(WorkOrderAction.Decline, "decline", "declined", "Decline", "Declined by the provider", ActionTone.Destructive, "EventBusy",
            ActionForm.Confirm,
            new("Decline work order",
                "The work order goes back to the company as approved; the submitter and the approver are told why and may dispatch it again.",
                "Decline work order", "declined", TextLabel: "Reason for declining", TextRequired: true),
            new("A provider declines a work order I submitted or approved", "Reason",
                c => $"{c.Number} declined by the provider",
                c => $"{c.ActorName} declined {c.Number}. It is approved again and can be dispatched anew.",
                (wo, _, _) => [wo.SubmitterId, wo.ApproverId]),
            "reason", (s, a, id, v, i, ct) => s.DeclineAsync(a, id, v, i.Text ?? "", ct)),
    ];

    private static readonly Dictionary<WorkOrderAction, ActionFacts> ByAction = All.ToDictionary(f => f.Action);

    public static ActionFacts Of(WorkOrderAction action) => ByAction[action];

    /// <summary>The events a user can be told of: those with a notice, in the records' order.</summary>
    public static readonly IReadOnlyList<WorkOrderAction> Notified = All.Where(f => f.Notice is not null).Select(f => f.Action).ToList();

    /// <summary>Takes the step through its use case: the one entry the dialogs and the API share.</summary>
    public static Task<Result> TakeAsync(this WorkOrderService service, Actor actor, int workOrderId, int expectedVersion, WorkOrderAction action,
        ActionInput input, CancellationToken ct = default) =>
        Of(action).Run is { } run
            ? run(service, actor, workOrderId, expectedVersion, input, ct)
            : Task.FromResult(Result.NotAllowed($"A work order is {Of(action).Past} in the editor."));
}
