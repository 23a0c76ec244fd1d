using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Core.Data.Migrations
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

            // Work orders per company and status, kept by triggers in the transaction that changes a work order, so no
            // code path (lifecycle, import, bulk SQL, a database copy) can leave it behind (ADR-020). Not in the EF model:
            // a copy between databases rebuilds it through the same triggers instead of copying it.
            migrationBuilder.Sql("""
                CREATE TABLE "WorkOrderStatusCounts" (
                    "CompanyId" INTEGER NOT NULL,
                    "Status" TEXT NOT NULL,
                    "Count" INTEGER NOT NULL,
                    CONSTRAINT "PK_WorkOrderStatusCounts" PRIMARY KEY ("CompanyId", "Status")
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "WorkOrderStatusCounts" ("CompanyId", "Status", "Count")
                SELECT "CompanyId", "Status", COUNT(*) FROM "WorkOrders" GROUP BY "CompanyId", "Status";
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_WorkOrders_StatusCount_Insert" AFTER INSERT ON "WorkOrders"
                BEGIN
                    INSERT INTO "WorkOrderStatusCounts" ("CompanyId", "Status", "Count") VALUES (NEW."CompanyId", NEW."Status", 1)
                    ON CONFLICT ("CompanyId", "Status") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_WorkOrders_StatusCount_Update" AFTER UPDATE OF "Status", "CompanyId" ON "WorkOrders"
                WHEN OLD."Status" IS NOT NEW."Status" OR OLD."CompanyId" IS NOT NEW."CompanyId"
                BEGIN
                    UPDATE "WorkOrderStatusCounts" SET "Count" = "Count" - 1 WHERE "CompanyId" = OLD."CompanyId" AND "Status" = OLD."Status";
                    INSERT INTO "WorkOrderStatusCounts" ("CompanyId", "Status", "Count") VALUES (NEW."CompanyId", NEW."Status", 1)
                    ON CONFLICT ("CompanyId", "Status") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_WorkOrders_StatusCount_Delete" AFTER DELETE ON "WorkOrders"
                BEGIN
                    UPDATE "WorkOrderStatusCounts" SET "Count" = "Count" - 1 WHERE "CompanyId" = OLD."CompanyId" AND "Status" = OLD."Status";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_StatusCount_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_StatusCount_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_StatusCount_Delete";""");
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
