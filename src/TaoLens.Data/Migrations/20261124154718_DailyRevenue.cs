using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class DailyRevenue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "daily_revenues",
                columns: table => new
                {
                    netuid = table.Column<int>(type: "integer", nullable: false),
                    day = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    component = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    amount_usd = table.Column<decimal>(type: "numeric(20,6)", precision: 20, scale: 6, nullable: false),
                    counts_as_external = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_revenues", x => new { x.netuid, x.day, x.component, x.source });
                    table.CheckConstraint("ck_daily_revenues_amount_non_negative", "amount_usd >= 0");
                    table.CheckConstraint("ck_daily_revenues_day_is_midnight", "day = date_trunc('day', day, 'UTC')");
                    table.ForeignKey(
                        name: "fk_daily_revenues_subnets_netuid",
                        column: x => x.netuid,
                        principalTable: "subnets",
                        principalColumn: "netuid",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_revenues");
        }
    }
}
