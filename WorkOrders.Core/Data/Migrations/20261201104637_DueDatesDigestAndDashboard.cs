using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DueDatesDigestAndDashboard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "DueDate",
                table: "WorkOrders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DueDateOverridden",
                table: "WorkOrderHistory",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "DueDaysCritical",
                table: "Organizations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DueDaysHigh",
                table: "Organizations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DueDaysLow",
                table: "Organizations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DueDaysMedium",
                table: "Organizations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TimeZoneId",
                table: "Organizations",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");

            migrationBuilder.CreateTable(
                name: "DigestDeliveries",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Sent = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestDeliveries", x => new { x.UserId, x.Day });
                    table.ForeignKey(
                        name: "FK_DigestDeliveries_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DigestPreferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestPreferences", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_DigestPreferences_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing companies get the usual compliance defaults; existing work orders the earliest due date of their open items.
            migrationBuilder.Sql("UPDATE \"Organizations\" SET \"DueDaysCritical\" = 7, \"DueDaysHigh\" = 30, \"DueDaysMedium\" = 60, \"DueDaysLow\" = 90 WHERE \"Kind\" = 'Company';");
            migrationBuilder.Sql("UPDATE \"WorkOrders\" SET \"DueDate\" = (SELECT MIN(i.\"DueDate\") FROM \"ActionItems\" i WHERE i.\"WorkOrderId\" = \"WorkOrders\".\"Id\" AND i.\"Status\" = 'Open');");

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_CompanyId_DueDate",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ActionItems_Status_DueDate",
                table: "ActionItems",
                columns: new[] { "Status", "DueDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DigestDeliveries");

            migrationBuilder.DropTable(
                name: "DigestPreferences");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_CompanyId_DueDate",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_ActionItems_Status_DueDate",
                table: "ActionItems");

            migrationBuilder.DropColumn(
                name: "DueDate",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "DueDateOverridden",
                table: "WorkOrderHistory");

            migrationBuilder.DropColumn(
                name: "DueDaysCritical",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "DueDaysHigh",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "DueDaysLow",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "DueDaysMedium",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "TimeZoneId",
                table: "Organizations");
        }
    }
}
