using Npgsql;

namespace TaoLens.Data.Revenue;

/// <summary>Upserts daily revenue components by (netuid, day, component, source); unchanged rows are left alone.</summary>
public static class DailyRevenueWriter
{
    /// <summary>Returns the number of rows inserted or changed. Runs inside the caller's transaction.</summary>
    public static async Task<int> WriteAsync(NpgsqlConnection connection, IReadOnlyCollection<DailyRevenue> revenues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(revenues);
        var rows = revenues.DistinctBy(r => (r.Netuid, r.Day, r.Component, r.Source)).ToList();
        await using var command = new NpgsqlCommand("""
            INSERT INTO daily_revenues AS d (netuid, day, component, source, amount_usd, counts_as_external)
            SELECT * FROM unnest($1::integer[], $2::timestamptz[], $3::text[], $4::text[], $5::numeric[], $6::boolean[])
            ON CONFLICT (netuid, day, component, source) DO UPDATE SET (amount_usd, counts_as_external) = (excluded.amount_usd, excluded.counts_as_external)
            WHERE (d.amount_usd, d.counts_as_external) IS DISTINCT FROM (excluded.amount_usd, excluded.counts_as_external)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Netuid).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = rows.Select(r => r.Day).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Component).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Source).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = rows.Select(r => r.AmountUsd).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = rows.Select(r => r.CountsAsExternal).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
