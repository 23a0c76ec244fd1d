using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class WebhookSecretRotationAndInvitationNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PreviousSecret",
                table: "WebhookEndpoints",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PreviousSecretUntil",
                table: "WebhookEndpoints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OutsideInvitationId",
                table: "Outbox",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_OutsideInvitationId",
                table: "Outbox",
                column: "OutsideInvitationId");

            migrationBuilder.AddForeignKey(
                name: "FK_Outbox_OutsideInvitations_OutsideInvitationId",
                table: "Outbox",
                column: "OutsideInvitationId",
                principalTable: "OutsideInvitations",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Outbox_OutsideInvitations_OutsideInvitationId",
                table: "Outbox");

            migrationBuilder.DropIndex(
                name: "IX_Outbox_OutsideInvitationId",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "PreviousSecret",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "PreviousSecretUntil",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "OutsideInvitationId",
                table: "Outbox");
        }
    }
}
