using WorkOrders.Core.ActionItems;
using WorkOrders.Core.Attachments;
using WorkOrders.Core.Facilities;
using WorkOrders.Core.Orders;

namespace WorkOrders.Core.Organizations;

/// <summary>
/// Tenant isolation in one place (docs/product.md, "Who sees what"). A company sees its own facilities; a
/// service provider the facilities it is linked to, and there only the work orders it created or that were
/// dispatched to it, with their action items, plus the open action items not yet in any work order (which it
/// may bundle into work of its own). Every query and use case starts from these filters, so anything of
/// another tenant is simply not found.
/// </summary>
public static class Visibility
{
    public static IQueryable<Facility> VisibleTo(this IQueryable<Facility> facilities, Actor actor) =>
        actor.OrganizationKind == OrganizationKind.Company
            ? facilities.Where(f => f.CompanyId == actor.OrganizationId)
            : facilities.Where(f => f.ProviderLinks.Any(l => l.ProviderId == actor.OrganizationId));

    public static IQueryable<ActionItem> VisibleTo(this IQueryable<ActionItem> items, Actor actor) =>
        actor.OrganizationKind == OrganizationKind.Company
            ? items.Where(i => i.Facility!.CompanyId == actor.OrganizationId)
            : items.Where(i => i.Facility!.ProviderLinks.Any(l => l.ProviderId == actor.OrganizationId))
                   .Where(Predicates.Or(Availability.Rule<ActionItem>(), i => i.WorkOrderId != null
                       && (i.WorkOrder!.CreatedByOrganizationId == actor.OrganizationId || i.WorkOrder.ProviderId == actor.OrganizationId)));

    public static IQueryable<WorkOrder> VisibleTo(this IQueryable<WorkOrder> workOrders, Actor actor) =>
        actor.OrganizationKind == OrganizationKind.Company
            ? workOrders.Where(w => w.CompanyId == actor.OrganizationId)
            : workOrders.Where(w => (w.CreatedByOrganizationId == actor.OrganizationId || w.ProviderId == actor.OrganizationId)
                                    && w.Facility!.ProviderLinks.Any(l => l.ProviderId == actor.OrganizationId));

    /// <summary>
    /// A finding's files go with the action item (the facility keeps them after its work order closes); a note's
    /// or resolution's with the work order. A draft is seen only by whoever uploaded it.
    /// </summary>
    public static IQueryable<Attachment> VisibleTo(this IQueryable<Attachment> attachments, Actor actor) =>
        actor.OrganizationKind == OrganizationKind.Company
            ? attachments.Where(a => a.CompanyId == actor.OrganizationId
                                     && a.State != AttachmentState.Uploading
                                     && (a.State == AttachmentState.Attached || a.UploadedById == actor.UserId))
            : attachments.Where(a => a.State != AttachmentState.Uploading
                                     && (a.State == AttachmentState.Attached || a.UploadedById == actor.UserId)
                                     && a.Facility!.ProviderLinks.Any(l => l.ProviderId == actor.OrganizationId)
                                     && (a.Target == AttachmentTarget.ActionItem || a.WorkOrder!.CreatedByOrganizationId == actor.OrganizationId));
}
