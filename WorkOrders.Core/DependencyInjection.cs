using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Administration;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Data;
using WorkOrders.Core.Diagnostics;
using WorkOrders.Core.Email;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Jobs;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.Orders;
using WorkOrders.Core.Webhooks;

namespace WorkOrders.Core;

public static class DependencyInjection
{
    /// <summary>The product's rules, its database and its notification plumbing.</summary>
    public static IHostApplicationBuilder AddWorkOrdersCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(WorkOrdersOptions.Section);
        services.AddOptions<WorkOrdersOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

        // Resolved when first used, so settings added by a test host or environment are honoured.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WorkOrdersOptions>>().Value;
            return new DataFolder(Path.GetFullPath(options.DataFolder, sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        });
        services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString("WorkOrders"))
            .ValidateDataAnnotations().ValidateOnStart();
        // Pooled: every use case and page query opens a short context of its own, and a pooled one skips building the
        // context's services each time (a measurable share of a small query or a transition, docs/PERFORMANCE.md).
        services.AddPooledDbContextFactory<WorkOrdersDbContext>((sp, db) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = database.ConnectionString
                                   ?? $"Data Source={Path.Combine(sp.GetRequiredService<DataFolder>().Path, "workorders.db")}";
            db.UseWorkOrdersDatabase(database.Provider, connectionString);
        });
        // The host starts hosted services one after another in registration order: registered first, the migrations
        // are applied before any background worker (outbox, webhooks, digest, watches) reads a table.
        services.AddHostedService<DatabaseInitializer>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddLiveBus();
        services.AddSingleton<NotificationWriter>();
        services.AddSingleton<WorkOrderService>();
        services.AddSingleton<WorkOrderQueries>();
        services.AddSingleton<ProviderWork>();
        services.AddHostedService<ProviderResponseWatch>();
        services.AddSingleton<FacilityQueries>();
        services.AddOptions<SystemAdminOptions>().Bind(builder.Configuration.GetSection(SystemAdminOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Invitations>();
        services.AddSingleton<OrganizationAdministration>();
        services.AddSingleton<FacilityAdministration>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<ProviderLinks>();
        services.AddSingleton<ActionItemService>();
        services.AddSingleton<ActionItemQueries>();
        services.AddSingleton<ActionItemImport>();
        services.AddSingleton<CalendarQueries>();
        services.AddSingleton<CalendarFeedService>();
        services.AddSingleton<OrganizationPeople>();
        services.AddSingleton<OrganizationCalendar>();
        services.AddSingleton<CompanySettings>();
        services.AddSingleton<Exports.ExportQueries>();
        services.AddSingleton<Dashboard.DashboardQueries>();
        services.AddOptions<DigestOptions>().Bind(builder.Configuration.GetSection(DigestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DailyDigest>();
        services.AddHostedService<DailyDigestWorker>();
        services.AddSingleton<IJobLeases, JobLeases>();
        services.AddWorkOrdersAccounts(builder.Configuration);
        services.AddApiKeysAndWebhooks(builder.Configuration);
        builder.AddNotificationsAndEmail();
        builder.AddAttachments();
        builder.AddWorkOrdersDiagnostics();
        return builder;
    }
}

/// <summary>The absolute folder that holds the database file and the mail pickup folder.</summary>
public sealed record DataFolder(string Path);
