using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
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
                type: "integer",
                nullable: false,
                defaultValue: 1440);

            // Each company's bound covers the visits it already has (ADR-029).
            migrationBuilder.Sql("""
                UPDATE "Organizations" AS o SET "LongestVisitMinutes" = GREATEST(1440, LEAST(44640, COALESCE((
                    SELECT CEIL(EXTRACT(EPOCH FROM MAX(w."ScheduledEnd" - w."ScheduledStart")) / 60)::integer
                    FROM "WorkOrders" AS w WHERE w."CompanyId" = o."Id" AND w."ScheduledStart" IS NOT NULL), 0)));
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
