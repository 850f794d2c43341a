using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class GroupClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int[]>(
                name: "covers_netuids",
                table: "revenue_entries",
                type: "integer[]",
                nullable: true);

            // Earlier reference data stored this group claim without a netuid, so it read as the network's revenue.
            migrationBuilder.Sql("""
                UPDATE revenue_entries SET covers_netuids = '{3,4,64}'
                WHERE is_reference_data AND netuid IS NULL AND subject = 'Top three compute subnets (Chutes SN64, Targon SN4, Templar SN3)'
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_revenue_entries_subject",
                table: "revenue_entries",
                sql: "(netuid IS NOT NULL AND covers_netuids IS NULL) OR (netuid IS NULL AND covers_netuids IS NULL) OR (netuid IS NULL AND cardinality(covers_netuids) >= 2 AND array_position(covers_netuids, NULL) IS NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_revenue_entries_subject",
                table: "revenue_entries");

            migrationBuilder.DropColumn(
                name: "covers_netuids",
                table: "revenue_entries");
        }
    }
}
