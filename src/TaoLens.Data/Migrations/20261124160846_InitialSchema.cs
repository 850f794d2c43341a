using System;
using System.Numerics;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingestion_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rows_written = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    backfill_day = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingestion_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "subnets",
                columns: table => new
                {
                    netuid = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    symbol = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    owner_hotkey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    owner_coldkey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    registration_block = table.Column<long>(type: "bigint", nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    github_repo = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    contact = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    url = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    discord = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    description = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    logo_url = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    additional = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_reference_data = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subnets", x => x.netuid);
                    table.CheckConstraint("ck_subnets_netuid_u16", "netuid BETWEEN 0 AND 65535");
                });

            migrationBuilder.CreateTable(
                name: "tao_market_snapshots",
                columns: table => new
                {
                    observed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    price_usd = table.Column<decimal>(type: "numeric(28,18)", precision: 28, scale: 18, nullable: false),
                    market_cap_usd = table.Column<decimal>(type: "numeric(28,8)", precision: 28, scale: 8, nullable: true),
                    circulating_supply = table.Column<decimal>(type: "numeric(28,9)", precision: 28, scale: 9, nullable: true),
                    total_supply = table.Column<decimal>(type: "numeric(28,9)", precision: 28, scale: 9, nullable: true),
                    max_supply = table.Column<decimal>(type: "numeric(28,9)", precision: 28, scale: 9, nullable: true),
                    fully_diluted_valuation_usd = table.Column<decimal>(type: "numeric(28,8)", precision: 28, scale: 8, nullable: true),
                    volume24h_usd = table.Column<decimal>(type: "numeric(28,8)", precision: 28, scale: 8, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tao_market_snapshots", x => new { x.observed_at, x.source });
                    table.CheckConstraint("ck_tao_market_snapshots_price_positive", "price_usd > 0");
                });

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

            migrationBuilder.CreateTable(
                name: "revenue_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    netuid = table.Column<int>(type: "integer", nullable: true),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    as_of = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    amount_usd = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: true),
                    low_usd = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: true),
                    high_usd = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: true),
                    external_components = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    source_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    source_url = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    source_kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    entered_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    corrects_id = table.Column<long>(type: "bigint", nullable: true),
                    is_reference_data = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revenue_entries", x => x.id);
                    table.CheckConstraint("ck_revenue_entries_amount", "(amount_usd IS NOT NULL OR (low_usd IS NOT NULL AND high_usd IS NOT NULL)) AND coalesce(amount_usd, 0) >= 0 AND coalesce(low_usd, 0) >= 0 AND (low_usd IS NULL OR low_usd <= coalesce(amount_usd, high_usd, low_usd)) AND (high_usd IS NULL OR high_usd >= coalesce(amount_usd, low_usd, high_usd))");
                    table.CheckConstraint("ck_revenue_entries_period", "(kind = 'Realised' AND period_start IS NOT NULL AND period_end IS NOT NULL AND period_end > period_start) OR (kind = 'RunRate' AND as_of IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_revenue_entries_revenue_entries_corrects_id",
                        column: x => x.corrects_id,
                        principalTable: "revenue_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_revenue_entries_subnets_netuid",
                        column: x => x.netuid,
                        principalTable: "subnets",
                        principalColumn: "netuid",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "subnet_snapshots",
                columns: table => new
                {
                    netuid = table.Column<int>(type: "integer", nullable: false),
                    observed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    block_number = table.Column<long>(type: "bigint", nullable: true),
                    tao_in_emission_rao = table.Column<long>(type: "bigint", nullable: true),
                    excess_tao_rao = table.Column<long>(type: "bigint", nullable: true),
                    alpha_out_emission_rao = table.Column<long>(type: "bigint", nullable: true),
                    alpha_in_emission_rao = table.Column<long>(type: "bigint", nullable: true),
                    alpha_in_pool_rao = table.Column<long>(type: "bigint", nullable: true),
                    alpha_outstanding_rao = table.Column<long>(type: "bigint", nullable: true),
                    tao_in_pool_rao = table.Column<long>(type: "bigint", nullable: true),
                    alpha_price_tao = table.Column<decimal>(type: "numeric(38,18)", precision: 38, scale: 18, nullable: true),
                    moving_price_tao = table.Column<decimal>(type: "numeric(38,18)", precision: 38, scale: 18, nullable: true),
                    cumulative_volume_rao = table.Column<BigInteger>(type: "numeric(39,0)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subnet_snapshots", x => new { x.netuid, x.observed_at, x.source });
                    table.CheckConstraint("ck_subnet_snapshots_amounts_non_negative", "coalesce(tao_in_emission_rao, 0) >= 0 AND coalesce(excess_tao_rao, 0) >= 0 AND coalesce(alpha_out_emission_rao, 0) >= 0 AND coalesce(alpha_in_emission_rao, 0) >= 0 AND coalesce(alpha_in_pool_rao, 0) >= 0 AND coalesce(alpha_outstanding_rao, 0) >= 0 AND coalesce(tao_in_pool_rao, 0) >= 0 AND coalesce(alpha_price_tao, 0) >= 0");
                    table.ForeignKey(
                        name: "fk_subnet_snapshots_subnets_netuid",
                        column: x => x.netuid,
                        principalTable: "subnets",
                        principalColumn: "netuid",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ingestion_runs_source_backfill_day",
                table: "ingestion_runs",
                columns: new[] { "source", "backfill_day" },
                filter: "backfill_day IS NOT NULL AND status = 'Succeeded'");

            migrationBuilder.CreateIndex(
                name: "ix_ingestion_runs_source_started_at",
                table: "ingestion_runs",
                columns: new[] { "source", "started_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_revenue_entries_corrects_id",
                table: "revenue_entries",
                column: "corrects_id");

            migrationBuilder.CreateIndex(
                name: "ix_revenue_entries_netuid_subject_kind_period_start_period_end",
                table: "revenue_entries",
                columns: new[] { "netuid", "subject", "kind", "period_start", "period_end", "as_of", "source_name", "corrects_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_revenues");

            migrationBuilder.DropTable(
                name: "ingestion_runs");

            migrationBuilder.DropTable(
                name: "revenue_entries");

            migrationBuilder.DropTable(
                name: "subnet_snapshots");

            migrationBuilder.DropTable(
                name: "tao_market_snapshots");

            migrationBuilder.DropTable(
                name: "subnets");
        }
    }
}
