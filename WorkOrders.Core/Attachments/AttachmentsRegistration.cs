using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkOrders.Core.Diagnostics;
using WorkOrders.Core.Jobs;

namespace WorkOrders.Core.Attachments;

/// <summary>The "WorkOrders:Files" section: where attachment bytes are stored.</summary>
public sealed class FileStorageOptions
{
    public const string Section = "WorkOrders:Files";

    /// <summary>"FileSystem" (the only one built in); an object store would add its own value (ADR-014).</summary>
    [Required, RegularExpression("^FileSystem$", ErrorMessage = "WorkOrders:Files:Store must be FileSystem.")]
    public string Store { get; set; } = "FileSystem";

    /// <summary>The folder of the file-system store; empty means "files" in the data folder. Relative to the content root.</summary>
    public string? Folder { get; set; }
}

public static class AttachmentsRegistration
{
    internal static void AddAttachments(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FileStorageOptions>().Bind(builder.Configuration.GetSection(FileStorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IFileStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FileStorageOptions>>().Value;
            return new FileSystemFileStore(string.IsNullOrWhiteSpace(options.Folder)
                ? Path.Combine(sp.GetRequiredService<DataFolder>().Path, "files")
                : Path.GetFullPath(options.Folder, sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        });
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<ResolutionPhotoRequirement>();
        services.AddSingleton<Reports.CompletionReport>();
        services.AddHostedService<AttachmentSweeper>();
    }
}

/// <summary>Every hour, removes uploads a crash left half-way and drafts nobody attached (<see cref="AttachmentService.SweepAsync"/>).</summary>
public sealed class AttachmentSweeper(AttachmentService attachments, IJobLeases leases, TimeProvider clock, WorkOrdersMetrics metrics, ILogger<AttachmentSweeper> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    public const string JobName = "attachment-sweep";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Servers share the database and the file store, so one sweep per hour covers them all.
        await LeasedJob.RunEveryAsync(JobName, Interval, clock, leases, metrics, logger,
            "Sweeping abandoned uploads failed; trying again in an hour", async ct =>
            {
                var removed = await attachments.SweepAsync(ct);
                if (removed > 0) logger.LogInformation("Removed {Count} abandoned uploads and drafts", removed);
            }, stoppingToken);
    }
}
