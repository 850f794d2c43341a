using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Schema;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_match_the_model()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync();
        try
        {
            await using var db = TestPostgres.CreateDbContext(connectionString);
            await db.Database.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that no migration captures");
            var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1").ToListAsync();
            Assert.Equal(
                [
                    "__ef_migrations_history", "daily_revenues", "data_protection_keys", "digest_deliveries", "digest_subscription_views", "digest_subscriptions", "figure_claims", "ingestion_runs", "market_days", "personal_access_tokens",
                    "revenue_entries", "saved_view_pins", "saved_views", "subnet_days", "subnet_snapshots", "subnets", "tao_market_snapshots", "team_audit",
                    "team_invitations", "team_memberships", "teams", "user_claims", "user_logins", "user_tokens", "users", "view_share_links",
                ],
                tables);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Upgrading_a_database_with_snapshots_fills_the_daily_rollups()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync();
        try
        {
            await using var db = TestPostgres.CreateDbContext(connectionString);
            await db.GetService<IMigrator>().MigrateAsync("InitialSchema");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO subnets (netuid, first_seen_at, last_seen_at, is_reference_data) VALUES (3, now(), now(), false);
                INSERT INTO subnet_snapshots (netuid, observed_at, source, tao_in_emission_rao, alpha_price_tao) VALUES
                    (3, '2026-01-01T06:00Z', 'chain', 10, 0.1), (3, '2026-01-01T18:00Z', 'chain', 20, 0.2), (3, '2026-01-02T00:00Z', 'chain', 40, NULL);
                INSERT INTO tao_market_snapshots (observed_at, source, price_usd) VALUES ('2026-01-01T12:00Z', 'coingecko', 300);
                """);

            await db.Database.MigrateAsync();

            var days = await db.SubnetDayRows.OrderBy(d => d.Day).Select(d => new { d.SnapshotCount, d.TaoInEmissionSum, d.AlphaPriceTao }).ToListAsync();
            Assert.Equal([new { SnapshotCount = 2, TaoInEmissionSum = (decimal?)30m, AlphaPriceTao = (decimal?)0.2m }, new { SnapshotCount = 1, TaoInEmissionSum = (decimal?)40m, AlphaPriceTao = (decimal?)null }], days);
            Assert.Equal(300m, (await db.MarketDayRows.SingleAsync()).PriceUsd);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Upgrading_turns_the_old_reference_top_three_claim_into_a_group_claim_and_leaves_network_claims_alone()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync();
        try
        {
            await using var db = TestPostgres.CreateDbContext(connectionString);
            await db.GetService<IMigrator>().MigrateAsync("DailyRollups");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO revenue_entries (netuid, subject, kind, as_of, amount_usd, low_usd, high_usd, source_name, source_kind, entered_by, entered_at, is_reference_data) VALUES
                    (NULL, 'Top three compute subnets (Chutes SN64, Targon SN4, Templar SN3)', 'RunRate', '2026-03-01Z', 20000000, NULL, NULL, 'Gate', 'ThirdParty', 'ref', now(), true),
                    (NULL, 'Bittensor network', 'RunRate', '2026-03-01Z', NULL, 20000000, 50000000, 'Gate', 'AnalystEstimate', 'ref', now(), true);
                """);

            await db.Database.MigrateAsync();

            var rows = await db.RevenueEntries.OrderBy(e => e.Subject).Select(e => new { e.Subject, e.CoversNetuids }).ToListAsync();
            Assert.Equal("Bittensor network", rows[0].Subject);
            Assert.Null(rows[0].CoversNetuids);
            Assert.Equal([3, 4, 64], rows[1].CoversNetuids ?? []);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Every_time_column_is_timestamptz()
    {
        await using var database = await TestDatabase.CreateAsync();
        var connectionString = database.ConnectionString;
        {
            await using var db = TestPostgres.CreateDbContext(connectionString);
            var naive = await db.Database.SqlQueryRaw<string>("""
                SELECT table_name || '.' || column_name AS "Value" FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type IN ('timestamp without time zone', 'date', 'time without time zone')
                """).ToListAsync();
            Assert.Empty(naive);
        }
    }

    [Fact]
    public async Task Hot_reads_use_the_snapshot_key_index()
    {
        await using var database = await TestDatabase.CreateAsync();
        var connectionString = database.ConnectionString;
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var seed = new NpgsqlCommand("""
                INSERT INTO subnets (netuid, first_seen_at, last_seen_at, is_reference_data)
                SELECT n, now(), now(), false FROM generate_series(0, 128) n;
                INSERT INTO subnet_snapshots (netuid, observed_at, source, tao_in_emission_rao)
                SELECT n, timestamptz '2025-01-01' + d * interval '1 hour', 'chain', 1000
                FROM generate_series(0, 128) n, generate_series(0, 400) d;
                ANALYZE subnet_snapshots;
                SET enable_seqscan = off;
                """, connection))
            {
                await seed.ExecuteNonQueryAsync();
            }

            var latest = await ExplainAsync(connection, "SELECT * FROM subnet_snapshots WHERE netuid = 3 ORDER BY observed_at DESC LIMIT 1");
            var range = await ExplainAsync(connection, "SELECT * FROM subnet_snapshots WHERE netuid = 3 AND observed_at >= '2025-01-05' AND observed_at < '2025-01-10'");

            Assert.Contains("pk_subnet_snapshots", latest, StringComparison.Ordinal);
            Assert.Contains("Backward", latest, StringComparison.Ordinal);
            Assert.Contains("pk_subnet_snapshots", range, StringComparison.Ordinal);
        }
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return string.Join('\n', plan);
    }
}
