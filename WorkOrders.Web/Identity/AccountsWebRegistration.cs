using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;

namespace WorkOrders.Web.Identity;

public static class AccountsWebRegistration
{
    public const string LoginPath = "/Identity/Account/Login";

    /// <summary>
    /// Identity without its stock pages: the user store, the sign-in manager and the cookie schemes.
    /// The only account pages are the product's own, under Areas/Identity/Pages/Account.
    /// </summary>
    public static IServiceCollection AddWorkOrdersAccountsWeb(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<AppUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                PasswordPolicy.Apply(options.Password);
            })
            .AddEntityFrameworkStores<WorkOrdersDbContext>()
            .AddSignInManager<WorkOrdersSignInManager>()
            .AddClaimsPrincipalFactory<ActorClaimsFactory>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PolicyPasswordValidator>();

        services.AddScoped<SessionCookieEvents>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<UserSessionOptions>>((cookie, sessions) =>
        {
            cookie.LoginPath = LoginPath;
            cookie.LogoutPath = "/Identity/Account/Logout";
            cookie.AccessDeniedPath = LoginPath;
            // Absolute: the cookie ends when its session does, however often it is used.
            cookie.ExpireTimeSpan = sessions.Value.AbsoluteLifetime;
            cookie.SlidingExpiration = false;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            // Events (not EventsType), so other registrations can still add their own handlers.
            cookie.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<SessionCookieEvents>().ValidatePrincipal(context);
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme).Configure<IOptions<UserSessionOptions>>((cookie, sessions) =>
        {
            cookie.ExpireTimeSpan = sessions.Value.RememberDeviceFor;
            cookie.SlidingExpiration = false;
        });

        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // A disabled user or a changed role reaches open pages within a minute.
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // The refreshed cookie keeps naming the same session.
            o.OnRefreshingPrincipal = context =>
            {
                var session = context.CurrentPrincipal?.FindFirst(WorkOrdersSignInManager.SessionClaim);
                if (session is not null && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaim(new System.Security.Claims.Claim(session.Type, session.Value));
                }
                return Task.CompletedTask;
            };
        });
        services.AddSingleton<SessionActivity>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SessionActivityCircuitHandler>();
        services.AddSingleton<AccountRateLimits>();
        services.AddAccountRateLimiter();
        return services;
    }

    /// <summary>Every /Identity address that is not one of our pages answers 404, signed in or not.</summary>
    public static void MapIdentityNotFound(this IEndpointRouteBuilder app) =>
        app.MapFallback("/Identity/{**rest}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            // A re-executed POST would reach the not-found page as a form post without a token (400).
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            return Task.CompletedTask;
        }).AllowAnonymous();
}
