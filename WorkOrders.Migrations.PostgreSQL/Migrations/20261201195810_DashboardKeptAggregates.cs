using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class DashboardKeptAggregates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Days are UTC day numbers (DateOnly.DayNumber: days since 0001-01-01), the same integer as on SQLite (ADR-022).
            migrationBuilder.Sql("""
                CREATE FUNCTION utc_day_number(at timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
                    SELECT (at AT TIME ZONE 'UTC')::date - DATE '0001-01-01';
                $$;
                """);

            // Estimates in whole cents per company, UTC day and facility.
            migrationBuilder.Sql("""
                CREATE TABLE "WorkOrderEstimateDays" (
                    "CompanyId" integer NOT NULL,
                    "Day" integer NOT NULL,
                    "FacilityId" integer NOT NULL,
                    "Cents" bigint NOT NULL,
                    CONSTRAINT "PK_WorkOrderEstimateDays" PRIMARY KEY ("CompanyId", "Day", "FacilityId")
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "WorkOrderEstimateDays" ("CompanyId", "Day", "FacilityId", "Cents")
                SELECT "CompanyId", utc_day_number("CreatedAt"), "FacilityId", SUM(ROUND("EstimateTotal" * 100)::bigint)
                FROM "WorkOrders" GROUP BY 1, 2, 3;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION work_order_estimate_day_add(company integer, day integer, facility integer, cents bigint) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO "WorkOrderEstimateDays" ("CompanyId", "Day", "FacilityId", "Cents") VALUES (company, day, facility, cents)
                    ON CONFLICT ("CompanyId", "Day", "FacilityId") DO UPDATE SET "Cents" = "WorkOrderEstimateDays"."Cents" + EXCLUDED."Cents";
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION work_order_estimate_day() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('DELETE', 'UPDATE') THEN
                        PERFORM work_order_estimate_day_add(OLD."CompanyId", utc_day_number(OLD."CreatedAt"), OLD."FacilityId", -ROUND(OLD."EstimateTotal" * 100)::bigint);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM work_order_estimate_day_add(NEW."CompanyId", utc_day_number(NEW."CreatedAt"), NEW."FacilityId", ROUND(NEW."EstimateTotal" * 100)::bigint);
                    END IF;
                    RETURN NULL;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_WorkOrders_EstimateDay" AFTER INSERT OR DELETE ON "WorkOrders"
                FOR EACH ROW EXECUTE FUNCTION work_order_estimate_day();
                CREATE TRIGGER "TR_WorkOrders_EstimateDay_Update" AFTER UPDATE OF "CompanyId", "CreatedAt", "FacilityId", "EstimateTotal" ON "WorkOrders"
                FOR EACH ROW WHEN ((OLD."CompanyId", OLD."CreatedAt", OLD."FacilityId", OLD."EstimateTotal") IS DISTINCT FROM (NEW."CompanyId", NEW."CreatedAt", NEW."FacilityId", NEW."EstimateTotal"))
                EXECUTE FUNCTION work_order_estimate_day();
                """);

            // Open action items per company and UTC day they were recorded, and per facility. The company is the facility's.
            migrationBuilder.Sql("""
                CREATE TABLE "OpenActionItemDays" (
                    "CompanyId" integer NOT NULL,
                    "Day" integer NOT NULL,
                    "Count" integer NOT NULL,
                    CONSTRAINT "PK_OpenActionItemDays" PRIMARY KEY ("CompanyId", "Day")
                );
                CREATE TABLE "OpenActionItemFacilities" (
                    "FacilityId" integer NOT NULL CONSTRAINT "PK_OpenActionItemFacilities" PRIMARY KEY,
                    "Count" integer NOT NULL
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "OpenActionItemDays" ("CompanyId", "Day", "Count")
                SELECT f."CompanyId", utc_day_number(i."CreatedAt"), COUNT(*)
                FROM "ActionItems" i JOIN "Facilities" f ON f."Id" = i."FacilityId" WHERE i."Status" = 'Open' GROUP BY 1, 2;
                INSERT INTO "OpenActionItemFacilities" ("FacilityId", "Count")
                SELECT "FacilityId", COUNT(*) FROM "ActionItems" WHERE "Status" = 'Open' GROUP BY 1;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION open_action_item_add(facility integer, day integer, delta integer) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO "OpenActionItemDays" ("CompanyId", "Day", "Count")
                    SELECT "CompanyId", day, delta FROM "Facilities" WHERE "Id" = facility
                    ON CONFLICT ("CompanyId", "Day") DO UPDATE SET "Count" = "OpenActionItemDays"."Count" + EXCLUDED."Count";
                    INSERT INTO "OpenActionItemFacilities" ("FacilityId", "Count") VALUES (facility, delta)
                    ON CONFLICT ("FacilityId") DO UPDATE SET "Count" = "OpenActionItemFacilities"."Count" + EXCLUDED."Count";
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION open_action_item() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD."Status" = 'Open' THEN
                        PERFORM open_action_item_add(OLD."FacilityId", utc_day_number(OLD."CreatedAt"), -1);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."Status" = 'Open' THEN
                        PERFORM open_action_item_add(NEW."FacilityId", utc_day_number(NEW."CreatedAt"), 1);
                    END IF;
                    RETURN NULL;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_ActionItems_Open" AFTER INSERT OR DELETE ON "ActionItems"
                FOR EACH ROW EXECUTE FUNCTION open_action_item();
                CREATE TRIGGER "TR_ActionItems_Open_Update" AFTER UPDATE OF "Status", "FacilityId", "CreatedAt" ON "ActionItems"
                FOR EACH ROW WHEN ((OLD."Status", OLD."FacilityId", OLD."CreatedAt") IS DISTINCT FROM (NEW."Status", NEW."FacilityId", NEW."CreatedAt"))
                EXECUTE FUNCTION open_action_item();
                """);

            // Each approve, dispatch and resolve step with the time since the step before it (the dashboard's medians), in
            // ticks; it goes when its history row goes.
            migrationBuilder.Sql("""
                CREATE TABLE "WorkOrderStepDurations" (
                    "HistoryId" integer NOT NULL CONSTRAINT "PK_WorkOrderStepDurations" PRIMARY KEY,
                    "CompanyId" integer NOT NULL,
                    "Action" text NOT NULL,
                    "At" timestamp with time zone NOT NULL,
                    "Ticks" bigint NOT NULL,
                    CONSTRAINT "FK_WorkOrderStepDurations_WorkOrderHistory_HistoryId" FOREIGN KEY ("HistoryId") REFERENCES "WorkOrderHistory" ("Id") ON DELETE CASCADE
                );
                CREATE INDEX "IX_WorkOrderStepDurations_CompanyId_Action_At_Ticks" ON "WorkOrderStepDurations" ("CompanyId", "Action", "At", "Ticks");
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "WorkOrderStepDurations" ("HistoryId", "CompanyId", "Action", "At", "Ticks")
                SELECT h."Id", w."CompanyId", h."Action", h."At", (EXTRACT(EPOCH FROM h."At" - b."At") * 10000000)::bigint
                FROM "WorkOrderHistory" h
                JOIN "WorkOrders" w ON w."Id" = h."WorkOrderId"
                JOIN "WorkOrderHistory" b ON b."Id" = ({StepBefore("h")})
                WHERE h."Action" IN ('Approve', 'Dispatch', 'Resolve');
                """);
            migrationBuilder.Sql($$"""
                CREATE FUNCTION work_order_step_duration() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "WorkOrderStepDurations" ("HistoryId", "CompanyId", "Action", "At", "Ticks")
                    SELECT NEW."Id", w."CompanyId", NEW."Action", NEW."At", (EXTRACT(EPOCH FROM NEW."At" - b."At") * 10000000)::bigint
                    FROM "WorkOrders" w JOIN "WorkOrderHistory" b ON b."Id" = ({{StepBefore("NEW")}})
                    WHERE w."Id" = NEW."WorkOrderId";
                    RETURN NULL;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_WorkOrderHistory_StepDuration" AFTER INSERT ON "WorkOrderHistory"
                FOR EACH ROW WHEN (NEW."Action" IN ('Approve', 'Dispatch', 'Resolve'))
                EXECUTE FUNCTION work_order_step_duration();
                """);
        }

        /// <summary>The latest step a step is measured from: submit before approve, approve before dispatch, dispatch before resolve.</summary>
        private static string StepBefore(string row) => $"""
            SELECT p."Id" FROM "WorkOrderHistory" p
            WHERE p."WorkOrderId" = {row}."WorkOrderId" AND p."Id" < {row}."Id"
              AND p."Action" = CASE {row}."Action" WHEN 'Approve' THEN 'Submit' WHEN 'Dispatch' THEN 'Approve' WHEN 'Resolve' THEN 'Dispatch' END
            ORDER BY p."Id" DESC LIMIT 1
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrderHistory_StepDuration" ON "WorkOrderHistory";""");
            migrationBuilder.Sql("""DROP FUNCTION work_order_step_duration();""");
            migrationBuilder.Sql("""DROP TABLE "WorkOrderStepDurations";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_ActionItems_Open" ON "ActionItems";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_ActionItems_Open_Update" ON "ActionItems";""");
            migrationBuilder.Sql("""DROP FUNCTION open_action_item();""");
            migrationBuilder.Sql("""DROP FUNCTION open_action_item_add(integer, integer, integer);""");
            migrationBuilder.Sql("""DROP TABLE "OpenActionItemDays";""");
            migrationBuilder.Sql("""DROP TABLE "OpenActionItemFacilities";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_EstimateDay" ON "WorkOrders";""");
            migrationBuilder.Sql("""DROP TRIGGER "TR_WorkOrders_EstimateDay_Update" ON "WorkOrders";""");
            migrationBuilder.Sql("""DROP FUNCTION work_order_estimate_day();""");
            migrationBuilder.Sql("""DROP FUNCTION work_order_estimate_day_add(integer, integer, integer, bigint);""");
            migrationBuilder.Sql("""DROP TABLE "WorkOrderEstimateDays";""");
            migrationBuilder.Sql("""DROP FUNCTION utc_day_number(timestamptz);""");
        }
    }
}
