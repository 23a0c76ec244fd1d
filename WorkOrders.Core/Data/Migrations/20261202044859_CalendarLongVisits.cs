using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Core.Data.Migrations
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // The visits already scheduled: longer than a day (WorkOrder.ShortVisitLength). Instants are stored as
            // (UTC ticks / 1000) << 11, so one day is 864,000,000,000 / 1000 * 2048.
            migrationBuilder.Sql("UPDATE \"WorkOrders\" SET \"IsLongVisit\" = 1 WHERE \"ScheduledEnd\" - \"ScheduledStart\" > 1769472000000;");

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
