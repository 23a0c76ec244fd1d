using Microsoft.EntityFrameworkCore;
using WorkOrders.Core.Common;
using WorkOrders.Core.Data;
using WorkOrders.Core.Organizations;
using WorkOrders.Core.Orders;
using WorkOrders.Core.Webhooks;

namespace WorkOrders.Core.ActionItems;

/// <summary>Recording, changing and closing action items at the actor's company's facilities.</summary>
public sealed class ActionItemService(IDbContextFactory<WorkOrdersDbContext> dbFactory, TimeProvider clock, WebhookWriter webhooks)
{
    public async Task<Result<int>> CreateAsync(Actor actor, int facilityId, ActionItemInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Facilities.VisibleTo(actor).AnyAsync(f => f.Id == facilityId, ct)) return Result<int>.From(Result.NotFound("The facility"));
        if (!ActionItemRules.MayRecord(actor)) return Result<int>.From(NotCompanyUser);
        var errors = input.ValidateFields();
        if (errors.Count > 0) return Result<int>.From(Result.Invalid(errors));
        var now = clock.GetUtcNow();
        var company = await db.Facilities.Where(f => f.Id == facilityId).Select(f => new { f.Company!.TimeZoneId, Defaults = new DueDateDefaults(f.Company.DueDaysCritical, f.Company.DueDaysHigh, f.Company.DueDaysMedium, f.Company.DueDaysLow) }).SingleAsync(ct);
        var dueDate = input.DueDate ?? company.Defaults.DueDateFor(input.Priority, DueDates.Today(clock, company.TimeZoneId));
        var item = new ActionItem(facilityId, input.Title.Trim(), input.Description?.Trim() ?? "", input.Priority, now,
            string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim(), dueDate);
        db.ActionItems.Add(item);
        // The webhook names the item, whose id the database gives: both saves share one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await webhooks.StageActionItemsAsync(db, [item], WebhookEvents.ActionItemCreated, actor.UserId, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return item.Id;
    }

    public Task<Result> UpdateAsync(Actor actor, int id, int expectedVersion, ActionItemInput input, CancellationToken ct = default) =>
        ChangeAsync(actor, id, expectedVersion, WebhookEvents.ActionItemUpdated, item => item.Update(input), ct);

    public Task<Result> CloseAsync(Actor actor, int id, int expectedVersion, string? reason, CancellationToken ct = default) =>
        ChangeAsync(actor, id, expectedVersion, WebhookEvents.ActionItemClosed, item => item.CloseWithoutWorkOrder(reason), ct);

    private async Task<Result> ChangeAsync(Actor actor, int id, int expectedVersion, string eventName, Func<ActionItem, Result> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.ActionItems.VisibleTo(actor).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null) return Result.NotFound("The action item");
        if (!ActionItemRules.MayRecord(actor)) return NotCompanyUser;
        if (item.Version != expectedVersion) return Result.Conflict("Someone changed this action item in the meantime. The latest version has been loaded.");
        var result = change(item);
        if (!result.IsOk) return result;
        await webhooks.StageActionItemsAsync(db, [item], eventName, actor.UserId, clock.GetUtcNow(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict("Someone changed this action item at the same moment. The latest version has been loaded.");
        }
        return result;
    }

    private static Result NotCompanyUser => Result.NotAllowed("Only people of the company that owns the facility may record or change its action items.");
}
