using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TaoLens.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistrationBlock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "registration_block",
                table: "subnet_snapshots",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "registration_block",
                table: "subnet_days",
                type: "bigint",
                nullable: true);

            migrationBuilder.Sql(RollupWithRegistration);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RollupWithoutRegistration);

            migrationBuilder.DropColumn(
                name: "registration_block",
                table: "subnet_snapshots");

            migrationBuilder.DropColumn(
                name: "registration_block",
                table: "subnet_days");
        }

        // The day's last known registration block joins the rollup (docs/metrics.md, "Re-registration"), chosen like
        // every other last value: latest time, ties by source name.
        private const string RollupWithRegistration = """
            CREATE OR REPLACE FUNCTION refresh_subnet_days(netuids integer[], days timestamptz[]) RETURNS void LANGUAGE sql AS $fn$
                DELETE FROM subnet_days d
                USING unnest(netuids, days) AS k(netuid, day)
                WHERE d.netuid = k.netuid AND d.day = k.day
                  AND NOT EXISTS (SELECT 1 FROM subnet_snapshots s WHERE s.netuid = k.netuid
                      AND s.observed_at >= k.day AND s.observed_at < k.day + interval '24 hours');
                INSERT INTO subnet_days (netuid, day, snapshot_count, tao_in_emission_sum, tao_in_emission_count, excess_tao_sum, excess_tao_count,
                    alpha_out_emission_sum, alpha_out_emission_count, alpha_in_emission_sum, alpha_in_emission_count,
                    alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao, registration_block)
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
                        (array_agg(s.moving_price_tao ORDER BY s.observed_at DESC, s.source COLLATE "C" DESC) FILTER (WHERE s.moving_price_tao IS NOT NULL))[1],
                        (array_agg(s.registration_block ORDER BY s.observed_at DESC, s.source COLLATE "C" DESC) FILTER (WHERE s.registration_block IS NOT NULL))[1]
                    FROM subnet_snapshots s
                    WHERE s.netuid = k.netuid
                      AND s.observed_at >= k.day AND s.observed_at < k.day + interval '24 hours'
                ) r
                WHERE r.snapshot_count > 0
                ON CONFLICT (netuid, day) DO UPDATE SET
                    (snapshot_count, tao_in_emission_sum, tao_in_emission_count, excess_tao_sum, excess_tao_count,
                     alpha_out_emission_sum, alpha_out_emission_count, alpha_in_emission_sum, alpha_in_emission_count,
                     alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao, registration_block) =
                    (excluded.snapshot_count, excluded.tao_in_emission_sum, excluded.tao_in_emission_count, excluded.excess_tao_sum, excluded.excess_tao_count,
                     excluded.alpha_out_emission_sum, excluded.alpha_out_emission_count, excluded.alpha_in_emission_sum, excluded.alpha_in_emission_count,
                     excluded.alpha_in_pool_rao, excluded.alpha_outstanding_rao, excluded.tao_in_pool_rao, excluded.alpha_price_tao, excluded.moving_price_tao, excluded.registration_block);
            $fn$;
            """;

        private const string RollupWithoutRegistration = """
            CREATE OR REPLACE FUNCTION refresh_subnet_days(netuids integer[], days timestamptz[]) RETURNS void LANGUAGE sql AS $fn$
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
            """;
    }
}
