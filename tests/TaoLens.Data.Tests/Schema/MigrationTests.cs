using Microsoft.EntityFrameworkCore;
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
                ["__ef_migrations_history", "daily_revenues", "ingestion_runs", "revenue_entries", "subnet_snapshots", "subnets", "tao_market_snapshots"],
                tables);
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
