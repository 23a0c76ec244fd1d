using System.Linq.Expressions;
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
        workOrders.Where(WorkOrdersSeenBy(actor.OrganizationKind, Expression.Field(Expression.Constant(new Reader(actor.OrganizationId)), nameof(Reader.OrganizationId))));

    /// <summary>
    /// The work order rule for a query compiled once per kind of organisation (EF.CompileAsyncQuery), where the
    /// organisation's id is one of the compiled query's parameters: the same rule as <see cref="VisibleTo(IQueryable{WorkOrder}, Actor)"/>.
    /// </summary>
    public static Expression<Func<WorkOrder, bool>> WorkOrdersSeenBy(OrganizationKind kind, Expression organizationId)
    {
        var rule = kind == OrganizationKind.Company ? CompanyWorkOrders : ProviderWorkOrders;
        return Expression.Lambda<Func<WorkOrder, bool>>(new Substitute(rule.Parameters[1], organizationId).Visit(rule.Body), rule.Parameters[0]);
    }

    private static readonly Expression<Func<WorkOrder, int, bool>> CompanyWorkOrders = (w, organizationId) => w.CompanyId == organizationId;

    private static readonly Expression<Func<WorkOrder, int, bool>> ProviderWorkOrders = (w, organizationId) =>
        (w.CreatedByOrganizationId == organizationId || w.ProviderId == organizationId)
        && w.Facility!.ProviderLinks.Any(l => l.ProviderId == organizationId);

    /// <summary>A captured value, as a closure holds one: EF sends it as a parameter, so every actor of a kind shares one cached query.</summary>
    private sealed class Reader(int organizationId)
    {
        public readonly int OrganizationId = organizationId;
    }

    private sealed class Substitute(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }

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
