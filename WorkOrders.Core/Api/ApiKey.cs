namespace WorkOrders.Core.Api;

public enum ApiKeyScope { ReadOnly, ReadWrite }

/// <summary>
/// A named credential with which another system acts as its user through the REST API. Only the SHA-256
/// hash of the secret is stored; the secret itself is shown once, when the key is created.
/// </summary>
public sealed class ApiKey
{
    private ApiKey() { }

    internal ApiKey(string userId, int organizationId, string name, ApiKeyScope scope, string prefix, string secretHash, DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        UserId = userId;
        OrganizationId = organizationId;
        Name = name;
        Scope = scope;
        Prefix = prefix;
        SecretHash = secretHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public int Id { get; private set; }
    public string UserId { get; private set; } = "";

    /// <summary>The user's organisation when the key was made, so its admin finds the key without a join.</summary>
    public int OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    public ApiKeyScope Scope { get; private set; }

    /// <summary>The first characters of the key, shown in lists so people can tell their keys apart.</summary>
    public string Prefix { get; private set; } = "";
    public string SecretHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedById { get; set; }
}
