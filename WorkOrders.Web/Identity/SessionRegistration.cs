using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace WorkOrders.Web.Identity;

public static class SessionRegistration
{
    /// <summary>
    /// Open pages, hub connections and the sign-in cookie re-check the user every
    /// <see cref="RevalidationOptions.RevalidationInterval"/>; pages only some roles may open have policies.
    /// </summary>
    public static IServiceCollection AddSessionEnding(this IServiceCollection services)
    {
        services.AddOptions<RevalidationOptions>().BindConfiguration(RevalidationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<RevalidationOptions>>((stamp, session) => stamp.ValidationInterval = session.Value.RevalidationInterval);
        services.AddScoped<SessionValidator>();
        services.AddSingleton<SharedSessionChecks>();
        services.AddScoped<AuthenticationStateProvider, RevalidatingActorStateProvider>();
        services.AddScoped<CurrentActor>();
        services.AddScoped<PageAccess>();
        // A signed-in user who opens a page their role does not allow lands on the start page, as an open page does.
        // Without the page's address: the start page is where an open page goes too (CircuitProviders).
        services.ConfigureApplicationCookie(options =>
        {
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.Redirect(context.Request.PathBase + "/");
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddAccessPolicies();
        return services;
    }
}
