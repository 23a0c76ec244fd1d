using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace WorkOrders.Core.Notifications;

internal static class LiveRegistration
{
    /// <summary>The in-process bus, or the Redis one when <c>ConnectionStrings:Redis</c> is set.</summary>
    internal static void AddLiveBus(this IServiceCollection services)
    {
        services.TryAddSingleton<LiveFanOut>();
        // Resolved when first used, so a connection string added by a test host or environment is honoured.
        services.TryAddSingleton<ILiveBus>(sp =>
            sp.GetRequiredService<IConfiguration>().GetConnectionString("Redis") is { Length: > 0 } redis
                ? new RedisLiveBus(redis, sp.GetRequiredService<LiveFanOut>(), sp.GetRequiredService<ILogger<RedisLiveBus>>())
                : new InProcessLiveBus(sp.GetRequiredService<LiveFanOut>()));
    }
}
