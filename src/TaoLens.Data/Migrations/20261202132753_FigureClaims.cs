using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class FigureClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "figure_claims",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    quantity = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    netuid = table.Column<int>(type: "integer", nullable: true),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    as_of = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    base_value = table.Column<decimal>(type: "numeric(24,6)", precision: 24, scale: 6, nullable: true),
                    low_value = table.Column<decimal>(type: "numeric(24,6)", precision: 24, scale: 6, nullable: true),
                    high_value = table.Column<decimal>(type: "numeric(24,6)", precision: 24, scale: 6, nullable: true),
                    source_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    source_url = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    source_kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    quote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    entered_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_reference_data = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_figure_claims", x => x.id);
                    table.CheckConstraint("ck_figure_claims_date", "(as_of IS NOT NULL AND period_start IS NULL AND period_end IS NULL) OR (as_of IS NULL AND period_start IS NOT NULL AND period_end IS NOT NULL AND period_end > period_start AND (period_start AT TIME ZONE 'UTC')::time = '00:00' AND (period_end AT TIME ZONE 'UTC')::time = '00:00')");
                    table.CheckConstraint("ck_figure_claims_quantity", "quantity <> 'ExternalRevenueUsd'");
                    table.CheckConstraint("ck_figure_claims_value", "(base_value IS NOT NULL OR (low_value IS NOT NULL AND high_value IS NOT NULL)) AND coalesce(base_value, 1) > 0 AND coalesce(low_value, 1) > 0 AND coalesce(high_value, 1) > 0 AND (low_value IS NULL OR low_value <= coalesce(base_value, high_value, low_value)) AND (high_value IS NULL OR high_value >= coalesce(base_value, low_value, high_value))");
                    table.ForeignKey(
                        name: "fk_figure_claims_subnets_netuid",
                        column: x => x.netuid,
                        principalTable: "subnets",
                        principalColumn: "netuid",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_figure_claims_netuid",
                table: "figure_claims",
                column: "netuid");

            migrationBuilder.CreateIndex(
                name: "ix_figure_claims_quantity_netuid_subject_as_of_period_start_pe",
                table: "figure_claims",
                columns: new[] { "quantity", "netuid", "subject", "as_of", "period_start", "period_end", "source_name" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "figure_claims");
        }
    }
}
