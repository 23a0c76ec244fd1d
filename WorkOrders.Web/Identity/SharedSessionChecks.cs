using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>
/// One timed re-check per signed-in session and held access on this server, shared by that session's open pages for
/// half a <see cref="RevalidationOptions.RevalidationInterval"/>: a user with many tabs, or a thousand pages of one
/// user, costs one database check per interval rather than one per page. A pushed access change never reads from here
/// (<see cref="RevalidatingActorStateProvider"/> checks at once and leaves its answer for the others).
/// </summary>
public sealed class SharedSessionChecks(TimeProvider time, IOptions<RevalidationOptions> options, IOptions<IdentityOptions> identity)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<Key, Entry> checks = new();
    private TimeSpan FreshFor => options.Value.RevalidationInterval / 2;

    /// <summary>The shared answer for this principal when one is fresh; otherwise runs <paramref name="check"/> and shares it.</summary>
    public Task<SessionCheck> GetAsync(ClaimsPrincipal principal, Func<Task<SessionCheck>> check, bool fresh)
    {
        var key = Key.Of(principal, identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var now = time.GetUtcNow();
        if (!fresh && checks.TryGetValue(key, out var known) && now - known.At < FreshFor) return known.Answer.Task;
        var entry = new Entry(now, new TaskCompletionSource<SessionCheck>(TaskCreationOptions.RunContinuationsAsynchronously));
        checks[key] = entry;
        if (checks.Count > PruneAbove) Prune(now);
        _ = RunAsync(key, entry, check);
        return entry.Answer.Task;
    }

    private async Task RunAsync(Key key, Entry entry, Func<Task<SessionCheck>> check)
    {
        try
        {
            entry.Answer.SetResult(await check());
        }
        catch (Exception ex)
        {
            // A failed check is not an answer to share: the next page asks again.
            checks.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
            entry.Answer.SetException(ex);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in checks)
        {
            if (now - entry.At >= FreshFor) checks.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
        }
    }

    private sealed record Entry(DateTimeOffset At, TaskCompletionSource<SessionCheck> Answer);

    /// <summary>What a check's answer depends on: the user, the session, the stamp and the access the page holds.</summary>
    private sealed record Key(string? User, string? Session, string? Stamp, Actor? Actor, string? DisplayName)
    {
        public static Key Of(ClaimsPrincipal principal, string stampClaim) => new(
            principal.FindFirstValue(ClaimTypes.NameIdentifier),
            WorkOrdersSignInManager.SessionIdOf(principal),
            principal.FindFirstValue(stampClaim),
            ActorClaims.ToActor(principal),
            principal.FindFirstValue(ActorClaims.DisplayName));
    }
}
