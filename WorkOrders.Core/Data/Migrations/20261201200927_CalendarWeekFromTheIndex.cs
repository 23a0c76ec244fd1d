using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CalendarWeekFromTheIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_Calendar",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "Status", "ScheduledStart", "ScheduledEnd", "FacilityId", "AssigneeId", "Version", "SubmitterId", "ProviderId", "Title", "Id" },
                filter: "\"ScheduledStart\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_Calendar",
                table: "WorkOrders");
        }
    }
}
