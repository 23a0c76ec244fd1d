using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WorkOrders.Core.Data;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Scheduling;
using WorkOrders.Core.WorkOrders;

namespace WorkOrders.Core;

public static class DependencyInjection
{
    /// <summary>The product's rules, its database and its notification plumbing.</summary>
    public static IHostApplicationBuilder AddWorkOrdersCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(WorkOrdersOptions.Section);
        services.AddOptions<WorkOrdersOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

        var options = section.Get<WorkOrdersOptions>() ?? new WorkOrdersOptions();
        var dataFolder = Path.GetFullPath(options.DataFolder, builder.Environment.ContentRootPath);
        var connectionString = builder.Configuration.GetConnectionString("WorkOrders")
                               ?? $"Data Source={Path.Combine(dataFolder, "workorders.db")}";
        services.AddSingleton(new DataFolder(dataFolder));
        services.AddDbContextFactory<WorkOrdersDbContext>(db => db.UseSqlite(connectionString));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILiveBus, InProcessLiveBus>();
        services.AddSingleton<NotificationWriter>();
        services.AddSingleton<WorkOrderService>();
        services.AddSingleton<WorkOrderQueries>();
        services.AddSingleton<FacilityQueries>();
        services.AddSingleton<CalendarQueries>();
        services.AddSingleton<CalendarFeedService>();
        services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}

/// <summary>The absolute folder that holds the database file and the mail pickup folder.</summary>
public sealed record DataFolder(string Path);
