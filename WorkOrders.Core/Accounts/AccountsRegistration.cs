using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WorkOrders.Core.Accounts;

public static class AccountsRegistration
{
    /// <summary>Password policy and hashing, sessions and the two-factor requirement.</summary>
    public static IServiceCollection AddWorkOrdersAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UserSessionOptions>().Bind(configuration.GetSection(UserSessionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<PasswordHasherOptions>(PasswordPolicy.Apply);
        services.Configure<IdentityOptions>(o => PasswordPolicy.Apply(o.Password));
        services.AddSingleton<UserSessions>();
        services.AddSingleton<TwoFactorRequirement>();
        services.AddSingleton<PasswordResetMail>();
        services.AddSingleton<MyAccount>();
        return services;
    }
}
