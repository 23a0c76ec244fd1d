using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class CalendarLongVisits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsLongVisit",
                table: "WorkOrders",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // The visits already scheduled: longer than a day (WorkOrder.ShortVisitLength).
            migrationBuilder.Sql("UPDATE \"WorkOrders\" SET \"IsLongVisit\" = TRUE WHERE \"ScheduledEnd\" - \"ScheduledStart\" > INTERVAL '1 day';");

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_CalendarLongVisits",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "Status", "ScheduledStart", "ScheduledEnd", "FacilityId", "AssigneeId", "Version", "SubmitterId", "ProviderId", "Title", "Id", "IsLongVisit" },
                filter: "\"IsLongVisit\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_CalendarLongVisits",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "IsLongVisit",
                table: "WorkOrders");
        }
    }
}
