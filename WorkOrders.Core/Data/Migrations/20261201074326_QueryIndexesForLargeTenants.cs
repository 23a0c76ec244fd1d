using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueryIndexesForLargeTenants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_ApproverId_Status",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_AssigneeId_ScheduledStart",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_CompanyId_Status",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_FacilityId_Status",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_ScheduledStart",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_SubmitterId",
                table: "WorkOrders");

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_ApproverId_Status_CompanyId",
                table: "WorkOrders",
                columns: new[] { "ApproverId", "Status", "CompanyId" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_AssigneeId_CompanyId_ScheduledStart",
                table: "WorkOrders",
                columns: new[] { "AssigneeId", "CompanyId", "ScheduledStart" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_CompanyId_Status_ScheduledStart_ScheduledEnd",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "Status", "ScheduledStart", "ScheduledEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_FacilityId_Status_CompanyId",
                table: "WorkOrders",
                columns: new[] { "FacilityId", "Status", "CompanyId" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_SubmitterId_Status_UpdatedAt",
                table: "WorkOrders",
                columns: new[] { "SubmitterId", "Status", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_ApproverId_Status_CompanyId",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_AssigneeId_CompanyId_ScheduledStart",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_CompanyId_Status_ScheduledStart_ScheduledEnd",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_FacilityId_Status_CompanyId",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_SubmitterId_Status_UpdatedAt",
                table: "WorkOrders");

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_ApproverId_Status",
                table: "WorkOrders",
                columns: new[] { "ApproverId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_AssigneeId_ScheduledStart",
                table: "WorkOrders",
                columns: new[] { "AssigneeId", "ScheduledStart" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_CompanyId_Status",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_FacilityId_Status",
                table: "WorkOrders",
                columns: new[] { "FacilityId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_ScheduledStart",
                table: "WorkOrders",
                column: "ScheduledStart");

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_SubmitterId",
                table: "WorkOrders",
                column: "SubmitterId");
        }
    }
}
