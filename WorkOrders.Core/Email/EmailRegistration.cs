using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Notifications;

namespace WorkOrders.Core.Email;

public static class EmailRegistration
{
    /// <summary>The notification queries, the e-mail options, the transport the settings choose and the background sender.</summary>
    internal static void AddNotificationsAndEmail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(EmailOptions.Section);
        services.AddOptions<EmailOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();

        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            return new MailPickupFolder(string.IsNullOrWhiteSpace(configured.PickupFolder)
                ? Path.Combine(sp.GetRequiredService<DataFolder>().Path, "mail-pickup")
                : Path.GetFullPath(configured.PickupFolder, sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        });

        services.AddSingleton<OutboxSignal>();
        services.TryAddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp)
            : ActivatorUtilities.CreateInstance<PickupFolderTransport>(sp));
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.AddSingleton<OutboxAdmin>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<ApprovalInbox>();
    }
}
