using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class DashboardAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ActionItems_FacilityId_Status",
                table: "ActionItems");

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_CompanyId_CreatedAt_FacilityId_EstimateTotal",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "CreatedAt", "FacilityId", "EstimateTotal" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_CompanyId_Status_DueDate",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "Status", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrderHistory_Action_At_WorkOrderId",
                table: "WorkOrderHistory",
                columns: new[] { "Action", "At", "WorkOrderId" });

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_FacilityId_Status_CreatedAt",
                table: "ActionItems",
                columns: new[] { "FacilityId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_FacilityId_Status_DueDate",
                table: "ActionItems",
                columns: new[] { "FacilityId", "Status", "DueDate" });

            // Work orders per company and status, kept by a trigger in the transaction that changes a work order, so no
            // code path (lifecycle, import, bulk SQL, a database copy) can leave it behind (ADR-020). Not in the EF model:
            // a copy between databases rebuilds it through the same trigger instead of copying it. The two rows a status
            // change touches are always locked in the same order (by status), so concurrent changes cannot deadlock here.
            migrationBuilder.Sql("""
                CREATE TABLE "WorkOrderStatusCounts" (
                    "CompanyId" integer NOT NULL,
                    "Status" text NOT NULL,
                    "Count" integer NOT NULL,
                    CONSTRAINT "PK_WorkOrderStatusCounts" PRIMARY KEY ("CompanyId", "Status")
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "WorkOrderStatusCounts" ("CompanyId", "Status", "Count")
                SELECT "CompanyId", "Status", COUNT(*) FROM "WorkOrders" GROUP BY "CompanyId", "Status";
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION work_order_status_count_add(company integer, status text, delta integer) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO "WorkOrderStatusCounts" ("CompanyId", "Status", "Count") VALUES (company, status, delta)
                    ON CONFLICT ("CompanyId", "Status") DO UPDATE SET "Count" = "WorkOrderStatusCounts"."Count" + EXCLUDED."Count";
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION work_order_status_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        PERFORM work_order_status_count_add(NEW."CompanyId", NEW."Status", 1);
                    ELSIF TG_OP = 'DELETE' THEN
                        PERFORM work_order_status_count_add(OLD."CompanyId", OLD."Status", -1);
                    ELSIF (OLD."CompanyId", OLD."Status") IS DISTINCT FROM (NEW."CompanyId", NEW."Status") THEN
                        IF (OLD."CompanyId", OLD."Status") < (NEW."CompanyId", NEW."Status") THEN
                            PERFORM work_order_status_count_add(OLD."CompanyId", OLD."Status", -1);
                            PERFORM work_order_status_count_add(NEW."CompanyId", NEW."Status", 1);
                        ELSE
                            PERFORM work_order_status_count_add(NEW."CompanyId", NEW."Status", 1);
                            PERFORM work_order_status_count_add(OLD."CompanyId", OLD."Status", -1);
                        END IF;
                    END IF;
                    RETURN NULL;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_WorkOrders_StatusCount" AFTER INSERT OR DELETE OR UPDATE OF "Status", "CompanyId" ON "WorkOrders"
                FOR EACH ROW EXECUTE FUNCTION work_order_status_count();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_StatusCount" ON "WorkOrders";""");
            migrationBuilder.Sql("""DROP FUNCTION work_order_status_count();""");
            migrationBuilder.Sql("""DROP FUNCTION work_order_status_count_add(integer, text, integer);""");
            migrationBuilder.Sql("""DROP TABLE "WorkOrderStatusCounts";""");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_CompanyId_CreatedAt_FacilityId_EstimateTotal",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_CompanyId_Status_DueDate",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrderHistory_Action_At_WorkOrderId",
                table: "WorkOrderHistory");

            migrationBuilder.DropIndex(
                name: "IX_ActionItems_FacilityId_Status_CreatedAt",
                table: "ActionItems");

            migrationBuilder.DropIndex(
                name: "IX_ActionItems_FacilityId_Status_DueDate",
                table: "ActionItems");

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_FacilityId_Status",
                table: "ActionItems",
                columns: new[] { "FacilityId", "Status" });
        }
    }
}
