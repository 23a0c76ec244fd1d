using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProviderDispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DispatchedToProviderAt",
                table: "WorkOrders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProviderId",
                table: "WorkOrders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RequestedEnd",
                table: "WorkOrders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RequestedStart",
                table: "WorkOrders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResponseDueAt",
                table: "WorkOrders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResponseOverdueNotifiedAt",
                table: "WorkOrders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RespondWithinHours",
                table: "FacilityProviderLinks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 24);

            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_ProviderId_Status_DispatchedToProviderAt",
                table: "WorkOrders",
                columns: new[] { "ProviderId", "Status", "DispatchedToProviderAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_WorkOrders_Organizations_ProviderId",
                table: "WorkOrders",
                column: "ProviderId",
                principalTable: "Organizations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_WorkOrders_Organizations_ProviderId",
                table: "WorkOrders");

            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_ProviderId_Status_DispatchedToProviderAt",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "DispatchedToProviderAt",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "ProviderId",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "RequestedEnd",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "RequestedStart",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "ResponseDueAt",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "ResponseOverdueNotifiedAt",
                table: "WorkOrders");

            migrationBuilder.DropColumn(
                name: "RespondWithinHours",
                table: "FacilityProviderLinks");
        }
    }
}
