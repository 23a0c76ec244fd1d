using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WorkOrders.Migrations.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class UserDarkMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "DarkMode",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DarkMode",
                table: "AspNetUsers");
        }
    }
}
