using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
{
    /// <summary>
    /// PostgreSQL only (SQLite's plans already stop early and read the week from the covering index): the inbox's index
    /// ends with the id, so its first page is read in id order and the scan stops; the calendar's narrower index goes,
    /// because PostgreSQL estimates one row for a week and then prefers it over the covering <c>IX_WorkOrders_Calendar</c>.
    /// </summary>
    public partial class PostgreSqlInboxAndWeekPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_ApproverId_Status_CompanyId",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_CompanyId_Status_ScheduledStart_ScheduledEnd",
                table: "WorkOrders");

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_ApproverId_Status_CompanyId_Id",
                table: "WorkOrders",
                columns: new[] { "ApproverId", "Status", "CompanyId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_ApproverId_Status_CompanyId_Id",
                table: "WorkOrders");

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_ApproverId_Status_CompanyId",
                table: "WorkOrders",
                columns: new[] { "ApproverId", "Status", "CompanyId" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_CompanyId_Status_ScheduledStart_ScheduledEnd",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "Status", "ScheduledStart", "ScheduledEnd" });
        }
    }
}
