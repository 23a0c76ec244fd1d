using Microsoft.AspNetCore.Diagnostics;

namespace WorkOrders.Web.Notifications;

public static class NotificationsRegistration
{
    /// <summary>SignalR, and a plain 401 instead of a redirect to the login page for hub clients.</summary>
    public static IServiceCollection AddNotificationsHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.ConfigureApplicationCookie(options =>
        {
            var redirect = options.Events.OnRedirectToLogin;
            options.Events.OnRedirectToLogin = context =>
            {
                if (!context.Request.Path.StartsWithSegments("/hubs")) return redirect(context);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                // Not re-executed into the not-found page, which would redirect to the login page after all.
                if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
                return Task.CompletedTask;
            };
        });
        return services;
    }

    public static WebApplication MapNotificationsHub(this WebApplication app)
    {
        app.MapHub<NotificationsHub>(NotificationsHub.Path).RequireAuthorization();
        return app;
    }
}
