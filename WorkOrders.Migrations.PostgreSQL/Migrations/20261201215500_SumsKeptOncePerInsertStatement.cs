using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
{
    /// <summary>
    /// Inserts keep the work-order status counts, the estimate days and the open action-item counts with one grouped
    /// upsert per statement instead of one per row (ADR-020, ADR-022): PostgreSQL writes a new version of a row on every
    /// update, and a bulk insert of one company's rows updated the same few sum rows once per inserted row, which grew
    /// with the square of the rows in one transaction. Deletes and updates stay per row (one row at a time in the app).
    /// </summary>
    public partial class SumsKeptOncePerInsertStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION work_orders_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "WorkOrderStatusCounts" ("CompanyId", "Status", "Count")
                    SELECT "CompanyId", "Status", COUNT(*) FROM inserted GROUP BY 1, 2 ORDER BY 1, 2
                    ON CONFLICT ("CompanyId", "Status") DO UPDATE SET "Count" = "WorkOrderStatusCounts"."Count" + EXCLUDED."Count";
                    INSERT INTO "WorkOrderEstimateDays" ("CompanyId", "Day", "FacilityId", "Cents")
                    SELECT "CompanyId", utc_day_number("CreatedAt"), "FacilityId", SUM(ROUND("EstimateTotal" * 100)::bigint)
                    FROM inserted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    ON CONFLICT ("CompanyId", "Day", "FacilityId") DO UPDATE SET "Cents" = "WorkOrderEstimateDays"."Cents" + EXCLUDED."Cents";
                    RETURN NULL;
                END;
                $$;
                CREATE FUNCTION action_items_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "OpenActionItemDays" ("CompanyId", "Day", "Count")
                    SELECT f."CompanyId", utc_day_number(i."CreatedAt"), COUNT(*)
                    FROM inserted i JOIN "Facilities" f ON f."Id" = i."FacilityId" WHERE i."Status" = 'Open' GROUP BY 1, 2 ORDER BY 1, 2
                    ON CONFLICT ("CompanyId", "Day") DO UPDATE SET "Count" = "OpenActionItemDays"."Count" + EXCLUDED."Count";
                    INSERT INTO "OpenActionItemFacilities" ("FacilityId", "Count")
                    SELECT "FacilityId", COUNT(*) FROM inserted WHERE "Status" = 'Open' GROUP BY 1 ORDER BY 1
                    ON CONFLICT ("FacilityId") DO UPDATE SET "Count" = "OpenActionItemFacilities"."Count" + EXCLUDED."Count";
                    RETURN NULL;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                DROP TRIGGER "TR_WorkOrders_StatusCount" ON "WorkOrders";
                CREATE TRIGGER "TR_WorkOrders_StatusCount" AFTER DELETE OR UPDATE OF "Status", "CompanyId" ON "WorkOrders"
                FOR EACH ROW EXECUTE FUNCTION work_order_status_count();
                DROP TRIGGER "TR_WorkOrders_EstimateDay" ON "WorkOrders";
                CREATE TRIGGER "TR_WorkOrders_EstimateDay" AFTER DELETE ON "WorkOrders"
                FOR EACH ROW EXECUTE FUNCTION work_order_estimate_day();
                CREATE TRIGGER "TR_WorkOrders_Inserted" AFTER INSERT ON "WorkOrders"
                REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION work_orders_inserted();
                DROP TRIGGER "TR_ActionItems_Open" ON "ActionItems";
                CREATE TRIGGER "TR_ActionItems_Open" AFTER DELETE ON "ActionItems"
                FOR EACH ROW EXECUTE FUNCTION open_action_item();
                CREATE TRIGGER "TR_ActionItems_Inserted" AFTER INSERT ON "ActionItems"
                REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION action_items_inserted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "TR_ActionItems_Inserted" ON "ActionItems";
                DROP TRIGGER "TR_ActionItems_Open" ON "ActionItems";
                CREATE TRIGGER "TR_ActionItems_Open" AFTER INSERT OR DELETE ON "ActionItems"
                FOR EACH ROW EXECUTE FUNCTION open_action_item();
                DROP TRIGGER "TR_WorkOrders_Inserted" ON "WorkOrders";
                DROP TRIGGER "TR_WorkOrders_EstimateDay" ON "WorkOrders";
                CREATE TRIGGER "TR_WorkOrders_EstimateDay" AFTER INSERT OR DELETE ON "WorkOrders"
                FOR EACH ROW EXECUTE FUNCTION work_order_estimate_day();
                DROP TRIGGER "TR_WorkOrders_StatusCount" ON "WorkOrders";
                CREATE TRIGGER "TR_WorkOrders_StatusCount" AFTER INSERT OR DELETE OR UPDATE OF "Status", "CompanyId" ON "WorkOrders"
                FOR EACH ROW EXECUTE FUNCTION work_order_status_count();
                DROP FUNCTION action_items_inserted();
                DROP FUNCTION work_orders_inserted();
                """);
        }
    }
}
