using Microsoft.AspNetCore.Http.HttpResults;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Common;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;

namespace WorkOrders.Web.Api;

/// <summary>
/// The REST API at /api/v1. Every endpoint asks the same WorkOrders.Core use case or query a page asks, with
/// the Actor of the key's user, and turns its result into HTTP in <see cref="ApiResults"/>; none holds a rule.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    public static IEndpointRouteBuilder MapWorkOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(ApiRegistration.ReadPolicy)
            .RequireRateLimiting(ApiRegistration.RateLimitPolicy)
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/me", (HttpContext http) => TypedResults.Ok(new MeResponse(
                Actor(http).UserId, Actor(http).OrganizationId, Actor(http).OrganizationKind.ToString(), Actor(http).Role.ToString(),
                int.Parse(http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)!.Value, System.Globalization.CultureInfo.InvariantCulture),
                http.User.FindFirst(ApiKeyAuthenticationHandler.ScopeClaim)!.Value)))
            .WithTags("Account").WithName("GetMe").WithSummary("Who the key acts as")
            .WithDescription("The user, organisation and role the key acts as, and the key's scope. A key has its user's rights as they are now.");

        MapFacilities(api.MapGroup("/facilities").WithTags("Facilities"));
        MapActionItems(api);
        MapWorkOrders(api.MapGroup("/work-orders").WithTags("Work orders"));
        MapUsers(api.MapGroup("/users").WithTags("Users"));
        ApiFileEndpoints.MapFiles(api);
        // Without it an unknown API address would fall to the pages' sign-in redirect.
        api.Map("/{**rest}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such API address."))
            .ExcludeFromDescription();
        return app;
    }

    private static Actor Actor(HttpContext http) => ActorClaims.ToActor(http.User)!;

    private static RouteHandlerBuilder Writes(this RouteHandlerBuilder route) =>
        route.RequireAuthorization(ApiRegistration.WritePolicy).ProducesProblem(StatusCodes.Status403Forbidden);

    private static RouteHandlerBuilder Versioned(this RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    private static void MapFacilities(RouteGroupBuilder facilities)
    {
        facilities.MapGet("/", async (HttpContext http, FacilityQueries queries, string? search, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(Actor(http), search, ct)))
            .WithName("ListFacilities").WithSummary("List facilities")
            .WithDescription("The facilities the key's user may see, with their open action items and active work orders; `search` matches name or address.");

        facilities.MapGet("/{id:int}", async Task<IResult> (int id, HttpContext http, FacilityQueries queries, CancellationToken ct) =>
                await queries.GetAsync(Actor(http), id, ct) is var r && r.IsOk ? TypedResults.Ok(r.Value) : ApiResults.Problem(r, http))
            .Produces<FacilityDetail>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetFacility").WithSummary("Get a facility").WithDescription("Another organisation's facility is not found, exactly like a missing one.");
    }

    private static void MapActionItems(RouteGroupBuilder api)
    {
        var byFacility = api.MapGroup("/facilities/{facilityId:int}/action-items").WithTags("Action items");
        byFacility.MapGet("/", async Task<IResult> (int facilityId, HttpContext http, ActionItemQueries queries, ActionItemStatus? status, Priority? priority,
                bool? inWorkOrder, bool? available, string? search, DueFilter? due, CancellationToken ct) =>
            {
                // "In an active work order" is an open item that is not available; both filters are Core's one rule.
                var filter = new ActionItemListFilter(Status: status, Priority: priority, Search: search, Due: due ?? DueFilter.Any, Available: available);
                if (inWorkOrder == true) filter = filter with { Status = ActionItemStatus.Open, Available = false };
                var r = await queries.ListAsync(Actor(http), facilityId, filter, ct);
                if (!r.IsOk) return ApiResults.Problem(r, http);
                IEnumerable<ActionItemRow> list = r.Value!.Items;
                if (inWorkOrder == false) list = list.Where(i => !i.IsInActiveWorkOrder);
                return TypedResults.Ok(list.ToList());
            })
            .Produces<List<ActionItemRow>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListActionItems").WithSummary("List a facility's action items")
            .WithDescription("Open items first, soonest due, most urgent. Filters: `status` (Open, Resolved, Closed), `priority`, `search` (title, description or source), " +
                             "`due` (Overdue, DueSoon), `available` (true: open and in no work order, so it may go into a new one), `inWorkOrder` (true: held by an active work order).");

        byFacility.MapPost("/", async Task<IResult> (int facilityId, ActionItemRequest body, HttpContext http, ActionItemService items, CancellationToken ct) =>
            {
                var r = await items.CreateAsync(Actor(http), facilityId, ToInput(body), ct);
                if (!r.IsOk) return ApiResults.Problem(r, http, "title");
                var created = await http.RequestServices.GetRequiredService<ActionItemQueries>().GetAsync(Actor(http), r.Value, ct);
                http.Response.Headers.ETag = ApiResults.ETag(created.Value!.Version);
                return TypedResults.Created($"{Prefix}/action-items/{r.Value}", created.Value);
            })
            .Writes().Produces<ActionItemRow>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateActionItem").WithSummary("Record an action item")
            .WithDescription("People of the company that owns the facility record its action items; anyone else gets 403.");

        var items = api.MapGroup("/action-items").WithTags("Action items");
        items.MapGet("/{id:int}", async Task<IResult> (int id, HttpContext http, ActionItemService service, CancellationToken ct) =>
                await CurrentItemAsync(http, id, ct))
            .Produces<ActionItemRow>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetActionItem").WithSummary("Get an action item").WithDescription("Its version is the ETag; send it back in If-Match to change the item.");

        items.MapPut("/{id:int}", async Task<IResult> (int id, ActionItemRequest body, HttpContext http, ActionItemService service, CancellationToken ct) =>
            {
                var (version, problem) = ApiResults.ExpectedVersion(http, body.Version);
                if (problem is not null) return problem;
                var r = await service.UpdateAsync(Actor(http), id, version, ToInput(body), ct);
                return r.IsOk ? await CurrentItemAsync(http, id, ct) : ApiResults.Problem(r, http, "title");
            })
            .Writes().Versioned().Produces<ActionItemRow>()
            .WithName("UpdateActionItem").WithSummary("Change an action item")
            .WithDescription("Only an open item outside an active work order may be changed. Send If-Match with the ETag you read: a stale one is 412.");

        items.MapPost("/{id:int}/close", async Task<IResult> (int id, CloseActionItemRequest body, HttpContext http, ActionItemService service, CancellationToken ct) =>
            {
                var (version, problem) = ApiResults.ExpectedVersion(http, body.Version);
                if (problem is not null) return problem;
                var r = await service.CloseAsync(Actor(http), id, version, body.Reason, ct);
                return r.IsOk ? await CurrentItemAsync(http, id, ct) : ApiResults.Problem(r, http, "reason");
            })
            .Writes().Versioned().Produces<ActionItemRow>()
            .WithName("CloseActionItem").WithSummary("Close an action item without a work order").WithDescription("The reason is required.");

        items.MapPost("/import", async Task<IResult> (ImportActionItemsRequest body, HttpContext http, ActionItemImport import, CancellationToken ct) =>
            {
                if (body.Rows is null) return ApiResults.Invalid("rows", "Send the rows to import.");
                var r = await import.ImportRowsAsync(Actor(http), body.Rows, body.FacilityId, ct);
                return r.IsOk ? TypedResults.Ok(new ImportActionItemsResponse(r.Value)) : ApiResults.Problem(r, http, "rows");
            })
            .Writes().Produces<ImportActionItemsResponse>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ImportActionItems").WithSummary("Import many action items")
            .WithDescription("The same checks as the CSV import (facility by name or id, priority, due date yyyy-MM-dd, no duplicate open titles). All rows are imported or none; the 422 lists each rejected row.");
    }

    private static async Task<IResult> CurrentItemAsync(HttpContext http, int id, CancellationToken ct)
    {
        var current = await http.RequestServices.GetRequiredService<ActionItemQueries>().GetAsync(Actor(http), id, ct);
        return current.IsOk ? ApiResults.WithETag(http, current.Value!, current.Value!.Version) : ApiResults.Problem(current, http);
    }

    private static ActionItemInput ToInput(ActionItemRequest body) =>
        new(body.Title ?? "", body.Description, body.Priority ?? Priority.Medium, body.Source, body.DueDate);

    private static void MapWorkOrders(RouteGroupBuilder workOrders)
    {
        workOrders.MapGet("/", async (HttpContext http, WorkOrderQueries queries, WorkOrderStatus? status, int? facilityId, WorkOrderScope? scope,
                string? search, int? page, int? pageSize, DateOnly? createdFrom, DateOnly? createdTo, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(Actor(http), new WorkOrderFilter(scope ?? WorkOrderScope.All, status, facilityId, search,
                    Math.Max(page ?? 0, 0), Math.Clamp(pageSize ?? 25, 1, WorkOrderQueries.MaxPageSize), CreatedFrom: createdFrom, CreatedTo: createdTo), ct)))
            .WithName("ListWorkOrders").WithSummary("List work orders")
            .WithDescription("Newest first, paged (`page` from 0, `pageSize` up to 200). Filters: `status`, `facilityId`, `scope` (All, WaitingForMe, CreatedByMe, AssignedToMe), `search` (title or number such as WO-000123), `createdFrom` and `createdTo` (days such as 2026-11-01, both included, in the organisation's time zone). `totalIsCapped` means there are more than `totalCount`.");

        workOrders.MapGet("/{id:int}", async Task<IResult> (int id, HttpContext http, WorkOrderQueries queries, CancellationToken ct) =>
                await CurrentWorkOrderAsync(queries, http, id, ct))
            .Produces<WorkOrderDetail>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetWorkOrder").WithSummary("Get a work order")
            .WithDescription("With its action items, notes, estimate lines and history, and `allowedActions`: exactly the steps the key's user may take now. The version is the ETag.");

        workOrders.MapPost("/", async Task<IResult> (CreateWorkOrderRequest body, HttpContext http, WorkOrderService service, WorkOrderQueries queries, CancellationToken ct) =>
            {
                var r = await service.CreateAsync(Actor(http), body.FacilityId, body.Title ?? "", body.ActionItemIds ?? [], ct);
                if (!r.IsOk) return ApiResults.Problem(r, http, "title");
                var created = await queries.GetAsync(Actor(http), r.Value, ct);
                http.Response.Headers.ETag = ApiResults.ETag(created.Value!.Version);
                return TypedResults.Created($"{Prefix}/work-orders/{r.Value}", created.Value);
            })
            .Writes().Produces<WorkOrderDetail>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateWorkOrder").WithSummary("Create a draft work order")
            .WithDescription("A company user at its own facility, or an admin of a linked provider, bundles open action items of one facility into a draft.");

        workOrders.MapPut("/{id:int}", async Task<IResult> (int id, EditWorkOrderRequest body, HttpContext http, WorkOrderService service, WorkOrderQueries queries, CancellationToken ct) =>
            {
                var (version, problem) = ApiResults.ExpectedVersion(http, body.Version);
                if (problem is not null) return problem;
                var r = await service.EditAsync(Actor(http), id, version, new WorkOrderDraft(body.Title ?? "", body.ActionItemIds ?? [], body.EstimateLines ?? []), ct);
                return r.IsOk ? await CurrentWorkOrderAsync(queries, http, id, ct) : ApiResults.Problem(r, http, "draft");
            })
            .Writes().Versioned().Produces<WorkOrderDetail>()
            .WithName("EditWorkOrder").WithSummary("Edit a draft")
            .WithDescription(Describe(WorkOrderAction.Edit) + " The title, action items and estimate lines replace the saved ones.");

        // One endpoint per action of the lifecycle table: a new row for a known action needs no code here.
        foreach (var action in WorkOrderLifecycle.Rules.Select(r => r.Action).Distinct().Where(a => a != WorkOrderAction.Edit))
        {
            workOrders.MapPost($"/{{id:int}}/{action.ToString().ToLowerInvariant()}", async Task<IResult> (
                    int id, TransitionRequest? body, HttpContext http, WorkOrderService service, WorkOrderQueries queries, CancellationToken ct) =>
                {
                    body ??= new TransitionRequest();
                    var (version, problem) = ApiResults.ExpectedVersion(http, body.Version);
                    if (problem is not null) return problem;
                    var (result, field) = await TransitionAsync(service, Actor(http), action, id, version, body, ct);
                    return result.IsOk ? await CurrentWorkOrderAsync(queries, http, id, ct) : ApiResults.Problem(result, http, field);
                })
                .Writes().Versioned().Produces<WorkOrderDetail>()
                .WithName($"{action}WorkOrder")
                .WithSummary($"{char.ToUpperInvariant(LifecycleActions.Of(action).Verb[0])}{LifecycleActions.Of(action).Verb[1..]}")
                .WithDescription(Describe(action));
        }

        workOrders.MapPost("/{id:int}/notes", async Task<IResult> (int id, NoteRequest body, HttpContext http, WorkOrderService service, WorkOrderQueries queries, CancellationToken ct) =>
            {
                var r = await service.AddNoteAsync(Actor(http), id, body.Text ?? "", body.FileIds, ct);
                return r.IsOk ? await CurrentWorkOrderAsync(queries, http, id, ct) : ApiResults.Problem(r, http, "text");
            })
            .Writes().Produces<WorkOrderDetail>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("AddWorkOrderNote").WithSummary("Add a note")
            .WithDescription("Anyone taking part in the work order may add notes; notes are never edited, so no version is needed. " +
                             "Files join a note as it is added: their draft ids from POST /work-orders/{id}/note-files go in `fileIds`.");

        workOrders.MapGet("/{id:int}/approver-candidates", async Task<IResult> (int id, HttpContext http, WorkOrderQueries queries, CancellationToken ct) =>
                await queries.ApproverCandidatesAsync(Actor(http), id, ct) is var r && r.IsOk ? TypedResults.Ok(r.Value) : ApiResults.Problem(r, http))
            .Produces<IReadOnlyList<PersonOption>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListApproverCandidates").WithSummary("Whom the work order may be submitted to");

        workOrders.MapGet("/{id:int}/assignee-candidates", async Task<IResult> (int id, HttpContext http, WorkOrderQueries queries, CancellationToken ct) =>
                await queries.AssigneeCandidatesAsync(Actor(http), id, ct) is var r && r.IsOk ? TypedResults.Ok(r.Value) : ApiResults.Problem(r, http))
            .Produces<IReadOnlyList<PersonOption>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListAssigneeCandidates").WithSummary("Whom the work order may be dispatched or reassigned to");
    }

    /// <summary>The use case of each lifecycle action (from its record), and the request field its refusals are about.</summary>
    private static async Task<(Result Result, string Field)> TransitionAsync(
        WorkOrderService service, Actor actor, WorkOrderAction action, int id, int version, TransitionRequest body, CancellationToken ct)
    {
        var facts = LifecycleActions.Of(action);
        if (facts.Form is ActionForm.Editor or ActionForm.Provider)
            return (Result.NotAllowed($"The API does not take the step {action} yet; use the web app."), "request");
        var text = facts.InputName switch
        {
            "comment" => body.Comment,
            "reason" => body.Reason,
            "resolutionNote" => body.ResolutionNote,
            _ => null,
        };
        // A missing time goes to Core as an empty one: Core finds the work order first (404), then refuses the window (422).
        var person = facts.InputName == "approverId" ? body.ApproverId : body.AssigneeId;
        var input = new ActionInput(text, person, body.Start ?? default(DateTimeOffset), body.End ?? default(DateTimeOffset), Confirmed: body.OverrideDueDate == true,
            PhotoIds: body.PhotoIds);
        return (await service.TakeAsync(actor, id, version, action, input, ct), facts.InputName);
    }

    /// <summary>What the lifecycle table says of an action: from which status to which, and who may take it.</summary>
    private static string Describe(WorkOrderAction action) =>
        string.Join(" ", WorkOrderLifecycle.Rules.Where(r => r.Action == action)
            .Select(r => $"{r.From} → {r.To}, by {WorkOrderLifecycle.Describe(r.Who)}.")) +
        " Send If-Match with the ETag you read; a stale one is 412. A step you may not take now is 403; invalid input 422.";

    private static async Task<IResult> CurrentWorkOrderAsync(WorkOrderQueries queries, HttpContext http, int id, CancellationToken ct)
    {
        var current = await queries.GetAsync(Actor(http), id, ct);
        return current.IsOk ? ApiResults.WithETag(http, current.Value!, current.Value!.Version) : ApiResults.Problem(current, http);
    }

    private static void MapUsers(RouteGroupBuilder users)
    {
        users.MapGet("/", async (HttpContext http, OrganizationPeople people, CancellationToken ct) => TypedResults.Ok(await people.ListAsync(Actor(http), ct)))
            .WithName("ListUsers").WithSummary("List the people of your organisation")
            .WithDescription("Their ids are what submit (approverId) and dispatch (assigneeId) take.");
        users.MapGet("/{id}", async Task<IResult> (string id, HttpContext http, OrganizationPeople people, CancellationToken ct) =>
                await people.GetAsync(Actor(http), id, ct) is { } person ? TypedResults.Ok(person) : ApiResults.Problem(Result.NotFound("The user"), http))
            .Produces<OrganizationPerson>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetUser").WithSummary("Get a person of your organisation");
    }
}
