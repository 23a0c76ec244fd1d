using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class AwaitingProviderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_WorkOrders_AwaitingProvider",
                table: "WorkOrders",
                columns: new[] { "CompanyId", "DispatchedToProviderAt", "Id" },
                filter: "\"Status\" = 'Dispatched' AND \"ProviderId\" IS NOT NULL AND \"AssigneeId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkOrders_AwaitingProvider",
                table: "WorkOrders");
        }
    }
}
