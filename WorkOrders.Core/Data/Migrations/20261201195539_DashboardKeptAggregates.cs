using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardKeptAggregates : Migration
    {
        // Days are UTC day numbers (DateOnly.DayNumber: days since 0001-01-01), the same integer on both engines; SQLite
        // stores an instant as EF's binary form, ticks / 1000 shifted left by 11 bits (ADR-022).
        private const string CreatedDay = """(NEW."CreatedAt" >> 11) / 864000000""";
        private const string OldCreatedDay = """(OLD."CreatedAt" >> 11) / 864000000""";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Estimates in whole cents per company, UTC day and facility.
            migrationBuilder.Sql("""
                CREATE TABLE "WorkOrderEstimateDays" (
                    "CompanyId" INTEGER NOT NULL,
                    "Day" INTEGER NOT NULL,
                    "FacilityId" INTEGER NOT NULL,
                    "Cents" INTEGER NOT NULL,
                    CONSTRAINT "PK_WorkOrderEstimateDays" PRIMARY KEY ("CompanyId", "Day", "FacilityId")
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "WorkOrderEstimateDays" ("CompanyId", "Day", "FacilityId", "Cents")
                SELECT "CompanyId", ("CreatedAt" >> 11) / 864000000, "FacilityId", SUM(CAST(ROUND(CAST("EstimateTotal" AS REAL) * 100) AS INTEGER))
                FROM "WorkOrders" GROUP BY 1, 2, 3;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_WorkOrders_EstimateDay_Insert" AFTER INSERT ON "WorkOrders"
                BEGIN
                    INSERT INTO "WorkOrderEstimateDays" ("CompanyId", "Day", "FacilityId", "Cents")
                    VALUES (NEW."CompanyId", {CreatedDay}, NEW."FacilityId", CAST(ROUND(CAST(NEW."EstimateTotal" AS REAL) * 100) AS INTEGER))
                    ON CONFLICT ("CompanyId", "Day", "FacilityId") DO UPDATE SET "Cents" = "Cents" + excluded."Cents";
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_WorkOrders_EstimateDay_Update" AFTER UPDATE OF "CompanyId", "CreatedAt", "FacilityId", "EstimateTotal" ON "WorkOrders"
                WHEN OLD."CompanyId" IS NOT NEW."CompanyId" OR OLD."CreatedAt" IS NOT NEW."CreatedAt" OR OLD."FacilityId" IS NOT NEW."FacilityId"
                     OR OLD."EstimateTotal" IS NOT NEW."EstimateTotal"
                BEGIN
                    UPDATE "WorkOrderEstimateDays" SET "Cents" = "Cents" - CAST(ROUND(CAST(OLD."EstimateTotal" AS REAL) * 100) AS INTEGER)
                    WHERE "CompanyId" = OLD."CompanyId" AND "Day" = {OldCreatedDay} AND "FacilityId" = OLD."FacilityId";
                    INSERT INTO "WorkOrderEstimateDays" ("CompanyId", "Day", "FacilityId", "Cents")
                    VALUES (NEW."CompanyId", {CreatedDay}, NEW."FacilityId", CAST(ROUND(CAST(NEW."EstimateTotal" AS REAL) * 100) AS INTEGER))
                    ON CONFLICT ("CompanyId", "Day", "FacilityId") DO UPDATE SET "Cents" = "Cents" + excluded."Cents";
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_WorkOrders_EstimateDay_Delete" AFTER DELETE ON "WorkOrders"
                BEGIN
                    UPDATE "WorkOrderEstimateDays" SET "Cents" = "Cents" - CAST(ROUND(CAST(OLD."EstimateTotal" AS REAL) * 100) AS INTEGER)
                    WHERE "CompanyId" = OLD."CompanyId" AND "Day" = {OldCreatedDay} AND "FacilityId" = OLD."FacilityId";
                END;
                """);

            // Open action items per company and UTC day they were recorded, and per facility. The company is the facility's.
            migrationBuilder.Sql("""
                CREATE TABLE "OpenActionItemDays" (
                    "CompanyId" INTEGER NOT NULL,
                    "Day" INTEGER NOT NULL,
                    "Count" INTEGER NOT NULL,
                    CONSTRAINT "PK_OpenActionItemDays" PRIMARY KEY ("CompanyId", "Day")
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                CREATE TABLE "OpenActionItemFacilities" (
                    "FacilityId" INTEGER NOT NULL CONSTRAINT "PK_OpenActionItemFacilities" PRIMARY KEY,
                    "Count" INTEGER NOT NULL
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "OpenActionItemDays" ("CompanyId", "Day", "Count")
                SELECT f."CompanyId", (i."CreatedAt" >> 11) / 864000000, COUNT(*)
                FROM "ActionItems" i JOIN "Facilities" f ON f."Id" = i."FacilityId" WHERE i."Status" = 'Open' GROUP BY 1, 2;
                """);
            migrationBuilder.Sql("""
                INSERT INTO "OpenActionItemFacilities" ("FacilityId", "Count")
                SELECT "FacilityId", COUNT(*) FROM "ActionItems" WHERE "Status" = 'Open' GROUP BY 1;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_ActionItems_Open_Insert" AFTER INSERT ON "ActionItems" WHEN NEW."Status" = 'Open'
                BEGIN
                    INSERT INTO "OpenActionItemDays" ("CompanyId", "Day", "Count")
                    SELECT "CompanyId", {CreatedDay}, 1 FROM "Facilities" WHERE "Id" = NEW."FacilityId"
                    ON CONFLICT ("CompanyId", "Day") DO UPDATE SET "Count" = "Count" + 1;
                    INSERT INTO "OpenActionItemFacilities" ("FacilityId", "Count") VALUES (NEW."FacilityId", 1)
                    ON CONFLICT ("FacilityId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_ActionItems_Open_Update" AFTER UPDATE OF "Status", "FacilityId", "CreatedAt" ON "ActionItems"
                WHEN (OLD."Status" = 'Open' OR NEW."Status" = 'Open')
                     AND (OLD."Status" IS NOT NEW."Status" OR OLD."FacilityId" IS NOT NEW."FacilityId" OR OLD."CreatedAt" IS NOT NEW."CreatedAt")
                BEGIN
                    UPDATE "OpenActionItemDays" SET "Count" = "Count" - 1
                    WHERE OLD."Status" = 'Open' AND "Day" = {OldCreatedDay}
                      AND "CompanyId" = (SELECT "CompanyId" FROM "Facilities" WHERE "Id" = OLD."FacilityId");
                    UPDATE "OpenActionItemFacilities" SET "Count" = "Count" - 1 WHERE OLD."Status" = 'Open' AND "FacilityId" = OLD."FacilityId";
                    INSERT INTO "OpenActionItemDays" ("CompanyId", "Day", "Count")
                    SELECT "CompanyId", {CreatedDay}, 1 FROM "Facilities" WHERE "Id" = NEW."FacilityId" AND NEW."Status" = 'Open'
                    ON CONFLICT ("CompanyId", "Day") DO UPDATE SET "Count" = "Count" + 1;
                    INSERT INTO "OpenActionItemFacilities" ("FacilityId", "Count") SELECT NEW."FacilityId", 1 WHERE NEW."Status" = 'Open'
                    ON CONFLICT ("FacilityId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_ActionItems_Open_Delete" AFTER DELETE ON "ActionItems" WHEN OLD."Status" = 'Open'
                BEGIN
                    UPDATE "OpenActionItemDays" SET "Count" = "Count" - 1
                    WHERE "Day" = {OldCreatedDay} AND "CompanyId" = (SELECT "CompanyId" FROM "Facilities" WHERE "Id" = OLD."FacilityId");
                    UPDATE "OpenActionItemFacilities" SET "Count" = "Count" - 1 WHERE "FacilityId" = OLD."FacilityId";
                END;
                """);

            // Each approve, dispatch and resolve step with the time since the step before it (the dashboard's medians), in
            // ticks; it goes when its history row goes.
            migrationBuilder.Sql("""
                CREATE TABLE "WorkOrderStepDurations" (
                    "HistoryId" INTEGER NOT NULL CONSTRAINT "PK_WorkOrderStepDurations" PRIMARY KEY,
                    "CompanyId" INTEGER NOT NULL,
                    "Action" TEXT NOT NULL,
                    "At" INTEGER NOT NULL,
                    "Ticks" INTEGER NOT NULL,
                    CONSTRAINT "FK_WorkOrderStepDurations_WorkOrderHistory_HistoryId" FOREIGN KEY ("HistoryId") REFERENCES "WorkOrderHistory" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""
                CREATE INDEX "IX_WorkOrderStepDurations_CompanyId_Action_At_Ticks" ON "WorkOrderStepDurations" ("CompanyId", "Action", "At", "Ticks");
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "WorkOrderStepDurations" ("HistoryId", "CompanyId", "Action", "At", "Ticks")
                SELECT h."Id", w."CompanyId", h."Action", h."At", ((h."At" >> 11) - (b."At" >> 11)) * 1000
                FROM "WorkOrderHistory" h
                JOIN "WorkOrders" w ON w."Id" = h."WorkOrderId"
                JOIN "WorkOrderHistory" b ON b."Id" = ({StepBefore("h")})
                WHERE h."Action" IN ('Approve', 'Dispatch', 'Resolve');
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_WorkOrderHistory_StepDuration" AFTER INSERT ON "WorkOrderHistory"
                WHEN NEW."Action" IN ('Approve', 'Dispatch', 'Resolve')
                BEGIN
                    INSERT INTO "WorkOrderStepDurations" ("HistoryId", "CompanyId", "Action", "At", "Ticks")
                    SELECT NEW."Id", w."CompanyId", NEW."Action", NEW."At", ((NEW."At" >> 11) - (b."At" >> 11)) * 1000
                    FROM "WorkOrders" w JOIN "WorkOrderHistory" b ON b."Id" = ({StepBefore("NEW")})
                    WHERE w."Id" = NEW."WorkOrderId";
                END;
                """);
        }

        /// <summary>The latest step a step is measured from: submit before approve, approve before dispatch, dispatch before resolve.</summary>
        internal static string StepBefore(string row) => $"""
            SELECT p."Id" FROM "WorkOrderHistory" p
            WHERE p."WorkOrderId" = {row}."WorkOrderId" AND p."Id" < {row}."Id"
              AND p."Action" = CASE {row}."Action" WHEN 'Approve' THEN 'Submit' WHEN 'Dispatch' THEN 'Approve' WHEN 'Resolve' THEN 'Dispatch' END
            ORDER BY p."Id" DESC LIMIT 1
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrderHistory_StepDuration";""");
            migrationBuilder.Sql("""DROP TABLE "WorkOrderStepDurations";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_ActionItems_Open_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_ActionItems_Open_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_ActionItems_Open_Delete";""");
            migrationBuilder.Sql("""DROP TABLE "OpenActionItemDays";""");
            migrationBuilder.Sql("""DROP TABLE "OpenActionItemFacilities";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_EstimateDay_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_EstimateDay_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_EstimateDay_Delete";""");
            migrationBuilder.Sql("""DROP TABLE "WorkOrderEstimateDays";""");
        }
    }
}
