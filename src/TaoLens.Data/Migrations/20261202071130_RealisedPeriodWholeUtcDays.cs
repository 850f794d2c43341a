using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class RealisedPeriodWholeUtcDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_revenue_entries_period",
                table: "revenue_entries");

            // NOT VALID: new rows must be whole UTC days; a row stored before the check cannot stop the upgrade
            // (the engine reads it as invalid input, docs/metrics.md §6).
            migrationBuilder.Sql(
                "ALTER TABLE revenue_entries ADD CONSTRAINT ck_revenue_entries_period CHECK ("
                + "(kind = 'Realised' AND period_start IS NOT NULL AND period_end IS NOT NULL AND period_end > period_start AND (period_start AT TIME ZONE 'UTC')::time = '00:00' AND (period_end AT TIME ZONE 'UTC')::time = '00:00') OR (kind = 'RunRate' AND as_of IS NOT NULL)"
                + ") NOT VALID;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_revenue_entries_period",
                table: "revenue_entries");

            migrationBuilder.AddCheckConstraint(
                name: "ck_revenue_entries_period",
                table: "revenue_entries",
                sql: "(kind = 'Realised' AND period_start IS NOT NULL AND period_end IS NOT NULL AND period_end > period_start) OR (kind = 'RunRate' AND as_of IS NOT NULL)");
        }
    }
}
