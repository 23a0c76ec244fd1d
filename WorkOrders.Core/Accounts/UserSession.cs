namespace WorkOrders.Core.Accounts;

/// <summary>
/// One signed-in browser. The sign-in cookie names its session; a cookie whose session row is gone
/// (signed out, expired, ended by a password change) no longer signs anyone in.
/// </summary>
public sealed class UserSession
{
    private UserSession() { }

    public UserSession(string id, string userId, DateTimeOffset createdAt, DateTimeOffset expiresAt, bool keepSignedIn)
    {
        Id = id;
        UserId = userId;
        CreatedAt = createdAt;
        LastSeenAt = createdAt;
        ExpiresAt = expiresAt;
        KeepSignedIn = keepSignedIn;
    }

    /// <summary>SHA-256 (hex) of the random session id the cookie carries.</summary>
    public string Id { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The absolute end: the sign-in time plus the absolute lifetime, never moved.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public bool KeepSignedIn { get; private set; }
}
