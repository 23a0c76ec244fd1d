using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using WorkOrders.Core.Accounts;

namespace WorkOrders.Web.Identity;

/// <summary>
/// Clicks and typing on an open page travel over the circuit, not as requests: they count as
/// activity for the idle timeout (written at most once a minute per session).
/// </summary>
public sealed class SessionActivityCircuitHandler(AuthenticationStateProvider authentication, UserSessions sessions, TimeProvider clock) : CircuitHandler
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
                var sessionId = WorkOrdersSignInManager.SessionIdOf(user);
                if (sessionId is not null)
                {
                    await sessions.ValidateAsync(sessionId, user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
                }
            }
            await next(context);
        };
}
