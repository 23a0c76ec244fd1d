using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

/// <summary>
/// The signed-in user of one open page (circuit), re-checked every <see cref="RevalidationOptions.RevalidationInterval"/>
/// and at once when the app pushes <see cref="LiveMessageKind.AccessChanged"/> on the user's topic. The timed checks of
/// a session's pages share one answer (<see cref="SharedSessionChecks"/>) and each page's first one falls at a random
/// point of its first interval, so pages opened together do not all query the database in the same second. A disabled or
/// signed-out user becomes anonymous — the router then takes the page away and sends it to the sign-in page —
/// and a changed role replaces the principal, so menus and page authorization follow the new role.
/// </summary>
public sealed class RevalidatingActorStateProvider : ServerAuthenticationStateProvider, IDisposable
{
    private static readonly AuthenticationState Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));

    private readonly IServiceScopeFactory scopes;
    private readonly SharedSessionChecks shared;
    private readonly ILiveBus bus;
    private readonly TimeProvider time;
    private readonly TimeSpan interval;
    private readonly ILogger<RevalidatingActorStateProvider> logger;
    private readonly SemaphoreSlim checking = new(1, 1);
    private readonly Lock gate = new();
    private string? watchedUserId;
    private CancellationTokenSource? watching;
    private IDisposable? subscription;

    public RevalidatingActorStateProvider(
        IServiceScopeFactory scopes, SharedSessionChecks shared, ILiveBus bus, TimeProvider time, IOptions<RevalidationOptions> options,
        ILogger<RevalidatingActorStateProvider> logger)
    {
        (this.scopes, this.shared, this.bus, this.time, interval, this.logger) = (scopes, shared, bus, time, options.Value.RevalidationInterval, logger);
        AuthenticationStateChanged += Watch;
    }

    /// <summary>Why the page lost its user, once it has; the sign-in page shows it.</summary>
    public SessionEndReason? Ended { get; private set; }

    /// <summary>Re-checks the user now against the database; the pushed message ends up here.</summary>
    public Task RevalidateAsync(CancellationToken cancellationToken = default) => RevalidateAsync(fresh: true, cancellationToken);

    private async Task RevalidateAsync(bool fresh, CancellationToken cancellationToken)
    {
        await checking.WaitAsync(cancellationToken);
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (state.User.Identity?.IsAuthenticated != true) return;
            var check = await shared.GetAsync(state.User, () => CheckAsync(state.User), fresh);
            if (check.Ended is { } reason)
            {
                Ended = reason;
                SetAuthenticationState(Task.FromResult(Anonymous));
            }
            else if (check.Refreshed is { } principal)
            {
                SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
            }
        }
        finally
        {
            checking.Release();
        }
    }

    private async Task<SessionCheck> CheckAsync(ClaimsPrincipal principal)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SessionValidator>().CheckAsync(principal);
        }
        catch (Exception ex)
        {
            // As the framework's own revalidation does: when the user cannot be checked, the page does not keep them.
            logger.LogError(ex, "Could not re-check the signed-in user of an open page");
            return new SessionCheck(SessionEndReason.SignedOut, null);
        }
    }

    // The first state arrives when the circuit starts; later ones are this class's own refreshes and endings.
    private void Watch(Task<AuthenticationState> next)
    {
        if (!next.IsCompletedSuccessfully) return;
        var userId = next.Result.User.FindFirstValue(ClaimTypes.NameIdentifier);
        lock (gate)
        {
            if (userId == watchedUserId) return;
            StopWatching();
            if (userId is null) return;
            watchedUserId = userId;
            watching = new CancellationTokenSource();
            subscription = bus.Subscribe(LiveTopics.User(userId), new AccessChangedListener(this));
            _ = RevalidateEveryIntervalAsync(watching.Token);
        }
    }

    private async Task RevalidateEveryIntervalAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval * (1 - Random.Shared.NextDouble()), time, cancellationToken);
            await RevalidateAsync(fresh: false, cancellationToken);
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken)) await RevalidateAsync(fresh: false, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The page closed or lost its user.
        }
    }

    private void StopWatching()
    {
        subscription?.Dispose();
        subscription = null;
        watching?.Cancel();
        watching = null;
        watchedUserId = null;
    }

    public void Dispose()
    {
        AuthenticationStateChanged -= Watch;
        lock (gate) StopWatching();
    }

    /// <summary>Only an access change asks for a run, so the user's other messages queue nothing for this circuit.</summary>
    private sealed class AccessChangedListener(RevalidatingActorStateProvider owner) : ILiveListener
    {
        public bool Note(string topic, LiveMessage message) => message.Kind == LiveMessageKind.AccessChanged;

        public void NotQueued()
        {
        }

        public Task RunAsync() => owner.RevalidateAsync();
    }
}

/// <summary>The signed-in user as Core's <see cref="Actor"/>; every page passes it to Core.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication, NavigationManager navigation)
{
    /// <summary>
    /// The actor; when the page has lost its user (a component outlived the router taking the page away), the
    /// browser is sent to the sign-in page and the caller never resumes, so no error reaches the screen.
    /// </summary>
    public async Task<Actor> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (ActorClaims.ToActor(state.User) is { } actor) return actor;
        navigation.NavigateTo(SessionEnd.SignInAddress(navigation, (authentication as RevalidatingActorStateProvider)?.Ended), forceLoad: true);
        return await new TaskCompletionSource<Actor>().Task;
    }

    public async Task<string> DisplayNameAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(ActorClaims.DisplayName) ?? state.User.Identity?.Name ?? "";
    }
}
