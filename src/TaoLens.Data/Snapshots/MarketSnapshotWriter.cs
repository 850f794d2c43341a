using Npgsql;

namespace TaoLens.Data.Snapshots;

/// <summary>Upserts TAO market snapshots by (observed_at, source); unchanged rows are left alone.</summary>
public static class MarketSnapshotWriter
{
    /// <summary>Returns the number of rows inserted or changed. Runs inside the caller's transaction.</summary>
    public static async Task<int> WriteAsync(NpgsqlConnection connection, IReadOnlyCollection<TaoMarketSnapshot> snapshots, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(snapshots);
        var rows = snapshots.DistinctBy(s => (s.ObservedAt, s.Source)).ToList();
        await using var command = new NpgsqlCommand("""
            INSERT INTO tao_market_snapshots AS m (observed_at, source, price_usd, market_cap_usd, circulating_supply, total_supply, max_supply,
                fully_diluted_valuation_usd, volume24h_usd)
            SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[])
            ON CONFLICT (observed_at, source) DO UPDATE SET
                (price_usd, market_cap_usd, circulating_supply, total_supply, max_supply, fully_diluted_valuation_usd, volume24h_usd) =
                (excluded.price_usd, excluded.market_cap_usd, excluded.circulating_supply, excluded.total_supply, excluded.max_supply,
                    excluded.fully_diluted_valuation_usd, excluded.volume24h_usd)
            WHERE (m.price_usd, m.market_cap_usd, m.circulating_supply, m.total_supply, m.max_supply, m.fully_diluted_valuation_usd, m.volume24h_usd)
                IS DISTINCT FROM (excluded.price_usd, excluded.market_cap_usd, excluded.circulating_supply, excluded.total_supply, excluded.max_supply,
                    excluded.fully_diluted_valuation_usd, excluded.volume24h_usd)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = rows.Select(r => r.ObservedAt).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Source).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = rows.Select(r => r.PriceUsd).ToArray() });
        foreach (var column in new Func<TaoMarketSnapshot, decimal?>[] { r => r.MarketCapUsd, r => r.CirculatingSupply, r => r.TotalSupply, r => r.MaxSupply, r => r.FullyDilutedValuationUsd, r => r.Volume24hUsd })
        {
            command.Parameters.Add(new NpgsqlParameter<decimal?[]> { TypedValue = rows.Select(column).ToArray() });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
