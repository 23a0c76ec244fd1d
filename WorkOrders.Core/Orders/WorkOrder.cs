using System.Globalization;
using System.Linq.Expressions;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Orders;

/// <summary>
/// A bundle of action items of one facility, worked through together. Its status changes only
/// through <see cref="WorkOrderLifecycle"/>: every public mutator checks the table, the guard and the
/// input, in that order, and changes nothing when it refuses.
/// </summary>
public sealed class WorkOrder
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxEstimateLines = 100;
    public static readonly TimeSpan MaxScheduleLength = TimeSpan.FromDays(31);

    /// <summary>A visit lasting longer than this is a long visit (<see cref="IsLongVisit"/>).</summary>
    public static readonly TimeSpan ShortVisitLength = TimeSpan.FromDays(1);

    private readonly List<ActionItem> actionItems = [];
    private readonly List<WorkOrderNote> notes = [];
    private readonly List<EstimateLine> estimateLines = [];
    private readonly List<WorkOrderHistoryEntry> history = [];

    private WorkOrder() { }

    public int Id { get; private set; }
    public string Number => FormatNumber(Id);
    public string Title { get; private set; } = "";
    public int FacilityId { get; private set; }
    public Facility? Facility { get; private set; }

    /// <summary>The company that owns the facility (denormalised for tenant filters).</summary>
    public int CompanyId { get; private set; }

    /// <summary>The creator's organisation: the company itself or a linked service provider.</summary>
    public int CreatedByOrganizationId { get; private set; }
    public OrganizationKind CreatedByKind { get; private set; }

    public WorkOrderStatus Status { get; private set; }
    public string CreatorId { get; private set; } = "";
    public AppUser? Creator { get; private set; }
    public string? SubmitterId { get; private set; }
    public AppUser? Submitter { get; private set; }
    public string? ApproverId { get; private set; }
    public AppUser? Approver { get; private set; }
    public string? AssigneeId { get; private set; }
    public AppUser? Assignee { get; private set; }

    /// <summary>UTC instants; shown in the facility's time zone.</summary>
    public DateTimeOffset? ScheduledStart { get; private set; }
    public DateTimeOffset? ScheduledEnd { get; private set; }

    /// <summary>
    /// The visit lasts longer than <see cref="ShortVisitLength"/>. Kept with the visit by <see cref="SetVisit"/> so that a
    /// calendar range reads the short visits from a day before it and only the few long ones from further back (ADR-028).
    /// </summary>
    public bool IsLongVisit { get; private set; }

    /// <summary>The service provider it is dispatched to; null while it is the creator's own people's work (ADR-016).</summary>
    public int? ProviderId { get; private set; }
    public Organization? Provider { get; private set; }

    /// <summary>The window the company asked the provider for (optional), UTC.</summary>
    public DateTimeOffset? RequestedStart { get; private set; }
    public DateTimeOffset? RequestedEnd { get; private set; }

    /// <summary>When it went to the provider: the incoming queue is oldest first.</summary>
    public DateTimeOffset? DispatchedToProviderAt { get; private set; }

    /// <summary>The provider link's "respond within" after <see cref="DispatchedToProviderAt"/>.</summary>
    public DateTimeOffset? ResponseDueAt { get; private set; }

    /// <summary>Set once, with the submitter's e-mail, when the response time passed without an answer (ProviderWork).</summary>
    public DateTimeOffset? ResponseOverdueNotifiedAt { get; private set; }

    /// <summary>Dispatched to a provider whose admins have not chosen a technician yet.</summary>
    public bool IsAwaitingProvider => Status == WorkOrderStatus.Dispatched && ProviderId is not null && AssigneeId is null;

    /// <summary>
    /// The queryable form of <see cref="IsAwaitingProvider"/>. The partial index IX_WorkOrders_AwaitingProvider
    /// (WorkOrdersDbContext) repeats it in SQL; a test fails when the two drift apart.
    /// </summary>
    public static readonly Expression<Func<WorkOrder, bool>> AwaitingProvider =
        w => w.Status == WorkOrderStatus.Dispatched && w.ProviderId != null && w.AssigneeId == null;

    /// <summary>Null when no window was requested or nothing is scheduled; otherwise whether the visit lies inside it.</summary>
    public static bool? WithinRequestedWindow(DateTimeOffset? requestedStart, DateTimeOffset? requestedEnd, DateTimeOffset? start, DateTimeOffset? end) =>
        requestedStart is { } rs && requestedEnd is { } re && start is { } s && end is { } e ? s >= rs && e <= re : null;

    /// <summary>
    /// The earliest due date of its action items, kept with them (create and edit are the only ways items join or leave,
    /// and an item's due date cannot change while it is in an active work order) so lists sort and filter by it.
    /// </summary>
    public DateOnly? DueDate { get; private set; }

    /// <summary>Kept equal to the sum of the estimate lines so lists need not load them.</summary>
    public decimal EstimateTotal { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Concurrency token: bumped by every transition, so a stale write is refused.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<ActionItem> ActionItems => actionItems;
    public IReadOnlyList<WorkOrderNote> Notes => notes;
    public IReadOnlyList<EstimateLine> EstimateLines => estimateLines;
    public IReadOnlyList<WorkOrderHistoryEntry> History => history;

    public static string FormatNumber(int id) => "WO-" + id.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Accepts "WO-000123", "wo-123" or "123".</summary>
    public static bool TryParseNumber(string? text, out int id)
    {
        id = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var digits = text.Trim();
        if (digits.StartsWith("WO-", StringComparison.OrdinalIgnoreCase)) digits = digits[3..];
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    public static Result<WorkOrder> Create(Actor actor, Facility facility, bool actorsProviderIsLinked, string title, IReadOnlyCollection<ActionItem> items, DateTimeOffset now)
    {
        if (!WorkOrderLifecycle.MayCreate(actor, facility.CompanyId, actorsProviderIsLinked))
        {
            return Result<WorkOrder>.From(Result.NotAllowed(
                "Only a user of the facility's company, or an admin of a service provider linked to the facility, may create a work order here."));
        }

        var errors = ValidateTitle(title).Select(e => new FieldError("Title", e))
            .Concat(ValidateItems(items, facility.Id, null).Select(e => new FieldError("ActionItemIds", e))).ToList();
        if (errors.Count > 0) return Result<WorkOrder>.From(Result.Invalid(errors));

        var wo = new WorkOrder
        {
            Title = title.Trim(),
            FacilityId = facility.Id,
            CompanyId = facility.CompanyId,
            CreatedByOrganizationId = actor.OrganizationId,
            CreatedByKind = actor.OrganizationKind,
            Status = WorkOrderStatus.Draft,
            CreatorId = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var item in items)
        {
            wo.actionItems.Add(item);
            item.AttachTo(wo);
        }
        wo.DueDate = EarliestDue(items);
        wo.history.Add(new WorkOrderHistoryEntry(null, null, WorkOrderStatus.Draft, actor.UserId, now, null));
        return wo;
    }

    /// <summary>The actions this actor may take now: exactly the buttons a page shows.</summary>
    public IReadOnlyList<WorkOrderAction> AllowedActions(Actor actor) =>
        WorkOrderLifecycle.Rules
            .Where(r => r.From == Status && WorkOrderLifecycle.Holds(this, r.When) && WorkOrderLifecycle.IsParty(this, actor, r.Who))
            .Select(r => r.Action)
            .ToList();

    /// <summary>Anyone taking part may add a note, in any status.</summary>
    public bool IsParticipant(Actor actor) =>
        actor.UserId == CreatorId || actor.UserId == SubmitterId || actor.UserId == ApproverId || actor.UserId == AssigneeId
        || (actor.IsAdmin && (actor.OrganizationId == CreatedByOrganizationId || actor.OrganizationId == CompanyId || actor.OrganizationId == ProviderId));

    public Result Edit(Actor actor, string title, IReadOnlyCollection<ActionItem> items, IReadOnlyCollection<EstimateLineInput> lines, DateTimeOffset now) =>
        Transition(WorkOrderAction.Edit, actor, now, null,
            () => ValidateTitle(title).Concat(ValidateItems(items, FacilityId, this)).Concat(ValidateLines(lines)),
            () =>
            {
                Title = title.Trim();
                foreach (var removed in actionItems.Where(i => !items.Contains(i)).ToList())
                {
                    actionItems.Remove(removed);
                    removed.Detach();
                }
                foreach (var added in items.Where(i => !actionItems.Contains(i)))
                {
                    actionItems.Add(added);
                    added.AttachTo(this);
                }
                DueDate = EarliestDue(actionItems);
                estimateLines.Clear();
                estimateLines.AddRange(lines.Select(l => new EstimateLine(l.Description.Trim(), l.Quantity, l.UnitPrice)));
                EstimateTotal = estimateLines.Sum(l => l.LineTotal);
            });

    public Result Submit(Actor actor, Person approver, DateTimeOffset now) =>
        Transition(WorkOrderAction.Submit, actor, now, null,
            () => ValidateApprover(approver, actor),
            () =>
            {
                SubmitterId = actor.UserId;
                ApproverId = approver.Id;
            });

    public Result Approve(Actor actor, string? comment, DateTimeOffset now) =>
        Transition(WorkOrderAction.Approve, actor, now, Clean(comment), () => ValidateOptionalText(comment, "comment"), () => { });

    public Result Deny(Actor actor, string reason, DateTimeOffset now) =>
        Transition(WorkOrderAction.Deny, actor, now, Clean(reason), () => ValidateRequiredText(reason, "A reason for the denial"), () => { });

    /// <param name="facilityTimeZoneId">Where the visit's end is read as a day, to compare with the due date.</param>
    /// <param name="overrideDueDate">The person confirmed the warning that the visit ends after the due date.</param>
    public Result Dispatch(Actor actor, Person assignee, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, string facilityTimeZoneId = "UTC", bool overrideDueDate = false) =>
        Transition(WorkOrderAction.Dispatch, actor, now, null,
            () => ValidateAssignee(assignee).Concat(ValidateWindow(start, end)),
            () =>
            {
                AssigneeId = assignee.Id;
                SetVisit(start, end);
            },
            DueDateCheck(end, facilityTimeZoneId, overrideDueDate));

    /// <summary>A new time and/or a new assignee; at least one must change.</summary>
    public Result Reschedule(Actor actor, Person assignee, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, string facilityTimeZoneId = "UTC", bool overrideDueDate = false) =>
        Transition(WorkOrderAction.Reschedule, actor, now, DescribeReschedule(assignee, start, end),
            () =>
            {
                var errors = ValidateAssignee(assignee).Concat(ValidateWindow(start, end)).ToList();
                if (errors.Count == 0 && assignee.Id == AssigneeId && start == ScheduledStart && end == ScheduledEnd)
                {
                    errors.Add("Nothing to change: pick another time or another assignee.");
                }
                return errors;
            },
            () =>
            {
                AssigneeId = assignee.Id;
                SetVisit(start, end);
            },
            DueDateCheck(end, facilityTimeZoneId, overrideDueDate));

    /// <summary>Sends the work order to a service provider linked to the facility; its admins choose technician and time.</summary>
    public Result DispatchToProvider(Actor actor, ProviderChoice provider, DateTimeOffset? requestedStart, DateTimeOffset? requestedEnd, string? note, DateTimeOffset now) =>
        Transition(WorkOrderAction.DispatchToProvider, actor, now, Clean(note),
            () =>
            {
                var errors = new List<string>();
                if (!provider.ServesFacility) errors.Add($"{provider.Name} does not serve this facility: choose a linked service provider.");
                if (requestedStart is null != requestedEnd is null) errors.Add("Give both ends of the requested window, or neither.");
                else if (requestedStart is { } rs && requestedEnd is { } re) errors.AddRange(ValidateWindow(rs, re));
                errors.AddRange(ValidateOptionalText(note, "note"));
                return errors;
            },
            () =>
            {
                ProviderId = provider.Id;
                RequestedStart = requestedStart?.ToUniversalTime();
                RequestedEnd = requestedEnd?.ToUniversalTime();
                DispatchedToProviderAt = now;
                ResponseDueAt = now.AddHours(provider.RespondWithinHours);
                ResponseOverdueNotifiedAt = null;
                AssigneeId = null;
                SetVisit(null, null);
            });

    /// <summary>The provider's admin takes the work: one of the provider's technicians and a time, inside the requested window or not.</summary>
    /// <remarks>The same red-tag warning as <see cref="Dispatch"/>: a visit ending after the due date needs confirming.</remarks>
    public Result Accept(Actor actor, Person technician, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, string facilityTimeZoneId = "UTC", bool overrideDueDate = false) =>
        Transition(WorkOrderAction.Accept, actor, now,
            WithinRequestedWindow(RequestedStart, RequestedEnd, start.ToUniversalTime(), end.ToUniversalTime()) == false ? "outside the requested window" : null,
            () => ValidateAssignee(technician).Concat(ValidateWindow(start, end)),
            () =>
            {
                AssigneeId = technician.Id;
                SetVisit(start, end);
            },
            DueDateCheck(end, facilityTimeZoneId, overrideDueDate));

    /// <summary>The provider's admin refuses the work; it is Approved again, for the submitter to dispatch anew.</summary>
    public Result Decline(Actor actor, string reason, DateTimeOffset now) =>
        Transition(WorkOrderAction.Decline, actor, now, Clean(reason),
            () => ValidateRequiredText(reason, "A reason for declining"),
            () =>
            {
                ProviderId = null;
                RequestedStart = RequestedEnd = null;
                DispatchedToProviderAt = ResponseDueAt = ResponseOverdueNotifiedAt = null;
            });

    /// <param name="photos">How many photos of the finished work come with the resolution.</param>
    /// <param name="photoRequired">The company's setting "a resolution needs at least one photo".</param>
    public Result Resolve(Actor actor, string resolutionNote, DateTimeOffset now, int photos = 0, bool photoRequired = false) =>
        Transition(WorkOrderAction.Resolve, actor, now, Clean(resolutionNote),
            () => ValidateRequiredText(resolutionNote, "A resolution note").Concat(photoRequired && photos == 0
                ? ["Your company requires at least one photo of the finished work to resolve: add a photo."]
                : []),
            () => actionItems.ForEach(i => i.MarkResolved()));

    public Result Reset(Actor actor, DateTimeOffset now) =>
        Transition(WorkOrderAction.Reset, actor, now, null, () => [], () => ApproverId = null);

    public Result Close(Actor actor, string? comment, DateTimeOffset now) =>
        Transition(WorkOrderAction.Close, actor, now, Clean(comment),
            () => ValidateOptionalText(comment, "comment"),
            () => actionItems.ForEach(i => i.MarkClosed($"Closed with {Number}, not fixed.")));

    public Result AddNote(Actor actor, string text, DateTimeOffset now)
    {
        if (!IsParticipant(actor)) return Result.NotAllowed("Only people taking part in this work order may add notes.");
        var errors = ValidateRequiredText(text, "A note").Select(e => new FieldError("Text", e)).ToList();
        if (errors.Count > 0) return Result.Invalid(errors);
        notes.Add(new WorkOrderNote(actor.UserId, text.Trim(), now));
        return Result.Ok();
    }

    /// <summary>
    /// The red-tag warning: a visit that ends after the earliest due date is refused with a warning unless the person
    /// confirmed it; a confirmed one is recorded in the history as an override of the due date.
    /// </summary>
    private Func<(Result? Warning, string? Note)> DueDateCheck(DateTimeOffset end, string facilityTimeZoneId, bool overrideDueDate) => () =>
    {
        if (!DueDates.EndsAfter(DueDate, end, facilityTimeZoneId)) return (null, null);
        var due = DueDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return overrideDueDate
            ? (null, $"Due date {due} overridden: the visit ends after it.")
            : (Result.NeedsConfirmation($"The visit ends after the due date {due} of an action item in {Number}; the site risks a red tag. Schedule it anyway?"), null);
    };

    private static DateOnly? EarliestDue(IEnumerable<ActionItem> items) =>
        items.Where(i => i.Status == ActionItemStatus.Open).Min(i => i.DueDate);

    private Result Transition(WorkOrderAction action, Actor actor, DateTimeOffset now, string? comment, Func<IEnumerable<string>> validate, Action apply,
        Func<(Result? Warning, string? Note)>? warn = null)
    {
        var facts = LifecycleActions.Of(action);
        var rule = WorkOrderLifecycle.Find(Status, action);
        if (rule is null) return Result.NotAllowed($"A work order that is {Status} cannot be {facts.Past}.");
        if (!WorkOrderLifecycle.Holds(this, rule.When)) return Result.NotAllowed($"{Number} cannot be {facts.Past}: {WorkOrderLifecycle.Describe(rule.When)}.");
        if (!WorkOrderLifecycle.IsParty(this, actor, rule.Who)) return Result.NotAllowed($"Only {WorkOrderLifecycle.Describe(rule.Who)} may {facts.Verb} this work order.");

        var errors = validate().ToList();
        if (errors.Count > 0) return Result.Invalid(errors);
        var (warning, overrideNote) = warn?.Invoke() ?? (null, null);
        if (warning is not null) return warning;

        apply();
        var from = Status;
        Status = rule.To;
        UpdatedAt = now;
        Version++;
        history.Add(new WorkOrderHistoryEntry(action, from, rule.To, actor.UserId, now,
            overrideNote is null ? comment : string.Join(" ", new[] { comment is null ? null : comment + ".", overrideNote }.OfType<string>()))
        {
            DueDateOverridden = overrideNote is not null,
        });
        return Result.Ok();
    }

    private IEnumerable<string> ValidateApprover(Person approver, Actor submitter)
    {
        if (approver.OrganizationId != CompanyId) { yield return "The approver must be a user of the facility's company."; yield break; }
        if (approver.Id == submitter.UserId) { yield return "You cannot approve your own work order: choose someone else."; yield break; }
        if (!approver.IsActive) { yield return $"{approver.DisplayName} is disabled and cannot approve."; yield break; }
        if (CreatedByKind == OrganizationKind.ServiceProvider && approver.Role != OrganizationRole.Admin)
        {
            yield return "A work order created by a service provider must be approved by a company admin.";
        }
    }

    private IEnumerable<string> ValidateAssignee(Person assignee)
    {
        if (assignee.OrganizationId != AssigningOrganizationId)
        {
            yield return ProviderId is not null ? "The technician must be one of the service provider's people."
                : CreatedByKind == OrganizationKind.Company
                ? "The assignee must be a user of the company."
                : "The assignee must be a user of the service provider that created the work order.";
        }
        else if (!assignee.IsActive) yield return $"{assignee.DisplayName} is disabled and cannot be assigned.";
    }

    /// <summary>The users <see cref="Submit"/> accepts as approver; kept beside its validation so the two cannot drift.</summary>
    public Expression<Func<AppUser, bool>> ApproverCandidates(string submitterId)
    {
        var companyId = CompanyId;
        var adminsOnly = CreatedByKind == OrganizationKind.ServiceProvider;
        return u => u.IsActive && u.OrganizationId == companyId && u.Id != submitterId && (!adminsOnly || u.Role == OrganizationRole.Admin);
    }

    /// <summary>The users <see cref="Dispatch"/> and <see cref="Reschedule"/> accept as assignee.</summary>
    public Expression<Func<AppUser, bool>> AssigneeCandidates()
    {
        var organizationId = AssigningOrganizationId;
        return u => u.IsActive && u.OrganizationId == organizationId;
    }

    /// <summary>Whose people do the work: the provider it is dispatched to, else the creator's organisation.</summary>
    private int AssigningOrganizationId => ProviderId ?? CreatedByOrganizationId;

    /// <summary>The one place a visit is set or cleared, its length marker with it.</summary>
    private void SetVisit(DateTimeOffset? start, DateTimeOffset? end)
    {
        ScheduledStart = start?.ToUniversalTime();
        ScheduledEnd = end?.ToUniversalTime();
        IsLongVisit = ScheduledEnd - ScheduledStart > ShortVisitLength;
    }

    private static IEnumerable<string> ValidateWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start) yield return "The end must be after the start.";
        else if (end - start > MaxScheduleLength) yield return "A visit may last at most 31 days.";
    }

    /// <summary>A draft's own rules, for a form to check as it is filled in; saving checks them again with the items' facility and status.</summary>
    public static IEnumerable<string> ValidateDraft(string? title, int itemCount, IReadOnlyCollection<EstimateLineInput> lines) =>
        ValidateTitle(title).Concat(itemCount == 0 ? [NoItems] : []).Concat(ValidateLines(lines));

    private const string NoItems = "Add at least one action item.";

    private static IEnumerable<string> ValidateTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) yield return "A title is required.";
        else if (title.Trim().Length > MaxTitleLength) yield return $"The title may have at most {MaxTitleLength} characters.";
    }

    private static IEnumerable<string> ValidateItems(IReadOnlyCollection<ActionItem> items, int facilityId, WorkOrder? self)
    {
        if (items.Count == 0) yield return NoItems;
        foreach (var item in items)
        {
            if (item.FacilityId != facilityId) yield return $"\"{item.Title}\" belongs to another facility.";
            else if (item.Status != ActionItemStatus.Open) yield return $"\"{item.Title}\" is {item.Status.ToString().ToLowerInvariant()} and cannot be added.";
            else if (item.IsInActiveWorkOrder && (self is null || !item.IsHeldBy(self)))
            {
                yield return item.WorkOrderId is { } other ? $"\"{item.Title}\" is already in {FormatNumber(other)}." : $"\"{item.Title}\" is already in another work order.";
            }
        }
    }

    /// <summary>Every problem of an estimate, as the editor shows them before saving and as saving refuses them.</summary>
    public static IEnumerable<string> ValidateLines(IReadOnlyCollection<EstimateLineInput> lines)
    {
        if (lines.Count > MaxEstimateLines) yield return $"An estimate may have at most {MaxEstimateLines} lines.";
        var n = 0;
        foreach (var line in lines)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line.Description)) yield return $"Estimate line {n}: a description is required.";
            if (EstimateLimits.QuantityProblem(line.Quantity) is { } quantity) yield return $"Estimate line {n}: the quantity {quantity}";
            if (EstimateLimits.UnitPriceProblem(line.UnitPrice) is { } price) yield return $"Estimate line {n}: the unit price {price}";
        }
    }

    private static IEnumerable<string> ValidateRequiredText(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) yield return $"{what} is required.";
        else if (text.Trim().Length > MaxTextLength) yield return $"{what} may have at most {MaxTextLength} characters.";
    }

    private static IEnumerable<string> ValidateOptionalText(string? text, string what)
    {
        if (text is not null && text.Trim().Length > MaxTextLength) yield return $"The {what} may have at most {MaxTextLength} characters.";
    }

    private string? DescribeReschedule(Person assignee, DateTimeOffset start, DateTimeOffset end)
    {
        var parts = new List<string>();
        if (start != ScheduledStart || end != ScheduledEnd) parts.Add("new time");
        if (assignee.Id != AssigneeId) parts.Add($"reassigned to {assignee.DisplayName}");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
