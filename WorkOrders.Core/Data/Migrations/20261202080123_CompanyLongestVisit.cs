using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CompanyLongestVisit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LongestVisitMinutes",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1440);

            // Each company's bound covers the visits it already has (ADR-029). SQLite holds a time as
            // (ticks / 1000) << 11 with the offset in the low bits, and every schedule is written in UTC (offset 0).
            migrationBuilder.Sql("""
                UPDATE "Organizations" SET "LongestVisitMinutes" = MAX(1440, MIN(44640, COALESCE((
                    SELECT (MAX("ScheduledEnd" - "ScheduledStart") / 2048 * 1000 + 599999999) / 600000000
                    FROM "WorkOrders" WHERE "CompanyId" = "Organizations"."Id" AND "ScheduledStart" IS NOT NULL), 0)));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LongestVisitMinutes",
                table: "Organizations");
        }
    }
}
