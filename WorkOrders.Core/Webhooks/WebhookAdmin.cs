using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Core.Webhooks;

public sealed record WebhookEndpointRow(
    int Id, string Url, string Description, IReadOnlyList<string> Events, WebhookEndpointStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? PausedAt, string? PausedReason, int ConsecutiveFailures, int Queued, int Dead, DateTimeOffset? PreviousSecretUntil = null);

public sealed record WebhookDeliveryRow(
    Guid Id, int EndpointId, string EndpointUrl, string Event, WebhookDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError);

public sealed record WebhookAttemptRow(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);

/// <summary>An endpoint just registered: <see cref="Secret"/> is shown this once.</summary>
public sealed record CreatedWebhookEndpoint(int Id, string Secret);

/// <summary>
/// An organisation's admin registers, pauses, resumes and removes its webhook endpoints and follows and
/// redelivers their deliveries. Everything is scoped to the admin's organisation; another's is not found.
/// </summary>
public sealed class WebhookAdmin(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, IOptions<WebhookOptions> options, WebhookSignal signal)
{
    public const int MaxEndpoints = 10;
    public const int MaxDescriptionLength = 200;
    public const int MinSecretLength = 16;

    public static bool MayManage(Actor actor) => AdminAccess.MayManageUsers(actor);

