using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using Radzen;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Web.Api;
using WorkOrders.Web.Circuits;
using WorkOrders.Web.Components;
using WorkOrders.Web.Diagnostics;
using WorkOrders.Web.Endpoints;
using WorkOrders.Web.Identity;
using WorkOrders.Web.Live;
using WorkOrders.Web.Security;

namespace WorkOrders.Web;

public static class DependencyInjection
{
    /// <summary>The Blazor UI, sign-in and the component libraries.</summary>
    public static IHostApplicationBuilder AddWorkOrdersWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCircuitLimits(builder.Configuration);
        services.AddRazorPages();
        // Top centre, over the empty middle of the app bar: at the top right they covered the editor's Save buttons,
        // at the bottom left the estimate's and the calendar tray's.
        services.AddMudServices(c => c.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.TopCenter);
        services.AddRadzenComponents();

        // Keys in the shared database: a cookie or antiforgery token one server issued is read by every other
        // and survives restarts. The fixed name matters: by default each content-root path gets its own keys.
        services.AddDataProtection().SetApplicationName("WorkOrders").PersistKeysToDbContext<WorkOrdersDbContext>();
        services.AddWorkOrdersAccountsWeb();

        // A disabled user or a changed role reaches open pages at once, or within the revalidation interval.
        services.AddCascadingAuthenticationState();
        services.AddSessionEnding();

        services.AddSingleton<SharedReads>();
        // One per circuit: one subscription per topic and one live run per event for all of the circuit's live parts.
        services.AddScoped<LiveCircuit>();
        services.AddWorkOrdersSecurity(builder.Configuration);
        builder.AddMeasurementDiagnostics();
        builder.AddWorkOrdersTelemetry();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<CircuitHandler, CircuitMetrics>());

        services.AddWorkOrdersApi(builder.Configuration);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>The request pipeline.</summary>
    public static WebApplication UseWorkOrdersWeb(this WebApplication app)
    {
        app.UseWorkOrdersSecurity();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiProblems();
        app.UseAuthentication();
        app.UseUserCulture();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        // Stylesheets and scripts are public so the sign-in page can use them.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages();
        app.MapSignInRefresh();
        app.MapIdentityNotFound();
        app.MapCalendarFeed();
        app.MapFiles();
        app.MapWorkOrdersApi();
        app.MapApiReference();
        app.MapExports();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapMeasurementDiagnostics(app.Configuration);
        app.MapHealthEndpoints();
        return app;
    }
}
