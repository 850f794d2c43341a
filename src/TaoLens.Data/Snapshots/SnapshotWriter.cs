using Npgsql;
using NpgsqlTypes;

namespace TaoLens.Data.Snapshots;

/// <summary>
/// Bulk-writes subnet snapshots: binary COPY into a transaction-scoped staging table, then one merge statement into
/// <c>subnet_snapshots</c>. A row already stored with the same values is left alone, so writing the same data twice
/// changes nothing; a row whose values changed at the source is updated. Runs inside the caller's transaction.
/// </summary>
public static class SnapshotWriter
{
    private const string Columns = "netuid, observed_at, source, block_number, tao_in_emission_rao, excess_tao_rao, alpha_out_emission_rao, "
        + "alpha_in_emission_rao, alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao, cumulative_volume_rao, registration_block";

    private const string Updatable = "block_number, tao_in_emission_rao, excess_tao_rao, alpha_out_emission_rao, alpha_in_emission_rao, "
        + "alpha_in_pool_rao, alpha_outstanding_rao, tao_in_pool_rao, alpha_price_tao, moving_price_tao, cumulative_volume_rao, registration_block";

    /// <summary>Returns the number of rows inserted or changed.</summary>
    public static async Task<int> WriteAsync(NpgsqlConnection connection, IEnumerable<SubnetSnapshot> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(rows);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS subnet_snapshots_staging (LIKE subnet_snapshots INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var import = await connection.BeginBinaryImportAsync($"COPY subnet_snapshots_staging ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(row.Netuid, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(row.ObservedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await import.WriteAsync(row.Source, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullableAsync(import, row.BlockNumber, cancellationToken);
                await WriteNullableAsync(import, row.TaoInEmissionRao, cancellationToken);
                await WriteNullableAsync(import, row.ExcessTaoRao, cancellationToken);
                await WriteNullableAsync(import, row.AlphaOutEmissionRao, cancellationToken);
                await WriteNullableAsync(import, row.AlphaInEmissionRao, cancellationToken);
                await WriteNullableAsync(import, row.AlphaInPoolRao, cancellationToken);
                await WriteNullableAsync(import, row.AlphaOutstandingRao, cancellationToken);
                await WriteNullableAsync(import, row.TaoInPoolRao, cancellationToken);
                await WriteNullableAsync(import, row.AlphaPriceTao, cancellationToken);
                await WriteNullableAsync(import, row.MovingPriceTao, cancellationToken);
                if (row.CumulativeVolumeRao is { } volume)
                {
                    await import.WriteAsync(volume, NpgsqlDbType.Numeric, cancellationToken);
                }
                else
                {
                    await import.WriteNullAsync(cancellationToken);
                }

                await WriteNullableAsync(import, row.RegistrationBlock, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        // DISTINCT ON keeps one row per key if a batch repeats one; the WHERE skips rows whose values are unchanged.
        await using var merge = new NpgsqlCommand($"""
            INSERT INTO subnet_snapshots ({Columns})
            SELECT DISTINCT ON (netuid, observed_at, source) {Columns} FROM subnet_snapshots_staging
            ORDER BY netuid, observed_at, source
            ON CONFLICT (netuid, observed_at, source) DO UPDATE SET ({Updatable}) = ({Excluded()})
            WHERE ({Prefixed("subnet_snapshots")}) IS DISTINCT FROM ({Excluded()});
            TRUNCATE subnet_snapshots_staging;
            """, connection);
        return await merge.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Excluded() => Prefixed("excluded");

    private static string Prefixed(string table) => string.Join(", ", Updatable.Split(", ").Select(c => $"{table}.{c}"));

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter import, long? value, CancellationToken cancellationToken)
    {
        if (value is { } v)
        {
            await import.WriteAsync(v, NpgsqlDbType.Bigint, cancellationToken);
        }
        else
        {
            await import.WriteNullAsync(cancellationToken);
        }
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter import, decimal? value, CancellationToken cancellationToken)
    {
        if (value is { } v)
        {
            await import.WriteAsync(v, NpgsqlDbType.Numeric, cancellationToken);
        }
        else
        {
            await import.WriteNullAsync(cancellationToken);
        }
    }
}
