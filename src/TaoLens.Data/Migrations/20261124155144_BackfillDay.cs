using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class BackfillDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "backfill_day",
                table: "ingestion_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_ingestion_runs_source_backfill_day",
                table: "ingestion_runs",
                columns: new[] { "source", "backfill_day" },
                filter: "backfill_day IS NOT NULL AND status = 'Succeeded'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ingestion_runs_source_backfill_day",
                table: "ingestion_runs");

            migrationBuilder.DropColumn(
                name: "backfill_day",
                table: "ingestion_runs");
        }
    }
}
