using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class DailyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "market_days",
                columns: table => new
                {
                    day = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
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
                    table.PrimaryKey("pk_market_days", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "subnet_days",
                columns: table => new
                {
                    netuid = table.Column<int>(type: "integer", nullable: false),
                    day = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    snapshot_count = table.Column<int>(type: "integer", nullable: false),
                    tao_in_emission_sum = table.Column<decimal>(type: "numeric", nullable: true),
                    tao_in_emission_count = table.Column<int>(type: "integer", nullable: false),
                    excess_tao_sum = table.Column<decimal>(type: "numeric", nullable: true),
                    excess_tao_count = table.Column<int>(type: "integer", nullable: false),
                    alpha_out_emission_sum = table.Column<decimal>(type: "numeric", nullable: true),
                    alpha_out_emission_count = table.Column<int>(type: "integer", nullable: false),
                    alpha_in_emission_sum = table.Column<decimal>(type: "numeric", nullable: true),
                    alpha_in_emission_count = table.Column<int>(type: "integer", nullable: false),
                    alpha_in_pool_rao = table.Column<long>(type: "bigint", nullable: true),
                    alpha_outstanding_rao = table.Column<long>(type: "bigint", nullable: true),
                    tao_in_pool_rao = table.Column<long>(type: "bigint", nullable: true),
                    alpha_price_tao = table.Column<decimal>(type: "numeric(38,18)", precision: 38, scale: 18, nullable: true),
                    moving_price_tao = table.Column<decimal>(type: "numeric(38,18)", precision: 38, scale: 18, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subnet_days", x => new { x.netuid, x.day });
                });

            migrationBuilder.CreateIndex(
                name: "ix_subnet_days_day",
                table: "subnet_days",
                column: "day");

            migrationBuilder.Sql(RollupFunctions);
            migrationBuilder.Sql(Backfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER subnet_snapshots_insert_days ON subnet_snapshots;
                DROP TRIGGER subnet_snapshots_update_days ON subnet_snapshots;
                DROP TRIGGER subnet_snapshots_delete_days ON subnet_snapshots;
                DROP TRIGGER subnet_snapshots_truncate_days ON subnet_snapshots;
                DROP TRIGGER tao_market_snapshots_insert_days ON tao_market_snapshots;
                DROP TRIGGER tao_market_snapshots_update_days ON tao_market_snapshots;
                DROP TRIGGER tao_market_snapshots_delete_days ON tao_market_snapshots;
                DROP TRIGGER tao_market_snapshots_truncate_days ON tao_market_snapshots;
                DROP FUNCTION subnet_snapshots_changed();
                DROP FUNCTION tao_market_snapshots_changed();
                DROP FUNCTION rollups_truncated();
                DROP FUNCTION refresh_subnet_days(integer[], timestamptz[]);
                DROP FUNCTION refresh_market_days(timestamptz[]);
                """);

            migrationBuilder.DropTable(
                name: "market_days");

            migrationBuilder.DropTable(
                name: "subnet_days");
        }

        // The daily rollup rule of docs/metrics.md ("Daily rollup") in SQL, the twin of Core's DailyRollup (pinned equal
        // by DailyRollupTableTests). Statement triggers keep both tables current whatever writes the snapshots.
        private const string RollupFunctions = """
            CREATE FUNCTION refresh_subnet_days(netuids integer[], days timestamptz[]) RETURNS void LANGUAGE sql AS $fn$
                DELETE FROM subnet_days d
                USING unnest(netuids, days) AS k(netuid, day)
                WHERE d.netuid = k.netuid AND d.day = k.day
                  AND NOT EXISTS (SELECT 1 FROM subnet_snapshots s WHERE s.netuid = k.netuid
                      AND s.observed_at >= k.day AND s.observed_at < k.day + interval '24 hours');
                INSERT INTO subnet_days (netuid, day, snapshot_count, tao_in_emission_sum, tao_in_emission_count, excess_tao_sum, excess_tao_count,
                    alpha_out_emission_sum, alpha_out_emission_count, alpha_in_emission_sum, alpha_in_emission_count,
                    alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao)
                SELECT k.netuid, k.day, r.*
                FROM (SELECT DISTINCT u.netuid, u.day FROM unnest(netuids, days) AS u(netuid, day)) k
                CROSS JOIN LATERAL (
                    SELECT count(*)::integer AS snapshot_count,
                        sum(s.tao_in_emission_rao), count(s.tao_in_emission_rao)::integer,
                        sum(s.excess_tao_rao), count(s.excess_tao_rao)::integer,
                        sum(s.alpha_out_emission_rao), count(s.alpha_out_emission_rao)::integer,
                        sum(s.alpha_in_emission_rao), count(s.alpha_in_emission_rao)::integer,
                        (array_agg(s.alpha_in_pool_rao ORDER BY s.observed_at DESC, s.source COLLATE "C" DESC) FILTER (WHERE s.alpha_in_pool_rao IS NOT NULL))[1],
                        (array_agg(s.alpha_outstanding_rao ORDER BY s.observed_at DESC, s.source COLLATE "C" DESC) FILTER (WHERE s.alpha_outstanding_rao IS NOT NULL))[1],
                        (array_agg(s.tao_in_pool_rao ORDER BY s.observed_at DESC, s.source COLLATE "C" DESC) FILTER (WHERE s.tao_in_pool_rao IS NOT NULL))[1],
                        (array_agg(s.alpha_price_tao ORDER BY s.observed_at DESC, s.source COLLATE "C" DESC) FILTER (WHERE s.alpha_price_tao IS NOT NULL))[1],
                        (array_agg(s.moving_price_tao ORDER BY s.observed_at DESC, s.source COLLATE "C" DESC) FILTER (WHERE s.moving_price_tao IS NOT NULL))[1]
                    FROM subnet_snapshots s
                    WHERE s.netuid = k.netuid
                      AND s.observed_at >= k.day AND s.observed_at < k.day + interval '24 hours'
                ) r
                WHERE r.snapshot_count > 0
                ON CONFLICT (netuid, day) DO UPDATE SET
                    (snapshot_count, tao_in_emission_sum, tao_in_emission_count, excess_tao_sum, excess_tao_count,
                     alpha_out_emission_sum, alpha_out_emission_count, alpha_in_emission_sum, alpha_in_emission_count,
                     alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao) =
                    (excluded.snapshot_count, excluded.tao_in_emission_sum, excluded.tao_in_emission_count, excluded.excess_tao_sum, excluded.excess_tao_count,
                     excluded.alpha_out_emission_sum, excluded.alpha_out_emission_count, excluded.alpha_in_emission_sum, excluded.alpha_in_emission_count,
                     excluded.alpha_in_pool_rao, excluded.alpha_outstanding_rao, excluded.tao_in_pool_rao, excluded.alpha_price_tao, excluded.moving_price_tao);
            $fn$;

            CREATE FUNCTION refresh_market_days(days timestamptz[]) RETURNS void LANGUAGE sql AS $fn$
                DELETE FROM market_days d
                USING unnest(days) AS k(day)
                WHERE d.day = k.day
                  AND NOT EXISTS (SELECT 1 FROM tao_market_snapshots m
                      WHERE m.observed_at >= k.day AND m.observed_at < k.day + interval '24 hours');
                INSERT INTO market_days (day, price_usd, market_cap_usd, circulating_supply, total_supply, max_supply, fully_diluted_valuation_usd, volume24h_usd)
                SELECT k.day, r.*
                FROM (SELECT DISTINCT u.day FROM unnest(days) AS u(day)) k
                CROSS JOIN LATERAL (
                    SELECT (array_agg(m.price_usd ORDER BY m.observed_at DESC, m.source COLLATE "C" DESC))[1] AS price_usd,
                        (array_agg(m.market_cap_usd ORDER BY m.observed_at DESC, m.source COLLATE "C" DESC) FILTER (WHERE m.market_cap_usd IS NOT NULL))[1],
                        (array_agg(m.circulating_supply ORDER BY m.observed_at DESC, m.source COLLATE "C" DESC) FILTER (WHERE m.circulating_supply IS NOT NULL))[1],
                        (array_agg(m.total_supply ORDER BY m.observed_at DESC, m.source COLLATE "C" DESC) FILTER (WHERE m.total_supply IS NOT NULL))[1],
                        (array_agg(m.max_supply ORDER BY m.observed_at DESC, m.source COLLATE "C" DESC) FILTER (WHERE m.max_supply IS NOT NULL))[1],
                        (array_agg(m.fully_diluted_valuation_usd ORDER BY m.observed_at DESC, m.source COLLATE "C" DESC) FILTER (WHERE m.fully_diluted_valuation_usd IS NOT NULL))[1],
                        (array_agg(m.volume24h_usd ORDER BY m.observed_at DESC, m.source COLLATE "C" DESC) FILTER (WHERE m.volume24h_usd IS NOT NULL))[1]
                    FROM tao_market_snapshots m
                    WHERE m.observed_at >= k.day AND m.observed_at < k.day + interval '24 hours'
                ) r
                WHERE r.price_usd IS NOT NULL
                ON CONFLICT (day) DO UPDATE SET
                    (price_usd, market_cap_usd, circulating_supply, total_supply, max_supply, fully_diluted_valuation_usd, volume24h_usd) =
                    (excluded.price_usd, excluded.market_cap_usd, excluded.circulating_supply, excluded.total_supply, excluded.max_supply,
                     excluded.fully_diluted_valuation_usd, excluded.volume24h_usd);
            $fn$;

            -- The advisory lock makes concurrent writers take turns (held to commit): two statements touching the same
            -- day would otherwise each aggregate without the other's uncommitted rows, and the later upsert would win.
            -- Writers run in READ COMMITTED, so the refresh after the wait sees the rows the other writer committed.
            CREATE FUNCTION subnet_snapshots_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
            DECLARE
                netuids integer[];
                days timestamptz[];
            BEGIN
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    SELECT array_agg(k.netuid), array_agg(k.day) INTO netuids, days
                    FROM (SELECT DISTINCT n.netuid, date_trunc('day', n.observed_at, 'UTC') AS day FROM new_rows n) k;
                END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    SELECT coalesce(netuids, '{}') || array_agg(k.netuid), coalesce(days, '{}') || array_agg(k.day) INTO netuids, days
                    FROM (SELECT DISTINCT o.netuid, date_trunc('day', o.observed_at, 'UTC') AS day FROM old_rows o) k;
                END IF;
                IF cardinality(netuids) > 0 THEN
                    PERFORM pg_advisory_xact_lock(hashtextextended('taolens.daily_rollups', 0));
                    PERFORM refresh_subnet_days(netuids, days);
                END IF;
                RETURN NULL;
            END
            $fn$;

            CREATE FUNCTION tao_market_snapshots_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
            DECLARE
                days timestamptz[];
            BEGIN
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    SELECT array_agg(DISTINCT date_trunc('day', n.observed_at, 'UTC')) INTO days FROM new_rows n;
                END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    SELECT coalesce(days, '{}') || array_agg(DISTINCT date_trunc('day', o.observed_at, 'UTC')) INTO days FROM old_rows o;
                END IF;
                IF cardinality(days) > 0 THEN
                    PERFORM pg_advisory_xact_lock(hashtextextended('taolens.daily_rollups', 0));
                    PERFORM refresh_market_days(days);
                END IF;
                RETURN NULL;
            END
            $fn$;

            CREATE FUNCTION rollups_truncated() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                IF TG_TABLE_NAME = 'subnet_snapshots' THEN
                    TRUNCATE subnet_days;
                ELSE
                    TRUNCATE market_days;
                END IF;
                RETURN NULL;
            END
            $fn$;

            CREATE TRIGGER subnet_snapshots_insert_days AFTER INSERT ON subnet_snapshots
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subnet_snapshots_changed();
            CREATE TRIGGER subnet_snapshots_update_days AFTER UPDATE ON subnet_snapshots
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subnet_snapshots_changed();
            CREATE TRIGGER subnet_snapshots_delete_days AFTER DELETE ON subnet_snapshots
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION subnet_snapshots_changed();
            CREATE TRIGGER subnet_snapshots_truncate_days AFTER TRUNCATE ON subnet_snapshots
                FOR EACH STATEMENT EXECUTE FUNCTION rollups_truncated();
            CREATE TRIGGER tao_market_snapshots_insert_days AFTER INSERT ON tao_market_snapshots
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tao_market_snapshots_changed();
            CREATE TRIGGER tao_market_snapshots_update_days AFTER UPDATE ON tao_market_snapshots
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tao_market_snapshots_changed();
            CREATE TRIGGER tao_market_snapshots_delete_days AFTER DELETE ON tao_market_snapshots
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tao_market_snapshots_changed();
            CREATE TRIGGER tao_market_snapshots_truncate_days AFTER TRUNCATE ON tao_market_snapshots
                FOR EACH STATEMENT EXECUTE FUNCTION rollups_truncated();
            """;

        // Rows stored before this migration: every day that has snapshots, through the same functions.
        private const string Backfill = """
            SELECT refresh_subnet_days(array_agg(k.netuid), array_agg(k.day))
            FROM (SELECT DISTINCT netuid, date_trunc('day', observed_at, 'UTC') AS day FROM subnet_snapshots) k;
            SELECT refresh_market_days(array_agg(DISTINCT date_trunc('day', observed_at, 'UTC'))) FROM tao_market_snapshots;
            """;
    }
}
