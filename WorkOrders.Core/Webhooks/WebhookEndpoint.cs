namespace WorkOrders.Core.Webhooks;

public enum WebhookEndpointStatus { Active, Paused }

public enum WebhookDeliveryStatus { Queued, Delivered, Dead }

/// <summary>An address of another system that an organisation's admin asked to be told of events at.</summary>
public sealed class WebhookEndpoint
{
    private WebhookEndpoint() { }

    internal WebhookEndpoint(int organizationId, string url, string description, IEnumerable<string> events, string secret, string createdById, DateTimeOffset createdAt)
    {
        OrganizationId = organizationId;
        Url = url;
        Description = description;
        Events = string.Join(',', events);
        Secret = secret;
        CreatedById = createdById;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public int OrganizationId { get; private set; }
    public string Url { get; private set; } = "";
    public string Description { get; private set; } = "";

    /// <summary>The subscribed event names, comma-separated.</summary>
    public string Events { get; private set; } = "";

    /// <summary>The signing key; kept as written because signing needs it, shown to the admin once.</summary>
    public string Secret { get; private set; } = "";

    /// <summary>
    /// The key before the last rotation and until when deliveries are still signed with it too, so a receiver
    /// can switch to the new key at its own pace without rejecting a delivery in between.
    /// </summary>
    public string? PreviousSecret { get; private set; }
    public DateTimeOffset? PreviousSecretUntil { get; private set; }
    public string CreatedById { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public WebhookEndpointStatus Status { get; set; } = WebhookEndpointStatus.Active;
    public DateTimeOffset? PausedAt { get; set; }
    public string? PausedReason { get; set; }

    /// <summary>Failed attempts since the last success, and when that run of failures began.</summary>
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? FailingSince { get; set; }

    internal void RotateSecret(string secret, DateTimeOffset previousValidUntil)
    {
        PreviousSecret = Secret;
        PreviousSecretUntil = previousValidUntil;
        Secret = secret;
    }

    /// <summary>The keys a delivery sent at <paramref name="now"/> is signed with: the current one first.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretUntil > now ? [Secret, previous] : [Secret];

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public bool Wants(string eventName) => EventList.Contains(eventName, StringComparer.Ordinal);
}

/// <summary>
/// One event for one endpoint. Written in the same transaction as the change it tells of; its id is sent with
/// every attempt, so a receiver recognises a second delivery of the same event.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery() { }

    internal WebhookDelivery(Guid id, int endpointId, int organizationId, string eventName, string payload, DateTimeOffset createdAt)
    {
        Id = id;
        EndpointId = endpointId;
        OrganizationId = organizationId;
        Event = eventName;
        Payload = payload;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public Guid Id { get; private set; }
    public int EndpointId { get; private set; }
    public int OrganizationId { get; private set; }
    public string Event { get; private set; } = "";

    /// <summary>The JSON body exactly as it is signed and sent, the same on every attempt.</summary>
    public string Payload { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Queued;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
}

/// <summary>One try at delivering, with what the receiver answered.</summary>
public sealed class WebhookAttempt
{
    private WebhookAttempt() { }

    internal WebhookAttempt(Guid deliveryId, int number, DateTimeOffset at, int? statusCode, string? error, int durationMs)
    {
        DeliveryId = deliveryId;
        Number = number;
        At = at;
        StatusCode = statusCode;
        Error = error;
        DurationMs = durationMs;
    }

    public long Id { get; private set; }
    public Guid DeliveryId { get; private set; }
    public int Number { get; private set; }
    public DateTimeOffset At { get; private set; }
    public int? StatusCode { get; private set; }
    public string? Error { get; private set; }
    public int DurationMs { get; private set; }
}