    public async Task<Result<IReadOnlyList<WebhookEndpointRow>>> ListEndpointsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!MayManage(actor)) return Result<IReadOnlyList<WebhookEndpointRow>>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await db.WebhookEndpoints.Where(e => e.OrganizationId == actor.OrganizationId)
            .OrderBy(e => e.Id)
            .Select(e => new
            {
                Endpoint = e,
                Queued = db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && d.Status == WebhookDeliveryStatus.Queued),
                Dead = db.WebhookDeliveries.Count(d => d.EndpointId == e.Id && d.Status == WebhookDeliveryStatus.Dead),
            })
            .ToListAsync(ct);
        return Result<IReadOnlyList<WebhookEndpointRow>>.Ok(rows.Select(r => new WebhookEndpointRow(
            r.Endpoint.Id, r.Endpoint.Url, r.Endpoint.Description, r.Endpoint.EventList, r.Endpoint.Status, r.Endpoint.CreatedAt,
            r.Endpoint.PausedAt, r.Endpoint.PausedReason, r.Endpoint.ConsecutiveFailures, r.Queued, r.Dead,
            r.Endpoint.PreviousSecretUntil > now ? r.Endpoint.PreviousSecretUntil : null)).ToList());
    }

    /// <param name="secret">Empty: a random secret is made.</param>
    public async Task<Result<CreatedWebhookEndpoint>> CreateEndpointAsync(Actor actor, string url, string? description, IReadOnlyCollection<string> events, string? secret = null, CancellationToken ct = default)
    {
        if (!MayManage(actor)) return Result<CreatedWebhookEndpoint>.From(NotAdmin);
        var errors = new List<FieldError>();
        if (WebhookAddressPolicy.Problem(url, options.Value.AllowPrivateAddresses) is { } urlProblem) errors.Add(new("Url", urlProblem));
        if (description is { Length: > MaxDescriptionLength }) errors.Add(new("Description", $"The description may have at most {MaxDescriptionLength} characters."));
        var known = WebhookEvents.All;
        if (events.Count == 0) errors.Add(new("Events", "Choose at least one event."));
        if (events.FirstOrDefault(e => !known.Contains(e)) is { } unknown) errors.Add(new("Events", $"Unknown event \"{unknown}\"."));
        if (!string.IsNullOrEmpty(secret) && (secret.Length < MinSecretLength || secret.Length > 200)) errors.Add(new("Secret", $"A secret needs {MinSecretLength} to 200 characters."));
        if (errors.Count > 0) return Result<CreatedWebhookEndpoint>.From(Result.Invalid(errors));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.WebhookEndpoints.CountAsync(e => e.OrganizationId == actor.OrganizationId, ct) >= MaxEndpoints)
        {
            return Result<CreatedWebhookEndpoint>.From(Result.Invalid($"An organisation may have at most {MaxEndpoints} endpoints."));
        }
        var key = string.IsNullOrEmpty(secret) ? NewSecret() : secret;
        var endpoint = new WebhookEndpoint(actor.OrganizationId, url.Trim(), description?.Trim() ?? "", known.Where(events.Contains), key, actor.UserId, clock.GetUtcNow());
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        return new CreatedWebhookEndpoint(endpoint.Id, key);
    }

    /// <summary>
    /// Gives the endpoint a new random secret, shown this once. For <see cref="WebhookOptions.SecretRotationGrace"/>
    /// deliveries are signed by both keys, so the receiver can change its key without refusing one in between.
    /// </summary>
    public async Task<Result<string>> RotateSecretAsync(Actor actor, int id, CancellationToken ct = default)
    {
        var secret = NewSecret();
        var result = await ChangeEndpointAsync(actor, id, (_, e) =>
        {
            e.RotateSecret(secret, clock.GetUtcNow() + options.Value.SecretRotationGrace);
            return Task.CompletedTask;
        }, ct);
        return result.IsOk ? secret : Result<string>.From(result);
    }

    private static string NewSecret() => "whsec_" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public Task<Result> PauseAsync(Actor actor, int id, CancellationToken ct = default) =>
        ChangeEndpointAsync(actor, id, async (db, e) =>
        {
            e.Status = WebhookEndpointStatus.Paused;
            e.PausedAt = clock.GetUtcNow();
            e.PausedReason = "Paused by an admin.";
            await Task.CompletedTask;
        }, ct);

    /// <summary>Resumes the endpoint; what waited for it is due at once.</summary>
    public Task<Result> ResumeAsync(Actor actor, int id, CancellationToken ct = default) =>
        ChangeEndpointAsync(actor, id, async (db, e) =>
        {
            e.Status = WebhookEndpointStatus.Active;
            e.PausedAt = null;
            e.PausedReason = null;
            e.ConsecutiveFailures = 0;
            e.FailingSince = null;
            var now = clock.GetUtcNow();
            await db.WebhookDeliveries.Where(d => d.EndpointId == e.Id && d.Status == WebhookDeliveryStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now), ct);
            db.SavedChanges += (_, _) => signal.Wake();
        }, ct);

    /// <summary>Removes the endpoint with its deliveries and their log.</summary>
    public Task<Result> DeleteAsync(Actor actor, int id, CancellationToken ct = default) =>
        ChangeEndpointAsync(actor, id, (db, e) =>
        {
            db.WebhookEndpoints.Remove(e);
            return Task.CompletedTask;
        }, ct);

    public async Task<Result<Page<WebhookDeliveryRow>>> ListDeliveriesAsync(
        Actor actor, int? endpointId = null, WebhookDeliveryStatus? status = null, int pageIndex = 0, int pageSize = 25, CancellationToken ct = default)
    {
        if (!MayManage(actor)) return Result<Page<WebhookDeliveryRow>>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.WebhookDeliveries.Where(d => d.OrganizationId == actor.OrganizationId);
        if (endpointId is { } e) query = query.Where(d => d.EndpointId == e);
        if (status is { } s) query = query.Where(d => d.Status == s);
        var size = Math.Clamp(pageSize, 1, 200);
        var index = Math.Max(pageIndex, 0);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.CreatedAt)
            .Skip(index * size).Take(size)
            .Select(d => new WebhookDeliveryRow(d.Id, d.EndpointId, db.WebhookEndpoints.Where(x => x.Id == d.EndpointId).Select(x => x.Url).FirstOrDefault() ?? "",
                d.Event, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt, d.LastStatusCode, d.LastError))
            .ToListAsync(ct);
        return Result<Page<WebhookDeliveryRow>>.Ok(new Page<WebhookDeliveryRow>(rows, total, index, size));
    }

    public async Task<Result<IReadOnlyList<WebhookAttemptRow>>> AttemptsAsync(Actor actor, Guid deliveryId, CancellationToken ct = default)
    {
        if (!MayManage(actor)) return Result<IReadOnlyList<WebhookAttemptRow>>.From(NotAdmin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.WebhookDeliveries.AnyAsync(d => d.Id == deliveryId && d.OrganizationId == actor.OrganizationId, ct))
        {
            return Result<IReadOnlyList<WebhookAttemptRow>>.From(Result.NotFound("The delivery"));
        }
        var rows = await db.WebhookAttempts.Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id)
            .Select(a => new WebhookAttemptRow(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToListAsync(ct);
        return Result<IReadOnlyList<WebhookAttemptRow>>.Ok(rows);
    }

    /// <summary>Sends a delivery again, whatever became of it: the same id and body, a fresh signature.</summary>
    public async Task<Result> RedeliverAsync(Actor actor, Guid deliveryId, CancellationToken ct = default)
    {
        if (!MayManage(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var changed = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.OrganizationId == actor.OrganizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Queued).SetProperty(d => d.NextAttemptAt, now), ct);
        if (changed == 0) return Result.NotFound("The delivery");
        signal.Wake();
        return Result.Ok();
    }

    private async Task<Result> ChangeEndpointAsync(Actor actor, int id, Func<WorkOrdersDbContext, WebhookEndpoint, Task> change, CancellationToken ct)
    {
        if (!MayManage(actor)) return NotAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id && e.OrganizationId == actor.OrganizationId, ct);
        if (endpoint is null) return Result.NotFound("The endpoint");
        await change(db, endpoint);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    private static Result NotAdmin => Result.NotAllowed("Only an admin of the organisation may manage its webhooks.");
}
