using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Api;

namespace WorkOrders.Core.Webhooks;

public static class WebhookRegistration
{
    /// <summary>API keys, the webhook writer and admin, and the background sender.</summary>
    internal static IServiceCollection AddApiKeysAndWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookWriter>();
        services.AddSingleton<WebhookAdmin>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        return services;
    }
}
