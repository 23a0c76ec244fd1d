using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WorkOrders.Core.Accounts;
using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Api;
using WorkOrders.Core.Email;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Jobs;
using WorkOrders.Core.Notifications;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Webhooks;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Data;

/// <summary>One context for the product, its Identity tables and the data-protection keys every server shares (ADR-001).</summary>
public sealed class WorkOrdersDbContext(DbContextOptions<WorkOrdersDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Facility> Facilities => Set<Facility>();
    public DbSet<FacilityProviderLink> FacilityProviderLinks => Set<FacilityProviderLink>();
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();
    public DbSet<WorkOrder> WorkOrders => Set<WorkOrder>();
    public DbSet<WorkOrderNote> WorkOrderNotes => Set<WorkOrderNote>();
    public DbSet<EstimateLine> EstimateLines => Set<EstimateLine>();
    public DbSet<WorkOrderHistoryEntry> WorkOrderHistory => Set<WorkOrderHistoryEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<EmailOptOut> EmailOptOuts => Set<EmailOptOut>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<Administration.OutsideInvitation> OutsideInvitations => Set<Administration.OutsideInvitation>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<DigestPreference> DigestPreferences => Set<DigestPreference>();
    public DbSet<DigestDelivery> DigestDeliveries => Set<DigestDelivery>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        if (Database.IsSqlite())
        {
            // SQLite has no date-time type: stored as sortable integers so range queries run in the database.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else if (Database.IsNpgsql())
        {
            // timestamptz stores an instant and Npgsql accepts only offset zero: every value is turned to UTC on the way in.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(200);
            u.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            u.HasIndex(x => x.CalendarFeedToken).IsUnique();
        });

        builder.Entity<Organization>(o =>
        {
            o.Property(x => x.Name).HasMaxLength(200);
            o.Property(x => x.Currency).HasMaxLength(3);
            o.Property(x => x.TimeZoneId).HasMaxLength(64).HasDefaultValue("UTC");
            o.Ignore(x => x.DueDefaults);
        });

        builder.Entity<UserSession>(s =>
        {
            s.Property(x => x.Id).HasMaxLength(64);
            s.Property(x => x.UserId).HasMaxLength(450);
            s.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            s.HasIndex(x => x.UserId);
        });

        builder.Entity<Facility>(f =>
        {
            f.Property(x => x.Name).HasMaxLength(200);
            f.Property(x => x.Address).HasMaxLength(400);
            f.Property(x => x.TimeZoneId).HasMaxLength(64);
            f.Ignore(x => x.TimeZone);
            f.HasOne(x => x.Company).WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
            f.HasMany(x => x.ProviderLinks).WithOne().HasForeignKey(l => l.FacilityId);
            f.HasIndex(x => x.CompanyId);
        });

        builder.Entity<FacilityProviderLink>(l =>
        {
            l.HasKey(x => new { x.FacilityId, x.ProviderId });
            l.HasOne(x => x.Provider).WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Restrict);
            l.HasIndex(x => x.ProviderId);
            l.Property(x => x.RespondWithinHours).HasDefaultValue(FacilityProviderLink.DefaultRespondWithinHours);
        });

        builder.Entity<ActionItem>(i =>
        {
            // Overdue and soon-due items of a facility, and the digest's and dashboard's scans by due date.
            i.HasIndex(x => new { x.Status, x.DueDate });
            i.Property(x => x.Title).HasMaxLength(200);
            i.Property(x => x.Description).HasMaxLength(WorkOrder.MaxTextLength);
            i.Property(x => x.Source).HasMaxLength(200);
            i.Property(x => x.Version).IsConcurrencyToken();
            i.Ignore(x => x.IsInActiveWorkOrder);
            i.Ignore(x => x.IsAvailable);
            i.HasOne(x => x.Facility).WithMany().HasForeignKey(x => x.FacilityId).OnDelete(DeleteBehavior.Restrict);
            // The dashboard counts a company's open items per facility by age and by due date: range counts read from
            // these indexes alone, one facility at a time (they also serve every "open items of a facility" lookup).
            i.HasIndex(x => new { x.FacilityId, x.Status, x.CreatedAt });
            i.HasIndex(x => new { x.FacilityId, x.Status, x.DueDate });
        });

        builder.Entity<WorkOrder>(w =>
        {
            w.Ignore(x => x.Number);
            w.Property(x => x.Title).HasMaxLength(WorkOrder.MaxTitleLength);
            w.Property(x => x.Version).IsConcurrencyToken();
            w.HasOne(x => x.Facility).WithMany().HasForeignKey(x => x.FacilityId).OnDelete(DeleteBehavior.Restrict);
            w.HasOne(x => x.Creator).WithMany().HasForeignKey(x => x.CreatorId).OnDelete(DeleteBehavior.Restrict);
            w.HasOne(x => x.Submitter).WithMany().HasForeignKey(x => x.SubmitterId).OnDelete(DeleteBehavior.Restrict);
            w.HasOne(x => x.Approver).WithMany().HasForeignKey(x => x.ApproverId).OnDelete(DeleteBehavior.Restrict);
            w.HasOne(x => x.Assignee).WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
            w.HasOne(x => x.Provider).WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Restrict);
            w.Ignore(x => x.IsAwaitingProvider);
            w.HasMany(x => x.ActionItems).WithOne(i => i.WorkOrder).HasForeignKey(i => i.WorkOrderId).OnDelete(DeleteBehavior.SetNull);
            w.HasMany(x => x.Notes).WithOne().HasForeignKey(n => n.WorkOrderId);
            w.HasMany(x => x.EstimateLines).WithOne().HasForeignKey(l => l.WorkOrderId);
            w.HasMany(x => x.History).WithOne().HasForeignKey(h => h.WorkOrderId);
            w.Navigation(x => x.ActionItems).HasField("actionItems");
            w.Navigation(x => x.Notes).HasField("notes");
            w.Navigation(x => x.EstimateLines).HasField("estimateLines");
            w.Navigation(x => x.History).HasField("history");
            // Lists page newest first within a tenant: these let SQLite walk the index instead of sorting every row.
            w.HasIndex(x => new { x.CompanyId, x.Id });
            w.HasIndex(x => new { x.CreatedByOrganizationId, x.Id });
            w.HasIndex(x => new { x.CreatedByOrganizationId, x.Status });
            // The inbox and its badge: my submitted work orders of my tenant, read from the index alone. SQLite's entries
            // end with the row id, so equal keys are in id order and the inbox's first page stops early; PostgreSQL keeps
            // equal keys in heap order, so there the id is a column of its own, or every waiting row is read and sorted.
            if (Database.IsNpgsql()) w.HasIndex(x => new { x.ApproverId, x.Status, x.CompanyId, x.Id });
            else w.HasIndex(x => new { x.ApproverId, x.Status, x.CompanyId });
            // An assignee's work within a tenant: "my work", the assignee filter's existence test, assignee-filtered calendars.
            w.HasIndex(x => new { x.AssigneeId, x.CompanyId, x.ScheduledStart });
            // Active work per facility (facility list) is counted from the index alone.
            w.HasIndex(x => new { x.FacilityId, x.Status, x.CompanyId });
            // "Ready to dispatch": my approved work orders, oldest approval first, without a sort.
            w.HasIndex(x => new { x.SubmitterId, x.Status, x.UpdatedAt });
            w.HasIndex(x => x.CreatorId);
            // A provider's work (visibility) and its "Incoming work" queue, oldest first, from the index alone.
            w.HasIndex(x => new { x.ProviderId, x.Status, x.DispatchedToProviderAt });
            // The company's side of that queue (the calendar's "waiting for a provider" tray), oldest first. Partial: a
            // handful of rows at any size; without it SQLite walked every unassigned work order of the tenant
            // (AssigneeId IS NULL on the assignee index, ~1.9 s at a million work orders).
            w.HasIndex(x => new { x.CompanyId, x.DispatchedToProviderAt, x.Id }, "IX_WorkOrders_AwaitingProvider")
                .HasFilter("\"Status\" = 'Dispatched' AND \"ProviderId\" IS NOT NULL AND \"AssigneeId\" IS NULL");
            // Status filters within a tenant, and the calendar: its overlap test scans the starts of each shown status
            // from MaxScheduleLength before the range; with the end beside the start that scan stays inside the tenant and
            // the status and never reads a row it does not return. Not on PostgreSQL: it multiplies the start range and the
            // end bound as if independent, estimates one row for a week of a thousand visits, and at one row this narrower
            // index looks cheaper than the covering one below; there (CompanyId, Status, DueDate) serves status filters.
            if (!Database.IsNpgsql()) w.HasIndex(x => new { x.CompanyId, x.Status, x.ScheduledStart, x.ScheduledEnd });
            // The calendar's week: the same scan over scheduled work orders only, holding every column the calendar draws,
            // so a week of a thousand visits is read from the index alone instead of a thousand row lookups. Id is listed
            // for PostgreSQL (SQLite's index holds the row id anyway).
            w.HasIndex(x => new { x.CompanyId, x.Status, x.ScheduledStart, x.ScheduledEnd, x.FacilityId, x.AssigneeId, x.Version, x.SubmitterId, x.ProviderId, x.Title, x.Id },
                    "IX_WorkOrders_Calendar")
                .HasFilter("\"ScheduledStart\" IS NOT NULL");
            // The visits longer than a day, the only ones that can reach a range from further back than a day before it: the
            // calendar reads the short from IX_WorkOrders_Calendar starting a day before the range, the long from here (ADR-028).
            // The marker is listed too: SQLite would otherwise read each row to test the filter the index already implies.
            w.HasIndex(x => new { x.CompanyId, x.Status, x.ScheduledStart, x.ScheduledEnd, x.FacilityId, x.AssigneeId, x.Version, x.SubmitterId, x.ProviderId, x.Title, x.Id, x.IsLongVisit },
                    "IX_WorkOrders_CalendarLongVisits")
                .HasFilter("\"IsLongVisit\"");
            // Sorting and filtering by the earliest due date within a tenant.
            w.HasIndex(x => new { x.CompanyId, x.DueDate });
            // The dashboard's overdue work orders: a due-date range per unfinished status, never the finished past.
            w.HasIndex(x => new { x.CompanyId, x.Status, x.DueDate });
            // The dashboard's estimates of the last months, summed from the index alone.
            w.HasIndex(x => new { x.CompanyId, x.CreatedAt, x.FacilityId, x.EstimateTotal });
        });

        builder.Entity<WorkOrderNote>(n => n.Property(x => x.Text).HasMaxLength(WorkOrder.MaxTextLength));
        builder.Entity<EstimateLine>(l =>
        {
            l.Property(x => x.Description).HasMaxLength(400);
            l.Ignore(x => x.LineTotal);
        });
        builder.Entity<WorkOrderHistoryEntry>(h =>
        {
            h.Property(x => x.Comment).HasMaxLength(WorkOrder.MaxTextLength);
            // The dashboard's medians: the steps of one kind taken in the last 30 or 90 days.
            h.HasIndex(x => new { x.Action, x.At, x.WorkOrderId });
        });

        builder.Entity<Notification>(n =>
        {
            n.Property(x => x.Title).HasMaxLength(300);
            n.Property(x => x.Body).HasMaxLength(2000);
            n.HasIndex(x => new { x.UserId, x.ReadAt, x.CreatedAt });
            n.HasIndex(x => new { x.UserId, x.CreatedAt });
        });
        builder.Entity<Attachment>(a =>
        {
            a.Property(x => x.FileName).HasMaxLength(Attachment.MaxFileNameLength);
            a.Property(x => x.ContentType).HasMaxLength(100);
            a.Property(x => x.StorageKey).HasMaxLength(80);
            a.Property(x => x.ThumbnailKey).HasMaxLength(80);
            a.Ignore(x => x.IsImage);
            a.HasOne(x => x.Facility).WithMany().HasForeignKey(x => x.FacilityId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne(x => x.ActionItem).WithMany().HasForeignKey(x => x.ActionItemId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne(x => x.WorkOrder).WithMany().HasForeignKey(x => x.WorkOrderId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne(x => x.Note).WithMany().HasForeignKey(x => x.NoteId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UploadedById).OnDelete(DeleteBehavior.Restrict);
            a.HasIndex(x => x.StorageKey).IsUnique();
            a.HasIndex(x => new { x.ActionItemId, x.State });
            a.HasIndex(x => new { x.WorkOrderId, x.State });
            // The sweep of abandoned uploads and drafts.
            a.HasIndex(x => new { x.State, x.UploadedAt });
        });
        builder.Entity<EmailOptOut>(o => o.HasKey(x => new { x.UserId, x.Event }));
        builder.Entity<DigestPreference>(p =>
        {
            p.HasKey(x => x.UserId);
            p.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        // The key is what makes the digest go out once per user and day, whichever server gets there first.
        builder.Entity<DigestDelivery>(d =>
        {
            d.HasKey(x => new { x.UserId, x.Day });
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<OutboxMessage>(m =>
        {
            m.Ignore(x => x.MessageId);
            m.Property(x => x.ToAddress).HasMaxLength(320);
            m.Property(x => x.Subject).HasMaxLength(400);
            m.HasIndex(x => new { x.Status, x.NextAttemptAt });
            m.HasIndex(x => x.CreatedAt);
            m.HasOne<Administration.OutsideInvitation>().WithMany().HasForeignKey(x => x.OutsideInvitationId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<Administration.OutsideInvitation>(i =>
        {
            i.Ignore(x => x.RowId);
            i.Property(x => x.Email).HasMaxLength(256);
            i.Property(x => x.NormalizedEmail).HasMaxLength(256);
            i.Property(x => x.DisplayName).HasMaxLength(200);
            i.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            i.HasIndex(x => new { x.OrganizationId, x.NormalizedEmail }).IsUnique();
        });

        builder.Entity<ApiKey>(k =>
        {
            k.Property(x => x.Name).HasMaxLength(global::WorkOrders.Core.Api.ApiKeys.MaxNameLength);
            k.Property(x => x.Prefix).HasMaxLength(16);
            k.Property(x => x.SecretHash).HasMaxLength(64);
            k.HasIndex(x => x.SecretHash).IsUnique();
            k.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            k.HasIndex(x => x.OrganizationId);
        });
        builder.Entity<WebhookEndpoint>(e =>
        {
            e.Property(x => x.Url).HasMaxLength(WebhookAddressPolicy.MaxUrlLength);
            e.Property(x => x.Description).HasMaxLength(WebhookAdmin.MaxDescriptionLength);
            e.Property(x => x.Events).HasMaxLength(2000);
            e.Property(x => x.Secret).HasMaxLength(200);
            e.Ignore(x => x.EventList);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.OrganizationId);
        });
        builder.Entity<WebhookDelivery>(d =>
        {
            d.Property(x => x.Event).HasMaxLength(64);
            d.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => new { x.Status, x.NextAttemptAt });
            d.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
            d.HasIndex(x => new { x.EndpointId, x.Status });
        });
        builder.Entity<WebhookAttempt>(a =>
        {
            a.Property(x => x.Error).HasMaxLength(500);
            a.HasOne<WebhookDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            a.HasIndex(x => x.DeliveryId);
        });
        builder.Entity<JobLease>(l =>
        {
            l.HasKey(x => x.Name);
            l.Property(x => x.Name).HasMaxLength(100);
            l.Property(x => x.Holder).HasMaxLength(200);
        });
    }
}
