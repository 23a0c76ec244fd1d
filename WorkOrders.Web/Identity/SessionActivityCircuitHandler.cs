using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using WorkOrders.Core.Accounts;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Clicks and typing on an open page travel over the circuit, not as requests: they count as
/// activity for the idle timeout. The page's work never waits for that write (<see cref="SessionActivity"/>).
/// </summary>
public sealed class SessionActivityCircuitHandler(AuthenticationStateProvider authentication, SessionActivity activity, TimeProvider clock) : CircuitHandler
{
    private DateTimeOffset lastTouch = DateTimeOffset.MinValue;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var now = clock.GetUtcNow();
            if (now - lastTouch >= UserSessions.TouchInterval)
            {
                lastTouch = now;
                var user = (await authentication.GetAuthenticationStateAsync()).User;
                if (WorkOrdersSignInManager.SessionIdOf(user) is { } sessionId)
                {
                    _ = activity.Touch(sessionId, user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
                }
            }
            await next(context);
        };
}

/// <summary>
/// Records that a session is in use, at most once every <see cref="UserSessions.TouchInterval"/> per session on this
/// server however many pages it has open, and off the page's path: a live update answered by a thousand open pages
/// of one organisation at the same moment must not become a thousand writes the pages wait for.
/// </summary>
public sealed class SessionActivity(UserSessions sessions, TimeProvider clock, ILogger<SessionActivity> logger)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastWritten = new();

    /// <summary>Starts the write when this session's last one is old enough; the page does not wait for the returned task.</summary>
    public Task Touch(string sessionId, string? userId)
    {
        var now = clock.GetUtcNow();
        while (true)
        {
            if (lastWritten.TryGetValue(sessionId, out var last))
            {
                if (now - last < UserSessions.TouchInterval) return Task.CompletedTask;
                if (lastWritten.TryUpdate(sessionId, now, last)) break;
            }
            else if (lastWritten.TryAdd(sessionId, now))
            {
                break;
            }
        }
        if (lastWritten.Count > PruneAbove) Prune(now);
        return WriteAsync(sessionId, userId);
    }

    private async Task WriteAsync(string sessionId, string? userId)
    {
        try
        {
            await sessions.ValidateAsync(sessionId, userId);
        }
        catch (Exception ex)
        {
            // Activity is best effort: the next touch writes it, and the page's own checks do not depend on it.
            logger.LogWarning(ex, "Could not record activity of an open page's session");
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (session, at) in lastWritten)
        {
            if (now - at >= UserSessions.TouchInterval) lastWritten.TryRemove(new KeyValuePair<string, DateTimeOffset>(session, at));
        }
    }
}
